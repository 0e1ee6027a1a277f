/**
 * The naming rules of every AWS resource type the kit names, explicitly or through Pulumi's autonaming: the
 * property that carries the name, its maximum length, and its character rules. Components use the
 * maximums to build names that fit (`names.ts`); the offline plan's mock cloud enforces the whole table the
 * way the provider and AWS would, so a name AWS rejects fails the plan instead of `pulumi up`.
 *
 * Pulumi's autonaming: the AWS provider names a resource `<logical name>-<7 random characters>` and refuses
 * to truncate: `name '<logical>-' plus 7 random chars is longer than maximum length <max>` (pulumi/pulumi,
 * sdk/go/common/resource/names.go, NewUniqueHex; the provider passes randlen 7 and the per-type maximum).
 */

export interface NameRule {
  /** The input that carries the physical name. */
  readonly property: string;
  readonly max: number;
  readonly min?: number;
  /** Every character must match; anchored. */
  readonly pattern?: RegExp;
  /** Human wording of `pattern`, for error lines. */
  readonly characters?: string;
  readonly letterFirst?: boolean;
  /** No `--` anywhere and no `-` at the end (RDS, ElastiCache). */
  readonly noDoubleOrTrailingHyphen?: boolean;
  /** No hyphen at either end. */
  readonly noEdgeHyphen?: boolean;
  readonly forbiddenPrefixes?: readonly string[];
  readonly forbiddenSuffixes?: readonly string[];
  /** No `..` anywhere and not shaped like an IPv4 address (S3). */
  readonly noAdjacentPeriodsOrIp?: boolean;
  readonly requiredPrefix?: string;
  /** Whether the provider autonames the property when the program leaves it out. */
  readonly autonamed: boolean;
  /** Where the rule is documented. */
  readonly source: string;
}

/** The random suffix Pulumi's AWS provider appends when it autonames: `-` and 7 characters. */
export const AUTONAME_SUFFIX_LENGTH = 8;

const ALNUM_HYPHEN = { pattern: /^[A-Za-z0-9-]+$/, characters: "letters, digits and '-'" };
const RDS_IDENTIFIER = {
  ...ALNUM_HYPHEN,
  letterFirst: true,
  noDoubleOrTrailingHyphen: true,
};

const S3_BUCKET: NameRule = {
  property: "bucket",
  max: 63,
  min: 3,
  pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
  characters: "lowercase letters, digits, '.' and '-', starting and ending with a letter or digit",
  noAdjacentPeriodsOrIp: true,
  forbiddenPrefixes: ["xn--", "sthree-", "amzn-s3-demo-"],
  forbiddenSuffixes: ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"],
  autonamed: true,
  source: "Amazon S3 User Guide, general purpose bucket naming rules",
};

/**
 * Image Builder's resource names (the API's ResourceName shape, the same for components, image recipes,
 * infrastructure and distribution configurations and image pipelines): pattern
 * `^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$`, i.e. 3 to 128 letters, digits, '-', '_' and inner
 * spaces (EC2 Image Builder API reference, CreateComponent / CreateImageRecipe /
 * CreateInfrastructureConfiguration / CreateDistributionConfiguration / CreateImagePipeline, `name`,
 * https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_CreateComponent.html). @pulumi/aws
 * autonames `name` (optional in imagebuilder/component.d.ts and its siblings).
 */
function imageBuilderRule(operation: string): NameRule {
  return {
    property: "name",
    max: 128,
    min: 3,
    pattern: /^[-_A-Za-z0-9][-_A-Za-z0-9 ]*[-_A-Za-z0-9]$/,
    characters: "letters, digits, '-', '_' and inner spaces",
    autonamed: true,
    source: `EC2 Image Builder API reference, ${operation} name`,
  };
}

