import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import * as ipaddr from "ipaddr.js";
import { AZURE_NAME_RULES } from "../shared/name-rules";
import { azureHash, azureName, globalName } from "../shared/names";
import {
  AZURE_SUBNETS,
  AzureSubnetLayout,
  AzureSubnetRole,
  azureSubnetLayout,
  LARGEST_VNET_PREFIX_LENGTH,
} from "./subnet-layout";

/** Ports of the flows between tiers. */
export const AZURE_PORTS = {
  http: 80,
  https: 443,
  ssh: 22,
  nfs: 2049,
  mysql: 3306,
  /** Azure Managed Redis's TLS port ("Azure Managed Redis architecture": clients connect on 10000). */
  redis: 10000,
  opensearch: 9200,
  opensearchTransport: 9300,
} as const;

/**
 * Private DNS zones of the private-endpoint services ("Azure Private Endpoint private DNS zone values"):
 * Azure Files, Key Vault, Azure Managed Redis (not Azure Cache for Redis's privatelink.redis.cache.windows.net),
 * Blob storage (the search cluster's snapshots).
 */
export const PRIVATE_LINK_ZONES = {
  file: "privatelink.file.core.windows.net",
  blob: "privatelink.blob.core.windows.net",
  vault: "privatelink.vaultcore.azure.net",
  redis: "privatelink.redis.azure.net",
} as const;

export type PrivateLinkService = keyof typeof PRIVATE_LINK_ZONES;

/** Where flow logs go. */
export interface AzureFlowLogArgs {
  /** Days Azure keeps the flow log blobs (0 keeps them forever); @default 90 */
  readonly retentionDays?: number;
  /** The Log Analytics workspace for traffic analytics; none sends the flow logs to storage only. */
  readonly workspace?: {
    readonly id: pulumi.Input<string>;
    /** The workspace's customer id (a GUID). */
    readonly customerId: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
  };
  /**
   * The subscription's Network Watcher for the region: Azure creates `NetworkWatcher_<location>` in
   * `NetworkWatcherRG` with the first virtual network ("Enable or disable Azure Network Watcher"), and a
   * subscription holds one watcher per region, so the kit uses it rather than creating one.
   * @default { resourceGroupName: "NetworkWatcherRG", name: "NetworkWatcher_<location>" }
   */
  readonly networkWatcher?: { readonly resourceGroupName: string; readonly name: string };
}

export interface AzureNetworkArgs {
  /** The stack's resource group. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** The Azure region, e.g. westeurope. */
  readonly location: string;
  /** The virtual network's address space: a private IPv4 block of /20 or larger, e.g. 10.50.0.0/16. */
  readonly addressSpace: string;
  /**
   * Who may reach the Application Gateway on 443: `frontDoor` admits only Front Door's back end (the
   * AzureFrontDoor.Backend service tag, with the gateway checking the X-Azure-FDID header), `internet`
   * admits anyone (a stack without Front Door); @default "frontDoor"
   */
  readonly gatewaySources?: "frontDoor" | "internet";
  /**
   * The gateway serves plain HTTP on 80 instead of HTTPS on 443 (a dev stack without a domain, whose gateway
   * has no certificate): the same sources are admitted on 80 instead; @default false
   */
  readonly gatewayPlainHttp?: boolean;
  /**
   * Whether an Application Gateway lives in the gateway subnet: its NSG admits Front Door (or the internet),
   * GatewayManager and the Azure load balancer only then; without one the subnet admits nothing; @default true
   */
  readonly gateway?: boolean;
  /** Whether the stack has Azure Bastion (opens SSH from AzureBastionSubnet to web and search); @default false */
  readonly bastion?: boolean;
  /** Whether the stack has the OpenSearch nodes (Magento); @default false */
  readonly search?: boolean;
  /** Port the web servers serve the gateway on; @default 80 */
  readonly webPort?: number;
  /** VNet flow logs (Network Watcher). */
  readonly flowLogs: AzureFlowLogArgs;
  /** Hash seed for names that must be unique across Azure (the flow log storage account). */
  readonly stackKey: string;
}

