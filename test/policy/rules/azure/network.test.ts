import { expect } from "chai";
import {
  add,
  checkResource,
  checkStack,
  Node,
  patch,
  remove,
  resourceRuleCases,
  rewire,
  stackRuleCases,
} from "../../harness";

const NSG = "azure-native:network:NetworkSecurityGroup";
const RULE = "azure-native:network:SecurityRule";
const SUBNET = "azure-native:network:Subnet";
const VNET = "azure-native:network:VirtualNetwork";
const FLOW_LOG = "azure-native:network:FlowLog";
const GATEWAY = "azure-native:network:ApplicationGateway";
const BASTION = "azure-native:network:BastionHost";
const PIP = "azure-native:network:PublicIPAddress";

/** An inbound TCP Allow rule, as an NSG's securityRules entry or a SecurityRule's inputs. */
const allow = (name: string, port: string, source: string, priority = 100, protocol = "Tcp") => ({
  name,
  direction: "Inbound",
  access: "Allow",
  protocol,
  priority,
  sourceAddressPrefix: source,
  sourcePortRange: "*",
  destinationAddressPrefix: "*",
  destinationPortRange: port,
});
const denyAll = {
  name: "deny-all",
  direction: "Inbound",
  access: "Deny",
  protocol: "*",
  priority: 4096,
  sourceAddressPrefix: "*",
  sourcePortRange: "*",
  destinationAddressPrefix: "*",
  destinationPortRange: "*",
};

