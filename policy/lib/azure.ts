import type { PolicyResource } from "@pulumi/policy";
import type { Resource, StackGraph } from "./rule";

/*
 * Reading azure-native v3 resources as an analyzer receives them: the SDK's input shapes (ARM's nested
 * `properties` flattened where the SDK flattens them, kept where it keeps them, e.g. keyvault.Vault), and
 * enum-typed inputs that accept any string. ARM compares those enum values case-insensitively, so the
 * rules do too ("Resource Manager ... property values are case-insensitive" is not promised for every
 * field; the ones compared here are the enum-typed ones, whose SDK type is `string | Enum`).
 */

/** Whether `value` is the string `expected`, ignoring case (ARM enum values: `Enabled` = `enabled`). */
export function is(value: unknown, expected: string): boolean {
  return typeof value === "string" && value.toLowerCase() === expected.toLowerCase();
}

/** Whether `value` is one of `expected`, ignoring case. */
export function isOneOf(value: unknown, expected: readonly string[]): boolean {
  return expected.some((e) => is(value, e));
}

/** A nested object property, or an empty object. */
export function obj(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function arr<T = Record<string, unknown>>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Every string anywhere inside a value (ids of sub-resource references, lists of ids). */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (typeof value === "object" && value !== null)
    for (const v of Object.values(value as Record<string, unknown>)) stringsIn(v, out);
  return out;
}

/** The last segment of an ARM id: `/…/networkSecurityGroups/web` → `web`. */
export function lastSegment(id: unknown): string {
  return typeof id === "string" ? (id.split("/").filter(Boolean).pop() ?? "") : "";
}

/** The input that names a resource in ARM, per type (`serverName`, `vaultName`, …). */
const NAME_INPUTS: Readonly<Record<string, string>> = {
  "azure-native:resources:ResourceGroup": "resourceGroupName",
  "azure-native:network:NetworkSecurityGroup": "networkSecurityGroupName",
  "azure-native:network:VirtualNetwork": "virtualNetworkName",
  "azure-native:network:Subnet": "subnetName",
  "azure-native:network:ApplicationGateway": "applicationGatewayName",
  "azure-native:network:WebApplicationFirewallPolicy": "policyName",
  "azure-native:network:ApplicationSecurityGroup": "applicationSecurityGroupName",
  "azure-native:dbformysql:Server": "serverName",
  "azure-native:keyvault:Vault": "vaultName",
  "azure-native:storage:StorageAccount": "accountName",
  "azure-native:redisenterprise:RedisEnterprise": "clusterName",
  "azure-native:cdn:Profile": "profileName",
  "azure-native:cdn:AFDEndpoint": "endpointName",
  "azure-native:frontdoor:Policy": "policyName",
  "azure-native:compute:VirtualMachineScaleSet": "vmScaleSetName",
  "azure-native:operationalinsights:Workspace": "workspaceName",
  "azure-native:managedidentity:UserAssignedIdentity": "resourceName",
};

/** The Azure name a resource declares (its name input, else the `name` output), if any. */
export function azureName(r: Resource): string | undefined {
  const input = NAME_INPUTS[r.type];
  const v = (input ? r.props[input] : undefined) ?? r.props.name;
  return typeof v === "string" && v !== "" ? v : undefined;
}

interface Index {
  readonly byId: Map<string, PolicyResource[]>;
  readonly byName: Map<string, PolicyResource[]>;
}

const INDEXES = new WeakMap<StackGraph, Index>();

