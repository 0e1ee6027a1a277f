import { expect } from "chai";
import { POLICIES } from "../../../../policy/pack";
import { runPolicies } from "../../../../runtime/policy-runner";
import { syntheticGraph } from "../../../../runtime/synthetic-graph";
import { cachedStackPlan } from "../../../plan-cache";
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
const SECRET = "azure-native:keyvault:Secret";
const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const GRANT = "azure-native:authorization:RoleAssignment";

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

/** A SecurityRule resource of the data NSG admitting one group to another on `ports`. */
const groupRule = (name: string, ports: string[], from: string, to?: string): Node => ({
  type: RULE,
  name,
  props: {
    name,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    priority: 140,
    sourceApplicationSecurityGroups: [{ id: `/subscriptions/s/asg/${from}` }],
    destinationPortRanges: ports,
    ...(to ? { destinationApplicationSecurityGroups: [{ id: `/subscriptions/s/asg/${to}` }] } : {}),
  },
  deps: {
    networkSecurityGroupName: ["data-nsg"],
    sourceApplicationSecurityGroups: [`${from}-asg`],
    ...(to ? { destinationApplicationSecurityGroups: [`${to}-asg`] } : {}),
  },
});

/**
 * Web servers in 10.0.1.0/24; Redis, media and the vault behind private endpoints in the data subnet; MySQL
 * delegated. The search nodes (no tier tag, not behind the gateway) run as an identity that reads a secret of
 * the vault, and the data NSG admits their group on 443 to the group of the vault's endpoint.
 */
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
  { type: ASG, name: "kv-endpoint-asg", props: { id: "/subscriptions/s/asg/kv-endpoint" } },
  {
    type: ENDPOINT,
    name: "kv-pe",
    deps: {
      privateLinkServiceConnections: ["kv"],
      subnet: ["data"],
      applicationSecurityGroups: ["kv-endpoint-asg"],
    },
  },
  { type: ASG, name: "search-asg", props: { id: "/subscriptions/s/asg/search" } },
  { type: IDENTITY, name: "search-identity" },
  {
    type: VMSS,
    name: "search-vmss",
    deps: { virtualMachineProfile: ["search-asg"], identity: ["search-identity"] },
  },
  { type: SECRET, name: "search-password", deps: { vaultName: ["kv"] } },
  {
    type: GRANT,
    name: "search-reads-password",
    deps: { scope: ["search-password"], principalId: ["search-identity"] },
  },
  groupRule("vault-from-search", ["443"], "search", "kv-endpoint"),
];

const VAULT_FROM_SEARCH =
  "vault-from-search: Rule vault-from-search admits sources outside the web tier to the key vault's port(s) 443.";

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
      "a SecurityRule resource from another group (the search nodes, not the web tier)",
      add(groupRule("from-search", ["10000"], "search")),
      [
        "from-search: Rule from-search admits sources outside the web tier to the Redis cluster's port(s) 10000.",
      ],
    ],
    [
      "the search nodes' identity holds no role in the vault",
      remove("search-reads-password"),
      [VAULT_FROM_SEARCH],
    ],
    [
      "the search nodes' identity holds a role in another vault only",
      (nodes) =>
        rewire("search-reads-password", "scope", ["other-secret"])(
          add(
            { type: VAULT, name: "other-kv" },
            { type: SECRET, name: "other-secret", deps: { vaultName: ["other-kv"] } },
            {
              type: ENDPOINT,
              name: "other-kv-pe",
              deps: { privateLinkServiceConnections: ["other-kv"], subnet: ["data"] },
            },
          )(nodes),
        ),
      [VAULT_FROM_SEARCH],
    ],
    [
      "another scale set in the search nodes' group, without the role",
      add({ type: VMSS, name: "batch-vmss", deps: { virtualMachineProfile: ["search-asg"] } }),
      [VAULT_FROM_SEARCH],
    ],
    [
      "the search nodes' rule opens more than 443",
      (nodes) =>
        nodes.map((n) =>
          n.name === "vault-from-search"
            ? groupRule("vault-from-search", ["443", "8443"], "search", "kv-endpoint")
            : n,
        ),
      [
        "vault-from-search: Rule vault-from-search admits sources outside the web tier to the key vault's port(s) 443, 8443.",
      ],
    ],
    [
      "the search nodes' rule names the whole data subnet, not the vault's endpoint",
      (nodes) =>
        nodes.map((n) =>
          n.name === "vault-from-search" ? groupRule("vault-from-search", ["443"], "search") : n,
        ),
      [VAULT_FROM_SEARCH],
    ],
    [
      "the vault's endpoint shares its group with another service's endpoint",
      rewire("media-pe", "applicationSecurityGroups", ["kv-endpoint-asg"]),
      [VAULT_FROM_SEARCH],
    ],
    [
      "the search nodes' own (system-assigned) identity holds the role",
      rewire("search-reads-password", "principalId", ["search-vmss"]),
      [],
    ],
    [
      "the search nodes to their snapshots' endpoint, which no data store's endpoint shares",
      add(
        { type: ACCOUNT, name: "snapshots" },
        {
          type: ASG,
          name: "snapshots-endpoint-asg",
          props: { id: "/subscriptions/s/asg/snapshots-endpoint" },
        },
        {
          type: ENDPOINT,
          name: "snapshots-pe",
          deps: {
            privateLinkServiceConnections: ["snapshots"],
            subnet: ["data"],
            applicationSecurityGroups: ["snapshots-endpoint-asg"],
          },
        },
        groupRule("snapshots-from-search", ["443"], "search", "snapshots-endpoint"),
      ),
      [],
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

describe("policy/rules/azure/data-tier: on a large graph", () => {
  it("judges 4,000 resources (azure-prod copied some twenty times) without a false finding", async function () {
    // Every copy keeps the plan's ids and names, so each literal reference names every copy: the joins of
    // the NSGs, endpoints, groups and grants must still match each copy to its own. How long the pack takes
    // on graphs this size is measured by `npm run bench` (policy pack: 10000 resources); the joins took
    // 552 s here when they were nested loops, which the time limit below still stops.
    this.timeout(60000);
    const plan = await cachedStackPlan("azure-prod");
    const graph = syntheticGraph(plan.registrations, 4000);
    expect(graph.length).to.be.at.least(4000);
    const rules = POLICIES.filter((p) =>
      ["data-tier-private-only-from-web", "afd-origin-locked"].includes(p.name),
    );
    expect(rules).to.have.length(2);
    const run = await runPolicies(graph, rules);
    expect(run.violations).to.deep.equal([]);
  });
});
