import { expect } from "chai";
import { AzureNetworkModel, AzureTier } from "../../runtime/azure-nsg";
import type { PlanResult } from "../../runtime/plan-runner";
import { readStackSettings } from "../../runtime/stack-files";
import { cachedPlan, cachedStackPlan } from "../plan-cache";
import { withChange } from "../plan-edits";

/*
 * Every flow the servers' first boot and the running shop need, evaluated against the plan's NSGs as Azure
 * evaluates them, and the flows that must stay closed. The needs, from the scripts and the services:
 * - web first boot (components/azure/web/user-data.ts) reads its secrets from Key Vault (443), mounts the
 *   media share over NFS through AZNFS (2049), and PHP talks to MySQL (3306), Managed Redis (10000, the
 *   EnterpriseCluster endpoint) and, on Magento, OpenSearch through its load balancer (9200);
 * - search first boot (components/azure/search/first-boot.ts) reads its password and CA seed from Key Vault
 *   and writes the CA certificate there (443), takes daily snapshots to Blob storage (443), and the nodes
 *   form a cluster over the transport port (9300); the load balancer probes 9200;
 * - the gateway forwards to the web servers' port (80), Front Door reaches the gateway (443, or 80 on a dev
 *   stack without a domain), Application Gateway v2 needs 65200-65535 from GatewayManager ("Application
 *   Gateway infrastructure configuration"), Bastion reaches the servers on 22 when it is on;
 * - both fleets download packages (apt, the OpenSearch release, Microsoft's repository) on 443 through the
 *   NAT gateway.
 */

type Flow = readonly [from: AzureTier, to: AzureTier, port: number];

function withProfile(stack: string, profile: "wordpress" | "magento") {
  const settings = readStackSettings(process.cwd(), stack);
  return { ...settings, config: { ...settings.config, "storefront:profile": profile } };
}

const DATA: readonly Flow[] = [
  ["web", "vault", 443],
  ["web", "db", 3306],
  ["web", "cache", 10000],
  ["web", "media", 2049],
];
const SEARCH: readonly Flow[] = [
  ["web", "search", 9200],
  ["search", "vault", 443],
  ["search", "snapshots", 443],
  ["search", "search", 9300],
  ["azure-lb", "search", 9200],
];
const GATEWAY: readonly Flow[] = [
  ["gateway", "web", 80],
  ["gateway-manager", "gateway", 65200],
  ["gateway-manager", "gateway", 65535],
];

/** What nobody but the tier that needs it may open. */
function closed(search: boolean): Flow[] {
  const stores: Flow[] = [
    ["db", "db", 3306],
    ["cache", "cache", 10000],
    ["media", "media", 2049],
    ["vault", "vault", 443],
    ...(search ? ([["snapshots", "snapshots", 443]] as Flow[]) : []),
  ];
  const outsiders: AzureTier[] = ["internet", "cdn", "vnet", "gateway", "bastion"];
  return [
    // Nothing from the internet or the network at large into the data tier, the servers or search.
    ...stores.flatMap(([, to, port]) => outsiders.map((from): Flow => [from, to, port])),
    ...(["internet", "cdn", "vnet"] as AzureTier[]).flatMap((from): Flow[] => [
      [from, "web", 80],
      [from, "web", 22],
      ...(search
        ? ([
            [from, "search", 9200],
            [from, "search", 9300],
            [from, "search", 22],
          ] as Flow[])
        : []),
    ]),
    // Each tier reaches only what it uses.
    ...(search
      ? ([
          ["web", "search", 9300],
          ["web", "snapshots", 443],
          ["search", "db", 3306],
          ["search", "cache", 10000],
          ["search", "media", 2049],
          ["search", "web", 80],
          ["gateway", "search", 9200],
        ] as Flow[])
      : []),
    ["gateway", "web", 22],
  ];
}

const admitted = (model: AzureNetworkModel, flows: readonly Flow[]) =>
  flows.filter(([from, to, port]) => model.tierReaches(from, to, port));
const refused = (model: AzureNetworkModel, flows: readonly Flow[]) =>
  flows.filter(([from, to, port]) => !model.tierReaches(from, to, port));

