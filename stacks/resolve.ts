import { DatabasePreset, EdgePreset, ENVIRONMENT_PRESETS, PROFILE_PRESETS, SearchPreset } from "./presets";
import { ENVIRONMENT_BASES, EnvironmentBase, RawStackConfig } from "./schema";
import type { StackConfig } from "./stack-config";
import { defaultShieldPop } from "./regions";

/** Whether provider keys of other namespaces are set, and as secrets (never their values). */
export type ProviderKeys = ReadonlyMap<string, { readonly secret: boolean }>;

/**
 * The preset a stack builds on: its environment when that is `dev` or `prod`, else the `base` it names.
 * Contradictions and a missing base are problems reported by `checks/identity.ts`; resolution goes on
 * with the best guess (the named environment, else dev) so that every other problem is reported too.
 */
export function baseOf(raw: Pick<RawStackConfig, "environment" | "base">): EnvironmentBase {
  const named = (ENVIRONMENT_BASES as readonly string[]).includes(raw.environment)
    ? (raw.environment as EnvironmentBase)
    : undefined;
  return named ?? raw.base ?? "dev";
}

/** Whether the stack file asks for a CDN: `edge.enabled`, else whenever it has a domain. */
export function edgeRequested(raw: Pick<RawStackConfig, "edge" | "domain">): boolean {
  return raw.edge?.enabled ?? raw.domain !== undefined;
}

/** Whether the stack file asks for a bastion: `bastion.enabled`, else whenever it lists SSH sources. */
export function bastionRequested(raw: Pick<RawStackConfig, "bastion">): boolean {
  return raw.bastion?.enabled ?? (raw.bastion?.sshCidrs?.length ?? 0) > 0;
}

/**
 * Fills the presets of the stack's environment base and profile into what the stack file says. Every
 * default comes from presets.ts (or from a component's own defaults); this function only chooses and
 * merges. It never fails: checks spanning keys, on the raw file and on the result, say what is wrong.
 */
export function resolve(
  stack: string,
  raw: RawStackConfig,
  providerKeys: ProviderKeys = new Map(),
): StackConfig {
  const base = baseOf(raw);
  const preset = ENVIRONMENT_PRESETS[base];
  const net = raw.network ?? {};
  const zones = net.availabilityZones;
  const bastion = raw.bastion ?? {};

  const { spot, campaigns, ...web } = raw.web ?? {};
  const { spotOnDemandBaseCapacity, ...presetWeb } = preset.web;
  const webConfig = { ...presetWeb, healthCheckPath: PROFILE_PRESETS[raw.profile].healthCheckPath, ...web };
  return {
    stack,
    client: raw.client,
    environment: raw.environment,
    base,
    profile: raw.profile,
    region: raw.region,
    tags: raw.tags ?? {},
    protectData: preset.protectData,
    ...(raw.domain ? { domain: raw.domain } : {}),
    ...(raw.delivery ? { delivery: raw.delivery } : {}),
    waf: {
      rateLimit: raw.edge?.waf?.rateLimit ?? preset.edge.rateLimit,
      botControl: raw.edge?.waf?.botControl ?? preset.edge.botControl,
    },
    ...(edgeRequested(raw) && raw.domain
      ? { edge: resolveEdge(preset.edge, raw.domain.name, raw.edge ?? {}, providerKeys, raw.region) }
      : {}),
    network: {
      cidr: net.cidr ?? preset.network.cidr,
      azCount: net.azCount ?? zones?.length ?? preset.network.azCount,
      ...(zones ? { availabilityZones: zones } : {}),
      natGateways: net.natGateways ?? preset.network.natGateways,
      flowLogs: { ...preset.network.flowLogs, ...net.flowLogs },
    },
    web: {
      ...webConfig,
      ...(spot?.enabled
        ? {
            spot: {
              instanceTypes: spot.instanceTypes ?? [webConfig.instanceType],
              onDemandBaseCapacity: spot.onDemandBaseCapacity ?? spotOnDemandBaseCapacity,
            },
          }
        : {}),
      campaigns: campaigns ?? [],
    },
    storage: { ...preset.storage, ...raw.storage },
    alerts: {
      emails: raw.alerts?.emails ?? [],
      ...(raw.alerts?.webhookUrl ? { webhookUrl: raw.alerts.webhookUrl } : {}),
    },
    ...(raw.budget ? { budget: { ...preset.budget, ...raw.budget } } : {}),
    logs: { ...preset.logs, ...raw.logs },
    backups: { ...preset.backups, ...raw.backups },
    database: resolveDatabase(preset.database, raw.database ?? {}),
    cache: { ...preset.cache, ...raw.cache },
    ...resolveSearch(preset.search, PROFILE_PRESETS[raw.profile].search, raw.search ?? {}),
    ...(bastionRequested(raw)
      ? {
          bastion: {
            sshCidrs: bastion.sshCidrs ?? [],
            instanceType: bastion.instanceType ?? preset.bastion.instanceType,
            ...(bastion.keyName ? { keyName: bastion.keyName } : {}),
          },
        }
      : {}),
  };
}

function resolveEdge(
  preset: EdgePreset,
  domainName: string,
  raw: NonNullable<RawStackConfig["edge"]>,
  providerKeys: ProviderKeys,
  region: string | undefined,
): NonNullable<StackConfig["edge"]> {
  const { enabled: _enabled, provider = preset.provider, waf: _waf, fastly, ...rest } = raw;
  const apiKey = providerKeys.get("fastly:apiKey");
  return {
    provider,
    originHostname: `${preset.originHostPrefix}.${domainName}`,
    priceClass: preset.priceClass,
    staticTtlSeconds: preset.staticTtlSeconds,
    ...rest,
    ...(provider === "fastly"
      ? {
          fastly: {
            ...fastly,
            // The shield nearest the region when the stack names none (stacks/regions.ts).
            shieldPop: fastly?.shieldPop ?? (region ? defaultShieldPop(region) : undefined),
            apiKey: apiKey ? (apiKey.secret ? "secret" : "plain") : "missing",
          },
        }
      : {}),
  };
}

function resolveDatabase(
  preset: DatabasePreset,
  raw: NonNullable<RawStackConfig["database"]>,
): StackConfig["database"] {
  const { serverless, readerAutoScaling, ...rest } = raw;
  const { serverless: presetServerless, readerCpuTargetPercent, ...base } = preset;
  // Naming an instance class asks for provisioned instances, unless serverless is named too.
  const capacity = serverless ?? (raw.instanceClass ? undefined : presetServerless);
  return {
    ...base,
    ...rest,
    ...(capacity ? { serverless: capacity } : {}),
    ...(readerAutoScaling
      ? { readerAutoScaling: { cpuTargetPercent: readerCpuTargetPercent, ...readerAutoScaling } }
      : {}),
  };
}

function resolveSearch(
  preset: SearchPreset,
  profileNeedsSearch: boolean,
  raw: NonNullable<RawStackConfig["search"]>,
): Pick<StackConfig, "search"> {
  const { enabled = profileNeedsSearch, dedicatedMasters, ...rest } = raw;
  if (!enabled) return {};
  const { dedicatedMasterType, ...base } = preset;
  return {
    search: {
      ...base,
      ...rest,
      ...(dedicatedMasters?.enabled
        ? { dedicatedMasterType: dedicatedMasters.instanceType ?? dedicatedMasterType }
        : {}),
    },
  };
}
