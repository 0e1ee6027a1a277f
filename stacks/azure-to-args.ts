import type { AzureStorefrontArgs } from "../components/azure/storefront/storefront-args";
import type { AzureStackConfig } from "./azure-config";
import { PAIRED_LOCATION, zonesOf } from "./azure-locations";
import { ENVIRONMENT_PRESETS } from "./presets";

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

export function azureStorefrontArgs(c: AzureStackConfig, now: Date): AzureStorefrontArgs {
  return {
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
    secrets: { protect: c.protectData },
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
      protect: c.protectData,
    },
    // Managed Redis keeps one replica when high availability is on: the shared key cache.replicas says so.
    cache: { skuName: c.cache.sku, highAvailability: c.cache.replicas > 0 },
    media: {
      quotaGiB: c.storage.shareGiB,
      snapshotRetentionDays: c.storage.snapshotRetentionDays,
      protect: c.protectData,
    },
  };
}
