import * as pulumi from "@pulumi/pulumi";
import { Network, NetworkArgs } from "./network";

export interface StorefrontArgs {
  /** The VPC every tier lives in. */
  readonly network: NetworkArgs;
}

/**
 * The composition root: one per stack. It owns every tier and wires them together; tiers never reach for
 * each other directly. Tags come from the AWS provider's `defaultTags`, passed in through `opts.providers`.
 */
export class Storefront extends pulumi.ComponentResource {
  readonly network: Network;

  constructor(name: string, args: StorefrontArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:index:Storefront", name, {}, opts);

    this.network = new Network(`${name}-network`, args.network, { parent: this });

    this.registerOutputs({ vpcId: this.network.vpcId });
  }
}
