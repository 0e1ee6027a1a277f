import { expect } from "chai";
import { checkResource, resourceRuleCases } from "../../harness";

const CLUSTER = "azure-native:redisenterprise:RedisEnterprise";
const DATABASE = "azure-native:redisenterprise:Database";

const cluster = {
  sku: { name: "Balanced_B1" },
  publicNetworkAccess: "Disabled",
  minimumTlsVersion: "1.2",
  highAvailability: "Enabled",
  tags: { environment: "prod" },
};

describe("policy/rules/azure/redis", () => {
  resourceRuleCases("redis-private-tls", CLUSTER, cluster, [
    [
      "public network access",
      { ...cluster, publicNetworkAccess: "Enabled" },
      ["Public network access is enabled."],
    ],
    ["TLS 1.0", { ...cluster, minimumTlsVersion: "1.0" }, ["The cluster accepts TLS older than 1.2."]],
    ["nothing for Disabled in lower case", { ...cluster, publicNetworkAccess: "disabled" }, []],
  ]);
  resourceRuleCases(
    "redis-private-tls",
    DATABASE,
    { clientProtocol: "Encrypted", clusteringPolicy: "EnterpriseCluster" },
    [
      ["plaintext clients", { clientProtocol: "Plaintext" }, ["Clients may connect without TLS."]],
      ["nothing for the default protocol", {}, []],
    ],
  );

  resourceRuleCases("redis-high-availability", CLUSTER, cluster, [
    [
      "production without HA",
      { ...cluster, highAvailability: "Disabled" },
      ["The production cluster does not replicate its data."],
    ],
    [
      "nothing for dev without HA",
      { ...cluster, highAvailability: "Disabled", tags: { environment: "dev" } },
      [],
    ],
  ]);
  it("redis-high-availability flags Azure Cache for Redis, which is retiring", () => {
    expect(
      checkResource("redis-high-availability", "azure-native:redis:Redis", { sku: { name: "Premium" } }),
    ).to.deep.equal(["Azure Cache for Redis is retiring; use Azure Managed Redis."]);
  });
});
