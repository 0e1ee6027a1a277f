import * as athena from "@pulumi/aws/athena";
import * as elb from "@pulumi/aws/elb";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as glue from "@pulumi/aws/glue";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { ALB_COLUMNS, ALB_LOG_REGEX, dayProjection, NAMED_QUERIES, WAF_COLUMNS } from "./log-tables";
import { autonamed } from "../shared/names";
import { denyInsecureTransport } from "../shared/bucket-policy";
import { throwIfProblems } from "../shared/check-args";

/**
 * Regions whose load balancers deliver access logs as a regional Elastic Load Balancing account rather
 * than as the log delivery service principal: every region opened before Jakarta (December 2021). AWS
 * added no region to this list since, so it is fixed.
 */
const ELB_ACCOUNT_REGIONS = new Set([
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-south-1",
  "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
  "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-north-1",
  "me-south-1", "sa-east-1",
]); // prettier-ignore

export interface LogArchiveArgs {
  /** Region of the load balancers that write here; decides which principal delivers their logs. */
  readonly region: string;
  /** Key prefix the load balancers write under. */
  readonly albLogPrefix: string;
  /** Key prefix CloudFront's standard logging (v2) writes under; @default no CDN log delivery */
  readonly cdnLogPrefix?: string;
  /** Key prefix WAF logs arrive under (through Firehose, one folder per day). */
  readonly wafLogPrefix: string;
  /** Days until logs move to Infrequent Access, then to Glacier, then expire. */
  readonly lifecycle: {
    readonly infrequentAccessDays: number;
    readonly glacierDays: number;
    readonly expireDays: number;
  };
  /** Keep the bucket (and its logs) when the stack is destroyed, and protect it in Pulumi. */
  readonly retain: boolean;
}

/** First day partition projection offers; older logs cannot exist. */
const FIRST_LOG_DAY = "2025/01/01";

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: S3 lifecycle
 * transitions keep 30 days in Standard-IA before Glacier, and expiry comes after the last transition.
 */
export function checkLogArchiveArgs(args: LogArchiveArgs): void {
  const { infrequentAccessDays, glacierDays, expireDays } = args.lifecycle;
  throwIfProblems("LogArchive", [
    infrequentAccessDays < 30 &&
      `lifecycle.infrequentAccessDays ${infrequentAccessDays}: 30 or more (S3's minimum)`,
    glacierDays < infrequentAccessDays + 30 &&
      `lifecycle.glacierDays ${glacierDays}: at least infrequentAccessDays + 30 (${infrequentAccessDays + 30})`,
    expireDays <= glacierDays && `lifecycle.expireDays ${expireDays}: more than glacierDays (${glacierDays})`,
  ]);
}

/**
 * The stack's log archive: one bucket for load balancer, CDN and WAF logs, private (public access
 * blocked, ACLs disabled), encrypted, versioned, reachable over TLS only, aged out by a lifecycle; a Glue
 * database with day-partitioned tables over the ALB and WAF logs; an Athena workgroup with encrypted,
 * enforced results and the queries operators run during an incident. Objects are encrypted with
 * S3-managed keys because load balancer access logs support no other kind.
 */
