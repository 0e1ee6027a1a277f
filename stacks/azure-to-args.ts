import type { AzureStorefrontArgs } from "../components/azure/storefront/storefront-args";
import { SECURITY_HEADERS } from "../components/edge/edge";
import type { AzureStackConfig } from "./azure-config";
import { PAIRED_LOCATION, zonesOf } from "./azure-locations";
import { isArm64Size } from "../components/azure/shared/vm-sizes";
import { AZURE_ADMIN_USERNAME, AZURE_WEB_IMAGE } from "./azure-presets";
import { campaignProfiles } from "./campaigns";
import { ENVIRONMENT_PRESETS, PROFILE_PRESETS } from "./presets";

/*
 * A resolved Azure stack configuration to the Azure composition root's args: plain values, no config
 * reading below this point. Each tier's section is mapped here once its component is wired into the root.
 */

export function azureStorefrontName(c: AzureStackConfig): string {
  return `${c.client}-${c.environment}`;
}

/** Unique to the stack across Azure: names that become public host names end in a hash of it. */
export function azureStackKey(c: AzureStackConfig): string {
  return `${c.subscriptionId}/${c.resourceGroup}/${c.stack}`;
}

/** The first day of `now`'s month (UTC), where a budget starts. */
function monthStart(now: Date): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

/** The Key Vault's resource id from the stack file's domain.certificateVault. */
function certificateVaultId(c: AzureStackConfig): string | undefined {
  const vault = c.domain?.certificateVault;
  if (!vault) return undefined;
  return `/subscriptions/${vault.subscriptionId ?? c.subscriptionId}/resourceGroups/${vault.resourceGroup}/providers/Microsoft.KeyVault/vaults/${vault.name}`;
}

/**
 * Scale in below this CPU: 30 points under the scale-out threshold (70 -> 40), never under half of it, so
 * one server fewer does not push the rest back over the threshold and the fleet does not flap.
 */
export function scaleInPercent(outPercent: number): number {
  return Math.max(Math.ceil(outPercent / 2), outPercent - 30);
}

/**
 * The Storefront args and what was left out and why (campaign windows already over), for the operator.
 * `now` decides which campaign windows still lie ahead.
 */
