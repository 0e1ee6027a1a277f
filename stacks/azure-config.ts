import { z } from "zod";
import { azureTagProblems } from "../components/azure/shared/tags";
import {
  isArm64Size,
  TRUSTED_LAUNCH_SIZE_RULE,
  trustedLaunchProblem,
} from "../components/azure/shared/vm-sizes";
import { HEALTH_CHECK_PATH } from "../components/web/templates";
import { PAIRED_LOCATION, zonesOf, ZONE_LOCATIONS } from "./azure-locations";
import { AZURE_ENVIRONMENT_PRESETS, AZURE_PROFILE_PRESETS } from "./azure-presets";
import { campaignProblems } from "./checks/campaigns";
import { problem } from "./checks/check";
import { ConfigError, ConfigProblem, renderValue } from "./config-error";
import { keyPath, suggestion, validKeysAt } from "./config-keys";
import type { ConfigSource } from "./load-config";
import { isSecretKey, redactProblems } from "./secrets";
import { azureStackConfigSchema, BASTION_SKUS, RawAzureStackConfig } from "./schema/azure";
import type { CampaignConfig } from "./schema/web";

/*
 * An Azure stack's configuration: validated by stacks/schema/azure.ts, filled from the Azure presets,
 * checked across keys, one problem per line in the same format as AWS stacks. Loads nothing of AWS's:
 * the AWS schema is consulted (lazily) only to explain an AWS-only key.
 */

/** The tags the kit sets itself on every resource, besides the stack file's. */
export const KIT_TAG_NAMES = ["client", "environment", "profile", "managed-by", "pulumi-stack"] as const;

export interface AzureStackConfig {
  readonly cloud: "azure";
  readonly stack: string;
  readonly client: string;
  readonly environment: string;
  readonly base: "dev" | "prod";
  readonly profile: "wordpress" | "magento";
  readonly location: string;
  /** Logical zones of the stack's zonal resources; empty: regional placement. */
  readonly zones: readonly string[];
  readonly subscriptionId: string;
  readonly tenantId?: string;
  readonly resourceGroup: string;
  /** The operators' SSH public keys for the servers (none: no server can be reached). */
  readonly sshPublicKeys: readonly string[];
  /** When the generated secrets expire (YYYY-MM-DD, 00:00 UTC); unset: they never do. */
  readonly secretsExpireOn?: string;
  readonly networkWatcher?: { readonly resourceGroupName: string; readonly name: string };
  /** Every tag of every resource: the stack file's and the kit's. */
  readonly tags: Readonly<Record<string, string>>;
  readonly protectData: boolean;
  readonly domain?: {
    readonly name: string;
    readonly aliases: readonly string[];
    readonly dnsZone?: { readonly resourceGroup: string; readonly name: string };
    readonly certificateSecretId?: string;
    /** The vault holding the certificate (the stack's subscription unless it names another). */
    readonly certificateVault?: {
      readonly subscriptionId?: string;
      readonly resourceGroup: string;
      readonly name: string;
    };
  };
  /** Present when Front Door is on. */
  readonly edge?: {
    readonly staticTtlSeconds: number;
    readonly rateLimit: number;
    readonly geoRestriction?: { readonly mode: "allow" | "deny"; readonly countries: readonly string[] };
  };
  /** Requests one client address may make in five minutes: Front Door's WAF, or the gateway's without it. */
  readonly waf: { readonly rateLimit: number };
  /** Application Gateway autoscaling bounds. */
  readonly gateway: { readonly minCapacity: number; readonly maxCapacity: number };
  readonly network: { readonly cidr: string; readonly flowLogRetentionDays: number };
  readonly web: {
    readonly instanceType: string;
    readonly rootVolumeGiB: number;
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredCapacity: number;
    readonly cpuTargetPercent: number;
    readonly healthCheckPath: string;
    readonly healthCheckGraceSeconds: number;
    readonly campaignLeadMinutes: number;
    readonly campaignTimeZone: string;
    readonly campaigns: readonly CampaignConfig[];
  };
  readonly database: (typeof AZURE_ENVIRONMENT_PRESETS)["prod"]["database"] & {
    /** The Entra ID administrator (a group) and the identity the server reads Entra ID with. */
    readonly entraAdmin?: { readonly login: string; readonly objectId: string; readonly identityId: string };
  };
  readonly cache: { readonly sku: string; readonly replicas: number };
  /** Present when the stack has search (always for Magento). */
  readonly search?: {
    readonly instanceType: string;
    readonly instanceCount: number;
    readonly volumeGiB: number;
  };
  readonly storage: { readonly shareGiB: number; readonly snapshotRetentionDays: number };
  /** Present when Azure Bastion is on. */
  readonly bastion?: { readonly sku: (typeof BASTION_SKUS)[number] };
  readonly alerts: { readonly emails: readonly string[]; readonly webhookUrl?: string };
  readonly budget?: { readonly monthlyAmount: number };
  readonly logs: { readonly retentionDays: number };
}

