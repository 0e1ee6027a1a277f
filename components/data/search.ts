import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as opensearch from "@pulumi/aws/opensearch";
import * as iam from "@pulumi/aws/iam";
import * as ssm from "@pulumi/aws/ssm";
import * as pulumi from "@pulumi/pulumi";
import { rotatingKey } from "../shared/keys";
import * as random from "@pulumi/random";
import { knownLength, throwIfProblems } from "../shared/check-args";

/** What an OpenSearch domain can publish to CloudWatch Logs, and the log group key for each. */
const LOG_TYPES = {
  ES_APPLICATION_LOGS: "application",
  INDEX_SLOW_LOGS: "index-slow",
  SEARCH_SLOW_LOGS: "search-slow",
  AUDIT_LOGS: "audit",
} as const;

export interface SearchArgs {
  /** OpenSearch domain name: 3-28 lowercase letters, digits and hyphens, unique in the account and region. */
  readonly domainName: string;
  /** Isolated subnets, one per AZ; the domain uses as many as it spreads over. */
  readonly subnetIds: pulumi.Input<string[]>;
  readonly securityGroupId: pulumi.Input<string>;
  /** e.g. `OpenSearch_2.19` */
  readonly engineVersion: string;
  readonly instanceType: string;
  readonly instanceCount: number;
  /** AZs the data nodes are spread over (1 to 3); `instanceCount` is a multiple of it. */
  readonly zoneCount: number;
  readonly volumeGiB: number;
  /** Three dedicated master nodes of this type; @default none */
  readonly dedicatedMasterType?: string;
  /**
   * Create the account's OpenSearch service-linked role, which a VPC domain needs ("Using service-linked
   * roles to create VPC domains", Amazon OpenSearch Service Developer Guide). It is account-wide and can
   * exist once: set this on one stack per account, or create the role once by hand
   * (`aws iam create-service-linked-role --aws-service-name opensearchservice.amazonaws.com`).
   * @default false
   */
  readonly createServiceLinkedRole?: boolean;
  /** Name of the SecureString parameter the master password is published under. */
  readonly masterPasswordParameterName: string;
  readonly logRetentionDays: number;
}

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: OpenSearch spreads
 * data nodes evenly over 1 to 3 zones, in the first subnet of each.
 */
export function checkSearchArgs(args: SearchArgs): void {
  const subnets = knownLength(args.subnetIds);
  throwIfProblems("Search", [
    ![1, 2, 3].includes(args.zoneCount) && `zoneCount ${args.zoneCount}: 1, 2 or 3`,
    (!Number.isInteger(args.instanceCount) || args.instanceCount % args.zoneCount !== 0) &&
      `instanceCount ${args.instanceCount}: a multiple of zoneCount (${args.zoneCount})`,
    subnets !== undefined &&
      subnets < args.zoneCount &&
      `subnetIds: ${args.zoneCount} subnets or more, one per zone (got ${subnets})`,
  ]);
}

/**
 * OpenSearch for Magento's catalogue search, inside the VPC only. Encrypted at rest with its own KMS key
 * and between nodes, HTTPS only with a TLS 1.2 policy, fine-grained access control with a generated master
 * password (a Pulumi secret and an SSM SecureString parameter), data nodes spread over AZs, gp3 storage,
 * and application, slow and audit logs in CloudWatch Logs.
 */
