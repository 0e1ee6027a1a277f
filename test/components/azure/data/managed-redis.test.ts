import { expect } from "chai";
import {
  ManagedRedis,
  ManagedRedisArgs,
  checkManagedRedisArgs,
} from "../../../../components/azure/data/managed-redis";
import { fromWire } from "../../../../runtime/wire";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const RG = "acme-prod-rg";
const NET = `/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet`;
const PROD: ManagedRedisArgs = {
  resourceGroupName: RG,
  location: "westeurope",
  stackKey: "sub/acme-prod-rg/prod",
  skuName: "Balanced_B5",
  highAvailability: true,
  persistence: true,
  subnetId: `${NET}/subnets/data`,
  virtualNetworkId: NET,
  vault: {
    vaultName: "acme-prod-kv",
    resourceGroupName: RG,
    vaultUri: "https://acme-prod-kv.vault.azure.net/",
  },
};

type Props = Record<string, unknown>;

describe("components/azure/data/managed-redis", () => {
  describe("prod", () => {
    let mocks: MockSession;
    let redis: ManagedRedis;
    before(async () => {
      mocks = await useMockCloud("prod");
      redis = new ManagedRedis("acme-prod-sessions", PROD);
      await valueOf(redis.accessKeySecretUri);
      await mocks.settle();
    });

    it("is Azure Managed Redis, never the retiring Azure Cache for Redis", () => {
      expect(mocks.one("storefront:azure/data:ManagedRedis").name).to.equal("acme-prod-sessions");
      expect(
        mocks.recorder.registrations.filter((r) => r.type.startsWith("azure-native:redis:")),
      ).to.deep.equal([]);
      expect(mocks.props(mocks.one("azure-native:redisenterprise:RedisEnterprise")).sku).to.deep.equal({
        name: "Balanced_B5",
      });
      expect(mocks.rejections).to.deep.equal([]);
    });

    it("is highly available, TLS 1.2 at least and closed to the public network", () => {
      expect(mocks.props(mocks.one("azure-native:redisenterprise:RedisEnterprise"))).to.deep.include({
        highAvailability: "Enabled",
        minimumTlsVersion: "1.2",
        publicNetworkAccess: "Disabled",
      });
    });

    it("speaks TLS only on one endpoint, evicts only keys with an expiry and persists every second", () => {
      expect(mocks.props(mocks.one("azure-native:redisenterprise:Database"))).to.deep.include({
        databaseName: "default",
        clientProtocol: "Encrypted",
        port: 10000,
        clusteringPolicy: "EnterpriseCluster",
        evictionPolicy: "VolatileLRU",
        accessKeysAuthentication: "Enabled",
        persistence: { aofEnabled: true, aofFrequency: "1s" },
      });
      expect(redis.port).to.equal(10000);
      expect(redis.tls).to.equal(true);
    });

    it("has a private endpoint for the cluster in the data subnet with the Managed Redis DNS zone", () => {
      const endpoint = mocks.props(mocks.one("azure-native:network:PrivateEndpoint"));
      expect((endpoint.subnet as Props).id).to.equal(PROD.subnetId);
      expect((endpoint.privateLinkServiceConnections as Props[])[0].groupIds).to.deep.equal([
        "redisEnterprise",
      ]);
      expect(mocks.props(mocks.one("azure-native:privatedns:PrivateZone")).privateZoneName).to.equal(
        "privatelink.redis.azure.net",
      );
      expect(mocks.ofType("azure-native:network:PrivateDnsZoneGroup")).to.have.length(1);
    });

    it("stores the access key in Key Vault as a secret and publishes only its URI", async () => {
      const secret = mocks.one("azure-native:keyvault:Secret");
      const props = mocks.props(secret);
      expect(props).to.deep.include({ secretName: "redis-access-key", vaultName: "acme-prod-kv" });
      const key = (props.properties as Props).value as string;
      expect(key).to.match(/^[A-Za-z0-9+/]{43}=$/);
      const redacted = JSON.stringify(mocks.recorder.registrations.map((r) => fromWire(r.outputs, "redact")));
      expect(redacted).not.to.include(key);
      expect(await valueOf(redis.accessKeySecretUri)).to.equal(
        "https://acme-prod-kv.vault.azure.net/secrets/redis-access-key",
      );
      expect(await valueOf(redis.host)).to.match(/\.westeurope\.redis\.azure\.net$/);
    });
  });

  describe("dev", () => {
    it("turns HA and persistence off", async () => {
      const mocks = await useMockCloud("dev");
      const redis = new ManagedRedis("acme-dev-sessions", {
        ...PROD,
        stackKey: "sub/acme-dev-rg/dev",
        skuName: "Balanced_B0",
        highAvailability: false,
        persistence: false,
      });
      await valueOf(redis.accessKeySecretUri);
      await mocks.settle();
      expect(
        mocks.props(mocks.one("azure-native:redisenterprise:RedisEnterprise")).highAvailability,
      ).to.equal("Disabled");
      expect(mocks.props(mocks.one("azure-native:redisenterprise:Database"))).not.to.have.property(
        "persistence",
      );
    });
  });
});

describe("components/azure/data/managed-redis checkManagedRedisArgs", () => {
  it("accepts the prod arguments", () => {
    expect(() => checkManagedRedisArgs(PROD)).not.to.throw();
  });

  it("refuses the retiring Enterprise tiers with the reason", () => {
    expect(() => checkManagedRedisArgs({ ...PROD, skuName: "Enterprise_E10" })).to.throw(
      "ManagedRedis: skuName Enterprise_E10: an Azure Cache for Redis Enterprise tier, retiring on 2027-03-31; expected an Azure Managed Redis SKU such as Balanced_B1",
    );
  });

  it("refuses every contradiction at once", () => {
    expect(() =>
      checkManagedRedisArgs({ ...PROD, skuName: "FlashOptimized_A250", persistence: true, stackKey: "" }),
    ).to.throw(
      "ManagedRedis: persistence: not offered on Flash Optimized SKUs (FlashOptimized_A250); stackKey: empty; expected a key unique to the stack",
    );
    expect(() => checkManagedRedisArgs({ ...PROD, skuName: "Premium_P1" })).to.throw(
      "ManagedRedis: skuName Premium_P1: expected an Azure Managed Redis SKU (Balanced_B*, MemoryOptimized_M*, ComputeOptimized_X*, FlashOptimized_A*)",
    );
  });
});
