import { Provider } from "@pulumi/azure-native/provider";
import * as pulumi from "@pulumi/pulumi";
import { AzureStorefront } from "../components/azure/storefront/storefront";
import { azureClockChecks, loadAzureStackConfig } from "./azure-config";
import { ConfigError } from "./config-error";
import { azureStorefrontArgs, azureStorefrontName } from "./azure-to-args";
import type { ConfigSource } from "./load-config";

/**
 * The Azure program (`storefront:cloud: azure`): configuration in, one AzureStorefront out, through one
 * explicit azure-native provider for the stack's subscription and location. Validation happens before the
 * first resource is registered. Loaded only for Azure stacks (stacks/program.ts), so an AWS stack never
 * loads `@pulumi/azure-native`. Outputs are ids and names, never a secret.
 */
export function runAzureStack(source: ConfigSource, now: Date) {
  const config = loadAzureStackConfig(source);
  const clock = azureClockChecks(config, now);
  if (clock.problems.length > 0) throw new ConfigError(source.stack, clock.problems);
  const name = azureStorefrontName(config);
  const provider = new Provider(`${name}-azure`, {
    subscriptionId: config.subscriptionId,
    location: config.location,
    ...(config.tenantId ? { tenantId: config.tenantId } : {}),
  });
  const { args, notes } = azureStorefrontArgs(config, now);
  for (const note of [...clock.notes, ...notes]) void pulumi.log.warn(note);
  const storefront = new AzureStorefront(name, args, {
    providers: { "azure-native": provider },
  });
  const { network, web, edge } = storefront;
  return {
    cloud: "azure",
    client: config.client,
    environment: config.environment,
    profile: config.profile,
    region: config.location,
    zones: config.zones,
    resourceGroupName: storefront.resourceGroupName,
    virtualNetworkId: network.virtualNetworkId,
    subnetIds: network.subnetIds,
    natGatewayPublicIp: network.natGatewayPublicIp,
    // Where shoppers go: the shop's name, or without a domain Front Door's own (or the gateway's address).
    ...(edge
      ? { siteUrl: edge.url, frontDoorHostname: edge.cdnHostname }
      : web
        ? { siteUrl: web.gatewayPublicIp.apply((ip) => `http://${ip}`) }
        : {}),
    // Without domain.dnsZone the records are the operator's: the _dnsauth.<name> TXT values and the CNAME target.
    ...(edge && config.domain && !config.domain.dnsZone
      ? { dnsValidationTokens: edge.validationTokens }
      : {}),
    ...(web ? { gatewayPublicIp: web.gatewayPublicIp, webScaleSetName: web.scaleSetName } : {}),
    ...(storefront.bastion ? { bastionId: storefront.bastion.bastionId } : {}),
  };
}
