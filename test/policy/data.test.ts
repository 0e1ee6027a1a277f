import { expect } from "chai";
import { checkResource, checkStack, resourceRuleCases } from "./harness";

const EFS = "aws:efs/fileSystem:FileSystem";
const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const CLUSTER = "aws:rds/cluster:Cluster";
const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const RDS_INSTANCE = "aws:rds/instance:Instance";
const DOMAIN = "aws:opensearch/domain:Domain";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const GOOD_RG = {
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: true,
  transitEncryptionMode: "required",
  authToken: "generated",
  multiAzEnabled: true,
  automaticFailoverEnabled: true,
  snapshotRetentionLimit: 7,
};
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
const GOOD_DOMAIN = {
  encryptAtRest: { enabled: true },
  nodeToNodeEncryption: { enabled: true },
  domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
  vpcOptions: { subnetIds: ["subnet-a"], securityGroupIds: ["sg-1"] },
  advancedSecurityOptions: { enabled: true },
  accessPolicies: JSON.stringify({
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "es:ESHttp*" }],
  }),
  logPublishingOptions: [{ logType: "ES_APPLICATION_LOGS" }, { logType: "AUDIT_LOGS" }],
};

describe("policy/rules/efs", () => {
  resourceRuleCases("efs-encrypted-at-rest", EFS, { encrypted: true }, [
    ["no encryption", { encrypted: false }, ["The file system is not encrypted at rest."]],
  ]);
  const tlsOnly = JSON.stringify({
    Statement: [
      {
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
  describe("efs-encryption-in-transit", () => {
    it("passes a file system whose policy denies plain connections", () => {
      expect(
        checkStack("efs-encryption-in-transit", [
          { type: EFS, name: "fs" },
          {
            type: "aws:efs/fileSystemPolicy:FileSystemPolicy",
            name: "p",
            props: { policy: tlsOnly },
            deps: { fileSystemId: ["fs"] },
          },
        ]),
      ).to.deep.equal([]);
    });
    it("flags a policy that allows everything, and a file system with no policy", () => {
      const allow = JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "*" }],
      });
      expect(
        checkStack("efs-encryption-in-transit", [
          { type: EFS, name: "fs" },
          {
            type: "aws:efs/fileSystemPolicy:FileSystemPolicy",
            name: "p",
            props: { policy: allow },
            deps: { fileSystemId: ["fs"] },
          },
        ]),
      ).to.deep.equal(["fs: No file system policy denies requests without TLS."]);
      expect(checkStack("efs-encryption-in-transit", [{ type: EFS, name: "fs" }])).to.have.length(1);
    });
  });
  describe("efs-backup-enabled", () => {
    it("passes automatic backups or a backup plan selection, flags neither", () => {
      expect(
        checkStack("efs-backup-enabled", [
          { type: EFS, name: "fs" },
          {
            type: "aws:efs/backupPolicy:BackupPolicy",
            name: "b",
            props: { backupPolicy: { status: "ENABLED" } },
            deps: { fileSystemId: ["fs"] },
          },
        ]),
      ).to.deep.equal([]);
      expect(
        checkStack("efs-backup-enabled", [
          { type: EFS, name: "fs" },
          { type: "aws:backup/selection:Selection", name: "s", deps: { resources: ["fs"] } },
        ]),
      ).to.deep.equal([]);
      expect(
        checkStack("efs-backup-enabled", [
          { type: EFS, name: "fs" },
          {
            type: "aws:efs/backupPolicy:BackupPolicy",
            name: "b",
            props: { backupPolicy: { status: "DISABLED" } },
            deps: { fileSystemId: ["fs"] },
          },
        ]),
      ).to.deep.equal(["fs: The file system is not backed up."]);
    });
  });
});

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
});

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
});