export type AzureValidationResult =
  | { readonly ok: true; readonly config: AzureStackConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Validates and resolves an Azure stack's configuration, or throws a ConfigError listing every problem. */
export function loadAzureStackConfig(source: ConfigSource): AzureStackConfig {
  const result = validateAzureStackConfig(source);
  if (!result.ok) throw new ConfigError(source.stack, result.problems);
  return result.config;
}

export function validateAzureStackConfig(source: ConfigSource): AzureValidationResult {
  const parsed = azureStackConfigSchema.safeParse(source.values, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, source));
    return { ok: false, problems: redactProblems(problems, source.secretKeys) };
  }
  const raw = parsed.data;
  const config = resolveAzure(source.stack, raw);
  const problems = [...rawAzureProblems(raw), ...azureCrossFieldProblems(config)];
  if (problems.length > 0) return { ok: false, problems: redactProblems(problems, source.secretKeys) };
  return { ok: true, config };
}

/**
 * Keys AWS stacks have and Azure stacks say differently: the key to write instead (or why there is none).
 * Shown when an Azure stack uses the AWS key.
 */
const AZURE_INSTEAD: Readonly<Record<string, string>> = {
  "domain.hostedZoneId": "domain.dnsZone (an Azure DNS zone: resourceGroup and name)",
  "domain.certificateArn": "domain.certificateSecretId (a Key Vault certificate for Application Gateway)",
  "edge.provider": "nothing: Azure stacks use Front Door",
  "edge.certificateArn": "nothing: Front Door manages the certificate of the shop's names",
  "edge.priceClass": "nothing: Front Door has no price classes",
  "edge.waf.botControl": "nothing: the Front Door WAF policy always runs Microsoft's bot manager rule set",
  "network.azCount": "azure.zones",
  "network.availabilityZones": "azure.zones",
  "network.natGateways": "nothing: the web and search subnets share one NAT gateway",
  "network.flowLogs.trafficType": "nothing: VNet flow logs record every flow",
  "web.amiId":
    "nothing: Azure web servers run the Ubuntu 24.04 image pinned in stacks/azure-presets.ts (AZURE_WEB_IMAGE)",
  "web.imageRelease":
    "nothing: Azure web servers run the Ubuntu 24.04 image pinned in stacks/azure-presets.ts (AZURE_WEB_IMAGE); no image pipeline builds releases yet",
  "web.spot": "nothing on Azure stacks",
  "web.tlsPolicy": "nothing: Application Gateway uses Microsoft's TLS 1.2+ predefined policy",
  "database.instanceClass": "database.sku (with database.tier)",
  "database.engineVersion": "database.version",
  "database.serverless": "database.tier Burstable",
  "database.readerAutoScaling": "database.readers",
  "cache.nodeType": "cache.sku",
  "cache.engine": "nothing: Azure Managed Redis",
  "bastion.sshCidrs":
    "nothing: Azure Bastion is reached through the Azure portal or the az CLI, never from a network",
  "bastion.instanceType": "bastion.sku",
  "budget.currency": "nothing: Azure budgets count in the subscription's billing currency",
  backups: "database.backupRetentionDays and storage.snapshotRetentionDays",
  delivery: "nothing on Azure stacks yet",
  region: "region with an Azure location such as westeurope",
};

function describeIssue(issue: z.core.$ZodIssue, source: ConfigSource): ConfigProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => {
      const key = keyPath([...issue.path, k]);
      if (awsKeyExists([...issue.path, k])) {
        const instead = AZURE_INSTEAD[key];
        return {
          key,
          got: "a key of AWS stacks (this stack says storefront:cloud: azure)",
          expected:
            instead ?? `the Azure keys here: ${validKeysAt(issue.path, azureStackConfigSchema).join(", ")}`,
        };
      }
      return {
        key,
        got: "an unknown key",
        expected: suggestion(k, validKeysAt(issue.path, azureStackConfigSchema)),
      };
    });
  }
  const secret = issue.path.length > 0 && isSecretKey(keyPath(issue.path), source.secretKeys);
  const missing = issue.input === undefined;
  const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return [
    {
      key: keyPath(issue.path),
      got: missing ? "nothing (the key is required)" : renderValue(issue.input, secret),
      expected: message,
    },
  ];
}

