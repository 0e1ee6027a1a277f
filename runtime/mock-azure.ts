import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import {
  AZURE_AUTONAME_SUFFIX_LENGTH,
  AZURE_INNER_NAME_RULES,
  AZURE_NAME_RULES,
  azureNameProblems,
} from "../components/azure/shared/name-rules";
import { UNTAGGABLE_TYPES } from "../components/azure/shared/tags";
import type { ConfigProblem } from "../stacks/config-error";

/**
 * A deterministic stand-in for Azure Resource Manager behind Pulumi's mock runtime, for `azure-native:`
 * registrations and invokes (runtime/mock-cloud.ts hands them over by token prefix). It answers what a real
 * preview would show a program: ARM resource ids
 * (`/subscriptions/<sub>/resourceGroups/<rg>/providers/<Namespace>/<type>/<name>`, child resources nested
 * under their parents), the `name` output, and the outputs other tiers read (host names, URIs, principal
 * ids). It refuses what ARM or the provider would refuse, one line each with the stack key to change:
 * names against `components/azure/shared/name-rules.ts`, `tags` on a type that has none, two resources with
 * the same id. Invokes it does not know are errors.
 */

/** The subscription of the offline plan when the stack names none (a fixed, obviously fake GUID). */
export const MOCK_SUBSCRIPTION_ID = "00000000-0000-4000-8000-00000000a2e0";
export const MOCK_TENANT_ID = "00000000-0000-4000-8000-0000000000a1";
/** The identity `getClientConfig` reports: the operator running `pulumi up`. */
export const MOCK_CLIENT_OBJECT_ID = "00000000-0000-4000-8000-00000000c0de";
const DEFAULT_LOCATION = "westeurope";

type State = Record<string, unknown>;

/**
 * Where a type lives in ARM: its resource provider namespace and the path of collection/name-input pairs
 * from the resource group down to the resource (parents first). `extension` types hang under another
 * resource's id, given by an input (`resourceUri`, `scope`).
 */
interface ArmType {
  readonly namespace: string;
  readonly path: readonly (readonly [collection: string, nameInput: string])[];
  readonly extensionOf?: string;
}