describe("runtime/azure-nsg: the example stacks admit every flow they need, and nothing else", () => {
  const cases: [
    string,
    () => Promise<PlanResult>,
    { search: boolean; bastion: boolean; gatewayPort: number },
  ][] = [
    [
      "azure-prod (Magento, Bastion)",
      () => cachedStackPlan("azure-prod"),
      { search: true, bastion: true, gatewayPort: 443 },
    ],
    [
      "azure-prod on WordPress",
      () => cachedPlan(withProfile("azure-prod", "wordpress")),
      { search: false, bastion: true, gatewayPort: 443 },
    ],
    [
      "azure-dev (Magento, no domain)",
      () => cachedStackPlan("azure-dev"),
      { search: true, bastion: false, gatewayPort: 80 },
    ],
  ];
  for (const [title, plan, shape] of cases) {
    describe(title, () => {
      let model: AzureNetworkModel;
      before(async () => {
        model = new AzureNetworkModel(await plan());
      });

      it("admits what first boot and the shop need", () => {
        const needed: Flow[] = [
          ...DATA,
          ...GATEWAY,
          ["cdn", "gateway", shape.gatewayPort],
          ...(shape.search ? SEARCH : []),
          ...(shape.bastion
            ? ([
                ["bastion", "web", 22],
                ["operators", "bastion", 443],
                ...(shape.search ? ([["bastion", "search", 22]] as Flow[]) : []),
              ] as Flow[])
            : []),
        ];
        expect(refused(model, needed)).to.deep.equal([]);
      });

      it("lets the servers download packages through the NAT gateway", () => {
        expect(model.reachesInternet("web", 443)).to.equal(true);
        if (shape.search) expect(model.reachesInternet("search", 443)).to.equal(true);
      });

      it("refuses everything else that was asked for", () => {
        expect(admitted(model, closed(shape.search))).to.deep.equal([]);
        // Shoppers reach the gateway only through Front Door.
        expect(model.tierReaches("internet", "gateway", shape.gatewayPort)).to.equal(false);
        if (!shape.bastion) {
          expect(model.tierReaches("bastion", "web", 22)).to.equal(false);
          expect(model.tierReaches("vnet", "web", 22)).to.equal(false);
        }
      });
    });
  }
});

describe("runtime/azure-nsg: Azure's evaluation", () => {
  let plan: PlanResult;
  before(async () => {
    plan = await cachedStackPlan("azure-prod");
  });
  const nsgId = (role: string) =>
    String(plan.registrations.find((r) => r.name.endsWith(`-network-${role}-nsg`))!.id);
  const outboundRule = (role: string, access: "Allow" | "Deny", inputs: Record<string, unknown>) => ({
    ...plan.registrations.find((r) => r.type === "azure-native:network:SecurityRule")!,
    urn: `urn:pulumi:azure-prod::storefront::azure-native:network:SecurityRule::${role}-out`,
    name: `${role}-out`,
    id: `${nsgId(role)}/securityRules/${role}-out`,
    propertyDependencies: {},
    inputs: {
      direction: "Outbound",
      access,
      priority: 100,
      protocol: "Tcp",
      sourceAddressPrefix: "*",
      sourcePortRange: "*",
      destinationPortRange: "*",
      ...inputs,
    },
  });

  it("evaluates the sender's outbound rules too: a deny on its subnet's NSG stops the flow", () => {
    expect(new AzureNetworkModel(plan).tierReaches("web", "db", 3306)).to.equal(true);
    const denied = withChange(
      plan,
      () => false,
      (i) => i,
      [outboundRule("web", "Deny", { destinationAddressPrefix: "VirtualNetwork" })],
    );
    const model = new AzureNetworkModel(denied);
    expect(model.tierReaches("web", "db", 3306)).to.equal(false);
    // The gateway's outbound rules are its own: it still reaches the web servers.
    expect(model.tierReaches("gateway", "web", 80)).to.equal(true);
  });

  it("reaches the internet only with a way out and outbound rules that allow it", () => {
    expect(new AzureNetworkModel(plan).reachesInternet("web", 443)).to.equal(true);
    const noNat = withChange(
      plan,
      (r) => r.type === "azure-native:network:Subnet" && String(r.id).endsWith("/subnets/web"),
      ({ natGateway: _nat, ...i }) => i,
    );
    expect(new AzureNetworkModel(noNat).reachesInternet("web", 443)).to.equal(false);
    const denied = withChange(
      plan,
      () => false,
      (i) => i,
      [outboundRule("web", "Deny", { destinationAddressPrefix: "Internet" })],
    );
    expect(new AzureNetworkModel(denied).reachesInternet("web", 443)).to.equal(false);
  });

  it("applies a rule naming destination groups only to the members of those groups", () => {
    const model = new AzureNetworkModel(plan);
    // Two vault endpoints: the stack's (in the vault endpoints' group) and the paired region's MySQL
    // geo-backup key vault's, in no group: nothing in the network reaches that one (MySQL reaches its key
    // as a trusted service, not through the network).
    const vaults = model.hosts.filter((h) => h.tier === "vault");
    expect(vaults.map((h) => h.asgIds.length > 0).sort()).to.deep.equal([false, true]);
    const keysOnly = vaults.find((h) => h.asgIds.length === 0)!;
    for (const from of ["web", "search", "bastion"] as const)
      expect(model.reaches(from, keysOnly, 443)).to.equal(false);
    const vault = vaults.find((h) => h.asgIds.length > 0)!;
    // The same endpoint without its group: the rules that name the group no longer reach it.
    const alone = { ...vault, asgIds: [] };
    expect(model.reaches("web", vault, 443)).to.equal(true);
    expect(model.reaches("web", alone, 443)).to.equal(false);
    expect(model.reaches("search", alone, 443)).to.equal(false);
  });
});
