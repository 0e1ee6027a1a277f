import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { Database, DatabaseArgs, checkDatabaseArgs } from "../../../components/data/database";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const BASE: DatabaseArgs = {
  subnetIds: ["subnet-iso-a", "subnet-iso-b", "subnet-iso-c"],
  availabilityZones: ZONES,
  securityGroupId: "sg-db",
  engineVersion: "8.0.mysql_aurora.3.08.2",
  instanceClass: "db.r7g.large",
  readers: 2,
  readerAutoScaling: { maxReaders: 5, cpuTargetPercent: 70 },
  backupRetentionDays: 30,
  backupWindow: "02:00-03:00",
  maintenanceWindow: "sun:03:30-sun:04:30",
  protect: true,
};

async function database(stack: string, args: DatabaseArgs): Promise<{ mocks: MockSession; db: Database }> {
  const mocks = await useMockCloud(stack);
  const provider = new Provider(`${stack}-aws`, { region: "eu-west-1" });
  const db = new Database(`${stack}-db`, args, { providers: { aws: provider } });
  await valueOf(db.writerEndpoint);
  await mocks.settle();
  return { mocks, db };
}

describe("components/data/database", () => {
  describe("prod: provisioned, protected, with readers", () => {
    let mocks: MockSession;
    let db: Database;
    before(async () => ({ mocks, db } = await database("prod", BASE)));

    it("runs Aurora MySQL 8 in the isolated subnets behind the database security group", () => {
      const cluster = mocks.one("aws:rds/cluster:Cluster");
      expect(cluster.inputs).to.deep.include({
        engine: "aurora-mysql",
        engineVersion: "8.0.mysql_aurora.3.08.2",
        vpcSecurityGroupIds: ["sg-db"],
      });
      const subnets = mocks.one("aws:rds/subnetGroup:SubnetGroup");
      expect(subnets.inputs.subnetIds).to.deep.equal(["subnet-iso-a", "subnet-iso-b", "subnet-iso-c"]);
      expect(cluster.propertyDependencies.dbSubnetGroupName).to.deep.equal([subnets.urn]);
    });

    it("encrypts storage and the managed master secret with its own rotating key; no password input", () => {
      const cluster = mocks.one("aws:rds/cluster:Cluster");
      const key = mocks.one("aws:kms/key:Key");
      expect(key.inputs.enableKeyRotation).to.equal(true);
      expect(cluster.inputs).to.deep.include({ storageEncrypted: true, manageMasterUserPassword: true });
      expect(cluster.propertyDependencies.kmsKeyId).to.deep.equal([key.urn]);
      expect(cluster.propertyDependencies.masterUserSecretKmsKeyId).to.deep.equal([key.urn]);
      expect(cluster.inputs).not.to.have.property("masterPassword");
    });

    it("keeps a month of backups, a final snapshot and deletion protection, and is protected in Pulumi", () => {
      const cluster = mocks.one("aws:rds/cluster:Cluster");
      expect(cluster.inputs).to.deep.include({
        backupRetentionPeriod: 30,
        preferredBackupWindow: "02:00-03:00",
        preferredMaintenanceWindow: "sun:03:30-sun:04:30",
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: "prod-db-final",
        copyTagsToSnapshot: true,
      });
      expect(cluster.protect).to.equal(true);
      expect(mocks.ofType("aws:rds/clusterInstance:ClusterInstance").every((i) => i.protect)).to.equal(true);
    });

    it("requires TLS, speaks utf8mb4, logs slow queries and audits, and turns on IAM authentication", () => {
      const params = mocks.props(mocks.one("aws:rds/clusterParameterGroup:ClusterParameterGroup"));
      const values = Object.fromEntries(
        (params.parameters as { name: string; value: string }[]).map((p) => [p.name, p.value]),
      );
      expect(values).to.include({
        require_secure_transport: "ON",
        character_set_server: "utf8mb4",
        server_audit_logging: "1",
      });
      const cluster = mocks.one("aws:rds/cluster:Cluster").inputs;
      expect(cluster.enabledCloudwatchLogsExports).to.deep.equal(["audit", "error", "general", "slowquery"]);
      expect(values.general_log).to.equal("0");
      expect(cluster.iamDatabaseAuthenticationEnabled).to.equal(true);
    });

    it("puts the writer and each reader in a different AZ, readers after the writer", () => {
      const instances = mocks.ofType("aws:rds/clusterInstance:ClusterInstance");
      expect(instances.map((i) => [i.name, i.inputs.availabilityZone, i.inputs.promotionTier])).to.deep.equal(
        [
          ["prod-db-writer", "eu-west-1a", 0],
          ["prod-db-reader-1", "eu-west-1b", 1],
          ["prod-db-reader-2", "eu-west-1c", 1],
        ],
      );
      expect(instances[1].dependencies).to.include(instances[0].urn);
      for (const i of instances) {
        expect(i.inputs).to.deep.include({
          instanceClass: "db.r7g.large",
          publiclyAccessible: false,
          autoMinorVersionUpgrade: true,
          performanceInsightsEnabled: true,
          monitoringInterval: 60,
        });
        expect(i.propertyDependencies.performanceInsightsKmsKeyId).to.deep.equal([
          mocks.one("aws:kms/key:Key").urn,
        ]);
      }
    });

    it("adds readers on CPU load up to the configured maximum", () => {
      const target = mocks.props(mocks.one("aws:appautoscaling/target:Target"));
      expect(target).to.deep.include({
        scalableDimension: "rds:cluster:ReadReplicaCount",
        minCapacity: 2,
        maxCapacity: 5,
      });
      const policy = mocks.props(mocks.one("aws:appautoscaling/policy:Policy"));
      expect(policy.targetTrackingScalingPolicyConfiguration).to.deep.include({
        predefinedMetricSpecification: { predefinedMetricType: "RDSReaderAverageCPUUtilization" },
        targetValue: 70,
      });
    });

    it("exposes endpoints and the secret's ARN, not its value", async () => {
      expect(await valueOf(db.writerEndpoint)).to.match(
        /\.cluster-c[0-9a-f]+\.eu-west-1\.rds\.amazonaws\.com$/,
      );
      expect(await valueOf(db.readerEndpoint)).to.contain(".cluster-ro-");
      expect(await valueOf(db.masterSecretArn)).to.match(
        /^arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!cluster-/,
      );
    });
  });

  describe("dev: serverless, disposable", () => {
    let mocks: MockSession;
    before(async () => {
      ({ mocks } = await database("dev", {
        ...BASE,
        serverless: { minCapacity: 0.5, maxCapacity: 4 },
        readers: 0,
        readerAutoScaling: undefined,
        backupRetentionDays: 1,
        protect: false,
      }));
    });

    it("scales a single serverless v2 writer", () => {
      const instances = mocks.ofType("aws:rds/clusterInstance:ClusterInstance");
      expect(instances.map((i) => i.inputs.instanceClass)).to.deep.equal(["db.serverless"]);
      expect(mocks.one("aws:rds/cluster:Cluster").inputs.serverlessv2ScalingConfiguration).to.deep.equal({
        minCapacity: 0.5,
        maxCapacity: 4,
      });
      expect(mocks.ofType("aws:appautoscaling/target:Target")).to.have.length(0);
    });

    it("can be destroyed without a final snapshot, and is still encrypted", () => {
      const cluster = mocks.one("aws:rds/cluster:Cluster");
      expect(cluster.inputs).to.deep.include({
        deletionProtection: false,
        skipFinalSnapshot: true,
        storageEncrypted: true,
      });
      expect(cluster.inputs).not.to.have.property("finalSnapshotIdentifier");
      expect(cluster.protect).to.equal(false);
    });
  });
});

