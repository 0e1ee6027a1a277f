import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as elasticache from "@pulumi/aws/elasticache";
import * as ssm from "@pulumi/aws/ssm";
import * as pulumi from "@pulumi/pulumi";
import { rotatingKey } from "../shared/keys";
import * as random from "@pulumi/random";
import { autonamed } from "../shared/names";
import { knownLength, throwIfProblems } from "../shared/check-args";

export interface SessionCacheArgs {
  /** Isolated subnets, one per AZ. */
  readonly subnetIds: pulumi.Input<string[]>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly engine: "redis" | "valkey";
  /** major.minor, e.g. `7.1` */
  readonly engineVersion: string;
  readonly nodeType: string;
  /** Replicas besides the primary; one or more turns on automatic failover across AZs. */
  readonly replicas: number;
  readonly snapshotRetentionDays: number;
  readonly maintenanceWindow: string;
  /** Retention of the slow log in CloudWatch Logs, in days. */
  readonly logRetentionDays: number;
  /** Name of the SecureString parameter the AUTH token is published under for the web servers. */
  readonly authTokenParameterName: string;
}

/** Parameter group families per engine and major version. */
function parameterFamily(engine: string, version: string): string {
  return `${engine}${version.split(".")[0]}`;
}

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: the primary and
 * each replica go to different subnets (AZs), so a known subnet list must have room for all of them.
 */
export function checkSessionCacheArgs(args: SessionCacheArgs): void {
  const subnets = knownLength(args.subnetIds);
  throwIfProblems("SessionCache", [
    (!Number.isInteger(args.replicas) || args.replicas < 0 || args.replicas > 5) &&
      `replicas ${args.replicas}: a whole number from 0 to 5 (ElastiCache's limit per shard)`,
    subnets !== undefined &&
      args.replicas + 1 > subnets &&
      `replicas ${args.replicas}: at most ${subnets - 1} with ${subnets} subnets (each node in its own AZ)`,
  ]);
}

/**
 * PHP sessions in ElastiCache (Redis or Valkey), so web servers stay stateless. Encrypted in transit
 * (required, not preferred) and at rest with its own rotating KMS key; clients authenticate with a
 * generated AUTH token that exists only as a Pulumi secret and an SSM SecureString parameter, which the
 * web servers read at boot through their Session Manager permissions. With replicas, a replica in
 * another AZ takes over automatically.
 */
export class SessionCache extends pulumi.ComponentResource {
  readonly primaryEndpoint: pulumi.Output<string>;
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  readonly replicationGroupId: pulumi.Output<string>;
  /** Node ids, the primary first (at creation): CloudWatch's CacheClusterId dimension. */
  readonly memberClusterIds: pulumi.Output<string[]>;
  /** The AUTH token, as a secret. */
  readonly authToken: pulumi.Output<string>;
  readonly authTokenParameterName: pulumi.Output<string>;
  /** The key that encrypts the AUTH token's parameter (and the cache). */
  readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: SessionCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    checkSessionCacheArgs(args);
    super("storefront:data:SessionCache", name, {}, opts);

    const key = rotatingKey(`${name}-key`, `Encrypts the session cache ${name}`, { parent: this });
    // 64 characters, the most AUTH allows; specials limited to URL-safe ones because PHP puts the token
    // in the query string of its session save path.
    const token = new random.RandomPassword(
      `${name}-auth-token`,
      { length: 64, special: true, overrideSpecial: "-_.~" },
      { parent: this },
    );
    const subnetGroup = new elasticache.SubnetGroup(
      `${name}-subnets`,
      {
        description: "Isolated subnets of the session cache",
        subnetIds: args.subnetIds,
        tags: { Name: `${name}-subnets` },
      },
      { parent: this },
    );
    const parameters = new elasticache.ParameterGroup(
      autonamed("aws:elasticache/parameterGroup:ParameterGroup", `${name}-params`),
      {
        family: parameterFamily(args.engine, args.engineVersion),
        description: "Storefront sessions: evict only keys with an expiry when memory runs out",
        parameters: [{ name: "maxmemory-policy", value: "volatile-lru" }],
        tags: { Name: `${name}-params` },
      },
      { parent: this },
    );
    const slowLog = new cloudwatch.LogGroup(
      `${name}-slow-log`,
      { retentionInDays: args.logRetentionDays, tags: { Name: `${name}-slow-log` } },
      { parent: this },
    );

    const failover = args.replicas > 0;
    const group = new elasticache.ReplicationGroup(
      autonamed("aws:elasticache/replicationGroup:ReplicationGroup", `${name}-rg`),
      {
        description: "Storefront PHP sessions",
        engine: args.engine,
        engineVersion: args.engineVersion,
        nodeType: args.nodeType,
        numCacheClusters: 1 + args.replicas,
        automaticFailoverEnabled: failover,
        multiAzEnabled: failover,
        port: 6379,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [args.securityGroupId],
        parameterGroupName: parameters.name,
        atRestEncryptionEnabled: true,
        kmsKeyId: key.arn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: token.result,
        autoMinorVersionUpgrade: true,
        snapshotRetentionLimit: args.snapshotRetentionDays,
        maintenanceWindow: args.maintenanceWindow,
        logDeliveryConfigurations: [
          {
            destination: slowLog.name,
            destinationType: "cloudwatch-logs",
            logFormat: "json",
            logType: "slow-log",
          },
        ],
        tags: { Name: `${name}-rg` },
      },
      { parent: this },
    );

    const parameter = new ssm.Parameter(
      `${name}-auth-token`,
      {
        name: args.authTokenParameterName,
        description: "AUTH token of the session cache, read by the web servers at boot",
        type: "SecureString",
        // The cache's own key, not the account's aws/ssm key (which every principal of the account may
        // use through SSM): only roles granted kms:Decrypt on this key can read the token.
        keyId: key.arn,
        value: token.result,
        tags: { Name: `${name}-auth-token` },
      },
      { parent: this },
    );

    this.keyArn = key.arn;
    this.primaryEndpoint = group.primaryEndpointAddress;
    this.readerEndpoint = group.readerEndpointAddress;
    this.port = group.port.apply((p) => p ?? 6379);
    this.replicationGroupId = group.id;
    this.memberClusterIds = group.memberClusters.apply((members) => [...members].sort());
    this.authToken = pulumi.secret(token.result);
    this.authTokenParameterName = parameter.name;
    this.registerOutputs({
      primaryEndpoint: this.primaryEndpoint,
      readerEndpoint: this.readerEndpoint,
      authTokenParameterName: this.authTokenParameterName,
    });
  }
}
