import { add, Node, patch, remove, rewire, stackRuleCases } from "../../harness";

const NSG = "azure-native:network:NetworkSecurityGroup";
const RULE = "azure-native:network:SecurityRule";
const SUBNET = "azure-native:network:Subnet";
const ENDPOINT = "azure-native:network:PrivateEndpoint";
const ASG = "azure-native:network:ApplicationSecurityGroup";
const VMSS = "azure-native:compute:VirtualMachineScaleSet";
const SERVER = "azure-native:dbformysql:Server";
const REDIS = "azure-native:redisenterprise:RedisEnterprise";
const ACCOUNT = "azure-native:storage:StorageAccount";
const SHARE = "azure-native:storage:FileShare";
const VAULT = "azure-native:keyvault:Vault";

const allow = (name: string, port: string, source: string, priority: number) => ({
  name,
  direction: "Inbound",
  access: "Allow",
  protocol: "Tcp",
  priority,
  sourceAddressPrefix: source,
  destinationPortRange: port,
});
const denyAll = {
  name: "deny-all",
  direction: "Inbound",
  access: "Deny",
  protocol: "*",
  priority: 4096,
  sourceAddressPrefix: "*",
  destinationPortRange: "*",
};
const dataRules = [
  allow("redis", "10000", "10.0.1.0/24", 100),
  allow("nfs", "2049", "10.0.1.0/24", 110),
  allow("vault", "443", "10.0.1.0/24", 120),
  denyAll,
];

/** Web servers in 10.0.1.0/24; Redis, media and the vault behind private endpoints in the data subnet; MySQL delegated. */
const graph: Node[] = [
  { type: SUBNET, name: "web", props: { addressPrefix: "10.0.1.0/24" } },
  { type: ASG, name: "web-asg", props: { id: "/subscriptions/s/asg/web" } },
  {
    type: VMSS,
    name: "web-vmss",
    props: { tags: { tier: "web" } },
    deps: { virtualMachineProfile: ["web", "web-asg"] },
  },
  { type: NSG, name: "data-nsg", props: { securityRules: dataRules } },
  {
    type: SUBNET,
    name: "data",
    props: { addressPrefix: "10.0.2.0/24" },
    deps: { networkSecurityGroup: ["data-nsg"] },
  },
  {
    type: NSG,
    name: "mysql-nsg",
    props: { securityRules: [allow("mysql", "3306", "10.0.1.0/24", 100), denyAll] },
  },
  {
    type: SUBNET,
    name: "mysql",
    props: { addressPrefix: "10.0.3.0/24" },
    deps: { networkSecurityGroup: ["mysql-nsg"] },
  },
  {
    type: SERVER,
    name: "db",
    props: { network: { delegatedSubnetResourceId: "/subscriptions/s/mysql" } },
    deps: { network: ["mysql"] },
  },
  { type: REDIS, name: "cache" },
  { type: ACCOUNT, name: "media" },
  { type: SHARE, name: "wp-content", deps: { accountName: ["media"] } },
  { type: VAULT, name: "kv" },
  { type: ENDPOINT, name: "cache-pe", deps: { privateLinkServiceConnections: ["cache"], subnet: ["data"] } },
  { type: ENDPOINT, name: "media-pe", deps: { privateLinkServiceConnections: ["media"], subnet: ["data"] } },
  { type: ENDPOINT, name: "kv-pe", deps: { privateLinkServiceConnections: ["kv"], subnet: ["data"] } },
];

describe("policy/rules/azure/data-tier", () => {
  stackRuleCases("data-tier-private-only-from-web", graph, [
    [
      "Redis without a private endpoint",
      remove("cache-pe"),
      ["cache: The Redis cluster is reached through no private endpoint."],
    ],
    [
      "MySQL neither delegated nor behind an endpoint",
      (nodes) => rewire("db", "network", [])(patch("db", { network: undefined })(nodes)),
      ["db: The MySQL server is reached through no private endpoint."],
    ],
    [
      "the whole virtual network admitted to MySQL",
      patch("mysql-nsg", { securityRules: [allow("mysql", "3306", "VirtualNetwork", 100), denyAll] }),
      ["mysql-nsg: Rule mysql admits sources outside the web tier to the MySQL server's port(s) 3306."],
    ],
    [
      "a wide rule on the data subnet, reported once for every store it opens",
      patch("data-nsg", { securityRules: [allow("everything", "*", "10.0.0.0/16", 100), denyAll] }),
      ["data-nsg: Rule everything admits sources outside the web tier to the Redis cluster's port(s) *."],
    ],
    [
      "a SecurityRule resource from another group",
      add(
        { type: ASG, name: "search-asg", props: { id: "/subscriptions/s/asg/search" } },
        // The search nodes are in that group, and they are not the web tier.
        {
          type: VMSS,
          name: "search-vmss",
          props: { tags: { tier: "search" } },
          deps: { virtualMachineProfile: ["search-asg"] },
        },
        {
          type: RULE,
          name: "from-search",
          props: {
            ...allow("from-search", "10000", "", 130),
            sourceAddressPrefix: undefined,
            sourceApplicationSecurityGroups: [{ id: "/subscriptions/s/asg/search" }],
          },
          deps: { networkSecurityGroupName: ["data-nsg"], sourceApplicationSecurityGroups: ["search-asg"] },
        },
      ),
      [
        "from-search: Rule from-search admits sources outside the web tier to the Redis cluster's port(s) 10000.",
      ],
    ],
    [
      "nothing for the web servers' application security group",
      add({
        type: RULE,
        name: "from-web-asg",
        props: {
          ...allow("from-web-asg", "10000", "", 130),
          sourceAddressPrefix: undefined,
          sourceApplicationSecurityGroups: [{ id: "/subscriptions/s/asg/web" }],
        },
        deps: { networkSecurityGroupName: ["data-nsg"], sourceApplicationSecurityGroups: ["web-asg"] },
      }),
      [],
    ],
  ]);
});
