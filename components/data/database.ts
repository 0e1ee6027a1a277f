import * as appautoscaling from "@pulumi/aws/appautoscaling";
import * as iam from "@pulumi/aws/iam";
import * as rds from "@pulumi/aws/rds";
import * as pulumi from "@pulumi/pulumi";
import { rotatingKey } from "../shared/keys";
import { serviceRole } from "../shared/service-role";
import { autonamed, physicalName } from "../shared/names";

/**
 * Every log Aurora MySQL can export to CloudWatch Logs. The general log's export is wired but the log
 * itself stays off (general_log = 0): it records every statement, which a shop at peak cannot afford.
 * Turning it on for an investigation is then a parameter change, not an infrastructure change.
 */
export const AURORA_LOG_EXPORTS = ["audit", "error", "general", "slowquery"] as const;

/** The schema the shop's tables live in. */
export const DATABASE_NAME = "storefront";

/**
 * Performance Insights (now Database Insights) is not offered on db.t2, db.t3, db.t4g.micro and
 * db.t4g.small for Aurora MySQL; asking for it there fails the instance's creation ("Amazon Aurora DB
 * engine, Region, and instance class support for Database Insights", Aurora User Guide,
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DatabaseInsights.Engines.html).
 * Serverless v2 (`db.serverless`) supports it.
 */
export function supportsPerformanceInsights(instanceClass: string): boolean {
  return !/^db\.(t2|t3)\./.test(instanceClass) && !/^db\.t4g\.(micro|small)$/.test(instanceClass);
}

/**
 * AWS moves an Aurora cluster to newer minor and patch versions on its own (automatic minor version
 * upgrades, and managed patches of LTS releases). The stack's `engineVersion` is the version a cluster is
 * created with; afterwards a newer version in AWS is not a difference to undo (RDS cannot downgrade and
 * the provider would fail with InvalidParameterCombination), so the version is ignored once created and an
 * upgrade is a deliberate change (see docs/DEPLOYING.md). The same advice in the provider's documentation:
 * "it is recommended to add the lifecycle ignore_changes configuration for this argument"
 * (hashicorp/terraform-provider-aws, rds_cluster_instance engine_version; issue #20086).
 */
export const ENGINE_VERSION_DRIFT: pulumi.CustomResourceOptions = { ignoreChanges: ["engineVersion"] };

