/*
 * azure-native v3 type tokens the Azure rules match (`azure-native:<module>:<Resource>`, the primary
 * token; the ~20-30 API-version aliases each resource registers are not what an analyzer sees). None of
 * them starts with `aws:`, `awsx:` or any other provider's prefix, so the AWS and Azure rule sets are
 * disjoint by construction (test/policy/rules/azure/disjoint.test.ts runs both on both clouds).
 */

export const RESOURCE_GROUP = "azure-native:resources:ResourceGroup";

export const VNET = "azure-native:network:VirtualNetwork";
export const SUBNET = "azure-native:network:Subnet";
export const NSG = "azure-native:network:NetworkSecurityGroup";
export const SECURITY_RULE = "azure-native:network:SecurityRule";
export const NSG_TYPES = [NSG, SECURITY_RULE] as const;
export const ASG = "azure-native:network:ApplicationSecurityGroup";
export const NAT_GATEWAY = "azure-native:network:NatGateway";
export const PUBLIC_IP = "azure-native:network:PublicIPAddress";
export const FLOW_LOG = "azure-native:network:FlowLog";
export const PRIVATE_ENDPOINT = "azure-native:network:PrivateEndpoint";
export const PRIVATE_DNS_ZONE_GROUP = "azure-native:network:PrivateDnsZoneGroup";
export const DNS_RECORD_SET = "azure-native:dns:RecordSet";
export const BASTION_HOST = "azure-native:network:BastionHost";
export const APP_GATEWAY = "azure-native:network:ApplicationGateway";
export const APPGW_WAF_POLICY = "azure-native:network:WebApplicationFirewallPolicy";
export const LOAD_BALANCER = "azure-native:network:LoadBalancer";

export const VMSS = "azure-native:compute:VirtualMachineScaleSet";
export const VMSS_EXTENSION = "azure-native:compute:VirtualMachineScaleSetExtension";
export const AUTOSCALE_SETTING = "azure-native:monitor:AutoscaleSetting";

export const MYSQL_SERVER = "azure-native:dbformysql:Server";
export const MYSQL_CONFIGURATION = "azure-native:dbformysql:Configuration";
export const MYSQL_DATABASE = "azure-native:dbformysql:Database";
export const MYSQL_ENTRA_ADMIN = "azure-native:dbformysql:AzureADAdministrator";

export const REDIS_ENTERPRISE = "azure-native:redisenterprise:RedisEnterprise";
export const REDIS_DATABASE = "azure-native:redisenterprise:Database";
/** Azure Cache for Redis, which is retiring (no new instances from 2026-10-01). */
export const REDIS_CACHE = "azure-native:redis:Redis";

export const STORAGE_ACCOUNT = "azure-native:storage:StorageAccount";
export const FILE_SHARE = "azure-native:storage:FileShare";
export const BLOB_CONTAINER = "azure-native:storage:BlobContainer";
export const FILE_SERVICE = "azure-native:storage:FileServiceProperties";

export const KEY_VAULT = "azure-native:keyvault:Vault";
export const KEY_VAULT_KEY = "azure-native:keyvault:Key";
export const KEY_VAULT_SECRET = "azure-native:keyvault:Secret";

export const USER_ASSIGNED_IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
export const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";
export const ROLE_DEFINITION = "azure-native:authorization:RoleDefinition";

export const LOGIC_WORKFLOW = "azure-native:logic:Workflow";
export const LOCK_BY_SCOPE = "azure-native:authorization:ManagementLockByScope";
export const LOCK_AT_RESOURCE_GROUP = "azure-native:authorization:ManagementLockAtResourceGroupLevel";
export const LOCK_TYPES = [LOCK_BY_SCOPE, LOCK_AT_RESOURCE_GROUP] as const;

export const AFD_PROFILE = "azure-native:cdn:Profile";
export const AFD_ENDPOINT = "azure-native:cdn:AFDEndpoint";
export const AFD_ORIGIN_GROUP = "azure-native:cdn:AFDOriginGroup";
export const AFD_ORIGIN = "azure-native:cdn:AFDOrigin";
export const AFD_ROUTE = "azure-native:cdn:Route";
export const AFD_CUSTOM_DOMAIN = "azure-native:cdn:AFDCustomDomain";
export const AFD_SECURITY_POLICY = "azure-native:cdn:SecurityPolicy";
export const AFD_RULE_SET = "azure-native:cdn:RuleSet";
export const AFD_RULE = "azure-native:cdn:Rule";
export const AFD_WAF_POLICY = "azure-native:frontdoor:Policy";

export const WORKSPACE = "azure-native:operationalinsights:Workspace";
export const SAVED_SEARCH = "azure-native:operationalinsights:SavedSearch";
export const DIAGNOSTIC_SETTING = "azure-native:monitor:DiagnosticSetting";
export const ACTION_GROUP = "azure-native:monitor:ActionGroup";
export const METRIC_ALERT = "azure-native:monitor:MetricAlert";
export const SCHEDULED_QUERY_RULE = "azure-native:monitor:ScheduledQueryRule";
export const BUDGET = "azure-native:consumption:Budget";
