import type * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { MockCloud } from "../../runtime/mock-cloud";

const SUB = "11111111-2222-4333-8444-555555555555";

function register(
  cloud: MockCloud,
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  provider?: string,
) {
  return cloud.newResource({
    type,
    name,
    inputs,
    custom: true,
    provider,
  } as unknown as pulumi.runtime.MockResourceArgs);
}

/** A cloud with an azure-native provider for subscription SUB in northeurope; returns its reference. */
function withProvider(): { cloud: MockCloud; ref: string } {
  const cloud = new MockCloud();
  const { id } = register(cloud, "pulumi:providers:azure-native", "az", {
    subscriptionId: SUB,
    location: "northeurope",
  });
  return { cloud, ref: `urn:pulumi:test::storefront::pulumi:providers:azure-native::az::${id}` };
}

describe("runtime/mock-azure: ARM ids and outputs", () => {
  it("gives a resource group and a top-level resource ARM ids under the provider's subscription", () => {
    const { cloud, ref } = withProvider();
    const rg = register(
      cloud,
      "azure-native:resources:ResourceGroup",
      "acme-prod-rg",
      { resourceGroupName: "acme-prod-rg" },
      ref,
    );
    expect(rg.id).to.equal(`/subscriptions/${SUB}/resourceGroups/acme-prod-rg`);
    expect(rg.state.location).to.equal("northeurope");
    const vnet = register(
      cloud,
      "azure-native:network:VirtualNetwork",
      "v",
      { resourceGroupName: "acme-prod-rg", virtualNetworkName: "acme-vnet" },
      ref,
    );
    expect(vnet.id).to.equal(
      `/subscriptions/${SUB}/resourceGroups/acme-prod-rg/providers/Microsoft.Network/virtualNetworks/acme-vnet`,
    );
    expect(vnet.state.name).to.equal("acme-vnet");
  });

  it("nests child resources under their parents' ids", () => {
    const { cloud, ref } = withProvider();
    const subnet = register(
      cloud,
      "azure-native:network:Subnet",
      "s",
      { resourceGroupName: "rg", virtualNetworkName: "vnet", subnetName: "web" },
      ref,
    );
    expect(subnet.id).to.equal(
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/web`,
    );
    const share = register(
      cloud,
      "azure-native:storage:FileShare",
      "f",
      { resourceGroupName: "rg", accountName: "acct", shareName: "media" },
      ref,
    );
    expect(share.id).to.match(/\/storageAccounts\/acct\/fileServices\/default\/shares\/media$/);
    const origin = register(
      cloud,
      "azure-native:cdn:AFDOrigin",
      "o",
      { resourceGroupName: "rg", profileName: "p", originGroupName: "g", originName: "web" },
      ref,
    );
    expect(origin.id).to.match(/\/providers\/Microsoft\.Cdn\/profiles\/p\/originGroups\/g\/origins\/web$/);
  });

  it("hangs extension resources under the resource they extend", () => {
    const { cloud, ref } = withProvider();
    const target = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1`;
    const setting = register(
      cloud,
      "azure-native:monitor:DiagnosticSetting",
      "d",
      { resourceUri: target, name: "to-logs" },
      ref,
    );
    expect(setting.id).to.equal(`${target}/providers/Microsoft.Insights/diagnosticSettings/to-logs`);
  });

  it("answers the outputs other tiers read: host names, URIs, identities", () => {
    const { cloud, ref } = withProvider();
    const rg = { resourceGroupName: "rg" };
    const st = register(
      cloud,
      "azure-native:storage:StorageAccount",
      "s",
      { ...rg, accountName: "acmemedia1" },
      ref,
    );
    expect((st.state.primaryEndpoints as Record<string, string>).file).to.equal(
      "https://acmemedia1.file.core.windows.net/",
    );
    const kv = register(
      cloud,
      "azure-native:keyvault:Vault",
      "k",
      { ...rg, vaultName: "acme-kv", properties: { enableRbacAuthorization: true } },
      ref,
    );
    expect(kv.state.properties).to.deep.equal({
      enableRbacAuthorization: true,
      vaultUri: "https://acme-kv.vault.azure.net/",
    });
    const db = register(cloud, "azure-native:dbformysql:Server", "m", { ...rg, serverName: "acme-db" }, ref);
    expect(db.state.fullyQualifiedDomainName).to.equal("acme-db.mysql.database.azure.com");
    const redis = register(
      cloud,
      "azure-native:redisenterprise:RedisEnterprise",
      "r",
      { ...rg, clusterName: "acme-cache" },
      ref,
    );
    expect(redis.state.hostName).to.equal("acme-cache.northeurope.redis.azure.net");
    const id = register(
      cloud,
      "azure-native:managedidentity:UserAssignedIdentity",
      "i",
      { ...rg, resourceName: "acme-web" },
      ref,
    );
    expect(id.state.principalId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.state.clientId).to.not.equal(id.state.principalId);
    const ep = register(
      cloud,
      "azure-native:cdn:AFDEndpoint",
      "e",
      { ...rg, profileName: "p", endpointName: "acme" },
      ref,
    );
    expect(ep.state.hostName).to.match(/^acme-[0-9a-z]{16}\.z01\.azurefd\.net$/);
    const ip = register(
      cloud,
      "azure-native:network:PublicIPAddress",
      "ip",
      { ...rg, publicIpAddressName: "nat-ip" },
      ref,
    );
    expect(ip.state.ipAddress).to.match(/^198\.51\.100\.\d{1,3}$/);
    const ws = register(
      cloud,
      "azure-native:operationalinsights:Workspace",
      "w",
      { ...rg, workspaceName: "acme-logs" },
      ref,
    );
    expect(ws.state.customerId).to.match(/^[0-9a-f-]{36}$/);
    expect(cloud.rejections).to.deep.equal([]);
  });

  it("gives an Application Gateway's named sub-resources ids under the gateway", () => {
    const { cloud, ref } = withProvider();
    const gw = register(
      cloud,
      "azure-native:network:ApplicationGateway",
      "g",
      {
        resourceGroupName: "rg",
        applicationGatewayName: "acme-agw",
        httpListeners: [{ name: "https" }],
        backendAddressPools: [{ name: "web" }],
      },
      ref,
    );
    expect((gw.state.httpListeners as { id: string }[])[0].id).to.equal(`${gw.id}/httpListeners/https`);
    expect((gw.state.backendAddressPools as { id: string }[])[0].id).to.equal(
      `${gw.id}/backendAddressPools/web`,
    );
  });

  it("is deterministic: the same registrations give the same ids and outputs", () => {
    const a = withProvider();
    const b = withProvider();
    const inputs = { resourceGroupName: "rg", resourceName: "web" };
    expect(
      register(a.cloud, "azure-native:managedidentity:UserAssignedIdentity", "i", inputs, a.ref),
    ).to.deep.equal(
      register(b.cloud, "azure-native:managedidentity:UserAssignedIdentity", "i", inputs, b.ref),
    );
  });

  it("autonames a top-level resource <logical><8 hex> and a child with its logical name, as azure-native does", () => {
    const { cloud, ref } = withProvider();
    const nsg = register(
      cloud,
      "azure-native:network:NetworkSecurityGroup",
      "acme-web-nsg",
      { resourceGroupName: "rg" },
      ref,
    );
    expect(String(nsg.state.name)).to.match(/^acme-web-nsg[0-9a-f]{8}$/);
    const rule = register(
      cloud,
      "azure-native:network:SecurityRule",
      "allow-https",
      { resourceGroupName: "rg", networkSecurityGroupName: "n" },
      ref,
    );
    expect(rule.state.name).to.equal("allow-https");
  });

  it("answers getClientConfig with the provider's subscription and refuses invokes it does not know", () => {
    const { cloud, ref } = withProvider();
    const config = cloud.call({
      token: "azure-native:authorization:getClientConfig",
      inputs: {},
      provider: ref,
    } as unknown as pulumi.runtime.MockCallArgs);
    expect(config.subscriptionId).to.equal(SUB);
    expect(config.tenantId).to.match(/^[0-9a-f-]{36}$/);
    expect(() =>
      cloud.call({
        token: "azure-native:compute:getVirtualMachine",
        inputs: {},
      } as unknown as pulumi.runtime.MockCallArgs),
    ).to.throw(/no answer for invoke/);
  });

  it("answers a Managed Redis database's keys: base64 like Azure's, the same for the same database, apart otherwise", () => {
    const { cloud, ref } = withProvider();
    const keys = (clusterName: string) =>
      cloud.call({
        token: "azure-native:redisenterprise:listDatabaseKeys",
        inputs: { clusterName, databaseName: "default", resourceGroupName: "rg" },
        provider: ref,
      } as unknown as pulumi.runtime.MockCallArgs) as { primaryKey: string; secondaryKey: string };
    const a = keys("acme-prod-sessions");
    expect(a.primaryKey).to.match(/^[A-Za-z0-9+/]{43}=$/);
    expect(a.secondaryKey).not.to.equal(a.primaryKey);
    expect(keys("acme-prod-sessions")).to.deep.equal(a);
    expect(keys("acme-dev-sessions").primaryKey).not.to.equal(a.primaryKey);
  });
});

describe("runtime/mock-azure: what ARM refuses", () => {
  it("refuses a storage account name with a hyphen or over 24 characters, naming the stack key", () => {
    const { cloud, ref } = withProvider();
    register(
      cloud,
      "azure-native:storage:StorageAccount",
      "s1",
      { resourceGroupName: "rg", accountName: "acme-media" },
      ref,
    );
    register(
      cloud,
      "azure-native:storage:StorageAccount",
      "s2",
      { resourceGroupName: "rg", accountName: "a".repeat(25) },
      ref,
    );
    expect(cloud.rejections).to.have.length(2);
    expect(cloud.rejections[0]).to.include({ key: "client" });
    expect(cloud.rejections[0].got)
      .to.include('accountName "acme-media"')
      .and.include("not lowercase letters and digits");
    expect(cloud.rejections[1].got).to.include("longer than 24 characters (25)");
    expect(cloud.rejections[1].expected).to.include("Naming rules and restrictions for Azure resources");
  });

  it("refuses a Key Vault name with '--' or starting with a digit, and a Front Door WAF policy with a hyphen", () => {
    const { cloud, ref } = withProvider();
    register(
      cloud,
      "azure-native:keyvault:Vault",
      "k1",
      { resourceGroupName: "rg", vaultName: "acme--kv" },
      ref,
    );
    register(
      cloud,
      "azure-native:keyvault:Vault",
      "k2",
      { resourceGroupName: "rg", vaultName: "1acme-kv" },
      ref,
    );
    register(
      cloud,
      "azure-native:frontdoor:Policy",
      "w",
      { resourceGroupName: "rg", policyName: "acme-waf" },
      ref,
    );
    expect(cloud.rejections.map((r) => r.got)).to.have.length(3);
    expect(cloud.rejections[0].got).to.include("holding '--'");
    expect(cloud.rejections[1].got).to.include("starting with a letter");
    expect(cloud.rejections[2].got).to.include("letters and digits, starting with a letter");
  });

  it("refuses a DNS record set name with an empty label or a label over 63 characters, and takes @ and _dnsauth", () => {
    const { cloud, ref } = withProvider();
    const record = (name: string, relativeRecordSetName: string) =>
      register(
        cloud,
        "azure-native:dns:RecordSet",
        name,
        { resourceGroupName: "dns", zoneName: "acme.example", recordType: "TXT", relativeRecordSetName },
        ref,
      );
    record("ok-apex", "@");
    record("ok-validation", "_dnsauth.shop");
    record("bad-empty", "_dnsauth..shop");
    record("bad-long", `${"a".repeat(64)}.shop`);
    expect(cloud.rejections.map((r) => r.got)).to.have.length(2);
    for (const r of cloud.rejections) expect(r.expected).to.include("'@' or dot-separated labels of 1-63");
  });

  it("refuses an autonamed resource whose name plus azure-native's 8 characters breaks the limit", () => {
    const { cloud, ref } = withProvider();
    register(cloud, "azure-native:keyvault:Vault", "acme-prod-secrets", { resourceGroupName: "rg" }, ref);
    expect(cloud.rejections).to.have.length(1);
    expect(cloud.rejections[0].got).to.include("autonamed: the logical name plus 8 random characters");
  });

  it("refuses a MySQL server name with capitals, a computer name prefix over 15 and an action group short name over 12", () => {
    const { cloud, ref } = withProvider();
    register(
      cloud,
      "azure-native:dbformysql:Server",
      "m",
      { resourceGroupName: "rg", serverName: "Acme-db" },
      ref,
    );
    register(
      cloud,
      "azure-native:compute:VirtualMachineScaleSet",
      "v",
      {
        resourceGroupName: "rg",
        vmScaleSetName: "acme-web",
        virtualMachineProfile: { osProfile: { computerNamePrefix: "acme-prod-web-01" } },
      },
      ref,
    );
    register(
      cloud,
      "azure-native:monitor:ActionGroup",
      "a",
      { resourceGroupName: "rg", actionGroupName: "acme", groupShortName: "acme-prod-ops" },
      ref,
    );
    expect(cloud.rejections.map((r) => r.got)).to.have.length(3);
    expect(cloud.rejections[1].got)
      .to.include("virtualMachineProfile.osProfile.computerNamePrefix")
      .and.include("longer than 15");
    expect(cloud.rejections[2].got).to.include("groupShortName").and.include("longer than 12");
  });

  it("refuses tags on a type that has none (a subnet) and accepts them on one that has (a VNet)", () => {
    const { cloud, ref } = withProvider();
    register(
      cloud,
      "azure-native:network:Subnet",
      "s",
      { resourceGroupName: "rg", virtualNetworkName: "v", subnetName: "web", tags: { client: "acme" } },
      ref,
    );
    register(
      cloud,
      "azure-native:network:VirtualNetwork",
      "v",
      { resourceGroupName: "rg", virtualNetworkName: "vnet", tags: { client: "acme" } },
      ref,
    );
    expect(cloud.rejections).to.have.length(1);
    expect(cloud.rejections[0]).to.include({ key: "tags" });
    expect(cloud.rejections[0].got).to.include("azure-native:network:Subnet");
  });

  it("refuses two resources with the same ARM id, ignoring case as ARM does", () => {
    const { cloud, ref } = withProvider();
    register(
      cloud,
      "azure-native:network:Subnet",
      "a",
      { resourceGroupName: "rg", virtualNetworkName: "v", subnetName: "web" },
      ref,
    );
    register(
      cloud,
      "azure-native:network:Subnet",
      "b",
      { resourceGroupName: "RG", virtualNetworkName: "v", subnetName: "Web" },
      ref,
    );
    expect(cloud.rejections).to.have.length(1);
    expect(cloud.rejections[0].got).to.include('is already "a"');
  });

  it("loads nothing of Azure's for an AWS-only registration", () => {
    const cloud = new MockCloud();
    register(cloud, "aws:s3/bucket:Bucket", "b", { bucket: "acme-logs" });
    expect((cloud as unknown as { azureMock?: unknown }).azureMock).to.equal(undefined);
  });
});