export class Search extends pulumi.ComponentResource {
  readonly endpoint: pulumi.Output<string>;
  readonly domainArn: pulumi.Output<string>;
  readonly domainName: pulumi.Output<string>;
  readonly masterUserName: string;
  readonly masterPasswordParameterName: pulumi.Output<string>;
  /** The key that encrypts the master password's parameter (and the domain). */
  readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: SearchArgs, opts?: pulumi.ComponentResourceOptions) {
    checkSearchArgs(args);
    super("storefront:data:Search", name, {}, opts);
    this.masterUserName = "storefront_admin";

    const key = rotatingKey(`${name}-key`, `Encrypts the search domain ${args.domainName}`, { parent: this });
    // Fine-grained access control wants upper and lower case, a digit and a special character.
    const password = new random.RandomPassword(
      `${name}-master-password`,
      { length: 32, minUpper: 2, minLower: 2, minNumeric: 2, minSpecial: 2, overrideSpecial: "!#%*-_=+?" },
      { parent: this },
    );

    const logGroups = Object.entries(LOG_TYPES).map(
      ([logType, key]) =>
        [
          logType,
          new cloudwatch.LogGroup(
            `${name}-${key}`,
            { retentionInDays: args.logRetentionDays, tags: { Name: `${name}-${key}` } },
            { parent: this },
          ),
        ] as const,
    );
    const account = getCallerIdentityOutput({}, { parent: this }).accountId;
    const region = getRegionOutput({}, { parent: this }).region;
    const domainArn = pulumi.interpolate`arn:aws:es:${region}:${account}:domain/${args.domainName}`;
    // Only this account's domain may write: without a source condition the service principal could be
    // made to write for any account's domain (confused deputy). The condition keys as in "Monitoring
    // OpenSearch logs with Amazon CloudWatch Logs" (OpenSearch Service Developer Guide).
    const logPolicy = new cloudwatch.LogResourcePolicy(
      `${name}-logs`,
      {
        policyName: `${name}-logs`,
        policyDocument: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "es.amazonaws.com" },
              Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
              Resource: logGroups.map(([, group]) => pulumi.interpolate`${group.arn}:*`),
              Condition: {
                StringEquals: { "aws:SourceAccount": account },
                ArnLike: { "aws:SourceArn": domainArn },
              },
            },
          ],
        }),
      },
      { parent: this },
    );

    const zoneAware = args.zoneCount > 1;

    const linkedRole = args.createServiceLinkedRole
      ? new iam.ServiceLinkedRole(
          `${name}-service-role`,
          { awsServiceName: "opensearchservice.amazonaws.com" },
          { parent: this },
        )
      : undefined;
    const domain = new opensearch.Domain(
      `${name}-domain`,
      {
        domainName: args.domainName,
        engineVersion: args.engineVersion,
        clusterConfig: {
          instanceType: args.instanceType,
          instanceCount: args.instanceCount,
          zoneAwarenessEnabled: zoneAware,
          ...(zoneAware ? { zoneAwarenessConfig: { availabilityZoneCount: args.zoneCount } } : {}),
          dedicatedMasterEnabled: args.dedicatedMasterType !== undefined,
          ...(args.dedicatedMasterType
            ? { dedicatedMasterType: args.dedicatedMasterType, dedicatedMasterCount: 3 }
            : {}),
        },
        ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: args.volumeGiB },
        encryptAtRest: { enabled: true, kmsKeyId: key.arn },
        nodeToNodeEncryption: { enabled: true },
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
        advancedSecurityOptions: {
          enabled: true,
          internalUserDatabaseEnabled: true,
          masterUserOptions: { masterUserName: this.masterUserName, masterUserPassword: password.result },
        },
        vpcOptions: {
          subnetIds: pulumi.output(args.subnetIds).apply((ids) => ids.slice(0, args.zoneCount)),
          securityGroupIds: [args.securityGroupId],
        },
        // Inside the VPC and behind its security group, requests are authorised by fine-grained access
        // control (HTTP basic auth with the master user), which IAM principals in this policy cannot express.
        accessPolicies: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: "*" },
              Action: "es:ESHttp*",
              Resource: pulumi.interpolate`${domainArn}/*`,
            },
          ],
        }),
        logPublishingOptions: logGroups.map(([logType, group]) => ({
          logType,
          cloudwatchLogGroupArn: group.arn,
          enabled: true,
        })),
        softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
        tags: { Name: `${name}-domain` },
      },
      { parent: this, dependsOn: [logPolicy, ...(linkedRole ? [linkedRole] : [])] },
    );

    const parameter = new ssm.Parameter(
      `${name}-master-password`,
      {
        name: args.masterPasswordParameterName,
        description: `Master user password of the search domain ${args.domainName}`,
        type: "SecureString",
        // The domain's own key, not the account's aws/ssm key: only roles granted kms:Decrypt on it read it.
        keyId: key.arn,
        value: password.result,
        tags: { Name: `${name}-master-password` },
      },
      { parent: this },
    );

    this.endpoint = domain.endpoint;
    this.domainArn = domain.arn;
    this.domainName = domain.domainName;
    this.masterPasswordParameterName = parameter.name;
    this.keyArn = key.arn;
    this.registerOutputs({ endpoint: this.endpoint, domainArn: this.domainArn });
  }
}