export const NAME_RULES: Readonly<Record<string, NameRule>> = {
  // CreateLoadBalancer, Name: "a maximum of 32 characters, must contain only alphanumeric characters or
  // hyphens, must not begin or end with a hyphen, and must not begin with "internal-"" (ELBv2 API
  // reference, https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html;
  // @pulumi/aws lb/loadBalancer.d.ts `name`).
  "aws:lb/loadBalancer:LoadBalancer": {
    property: "name",
    max: 32,
    ...ALNUM_HYPHEN,
    noEdgeHyphen: true,
    forbiddenPrefixes: ["internal-"],
    autonamed: true,
    source: "ELBv2 API reference, CreateLoadBalancer Name",
  },
  // CreateTargetGroup, Name: 32 characters, alphanumerics or hyphens, not beginning or ending with a hyphen
  // (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html).
  "aws:lb/targetGroup:TargetGroup": {
    property: "name",
    max: 32,
    ...ALNUM_HYPHEN,
    noEdgeHyphen: true,
    autonamed: true,
    source: "ELBv2 API reference, CreateTargetGroup Name",
  },
  // CreateReplicationGroup, ReplicationGroupId: "1 to 40 alphanumeric characters or hyphens; the first
  // character must be a letter; cannot end with a hyphen or contain two consecutive hyphens"
  // (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html).
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    property: "replicationGroupId",
    max: 40,
    ...RDS_IDENTIFIER,
    autonamed: true,
    source: "ElastiCache API reference, CreateReplicationGroup ReplicationGroupId",
  },
  // CreateCacheSubnetGroup, CacheSubnetGroupName: "no more than 255 alphanumeric characters or hyphens".
  "aws:elasticache/subnetGroup:SubnetGroup": {
    property: "name",
    max: 255,
    ...ALNUM_HYPHEN,
    autonamed: true,
    source: "ElastiCache API reference, CreateCacheSubnetGroup CacheSubnetGroupName",
  },
  // CreateCacheParameterGroup, CacheParameterGroupName: "must begin with an ASCII letter; can only contain
  // ASCII letters, digits, and hyphens; must be 1-255 characters long; can't contain two consecutive
  // hyphens; can't end with a hyphen" (ElastiCache User Guide, Creating an ElastiCache parameter group,
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Creating.html).
  "aws:elasticache/parameterGroup:ParameterGroup": {
    property: "name",
    max: 255,
    ...RDS_IDENTIFIER,
    autonamed: true,
    source: "ElastiCache User Guide, parameter group naming constraints",
  },
  // CreateDBCluster, DBClusterIdentifier: "1 to 63 (Aurora) letters, numbers, or hyphens; first character
  // must be a letter; can't end with a hyphen or contain two consecutive hyphens"
  // (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html).
  "aws:rds/cluster:Cluster": {
    property: "clusterIdentifier",
    max: 63,
    ...RDS_IDENTIFIER,
    autonamed: true,
    source: "RDS API reference, CreateDBCluster DBClusterIdentifier",
  },
  // CreateDBInstance, DBInstanceIdentifier: 1 to 63 letters, numbers or hyphens, same rules
  // (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html).
  "aws:rds/clusterInstance:ClusterInstance": {
    property: "identifier",
    max: 63,
    ...RDS_IDENTIFIER,
    autonamed: true,
    source: "RDS API reference, CreateDBInstance DBInstanceIdentifier",
  },
  // CreateDBClusterParameterGroup, DBClusterParameterGroupName: 1 to 255 letters, numbers or hyphens, a
  // letter first, no trailing or double hyphen.
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
    property: "name",
    max: 255,
    ...RDS_IDENTIFIER,
    autonamed: true,
    source: "RDS API reference, CreateDBClusterParameterGroup DBClusterParameterGroupName",
  },
  // CreateDBSubnetGroup, DBSubnetGroupName: no more than 255 letters, numbers, periods, underscores, spaces
  // or hyphens.
  "aws:rds/subnetGroup:SubnetGroup": {
    property: "name",
    max: 255,
    autonamed: true,
    source: "RDS API reference, CreateDBSubnetGroup DBSubnetGroupName",
  },
  // CreateBackupVault, backupVaultName: ^[a-zA-Z0-9\-\_]{2,50}$
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html).
  "aws:backup/vault:Vault": {
    property: "name",
    max: 50,
    min: 2,
    pattern: /^[A-Za-z0-9_-]+$/,
    characters: "letters, digits, '-' and '_'",
    autonamed: true,
    source: "AWS Backup API reference, CreateBackupVault backupVaultName",
  },
  // BackupPlanInput, BackupPlanName: "1-50 alphanumeric or '-_.' characters"
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlanInput.html).
  "aws:backup/plan:Plan": {
    property: "name",
    max: 50,
    pattern: /^[A-Za-z0-9_.-]+$/,
    characters: "letters, digits, '-', '_' and '.'",
    autonamed: true,
    source: "AWS Backup API reference, BackupPlanInput BackupPlanName",
  },
  // BackupSelection, SelectionName: ^[a-zA-Z0-9\-\_\.]{1,50}$
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html).
  "aws:backup/selection:Selection": {
    property: "name",
    max: 50,
    pattern: /^[A-Za-z0-9_.-]+$/,
    characters: "letters, digits, '-', '_' and '.'",
    autonamed: false,
    source: "AWS Backup API reference, BackupSelection SelectionName",
  },
  // CreateRole, RoleName: 1 to 64 characters of [\w+=,.@-]; a name_prefix may be at most 38 characters
  // because the provider appends a 26-character unique suffix
  // (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html; @pulumi/aws iam/role.d.ts).
  "aws:iam/role:Role": {
    property: "name",
    max: 64,
    pattern: /^[\w+=,.@-]+$/,
    characters: "letters, digits and '+=,.@_-'",
    autonamed: true,
    source: "IAM API reference, CreateRole RoleName",
  },
  // CreatePolicy, PolicyName: 1 to 128 characters of [\w+=,.@-].
  "aws:iam/policy:Policy": {
    property: "name",
    max: 128,
    pattern: /^[\w+=,.@-]+$/,
    characters: "letters, digits and '+=,.@_-'",
    autonamed: true,
    source: "IAM API reference, CreatePolicy PolicyName",
  },
  // CreateInstanceProfile, InstanceProfileName: 1 to 128 characters of [\w+=,.@-].
  "aws:iam/instanceProfile:InstanceProfile": {
    property: "name",
    max: 128,
    pattern: /^[\w+=,.@-]+$/,
    characters: "letters, digits and '+=,.@_-'",
    autonamed: true,
    source: "IAM API reference, CreateInstanceProfile InstanceProfileName",
  },
  // CreateFileSystem, CreationToken: 1 to 64 ASCII characters; the provider autonames it
  // (@pulumi/aws efs/fileSystem.d.ts: "a maximum of 64 characters are allowed").
  "aws:efs/fileSystem:FileSystem": {
    property: "creationToken",
    max: 64,
    autonamed: true,
    source: "EFS API reference, CreateFileSystem CreationToken",
  },
  // General purpose bucket naming rules: 3 to 63 characters, lowercase letters, digits, '.' and '-',
  // beginning and ending with a letter or digit, no two adjacent periods, not formatted as an IP address,
  // not starting with the reserved prefixes xn--, sthree- (and sthree-configurator) or amzn-s3-demo-, not
  // ending with the reserved suffixes -s3alias (access point aliases), --ol-s3 (Object Lambda access
  // point aliases), .mrap (Multi-Region Access Points), --x-s3 (directory buckets) or --table-s3 (table
  // buckets) (Amazon S3 User Guide, "General purpose bucket naming rules",
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html; the table bucket
  // suffix also in "Amazon S3 table bucket, table, and namespace naming rules",
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html).
  "aws:s3/bucket:Bucket": S3_BUCKET,
  "aws:s3/bucketV2:BucketV2": S3_BUCKET,
  // DomainName: length 3 to 28, pattern [a-z][a-z0-9\-]+
  // (https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_CreateDomain.html).
  "aws:opensearch/domain:Domain": {
    property: "domainName",
    max: 28,
    min: 3,
    pattern: /^[a-z][a-z0-9-]+$/,
    characters: "a lowercase letter, then lowercase letters, digits and '-'",
    autonamed: false,
    source: "OpenSearch Service API reference, CreateDomain DomainName",
  },
  // CreateDeliveryStream, DeliveryStreamName: 1 to 64 characters of [a-zA-Z0-9_.-]; WAF logging needs the
  // prefix `aws-waf-logs-` (https://docs.aws.amazon.com/waf/latest/developerguide/logging-kinesis.html).
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
    property: "name",
    max: 64,
    pattern: /^[A-Za-z0-9_.-]+$/,
    characters: "letters, digits, '_', '.' and '-'",
    autonamed: true,
    source: "Firehose API reference, CreateDeliveryStream DeliveryStreamName",
  },
  // PutDeliverySource / PutDeliveryDestination, name: 1 to 60 characters of [\w-]
  // (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliverySource.html).
  "aws:cloudwatch/logDeliverySource:LogDeliverySource": {
    property: "name",
    max: 60,
    pattern: /^[\w-]+$/,
    characters: "letters, digits, '_' and '-'",
    autonamed: false,
    source: "CloudWatch Logs API reference, PutDeliverySource name",
  },
  "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": {
    property: "name",
    max: 60,
    pattern: /^[\w-]+$/,
    characters: "letters, digits, '_' and '-'",
    autonamed: false,
    source: "CloudWatch Logs API reference, PutDeliveryDestination name",
  },
  // CreateWebACL, Name: 1 to 128 characters of [\w\-]
  // (https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html).
  "aws:wafv2/webAcl:WebAcl": {
    property: "name",
    max: 128,
    pattern: /^[\w-]+$/,
    characters: "letters, digits, '_' and '-'",
    autonamed: true,
    source: "WAFv2 API reference, CreateWebACL Name",
  },
  // CreateLaunchTemplate, LaunchTemplateName: 3 to 128 characters of [a-zA-Z0-9().\-/_].
  "aws:ec2/launchTemplate:LaunchTemplate": {
    property: "name",
    max: 128,
    min: 3,
    pattern: /^[A-Za-z0-9().\-/_]+$/,
    characters: "letters, digits and '()./_-'",
    autonamed: true,
    source: "EC2 API reference, CreateLaunchTemplate LaunchTemplateName",
  },
  // CreateSecurityGroup, GroupName: up to 255 characters.
  "aws:ec2/securityGroup:SecurityGroup": {
    property: "name",
    max: 255,
    autonamed: true,
    source: "EC2 API reference, CreateSecurityGroup GroupName",
  },
  // CreateTopic, Name: up to 256 characters of letters, digits, '_' and '-'.
  "aws:sns/topic:Topic": {
    property: "name",
    max: 256,
    pattern: /^[A-Za-z0-9_-]+$/,
    characters: "letters, digits, '_' and '-'",
    autonamed: true,
    source: "SNS API reference, CreateTopic Name",
  },
  // CreateWorkGroup, Name: [a-zA-Z0-9._-]{1,128}.
  "aws:athena/workgroup:Workgroup": {
    property: "name",
    max: 128,
    pattern: /^[A-Za-z0-9._-]+$/,
    characters: "letters, digits, '.', '_' and '-'",
    autonamed: true,
    source: "Athena API reference, CreateWorkGroup Name",
  },
  // Budget, BudgetName: 1 to 100 characters, no ':' or '\'.
  "aws:budgets/budget:Budget": {
    property: "name",
    max: 100,
    pattern: /^[^:\\]+$/,
    characters: "anything but ':' and '\\'",
    autonamed: true,
    source: "AWS Budgets API reference, Budget BudgetName",
  },
  // PutMetricAlarm, AlarmName: 1 to 255 characters.
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    property: "name",
    max: 255,
    autonamed: true,
    source: "CloudWatch API reference, PutMetricAlarm AlarmName",
  },
  // CreateAutoScalingGroup, AutoScalingGroupName: 1 to 255 characters.
  "aws:autoscaling/group:Group": {
    property: "name",
    max: 255,
    autonamed: true,
    source: "EC2 Auto Scaling API reference, CreateAutoScalingGroup AutoScalingGroupName",
  },
  // CreateLogGroup, logGroupName: 1 to 512 characters of [\.\-_/#A-Za-z0-9].
  "aws:cloudwatch/logGroup:LogGroup": {
    property: "name",
    max: 512,
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    characters: "letters, digits and '._-/#'",
    autonamed: true,
    source: "CloudWatch Logs API reference, CreateLogGroup logGroupName",
  },
  // PutDashboard, DashboardName: up to 255 characters of letters, digits, '-' and '_'.
  "aws:cloudwatch/dashboard:Dashboard": {
    property: "dashboardName",
    max: 255,
    pattern: /^[A-Za-z0-9_-]+$/,
    characters: "letters, digits, '_' and '-'",
    autonamed: true,
    source: "CloudWatch API reference, PutDashboard DashboardName",
  },
  "aws:imagebuilder/component:Component": imageBuilderRule("CreateComponent"),
  "aws:imagebuilder/imageRecipe:ImageRecipe": imageBuilderRule("CreateImageRecipe"),
  "aws:imagebuilder/infrastructureConfiguration:InfrastructureConfiguration": imageBuilderRule(
    "CreateInfrastructureConfiguration",
  ),
  "aws:imagebuilder/distributionConfiguration:DistributionConfiguration": imageBuilderRule(
    "CreateDistributionConfiguration",
  ),
  "aws:imagebuilder/imagePipeline:ImagePipeline": imageBuilderRule("CreateImagePipeline"),
};