const ARM: Record<string, ArmType> = {
  "azure-native:network:VirtualNetwork": {
    namespace: "Microsoft.Network",
    path: [["virtualNetworks", "virtualNetworkName"]],
  },
  "azure-native:network:Subnet": {
    namespace: "Microsoft.Network",
    path: [
      ["virtualNetworks", "virtualNetworkName"],
      ["subnets", "subnetName"],
    ],
  },
  "azure-native:network:NetworkSecurityGroup": {
    namespace: "Microsoft.Network",
    path: [["networkSecurityGroups", "networkSecurityGroupName"]],
  },
  "azure-native:network:SecurityRule": {
    namespace: "Microsoft.Network",
    path: [
      ["networkSecurityGroups", "networkSecurityGroupName"],
      ["securityRules", "securityRuleName"],
    ],
  },
  "azure-native:network:ApplicationSecurityGroup": {
    namespace: "Microsoft.Network",
    path: [["applicationSecurityGroups", "applicationSecurityGroupName"]],
  },
  "azure-native:network:NatGateway": {
    namespace: "Microsoft.Network",
    path: [["natGateways", "natGatewayName"]],
  },
  "azure-native:network:PublicIPAddress": {
    namespace: "Microsoft.Network",
    path: [["publicIPAddresses", "publicIpAddressName"]],
  },
  "azure-native:network:ApplicationGateway": {
    namespace: "Microsoft.Network",
    path: [["applicationGateways", "applicationGatewayName"]],
  },
  "azure-native:network:WebApplicationFirewallPolicy": {
    namespace: "Microsoft.Network",
    path: [["ApplicationGatewayWebApplicationFirewallPolicies", "policyName"]],
  },
  "azure-native:network:PrivateEndpoint": {
    namespace: "Microsoft.Network",
    path: [["privateEndpoints", "privateEndpointName"]],
  },
  "azure-native:network:PrivateDnsZoneGroup": {
    namespace: "Microsoft.Network",
    path: [
      ["privateEndpoints", "privateEndpointName"],
      ["privateDnsZoneGroups", "privateDnsZoneGroupName"],
    ],
  },
  "azure-native:network:BastionHost": {
    namespace: "Microsoft.Network",
    path: [["bastionHosts", "bastionHostName"]],
  },
  "azure-native:network:NetworkWatcher": {
    namespace: "Microsoft.Network",
    path: [["networkWatchers", "networkWatcherName"]],
  },
  "azure-native:network:FlowLog": {
    namespace: "Microsoft.Network",
    path: [
      ["networkWatchers", "networkWatcherName"],
      ["flowLogs", "flowLogName"],
    ],
  },
  "azure-native:privatedns:PrivateZone": {
    namespace: "Microsoft.Network",
    path: [["privateDnsZones", "privateZoneName"]],
  },
  "azure-native:privatedns:VirtualNetworkLink": {
    namespace: "Microsoft.Network",
    path: [
      ["privateDnsZones", "privateZoneName"],
      ["virtualNetworkLinks", "virtualNetworkLinkName"],
    ],
  },
  "azure-native:frontdoor:Policy": {
    namespace: "Microsoft.Network",
    path: [["frontDoorWebApplicationFirewallPolicies", "policyName"]],
  },
  "azure-native:dns:RecordSet": {
    namespace: "Microsoft.Network",
    path: [
      ["dnsZones", "zoneName"],
      ["$recordType", "relativeRecordSetName"],
    ],
  },
  "azure-native:compute:VirtualMachineScaleSet": {
    namespace: "Microsoft.Compute",
    path: [["virtualMachineScaleSets", "vmScaleSetName"]],
  },
  "azure-native:compute:VirtualMachineScaleSetExtension": {
    namespace: "Microsoft.Compute",
    path: [
      ["virtualMachineScaleSets", "vmScaleSetName"],
      ["extensions", "vmssExtensionName"],
    ],
  },
  "azure-native:monitor:AutoscaleSetting": {
    namespace: "Microsoft.Insights",
    path: [["autoscalesettings", "autoscaleSettingName"]],
  },
  "azure-native:monitor:ActionGroup": {
    namespace: "Microsoft.Insights",
    path: [["actionGroups", "actionGroupName"]],
  },
  "azure-native:monitor:MetricAlert": {
    namespace: "Microsoft.Insights",
    path: [["metricAlerts", "ruleName"]],
  },
  "azure-native:monitor:ScheduledQueryRule": {
    namespace: "Microsoft.Insights",
    path: [["scheduledQueryRules", "ruleName"]],
  },
  "azure-native:monitor:DiagnosticSetting": {
    namespace: "Microsoft.Insights",
    path: [["diagnosticSettings", "name"]],
    extensionOf: "resourceUri",
  },
  "azure-native:dbformysql:Server": {
    namespace: "Microsoft.DBforMySQL",
    path: [["flexibleServers", "serverName"]],
  },
  "azure-native:dbformysql:Configuration": {
    namespace: "Microsoft.DBforMySQL",
    path: [
      ["flexibleServers", "serverName"],
      ["configurations", "configurationName"],
    ],
  },
  "azure-native:dbformysql:Database": {
    namespace: "Microsoft.DBforMySQL",
    path: [
      ["flexibleServers", "serverName"],
      ["databases", "databaseName"],
    ],
  },
  "azure-native:redisenterprise:RedisEnterprise": {
    namespace: "Microsoft.Cache",
    path: [["redisEnterprise", "clusterName"]],
  },
  "azure-native:redisenterprise:Database": {
    namespace: "Microsoft.Cache",
    path: [
      ["redisEnterprise", "clusterName"],
      ["databases", "databaseName"],
    ],
  },
  "azure-native:storage:StorageAccount": {
    namespace: "Microsoft.Storage",
    path: [["storageAccounts", "accountName"]],
  },
  "azure-native:storage:FileShare": {
    namespace: "Microsoft.Storage",
    path: [
      ["storageAccounts", "accountName"],
      ["fileServices", "$default"],
      ["shares", "shareName"],
    ],
  },
  "azure-native:storage:BlobContainer": {
    namespace: "Microsoft.Storage",
    path: [
      ["storageAccounts", "accountName"],
      ["blobServices", "$default"],
      ["containers", "containerName"],
    ],
  },
  "azure-native:storage:ManagementPolicy": {
    namespace: "Microsoft.Storage",
    path: [
      ["storageAccounts", "accountName"],
      ["managementPolicies", "managementPolicyName"],
    ],
  },
  "azure-native:keyvault:Vault": { namespace: "Microsoft.KeyVault", path: [["vaults", "vaultName"]] },
  "azure-native:keyvault:Key": {
    namespace: "Microsoft.KeyVault",
    path: [
      ["vaults", "vaultName"],
      ["keys", "keyName"],
    ],
  },
  "azure-native:keyvault:Secret": {
    namespace: "Microsoft.KeyVault",
    path: [
      ["vaults", "vaultName"],
      ["secrets", "secretName"],
    ],
  },
  "azure-native:managedidentity:UserAssignedIdentity": {
    namespace: "Microsoft.ManagedIdentity",
    path: [["userAssignedIdentities", "resourceName"]],
  },
  "azure-native:authorization:RoleAssignment": {
    namespace: "Microsoft.Authorization",
    path: [["roleAssignments", "roleAssignmentName"]],
    extensionOf: "scope",
  },
  "azure-native:authorization:ManagementLockByScope": {
    namespace: "Microsoft.Authorization",
    path: [["locks", "lockName"]],
    extensionOf: "scope",
  },
  "azure-native:authorization:ManagementLockAtResourceGroupLevel": {
    namespace: "Microsoft.Authorization",
    path: [["locks", "lockName"]],
  },
  "azure-native:cdn:Profile": { namespace: "Microsoft.Cdn", path: [["profiles", "profileName"]] },
  "azure-native:cdn:AFDEndpoint": {
    namespace: "Microsoft.Cdn",
    path: [
      ["profiles", "profileName"],
      ["afdEndpoints", "endpointName"],
    ],
  },
  "azure-native:cdn:AFDOriginGroup": {
    namespace: "Microsoft.Cdn",
    path: [
      ["profiles", "profileName"],
      ["originGroups", "originGroupName"],
    ],
  },
  "azure-native:cdn:AFDOrigin": {
    namespace: "Microsoft.Cdn",
    path: [
      ["profiles", "profileName"],
      ["originGroups", "originGroupName"],
      ["origins", "originName"],
    ],
  },
  "azure-native:cdn:Route": {
    namespace: "Microsoft.Cdn",
    path: [
      ["profiles", "profileName"],
      ["afdEndpoints", "endpointName"],
      ["routes", "routeName"],
    ],
  },
  "azure-native:cdn:RuleSet": {
    namespace: "Microsoft.Cdn",
    path: [
      ["profiles", "profileName"],
      ["ruleSets", "ruleSetName"],
    ],
  },
  "azure-native:cdn:Rule": {
    namespace: "Microsoft.Cdn",
    path: [
      ["profiles", "profileName"],
      ["ruleSets", "ruleSetName"],
      ["rules", "ruleName"],
    ],
  },
  "azure-native:cdn:SecurityPolicy": {
    namespace: "Microsoft.Cdn",
    path: [
      ["profiles", "profileName"],
      ["securityPolicies", "securityPolicyName"],
    ],
  },
  "azure-native:cdn:AFDCustomDomain": {
    namespace: "Microsoft.Cdn",
    path: [
      ["profiles", "profileName"],
      ["customDomains", "customDomainName"],
    ],
  },
  "azure-native:cdn:Secret": {
    namespace: "Microsoft.Cdn",
    path: [
      ["profiles", "profileName"],
      ["secrets", "secretName"],
    ],
  },
  "azure-native:operationalinsights:Workspace": {
    namespace: "Microsoft.OperationalInsights",
    path: [["workspaces", "workspaceName"]],
  },
  "azure-native:operationalinsights:SavedSearch": {
    namespace: "Microsoft.OperationalInsights",
    path: [
      ["workspaces", "workspaceName"],
      ["savedSearches", "savedSearchId"],
    ],
  },
  "azure-native:consumption:Budget": {
    namespace: "Microsoft.Consumption",
    path: [["budgets", "budgetName"]],
    extensionOf: "scope",
  },
};

