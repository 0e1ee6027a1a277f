import { expect } from "chai";
import * as ipaddr from "ipaddr.js";
import {
  AzureNetwork,
  AzureNetworkArgs,
  checkAzureNetworkArgs,
  DENY_ALL_PRIORITY,
} from "../../../../components/azure/network/network";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const ARGS: AzureNetworkArgs = {
  resourceGroupName: "acme-prod-rg",
  location: "westeurope",
  addressSpace: "10.50.0.0/16",
  bastion: true,
  search: true,
  flowLogs: {
    retentionDays: 365,
    workspace: {
      id: "/subscriptions/s/resourceGroups/acme-prod-rg/providers/Microsoft.OperationalInsights/workspaces/logs",
      customerId: "c1d2",
      location: "westeurope",
    },
  },
  stackKey: "sub/acme-prod-rg/prod",
};

type Props = Record<string, unknown>;

describe("components/azure/network/network", () => {
  let mocks: MockSession;
  let net: AzureNetwork;
  let rules: Props[];
  let subnets: Props[];

  before(async () => {
    mocks = await useMockCloud("prod");
    net = new AzureNetwork("acme-prod-network", ARGS);
    await valueOf(net.virtualNetworkId);
    await mocks.settle();
    rules = mocks.ofType("azure-native:network:SecurityRule").map((r) => mocks.props(r));
    subnets = mocks.ofType("azure-native:network:Subnet").map((r) => mocks.props(r));
    expect(mocks.recorder.registrations.length).to.be.greaterThan(20);
  });

  it("registers under the Azure token convention and plans without a refusal of the mock cloud", () => {
    expect(mocks.one("storefront:azure/network:AzureNetwork").name).to.equal("acme-prod-network");
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("has a subnet per tier, none with default outbound access, all inside the VNet and apart", () => {
    const byName = Object.fromEntries(subnets.map((s) => [s.subnetName, s]));
    expect(Object.keys(byName).sort()).to.deep.equal([
      "AzureBastionSubnet",
      "data",
      "gateway",
      "mysql",
      "search",
      "web",
    ]);
    for (const s of subnets) expect(s.defaultOutboundAccess, String(s.subnetName)).to.equal(false);
    const vnet = ipaddr.IPv4.parseCIDR("10.50.0.0/16");
    const ranges = subnets.map((s) => ipaddr.IPv4.parseCIDR(String(s.addressPrefix)));
    for (const r of ranges) expect(r[0].match(vnet)).to.equal(true);
    for (const [i, a] of ranges.entries()) {
      for (const b of ranges.slice(i + 1)) expect(a[0].match(b) || b[0].match(a)).to.equal(false);
    }
  });

  it("sizes the subnets as Azure requires: gateway /24 or larger, AzureBastionSubnet /26 or larger", () => {
    const mask = (name: string) =>
      Number(String(subnets.find((s) => s.subnetName === name)?.addressPrefix).split("/")[1]);
    expect(mask("gateway")).to.be.at.most(24);
    expect(mask("AzureBastionSubnet")).to.be.at.most(26);
  });

  it("delegates the MySQL subnet to flexible servers and turns on network policies for private endpoints", () => {
    const mysql = subnets.find((s) => s.subnetName === "mysql");
    expect(mysql?.delegations).to.deep.equal([
      { name: "mysql-flexible-server", serviceName: "Microsoft.DBforMySQL/flexibleServers" },
    ]);
    expect(subnets.find((s) => s.subnetName === "data")?.privateEndpointNetworkPolicies).to.equal("Enabled");
  });

  it("ends every NSG in an explicit deny-all inbound, and every subnet but Bastion's has one", () => {
    const nsgs = mocks.ofType("azure-native:network:NetworkSecurityGroup").map((r) => mocks.props(r));
    expect(nsgs).to.have.length(5);
    for (const nsg of nsgs) {
      const own = rules.filter((r) => r.networkSecurityGroupName === nsg.name);
      const last = own.reduce((a, b) => (Number(a.priority) > Number(b.priority) ? a : b));
      expect(last, String(nsg.name)).to.deep.include({
        access: "Deny",
        direction: "Inbound",
        priority: DENY_ALL_PRIORITY,
        sourceAddressPrefix: "*",
        destinationPortRange: "*",
      });
    }
    for (const s of subnets) {
      expect(Boolean(s.networkSecurityGroup), String(s.subnetName)).to.equal(
        s.subnetName !== "AzureBastionSubnet",
      );
    }
  });

  it("admits the data tiers only from the web servers' application security group, never from an address", () => {
    const dataRules = rules.filter(
      (r) => /-(data|mysql)-nsg/.test(String(r.networkSecurityGroupName)) && r.access === "Allow",
    );
    expect(dataRules.length).to.be.greaterThan(0);
    for (const r of dataRules) {
      expect(r.sourceAddressPrefix, String(r.securityRuleName)).to.equal(undefined);
      expect(r.sourceApplicationSecurityGroups).to.have.length(1);
    }
    const mysqlPorts = dataRules
      .filter((r) => String(r.networkSecurityGroupName).includes("mysql"))
      .flatMap((r) => r.destinationPortRanges as string[]);
    expect(mysqlPorts).to.deep.equal(["3306"]);
  });

  it("admits 443 in the data subnet only to endpoints' groups: Key Vault from both fleets, snapshots from search", async () => {
    const [web, search, vault, snapshots] = await Promise.all([
      valueOf(net.webSecurityGroupId),
      valueOf(net.searchSecurityGroupId),
      valueOf(net.endpointSecurityGroupIds.vault),
      valueOf(net.endpointSecurityGroupIds.snapshots!),
    ]);
    const idsOf = (v: unknown) => (v as { id: string }[] | undefined)?.map((g) => g.id);
    const https = rules
      .filter(
        (r) =>
          String(r.networkSecurityGroupName).includes("-data-nsg") &&
          r.access === "Allow" &&
          (r.destinationPortRanges as string[]).includes("443"),
      )
      .map((r) => [
        idsOf(r.sourceApplicationSecurityGroups),
        idsOf(r.destinationApplicationSecurityGroups),
        r.destinationAddressPrefix,
        r.destinationPortRanges,
      ]);
    expect(https).to.have.deep.members([
      [[web], [vault], undefined, ["443"]],
      [[search], [vault], undefined, ["443"]],
      [[search], [snapshots], undefined, ["443"]],
    ]);
    // The search nodes talk to each other on the transport port only.
    const between = rules.find((r) => String(r.securityRuleName) === "allow-between-nodes");
    expect(between?.destinationPortRanges).to.deep.equal(["9300"]);
  });

  it("admits the gateway on 443 only from Front Door's back end, plus what Application Gateway v2 needs", () => {
    const gw = rules.filter(
      (r) => String(r.networkSecurityGroupName).includes("-gateway-nsg") && r.access === "Allow",
    );
    const https = gw.find((r) => (r.destinationPortRanges as string[] | undefined)?.includes("443"));
    expect(https?.sourceAddressPrefix).to.equal("AzureFrontDoor.Backend");
    expect(gw.find((r) => r.sourceAddressPrefix === "GatewayManager")?.destinationPortRanges).to.deep.equal([
      "65200-65535",
    ]);
    expect(gw.every((r) => r.sourceAddressPrefix !== "Internet" && r.sourceAddressPrefix !== "*")).to.equal(
      true,
    );
  });

  it("sends web and search egress through one NAT gateway, and nothing else", () => {
    const natId = mocks.ofType("azure-native:network:NatGateway")[0].id;
    const withNat = subnets
      .filter((s) => (s.natGateway as { id?: string } | undefined)?.id === natId)
      .map((s) => s.subnetName);
    expect(withNat.sort()).to.deep.equal(["search", "web"]);
  });

  it("logs the VNet's flows through the region's Network Watcher to storage and traffic analytics", () => {
    const log = mocks.props(mocks.one("azure-native:network:FlowLog"));
    expect(log.resourceGroupName).to.equal("NetworkWatcherRG");
    expect(log.networkWatcherName).to.equal("NetworkWatcher_westeurope");
    expect(log.targetResourceId).to.equal(mocks.one("azure-native:network:VirtualNetwork").id);
    expect(log.retentionPolicy).to.deep.equal({ days: 365, enabled: true });
    expect(log.flowAnalyticsConfiguration).to.have.nested.property(
      "networkWatcherFlowAnalyticsConfiguration.enabled",
      true,
    );
    const account = mocks.props(mocks.one("azure-native:storage:StorageAccount"));
    expect(account).to.deep.include({
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      minimumTlsVersion: "TLS1_2",
    });
  });

  it("links private DNS zones for Files, Key Vault, Managed Redis and MySQL to the VNet", async () => {
    const zones = mocks
      .ofType("azure-native:privatedns:PrivateZone")
      .map((r) => String(mocks.props(r).privateZoneName));
    expect(zones).to.include.members([
      "privatelink.file.core.windows.net",
      "privatelink.vaultcore.azure.net",
      "privatelink.redis.azure.net",
    ]);
    expect(zones.some((z) => z.endsWith(".private.mysql.database.azure.com"))).to.equal(true);
    const links = mocks.ofType("azure-native:privatedns:VirtualNetworkLink").map((r) => mocks.props(r));
    expect(links).to.have.length(zones.length);
    expect(links.filter((l) => l.registrationEnabled === true)).to.have.length(1);
    expect(await valueOf(net.privateDnsZoneIds.redis)).to.match(
      /\/privateDnsZones\/privatelink\.redis\.azure\.net$/,
    );
  });
});

describe("components/azure/network/network: checkAzureNetworkArgs", () => {
  it("names every contradiction at once", () => {
    expect(() =>
      checkAzureNetworkArgs({
        ...ARGS,
        addressSpace: "10.50.0.0/22",
        webPort: 0,
        flowLogs: { retentionDays: 400 },
      }),
    ).to.throw(/smaller than a \/20.*retentionDays 400.*webPort 0/);
    expect(() => checkAzureNetworkArgs({ ...ARGS, addressSpace: "8.8.0.0/16" })).to.throw(/private/);
    expect(() => checkAzureNetworkArgs({ ...ARGS, addressSpace: "10.50.1.0/16" })).to.throw(/host bits/);
  });
});

describe("components/azure/network/network: without Bastion and search", () => {
  it("has no AzureBastionSubnet, no search subnet and no SSH rule", async () => {
    const mocks = await useMockCloud("dev");
    const net = new AzureNetwork("acme-dev-network", { ...ARGS, bastion: false, search: false });
    await valueOf(net.virtualNetworkId);
    await mocks.settle();
    const names = mocks.ofType("azure-native:network:Subnet").map((r) => mocks.props(r).subnetName);
    expect(names.sort()).to.deep.equal(["data", "gateway", "mysql", "web"]);
    const rules = mocks.ofType("azure-native:network:SecurityRule").map((r) => mocks.props(r));
    expect(rules.some((r) => (r.destinationPortRanges as string[] | undefined)?.includes("22"))).to.equal(
      false,
    );
    expect(net.subnetIds.bastion).to.equal(undefined);
    expect(mocks.rejections).to.deep.equal([]);
  });
});

describe("components/azure/network/network: before the Application Gateway exists", () => {
  it("closes the gateway subnet: its NSG holds only the deny-all", async () => {
    const mocks = await useMockCloud("early");
    const net = new AzureNetwork("acme-early-network", { ...ARGS, gateway: false });
    await valueOf(net.virtualNetworkId);
    await mocks.settle();
    const gatewayRules = mocks
      .ofType("azure-native:network:SecurityRule")
      .map((r) => mocks.props(r))
      .filter((r) => String(r.networkSecurityGroupName).includes("-gateway-nsg"));
    expect(gatewayRules.map((r) => r.access)).to.deep.equal(["Deny"]);
    expect(mocks.rejections).to.deep.equal([]);
  });
});

describe("components/azure/network/network: a gateway serving plain HTTP (dev without a domain)", () => {
  it("admits Front Door on 80 instead of 443, and nothing else from outside", async () => {
    const mocks = await useMockCloud("plain");
    const net = new AzureNetwork("acme-plain-network", {
      ...ARGS,
      gatewaySources: "frontDoor",
      gatewayPlainHttp: true,
    });
    await valueOf(net.virtualNetworkId);
    await mocks.settle();
    const web = mocks
      .ofType("azure-native:network:SecurityRule")
      .map((r) => mocks.props(r))
      .filter(
        (r) =>
          String(r.networkSecurityGroupName).includes("-gateway-nsg") &&
          r.access === "Allow" &&
          ["AzureFrontDoor.Backend", "Internet"].includes(String(r.sourceAddressPrefix)),
      );
    expect(web.map((r) => [r.sourceAddressPrefix, r.destinationPortRanges])).to.deep.equal([
      ["AzureFrontDoor.Backend", ["80"]],
    ]);
    expect(mocks.rejections).to.deep.equal([]);
  });
});