export class LogArchive extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly databaseName: pulumi.Output<string>;
  readonly workgroupName: pulumi.Output<string>;
  /** The bucket policy: writers must wait for it, or AWS rejects their delivery test. */
  readonly policy: s3.BucketPolicy;

  constructor(name: string, args: LogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
    checkLogArchiveArgs(args);
    super("storefront:logs:LogArchive", name, {}, opts);
    const child = { parent: this, protect: args.retain, retainOnDelete: args.retain };

    const bucket = new s3.Bucket(
      autonamed("aws:s3/bucket:Bucket", name),
      { forceDestroy: !args.retain, tags: { Name: name } },
      child,
    );
    const bucketId = bucket.id;

    new s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket: bucketId,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    new s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } },
      { parent: this },
    );
    new s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { bucket: bucketId, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      { parent: this },
    );
    new s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucketId, versioningConfiguration: { status: "Enabled" } },
      { parent: this },
    );
    const { infrequentAccessDays, glacierDays, expireDays } = args.lifecycle;
    new s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucketId,
        rules: [
          {
            id: "age-out-logs",
            status: "Enabled",
            filter: {},
            transitions: [
              { days: infrequentAccessDays, storageClass: "STANDARD_IA" },
              { days: glacierDays, storageClass: "GLACIER" },
            ],
            expiration: { days: expireDays },
            noncurrentVersionExpiration: { noncurrentDays: 30 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { parent: this },
    );

    const account = getCallerIdentityOutput({}, { parent: this }).accountId;
    const logWriters: pulumi.Input<Record<string, unknown>>[] = [
      { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
    ];
    if (ELB_ACCOUNT_REGIONS.has(args.region)) {
      logWriters.push({ AWS: elb.getServiceAccountOutput({}, { parent: this }).arn });
    }
    this.policy = new s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucketId,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            denyInsecureTransport(bucket.arn),
            ...logWriters.map((principal, i) => ({
              Sid: `AlbAccessLogs${i}`,
              Effect: "Allow",
              Principal: principal,
              Action: "s3:PutObject",
              Resource: pulumi.interpolate`${bucket.arn}/${args.albLogPrefix}/AWSLogs/${account}/*`,
            })),
            ...(args.cdnLogPrefix
              ? [
                  {
                    Sid: "CdnAccessLogs",
                    Effect: "Allow",
                    Principal: { Service: "delivery.logs.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: pulumi.interpolate`${bucket.arn}/${args.cdnLogPrefix}/*`,
                    // Only log deliveries of this account (CloudFront's are in us-east-1).
                    Condition: {
                      StringEquals: { "aws:SourceAccount": account },
                      ArnLike: {
                        "aws:SourceArn": pulumi.interpolate`arn:aws:logs:us-east-1:${account}:delivery-source:*`,
                      },
                    },
                  },
                ]
              : []),
          ],
        }),
      },
      { parent: this },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    const analytics = this.analytics(name, bucket, account, args);
    this.databaseName = analytics.database;
    this.workgroupName = analytics.workgroup;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      databaseName: this.databaseName,
      workgroupName: this.workgroupName,
    });
  }

  private analytics(name: string, bucket: s3.Bucket, account: pulumi.Output<string>, args: LogArchiveArgs) {
    const database = new glue.CatalogDatabase(
      `${name}-db`,
      { name: name.replace(/-/g, "_"), description: "Load balancer and WAF logs of the storefront" },
      { parent: this },
    );
    const base = pulumi.interpolate`s3://${bucket.bucket}`;
    const albLocation = pulumi.interpolate`${base}/${args.albLogPrefix}/AWSLogs/${account}/elasticloadbalancing/${args.region}`;
    new glue.CatalogTable(
      `${name}-alb-logs`,
      {
        databaseName: database.name,
        name: "alb_logs",
        tableType: "EXTERNAL_TABLE",
        partitionKeys: [{ name: "day", type: "string" }],
        parameters: albLocation.apply((location) => ({
          EXTERNAL: "TRUE",
          ...dayProjection(`${location}/\${day}`, FIRST_LOG_DAY),
        })),
        storageDescriptor: {
          location: albLocation,
          inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
          outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
          serDeInfo: {
            serializationLibrary: "org.apache.hadoop.hive.serde2.RegexSerDe",
            parameters: { "serialization.format": "1", "input.regex": ALB_LOG_REGEX },
          },
          columns: [...ALB_COLUMNS],
        },
      },
      { parent: this },
    );
    const wafLocation = pulumi.interpolate`${base}/${args.wafLogPrefix}`;
    new glue.CatalogTable(
      `${name}-waf-logs`,
      {
        databaseName: database.name,
        name: "waf_logs",
        tableType: "EXTERNAL_TABLE",
        partitionKeys: [{ name: "day", type: "string" }],
        parameters: wafLocation.apply((location) => ({
          EXTERNAL: "TRUE",
          ...dayProjection(`${location}/\${day}`, FIRST_LOG_DAY),
        })),
        storageDescriptor: {
          location: wafLocation,
          inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
          outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
          serDeInfo: { serializationLibrary: "org.openx.data.jsonserde.JsonSerDe" },
          columns: [...WAF_COLUMNS],
        },
      },
      { parent: this },
    );
    const workgroup = new athena.Workgroup(
      `${name}-athena`,
      {
        description: "Queries over the storefront's logs",
        forceDestroy: !args.retain,
        configuration: {
          enforceWorkgroupConfiguration: true,
          publishCloudwatchMetricsEnabled: true,
          // Ten gigabytes per query: a runaway scan over years of logs stops instead of costing money.
          bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
          resultConfiguration: {
            outputLocation: pulumi.interpolate`${base}/athena-results/`,
            encryptionConfiguration: { encryptionOption: "SSE_S3" },
          },
        },
        tags: { Name: `${name}-athena` },
      },
      { parent: this },
    );
    for (const query of NAMED_QUERIES) {
      new athena.NamedQuery(
        `${name}-${query.name}`,
        {
          name: query.name,
          description: query.description,
          workgroup: workgroup.name,
          database: database.name,
          query: database.name.apply(query.sql),
        },
        { parent: this },
      );
    }
    return { database: database.name, workgroup: workgroup.name };
  }
}
