import { expect } from "chai";
import { checkResource, resourceRuleCases } from "../harness";

const RG = "aws:elasticache/replicationGroup:ReplicationGroup";

const GOOD_RG = {
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: true,
  transitEncryptionMode: "required",
  authToken: "generated",
  multiAzEnabled: true,
  automaticFailoverEnabled: true,
  snapshotRetentionLimit: 7,
};

describe("policy/rules/elasticache", () => {
  resourceRuleCases("elasticache-encryption-at-rest", RG, GOOD_RG, [
    [
      "no at-rest encryption",
      { ...GOOD_RG, atRestEncryptionEnabled: "false" },
      ["Data at rest is not encrypted."],
    ],
  ]);
  resourceRuleCases("elasticache-encryption-in-transit", RG, GOOD_RG, [
    ["no TLS", { ...GOOD_RG, transitEncryptionEnabled: false }, ["Clients may connect without TLS."]],
    [
      "TLS only preferred",
      { ...GOOD_RG, transitEncryptionMode: "preferred" },
      ["TLS is only preferred: plain connections are accepted."],
    ],
  ]);
  resourceRuleCases("elasticache-auth", RG, GOOD_RG, [
    [
      "no AUTH token or user groups",
      { ...GOOD_RG, authToken: undefined },
      ["Clients connect without authentication."],
    ],
  ]);
  resourceRuleCases("elasticache-multi-az", RG, GOOD_RG, [
    ["single AZ", { ...GOOD_RG, multiAzEnabled: false }, ["Multi-AZ is off."]],
  ]);
  resourceRuleCases("elasticache-automatic-failover", RG, GOOD_RG, [
    ["no failover", { ...GOOD_RG, automaticFailoverEnabled: false }, ["Automatic failover is off."]],
  ]);
  resourceRuleCases("elasticache-snapshot-retention", RG, GOOD_RG, [
    [
      "no snapshots",
      { ...GOOD_RG, snapshotRetentionLimit: 0 },
      ["Snapshots are kept 0 day(s); at least 1 required."],
    ],
  ]);
  it("elasticache-snapshot-retention ignores memcached clusters and honours its configured minimum", () => {
    expect(
      checkResource("elasticache-snapshot-retention", "aws:elasticache/cluster:Cluster", {
        engine: "memcached",
      }),
    ).to.deep.equal([]);
    expect(checkResource("elasticache-snapshot-retention", RG, GOOD_RG, { minimumDays: 15 })).to.deep.equal([
      "Snapshots are kept 7 day(s); at least 15 required.",
    ]);
  });

  const rg = { ...GOOD_RG, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/x", subnetGroupName: "sessions" };
  resourceRuleCases("elasticache-cmk", RG, rg, [
    [
      "the AWS-managed key",
      { ...rg, kmsKeyId: undefined },
      ["Data at rest is encrypted with the AWS-managed key."],
    ],
  ]);
  resourceRuleCases("elasticache-auto-minor-version-upgrade", RG, rg, [
    [
      "upgrades off",
      { ...rg, autoMinorVersionUpgrade: false },
      ["Automatic minor version upgrades are off."],
    ],
  ]);
  resourceRuleCases("elasticache-custom-subnet-group", RG, rg, [
    [
      "no subnet group",
      { ...rg, subnetGroupName: undefined },
      ["The cache runs in the default subnet group."],
    ],
  ]);

  resourceRuleCases(
    "elasticache-eviction-keeps-writes",
    "aws:elasticache/parameterGroup:ParameterGroup",
    { family: "redis7", parameters: [{ name: "maxmemory-policy", value: "volatile-lru" }] },
    [
      [
        "noeviction",
        { family: "redis7", parameters: [{ name: "maxmemory-policy", value: "noeviction" }] },
        ["With noeviction, writes fail once memory is full."],
      ],
    ],
  );

  resourceRuleCases(
    "elasticache-non-default-port",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    { port: 6380 },
    [["the default port, unset", {}, ["The cache listens on the default port 6379."]]],
  );
  resourceRuleCases(
    "elasticache-non-default-port",
    "aws:elasticache/cluster:Cluster",
    { engine: "memcached", port: 11212 },
    [
      [
        "Memcached's default port",
        { engine: "memcached", port: 11211 },
        ["The cache listens on the default port 11211."],
      ],
    ],
  );
});
