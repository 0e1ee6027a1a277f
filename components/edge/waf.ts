import * as iam from "@pulumi/aws/iam";
import * as kinesis from "@pulumi/aws/kinesis";
import type * as awsInput from "@pulumi/aws/types/input";
import * as wafv2 from "@pulumi/aws/wafv2";
import * as pulumi from "@pulumi/pulumi";
import { serviceRole } from "../shared/service-role";
import { physicalName } from "../shared/names";

/** AWS managed rule groups every storefront gets, in evaluation order after the rate limit. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
  "AWSManagedRulesPHPRuleSet",
] as const;

export interface WebAclRulesArgs {
  /** Requests one client IP may make in five minutes. */
  readonly rateLimit: number;
  /** Add AWS's Bot Control rule group (charged per request). */
  readonly botControl: boolean;
  /** Prefix of every CloudWatch metric name. */
  readonly metricPrefix: string;
  /**
   * The header carrying the shopper's address when a CDN other than CloudFront fronts the load balancer:
   * there the source address is the CDN's, and a per-IP limit would block the CDN itself. The rate limit
   * then counts per forwarded address (WAFv2 RateBasedStatement, AggregateKeyType FORWARDED_IP with a
   * ForwardedIPConfig; AWS WAF Developer Guide, "Using forwarded IP addresses"). Requests without the
   * header (the CDN's health checks) are not counted.
   * @default the source address
   */
  readonly clientIpHeader?: string;
}

type Rule = awsInput.wafv2.WebAclRule;

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/**
 * The web ACL's rules: a per-IP rate limit first, then the managed groups. The common rule set's 8 KB
 * body limit is counted instead of blocked: shop admins upload product images and long descriptions.
 */
export function webAclRules(args: WebAclRulesArgs): Rule[] {
  const groups = [...MANAGED_RULE_GROUPS, ...(args.botControl ? ["AWSManagedRulesBotControlRuleSet"] : [])];
  return [
    {
      name: "rate-limit-per-ip",
      priority: 0,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit: args.rateLimit,
          evaluationWindowSec: 300,
          ...(args.clientIpHeader
            ? {
                aggregateKeyType: "FORWARDED_IP",
                forwardedIpConfig: { headerName: args.clientIpHeader, fallbackBehavior: "NO_MATCH" },
              }
            : { aggregateKeyType: "IP" }),
        },
      },
      visibilityConfig: visibility(`${args.metricPrefix}-rate-limit`),
    },
    ...groups.map((group, i): Rule => ({
      name: group,
      priority: i + 1,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: "AWS",
          name: group,
          ...(group === "AWSManagedRulesCommonRuleSet"
            ? { ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }] }
            : {}),
          ...(group === "AWSManagedRulesBotControlRuleSet"
            ? {
                managedRuleGroupConfigs: [
                  { awsManagedRulesBotControlRuleSet: { inspectionLevel: "COMMON" } },
                ],
              }
            : {}),
        },
      },
      visibilityConfig: visibility(`${args.metricPrefix}-${group}`),
    })),
  ];
}

/** Where Firehose writes records it could not deliver: beside the logs, so the role may write there too. */
export function errorPrefixRoot(logPrefix: string): string {
  return `${logPrefix}-errors`;
}

export interface EdgeWafArgs extends WebAclRulesArgs {
  /** CLOUDFRONT (its provider must be us-east-1) or REGIONAL (for a load balancer). */
  readonly scope: "CLOUDFRONT" | "REGIONAL";
  /** The log bucket WAF logs are delivered to, under `<logPrefix>/`. */
  readonly logBucketArn: pulumi.Input<string>;
  readonly logPrefix: string;
}

/**
 * A WAFv2 web ACL, for CloudFront (scope CLOUDFRONT, with a us-east-1 provider) or for a load balancer
 * (scope REGIONAL), with its logs streamed through an encrypted Kinesis Data Firehose into the stack's log
 * bucket. Cookies and authorisation headers are redacted from the logs: they carry sessions.
 */
export class EdgeWaf extends pulumi.ComponentResource {
  readonly webAclArn: pulumi.Output<string>;
  readonly webAclId: pulumi.Output<string>;
  /** The name CloudWatch's WAF metrics use as their WebACL dimension. */
  readonly webAclName: pulumi.Output<string>;

  constructor(name: string, args: EdgeWafArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:edge:EdgeWaf", name, {}, opts);

    const acl = new wafv2.WebAcl(
      `${name}-acl`,
      {
        description: "Storefront: rate limit and AWS managed rule groups",
        scope: args.scope,
        defaultAction: { allow: {} },
        rules: webAclRules(args),
        visibilityConfig: visibility(`${args.metricPrefix}-acl`),
        tags: { Name: `${name}-acl` },
      },
      { parent: this },
    );

    const role = serviceRole(
      `${name}-firehose`,
      {
        service: "firehose.amazonaws.com",
        description: "Lets Kinesis Data Firehose write WAF logs to the log bucket",
      },
      { parent: this },
    );
    const policy = new iam.Policy(
      `${name}-firehose`,
      {
        description: "Write WAF logs under their prefix of the log bucket",
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
              Resource: args.logBucketArn,
            },
            {
              Effect: "Allow",
              Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject"],
              // The delivery prefix and the error prefix Firehose writes failed records under.
              Resource: [
                pulumi.interpolate`${args.logBucketArn}/${args.logPrefix}/*`,
                pulumi.interpolate`${args.logBucketArn}/${errorPrefixRoot(args.logPrefix)}/*`,
              ],
            },
          ],
        }),
        tags: { Name: `${name}-firehose` },
      },
      { parent: this },
    );
    const attachment = new iam.RolePolicyAttachment(
      `${name}-firehose`,
      { role: role.name, policyArn: policy.arn },
      { parent: this },
    );
    const stream = new kinesis.FirehoseDeliveryStream(
      `${name}-logs`,
      {
        // WAF only delivers to streams whose names start with aws-waf-logs-.
        name: physicalName(
          "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
          `aws-waf-logs-${name}`,
        ),
        destination: "extended_s3",
        serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
        extendedS3Configuration: {
          roleArn: role.arn,
          bucketArn: args.logBucketArn,
          // One folder per day: the log archive's Athena table projects its partitions onto them.
          prefix: `${args.logPrefix}/!{timestamp:yyyy/MM/dd}/`,
          errorOutputPrefix: `${errorPrefixRoot(args.logPrefix)}/!{firehose:error-output-type}/`,
          compressionFormat: "GZIP",
          bufferingInterval: 300,
          bufferingSize: 5,
        },
        tags: { Name: `${name}-logs` },
      },
      { parent: this, dependsOn: [attachment] },
    );
    new wafv2.WebAclLoggingConfiguration(
      `${name}-logging`,
      {
        resourceArn: acl.arn,
        logDestinationConfigs: [stream.arn],
        redactedFields: [{ singleHeader: { name: "cookie" } }, { singleHeader: { name: "authorization" } }],
      },
      { parent: this },
    );

    this.webAclArn = acl.arn;
    this.webAclId = acl.id;
    this.webAclName = acl.name;
    this.registerOutputs({ webAclArn: this.webAclArn });
  }
}
