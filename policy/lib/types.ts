/*
 * Type tokens the rules match, with their aliases: pulumi-aws exposes some services under two modules
 * (aws:lb and aws:alb, opensearch and elasticsearch), and S3 kept its V2 tokens as deprecated aliases.
 */

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const SG_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const SG_INGRESS_TYPES = [SECURITY_GROUP, SECURITY_GROUP_RULE, SG_INGRESS_RULE] as const;
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

export const VPC = "aws:ec2/vpc:Vpc";
export const AWSX_VPC = "awsx:ec2:Vpc";
export const SUBNET = "aws:ec2/subnet:Subnet";
export const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
export const NACL_TYPES = [
  "aws:ec2/networkAcl:NetworkAcl",
  "aws:ec2/networkAclRule:NetworkAclRule",
  "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
] as const;

export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const INSTANCE = "aws:ec2/instance:Instance";
export const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";
export const EBS_VOLUME = "aws:ebs/volume:Volume";
export const ASG = "aws:autoscaling/group:Group";

export const LOAD_BALANCER_TYPES = [
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:alb/loadBalancer:LoadBalancer",
] as const;
export const CLASSIC_LB = "aws:elb/loadBalancer:LoadBalancer";
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
export const WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";

export const EFS = "aws:efs/fileSystem:FileSystem";
export const EFS_POLICY = "aws:efs/fileSystemPolicy:FileSystemPolicy";
export const EFS_BACKUP_POLICY = "aws:efs/backupPolicy:BackupPolicy";
export const EFS_MOUNT_TARGET = "aws:efs/mountTarget:MountTarget";
export const BACKUP_SELECTION = "aws:backup/selection:Selection";

export const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
export const CACHE_CLUSTER = "aws:elasticache/cluster:Cluster";
export const CACHE_SUBNET_GROUP = "aws:elasticache/subnetGroup:SubnetGroup";

export const RDS_INSTANCE = "aws:rds/instance:Instance";
export const RDS_CLUSTER = "aws:rds/cluster:Cluster";
export const RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
export const RDS_SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup";

export const SEARCH_DOMAIN_TYPES = [
  "aws:opensearch/domain:Domain",
  "aws:elasticsearch/domain:Domain",
] as const;
export const SEARCH_DOMAIN_POLICY_TYPES = [
  "aws:opensearch/domainPolicy:DomainPolicy",
  "aws:elasticsearch/domainPolicy:DomainPolicy",
] as const;

export const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
export const LOG_DELIVERY_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
export const WEB_ACL_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
export const BUCKET_ACL_TYPES = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"] as const;
export const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
export const ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
export const BUCKET_SSE_TYPES = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
] as const;
export const BUCKET_VERSIONING_TYPES = [
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketVersioningV2:BucketVersioningV2",
] as const;
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

export const IAM_POLICY_DOCUMENT_TYPES = [
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
] as const;
export const IAM_ROLE = "aws:iam/role:Role";
export const IAM_ATTACHMENT_TYPES = [
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  "aws:iam/policyAttachment:PolicyAttachment",
] as const;
export const IAM_INLINE_TYPES = [
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
] as const;

export const KMS_KEY = "aws:kms/key:Key";
export const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";
export const RANDOM_ID = "random:index/randomId:RandomId";

