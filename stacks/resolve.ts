import type { ConfigProblem } from "./config-error";
import { renderValue } from "./config-error";
import { DatabasePreset, EdgePreset, ENVIRONMENT_PRESETS, PROFILE_PRESETS, SearchPreset } from "./presets";
import { ENVIRONMENT_BASES, EnvironmentBase, RawStackConfig } from "./schema";
import type { StackConfig } from "./stack-config";

export type Resolution = { readonly config: StackConfig } | { readonly problems: ConfigProblem[] };

/**
 * Fills the presets of the stack's environment base and profile into what the stack file says. Returns
 * the problems that make resolution impossible (an environment without a base, contradictions between
 * keys that choose presets) instead of guessing.
 */
export function resolve(
  stack: string,
  raw: RawStackConfig,
  providerKeys: ReadonlyMap<string, { readonly secret: boolean }> = new Map(),
): Resolution {
  const named = (ENVIRONMENT_BASES as readonly string[]).includes(raw.environment)
    ? (raw.environment as EnvironmentBase)
    : undefined;
  if (named && raw.base && raw.base !== named) {
    return problem(
      "base",
      renderValue(raw.base),
      `"${named}" or nothing: environment "${named}" is its own base`,
    );
  }
  const base = raw.base ?? named;
  if (!base) {
    return problem(
      "base",
      "nothing",
      `"dev" or "prod": environment "${raw.environment}" must name the preset it builds on`,
    );
  }

  const preset = ENVIRONMENT_PRESETS[base];
  const net = raw.network ?? {};
  const zones = net.availabilityZones;
  if (zones && net.azCount !== undefined && zones.length !== net.azCount) {
    return problem(
      "network.availabilityZones",
      `${zones.length} zone(s)`,
      `${net.azCount} zones, as network.azCount says (or leave azCount out)`,
    );
  }
  const bastion = raw.bastion ?? {};
  if (bastion.enabled === false && (bastion.sshCidrs?.length ?? 0) > 0) {
    return problem(
      "bastion.sshCidrs",
      renderValue(bastion.sshCidrs),
      "no SSH sources while bastion.enabled is false (enable the bastion or drop sshCidrs)",
    );
  }

  const edgeEnabled = raw.edge?.enabled ?? raw.domain !== undefined;
  if (edgeEnabled && !raw.domain) {
    return problem(
      "edge.enabled",
      "true",
      "false, or a domain.name: the CDN serves the shop's own host names over HTTPS",
    );
  }

  const { spot, campaigns, ...web } = raw.web ?? {};
  const webConfig = { ...preset.web, healthCheckPath: PROFILE_PRESETS[raw.profile].healthCheckPath, ...web };
  return {
    config: {
      stack,
      client: raw.client,
      environment: raw.environment,
      base,
      profile: raw.profile,
      region: raw.region,
      tags: raw.tags ?? {},
      protectData: preset.protectData,
      ...(raw.domain ? { domain: raw.domain } : {}),
      waf: {
        rateLimit: raw.edge?.waf?.rateLimit ?? preset.edge.rateLimit,
        botControl: raw.edge?.waf?.botControl ?? false,
      },
      ...(edgeEnabled && raw.domain
        ? { edge: resolveEdge(preset.edge, raw.domain.name, raw.edge ?? {}, providerKeys) }
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
                onDemandBaseCapacity: spot.onDemandBaseCapacity ?? 0,
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
      ...(raw.budget ? { budget: { currency: "USD", ...raw.budget } } : {}),
      logs: { ...preset.logs, ...raw.logs },
      backups: { ...preset.backups, ...raw.backups },
      database: resolveDatabase(preset.database, raw.database ?? {}),
      cache: { ...preset.cache, ...raw.cache },
      ...resolveSearch(preset.search, PROFILE_PRESETS[raw.profile].search, raw.search ?? {}),
      ...((bastion.enabled ?? (bastion.sshCidrs?.length ?? 0) > 0)
        ? {
            bastion: {
              sshCidrs: bastion.sshCidrs ?? [],
              instanceType: bastion.instanceType ?? preset.bastion.instanceType,
              ...(bastion.keyName ? { keyName: bastion.keyName } : {}),
            },
          }
        : {}),
    },
  };
}

function resolveEdge(
  preset: EdgePreset,
  domainName: string,
  raw: NonNullable<RawStackConfig["edge"]>,
  providerKeys: ReadonlyMap<string, { readonly secret: boolean }>,
): NonNullable<StackConfig["edge"]> {
  const { enabled: _enabled, provider = "cloudfront", waf: _waf, fastly, ...rest } = raw;
  const apiKey = providerKeys.get("fastly:apiKey");
  return {
    provider,
    originHostname: `origin.${domainName}`,
    priceClass: preset.priceClass,
    staticTtlSeconds: preset.staticTtlSeconds,
    ...rest,
    ...(provider === "fastly"
      ? { fastly: { ...fastly, apiKey: apiKey ? (apiKey.secret ? "secret" : "plain") : "missing" } }
      : {}),
  };
}

function resolveDatabase(
  preset: DatabasePreset,
  raw: NonNullable<RawStackConfig["database"]>,
): StackConfig["database"] {
  const { serverless, readerAutoScaling, ...rest } = raw;
  const { serverless: presetServerless, ...base } = preset;
  // Naming an instance class asks for provisioned instances, unless serverless is named too.
  const capacity = serverless ?? (raw.instanceClass ? undefined : presetServerless);
  return {
    ...base,
    ...rest,
    ...(capacity ? { serverless: capacity } : {}),
    ...(readerAutoScaling ? { readerAutoScaling: { cpuTargetPercent: 70, ...readerAutoScaling } } : {}),
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

function problem(key: string, got: string, expected: string): Resolution {
  return { problems: [{ key, got, expected }] };
}