/** Whether an AWS stack accepts `path` (the AWS schema is loaded only here, to explain a refused key). */
function awsKeyExists(path: readonly PropertyKey[]): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stackConfigSchema } = require("./schema") as typeof import("./schema");
  return validKeysAt(path.slice(0, -1), stackConfigSchema).includes(String(path[path.length - 1]));
}

export function resolveAzure(stack: string, raw: RawAzureStackConfig): AzureStackConfig {
  // As on AWS (stacks/resolve.ts baseOf): dev and prod are their own base, others name one.
  const named = raw.environment === "dev" || raw.environment === "prod" ? raw.environment : undefined;
  const base = named ?? raw.base ?? "dev";
  const env = AZURE_ENVIRONMENT_PRESETS[base];
  const profile = AZURE_PROFILE_PRESETS[raw.profile];
  const location = raw.region;
  const zones = raw.azure.zones ?? zonesOf(location).slice(0, env.zoneCount);
  const webType =
    raw.web?.instanceType ??
    (base === "prod" ? profile.prodWebInstanceType : undefined) ??
    env.web.instanceType;
  const searchEnabled = raw.search?.enabled ?? profile.search;
  const edgeEnabled = raw.edge?.enabled ?? true;
  const bastionEnabled = raw.bastion?.enabled ?? false;
  return {
    cloud: "azure",
    stack,
    client: raw.client,
    environment: raw.environment,
    base,
    profile: raw.profile,
    location,
    zones,
    subscriptionId: raw.azure.subscriptionId,
    ...(raw.azure.tenantId ? { tenantId: raw.azure.tenantId } : {}),
    resourceGroup: raw.azure.resourceGroup ?? `${raw.client}-${raw.environment}-rg`,
    sshPublicKeys: raw.azure.sshPublicKeys ?? [],
    ...(raw.azure.secretsExpireOn ? { secretsExpireOn: raw.azure.secretsExpireOn } : {}),
    ...(raw.azure.networkWatcher
      ? {
          networkWatcher: {
            resourceGroupName: raw.azure.networkWatcher.resourceGroup,
            name: raw.azure.networkWatcher.name,
          },
        }
      : {}),
    tags: {
      ...(raw.tags ?? {}),
      client: raw.client,
      environment: raw.environment,
      profile: raw.profile,
      "managed-by": "pulumi",
      "pulumi-stack": stack,
    },
    protectData: env.protectData,
    ...(raw.domain
      ? {
          domain: {
            name: raw.domain.name,
            aliases: raw.domain.aliases ?? [],
            ...(raw.domain.dnsZone ? { dnsZone: raw.domain.dnsZone } : {}),
            ...(raw.domain.certificateSecretId
              ? { certificateSecretId: raw.domain.certificateSecretId }
              : {}),
            ...(raw.domain.certificateVault ? { certificateVault: raw.domain.certificateVault } : {}),
          },
        }
      : {}),
    ...(edgeEnabled
      ? {
          edge: {
            staticTtlSeconds: raw.edge?.staticTtlSeconds ?? env.edge.staticTtlSeconds,
            rateLimit: raw.edge?.waf?.rateLimit ?? env.edge.rateLimit,
            ...(raw.edge?.geoRestriction ? { geoRestriction: raw.edge.geoRestriction } : {}),
          },
        }
      : {}),
    waf: { rateLimit: raw.edge?.waf?.rateLimit ?? env.edge.rateLimit },
    gateway: env.gateway,
    network: {
      cidr: raw.network?.cidr ?? env.network.cidr,
      flowLogRetentionDays: raw.network?.flowLogs?.retentionDays ?? env.network.flowLogRetentionDays,
    },
    web: {
      ...env.web,
      healthCheckPath: HEALTH_CHECK_PATH,
      campaigns: [],
      ...stripUndefined(raw.web ?? {}),
      instanceType: webType,
    },
    database: { ...env.database, ...stripUndefined(raw.database ?? {}) },
    cache: { ...env.cache, ...stripUndefined(raw.cache ?? {}) },
    ...(searchEnabled
      ? {
          search: {
            instanceType: raw.search?.instanceType ?? env.search.instanceType,
            instanceCount: raw.search?.instanceCount ?? env.search.instanceCount,
            volumeGiB: raw.search?.volumeGiB ?? env.search.volumeGiB,
          },
        }
      : {}),
    storage: { ...env.storage, ...stripUndefined(raw.storage ?? {}) },
    ...(bastionEnabled ? { bastion: { sku: raw.bastion?.sku ?? env.bastion.sku } } : {}),
    alerts: {
      emails: raw.alerts?.emails ?? [],
      ...(raw.alerts?.webhookUrl ? { webhookUrl: raw.alerts.webhookUrl } : {}),
    },
    ...(raw.budget ? { budget: { monthlyAmount: raw.budget.monthlyAmount } } : {}),
    logs: { retentionDays: raw.logs?.retentionDays ?? env.logs.retentionDays },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Checks on what the stack file says, before presets fill it (tags need the file's own). */
function rawAzureProblems(raw: RawAzureStackConfig): ConfigProblem[] {
  const named = raw.environment === "dev" || raw.environment === "prod" ? raw.environment : undefined;
  const base: ConfigProblem[] =
    named && raw.base && raw.base !== named
      ? [problem("base", raw.base, `"${named}" or nothing: environment "${named}" is its own base`)]
      : !named && !raw.base
        ? [
            {
              key: "base",
              got: "nothing",
              expected: `"dev" or "prod": environment "${raw.environment}" must name the preset it builds on`,
            },
          ]
        : [];
  return [...base, ...edgeProblems(raw), ...tagProblems(raw)];
}

/** Front Door switched off: what only Front Door does cannot be asked for. */
function edgeProblems(raw: RawAzureStackConfig): ConfigProblem[] {
  if (raw.edge?.enabled !== false) return [];
  return raw.edge.geoRestriction
    ? [
        problem(
          "edge.geoRestriction",
          raw.edge.geoRestriction,
          "nothing while edge.enabled is false: Front Door's WAF applies it, and the stack has no Front Door",
        ),
      ]
    : [];
}

function tagProblems(raw: RawAzureStackConfig): ConfigProblem[] {
  return azureTagProblems(raw.tags ?? {}, KIT_TAG_NAMES).map((p) =>
    problem(
      p.tag ? `tags.${p.tag}` : "tags",
      p.tag ? raw.tags?.[p.tag] : raw.tags,
      `${p.problem}: Azure refuses it`,
    ),
  );
}

/** SKU families of MySQL Flexible Server's tiers: B for Burstable, D for General Purpose, E for Memory Optimized. */
const MYSQL_FAMILY = { Burstable: "B", GeneralPurpose: "D", MemoryOptimized: "E" } as const;

export function azureCrossFieldProblems(c: AzureStackConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const locationZones = zonesOf(c.location);
  if (c.base === "prod" && locationZones.length === 0) {
    problems.push(
      problem(
        "region",
        c.location,
        `a location with availability zones in a prod environment (a zone's loss must not stop the shop), such as ${ZONE_LOCATIONS.slice(9, 13).join(", ")}`,
      ),
    );
  }
  const foreign = c.zones.filter((z) => !locationZones.includes(z));
  if (foreign.length > 0) {
    problems.push(
      problem(
        "azure.zones",
        c.zones,
        locationZones.length === 0
          ? `none: ${c.location} has no availability zones`
          : `zones of ${c.location}: 1, 2, 3`,
      ),
    );
  } else if (c.base === "prod" && locationZones.length > 0 && c.zones.length < 2) {
    problems.push(problem("azure.zones", c.zones, "2 or 3 zones in a prod environment"));
  }

  const { web } = c;
  if (web.minSize > web.maxSize) {
    problems.push(problem("web.minSize", web.minSize, `at most web.maxSize (${web.maxSize})`));
  } else if (web.desiredCapacity < web.minSize || web.desiredCapacity > web.maxSize) {
    problems.push(
      problem(
        "web.desiredCapacity",
        web.desiredCapacity,
        `from web.minSize (${web.minSize}) to web.maxSize (${web.maxSize})`,
      ),
    );
  }
  if (c.base === "prod" && web.minSize < 2) {
    problems.push(
      problem("web.minSize", web.minSize, "2 or more in a prod environment (servers in two zones at least)"),
    );
  }
  problems.push(...campaignProblems(web));

  const db = c.database;
  if (!db.sku.startsWith(`Standard_${MYSQL_FAMILY[db.tier]}`)) {
    problems.push(
      problem(
        "database.sku",
        db.sku,
        `a ${db.tier} size (Standard_${MYSQL_FAMILY[db.tier]}...) like database.tier says`,
      ),
    );
  }
  // "High availability isn't supported in the burstable tier" and "Read replicas ... aren't supported in
  // the Burstable tier" (MySQL Flexible Server: High availability concepts; Read replicas).
  if (db.tier === "Burstable" && db.highAvailability !== "Disabled") {
    problems.push(
      problem("database.highAvailability", db.highAvailability, "Disabled with database.tier Burstable"),
    );
  }
  if (db.tier === "Burstable" && db.readers > 0) {
    problems.push(
      problem("database.readers", db.readers, "0 with database.tier Burstable (no read replicas)"),
    );
  }
  if (db.highAvailability === "ZoneRedundant" && locationZones.length === 0) {
    problems.push(
      problem(
        "database.highAvailability",
        db.highAvailability,
        `SameZone or Disabled: ${c.location} has no zones`,
      ),
    );
  }
  if (db.geoRedundantBackup && PAIRED_LOCATION[c.location] === undefined) {
    problems.push(
      problem(
        "database.geoRedundantBackup",
        true,
        `false: ${c.location} has no Azure region pair to hold geo-redundant backups ("Cross-region replication in Azure")`,
      ),
    );
  }
  if (c.base === "prod" && db.entraAdmin === undefined) {
    problems.push(
      problem(
        "database.entraAdmin",
        undefined,
        "login, objectId and identityId of the Entra group that administers the database, in a prod environment (people sign in with Entra ID, not the shared admin password)",
      ),
    );
  }
  if (c.base === "prod" && db.highAvailability === "Disabled") {
    problems.push(
      problem(
        "database.highAvailability",
        db.highAvailability,
        "ZoneRedundant or SameZone in a prod environment",
      ),
    );
  }
  if (c.base === "prod" && c.cache.replicas < 1) {
    problems.push(problem("cache.replicas", c.cache.replicas, "1 in a prod environment (high availability)"));
  }
  if (c.search && c.base === "prod" && c.search.instanceCount < 3) {
    problems.push(
      problem(
        "search.instanceCount",
        c.search.instanceCount,
        "3 or more in a prod environment (a quorum survives a node's loss)",
      ),
    );
  }
  // The "p" feature letter of an Azure size is an Arm64 processor ("Azure virtual machine sizes naming
  // conventions"); OpenSearch's pinned release is the linux-x64 build.
  if (c.search && isArm64Size(c.search.instanceType)) {
    problems.push(
      problem(
        "search.instanceType",
        c.search.instanceType,
        "an x64 VM size such as Standard_E2s_v5 (OpenSearch runs its linux-x64 build)",
      ),
    );
  }
  // Every scale set the kit builds sets Trusted Launch: Azure refuses a size whose family does not support
  // it ("Trusted Launch for Azure virtual machines", Virtual machines sizes; components/azure/shared/vm-sizes.ts).
  const sizes: [string, string][] = [
    ["web.instanceType", c.web.instanceType],
    // An Arm64 search size is refused above already (x64 only).
    ...(c.search && !isArm64Size(c.search.instanceType)
      ? [["search.instanceType", c.search.instanceType] as [string, string]]
      : []),
  ];
  for (const [key, size] of sizes) {
    const why = trustedLaunchProblem(size);
    if (why) problems.push(problem(key, size, `${TRUSTED_LAUNCH_SIZE_RULE} (${why})`));
  }
  if (c.sshPublicKeys.length === 0) {
    problems.push(
      problem(
        "azure.sshPublicKeys",
        undefined,
        "the operators' SSH public keys: the web servers take no password",
      ),
    );
  }
  if (c.profile === "magento" && !c.search) {
    problems.push(problem("search.enabled", false, "true for Magento (it needs a search engine)"));
  }
  if (c.domain && !c.domain.certificateSecretId) {
    problems.push(
      problem(
        "domain.certificateSecretId",
        undefined,
        "the Key Vault certificate Application Gateway serves for the shop's names",
      ),
    );
  }
  if (c.base === "prod" && !c.domain) {
    problems.push(
      problem(
        "domain",
        undefined,
        "a domain in a prod environment: shoppers and Front Door reach the shop over HTTPS on its own names (only a dev stack may serve Front Door's azurefd.net name with plain HTTP behind it)",
      ),
    );
  }
  if (c.base === "prod" && !c.edge) {
    problems.push(
      problem(
        "edge.enabled",
        false,
        "true in a prod environment: Front Door and its WAF stand between shoppers and the gateway",
      ),
    );
  }
  problems.push(...domainProblems(c));
  if (c.budget && c.alerts.emails.length === 0) {
    problems.push(problem("alerts.emails", [], "at least one address: the budget notifies the alert emails"));
  }
  return problems;
}

/** The host name of a Key Vault secret id: `https://<vault>.vault.azure.net/secrets/...`. */
function vaultOf(secretId: string): string {
  return new URL(secretId).hostname.split(".")[0];
}

/** Whether `host` is `zone` or a name under it (DNS names compare without case). */
function inZone(host: string, zone: string): boolean {
  const h = host.toLowerCase();
  const z = zone.toLowerCase().replace(/\.$/, "");
  return h === z || h.endsWith(`.${z}`);
}

/** The certificate's vault and the DNS zone against the shop's names. */
function domainProblems(c: AzureStackConfig): ConfigProblem[] {
  const domain = c.domain;
  if (!domain) return [];
  const problems: ConfigProblem[] = [];
  const secretId = domain.certificateSecretId;
  if (secretId && !domain.certificateVault) {
    problems.push(
      problem(
        "domain.certificateVault",
        undefined,
        `the resourceGroup and name of the Key Vault holding domain.certificateSecretId (${vaultOf(secretId)}): the gateway's identity is granted Key Vault Secrets User on the certificate there`,
      ),
    );
  }
  if (
    secretId &&
    domain.certificateVault &&
    domain.certificateVault.name.toLowerCase() !== vaultOf(secretId)
  ) {
    problems.push(
      problem(
        "domain.certificateVault.name",
        domain.certificateVault.name,
        `${vaultOf(secretId)}, the vault of domain.certificateSecretId`,
      ),
    );
  }
  if (domain.certificateVault && !secretId) {
    problems.push(
      problem(
        "domain.certificateVault",
        domain.certificateVault,
        "nothing without domain.certificateSecretId (it says where that certificate lives)",
      ),
    );
  }
  const zone = domain.dnsZone?.name;
  if (zone) {
    if (!inZone(domain.name, zone)) {
      problems.push(
        problem(
          "domain.name",
          domain.name,
          `a name in the DNS zone ${zone} (domain.dnsZone.name), where the kit writes its records`,
        ),
      );
    }
    const outside = domain.aliases.filter((a) => !inZone(a, zone));
    if (outside.length > 0) {
      problems.push(
        problem(
          "domain.aliases",
          outside,
          `names in the DNS zone ${zone} (domain.dnsZone.name), where the kit writes their records`,
        ),
      );
    }
  }
  const names = [domain.name, ...domain.aliases].map((n) => n.toLowerCase());
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) {
    problems.push(
      problem(
        "domain.aliases",
        domain.aliases,
        `each name once, apart from domain.name (${[...new Set(twice)].join(", ")} repeats)`,
      ),
    );
  }
  return problems;
}

/** Days before the secrets' expiry from which each plan warns. */
export const SECRETS_EXPIRY_WARNING_DAYS = 30;

/**
 * What the clock says about the stack file: secrets that would be expired when the servers read them.
 * Key Vault refuses to return an expired secret ("Operation get is not allowed on a expired secret",
 * code SecretExpired; Azure/AzureKeyVault#19), so a server booting after the date could not read its
 * database password: the date must lie ahead of `now`. Within SECRETS_EXPIRY_WARNING_DAYS a note says so.
 */
export function azureClockChecks(
  c: AzureStackConfig,
  now: Date,
): { problems: ConfigProblem[]; notes: string[] } {
  if (c.secretsExpireOn === undefined) return { problems: [], notes: [] };
  const expires = Date.parse(`${c.secretsExpireOn}T00:00:00Z`);
  const today = now.toISOString().slice(0, 10);
  if (expires <= now.getTime()) {
    return {
      problems: [
        problem(
          "azure.secretsExpireOn",
          c.secretsExpireOn,
          `a date after ${today}: Key Vault refuses to return an expired secret, so servers could not read theirs`,
        ),
      ],
      notes: [],
    };
  }
  const days = Math.floor((expires - now.getTime()) / 86_400_000);
  return {
    problems: [],
    notes:
      days < SECRETS_EXPIRY_WARNING_DAYS
        ? [
            `the stack's secrets expire on ${c.secretsExpireOn} (in ${days} days): rotate them and move azure.secretsExpireOn forward (README, secret expiry)`,
          ]
        : [],
  };
}
