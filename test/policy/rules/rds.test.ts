import { expect } from "chai";
import { supportsPerformanceInsights } from "../../../components/data/database";
import { offersPerformanceInsights } from "../../../policy/rules/rds";
import { checkResource, checkStack, resourceRuleCases } from "../harness";

const CLUSTER = "aws:rds/cluster:Cluster";

const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

const RDS_INSTANCE = "aws:rds/instance:Instance";

const GOOD_CLUSTER = {
  engine: "aurora-mysql",
  storageEncrypted: true,
  deletionProtection: true,
  backupRetentionPeriod: 30,
  iamDatabaseAuthenticationEnabled: true,
  enabledCloudwatchLogsExports: ["audit", "error", "general", "slowquery"],
  manageMasterUserPassword: true,
};

const GOOD_INSTANCE = {
  publiclyAccessible: false,
  performanceInsightsEnabled: true,
  autoMinorVersionUpgrade: true,
};

describe("policy/rules/rds", () => {
  resourceRuleCases("rds-storage-encrypted", CLUSTER, GOOD_CLUSTER, [
    ["unencrypted storage", { ...GOOD_CLUSTER, storageEncrypted: undefined }, ["Storage is not encrypted."]],
  ]);
  it("rds-storage-encrypted leaves Aurora members and replicas to their source", () => {
    expect(checkResource("rds-storage-encrypted", RDS_INSTANCE, { engine: "aurora-mysql" })).to.deep.equal(
      [],
    );
    expect(
      checkResource("rds-storage-encrypted", RDS_INSTANCE, { engine: "mysql", storageEncrypted: false }),
    ).to.have.length(1);
  });
  resourceRuleCases("rds-not-publicly-accessible", CLUSTER_INSTANCE, GOOD_INSTANCE, [
    [
      "a public instance",
      { ...GOOD_INSTANCE, publiclyAccessible: true },
      ["The instance is publicly accessible."],
    ],
  ]);
  resourceRuleCases("rds-deletion-protection", CLUSTER, GOOD_CLUSTER, [
    [
      "no deletion protection",
      { ...GOOD_CLUSTER, deletionProtection: false },
      ["Deletion protection is off."],
    ],
  ]);
  resourceRuleCases("rds-backup-retention", CLUSTER, GOOD_CLUSTER, [
    [
      "one day of backups",
      { ...GOOD_CLUSTER, backupRetentionPeriod: 1 },
      ["Backups are kept 1 day(s); at least 7 required."],
    ],
    [
      "an unset retention",
      { ...GOOD_CLUSTER, backupRetentionPeriod: undefined },
      ["backupRetentionPeriod is not set."],
    ],
  ]);
  resourceRuleCases("rds-iam-auth", CLUSTER, GOOD_CLUSTER, [
    [
      "no IAM auth",
      { ...GOOD_CLUSTER, iamDatabaseAuthenticationEnabled: false },
      ["IAM database authentication is off."],
    ],
  ]);
  resourceRuleCases("rds-log-exports", CLUSTER, GOOD_CLUSTER, [
    [
      "missing logs",
      { ...GOOD_CLUSTER, enabledCloudwatchLogsExports: ["error"] },
      ["Logs not exported: audit, general, slowquery."],
    ],
  ]);
  resourceRuleCases("rds-performance-insights", CLUSTER_INSTANCE, GOOD_INSTANCE, [
    [
      "no insights",
      { ...GOOD_INSTANCE, performanceInsightsEnabled: false },
      ["Performance Insights is off."],
    ],
  ]);
  it("rds-performance-insights does not ask for it where the engine does not offer it on the class", () => {
    const off = { ...GOOD_INSTANCE, performanceInsightsEnabled: false };
    const finding = ["Performance Insights is off."];
    for (const [engine, instanceClass, expected] of [
      ["aurora-mysql", "db.t4g.small", []],
      ["aurora-mysql", "db.t3.large", []],
      ["aurora-mysql", "db.t4g.medium", finding],
      ["aurora-mysql", "db.r7g.xlarge", finding],
      ["aurora-mysql", "db.serverless", finding],
      ["aurora-postgresql", "db.t3.medium", finding],
      ["mysql", "db.t3.small", []],
      ["mysql", "db.t3.medium", finding],
      ["mariadb", "db.t4g.micro", []],
    ] as const) {
      const type = engine.startsWith("aurora") ? CLUSTER_INSTANCE : RDS_INSTANCE;
      expect(
        checkResource("rds-performance-insights", type, { ...off, engine, instanceClass }),
        `${engine} ${instanceClass}`,
      ).to.deep.equal(expected);
    }
    // Without an engine, a cluster instance is Aurora MySQL.
    expect(
      checkResource("rds-performance-insights", CLUSTER_INSTANCE, { ...off, instanceClass: "db.t3.medium" }),
    ).to.deep.equal([]);
  });

  it("rds-performance-insights and the database component agree on the Aurora MySQL classes", () => {
    const classes = [
      ...["micro", "small", "medium", "large", "xlarge", "2xlarge"].flatMap((size) =>
        ["t2", "t3", "t4g", "r5", "r6g", "r7g", "r8g", "x2g"].map((family) => `db.${family}.${size}`),
      ),
      "db.serverless",
    ];
    const disagree = classes.filter(
      (c) => offersPerformanceInsights("aurora-mysql", c) !== supportsPerformanceInsights(c),
    );
    expect(disagree).to.deep.equal([]);
  });

  resourceRuleCases("rds-auto-minor-version-upgrade", CLUSTER_INSTANCE, GOOD_INSTANCE, [
    [
      "upgrades off",
      { ...GOOD_INSTANCE, autoMinorVersionUpgrade: false },
      ["Automatic minor version upgrades are off."],
    ],
  ]);

  describe("rds-multi-az", () => {
    const member = (name: string) => ({
      type: CLUSTER_INSTANCE,
      name,
      props: {},
      deps: { clusterIdentifier: ["db"] },
    });
    it("passes an Aurora cluster with a writer and a reader", () => {
      expect(
        checkStack("rds-multi-az", [{ type: CLUSTER, name: "db" }, member("w"), member("r")]),
      ).to.deep.equal([]);
    });
    it("counts members that name their cluster by its literal identifier", () => {
      const literal = (name: string) => ({
        type: CLUSTER_INSTANCE,
        name,
        props: { clusterIdentifier: "shop-db" },
      });
      const cluster = { type: CLUSTER, name: "db", props: { clusterIdentifier: "shop-db" } };
      expect(checkStack("rds-multi-az", [cluster, literal("w"), literal("r")])).to.deep.equal([]);
      expect(checkStack("rds-multi-az", [cluster, literal("w")])).to.deep.equal([
        "db: The Aurora cluster has a single instance: no reader to fail over to.",
      ]);
    });
    it("flags a lone Aurora writer and a single-AZ instance", () => {
      expect(
        checkStack("rds-multi-az", [
          { type: CLUSTER, name: "db" },
          member("w"),
          { type: RDS_INSTANCE, name: "legacy", props: { engine: "mysql" } },
        ]),
      ).to.deep.equal([
        "legacy: The instance is single-AZ.",
        "db: The Aurora cluster has a single instance: no reader to fail over to.",
      ]);
    });
  });

  describe("rds-managed-master-password", () => {
    it("passes a managed password and a generated one", () => {
      expect(
        checkStack("rds-managed-master-password", [
          { type: CLUSTER, name: "db", props: { manageMasterUserPassword: true } },
        ]),
      ).to.deep.equal([]);
      expect(
        checkStack("rds-managed-master-password", [
          { type: "random:index/randomPassword:RandomPassword", name: "pw" },
          { type: CLUSTER, name: "db", props: { masterPassword: "x" }, deps: { masterPassword: ["pw"] } },
        ]),
      ).to.deep.equal([]);
    });
    it("flags a literal password without echoing it", () => {
      const violations = checkStack("rds-managed-master-password", [
        { type: CLUSTER, name: "db", props: { masterPassword: "hunter2hunter2" } },
      ]);
      expect(violations).to.deep.equal([
        "db: The masterPassword is neither managed by Secrets Manager nor generated.",
      ]);
      expect(violations.join()).not.to.contain("hunter2");
    });
  });

  const KEY = "arn:aws:kms:eu-west-1:1:key/x";
  resourceRuleCases("rds-copy-tags-to-snapshot", CLUSTER, { ...GOOD_CLUSTER, copyTagsToSnapshot: true }, [
    ["tags not copied", GOOD_CLUSTER, ["Snapshots do not carry the database's tags."]],
  ]);
  resourceRuleCases("rds-cmk", CLUSTER, { ...GOOD_CLUSTER, kmsKeyId: KEY }, [
    ["the AWS-managed key", GOOD_CLUSTER, ["Storage is encrypted with the AWS-managed RDS key."]],
    [
      "nothing for unencrypted storage (rds-storage-encrypted's)",
      { ...GOOD_CLUSTER, storageEncrypted: false },
      [],
    ],
  ]);
  const pi = { ...GOOD_INSTANCE, performanceInsightsKmsKeyId: KEY, monitoringInterval: 60 };
  resourceRuleCases("rds-performance-insights-cmk", CLUSTER_INSTANCE, pi, [
    [
      "the AWS-managed key",
      { ...pi, performanceInsightsKmsKeyId: undefined },
      ["Performance Insights uses the AWS-managed key."],
    ],
  ]);
  resourceRuleCases("rds-enhanced-monitoring", CLUSTER_INSTANCE, pi, [
    ["no Enhanced Monitoring", { ...pi, monitoringInterval: 0 }, ["Enhanced Monitoring is off."]],
  ]);
  const PARAMS = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
  const tls = { family: "aurora-mysql8.0", parameters: [{ name: "require_secure_transport", value: "ON" }] };
  resourceRuleCases("rds-require-tls", PARAMS, tls, [
    [
      "TLS not required",
      { ...tls, parameters: [] },
      ["Clients may connect without TLS (require_secure_transport is not ON)."],
    ],
    ["nothing for PostgreSQL families", { family: "aurora-postgresql16", parameters: [] }, []],
  ]);
  it("rds-log-exports treats a cluster without an engine as Aurora MySQL (the provider's default)", () => {
    expect(
      checkResource("rds-log-exports", CLUSTER, {
        ...GOOD_CLUSTER,
        engine: undefined,
        enabledCloudwatchLogsExports: [],
      }),
    ).to.deep.equal(["Logs not exported: audit, error, general, slowquery."]);
  });

  resourceRuleCases("rds-non-default-port", CLUSTER, { ...GOOD_CLUSTER, port: 3307 }, [
    ["the default port, unset", GOOD_CLUSTER, ["The database listens on aurora-mysql's default port 3306."]],
    [
      "PostgreSQL's default port",
      { ...GOOD_CLUSTER, engine: "aurora-postgresql", port: 5432 },
      ["The database listens on aurora-postgresql's default port 5432."],
    ],
  ]);
  resourceRuleCases("aurora-mysql-backtrack", CLUSTER, { ...GOOD_CLUSTER, backtrackWindow: 86400 }, [
    ["no backtrack window", GOOD_CLUSTER, ["The cluster keeps no backtrack window."]],
  ]);
  it("aurora-mysql-backtrack asks nothing of Aurora PostgreSQL", () => {
    expect(checkResource("aurora-mysql-backtrack", CLUSTER, { engine: "aurora-postgresql" })).to.deep.equal(
      [],
    );
  });
});