export function azureStorefrontArgs(
  c: AzureStackConfig,
  now: Date,
): { args: AzureStorefrontArgs; notes: string[] } {
  const { web } = c;
  const profile = PROFILE_PRESETS[c.profile];
  const campaigns = campaignProfiles(web.campaigns, web.campaignLeadMinutes, web.campaignTimeZone, now);
  const notes = [...campaigns.notes];
  const hostnames = c.domain ? [c.domain.name, ...c.domain.aliases] : [];
  const vaultId = certificateVaultId(c);
  if (!c.domain) {
    notes.push(
      c.edge
        ? "no domain configured: Front Door serves its azurefd.net name over HTTPS and reaches the gateway over plain HTTP (dev only)"
        : "no domain configured: the gateway serves plain HTTP on its own address (dev only)",
    );
  }
  const args: AzureStorefrontArgs = {
    client: c.client,
    environment: c.environment,
    profile: c.profile,
    location: c.location,
    resourceGroupName: c.resourceGroup,
    tags: c.tags,
    stackKey: azureStackKey(c),
    network: {
      addressSpace: c.network.cidr,
      flowLogRetentionDays: c.network.flowLogRetentionDays,
      ...(c.networkWatcher ? { networkWatcher: c.networkWatcher } : {}),
    },
    // Alerts at the environment's thresholds, the same values the AWS alarms use.
    operations: {
      logRetentionDays: c.logs.retentionDays,
      thresholds: ENVIRONMENT_PRESETS[c.base].alarms,
      emails: c.alerts.emails,
      ...(c.alerts.webhookUrl ? { webhookUrl: c.alerts.webhookUrl } : {}),
      ...(c.budget ? { budget: { monthlyAmount: c.budget.monthlyAmount, startDate: monthStart(now) } } : {}),
    },
    ...(c.search
      ? {
          search: {
            nodeCount: c.search.instanceCount,
            vmSize: c.search.instanceType,
            ...(c.zones.length > 0 ? { zones: c.zones } : {}),
            dataDiskGiB: c.search.volumeGiB,
            sshPublicKeys: c.sshPublicKeys,
          },
        }
      : {}),
    // Every secret the stack generates lives in its vault, so the vault is always there.
    // Generated secrets expire at 00:00 UTC of the stack file's date (Key Vault's exp is in seconds).
    secrets: {
      protect: c.protectData,
      ...(c.secretsExpireOn ? { secretExpires: Date.parse(`${c.secretsExpireOn}T00:00:00Z`) / 1000 } : {}),
    },
    database: {
      tier: c.database.tier,
      skuName: c.database.sku,
      version: c.database.version,
      storageGiB: c.database.storageGiB,
      regionZones: zonesOf(c.location),
      // The writer's zone: the stack's first, or in dev (regional placement) the location's first.
      ...((c.zones[0] ?? zonesOf(c.location)[0]) ? { zone: c.zones[0] ?? zonesOf(c.location)[0] } : {}),
      highAvailability: c.database.highAvailability,
      readers: c.database.readers,
      backupRetentionDays: c.database.backupRetentionDays,
      geoRedundantBackup: c.database.geoRedundantBackup,
      ...(PAIRED_LOCATION[c.location] ? { pairedRegion: PAIRED_LOCATION[c.location] } : {}),
      ...(c.database.entraAdmin
        ? {
            entraAdministrator: {
              login: c.database.entraAdmin.login,
              objectId: c.database.entraAdmin.objectId,
              identityId: c.database.entraAdmin.identityId,
            },
          }
        : {}),
      protect: c.protectData,
    },
    // Managed Redis keeps one replica when high availability is on: the shared key cache.replicas says so.
    cache: { skuName: c.cache.sku, highAvailability: c.cache.replicas > 0 },
    media: {
      quotaGiB: c.storage.shareGiB,
      snapshotRetentionDays: c.storage.snapshotRetentionDays,
      protect: c.protectData,
    },
    web: {
      servers: {
        vmSize: web.instanceType,
        image: {
          publisher: AZURE_WEB_IMAGE.publisher,
          offer: AZURE_WEB_IMAGE.offer,
          sku: isArm64Size(web.instanceType) ? AZURE_WEB_IMAGE.arm64Sku : AZURE_WEB_IMAGE.x64Sku,
          version: AZURE_WEB_IMAGE.version,
        },
        adminUsername: AZURE_ADMIN_USERNAME,
        sshPublicKeys: c.sshPublicKeys,
        osDiskGiB: web.rootVolumeGiB,
      },
      // The stack's zones (prod: all three); none in dev: regional placement.
      zones: c.zones,
      capacity: { minSize: web.minSize, maxSize: web.maxSize, desiredCapacity: web.desiredCapacity },
      scaling: { outPercent: web.cpuTargetPercent, inPercent: scaleInPercent(web.cpuTargetPercent) },
      campaigns: campaigns.profiles,
      gateway: { minCapacity: c.gateway.minCapacity, maxCapacity: c.gateway.maxCapacity },
      rateLimit: c.waf.rateLimit,
      ...(c.domain?.certificateSecretId ? { certificateSecretId: c.domain.certificateSecretId } : {}),
      ...(vaultId ? { certificateVaultId: vaultId } : {}),
      healthCheckPath: web.healthCheckPath,
      webRoot: profile.webRoot,
      staticMaxAgeSeconds: c.edge?.staticTtlSeconds ?? AZURE_STATIC_MAX_AGE_SECONDS,
      mediaDirectories: profile.mediaMounts.map((m) => ({ path: m.path, directory: m.key })),
      ...(c.domain ? { siteUrl: `https://${c.domain.name}` } : {}),
    },
    ...(c.edge
      ? {
          edge: {
            hostnames,
            paths: profile.edgePaths,
            staticTtlSeconds: c.edge.staticTtlSeconds,
            securityHeaders: SECURITY_HEADERS,
            waf: { rateLimit: c.edge.rateLimit },
            ...(c.edge.geoRestriction ? { geoRestriction: c.edge.geoRestriction } : {}),
            ...(c.domain?.dnsZone
              ? {
                  dnsZone: {
                    subscriptionId: c.subscriptionId,
                    resourceGroupName: c.domain.dnsZone.resourceGroup,
                    zoneName: c.domain.dnsZone.name,
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(c.bastion ? { access: { sku: c.bastion.sku } } : {}),
  };
  return { args, notes };
}

/** Cache lifetime of static files the servers send when no Front Door caches them: a day. */
const AZURE_STATIC_MAX_AGE_SECONDS = 86400;
