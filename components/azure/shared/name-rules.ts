/**
 * The naming rules of every Azure resource type the kit registers through `@pulumi/azure-native`: the input
 * that carries the name, its length, its characters and whether it must be unique across Azure (it becomes
 * a host name). Components build names that fit with `names.ts`; the offline plan's mock cloud
 * (`runtime/mock-azure.ts`) enforces the whole table the way Azure Resource Manager would, so a name ARM
 * refuses fails the plan instead of `pulumi up`.
 *
 * Unless a row says otherwise, the source is Microsoft's "Naming rules and restrictions for Azure
 * resources" (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules,
 * revision of 2025-03-14), quoted per row by its namespace and entity. Names are case-insensitive in ARM.
 *
 * azure-native's autonaming (a name input left out): a top-level resource gets `<logical name><8 random hex
 * characters>`, without a hyphen (pulumi/pulumi-azure-native#3406); a child resource (a subnet, a database)
 * gets the logical name as it is (pulumi/pulumi-azure-native#519). The provider does not shorten an
 * autoname to the type's limit (pulumi/pulumi-azure-native#4294): the kit names Azure resources itself.
 */

export interface AzureNameRule {
  /** The input that carries the physical name. */
  readonly property: string;
  readonly min: number;
  readonly max: number;
  /** Every character must match; anchored. */
  readonly pattern: RegExp;
  /** Human wording of the character rules, for error lines. */
  readonly characters: string;
  /** No `--` anywhere. */
  readonly noConsecutiveHyphens?: boolean;
  /** Exactly this value (`default` for singleton children). */
  readonly requiredValue?: string;
  /**
   * The name becomes part of a public host name (`<name>.vault.azure.net`), so it must be unique across
   * every Azure customer: the kit adds a stable hash of the stack to it.
   */
  readonly globallyUnique?: boolean;
  /** A child resource: azure-native's autonaming copies the logical name without a random suffix. */
  readonly child?: boolean;
  /** Where the rule is documented. */
  readonly source: string;
}

/** azure-native's autonaming suffix on top-level resources: 8 hex characters, no separator. */
export const AZURE_AUTONAME_SUFFIX_LENGTH = 8;

const PAGE = "Naming rules and restrictions for Azure resources";

/** "Alphanumerics, underscores, periods, and hyphens. Start with alphanumeric. End with alphanumeric or underscore." */
const NETWORK_NAME = {
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/,
  characters:
    "letters, digits, '_', '.' and '-', starting with a letter or digit and ending with a letter, digit or '_'",
};

function network(entity: string, min: number, max: number, child = false): AzureNameRule {
  return {
    property: "",
    min,
    max,
    ...NETWORK_NAME,
    ...(child ? { child } : {}),
    source: `${PAGE}, Microsoft.Network ${entity}`,
  };
}

/** "Alphanumerics and hyphens. Start and end with alphanumeric." */
const ALNUM_HYPHEN_EDGES = {
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
  characters: "letters, digits and '-', starting and ending with a letter or digit",
};

/** Microsoft.Insights names: anything but the listed characters and control characters, not ending in space or period. */
function insights(entity: string, forbidden: string): AzureNameRule {
  const escaped = forbidden.replace(/[\\\]^-]/g, "\\$&");
  return {
    property: "",
    min: 1,
    max: 260,
    pattern: new RegExp(`^[^${escaped}\\u0000-\\u001f]*[^${escaped}\\u0000-\\u001f. ]$`),
    characters: `anything but ${forbidden.split("").join(" ")} and control characters, not ending with a space or '.'`,
    source: `${PAGE}, Microsoft.Insights ${entity}`,
  };
}

