import type { AzureStorefrontArgs } from "../components/azure/storefront/storefront-args";
import type { AzureStackConfig } from "./azure-config";

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

export function azureStorefrontArgs(c: AzureStackConfig): AzureStorefrontArgs {
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
  };
}