function indexOf(graph: StackGraph): Index {
  let index = INDEXES.get(graph);
  if (!index) {
    index = { byId: new Map(), byName: new Map() };
    for (const r of graph.resources) {
      if (!r.type.startsWith("azure-native:")) continue;
      const id = r.props.id;
      if (typeof id === "string" && id !== "") push(index.byId, id.toLowerCase(), r);
      const name = azureName(r);
      if (name) push(index.byName, name.toLowerCase(), r);
    }
    INDEXES.set(graph, index);
  }
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * ARM collections (the `<type>` of `…/providers/<namespace>/<type>/<name>`) per type token, so that a
 * literal id is matched against resources of the right kind only.
 */
const ARM_COLLECTIONS: Readonly<Record<string, string>> = {
  "azure-native:resources:ResourceGroup": "resourcegroups",
  "azure-native:network:VirtualNetwork": "virtualnetworks",
  "azure-native:network:Subnet": "subnets",
  "azure-native:network:NetworkSecurityGroup": "networksecuritygroups",
  "azure-native:network:ApplicationSecurityGroup": "applicationsecuritygroups",
  "azure-native:network:PublicIPAddress": "publicipaddresses",
  "azure-native:network:ApplicationGateway": "applicationgateways",
  "azure-native:network:WebApplicationFirewallPolicy": "applicationgatewaywebapplicationfirewallpolicies",
  "azure-native:network:PrivateEndpoint": "privateendpoints",
  "azure-native:compute:VirtualMachineScaleSet": "virtualmachinescalesets",
  "azure-native:dbformysql:Server": "flexibleservers",
  "azure-native:redisenterprise:RedisEnterprise": "redisenterprise",
  "azure-native:storage:StorageAccount": "storageaccounts",
  "azure-native:keyvault:Vault": "vaults",
  "azure-native:keyvault:Secret": "secrets",
  "azure-native:managedidentity:UserAssignedIdentity": "userassignedidentities",
  "azure-native:operationalinsights:Workspace": "workspaces",
  "azure-native:cdn:Profile": "profiles",
  "azure-native:cdn:AFDEndpoint": "afdendpoints",
  "azure-native:cdn:AFDCustomDomain": "customdomains",
  "azure-native:frontdoor:Policy": "frontdoorwebapplicationfirewallpolicies",
};

/**
 * Resources of `types` a literal ARM id names: the resource itself, or the nearest parent when the id names
 * one of its children (`…/applicationGateways/gw/backendAddressPools/web` is the gateway's). Matched by the
 * resource's own id where the plan has it, else by `<collection>/<name>` pairs from the end of the id.
 */
function byArmId(index: Index, id: string, types: readonly string[]): PolicyResource[] {
  const parts = id.split("/").filter(Boolean);
  for (let n = parts.length; n >= 2; n--) {
    const exact = (index.byId.get(`/${parts.slice(0, n).join("/")}`) ?? []).filter((t) =>
      types.includes(t.type),
    );
    if (exact.length > 0) return exact;
    const [collection, name] = [parts[n - 2], parts[n - 1]];
    const named = (index.byName.get(name) ?? []).filter(
      (t) => types.includes(t.type) && (ARM_COLLECTIONS[t.type] ?? collection) === collection,
    );
    if (named.length > 0) return named;
  }
  return [];
}

/**
 * The resources of `types` an input of `r` refers to, however it was written: through an output (the
 * engine records a property dependency, also for ids nested in sub-resource references such as
 * `{ networkSecurityGroup: { id } }`), as a literal ARM id anywhere inside the input (a child id such as
 * `…/applicationGateways/gw/backendAddressPools/web` counts as a reference to the gateway), or, for inputs
 * that take a name (`serverName`, `vaultName`), as the literal Azure name.
 */
export function refs(
  graph: StackGraph,
  r: PolicyResource,
  property: string,
  types: readonly string[],
): PolicyResource[] {
  // Once per graph, resource, property and types: stack rules join the same references again and again.
  let byResource = REFS.get(graph);
  if (!byResource) REFS.set(graph, (byResource = new Map()));
  let known = byResource.get(r);
  if (!known) byResource.set(r, (known = new Map()));
  const key = `${property}\u0000${types.join("\u0000")}`;
  let found = known.get(key);
  if (!found) {
    const set = new Set((r.propertyDependencies?.[property] ?? []).filter((d) => types.includes(d.type)));
    resolve(graph, r.props[property], types).forEach((t) => set.add(t));
    set.delete(r);
    known.set(key, (found = [...set]));
  }
  return [...found];
}

const REFS = new WeakMap<StackGraph, Map<PolicyResource, Map<string, PolicyResource[]>>>();

/** Resources of `types` that the literal ARM ids or names anywhere inside `value` name. */
export function resolve(graph: StackGraph, value: unknown, types: readonly string[]): PolicyResource[] {
  const found = new Set<PolicyResource>();
  const index = indexOf(graph);
  for (const literal of stringsIn(value)) {
    if (literal === "") continue;
    const lower = literal.toLowerCase();
    if (lower.startsWith("/subscriptions/")) byArmId(index, lower, types).forEach((h) => found.add(h));
    else for (const t of index.byName.get(lower) ?? []) if (types.includes(t.type)) found.add(t);
  }
  return [...found];
}

/** A resource's tags (azure-native has no provider default tags: the kit sets them on each resource). */
export function azureTags(r: Resource): Record<string, string> {
  return obj(r.props.tags) as Record<string, string>;
}

/** Whether the resource belongs to a production environment, by its `environment` tag. */
export function isProduction(r: Resource, productionEnvironments: readonly string[]): boolean {
  return isOneOf(azureTags(r).environment, productionEnvironments);
}

/** An inclusive port range of a security rule. */
export type PortRange = readonly [from: number, to: number];

/** Port ranges of a destination (or source) port spec: `22`, `80-443`, `*`. */
export function portRanges(single: unknown, many: unknown): PortRange[] {
  const specs = [
    ...(typeof single === "string" || typeof single === "number" ? [String(single)] : []),
    ...arr<string>(many).map(String),
  ];
  return specs.flatMap((spec): PortRange[] => {
    const s = spec.trim();
    if (s === "*" || s === "") return [[0, 65535]];
    const [a, b] = s.split("-").map((x) => Number(x.trim()));
    if (!Number.isFinite(a)) return [];
    return [[a, Number.isFinite(b) ? b : a]];
  });
}

export function covers(ranges: readonly PortRange[], port: number): boolean {
  return ranges.some(([from, to]) => from <= port && port <= to);
}

/**
 * Sources that mean "anyone on the internet" in an NSG rule: any address, the `Internet` service tag, the
 * whole IPv4 or IPv6 space ("Network security groups", Azure Virtual Network docs: service tags, `*`).
 */
const INTERNET_SOURCES = ["*", "any", "internet", "0.0.0.0/0", "0.0.0.0", "::/0"];

/** One security rule, inline in an NSG or a SecurityRule resource, as the rules read it. */
export interface NsgRule {
  readonly name: string;
  readonly inbound: boolean;
  readonly allow: boolean;
  readonly protocol: string;
  readonly priority: number;
  readonly sources: string[];
  readonly sourceGroups: unknown[];
  readonly ports: PortRange[];
  readonly raw: Record<string, unknown>;
}

export function nsgRule(raw: Record<string, unknown>, fallbackName: string): NsgRule {
  return {
    name:
      typeof raw.name === "string"
        ? raw.name
        : typeof raw.securityRuleName === "string"
          ? raw.securityRuleName
          : fallbackName,
    // Inbound and Allow are what ARM requires to be given; compare as ARM does, ignoring case.
    inbound: is(raw.direction, "Inbound"),
    allow: is(raw.access, "Allow"),
    protocol: String(raw.protocol ?? "*").toLowerCase(),
    priority: Number(raw.priority ?? 0),
    sources: [
      ...(typeof raw.sourceAddressPrefix === "string" ? [raw.sourceAddressPrefix] : []),
      ...arr<string>(raw.sourceAddressPrefixes),
    ],
    sourceGroups: arr(raw.sourceApplicationSecurityGroups),
    ports: portRanges(raw.destinationPortRange, raw.destinationPortRanges),
    raw,
  };
}

/** The rules a NetworkSecurityGroup declares inline, or the one a SecurityRule resource is. */
export function nsgRulesOf(r: Resource): NsgRule[] {
  if (r.type === "azure-native:network:SecurityRule") return [nsgRule(r.props, r.name)];
  return arr(r.props.securityRules).map((x, i) => nsgRule(x, `#${i + 1}`));
}

export function fromInternet(rule: NsgRule): boolean {
  return rule.sources.some((s) => INTERNET_SOURCES.includes(s.trim().toLowerCase()));
}

/** Inbound Allow from anyone on the internet. */
export function admitsInternet(rule: NsgRule): boolean {
  return rule.inbound && rule.allow && fromInternet(rule);
}

export function carriesTcp(rule: NsgRule): boolean {
  return rule.protocol === "tcp" || rule.protocol === "*";
}

export function carriesUdp(rule: NsgRule): boolean {
  return rule.protocol === "udp" || rule.protocol === "*";
}

/** `ports 22, 3389` for messages. */
export function describePorts(ranges: readonly PortRange[]): string {
  return ranges.map(([a, b]) => (a === 0 && b === 65535 ? "*" : a === b ? `${a}` : `${a}-${b}`)).join(", ");
}

/** The GUID at the end of a role definition id (built-in roles are named by GUID in every subscription). */
export function roleGuid(roleDefinitionId: unknown): string {
  return lastSegment(roleDefinitionId).toLowerCase();
}
