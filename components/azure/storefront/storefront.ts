import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { AzureNetwork } from "../network/network";
import { azureName } from "../shared/names";
import { tagEveryResource } from "../shared/tags";
import { AzureStorefrontArgs } from "./storefront-args";

export { AzureStorefrontArgs } from "./storefront-args";

/**
 * The Azure composition root: one per Azure stack. It builds every tier in the order they depend on each
 * other, read top-down: the stack's resource group, the network, then (as each tier lands) operations
 * (Log Analytics), secrets (Key Vault), data (MySQL, Managed Redis), storage (Azure Files), search, web
 * (Application Gateway, scale set), edge (Front Door), access (Bastion), and alerts and the budget over
 * all of them. azure-native has no provider default tags: a resource transformation on this component
 * puts the stack's tags on every taggable resource below it.
 */
export class AzureStorefront extends pulumi.ComponentResource {
  readonly resourceGroupName: pulumi.Output<string>;
  readonly resourceGroupId: pulumi.Output<string>;
  readonly network: AzureNetwork;

  constructor(name: string, args: AzureStorefrontArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      "storefront:azure/storefront:AzureStorefront",
      name,
      {},
      {
        ...opts,
        transformations: [...(opts?.transformations ?? []), tagEveryResource(args.tags)],
      },
    );
    const child = { parent: this };
    const location = args.location;

    // --- Resource group: the stack's scope for tags, RBAC, the budget and `pulumi destroy`. ---
    const group = new resources.ResourceGroup(
      `${name}-rg`,
      {
        resourceGroupName:
          args.resourceGroupName ?? azureName("azure-native:resources:ResourceGroup", `${name}-rg`),
        location,
      },
      child,
    );
    const rg = group.name;

    // --- Operations, part 1: the Log Analytics workspace every tier's diagnostics go to (azops). ---

    // --- Network: VNet, subnets per tier, NSGs, NAT, flow logs, private DNS zones. ---
    this.network = new AzureNetwork(
      `${name}-network`,
      {
        resourceGroupName: rg,
        location,
        addressSpace: args.network.addressSpace,
        // Bastion opens SSH from AzureBastionSubnet once the access tier is wired (azweb).
        bastion: false,
        search: args.profile === "magento",
        flowLogs: {
          retentionDays: args.network.flowLogRetentionDays,
          ...(args.network.networkWatcher ? { networkWatcher: args.network.networkWatcher } : {}),
        },
        stackKey: args.stackKey,
      },
      child,
    );

    // --- Secrets: Key Vault (azdata). ---

    // --- Data: MySQL Flexible Server, Azure Managed Redis (azdata). ---

    // --- Shared media: Azure Files NFS (azdata). ---

    // --- Search: OpenSearch on a private scale set, Magento only (azops). ---

    // --- Web: Application Gateway, scale set, autoscale, first boot (azweb). ---

    // --- Edge: Front Door Premium + WAF (azweb). ---

    // --- Access: Azure Bastion or none (azweb). ---

    // --- Operations, part 2: diagnostic settings, alerts, action group, saved queries, budget (azops). ---

    this.resourceGroupName = rg;
    this.resourceGroupId = group.id;
    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      virtualNetworkId: this.network.virtualNetworkId,
    });
  }
}