describe("components/data/database: what AWS accepts and what it changes on its own", () => {
  it("turns Performance Insights on only where the instance class supports it", async () => {
    const { mocks } = await database("small", { ...BASE, instanceClass: "db.t4g.small", readers: 0 });
    const [writer] = mocks.ofType("aws:rds/clusterInstance:ClusterInstance");
    expect(writer.inputs.performanceInsightsEnabled).to.equal(false);
    expect(writer.inputs).not.to.have.property("performanceInsightsKmsKeyId");
  });

  it("keeps Performance Insights on for db.t4g.medium, db.r7g and serverless", async () => {
    for (const instanceClass of ["db.t4g.medium", "db.r7g.large"]) {
      const { mocks } = await database(`pi-${instanceClass.replace(/\./g, "-")}`, {
        ...BASE,
        instanceClass,
        readers: 0,
      });
      const [writer] = mocks.ofType("aws:rds/clusterInstance:ClusterInstance");
      expect(writer.inputs.performanceInsightsEnabled, instanceClass).to.equal(true);
    }
    const { mocks } = await database("pi-serverless", {
      ...BASE,
      instanceClass: "db.t3.medium",
      serverless: { minCapacity: 0.5, maxCapacity: 4 },
      readers: 0,
    });
    const [writer] = mocks.ofType("aws:rds/clusterInstance:ClusterInstance");
    expect(writer.inputs).to.deep.include({
      instanceClass: "db.serverless",
      performanceInsightsEnabled: true,
    });
  });

  it("does not undo a minor version AWS has moved the cluster to: engineVersion is ignored after creation", async () => {
    const { mocks } = await database("drift", { ...BASE, readers: 1 });
    expect(mocks.one("aws:rds/cluster:Cluster").ignoreChanges).to.include("engineVersion");
    for (const instance of mocks.ofType("aws:rds/clusterInstance:ClusterInstance")) {
      expect(instance.ignoreChanges).to.include("engineVersion");
    }
  });
});