export interface DatabaseArgs {
  /** Isolated subnets, one per AZ. */
  readonly subnetIds: pulumi.Input<string[]>;
  /** AZ names in the order of the subnets: instances are spread over them. */
  readonly availabilityZones: pulumi.Input<string[]>;
  /** How many AZs `availabilityZones` holds, when it is not known until deployment. */
  readonly azCount?: number;
  readonly securityGroupId: pulumi.Input<string>;
  /** e.g. `8.0.mysql_aurora.3.08.2` */
  readonly engineVersion: string;
  readonly instanceClass: string;
  /** Serverless v2 capacity in ACUs; when set, every instance is `db.serverless`. */
  readonly serverless?: { readonly minCapacity: number; readonly maxCapacity: number };
  /** Readers besides the writer, each in the next AZ. */
  readonly readers: number;
  /** Add readers on CPU load, up to `maxReaders`. */
  readonly readerAutoScaling?: { readonly maxReaders: number; readonly cpuTargetPercent: number };
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  /** Deletion protection, a final snapshot and Pulumi `protect`: for data that must survive mistakes. */
  readonly protect: boolean;
  /** Extra tags of the cluster, such as the one a backup plan selects by. */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Every contradiction in the arguments, thrown at once before any resource is created. Readers go to the
 * AZs after the writer's, one each: more readers than other AZs would put two in one zone (or one in the
 * writer's), which a zone failure would take down together.
 */
export function checkDatabaseArgs(args: DatabaseArgs): void {
  const problems: string[] = [];
  const azCount =
    args.azCount ?? (Array.isArray(args.availabilityZones) ? args.availabilityZones.length : undefined);
  if (!Number.isInteger(args.readers) || args.readers < 0) {
    problems.push(`readers ${args.readers}: a whole number, 0 or more`);
  } else if (azCount !== undefined && args.readers > azCount - 1) {
    problems.push(
      `readers ${args.readers}: at most ${azCount - 1} with ${azCount} AZs (one per AZ besides the writer's)`,
    );
  }
  if (args.serverless && args.serverless.minCapacity > args.serverless.maxCapacity) {
    problems.push(
      `serverless.minCapacity ${args.serverless.minCapacity}: at most maxCapacity ${args.serverless.maxCapacity}`,
    );
  }
  if (args.readerAutoScaling && args.readerAutoScaling.maxReaders < args.readers) {
    problems.push(
      `readerAutoScaling.maxReaders ${args.readerAutoScaling.maxReaders}: at least readers ${args.readers}`,
    );
  }
  if (problems.length > 0) throw new Error(`Database: ${problems.join("; ")}`);
}

/**
 * Aurora MySQL 8: a writer and readers spread over the AZs of the isolated subnets. Storage, Performance
 * Insights and the managed master secret are encrypted with the database's own rotating KMS key; the
 * master password never leaves Secrets Manager. TLS is required, IAM authentication is on, and error,
 * slow query and audit logs go to CloudWatch Logs.
 */
export class Database extends pulumi.ComponentResource {
  readonly clusterArn: pulumi.Output<string>;
  readonly clusterIdentifier: pulumi.Output<string>;
  readonly writerEndpoint: pulumi.Output<string>;
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  /** Secrets Manager secret holding the master credentials (managed and rotated by RDS). */
  readonly masterSecretArn: pulumi.Output<string>;
  /** The database's KMS key: it encrypts the master secret, so readers of the secret need to decrypt with it. */
  readonly keyArn: pulumi.Output<string>;
  readonly instanceIdentifiers: pulumi.Output<string>[];

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    checkDatabaseArgs(args);
    super("storefront:data:Database", name, {}, opts);
    const protect = { parent: this, protect: args.protect };

    const key = rotatingKey(
      `${name}-key`,
      `Encrypts the database ${name}, its insights and its master secret`,
      protect,
    );
    const subnetGroup = new rds.SubnetGroup(
      `${name}-subnets`,
      {
        description: "Isolated subnets of the storefront database",
        subnetIds: args.subnetIds,
        tags: { Name: `${name}-subnets` },
      },
      { parent: this },
    );
    const parameters = new rds.ClusterParameterGroup(
      autonamed("aws:rds/clusterParameterGroup:ClusterParameterGroup", `${name}-params`),
      {
        family: "aurora-mysql8.0",
        description: "Storefront: utf8mb4, TLS only, slow query and audit logs",
        parameters: [
          { name: "character_set_server", value: "utf8mb4" },
          { name: "collation_server", value: "utf8mb4_0900_ai_ci" },
          { name: "require_secure_transport", value: "ON" },
          { name: "slow_query_log", value: "1" },
          { name: "long_query_time", value: "1" },
          { name: "server_audit_logging", value: "1" },
          { name: "server_audit_events", value: "CONNECT,QUERY_DCL,QUERY_DDL" },
          { name: "general_log", value: "0" },
        ],
        tags: { Name: `${name}-params` },
      },
      { parent: this },
    );

    const cluster = new rds.Cluster(
      autonamed("aws:rds/cluster:Cluster", `${name}-cluster`),
      {
        engine: "aurora-mysql",
        engineVersion: args.engineVersion,
        databaseName: DATABASE_NAME,
        masterUsername: "storefront_admin",
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: key.arn,
        storageEncrypted: true,
        kmsKeyId: key.arn,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [args.securityGroupId],
        dbClusterParameterGroupName: parameters.name,
        iamDatabaseAuthenticationEnabled: true,
        backupRetentionPeriod: args.backupRetentionDays,
        preferredBackupWindow: args.backupWindow,
        preferredMaintenanceWindow: args.maintenanceWindow,
        copyTagsToSnapshot: true,
        deletionProtection: args.protect,
        skipFinalSnapshot: !args.protect,
        ...(args.protect
          ? {
              finalSnapshotIdentifier: physicalName(
                "aws:rds/cluster:Cluster",
                `${name}-final`,
                "finalSnapshotIdentifier",
              ),
            }
          : {}),
        enabledCloudwatchLogsExports: [...AURORA_LOG_EXPORTS],
        ...(args.serverless ? { serverlessv2ScalingConfiguration: args.serverless } : {}),
        tags: { ...args.tags, Name: `${name}-cluster` },
      },
      { ...protect, ...ENGINE_VERSION_DRIFT },
    );

