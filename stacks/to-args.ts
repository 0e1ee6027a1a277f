import type { StorefrontArgs } from "../components/storefront";
import type { StackConfig } from "./stack-config";

/** Maps a validated stack configuration onto the composition root's arguments. */
export function storefrontArgs(c: StackConfig): StorefrontArgs {
  return {
    network: {
      cidrBlock: c.network.cidr,
      azCount: c.network.azCount,
      ...(c.network.availabilityZones ? { availabilityZoneNames: c.network.availabilityZones } : {}),
      region: c.region,
      natGateways: c.network.natGateways,
      flowLogs: c.network.flowLogs,
    },
  };
}

/** Tags on every resource of the stack, through the provider's default tags. User tags cannot override. */
export function stackTags(c: StackConfig): Record<string, string> {
  return {
    ...c.tags,
    client: c.client,
    environment: c.environment,
    profile: c.profile,
    "managed-by": "pulumi",
    "pulumi-stack": c.stack,
  };
}

/** Name of the composition root; every resource name of the stack derives from it. */
export function storefrontName(c: StackConfig): string {
  return `${c.client}-${c.environment}`;
}
