import * as aws from "@pulumi/aws";
import { Storefront } from "../components/storefront";
import { readStackConfig } from "./config-source";
import { loadStackConfig } from "./load-config";
import { stackTags, storefrontArgs, storefrontName } from "./to-args";

/**
 * The Pulumi program: configuration in, one Storefront out. Validation happens before the first resource
 * is registered, so a bad stack file never leaves a half-created stack behind.
 */
export function runStack() {
  const config = loadStackConfig(readStackConfig());
  const name = storefrontName(config);

  const provider = new aws.Provider(`${name}-aws`, {
    region: config.region as aws.Region,
    defaultTags: { tags: stackTags(config) },
  });
  const storefront = new Storefront(name, storefrontArgs(config), { providers: { aws: provider } });
  const network = storefront.network;

  return {
    client: config.client,
    environment: config.environment,
    profile: config.profile,
    region: config.region,
    vpcId: network.vpcId,
    availabilityZones: network.availabilityZones,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
    flowLogGroupName: network.flowLogGroupName,
  };
}