describe("policy/rules/data-tier", () => {
  const groups = [
    { type: SG, name: "db-sg", props: { tags: { tier: "db" } } },
    { type: SG, name: "web-sg", props: { tags: { tier: "web" } } },
    { type: SG, name: "other-sg", props: { tags: { tier: "batch" } } },
    {
      type: CLUSTER,
      name: "db",
      props: { engine: "aurora-mysql" },
      deps: { vpcSecurityGroupIds: ["db-sg"] },
    },
  ];
  const ingress = (props: Record<string, unknown>, source?: string) => ({
    type: INGRESS,
    name: "in",
    props: { ipProtocol: "tcp", fromPort: 3306, toPort: 3306, ...props },
    deps: { securityGroupId: ["db-sg"], ...(source ? { referencedSecurityGroupId: [source] } : {}) },
  });
  describe("data-tier-sg-only-from-app-tier", () => {
    it("passes 3306 from the web tier's group", () => {
      expect(
        checkStack("data-tier-sg-only-from-app-tier", [
          ...groups,
          ingress({ referencedSecurityGroupId: "sg-w" }, "web-sg"),
        ]),
      ).to.deep.equal([]);
    });
    it("flags an address range, a group outside the app tier, and another port", () => {
      expect(
        checkStack("data-tier-sg-only-from-app-tier", [...groups, ingress({ cidrIpv4: "10.0.0.0/16" })]),
      ).to.deep.equal([
        "in: The database's security group admits an address range instead of a security group.",
      ]);
      expect(
        checkStack("data-tier-sg-only-from-app-tier", [
          ...groups,
          ingress({ referencedSecurityGroupId: "sg-o" }, "other-sg"),
        ]),
      ).to.deep.equal(["in: The database's security group admits a group outside the application tier."]);
      expect(
        checkStack("data-tier-sg-only-from-app-tier", [
          ...groups,
          ingress({ fromPort: 0, toPort: 65535, referencedSecurityGroupId: "sg-w" }, "web-sg"),
        ]),
      ).to.deep.equal(["in: The database's security group admits ports other than 3306."]);
    });
  });
  describe("data-tier-in-private-subnets", () => {
    const vpc = {
      type: "awsx:ec2:Vpc",
      name: "net",
      props: { publicSubnetIds: ["subnet-pub"], isolatedSubnetIds: ["subnet-iso"] },
    };
    it("passes a subnet group of isolated subnets from an awsx VPC", () => {
      expect(
        checkStack("data-tier-in-private-subnets", [
          vpc,
          {
            type: "aws:rds/subnetGroup:SubnetGroup",
            name: "sg",
            props: { subnetIds: ["subnet-iso"] },
            deps: { subnetIds: ["net"] },
          },
        ]),
      ).to.deep.equal([]);
    });
    it("flags a public subnet, from an awsx VPC or as a subnet resource", () => {
      expect(
        checkStack("data-tier-in-private-subnets", [
          vpc,
          {
            type: "aws:elasticache/subnetGroup:SubnetGroup",
            name: "sg",
            props: { subnetIds: ["subnet-pub"] },
            deps: { subnetIds: ["net"] },
          },
        ]),
      ).to.deep.equal(["sg: The subnet group contains a public subnet."]);
      expect(
        checkStack("data-tier-in-private-subnets", [
          { type: "aws:ec2/subnet:Subnet", name: "s", props: { mapPublicIpOnLaunch: true } },
          { type: "aws:rds/subnetGroup:SubnetGroup", name: "sg", props: {}, deps: { subnetIds: ["s"] } },
        ]),
      ).to.have.length(1);
    });
  });
});

describe("policy/rules/opensearch", () => {
  resourceRuleCases("opensearch-encryption-at-rest", DOMAIN, GOOD_DOMAIN, [
    [
      "no encryption at rest",
      { ...GOOD_DOMAIN, encryptAtRest: { enabled: false } },
      ["Data at rest is not encrypted."],
    ],
  ]);
  resourceRuleCases("opensearch-node-to-node-encryption", "aws:elasticsearch/domain:Domain", GOOD_DOMAIN, [
    [
      "plain node traffic",
      { ...GOOD_DOMAIN, nodeToNodeEncryption: undefined },
      ["Traffic between nodes is not encrypted."],
    ],
  ]);
  resourceRuleCases("opensearch-https-tls12", DOMAIN, GOOD_DOMAIN, [
    [
      "HTTPS not enforced",
      { ...GOOD_DOMAIN, domainEndpointOptions: { enforceHttps: false } },
      ["HTTPS is not enforced."],
    ],
    [
      "TLS 1.0 allowed",
      {
        ...GOOD_DOMAIN,
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" },
      },
      ["The TLS policy allows versions below 1.2."],
    ],
  ]);
  resourceRuleCases("opensearch-in-vpc", DOMAIN, GOOD_DOMAIN, [
    ["a public endpoint", { ...GOOD_DOMAIN, vpcOptions: undefined }, ["The domain has a public endpoint."]],
  ]);
  resourceRuleCases("opensearch-fine-grained-access", DOMAIN, GOOD_DOMAIN, [
    [
      "no fine-grained access control",
      { ...GOOD_DOMAIN, advancedSecurityOptions: { enabled: false } },
      ["Fine-grained access control is off."],
    ],
  ]);
  resourceRuleCases("opensearch-access-policy-no-anonymous", DOMAIN, GOOD_DOMAIN, [
    [
      "an open policy on a public domain",
      { ...GOOD_DOMAIN, vpcOptions: undefined },
      ["The access policy lets anyone in, with no condition."],
    ],
  ]);
  it("opensearch-access-policy-no-anonymous accepts an IP condition on a public domain", () => {
    const conditioned = JSON.stringify({
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "es:*",
          Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } },
        },
      ],
    });
    expect(
      checkResource("opensearch-access-policy-no-anonymous", DOMAIN, {
        ...GOOD_DOMAIN,
        vpcOptions: undefined,
        accessPolicies: conditioned,
      }),
    ).to.deep.equal([]);
  });
  resourceRuleCases("opensearch-logging", DOMAIN, GOOD_DOMAIN, [
    [
      "no audit logs under FGAC",
      { ...GOOD_DOMAIN, logPublishingOptions: [{ logType: "ES_APPLICATION_LOGS" }] },
      ["Logs not published: AUDIT_LOGS."],
    ],
  ]);
});