export const SNS_TOPIC = "aws:sns/topic:Topic";
export const SNS_TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
export const SNS_SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
export const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const ROUTE53_HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
export const BACKUP_VAULT = "aws:backup/vault:Vault";
export const ATHENA_WORKGROUP = "aws:athena/workgroup:Workgroup";
export const SSM_PARAMETER = "aws:ssm/parameter:Parameter";
export const SECRET = "aws:secretsmanager/secret:Secret";
export const SECRET_ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
export const KMS_KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
export const EFS_ACCESS_POINT = "aws:efs/accessPoint:AccessPoint";
export const TARGET_GROUP_TYPES = [
  "aws:lb/targetGroup:TargetGroup",
  "aws:alb/targetGroup:TargetGroup",
] as const;
export const RESPONSE_HEADERS_POLICY = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";
export const BUCKET_OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
export const BUCKET_LIFECYCLE_TYPES = [
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
] as const;
export const DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc";
export const SG_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
export const RDS_CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
export const CACHE_PARAMETER_GROUP = "aws:elasticache/parameterGroup:ParameterGroup";
export const ACM_CERTIFICATE = "aws:acm/certificate:Certificate";
export const ACM_CERTIFICATE_VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
export const ROUTE53_RECORD = "aws:route53/record:Record";
export const FASTLY_SERVICE = "fastly:index/serviceVcl:ServiceVcl";
export const FASTLY_TLS_SUBSCRIPTION = "fastly:index/tlsSubscription:TlsSubscription";
export const FASTLY_TLS_VALIDATION = "fastly:index/tlsSubscriptionValidation:TlsSubscriptionValidation";
export const CODEDEPLOY_APPLICATION = "aws:codedeploy/application:Application";
export const CODEDEPLOY_CONFIG = "aws:codedeploy/deploymentConfig:DeploymentConfig";
export const CODEDEPLOY_GROUP = "aws:codedeploy/deploymentGroup:DeploymentGroup";
export const IMAGEBUILDER_COMPONENT = "aws:imagebuilder/component:Component";
export const IMAGEBUILDER_DISTRIBUTION =
  "aws:imagebuilder/distributionConfiguration:DistributionConfiguration";
export const IMAGEBUILDER_IMAGE = "aws:imagebuilder/image:Image";
export const IMAGEBUILDER_PIPELINE = "aws:imagebuilder/imagePipeline:ImagePipeline";
export const IMAGEBUILDER_RECIPE = "aws:imagebuilder/imageRecipe:ImageRecipe";
export const IMAGEBUILDER_INFRASTRUCTURE =
  "aws:imagebuilder/infrastructureConfiguration:InfrastructureConfiguration";
export const ASG_POLICY = "aws:autoscaling/policy:Policy";
export const ASG_SCHEDULE = "aws:autoscaling/schedule:Schedule";
export const AAS_POLICY = "aws:appautoscaling/policy:Policy";
export const AAS_TARGET = "aws:appautoscaling/target:Target";
export const BUDGET = "aws:budgets/budget:Budget";
export const BACKUP_PLAN = "aws:backup/plan:Plan";
export const ATHENA_NAMED_QUERY = "aws:athena/namedQuery:NamedQuery";
export const GLUE_DATABASE = "aws:glue/catalogDatabase:CatalogDatabase";
export const GLUE_TABLE = "aws:glue/catalogTable:CatalogTable";
export const LOG_RESOURCE_POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";
export const LOG_DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";
export const LOG_DELIVERY_DESTINATION = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination";
export const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
export const CACHE_POLICY = "aws:cloudfront/cachePolicy:CachePolicy";
export const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
export const NACL = "aws:ec2/networkAcl:NetworkAcl";
export const NACL_ASSOCIATION = "aws:ec2/networkAclAssociation:NetworkAclAssociation";
export const INSTANCE_PROFILE = "aws:iam/instanceProfile:InstanceProfile";
export const OIDC_PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
export const USER_POLICY = "aws:iam/userPolicy:UserPolicy";
export const USER_POLICY_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
export const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
export const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
export const ACCOUNT_PASSWORD_POLICY = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy";
export const LISTENER_RULE_TYPES = [
  "aws:lb/listenerRule:ListenerRule",
  "aws:alb/listenerRule:ListenerRule",
] as const;
export const BUCKET_LOGGING_TYPES = [
  "aws:s3/bucketLogging:BucketLogging",
  "aws:s3/bucketLoggingV2:BucketLoggingV2",
] as const;
export const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
export const EBS_ENCRYPTION_BY_DEFAULT = "aws:ebs/encryptionByDefault:EncryptionByDefault";
