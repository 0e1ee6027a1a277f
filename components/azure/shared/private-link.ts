import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as pulumi from "@pulumi/pulumi";
import { azureName } from "./names";

/**
 * The private DNS zone and the private-link sub-resource ("group id") of each service the data tiers reach
 * through a private endpoint, from "Azure Private Endpoint private DNS zone values"
 * (https://learn.microsoft.com/azure/private-link/private-endpoint-dns): Key Vault `vault` in
 * `privatelink.vaultcore.azure.net`, Azure Files `file` in `privatelink.file.core.windows.net`, Azure
 * Managed Redis `redisEnterprise` in `privatelink.redis.azure.net` (not `privatelink.redis.cache.windows.net`,
 * which is the retiring Azure Cache for Redis). One zone per service: the page warns that sharing a zone
 * between two services' endpoints overwrites the first one's records.
 */
export const PRIVATE_LINK = {
  vault: { groupId: "vault", zone: "privatelink.vaultcore.azure.net" },
  file: { groupId: "file", zone: "privatelink.file.core.windows.net" },
  redisEnterprise: { groupId: "redisEnterprise", zone: "privatelink.redis.azure.net" },
} as const;

export type PrivateLinkService = keyof typeof PRIVATE_LINK;

export interface PrivateAccessArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /** The subnet the endpoint's network interface goes into (the data subnet). */
  readonly subnetId: pulumi.Input<string>;
  /** The virtual network the private DNS zone is linked to, so the web servers resolve the private address. */
  readonly virtualNetworkId: pulumi.Input<string>;
  /** The resource reached: its ARM id. */
  readonly targetId: pulumi.Input<string>;
  readonly service: PrivateLinkService;
  /** An existing private DNS zone for the service (one per virtual network); else the component makes one. */
  readonly privateDnsZoneId?: pulumi.Input<string>;
  /**
   * Application security groups the endpoint joins, which the subnet's NSG rules name as destinations
   * ("What is a private endpoint?", Network security of private endpoints); @default none
   */
  readonly applicationSecurityGroupIds?: readonly pulumi.Input<string>[];
}

export interface PrivateAccess {
  readonly endpoint: network.PrivateEndpoint;
  readonly dnsZoneId: pulumi.Output<string>;
}

/**
 * A private DNS zone named `zoneName`, linked to the virtual network without auto-registration (the web
 * servers resolve its records; nothing registers itself in it). The link is returned for resources that
 * must wait until names resolve inside the network.
 */
export function linkedPrivateZone(
  name: string,
  zoneName: string,
  args: { readonly resourceGroupName: pulumi.Input<string>; readonly virtualNetworkId: pulumi.Input<string> },
  opts: pulumi.CustomResourceOptions,
): { zone: privatedns.PrivateZone; link: privatedns.VirtualNetworkLink } {
  const zone = new privatedns.PrivateZone(
    `${name}-dns`,
    { privateZoneName: zoneName, resourceGroupName: args.resourceGroupName, location: "Global" },
    opts,
  );
  const link = new privatedns.VirtualNetworkLink(
    `${name}-dns-link`,
    {
      privateZoneName: zone.name,
      resourceGroupName: args.resourceGroupName,
      virtualNetworkLinkName: azureName("azure-native:privatedns:VirtualNetworkLink", `${name}-link`),
      location: "Global",
      virtualNetwork: { id: args.virtualNetworkId },
      registrationEnabled: false,
    },
    opts,
  );
  return { zone, link };
}

/**
 * A private endpoint for `targetId` in the data subnet, with its DNS zone group, so the service's public
 * host name resolves to the endpoint's private address inside the virtual network: the private DNS zone of
 * the service (made here unless one is given) linked to the network without auto-registration, the
 * endpoint, and the zone group that keeps the A record in step with the endpoint's address.
 */
export function privateAccess(
  name: string,
  args: PrivateAccessArgs,
  opts: pulumi.CustomResourceOptions,
): PrivateAccess {
  const { groupId, zone } = PRIVATE_LINK[args.service];
  let dnsZoneId: pulumi.Output<string>;
  if (args.privateDnsZoneId !== undefined) {
    dnsZoneId = pulumi.output(args.privateDnsZoneId);
  } else {
    dnsZoneId = linkedPrivateZone(name, zone, args, opts).zone.id;
  }
  const endpoint = new network.PrivateEndpoint(
    `${name}-pe`,
    {
      privateEndpointName: azureName("azure-native:network:PrivateEndpoint", `${name}-pe`),
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      subnet: { id: args.subnetId },
      privateLinkServiceConnections: [
        { name: `${groupId}-connection`, privateLinkServiceId: args.targetId, groupIds: [groupId] },
      ],
      ...(args.applicationSecurityGroupIds?.length
        ? { applicationSecurityGroups: args.applicationSecurityGroupIds.map((id) => ({ id })) }
        : {}),
    },
    opts,
  );
  new network.PrivateDnsZoneGroup(
    `${name}-pe-dns`,
    {
      privateEndpointName: endpoint.name,
      resourceGroupName: args.resourceGroupName,
      privateDnsZoneGroupName: "default",
      privateDnsZoneConfigs: [{ name: zone.replace(/\./g, "-"), privateDnsZoneId: dnsZoneId }],
    },
    opts,
  );
  return { endpoint, dnsZoneId };
}