interface AzureProviderInfo {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly location: string;
}

interface Context {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly subscriptionId: string;
  readonly tenantId: string;
}

/** Outputs beyond id and name: what other tiers read from each type. */
const OUTPUTS: Record<string, (c: Context, inputs: State) => State> = {
  "azure-native:resources:ResourceGroup": () => ({ properties: { provisioningState: "Succeeded" } }),
  "azure-native:network:VirtualNetwork": (c) => ({ resourceGuid: guid(c.id) }),
  "azure-native:network:NatGateway": (c) => ({ resourceGuid: guid(c.id) }),
  "azure-native:network:PublicIPAddress": (c) => ({
    ipAddress: `198.51.100.${(parseInt(digest(c.id).slice(0, 2), 16) % 254) + 1}`,
    resourceGuid: guid(c.id),
  }),
  "azure-native:network:ApplicationGateway": (c, inputs) => ({
    ...withSubResourceIds(c.id, inputs, [
      "gatewayIPConfigurations",
      "frontendIPConfigurations",
      "frontendPorts",
      "backendAddressPools",
      "backendHttpSettingsCollection",
      "httpListeners",
      "probes",
      "requestRoutingRules",
      "redirectConfigurations",
      "sslCertificates",
      "rewriteRuleSets",
    ]),
    operationalState: "Running",
    resourceGuid: guid(c.id),
  }),
  "azure-native:network:PrivateEndpoint": (c) => ({
    networkInterfaces: [
      {
        id: `${resourceGroupId(c)}/providers/Microsoft.Network/networkInterfaces/${c.name}.nic.${guid(c.id)}`,
      },
    ],
    customDnsConfigs: [
      {
        ipAddresses: [
          `10.${parseInt(digest(c.id).slice(0, 2), 16)}.0.${(parseInt(digest(c.id).slice(2, 4), 16) % 250) + 4}`,
        ],
      },
    ],
  }),
  "azure-native:network:BastionHost": (c) => ({ dnsName: `bst-${guid(c.id)}.bastion.azure.com` }),
  "azure-native:compute:VirtualMachineScaleSet": (c) => ({ uniqueId: guid(c.id) }),
  "azure-native:dbformysql:Server": (c) => ({
    fullyQualifiedDomainName: `${c.name}.mysql.database.azure.com`,
    state: "Ready",
  }),
  "azure-native:redisenterprise:RedisEnterprise": (c) => ({
    hostName: `${c.name}.${c.location}.redis.azure.net`,
    resourceState: "Running",
  }),
  "azure-native:redisenterprise:Database": (_c, inputs) => ({ port: inputs.port ?? 10000 }),
  "azure-native:storage:StorageAccount": (c) => ({
    primaryLocation: c.location,
    primaryEndpoints: Object.fromEntries(
      ["blob", "dfs", "file", "queue", "table", "web"].map((s) => [
        s,
        `https://${c.name}.${s === "web" ? `z6.web` : s}.core.windows.net/`,
      ]),
    ),
  }),
  "azure-native:keyvault:Vault": (c, inputs) => ({
    properties: { ...((inputs.properties as State) ?? {}), vaultUri: `https://${c.name}.vault.azure.net/` },
  }),
  "azure-native:keyvault:Secret": (c, inputs) => ({
    properties: {
      ...((inputs.properties as State) ?? {}),
      secretUri: `https://${String(inputs.vaultName)}.vault.azure.net/secrets/${c.name}`,
      secretUriWithVersion: `https://${String(inputs.vaultName)}.vault.azure.net/secrets/${c.name}/${digest(c.id).slice(0, 32)}`,
    },
  }),
  "azure-native:keyvault:Key": (c, inputs) => ({
    keyUri: `https://${String(inputs.vaultName)}.vault.azure.net/keys/${c.name}`,
    keyUriWithVersion: `https://${String(inputs.vaultName)}.vault.azure.net/keys/${c.name}/${digest(c.id).slice(0, 32)}`,
  }),
  "azure-native:managedidentity:UserAssignedIdentity": (c) => ({
    principalId: guid("principal", c.id),
    clientId: guid("client", c.id),
    tenantId: c.tenantId,
  }),
  "azure-native:cdn:Profile": (c) => ({ frontDoorId: guid("frontdoor", c.id) }),
  "azure-native:cdn:AFDEndpoint": (c) => ({
    hostName: `${c.name}-${base36(digest(c.id)).slice(0, 16)}.z01.azurefd.net`,
  }),
  "azure-native:cdn:AFDCustomDomain": (c) => ({
    domainValidationState: "Pending",
    validationProperties: { validationToken: digest("validation", c.id).slice(0, 32), expirationDate: "" },
  }),
  "azure-native:operationalinsights:Workspace": (c) => ({ customerId: guid("workspace", c.id) }),
};

