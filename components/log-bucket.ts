import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

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

export interface LogBucketArgs {
  /** Region of the load balancers that write here; decides which principal delivers their logs. */
  readonly region: string;
  /** Key prefix the load balancers write under. */
  readonly albLogPrefix: string;
  /** Key prefix CloudFront's standard logging (v2) writes under; @default no CDN log delivery */
  readonly cdnLogPrefix?: string;
  /** Days until logs move to Infrequent Access, then to Glacier, then expire. */
  readonly lifecycle: {
    readonly infrequentAccessDays: number;
    readonly glacierDays: number;
    readonly expireDays: number;
  };
  /** Keep the bucket (and its logs) when the stack is destroyed, and protect it in Pulumi. */
  readonly retain: boolean;
}

/**
 * The stack's log bucket: private (public access blocked, ACLs disabled), encrypted, versioned, reachable
 * over TLS only, with a lifecycle that ages logs out. Objects are encrypted with S3-managed keys because
 * load balancer access logs support no other kind.
 */
export class LogBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  /** The bucket policy: writers must wait for it, or AWS rejects their delivery test. */
  readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: LogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:logs:LogBucket", name, {}, opts);
    const child = { parent: this, protect: args.retain, retainOnDelete: args.retain };

    const bucket = new aws.s3.Bucket(name, { forceDestroy: !args.retain, tags: { Name: name } }, child);
    const bucketId = bucket.id;

    new aws.s3.BucketPublicAccessBlock(
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
    new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } },
      { parent: this },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { bucket: bucketId, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      { parent: this },
    );
    new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucketId, versioningConfiguration: { status: "Enabled" } },
      { parent: this },
    );
    const { infrequentAccessDays, glacierDays, expireDays } = args.lifecycle;
    new aws.s3.BucketLifecycleConfiguration(
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

    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const logWriters: pulumi.Input<Record<string, unknown>>[] = [
      { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
    ];
    if (ELB_ACCOUNT_REGIONS.has(args.region)) {
      logWriters.push({ AWS: aws.elb.getServiceAccountOutput({}, { parent: this }).arn });
    }
    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucketId,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
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
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