const RULES: Record<string, AzureNameRule> = {
  "azure-native:resources:ResourceGroup": {
    property: "resourceGroupName",
    min: 1,
    max: 90,
    pattern: /^[\p{L}\p{Nd}_.()-]*[\p{L}\p{Nd}_()-]$/u,
    characters: "letters, digits, '_', '-', '.', '(' and ')', not ending with '.'",
    source: `${PAGE}, Microsoft.Resources resourcegroups`,
  },
  "azure-native:network:VirtualNetwork": {
    ...network("virtualNetworks", 2, 64),
    property: "virtualNetworkName",
  },
  "azure-native:network:Subnet": {
    ...network("virtualnetworks / subnets", 1, 80, true),
    property: "subnetName",
  },
  "azure-native:network:NetworkSecurityGroup": {
    ...network("networkSecurityGroups", 1, 80),
    property: "networkSecurityGroupName",
  },
  "azure-native:network:SecurityRule": {
    ...network("networkSecurityGroups / securityRules", 1, 80, true),
    property: "securityRuleName",
  },
  "azure-native:network:ApplicationSecurityGroup": {
    ...network("applicationSecurityGroups", 1, 80),
    property: "applicationSecurityGroupName",
  },
  // natGateways has no row of its own; the rule every resource-group-scoped Microsoft.Network entity shares
  // (1-80, the characters of loadBalancers, publicIPAddresses, ...) is applied.
  "azure-native:network:NatGateway": {
    ...network("(shared rule of resource-group entities; natGateways has no row)", 1, 80),
    property: "natGatewayName",
  },
  "azure-native:network:PublicIPAddress": {
    ...network("publicIPAddresses", 1, 80),
    property: "publicIpAddressName",
  },
  "azure-native:network:ApplicationGateway": {
    ...network("applicationGateways", 1, 80),
    property: "applicationGatewayName",
  },
  // ApplicationGatewayWebApplicationFirewallPolicies has no row; the shared Microsoft.Network rule is applied.
  "azure-native:network:WebApplicationFirewallPolicy": {
    ...network("(shared rule; ApplicationGatewayWebApplicationFirewallPolicies has no row)", 1, 80),
    property: "policyName",
  },
  "azure-native:network:LoadBalancer": { ...network("loadBalancers", 1, 80), property: "loadBalancerName" },
  "azure-native:network:BastionHost": { ...network("bastionHosts", 1, 80), property: "bastionHostName" },
  "azure-native:network:NetworkWatcher": {
    ...network("networkWatchers", 1, 80),
    property: "networkWatcherName",
  },
  "azure-native:network:FlowLog": {
    ...network("(shared rule; networkWatchers / flowLogs has no row)", 1, 80, true),
    property: "flowLogName",
  },
  "azure-native:network:PrivateEndpoint": {
    ...network("privateEndpoints", 2, 64),
    property: "privateEndpointName",
  },
  "azure-native:network:PrivateDnsZoneGroup": {
    ...network("(shared rule; privateEndpoints / privateDnsZoneGroups has no row)", 1, 80, true),
    property: "privateDnsZoneGroupName",
  },
  "azure-native:privatedns:PrivateZone": {
    property: "privateZoneName",
    min: 1,
    max: 63,
    // 2 to 34 labels of letters, digits, '_' and '-', separated by periods.
    pattern: /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+){1,33}$/,
    characters: "2 to 34 labels of letters, digits, '_' and '-' separated by '.'",
    source: `${PAGE}, Microsoft.Network privateDnsZones`,
  },
  "azure-native:privatedns:VirtualNetworkLink": {
    ...network("privateDnsZones / virtualNetworkLinks", 1, 80, true),
    property: "virtualNetworkLinkName",
  },
  // Microsoft.Network frontdoorWebApplicationFirewallPolicies: "1-128, Alphanumerics. Start with a letter."
  "azure-native:frontdoor:Policy": {
    property: "policyName",
    min: 1,
    max: 128,
    pattern: /^[A-Za-z][A-Za-z0-9]*$/,
    characters: "letters and digits, starting with a letter",
    source: `${PAGE}, Microsoft.Network frontdoorWebApplicationFirewallPolicies`,
  },
  // The row is for the host name; the resource name of a Linux scale set may have up to 64 characters of the
  // same set: no spaces, control characters or ~!@#$%^&*()=+_[]{}\|;:.'",<>/?, not starting with '_',
  // not ending with '.' or '-'.
  "azure-native:compute:VirtualMachineScaleSet": {
    property: "vmScaleSetName",
    min: 1,
    max: 64,
    pattern: /^[A-Za-z0-9-]*[A-Za-z0-9]$/,
    characters: "letters, digits and '-', not ending with '-'",
    source: `${PAGE}, Microsoft.Compute virtualMachineScaleSets (Linux)`,
  },
  "azure-native:monitor:AutoscaleSetting": {
    ...insights("autoScaleSettings", ":<>+/&%\\?|"),
    property: "autoscaleSettingName",
  },
  "azure-native:monitor:ActionGroup": {
    ...insights("actionGroups", ":<>+/&%\\?|"),
    property: "actionGroupName",
  },
  "azure-native:monitor:MetricAlert": {
    ...insights("metricAlerts", "*#&+:<>?@%{}\\/|"),
    property: "ruleName",
  },
  "azure-native:monitor:ScheduledQueryRule": {
    ...insights("scheduledQueryRules", "*<>%{}&:\\?/#|"),
    property: "ruleName",
  },
  "azure-native:dbformysql:Server": {
    property: "serverName",
    min: 3,
    max: 63,
    pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    characters: "lowercase letters, digits and '-', not starting or ending with '-'",
    globallyUnique: true,
    source: `${PAGE}, Microsoft.DBforMySQL servers (global: <name>.mysql.database.azure.com)`,
  },
  "azure-native:dbformysql:Database": {
    property: "databaseName",
    min: 1,
    max: 63,
    pattern: /^[A-Za-z0-9-]+$/,
    characters: "letters, digits and '-'",
    child: true,
    source: `${PAGE}, Microsoft.DBforMySQL servers / databases`,
  },
  // Azure Managed Redis: "Name must be 1-60 characters long. Allowed characters(A-Z, a-z, 0-9) and
  // hyphen(-). There can be no leading nor trailing nor consecutive hyphens" (Redis Enterprise REST API
  // reference, clusterName); the host name <name>.<region>.redis.azure.net is public.
  "azure-native:redisenterprise:RedisEnterprise": {
    property: "clusterName",
    min: 1,
    max: 60,
    ...ALNUM_HYPHEN_EDGES,
    noConsecutiveHyphens: true,
    globallyUnique: true,
    source: "Redis Enterprise REST API reference, Clusters clusterName",
  },
  "azure-native:storage:StorageAccount": {
    property: "accountName",
    min: 3,
    max: 24,
    pattern: /^[a-z0-9]+$/,
    characters: "lowercase letters and digits",
    globallyUnique: true,
    source: `${PAGE}, Microsoft.Storage storageAccounts (global)`,
  },
  "azure-native:storage:FileShare": {
    property: "shareName",
    min: 3,
    max: 63,
    pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    characters: "lowercase letters, digits and '-', not starting or ending with '-'",
    noConsecutiveHyphens: true,
    child: true,
    source: `${PAGE}, Microsoft.Storage storageAccounts / fileServices / shares`,
  },
  "azure-native:storage:BlobContainer": {
    property: "containerName",
    min: 3,
    max: 63,
    pattern: /^[a-z0-9][a-z0-9-]*$/,
    characters: "lowercase letters, digits and '-', starting with a letter or digit",
    noConsecutiveHyphens: true,
    child: true,
    source: `${PAGE}, Microsoft.Storage storageAccounts / blobServices / containers`,
  },
  "azure-native:storage:ManagementPolicy": {
    property: "managementPolicyName",
    min: 7,
    max: 7,
    pattern: /^default$/,
    characters: "exactly 'default'",
    requiredValue: "default",
    child: true,
    source: `${PAGE}, Microsoft.Storage storageAccounts / managementPolicies`,
  },
  "azure-native:keyvault:Vault": {
    property: "vaultName",
    min: 3,
    max: 24,
    pattern: /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    characters: "letters, digits and '-', starting with a letter and ending with a letter or digit",
    noConsecutiveHyphens: true,
    globallyUnique: true,
    source: `${PAGE}, Microsoft.KeyVault vaults (global: <name>.vault.azure.net)`,
  },
  "azure-native:keyvault:Secret": {
    property: "secretName",
    min: 1,
    max: 127,
    pattern: /^[A-Za-z0-9-]+$/,
    characters: "letters, digits and '-'",
    child: true,
    source: `${PAGE}, Microsoft.KeyVault vaults / secrets`,
  },
  "azure-native:keyvault:Key": {
    property: "keyName",
    min: 1,
    max: 127,
    pattern: /^[A-Za-z0-9-]+$/,
    characters: "letters, digits and '-'",
    child: true,
    // Key Vault object names: "1-127 characters ... only 0-9, a-z, A-Z, and -" ("About Azure Key Vault keys,
    // secrets and certificates", Objects, identifiers, and versioning).
    source:
      "Key Vault REST API reference, Keys - Create Key (key-name ^[0-9a-zA-Z-]+$); 1-127 characters: About Azure Key Vault keys, secrets and certificates",
  },
  "azure-native:managedidentity:UserAssignedIdentity": {
    property: "resourceName",
    min: 3,
    max: 128,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
    characters: "letters, digits, '-' and '_', starting with a letter or digit",
    source: `${PAGE}, Microsoft.ManagedIdentity userAssignedIdentities`,
  },
  "azure-native:authorization:RoleAssignment": {
    property: "roleAssignmentName",
    min: 36,
    max: 36,
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    characters: "a GUID",
    child: true,
    source: `${PAGE}, Microsoft.Authorization roleAssignments`,
  },
  "azure-native:authorization:ManagementLockAtResourceGroupLevel": {
    property: "lockName",
    min: 1,
    max: 90,
    pattern: /^[A-Za-z0-9_.()-]*[A-Za-z0-9_()-]$/,
    characters: "letters, digits, '.', '_', '-', '(' and ')', not ending with '.'",
    child: true,
    source: `${PAGE}, Microsoft.Authorization locks`,
  },
  "azure-native:authorization:ManagementLockByScope": {
    property: "lockName",
    min: 1,
    max: 90,
    pattern: /^[A-Za-z0-9_.()-]*[A-Za-z0-9_()-]$/,
    characters: "letters, digits, '.', '_', '-', '(' and ')', not ending with '.'",
    child: true,
    source: `${PAGE}, Microsoft.Authorization locks`,
  },
  "azure-native:cdn:Profile": {
    property: "profileName",
    min: 1,
    max: 260,
    ...ALNUM_HYPHEN_EDGES,
    source: `${PAGE}, Microsoft.Cdn profiles`,
  },
  // Front Door Standard/Premium endpoints are profiles/afdEndpoints: the endpoints row applies, and the host
  // name <name>-<hash>.z01.azurefd.net is public ("Endpoints in Azure Front Door": the hash keeps it unique).
  "azure-native:cdn:AFDEndpoint": {
    property: "endpointName",
    min: 1,
    max: 50,
    ...ALNUM_HYPHEN_EDGES,
    globallyUnique: true,
    child: true,
    source: `${PAGE}, Microsoft.Cdn profiles / endpoints (global)`,
  },
  "azure-native:cdn:AFDOriginGroup": {
    property: "originGroupName",
    min: 1,
    max: 50,
    ...ALNUM_HYPHEN_EDGES,
    child: true,
    source: `${PAGE}, Microsoft.Cdn profiles / originGroups`,
  },
  "azure-native:cdn:AFDOrigin": {
    property: "originName",
    min: 1,
    max: 50,
    ...ALNUM_HYPHEN_EDGES,
    child: true,
    source: `${PAGE}, Microsoft.Cdn profiles / originGroups / origins`,
  },
  "azure-native:cdn:Route": {
    property: "routeName",
    min: 1,
    max: 50,
    ...ALNUM_HYPHEN_EDGES,
    child: true,
    source: `${PAGE}, Microsoft.Cdn profiles / afdEndpoints / routes`,
  },
  // Microsoft.Logic workflows: "1-80, Alphanumerics, hyphens, underscores, periods, and parenthesis".
  "azure-native:logic:Workflow": {
    property: "workflowName",
    min: 1,
    max: 80,
    pattern: /^[A-Za-z0-9_.()-]+$/,
    characters: "letters, digits, '-', '_', '.', '(' and ')'",
    source: `${PAGE}, Microsoft.Logic workflows`,
  },
  // A custom role definition's name is a GUID ("Azure custom roles": roleDefinitions/{roleDefinitionId}).
  "azure-native:authorization:RoleDefinition": {
    property: "roleDefinitionId",
    min: 36,
    max: 36,
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    characters: "a GUID",
    child: true,
    source: `${PAGE}, Microsoft.Authorization roleDefinitions`,
  },
  // The database of an Azure Managed Redis cluster is always `default` (Redis Enterprise REST API reference,
  // Databases - Create: databaseName, "The name of the Redis Enterprise database", only `default` accepted).
  "azure-native:redisenterprise:Database": {
    property: "databaseName",
    min: 7,
    max: 7,
    pattern: /^default$/,
    characters: "exactly 'default'",
    requiredValue: "default",
    child: true,
    source: "Redis Enterprise REST API reference, Databases databaseName",
  },
  // A storage account's file service is always `default` (Storage RP REST API, File Services - Set Service
  // Properties: "File Service Name must be 'default'").
  "azure-native:storage:FileServiceProperties": {
    property: "fileServicesName",
    min: 7,
    max: 7,
    pattern: /^default$/,
    characters: "exactly 'default'",
    requiredValue: "default",
    child: true,
    source: "Storage RP REST API reference, File Services - Set Service Properties FileServicesName",
  },
  // Front Door rule sets, rules, security policies and custom domains have no row on the naming page; the
  // limits are the ones the REST API enforces as encoded in terraform-provider-azurerm's validators
  // (internal/services/cdn/validate: FrontDoorRuleSetName `^[a-zA-Z][\da-zA-Z]{0,59}$`, FrontDoorRuleName
  // `^[a-zA-Z][\da-zA-Z]{0,259}$`, FrontDoorSecurityPolicyName `^[\da-zA-Z](?:[-\da-zA-Z]*[\da-zA-Z])?$`,
  // FrontDoorCustomDomainName `^[a-zA-Z0-9][a-zA-Z0-9-]{0,258}[a-zA-Z0-9]$`).
  "azure-native:cdn:RuleSet": {
    property: "ruleSetName",
    min: 1,
    max: 60,
    pattern: /^[A-Za-z][A-Za-z0-9]*$/,
    characters: "letters and digits, starting with a letter",
    child: true,
    source:
      "Microsoft.Cdn API reference, Rule Sets ruleSetName; limits as terraform-provider-azurerm's FrontDoorRuleSetName validator encodes them",
  },
  "azure-native:cdn:Rule": {
    property: "ruleName",
    min: 1,
    max: 260,
    pattern: /^[A-Za-z][A-Za-z0-9]*$/,
    characters: "letters and digits, starting with a letter",
    child: true,
    source:
      "Microsoft.Cdn API reference, Rules ruleName; limits as terraform-provider-azurerm's FrontDoorRuleName validator encodes them",
  },
  "azure-native:cdn:SecurityPolicy": {
    property: "securityPolicyName",
    min: 1,
    max: 260,
    ...ALNUM_HYPHEN_EDGES,
    child: true,
    source:
      "Microsoft.Cdn API reference, Security Policies securityPolicyName; limits as terraform-provider-azurerm's FrontDoorSecurityPolicyName validator encodes them",
  },
  "azure-native:cdn:AFDCustomDomain": {
    property: "customDomainName",
    min: 2,
    max: 260,
    ...ALNUM_HYPHEN_EDGES,
    child: true,
    source:
      "Microsoft.Cdn API reference, AFD Custom Domains customDomainName; limits as terraform-provider-azurerm's FrontDoorCustomDomainName validator encodes them",
  },
  "azure-native:operationalinsights:Workspace": {
    property: "workspaceName",
    min: 4,
    max: 63,
    ...ALNUM_HYPHEN_EDGES,
    source: `${PAGE}, Microsoft.OperationalInsights workspaces`,
  },
  "azure-native:consumption:Budget": {
    property: "budgetName",
    min: 1,
    max: 63,
    pattern: /^[A-Za-z0-9_-]+$/,
    characters: "letters, digits, '-' and '_'",
    child: true,
    source: `${PAGE}, Microsoft.Consumption budgets`,
  },
  // A record set's name is relative to its zone, "@" at the apex (Microsoft.Network/dnsZones REST API,
  // Record Sets - Create Or Update: "relativeRecordSetName ... relative to the name of the zone"); its labels
  // are DNS labels of at most 63 octets, the whole name at most 253 (RFC 1035 2.3.4), holding letters,
  // digits, '_' and '-' (the dnsZones naming row: "Each label can contain alphanumerics, underscores, and
  // hyphens"; `_dnsauth` validation records need the underscore).
  "azure-native:dns:RecordSet": {
    property: "relativeRecordSetName",
    min: 1,
    max: 253,
    pattern: /^(?:@|[A-Za-z0-9_-]{1,63}(?:\.[A-Za-z0-9_-]{1,63})*)$/,
    characters: "'@' or dot-separated labels of 1-63 letters, digits, '_' and '-'",
    child: true,
    source: `${PAGE}, Microsoft.Network dnszones; RFC 1035 2.3.4`,
  },
};