export class MockAzure {
  private readonly providers = new Map<string, AzureProviderInfo>();
  private readonly ids = new Map<string, string>();

  constructor(private readonly rejections: ConfigProblem[]) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
    const inputs = args.inputs as State;
    if (args.type === "pulumi:providers:azure-native") {
      const id = `${args.name}-${digest(args.type, args.name).slice(0, 8)}`;
      this.providers.set(id, {
        subscriptionId: str(inputs.subscriptionId) ?? MOCK_SUBSCRIPTION_ID,
        tenantId: str(inputs.tenantId) ?? MOCK_TENANT_ID,
        location: str(inputs.location) ?? DEFAULT_LOCATION,
      });
      return { id, state: { ...inputs } };
    }
    const provider = this.providerOf(args.provider);
    const rule = AZURE_NAME_RULES[args.type];
    const arm = ARM[args.type];
    const nameInput = rule?.property ?? arm?.path[arm.path.length - 1][1] ?? "name";
    const given = str(inputs[nameInput]);
    const child = rule?.child ?? (arm !== undefined && arm.path.length > 1);
    const name = given ?? autoname(args.type, args.name, child);
    if (rule) this.checkName(args, rule, name, given === undefined, child);
    this.checkInnerNames(args, inputs);
    if (inputs.tags !== undefined && UNTAGGABLE_TYPES.has(args.type)) {
      this.rejections.push({
        key: "tags",
        got: `${args.type} "${args.name}": tags on a type that has none`,
        expected: "no tags on this type (components/azure/shared/tags.ts UNTAGGABLE_TYPES)",
      });
    }
    const location = str(inputs.location) ?? provider.location;
    const id = this.armId(args.type, inputs, name, provider);
    const earlier = this.ids.get(id.toLowerCase());
    if (earlier !== undefined) {
      this.rejections.push({
        key: "client",
        got: `${args.type} "${args.name}": ${id} is already "${earlier}" of this stack`,
        expected: "one resource per Azure resource id (ARM ids ignore case)",
      });
    }
    this.ids.set(id.toLowerCase(), args.name);
    const context: Context = {
      id,
      name,
      location,
      subscriptionId: provider.subscriptionId,
      tenantId: provider.tenantId,
    };
    const state: State = {
      ...inputs,
      name,
      ...(inputs.location !== undefined || !child ? { location } : {}),
      azureApiVersion: "mock",
      ...OUTPUTS[args.type]?.(context, inputs),
    };
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const provider = this.providerOf(args.provider);
    switch (args.token) {
      case "azure-native:authorization:getClientConfig":
        return {
          clientId: "00000000-0000-4000-8000-0000000c1e47",
          objectId: MOCK_CLIENT_OBJECT_ID,
          subscriptionId: provider.subscriptionId,
          tenantId: provider.tenantId,
        };
      case "azure-native:network:getNetworkWatcher": {
        // Azure creates one watcher per subscription and region, NetworkWatcher_<region> in NetworkWatcherRG
        // ("Enable or disable Azure Network Watcher": enabled automatically with the first virtual network).
        const rg = String(args.inputs.resourceGroupName);
        const name = String(args.inputs.networkWatcherName);
        const location = name.replace(/^NetworkWatcher_/, "");
        return {
          id: `/subscriptions/${provider.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/networkWatchers/${name}`,
          name,
          location,
          type: "Microsoft.Network/networkWatchers",
          provisioningState: "Succeeded",
        };
      }
      case "azure-native:redisenterprise:listDatabaseKeys": {
        // A Managed Redis database's access keys: 44 base64 characters like Azure's, derived from the
        // database's names so plans stay deterministic (never a real key).
        const key = (which: string) =>
          `${Buffer.from(
            digest("redis-key", which, String(args.inputs.clusterName), String(args.inputs.databaseName)),
            "hex",
          )
            .toString("base64")
            .slice(0, 43)}=`;
        return { primaryKey: key("primary"), secondaryKey: key("secondary") };
      }
      default:
        throw new Error(`the offline mock cloud has no answer for invoke ${args.token}`);
    }
  }

  private armId(type: string, inputs: State, name: string, provider: AzureProviderInfo): string {
    if (type === "azure-native:resources:ResourceGroup") {
      return `/subscriptions/${provider.subscriptionId}/resourceGroups/${name}`;
    }
    const arm = ARM[type] ?? genericArm(type);
    const segments = arm.path.map(([collection, input], i) => {
      const last = i === arm.path.length - 1;
      const value = last ? name : input === "$default" ? "default" : String(inputs[input] ?? "unknown");
      const kind = collection === "$recordType" ? String(inputs.recordType ?? "A") : collection;
      return `${kind}/${value}`;
    });
    const tail = `providers/${arm.namespace}/${segments.join("/")}`;
    if (arm.extensionOf) {
      const scope = str(inputs[arm.extensionOf]) ?? `/subscriptions/${provider.subscriptionId}`;
      return `${scope.replace(/\/$/, "")}/${tail}`;
    }
    const rg = str(inputs.resourceGroupName) ?? "unknown";
    return `/subscriptions/${provider.subscriptionId}/resourceGroups/${rg}/${tail}`;
  }

  private checkName(
    args: pulumi.runtime.MockResourceArgs,
    rule: (typeof AZURE_NAME_RULES)[string],
    name: string,
    autonamed: boolean,
    child: boolean,
  ): void {
    const problems = azureNameProblems(rule, name);
    if (problems.length === 0) return;
    const how = autonamed
      ? child
        ? " (autonamed: the logical name as it is)"
        : ` (autonamed: the logical name plus ${AZURE_AUTONAME_SUFFIX_LENGTH} random characters)`
      : "";
    this.rejections.push({
      key: "client",
      got: `${args.type} "${args.name}": ${rule.property} "${name}"${how} is ${problems.join(", ")}`,
      expected: `shorter or plainer client/environment names: ${rule.source} allows ${rule.min}-${rule.max} characters of ${rule.characters}`,
    });
  }

  private checkInnerNames(args: pulumi.runtime.MockResourceArgs, inputs: State): void {
    for (const rule of AZURE_INNER_NAME_RULES[args.type] ?? []) {
      const value = rule.path.reduce<unknown>((v, key) => (v as State | undefined)?.[key], inputs);
      if (typeof value !== "string") continue;
      const problems = azureNameProblems(rule, value);
      if (problems.length === 0) continue;
      this.rejections.push({
        key: "client",
        got: `${args.type} "${args.name}": ${rule.path.join(".")} "${value}" is ${problems.join(", ")}`,
        expected: `${rule.source}: ${rule.min}-${rule.max} characters of ${rule.characters}`,
      });
    }
  }

  private providerOf(ref: string | undefined): AzureProviderInfo {
    const id = ref?.split("::").pop();
    return (
      (id && this.providers.get(id)) || {
        subscriptionId: MOCK_SUBSCRIPTION_ID,
        tenantId: MOCK_TENANT_ID,
        location: DEFAULT_LOCATION,
      }
    );
  }
}