/** Every contradiction in the network's args, each on its own line; throws once before the first child. */
export function checkAzureNetworkArgs(args: AzureNetworkArgs): void {
  const problems: string[] = [];
  const cidr = args.addressSpace;
  if (!ipaddr.IPv4.isValidCIDR(cidr)) {
    problems.push(`addressSpace ${cidr} is not an IPv4 CIDR block`);
  } else {
    const [address, prefix] = ipaddr.IPv4.parseCIDR(cidr);
    if (ipaddr.IPv4.networkAddressFromCIDR(cidr).toString() !== address.toString()) {
      problems.push(`addressSpace ${cidr} has host bits set`);
    }
    if (address.range() !== "private")
      problems.push(`addressSpace ${cidr} is not in a private (RFC 1918) range`);
    if (prefix > LARGEST_VNET_PREFIX_LENGTH) {
      problems.push(
        `addressSpace ${cidr} is smaller than a /${LARGEST_VNET_PREFIX_LENGTH}, which the tiers' subnets need (web /22, gateway, data, mysql and search /24, AzureBastionSubnet /26)`,
      );
    }
  }
  const retention = args.flowLogs.retentionDays;
  // The retention policy of flow logs takes 0 (keep forever) to 365 days ("Flow logging for virtual
  // networks", Retention).
  if (retention !== undefined && (!Number.isInteger(retention) || retention < 0 || retention > 365)) {
    problems.push(`flowLogs.retentionDays ${retention} is not a whole number from 0 to 365`);
  }
  if (
    args.webPort !== undefined &&
    (!Number.isInteger(args.webPort) || args.webPort < 1 || args.webPort > 65535)
  ) {
    problems.push(`webPort ${args.webPort} is not a port`);
  }
  if (problems.length > 0) throw new Error(`AzureNetwork: ${problems.join("; ")}`);
}

/** Application security groups: the servers' (sources) and the private endpoints' (destinations). */
type SecurityGroupRole = "web" | "search" | "vault-endpoint" | "snapshots-endpoint";

/**
 * One inbound flow into a subnet: its source is a subnet of the VNet, an application security group or a
 * service tag; its destination the whole subnet, or only the members of an application security group.
 */
interface Flow {
  readonly role: string;
  readonly ports: readonly number[] | "*";
  readonly protocol: "Tcp" | "*";
  readonly from:
    | { readonly subnet: AzureSubnetRole }
    | { readonly asg: "web" | "search" }
    | { readonly serviceTag: "AzureFrontDoor.Backend" | "Internet" | "GatewayManager" | "AzureLoadBalancer" };
  readonly to?: { readonly asg: "vault-endpoint" | "snapshots-endpoint" };
  readonly ranges?: readonly string[];
}

/** Priority of the explicit deny-all that ends every NSG (the last priority a custom rule may take). */
export const DENY_ALL_PRIORITY = 4096;

/**
 * The stack's virtual network: a subnet per tier (Application Gateway, web, private endpoints, MySQL
 * delegated, AzureBastionSubnet, search), none with default outbound access; a network security group per
 * subnet that admits each flow from the tier that needs it, named by application security group or subnet
 * (the data tier never from an address outside the VNet) and ends in an explicit deny-all; a NAT gateway
 * for the web and search subnets' egress; VNet flow logs through the region's Network Watcher to a storage
 * account (and Log Analytics); private DNS zones for the private-endpoint services and MySQL, linked to
 * the VNet.
 */