    const monitoringRole = serviceRole(
      `${name}-monitoring`,
      {
        service: "monitoring.rds.amazonaws.com",
        description: "Lets RDS enhanced monitoring publish OS metrics of the database instances",
      },
      { parent: this },
    );
    const monitoringPolicy = new iam.RolePolicyAttachment(
      `${name}-monitoring`,
      {
        role: monitoringRole.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
      },
      { parent: this },
    );

    const instanceClass = args.serverless ? "db.serverless" : args.instanceClass;
    const instance = (index: number, dependsOn: pulumi.Resource[]) =>
      new rds.ClusterInstance(
        autonamed(
          "aws:rds/clusterInstance:ClusterInstance",
          `${name}-${index === 0 ? "writer" : `reader-${index}`}`,
        ),
        {
          clusterIdentifier: cluster.id,
          engine: "aurora-mysql",
          engineVersion: cluster.engineVersion,
          instanceClass,
          // Writer in the first AZ, each reader in the next one, so a reader survives the writer's AZ.
          availabilityZone: pulumi
            .output(args.availabilityZones)
            .apply((zones) => zones[index % zones.length]),
          promotionTier: index === 0 ? 0 : 1,
          publiclyAccessible: false,
          autoMinorVersionUpgrade: true,
          ...(supportsPerformanceInsights(instanceClass)
            ? {
                performanceInsightsEnabled: true,
                performanceInsightsKmsKeyId: key.arn,
                performanceInsightsRetentionPeriod: 7,
              }
            : { performanceInsightsEnabled: false }),
          monitoringInterval: 60,
          monitoringRoleArn: monitoringRole.arn,
          caCertIdentifier: "rds-ca-rsa2048-g1",
          tags: { Name: `${name}-${index === 0 ? "writer" : `reader-${index}`}` },
        },
        { ...protect, ...ENGINE_VERSION_DRIFT, dependsOn },
      );
    // The first instance to come up becomes the writer: readers wait for it.
    const writer = instance(0, [monitoringPolicy]);
    const readers = Array.from({ length: args.readers }, (_, i) => instance(i + 1, [writer]));

    if (args.readerAutoScaling) {
      const target = new appautoscaling.Target(
        `${name}-readers`,
        {
          serviceNamespace: "rds",
          scalableDimension: "rds:cluster:ReadReplicaCount",
          resourceId: pulumi.interpolate`cluster:${cluster.id}`,
          minCapacity: args.readers,
          maxCapacity: args.readerAutoScaling.maxReaders,
        },
        { parent: this, dependsOn: readers },
      );
      new appautoscaling.Policy(
        `${name}-readers-cpu`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: "RDSReaderAverageCPUUtilization" },
            targetValue: args.readerAutoScaling.cpuTargetPercent,
            scaleInCooldown: 300,
            scaleOutCooldown: 60,
          },
        },
        { parent: this },
      );
    }

    this.clusterArn = cluster.arn;
    this.clusterIdentifier = cluster.clusterIdentifier;
    this.writerEndpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.port = cluster.port;
    this.keyArn = key.arn;
    this.masterSecretArn = cluster.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? "");
    this.instanceIdentifiers = [writer, ...readers].map((i) => i.identifier);
    this.registerOutputs({
      clusterArn: this.clusterArn,
      writerEndpoint: this.writerEndpoint,
      readerEndpoint: this.readerEndpoint,
      masterSecretArn: this.masterSecretArn,
    });
  }
}