describe("components/data/database: checkDatabaseArgs", () => {
  const args = {
    subnetIds: ["subnet-a", "subnet-b"],
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
    securityGroupId: "sg-1",
    engineVersion: "8.0.mysql_aurora.3.08.2",
    instanceClass: "db.r7g.large",
    readers: 1,
    backupRetentionDays: 7,
    backupWindow: "02:00-03:00",
    maintenanceWindow: "sun:03:30-sun:04:30",
    protect: false,
  };

  it("refuses more readers than AZs besides the writer's, with every other contradiction at once", () => {
    expect(() => checkDatabaseArgs(args)).not.to.throw();
    expect(() =>
      checkDatabaseArgs({
        ...args,
        readers: 4,
        serverless: { minCapacity: 8, maxCapacity: 2 },
        readerAutoScaling: { maxReaders: 2, cpuTargetPercent: 70 },
      }),
    ).to.throw(
      "Database: readers 4: at most 1 with 2 AZs (one per AZ besides the writer's); serverless.minCapacity 8: " +
        "at most maxCapacity 2; readerAutoScaling.maxReaders 2: at least readers 4",
    );
    expect(() => checkDatabaseArgs({ ...args, availabilityZones: [], azCount: 3, readers: 3 })).to.throw(
      /readers 3: at most 2 with 3 AZs/,
    );
  });
});

describe("components/data/database: names of clients with '--' (a--b), which the schema accepts", () => {
  it("gives the final snapshot an identifier RDS accepts, distinct from another stack's", async () => {
    // RDS API reference, DeleteDBCluster FinalDBSnapshotIdentifier: a letter first, letters, digits and
    // hyphens, no two consecutive hyphens, no hyphen at the end.
    const { mocks } = await database("a--b-prod", BASE);
    const id = String(mocks.one("aws:rds/cluster:Cluster").inputs.finalSnapshotIdentifier);
    expect(id).to.match(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(id).to.not.include("--");
    expect(id.length).to.be.at.most(63);
    // The stack a-b/prod would otherwise have taken the same snapshot name.
    const other = await database("a-b-prod", BASE);
    const otherId = String(other.mocks.one("aws:rds/cluster:Cluster").inputs.finalSnapshotIdentifier);
    expect(otherId).to.equal("a-b-prod-db-final");
    expect(id).to.not.equal(otherId);
  });
});