export class AzureNetwork extends pulumi.ComponentResource {
  readonly virtualNetworkId: pulumi.Output<string>;
  readonly virtualNetworkName: pulumi.Output<string>;
  /** Subnet ids by tier; `search` with the search nodes only, `bastion` (AzureBastionSubnet) with Bastion only. */
  readonly subnetIds: Readonly<Record<"web" | "gateway" | "data" | "mysql", pulumi.Output<string>>> & {
    readonly search?: pulumi.Output<string>;
    readonly bastion?: pulumi.Output<string>;
  };
  /** The address prefixes of the subnets, by tier. */
  readonly subnetPrefixes: AzureSubnetLayout;
  /**
   * Application security groups the tiers' NICs must join (the scale sets' ipConfigurations
   * `applicationSecurityGroups`): the data and search tiers admit their sources by them.
   */
  readonly webSecurityGroupId: pulumi.Output<string>;
  readonly searchSecurityGroupId: pulumi.Output<string>;
  /**
   * Application security groups the private endpoints must join (the endpoint's `applicationSecurityGroups`):
   * the data subnet admits 443 by them, so the web servers reach Key Vault and not the search snapshots'
   * account, and the search nodes reach Key Vault and their snapshots and nothing else there. `snapshots`
   * with the search nodes only.
   */
  readonly endpointSecurityGroupIds: {
    readonly vault: pulumi.Output<string>;
    readonly snapshots?: pulumi.Output<string>;
  };
  /** Private DNS zone ids for the private endpoints' zone groups, by service. */
  readonly privateDnsZoneIds: Readonly<Record<PrivateLinkService, pulumi.Output<string>>>;
  /** The private DNS zone MySQL Flexible Server's private access registers the server in. */
  readonly mysqlDnsZoneId: pulumi.Output<string>;
  /** A zone where every VM of the VNet registers its host name (the search nodes are found there). */
  readonly internalDnsZoneName: pulumi.Output<string>;
  readonly natGatewayPublicIp: pulumi.Output<string>;
  readonly flowLogStorageAccountId: pulumi.Output<string>;
  /** The network security groups by subnet role (their logs go to Log Analytics). */
  readonly networkSecurityGroupIds: Readonly<Partial<Record<AzureSubnetRole, pulumi.Output<string>>>>;