export const AZURE_NAME_RULES: Readonly<Record<string, AzureNameRule>> = RULES;

/**
 * Names that are not resource names but still have limits: ARM refuses the resource when they break them.
 * `path` is the input's path inside the resource's inputs.
 */
export interface AzureInnerNameRule extends Omit<AzureNameRule, "property" | "child" | "globallyUnique"> {
  readonly path: readonly string[];
}

export const AZURE_INNER_NAME_RULES: Readonly<Record<string, readonly AzureInnerNameRule[]>> = {
  // "Computer name prefixes must be 1 to 15 characters long" (Compute REST API reference,
  // VirtualMachineScaleSetOSProfile.computerNamePrefix); host names take letters, digits and '-' (the
  // virtualMachines row of the naming page), not ending with '-'.
  "azure-native:compute:VirtualMachineScaleSet": [
    {
      path: ["virtualMachineProfile", "osProfile", "computerNamePrefix"],
      min: 1,
      max: 15,
      pattern: /^[A-Za-z0-9-]*[A-Za-z0-9]$/,
      characters: "letters, digits and '-', not ending with '-'",
      source: "Compute REST API reference, VirtualMachineScaleSetOSProfile computerNamePrefix",
    },
  ],
  // The short name goes into SMS and e-mail subjects: at most 12 characters (Azure Monitor REST API
  // reference, Action Groups - Create Or Update, properties.groupShortName; the ARM schema's maxLength 12).
  "azure-native:monitor:ActionGroup": [
    {
      path: ["groupShortName"],
      min: 1,
      max: 12,
      pattern: /^.+$/,
      characters: "any characters",
      source: "Azure Monitor REST API reference, Action Groups groupShortName",
    },
  ],
};

/** Everything wrong with `name` under `rule`; empty when ARM accepts it. */
export function azureNameProblems(rule: Omit<AzureNameRule, "property">, name: string): string[] {
  const problems: string[] = [];
  if (rule.requiredValue !== undefined) {
    return name === rule.requiredValue ? [] : [`not "${rule.requiredValue}"`];
  }
  if (name.length > rule.max) problems.push(`longer than ${rule.max} characters (${name.length})`);
  if (name.length < rule.min) problems.push(`shorter than ${rule.min} characters (${name.length})`);
  if (name.length > 0 && !rule.pattern.test(name)) problems.push(`not ${rule.characters}`);
  if (rule.noConsecutiveHyphens && name.includes("--")) problems.push("holding '--'");
  return problems;
}