describe("policy/rules/azure/network", () => {
  resourceRuleCases(
    "nsg-no-public-ingress-admin-ports",
    NSG,
    { securityRules: [allow("https", "443", "Internet"), allow("ssh", "22", "10.0.4.0/26", 200), denyAll] },
    [
      [
        "SSH from the Internet tag",
        { securityRules: [allow("ssh", "22", "Internet")] },
        ["Rule ssh admits SSH (22) from the internet."],
      ],
      [
        "a range covering RDP from 0.0.0.0/0",
        { securityRules: [allow("wide", "3000-4000", "0.0.0.0/0")] },
        ["Rule wide admits RDP (3389) from the internet."],
      ],
      [
        "every port from any address, any protocol",
        { securityRules: [allow("all", "*", "*", 100, "*")] },
        ["Rule all admits SSH (22) and RDP (3389) from the internet."],
      ],
      [
        "enum values in another case (ARM ignores case)",
        {
          securityRules: [
            { ...allow("ssh", "22", "internet"), direction: "inbound", access: "allow", protocol: "tcp" },
          ],
        },
        ["Rule ssh admits SSH (22) from the internet."],
      ],
      ["nothing for a Deny rule", { securityRules: [{ ...allow("ssh", "22", "*"), access: "Deny" }] }, []],
      [
        "nothing for outbound",
        { securityRules: [{ ...allow("ssh", "22", "*"), direction: "Outbound" }] },
        [],
      ],
      [
        "nothing for UDP (nsg-no-public-ingress-udp's finding)",
        { securityRules: [allow("u", "22", "*", 100, "Udp")] },
        [],
      ],
    ],
  );
  resourceRuleCases("nsg-no-public-ingress-admin-ports", RULE, allow("https", "443", "Internet"), [
    [
      "a SecurityRule resource for SSH",
      allow("ssh", "22", "*"),
      ["Rule ssh admits SSH (22) from the internet."],
    ],
    [
      "SSH among destinationPortRanges and sourceAddressPrefixes",
      {
        ...allow("multi", "", ""),
        destinationPortRange: undefined,
        sourceAddressPrefix: undefined,
        destinationPortRanges: ["443", "22"],
        sourceAddressPrefixes: ["10.0.0.0/8", "0.0.0.0/0"],
      },
      ["Rule multi admits SSH (22) from the internet."],
    ],
  ]);

  resourceRuleCases(
    "nsg-no-public-ingress-udp",
    NSG,
    { securityRules: [allow("https", "443", "Internet"), denyAll] },
    [
      [
        "UDP from the internet",
        { securityRules: [allow("dns", "53", "Internet", 100, "Udp")] },
        ["Rule dns admits UDP from the internet."],
      ],
      [
        "any protocol on 443 from the internet",
        { securityRules: [allow("any", "443", "*", 100, "*")] },
        ["Rule any admits UDP from the internet."],
      ],
      [
        "nothing when it also opens SSH (the admin-port rule's finding)",
        { securityRules: [allow("all", "*", "*", 100, "*")] },
        [],
      ],
      [
        "nothing for UDP from a private range",
        { securityRules: [allow("dns", "53", "10.0.0.0/8", 100, "Udp")] },
        [],
      ],
    ],
  );

  // A gateway subnet admitting the web from Front Door, a web subnet admitting only the gateway subnet.
  const gatewayNsg = {
    securityRules: [
      allow("https", "443", "AzureFrontDoor.Backend"),
      allow("http", "80", "AzureFrontDoor.Backend", 110),
      allow("gwm", "65200-65535", "GatewayManager", 120),
      denyAll,
    ],
  };
  const webNsg = { securityRules: [allow("from-gw", "80", "10.0.0.0/24"), denyAll] };
  const edgeGraph: Node[] = [
    { type: NSG, name: "gw-nsg", props: gatewayNsg },
    { type: NSG, name: "web-nsg", props: webNsg },
    {
      type: SUBNET,
      name: "gw",
      props: { addressPrefix: "10.0.0.0/24" },
      deps: { networkSecurityGroup: ["gw-nsg"] },
    },
    {
      type: SUBNET,
      name: "web",
      props: { addressPrefix: "10.0.1.0/24" },
      deps: { networkSecurityGroup: ["web-nsg"] },
    },
    { type: GATEWAY, name: "appgw", deps: { gatewayIPConfigurations: ["gw"] } },
  ];
  stackRuleCases("nsg-public-ingress-only-web-ports", edgeGraph, [
    [
      "an internet rule on another port",
      patch("gw-nsg", {
        securityRules: [...gatewayNsg.securityRules, allow("alt", "8080", "Internet", 130)],
      }),
      ["gw-nsg: Rule alt admits port(s) 8080 from the internet; only 443 and 80 may be."],
    ],
    [
      "a range from Front Door",
      patch("gw-nsg", { securityRules: [allow("range", "80-443", "AzureFrontDoor.Backend"), denyAll] }),
      ["gw-nsg: Rule range admits port(s) 80-443 from the internet; only 443 and 80 may be."],
    ],
    [
      "HTTPS from the internet to the web subnet",
      patch("web-nsg", { securityRules: [allow("direct", "443", "Internet"), denyAll] }),
      ["web-nsg: Rule direct admits the internet to a subnet the application gateway is not in."],
    ],
    [
      "a SecurityRule resource joined to its group",
      add({
        type: RULE,
        name: "extra",
        props: allow("extra", "8443", "*"),
        deps: { networkSecurityGroupName: ["web-nsg"] },
      }),
      ["extra: Rule extra admits port(s) 8443 from the internet; only 443 and 80 may be."],
    ],
  ]);

  stackRuleCases("subnet-has-nsg", edgeGraph, [
    ["a subnet without a group", remove("web-nsg"), ["web: The subnet has no network security group."]],
    [
      "a group without a deny-all",
      patch("web-nsg", { securityRules: [allow("from-gw", "80", "10.0.0.0/24")] }),
      ["web-nsg: The network security group's inbound rules do not end in a deny-all rule."],
    ],
    [
      "an Allow after the deny-all",
      patch("web-nsg", { securityRules: [allow("late", "80", "10.0.0.0/24", 4097), denyAll] }),
      ["web-nsg: The network security group's inbound rules do not end in a deny-all rule."],
    ],
    [
      "nothing for Bastion's and delegated subnets",
      add(
        { type: SUBNET, name: "bastion", props: { subnetName: "AzureBastionSubnet" } },
        {
          type: SUBNET,
          name: "mysql",
          props: { delegations: [{ name: "d", serviceName: "Microsoft.DBforMySQL/flexibleServers" }] },
        },
      ),
      [],
    ],
  ]);

  resourceRuleCases("subnet-no-default-outbound", SUBNET, { defaultOutboundAccess: false }, [
    ["default outbound access left at its default", {}, ["Default outbound access is on."]],
    ["default outbound access on", { defaultOutboundAccess: true }, ["Default outbound access is on."]],
  ]);
  resourceRuleCases(
    "subnet-no-default-outbound",
    VNET,
    { subnets: [{ name: "web", defaultOutboundAccess: false }] },
    [
      [
        "an inline subnet with default outbound",
        { subnets: [{ name: "web" }] },
        ["Subnet web has default outbound access on."],
      ],
    ],
  );

  const flowGraph: Node[] = [
    { type: VNET, name: "vnet" },
    { type: "azure-native:operationalinsights:Workspace", name: "logs" },
    {
      type: FLOW_LOG,
      name: "flow",
      props: {
        enabled: true,
        retentionPolicy: { enabled: true, days: 90 },
        flowAnalyticsConfiguration: {
          networkWatcherFlowAnalyticsConfiguration: {
            enabled: true,
            workspaceResourceId: "/subscriptions/s/x",
          },
        },
      },
      deps: { targetResourceId: ["vnet"] },
    },
  ];
  stackRuleCases("vnet-flow-logs-enabled", flowGraph, [
    ["no flow log", remove("flow"), ["vnet: No enabled flow log records the virtual network's traffic."]],
    [
      "a disabled flow log",
      patch("flow", { enabled: false }),
      ["vnet: No enabled flow log records the virtual network's traffic."],
    ],
    [
      "30 days of retention",
      patch("flow", { retentionPolicy: { enabled: true, days: 30 } }),
      ["flow: The flow log keeps its records less than 90 days."],
    ],
    [
      "retention off",
      patch("flow", { retentionPolicy: { enabled: false, days: 90 } }),
      ["flow: The flow log keeps its records less than 90 days."],
    ],
    [
      "no traffic analytics",
      patch("flow", { flowAnalyticsConfiguration: undefined }),
      ["flow: The flow log is not sent to Log Analytics (traffic analytics off)."],
    ],
  ]);
  it("vnet-flow-logs-enabled keeps forever-retention (0 days) and honours its setting", () => {
    const forever = patch("flow", { retentionPolicy: { enabled: true, days: 0 } })(flowGraph);
    expect(checkStack("vnet-flow-logs-enabled", forever)).to.deep.equal([]);
    expect(checkStack("vnet-flow-logs-enabled", flowGraph, { minimumRetentionDays: 365 })).to.deep.equal([
      "flow: The flow log keeps its records less than 365 days.",
    ]);
  });
  it("vnet-flow-logs-enabled joins a flow log by the literal ARM id of its target", () => {
    const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet";
    const graph = flowGraph.map((n) =>
      n.name === "vnet"
        ? { ...n, props: { id } }
        : n.name === "flow"
          ? { ...n, props: { ...n.props, targetResourceId: id.toUpperCase() }, deps: {} }
          : n,
    );
    expect(checkStack("vnet-flow-logs-enabled", graph)).to.deep.equal([]);
  });

  const NAT = "azure-native:network:NatGateway";
  stackRuleCases(
    "public-ip-zone-redundant",
    [
      { type: PIP, name: "gw-ip", props: { sku: { name: "Standard" }, zones: ["1", "2", "3"] } },
      { type: PIP, name: "nat-ip", props: { sku: { name: "Standard", tier: "Regional" } } },
      {
        type: NAT,
        name: "nat",
        props: { sku: { name: "Standard" } },
        deps: { publicIpAddresses: ["nat-ip"] },
      },
    ],
    [
      [
        "a Basic address",
        patch("gw-ip", { sku: { name: "Basic" } }),
        ["gw-ip: The address is not a Standard SKU address."],
      ],
      [
        "a zonal address",
        patch("gw-ip", { sku: { name: "standard" }, zones: ["1"] }),
        ["gw-ip: The address lives in fewer than two zones."],
      ],
      [
        "a no-zone address no NAT gateway uses",
        rewire("nat", "publicIpAddresses", []),
        ["nat-ip: The address lives in fewer than two zones."],
      ],
      [
        "a NAT gateway's Basic address (the SKU half still judges it)",
        patch("nat-ip", { sku: { name: "Basic" } }),
        ["nat-ip: The address is not a Standard SKU address."],
      ],
    ],
  );

  const bastionGraph: Node[] = [
    {
      type: SUBNET,
      name: "AzureBastionSubnet",
      props: { subnetName: "AzureBastionSubnet", addressPrefix: "10.0.9.0/26" },
    },
    { type: NSG, name: "web-nsg", props: { securityRules: [allow("ssh", "22", "10.0.9.0/26"), denyAll] } },
    { type: BASTION, name: "bastion", props: { enableShareableLink: false } },
  ];
  stackRuleCases("bastion-only-ssh-path", bastionGraph, [
    [
      "SSH from the whole virtual network",
      patch("web-nsg", { securityRules: [allow("ssh", "22", "VirtualNetwork"), denyAll] }),
      ["web-nsg: Rule ssh admits SSH or RDP from outside the Bastion subnet."],
    ],
    [
      "RDP from an application security group",
      patch("web-nsg", {
        securityRules: [
          {
            ...allow("rdp", "3389", ""),
            sourceAddressPrefix: undefined,
            sourceApplicationSecurityGroups: [{ id: "asg" }],
          },
          denyAll,
        ],
      }),
      ["web-nsg: Rule rdp admits SSH or RDP from outside the Bastion subnet."],
    ],
    [
      "shareable links",
      patch("bastion", { enableShareableLink: true }),
      ["bastion: Shareable links let anyone holding one connect to servers."],
    ],
    [
      "nothing for the load balancer's probes and the gateway manager on every port",
      patch("web-nsg", {
        securityRules: [
          allow("ssh", "22", "10.0.9.0/26"),
          allow("azure-lb", "*", "AzureLoadBalancer", 110, "*"),
          allow("gwm", "65200-65535", "GatewayManager", 120),
          denyAll,
        ],
      }),
      [],
    ],
    [
      "nothing for SSH from the internet (the admin-port rule's finding)",
      patch("web-nsg", { securityRules: [allow("ssh", "22", "*"), denyAll] }),
      [],
    ],
  ]);

  it("never judges an AWS resource", () => {
    expect(
      checkResource("nsg-no-public-ingress-admin-ports", "aws:ec2/securityGroup:SecurityGroup", {
        securityRules: [allow("ssh", "22", "*")],
      }),
    ).to.deep.equal([]);
  });

  const PE = "azure-native:network:PrivateEndpoint";
  const ZONE_GROUP = "azure-native:network:PrivateDnsZoneGroup";
  stackRuleCases(
    "private-endpoint-dns-zone-group",
    [
      { type: PE, name: "kv-pe" },
      {
        type: ZONE_GROUP,
        name: "kv-dns",
        props: { privateDnsZoneConfigs: [{ name: "vault", privateDnsZoneId: "/z" }] },
        deps: { privateEndpointName: ["kv-pe"] },
      },
    ],
    [
      [
        "no zone group",
        remove("kv-dns"),
        [
          "kv-pe: Clients resolve the service's public name: no private DNS zone holds the endpoint's address.",
        ],
      ],
      [
        "an empty zone group",
        patch("kv-dns", { privateDnsZoneConfigs: [] }),
        [
          "kv-pe: Clients resolve the service's public name: no private DNS zone holds the endpoint's address.",
        ],
      ],
    ],
  );
});

describe("policy/rules/azure/network: load balancers", () => {
  const LB = "azure-native:network:LoadBalancer";
  const internal = {
    sku: { name: "Standard", tier: "Regional" },
    frontendIPConfigurations: [
      {
        name: "search",
        subnet: { id: "/subnets/search" },
        privateIPAllocationMethod: "Static",
        privateIPAddress: "10.0.6.254",
      },
    ],
  };
  resourceRuleCases("load-balancer-internal-standard", LB, internal, [
    [
      "a Basic load balancer",
      { ...internal, sku: { name: "Basic" } },
      ["The load balancer is not of the Standard SKU."],
    ],
    [
      "no SKU (ARM's default is Basic)",
      { ...internal, sku: undefined },
      ["The load balancer is not of the Standard SKU."],
    ],
    [
      "a public frontend",
      {
        ...internal,
        frontendIPConfigurations: [
          ...internal.frontendIPConfigurations,
          { name: "web", publicIPAddress: { id: "/pip" } },
        ],
      },
      ["Frontend(s) web face the internet."],
    ],
  ]);
});