  constructor(name: string, args: AzureNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:azure/network:AzureNetwork", name, {}, opts);
    checkAzureNetworkArgs(args);
    const rg = args.resourceGroupName;
    const location = args.location;
    const layout = azureSubnetLayout(args.addressSpace);
    const webPort = args.webPort ?? AZURE_PORTS.http;

    const vnet = new network.VirtualNetwork(
      `${name}-vnet`,
      {
        resourceGroupName: rg,
        location,
        virtualNetworkName: azureName("azure-native:network:VirtualNetwork", `${name}-vnet`),
        addressSpace: { addressPrefixes: [args.addressSpace] },
      },
      // Subnets are separate resources below; the VNet never lists them.
      { parent: this, ignoreChanges: ["subnets"] },
    );

    const asg = (role: SecurityGroupRole) =>
      new network.ApplicationSecurityGroup(
        `${name}-${role}-asg`,
        {
          resourceGroupName: rg,
          location,
          applicationSecurityGroupName: azureName(
            "azure-native:network:ApplicationSecurityGroup",
            `${name}-${role}-asg`,
          ),
        },
        { parent: this },
      );
    const asgs = {
      web: asg("web"),
      search: asg("search"),
      "vault-endpoint": asg("vault-endpoint"),
      ...(args.search ? { "snapshots-endpoint": asg("snapshots-endpoint") } : {}),
    } as Record<SecurityGroupRole, network.ApplicationSecurityGroup>;

    // Inbound flows per subnet. Azure's default rules admit everything from the VNet and the load
    // balancer (AllowVnetInBound 65000); the deny-all at 4096 overrides them, so every flow is explicit.
    const flows: Partial<Record<AzureSubnetRole, Flow[]>> = {
      gateway:
        args.gateway === false
          ? []
          : [
              {
                role: args.gatewayPlainHttp ? "http" : "https",
                ports: [args.gatewayPlainHttp ? AZURE_PORTS.http : AZURE_PORTS.https],
                protocol: "Tcp",
                from: {
                  serviceTag: args.gatewaySources === "internet" ? "Internet" : "AzureFrontDoor.Backend",
                },
              },
              // Application Gateway v2 needs 65200-65535 from GatewayManager and the Azure load balancer's probes
              // ("Application Gateway infrastructure configuration", Network security groups).
              {
                role: "gateway-manager",
                ports: "*",
                ranges: ["65200-65535"],
                protocol: "Tcp",
                from: { serviceTag: "GatewayManager" },
              },
              // Every port but SSH's and RDP's: nothing administers the gateway's instances (the kit's policy
              // admits those only from the Bastion subnet).
              {
                role: "azure-lb",
                ports: "*",
                ranges: ["1-21", "23-3388", "3390-65535"],
                protocol: "*",
                from: { serviceTag: "AzureLoadBalancer" },
              },
            ],
      web: [
        { role: "from-gateway", ports: [webPort], protocol: "Tcp", from: { subnet: "gateway" } },
        ...(args.bastion
          ? [
              {
                role: "ssh-from-bastion",
                ports: [AZURE_PORTS.ssh],
                protocol: "Tcp" as const,
                from: { subnet: "bastion" as const },
              },
            ]
          : []),
      ],
      // The private endpoints: the media share (2049) and Managed Redis (10000) for the web servers, Key Vault
      // (443) for the web servers and the search nodes, the snapshots' Blob storage (443) for the search
      // nodes. Two services share 443, so those rules name the endpoint's application security group, which
      // applies a rule only to the group's members ("Application security groups"; private endpoints join
      // groups once the subnet's network policies are on: "What is a private endpoint?", Network security
      // of private endpoints, and "Configure an application security group with a private endpoint").
      data: [
        {
          role: "from-web",
          ports: [AZURE_PORTS.nfs, AZURE_PORTS.redis],
          protocol: "Tcp",
          from: { asg: "web" },
        },
        {
          role: "vault-from-web",
          ports: [AZURE_PORTS.https],
          protocol: "Tcp",
          from: { asg: "web" },
          to: { asg: "vault-endpoint" },
        },
        ...(args.search
          ? [
              {
                role: "vault-from-search",
                ports: [AZURE_PORTS.https],
                protocol: "Tcp" as const,
                from: { asg: "search" as const },
                to: { asg: "vault-endpoint" as const },
              },
              {
                role: "snapshots-from-search",
                ports: [AZURE_PORTS.https],
                protocol: "Tcp" as const,
                from: { asg: "search" as const },
                to: { asg: "snapshots-endpoint" as const },
              },
            ]
          : []),
      ],
      mysql: [{ role: "from-web", ports: [AZURE_PORTS.mysql], protocol: "Tcp", from: { asg: "web" } }],
      search: args.search
        ? [
            { role: "from-web", ports: [AZURE_PORTS.opensearch], protocol: "Tcp", from: { asg: "web" } },
            // The search cluster's internal load balancer probes each node's HTTP port; the deny-all at
            // 4096 would otherwise override Azure's default AllowAzureLoadBalancerInBound (65001).
            {
              role: "probe-from-load-balancer",
              ports: [AZURE_PORTS.opensearch],
              protocol: "Tcp",
              from: { serviceTag: "AzureLoadBalancer" },
            },
            // Nodes talk to each other on the transport port only; each node calls its own HTTP port locally.
            {
              role: "between-nodes",
              ports: [AZURE_PORTS.opensearchTransport],
              protocol: "Tcp",
              from: { asg: "search" },
            },
            ...(args.bastion
              ? [
                  {
                    role: "ssh-from-bastion",
                    ports: [AZURE_PORTS.ssh],
                    protocol: "Tcp" as const,
                    from: { subnet: "bastion" as const },
                  },
                ]
              : []),
          ]
        : undefined,
    };

    const nsgs: Partial<Record<AzureSubnetRole, network.NetworkSecurityGroup>> = {};
    for (const [role, roleFlows] of Object.entries(flows) as [AzureSubnetRole, Flow[] | undefined][]) {
      if (!roleFlows) continue;
      const nsgName = azureName("azure-native:network:NetworkSecurityGroup", `${name}-${role}-nsg`);
      const nsg = new network.NetworkSecurityGroup(
        `${name}-${role}-nsg`,
        { resourceGroupName: rg, location, networkSecurityGroupName: nsgName },
        // Rules are separate resources below; the group never lists them.
        { parent: this, ignoreChanges: ["securityRules"] },
      );
      nsgs[role] = nsg;
      const rule = (
        ruleName: string,
        rule: Omit<network.SecurityRuleArgs, "resourceGroupName" | "networkSecurityGroupName">,
      ) =>
        new network.SecurityRule(
          `${name}-${role}-${ruleName}`,
          {
            resourceGroupName: rg,
            networkSecurityGroupName: nsg.name,
            securityRuleName: azureName("azure-native:network:SecurityRule", ruleName),
            ...rule,
          },
          { parent: nsg },
        );
      roleFlows.forEach((flow, i) => {
        const source =
          "subnet" in flow.from
            ? { sourceAddressPrefix: layout[flow.from.subnet] }
            : "asg" in flow.from
              ? { sourceApplicationSecurityGroups: [{ id: asgs[flow.from.asg].id }] }
              : { sourceAddressPrefix: flow.from.serviceTag };
        const ports =
          flow.ports === "*"
            ? flow.ranges
              ? { destinationPortRanges: [...flow.ranges] }
              : { destinationPortRange: "*" }
            : { destinationPortRanges: flow.ports.map(String) };
        const destination = flow.to
          ? { destinationApplicationSecurityGroups: [{ id: asgs[flow.to.asg].id }] }
          : { destinationAddressPrefix: layout[role] };
        rule(`allow-${flow.role}`, {
          description: `${role}: ${flow.role}`,
          access: "Allow",
          direction: "Inbound",
          priority: 100 + i * 10,
          protocol: flow.protocol,
          sourcePortRange: "*",
          ...source,
          ...ports,
          ...destination,
        });
      });
      rule("deny-all-inbound", {
        description: `${role}: nothing else, from anywhere (overrides AllowVnetInBound and AllowAzureLoadBalancerInBound)`,
        access: "Deny",
        direction: "Inbound",
        priority: DENY_ALL_PRIORITY,
        protocol: "*",
        sourceAddressPrefix: "*",
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        destinationPortRange: "*",
      });
    }

    // Egress for the web and search servers: a Standard NAT gateway with one static public address (the
    // zone-redundant StandardV2 SKU is not in the API version azure-native 3.28 uses; AZURE-NOTES 3.1).
    const natIp = new network.PublicIPAddress(
      `${name}-nat-ip`,
      {
        resourceGroupName: rg,
        location,
        publicIpAddressName: azureName("azure-native:network:PublicIPAddress", `${name}-nat-ip`),
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
      },
      { parent: this },
    );
    const nat = new network.NatGateway(
      `${name}-nat`,
      {
        resourceGroupName: rg,
        location,
        natGatewayName: azureName("azure-native:network:NatGateway", `${name}-nat`),
        sku: { name: "Standard" },
        idleTimeoutInMinutes: 4,
        publicIpAddresses: [{ id: natIp.id }],
      },
      { parent: this },
    );

    // Subnets one after another: ARM refuses concurrent changes to one virtual network
    // ("AnotherOperationInProgress").
    let previous: pulumi.Resource | undefined;
    const subnets = {} as Record<AzureSubnetRole, network.Subnet>;
    const wanted = (Object.keys(AZURE_SUBNETS) as AzureSubnetRole[]).filter(
      (role) => (role !== "search" || args.search) && (role !== "bastion" || args.bastion),
    );
    for (const role of wanted) {
      const nsg = nsgs[role];
      const subnet = new network.Subnet(
        `${name}-${role}`,
        {
          resourceGroupName: rg,
          virtualNetworkName: vnet.name,
          subnetName: AZURE_SUBNETS[role].name,
          addressPrefix: layout[role],
          // No implicit public egress: the NAT gateway or nothing ("Default outbound access in Azure").
          defaultOutboundAccess: false,
          ...(nsg ? { networkSecurityGroup: { id: nsg.id } } : {}),
          ...(role === "web" || role === "search" ? { natGateway: { id: nat.id } } : {}),
          ...(role === "mysql"
            ? {
                delegations: [
                  { name: "mysql-flexible-server", serviceName: "Microsoft.DBforMySQL/flexibleServers" },
                ],
              }
            : {}),
          // NSGs apply to private endpoints only with network policies on ("Manage network policies for
          // private endpoints"); azure-native's default is Disabled.
          ...(role === "data" ? { privateEndpointNetworkPolicies: "Enabled" } : {}),
        },
        { parent: vnet, ...(previous ? { dependsOn: [previous] } : {}) },
      );
      subnets[role] = subnet;
      previous = subnet;
    }

    // Flow logs: a storage account only Azure's trusted services (Network Watcher) can write to, then the
    // VNet flow log in the region's watcher.
    const logAccount = new storage.StorageAccount(
      `${name}-flowlogs`,
      {
        resourceGroupName: rg,
        location,
        accountName: globalName("azure-native:storage:StorageAccount", `${name}fl`, args.stackKey),
        kind: "StorageV2",
        sku: { name: "Standard_LRS" },
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        allowCrossTenantReplication: false,
        networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" },
      },
      { parent: this },
    );
    const watcher = args.flowLogs.networkWatcher ?? {
      resourceGroupName: "NetworkWatcherRG",
      name: `NetworkWatcher_${location}`,
    };
    const workspace = args.flowLogs.workspace;
    new network.FlowLog(
      `${name}-flowlog`,
      {
        resourceGroupName: watcher.resourceGroupName,
        networkWatcherName: watcher.name,
        flowLogName: azureName("azure-native:network:FlowLog", `${name}-vnet-flowlog`),
        location,
        targetResourceId: vnet.id,
        storageId: logAccount.id,
        enabled: true,
        format: { type: "JSON", version: 2 },
        retentionPolicy: { days: args.flowLogs.retentionDays ?? 90, enabled: true },
        ...(workspace
          ? {
              flowAnalyticsConfiguration: {
                networkWatcherFlowAnalyticsConfiguration: {
                  enabled: true,
                  workspaceResourceId: workspace.id,
                  workspaceId: workspace.customerId,
                  workspaceRegion: workspace.location,
                  trafficAnalyticsInterval: 10,
                },
              },
            }
          : {}),
      },
      { parent: this, dependsOn: Object.values(subnets) },
    );

    const zone = (key: string, zoneName: string, registrationEnabled = false) => {
      const z = new privatedns.PrivateZone(
        `${name}-${key}-zone`,
        { resourceGroupName: rg, location: "global", privateZoneName: zoneName },
        { parent: this },
      );
      new privatedns.VirtualNetworkLink(
        `${name}-${key}-link`,
        {
          resourceGroupName: rg,
          location: "global",
          privateZoneName: z.name,
          virtualNetworkLinkName: azureName("azure-native:privatedns:VirtualNetworkLink", `${name}-vnet`),
          virtualNetwork: { id: vnet.id },
          registrationEnabled,
        },
        { parent: z },
      );
      return z;
    };
    const linkZones = Object.fromEntries(
      (Object.entries(PRIVATE_LINK_ZONES) as [PrivateLinkService, string][]).map(([key, zoneName]) => [
        key,
        zone(key, zoneName).id,
      ]),
    ) as Record<PrivateLinkService, pulumi.Output<string>>;
    // MySQL's private access needs a zone ending in .mysql.database.azure.com ("Private Network Access
    // using virtual network integration", Private DNS zone and virtual network link).
    const mysqlSuffix = ".private.mysql.database.azure.com";
    const mysqlZone = zone("mysql", `${dnsLabel(name, ZONE_MAX - mysqlSuffix.length)}${mysqlSuffix}`);
    const internalZone = zone("internal", `${dnsLabel(name, ZONE_MAX - ".internal".length)}.internal`, true);

    this.virtualNetworkId = vnet.id;
    this.virtualNetworkName = vnet.name;
    this.subnetIds = Object.fromEntries(
      Object.entries(subnets).map(([role, subnet]) => [role, subnet.id]),
    ) as AzureNetwork["subnetIds"];
    this.subnetPrefixes = layout;
    this.webSecurityGroupId = asgs.web.id;
    this.searchSecurityGroupId = asgs.search.id;
    this.endpointSecurityGroupIds = {
      vault: asgs["vault-endpoint"].id,
      ...(asgs["snapshots-endpoint"] ? { snapshots: asgs["snapshots-endpoint"].id } : {}),
    };
    this.privateDnsZoneIds = linkZones;
    this.mysqlDnsZoneId = mysqlZone.id;
    this.internalDnsZoneName = internalZone.name;
    this.natGatewayPublicIp = natIp.ipAddress.apply((ip) => ip ?? "");
    this.flowLogStorageAccountId = logAccount.id;
    this.networkSecurityGroupIds = Object.fromEntries(
      Object.entries(nsgs).map(([role, nsg]) => [role, nsg.id]),
    );
    this.registerOutputs({
      virtualNetworkId: this.virtualNetworkId,
      subnetIds: this.subnetIds,
      privateDnsZoneIds: this.privateDnsZoneIds,
      mysqlDnsZoneId: this.mysqlDnsZoneId,
    });
  }
}

/** The longest private DNS zone name (components/azure/shared/name-rules.ts). */
const ZONE_MAX = AZURE_NAME_RULES["azure-native:privatedns:PrivateZone"].max;

/** A DNS label from a component name: lowercase letters, digits and '-', at most `max` characters. */
function dnsLabel(name: string, max: number): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "");
  return label.length <= max ? label : `${label.slice(0, max - 7).replace(/-$/, "")}-${azureHash(name)}`;
}