/** azure-native's autoname: the logical name, plus 8 random hex characters on a top-level resource. */
function autoname(type: string, logical: string, child: boolean): string {
  return child
    ? logical
    : `${logical}${digest("autoname", type, logical).slice(0, AZURE_AUTONAME_SUFFIX_LENGTH)}`;
}

/** A type the table does not know: `Microsoft.<Module>/<resources>/<name>`. */
function genericArm(type: string): ArmType {
  const [, module = "unknown", resource = "resource"] = type.split(":");
  const namespace = `Microsoft.${module.charAt(0).toUpperCase()}${module.slice(1)}`;
  const collection = `${resource.charAt(0).toLowerCase()}${resource.slice(1)}s`;
  return { namespace, path: [[collection, "name"]] };
}

/** Sub-resources of a resource (a gateway's listeners, pools, probes) get `<resource id>/<collection>/<name>`. */
function withSubResourceIds(id: string, inputs: State, collections: readonly string[]): State {
  const out: State = {};
  for (const collection of collections) {
    const items = inputs[collection];
    if (!Array.isArray(items)) continue;
    out[collection] = items.map((item: State) =>
      item && typeof item.name === "string" && item.id === undefined
        ? { ...item, id: `${id}/${collection}/${item.name}` }
        : item,
    );
  }
  return out;
}

function resourceGroupId(c: Context): string {
  return c.id.split("/providers/")[0];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function digest(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

function base36(hex: string): string {
  return BigInt(`0x${hex}`).toString(36);
}

/** A GUID-shaped rendering of a digest of the parts (version 4 layout). */
export function guid(...parts: string[]): string {
  const h = digest(...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