/**
 * Names a resource carries besides its own, set by the kit, by type. Checked by the mock cloud like the
 * names above when the program sets them.
 */
export const PROPERTY_NAME_RULES: Readonly<Record<string, readonly NameRule[]>> = {
  // DeleteDBCluster, FinalDBSnapshotIdentifier: "1 to 255 letters, numbers, or hyphens; first character
  // must be a letter; can't end with a hyphen or contain two consecutive hyphens" (RDS API reference,
  // DeleteDBCluster, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html);
  // a DB cluster snapshot identifier otherwise holds 1 to 63 (CreateDBClusterSnapshot), the bound kept here.
  "aws:rds/cluster:Cluster": [
    {
      property: "finalSnapshotIdentifier",
      max: 63,
      ...RDS_IDENTIFIER,
      autonamed: false,
      source: "RDS API reference, DeleteDBCluster FinalDBSnapshotIdentifier",
    },
  ],
};

/** The rule for `property` of `type` (its own name when `property` is left out), if the kit knows one. */
export function nameRule(type: string, property?: string): NameRule | undefined {
  const own = NAME_RULES[type];
  if (property === undefined || own?.property === property) return own;
  return PROPERTY_NAME_RULES[type]?.find((r) => r.property === property);
}

/** Everything wrong with `name` as the physical name of a `type`; empty when AWS accepts it. */
export function nameProblems(rule: NameRule, name: string): string[] {
  const problems: string[] = [];
  if (name.length > rule.max) problems.push(`longer than ${rule.max} characters (${name.length})`);
  if (rule.min !== undefined && name.length < rule.min) problems.push(`shorter than ${rule.min} characters`);
  if (rule.pattern && !rule.pattern.test(name)) problems.push(`not only ${rule.characters}`);
  if (rule.letterFirst && !/^[A-Za-z]/.test(name)) problems.push("not starting with a letter");
  if (rule.noDoubleOrTrailingHyphen && (name.includes("--") || name.endsWith("-"))) {
    problems.push("holding '--' or ending with '-'");
  }
  if (rule.noEdgeHyphen && (name.startsWith("-") || name.endsWith("-"))) {
    problems.push("starting or ending with '-'");
  }
  for (const prefix of rule.forbiddenPrefixes ?? []) {
    if (name.startsWith(prefix)) problems.push(`starting with "${prefix}"`);
  }
  for (const suffix of rule.forbiddenSuffixes ?? []) {
    if (name.endsWith(suffix)) problems.push(`ending with "${suffix}"`);
  }
  if (rule.noAdjacentPeriodsOrIp && name.includes("..")) problems.push("holding '..'");
  if (rule.noAdjacentPeriodsOrIp && /^\d{1,3}(\.\d{1,3}){3}$/.test(name))
    problems.push("formatted as an IP address");
  if (rule.requiredPrefix && !name.startsWith(rule.requiredPrefix)) {
    problems.push(`not starting with "${rule.requiredPrefix}"`);
  }
  return problems;
}
