import { expect } from "chai";
import {
  AzureStorefront,
  AzureStorefrontArgs,
  checkAzureStorefrontArgs,
} from "../../../../components/azure/storefront/storefront";
import { UNTAGGABLE_TYPES } from "../../../../components/azure/shared/tags";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const TAGS = { client: "acme", environment: "prod", "managed-by": "pulumi", "cost-center": "shop" };
const ARGS: AzureStorefrontArgs = {
  client: "acme",
  environment: "prod",
  profile: "magento",
  location: "westeurope",
  tags: TAGS,
  stackKey: "sub/acme-prod-rg/prod",
  network: { addressSpace: "10.60.0.0/16", flowLogRetentionDays: 365 },
};

describe("components/azure/storefront/storefront", () => {
  let mocks: MockSession;
  let storefront: AzureStorefront;

  before(async () => {
    mocks = await useMockCloud("prod");
    storefront = new AzureStorefront("acme-prod", ARGS);
    await valueOf(storefront.network.virtualNetworkId);
    await mocks.settle();
  });

  it("creates the stack's resource group in the stack's location and plans without a refusal", async () => {
    const rg = mocks.props(mocks.one("azure-native:resources:ResourceGroup"));
    expect(rg).to.deep.include({ resourceGroupName: "acme-prod-rg", location: "westeurope" });
    expect(await valueOf(storefront.resourceGroupName)).to.equal("acme-prod-rg");
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("puts the stack's tags on every taggable Azure resource, and none on a type without tags", () => {
    const azure = mocks.recorder.registrations.filter((r) => r.type.startsWith("azure-native:"));
    expect(azure.length).to.be.greaterThan(20);
    for (const r of azure) {
      const tags = mocks.props(r).tags;
      if (UNTAGGABLE_TYPES.has(r.type)) expect(tags, `${r.type} ${r.name}`).to.equal(undefined);
      else expect(tags, `${r.type} ${r.name}`).to.deep.equal(TAGS);
    }
  });

  it("places the network in the stack's resource group", () => {
    for (const r of mocks.ofType("azure-native:network:Subnet")) {
      expect(mocks.props(r).resourceGroupName).to.equal("acme-prod-rg");
    }
  });
});

/** The data tiers as the prod presets would give them. */
const DATA: Pick<AzureStorefrontArgs, "secrets" | "database" | "cache" | "media"> = {
  secrets: { protect: true },
  database: {
    tier: "GeneralPurpose",
    skuName: "Standard_D4ads_v5",
    storageGiB: 128,
    regionZones: ["1", "2", "3"],
    zone: "1",
    highAvailability: "ZoneRedundant",
    readers: 1,
    backupRetentionDays: 30,
    geoRedundantBackup: true,
    pairedRegion: "northeurope",
    protect: true,
  },
  cache: { skuName: "Balanced_B5", highAvailability: true, persistence: true },
  media: { quotaGiB: 512, snapshotRetentionDays: 30, protect: true },
};

describe("components/azure/storefront/storefront: the data tiers", () => {
  let mocks: MockSession;
  let storefront: AzureStorefront;

  before(async () => {
    mocks = await useMockCloud("prod");
    storefront = new AzureStorefront("acme-prod", { ...ARGS, profile: "wordpress", ...DATA });
    await valueOf(storefront.database!.host);
    await valueOf(storefront.media!.mount);
    await mocks.settle();
  });

  it("builds Key Vault, MySQL, Managed Redis and the media share inside the stack, without a refusal", () => {
    for (const token of [
      "storefront:azure/secrets:KeyVault",
      "storefront:azure/data:MySql",
      "storefront:azure/data:ManagedRedis",
      "storefront:azure/storage:MediaShare",
    ]) {
      expect(mocks.one(token).parent, token).to.equal(
        mocks.one("storefront:azure/storefront:AzureStorefront").urn,
      );
    }
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("places the private endpoints in the data subnet and uses the network's private DNS zones", async () => {
    const data = await valueOf(storefront.network.subnetIds.data);
    const endpoints = mocks.ofType("azure-native:network:PrivateEndpoint").map((e) => mocks.props(e));
    expect(endpoints).to.have.length(3);
    for (const e of endpoints) expect((e.subnet as { id: string }).id).to.equal(data);
    // The network owns the zones: the data tiers make none of their own.
    const zonesByName = mocks
      .ofType("azure-native:privatedns:PrivateZone")
      .map((z) => String(mocks.props(z).privateZoneName));
    expect(new Set(zonesByName).size, "each zone once").to.equal(zonesByName.length);
    const server = mocks.props(mocks.ofType("azure-native:dbformysql:Server")[0]);
    expect((server.network as { privateDnsZoneResourceId: string }).privateDnsZoneResourceId).to.equal(
      await valueOf(storefront.network.mysqlDnsZoneId),
    );
    expect((server.network as { delegatedSubnetResourceId: string }).delegatedSubnetResourceId).to.equal(
      await valueOf(storefront.network.subnetIds.mysql),
    );
  });

  it("keeps every generated secret in the stack's vault, WordPress salts included, all in its resource group", async () => {
    const vaultName = await valueOf(storefront.keyVault!.vaultName);
    const secrets = mocks.ofType("azure-native:keyvault:Secret").map((x) => mocks.props(x));
    expect(secrets.map((x) => x.secretName).sort()).to.deep.equal([
      "mysql-admin-password",
      "redis-access-key",
      "wordpress-salts",
    ]);
    for (const x of secrets) expect(x).to.deep.include({ vaultName, resourceGroupName: "acme-prod-rg" });
    const vault = mocks.props(mocks.one("azure-native:keyvault:Vault"));
    expect((vault.properties as { tenantId: string }).tenantId).to.match(/^[0-9a-f-]{36}$/);
  });

  it("tags the data tiers' taggable resources and leaves the others untagged", () => {
    const data = mocks.recorder.registrations.filter((r) =>
      /^azure-native:(keyvault|dbformysql|redisenterprise|storage|logic|authorization|managedidentity):/.test(
        r.type,
      ),
    );
    expect(data.length).to.be.greaterThan(25);
    for (const r of data) {
      const tags = mocks.props(r).tags;
      if (UNTAGGABLE_TYPES.has(r.type)) expect(tags, `${r.type} ${r.name}`).to.equal(undefined);
      else expect(tags, `${r.type} ${r.name}`).to.deep.equal(TAGS);
    }
  });

  it("refuses a database or cache without the vault that holds their secrets", () => {
    expect(() => checkAzureStorefrontArgs({ ...ARGS, database: DATA.database, cache: DATA.cache })).to.throw(
      "AzureStorefront: database: needs secrets (its password lives in Key Vault); cache: needs secrets (its access key lives in Key Vault)",
    );
  });
});
