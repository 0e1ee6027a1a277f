import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { azureName } from "../shared/names";

/*
 * SKUs as "About Bastion configuration settings" lists them: Developer (free, shared infrastructure, no
 * AzureBastionSubnet, no public address, one session at a time, browser only), Standard (a dedicated host
 * in AzureBastionSubnet behind a public address, host scaling, "Connect to VMs using Azure CLI", i.e.
 * native-client tunnelling), Premium (Standard's features plus session recording and a private-only
 * deployment without a public address).
 */
export type BastionSku = "Developer" | "Standard" | "Premium";

/** Host scaling: 2 to 50 scale units (Standard and Premium; "About Bastion configuration settings", Instances and host scaling). */
export const SCALE_UNITS = [2, 50] as const;

export interface AzureBastionArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Developer for dev stacks, Standard or Premium where operators need their own SSH client. */
  readonly sku: BastionSku;
  /** The virtual network the servers are in (Developer attaches to it directly). */
  readonly virtualNetworkId: pulumi.Input<string>;
  /** AzureBastionSubnet (/26 or larger): Standard and Premium only. */
  readonly bastionSubnetId?: pulumi.Input<string>;
  /** Standard and Premium; @default 2 */
  readonly scaleUnits?: number;
  /** Zones of the Standard SKU's public address; @default ["1", "2", "3"] */
  readonly zones?: readonly string[];
}

/** Every contradiction in the bastion's args, each on its own line; throws once before the first child. */
export function checkAzureBastionArgs(args: AzureBastionArgs): void {
  const problems: string[] = [];
  const skus: readonly string[] = ["Developer", "Standard", "Premium"];
  if (!skus.includes(args.sku)) problems.push(`sku ${args.sku}: expected Developer, Standard or Premium`);
  const dedicated = args.sku === "Standard" || args.sku === "Premium";
  if (dedicated && args.bastionSubnetId === undefined) {
    problems.push(`bastionSubnetId: the ${args.sku} SKU runs in AzureBastionSubnet; give its id`);
  }
  if (args.sku === "Developer" && args.bastionSubnetId !== undefined) {
    problems.push(
      "bastionSubnetId: the Developer SKU runs on shared infrastructure, not in AzureBastionSubnet",
    );
  }
  if (args.scaleUnits !== undefined) {
    if (!dedicated) problems.push(`scaleUnits: the ${args.sku} SKU does not scale`);
    else if (
      !Number.isInteger(args.scaleUnits) ||
      args.scaleUnits < SCALE_UNITS[0] ||
      args.scaleUnits > SCALE_UNITS[1]
    ) {
      problems.push(
        `scaleUnits ${args.scaleUnits}: expected a whole number from ${SCALE_UNITS[0]} to ${SCALE_UNITS[1]}`,
      );
    }
  }
  const zones = args.zones ?? ["1", "2", "3"];
  if (zones.some((z) => !["1", "2", "3"].includes(z)))
    problems.push(`zones ${JSON.stringify(zones)}: expected zones among "1", "2" and "3"`);
  if (problems.length > 0) throw new Error(`AzureBastion: ${problems.join("; ")}`);
}

/**
 * Operators' way to the servers, which have no public address: Azure Bastion. Developer attaches to the
 * virtual network without a public address (dev stacks); Standard runs a host in AzureBastionSubnet
 * behind a zone-redundant public address with native-client tunnelling (`az network bastion ssh`);
 * Premium does the same privately, without any public address. SSH to the servers is admitted only from
 * AzureBastionSubnet (the network's rule), and with keys only (the scale set has no password).
 */
export class AzureBastion extends pulumi.ComponentResource {
  readonly bastionId: pulumi.Output<string>;
  /** The public address of a Standard bastion; empty for Developer and Premium. */
  readonly publicIp: pulumi.Output<string>;

  constructor(name: string, args: AzureBastionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:azure/access:AzureBastion", name, {}, opts);
    checkAzureBastionArgs(args);
    const child = { parent: this };
    const common = {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      bastionHostName: azureName("azure-native:network:BastionHost", `${name}-host`),
    };

    let publicIp: pulumi.Output<string> = pulumi.output("");
    let host: network.BastionHost;
    if (args.sku === "Developer") {
      host = new network.BastionHost(
        `${name}-host`,
        { ...common, sku: { name: "Developer" }, virtualNetwork: { id: args.virtualNetworkId } },
        child,
      );
    } else if (args.sku === "Standard") {
      const ip = new network.PublicIPAddress(
        `${name}-ip`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          publicIpAddressName: azureName("azure-native:network:PublicIPAddress", `${name}-ip`),
          sku: { name: "Standard", tier: "Regional" },
          publicIPAllocationMethod: "Static",
          zones: [...(args.zones ?? ["1", "2", "3"])],
        },
        child,
      );
      publicIp = ip.ipAddress.apply((a) => a ?? "");
      host = new network.BastionHost(
        `${name}-host`,
        {
          ...common,
          sku: { name: "Standard" },
          scaleUnits: args.scaleUnits ?? SCALE_UNITS[0],
          enableTunneling: true,
          enableShareableLink: false,
          ipConfigurations: [
            { name: "bastion", subnet: { id: args.bastionSubnetId! }, publicIPAddress: { id: ip.id } },
          ],
        },
        child,
      );
    } else {
      host = new network.BastionHost(
        `${name}-host`,
        {
          ...common,
          sku: { name: "Premium" },
          scaleUnits: args.scaleUnits ?? SCALE_UNITS[0],
          enableTunneling: true,
          enableShareableLink: false,
          enablePrivateOnlyBastion: true,
          ipConfigurations: [{ name: "bastion", subnet: { id: args.bastionSubnetId! } }],
        },
        child,
      );
    }

    this.bastionId = host.id;
    this.publicIp = publicIp;
    this.registerOutputs({ bastionId: this.bastionId, publicIp: this.publicIp });
  }
}
