import type { PolicyResource } from "@pulumi/policy";
import { z } from "zod";
import { stackRule } from "../../lib/define";
import {
  arr,
  azureTags,
  covers,
  describePorts,
  is,
  isOneOf,
  NsgRule,
  obj,
  refs,
  resolve,
} from "../../lib/azure";
import type { StackGraph } from "../../lib/rule";
import {
  APP_GATEWAY,
  ASG,
  FILE_SHARE,
  KEY_VAULT,
  MYSQL_SERVER,
  NSG,
  KEY_VAULT_SECRET,
  PRIVATE_ENDPOINT,
  REDIS_ENTERPRISE,
  ROLE_ASSIGNMENT,
  SECURITY_RULE,
  STORAGE_ACCOUNT,
  SUBNET,
  USER_ASSIGNED_IDENTITY,
  VMSS,
} from "../../lib/azure-types";
import { nsgsWithRules } from "./network";

/**
 * The data tier on Azure: MySQL, Managed Redis, the media file account and Key Vault are reached through a
 * private path (private endpoint, or MySQL's delegated subnet), and the NSG of that path admits the
 * store's port only from the web tier (its subnets or application security groups).
 *
 * One exception, for a tier that keeps secrets in the vault: the search nodes read their password and CA
 * seed from Key Vault and publish the cluster's CA there at first boot (components/azure/search/
 * first-boot.ts), through the vault's private endpoint. A rule may admit a group outside the web tier to a
 * key vault when it opens 443 only, names its sources by application security groups only, names as its
 * destination the application security groups of that vault's private endpoints only (a rule naming
 * destination groups applies only to their members: "Application security groups"), and every scale set
 * in those groups runs as an identity that holds a role in that vault (on the vault or one of its
 * secrets). A grant without the path fails at boot; a path without a grant is an opening nobody needs.
 */

interface Store {
  readonly what: string;
  /** The port clients use ("Azure Managed Redis" clusters listen on 10000; NFS 2049; Key Vault 443). */
  readonly port: number;
  readonly resources: PolicyResource[];
}

function stores(graph: StackGraph): Store[] {
  const mediaAccounts = new Set(
    graph.ofTypes([FILE_SHARE]).flatMap((s) => refs(graph, s, "accountName", [STORAGE_ACCOUNT])),
  );
  return [
    {
      what: "MySQL server",
      port: 3306,
      resources: graph
        .ofTypes([MYSQL_SERVER])
        .filter((s) => !is(s.props.createMode, "Replica") && !is(s.props.replicationRole, "Replica")),
    },
    { what: "Redis cluster", port: 10000, resources: graph.ofTypes([REDIS_ENTERPRISE]) },
    { what: "media storage account", port: 2049, resources: [...mediaAccounts] },
    { what: "key vault", port: 443, resources: graph.ofTypes([KEY_VAULT]) },
  ];
}

/** Subnets a store is reached in: its private endpoints' subnets, or MySQL's delegated subnet. */
function privateSubnets(
  graph: StackGraph,
  store: PolicyResource,
  endpoints: readonly PolicyResource[],
  subnetsOf: (endpoint: PolicyResource) => PolicyResource[],
): PolicyResource[] | undefined {
  const delegated = store.type === MYSQL_SERVER ? refs(graph, store, "network", [SUBNET]) : [];
  const viaDelegation = store.type === MYSQL_SERVER && obj(store.props.network).delegatedSubnetResourceId;
  if (endpoints.length === 0 && !viaDelegation) return undefined;
  return [...new Set([...delegated, ...endpoints.flatMap(subnetsOf)])];
}

/** The private endpoints of every store, by store: one pass over the endpoints. */
function endpointsByStore(
  graph: StackGraph,
  types: readonly string[],
): Map<PolicyResource, PolicyResource[]> {
  const byStore = new Map<PolicyResource, PolicyResource[]>();
  for (const pe of graph.ofTypes([PRIVATE_ENDPOINT])) {
    const targets = new Set([
      ...refs(graph, pe, "privateLinkServiceConnections", types),
      ...refs(graph, pe, "manualPrivateLinkServiceConnections", types),
    ]);
    for (const t of targets) push(byStore, t, pe);
  }
  return byStore;
}

/** The key vaults in which each identity (a user-assigned identity or a scale set's own) holds a role. */
function vaultsByPrincipal(graph: StackGraph): Map<PolicyResource, Set<PolicyResource>> {
  const byPrincipal = new Map<PolicyResource, Set<PolicyResource>>();
  for (const grant of graph.ofTypes([ROLE_ASSIGNMENT])) {
    const scopes = refs(graph, grant, "scope", [KEY_VAULT, KEY_VAULT_SECRET]);
    const vaults = scopes.flatMap((s) =>
      s.type === KEY_VAULT ? [s] : refs(graph, s, "vaultName", [KEY_VAULT]),
    );
    if (vaults.length === 0) continue;
    for (const principal of refs(graph, grant, "principalId", [USER_ASSIGNED_IDENTITY, VMSS])) {
      const held = byPrincipal.get(principal) ?? new Set<PolicyResource>();
      vaults.forEach((v) => held.add(v));
      byPrincipal.set(principal, held);
    }
  }
  return byPrincipal;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `f`, computed once per pair of arguments. */
function oncePer<A, B, V>(f: (a: A, b: B) => V): (a: A, b: B) => V {
  const known = new Map<A, Map<B, V>>();
  return (a, b) => {
    let byB = known.get(a);
    if (!byB) known.set(a, (byB = new Map()));
    if (!byB.has(b)) byB.set(b, f(a, b));
    return byB.get(b) as V;
  };
}

/** `f`, computed once per argument. */
function once<K, V>(f: (k: K) => V): (k: K) => V {
  const known = new Map<K, V>();
  return (k) => {
    if (!known.has(k)) known.set(k, f(k));
    return known.get(k) as V;
  };
}

function prefixesOf(subnet: PolicyResource): string[] {
  return [
    ...(typeof subnet.props.addressPrefix === "string" ? [subnet.props.addressPrefix] : []),
    ...arr<string>(subnet.props.addressPrefixes),
  ];
}

export const dataTierPrivateOnlyFromWeb = stackRule({
  id: "data-tier-private-only-from-web",
  description:
    "MySQL, Redis, the media share's account and Key Vault are reached through private endpoints (or MySQL's delegated subnet), whose NSGs admit the service port only from the web tier (and Key Vault's 443, at its endpoints' application security groups only, from scale sets whose identity holds a role in that vault).",
  severity: "high",
  remediation:
    "Give each data store a private endpoint (MySQL: VNet integration) in the data subnet, and admit its port on that subnet's NSG only from the web subnet's prefix or the web servers' application security group; another tier that reads secrets in Key Vault (search) gets its own rule: its application security group, 443 only, to an application security group of the vault's endpoint only.",
  pci: "4.0: 1.3.1, 1.4.1",
  references: "MCSB NS-1, NS-2",
  config: z.object({
    appTierTags: z
      .array(z.string())
      .default(["web", "app", "bastion"])
      .describe("Values of the tier tag whose scale sets may reach the data tier."),
  }),
  types: [MYSQL_SERVER, REDIS_ENTERPRISE, STORAGE_ACCOUNT, KEY_VAULT, PRIVATE_ENDPOINT, NSG],
  check(graph, report, config) {
    // The web tier: scale sets tagged with an application tier, or (untagged) behind the gateway.
    const web = graph
      .ofTypes([VMSS])
      .filter((v) =>
        azureTags(v).tier !== undefined
          ? isOneOf(azureTags(v).tier, config.appTierTags)
          : refs(graph, v, "virtualMachineProfile", [APP_GATEWAY]).length > 0,
      );
    const webPrefixes = new Set(
      web.flatMap((v) => refs(graph, v, "virtualMachineProfile", [SUBNET])).flatMap(prefixesOf),
    );
    const webSet = new Set(web);
    const webGroups = new Set(web.flatMap((v) => refs(graph, v, "virtualMachineProfile", [ASG])));
    // The scale sets outside the web tier in each group.
    const others = new Map<PolicyResource, PolicyResource[]>();
    for (const v of graph.ofTypes([VMSS])) {
      if (webSet.has(v)) continue;
      for (const g of refs(graph, v, "virtualMachineProfile", [ASG])) push(others, g, v);
    }
    const otherGroups = new Set(others.keys());
    const groupsFromWeb = (rule: NsgRule, holder: PolicyResource) => {
      const linked =
        holder.type === SECURITY_RULE ? refs(graph, holder, "sourceApplicationSecurityGroups", [ASG]) : [];
      if (linked.length > 0) return linked.every((g) => webGroups.has(g) || !otherGroups.has(g));
      return rule.sourceGroups.every((g) => {
        const groups = resolve(graph, g, [ASG]);
        // A group of the web tier, or one no scale set outside it belongs to (it admits no one else).
        return groups.length > 0 && groups.every((x) => webGroups.has(x) || !otherGroups.has(x));
      });
    };
    // Once per rule (a rule is asked about once for every store behind its NSG).
    const fromWebOnly = once(
      ({ rule, on }: { rule: NsgRule; on: PolicyResource }) =>
        rule.sources.length + rule.sourceGroups.length > 0 &&
        rule.sources.every((s) => webPrefixes.has(s.trim())) &&
        groupsFromWeb(rule, on),
    );

    const sourceGroupsOf = once(({ rule, on }: { rule: NsgRule; on: PolicyResource }) => {
      const linked =
        on.type === SECURITY_RULE ? refs(graph, on, "sourceApplicationSecurityGroups", [ASG]) : [];
      return linked.length > 0 ? linked : resolve(graph, rule.sourceGroups, [ASG]);
    });
    const destinationGroupsOf = once(({ rule, on }: { rule: NsgRule; on: PolicyResource }) => {
      const linked =
        on.type === SECURITY_RULE ? refs(graph, on, "destinationApplicationSecurityGroups", [ASG]) : [];
      return linked.length > 0
        ? linked
        : resolve(graph, rule.raw.destinationApplicationSecurityGroups, [ASG]);
    });
    const storeTypes = [MYSQL_SERVER, REDIS_ENTERPRISE, STORAGE_ACCOUNT, KEY_VAULT];
    const endpointsOf = endpointsByStore(graph, storeTypes);
    const groupsOfEndpoint = new Map(
      graph
        .ofTypes([PRIVATE_ENDPOINT])
        .map((pe) => [pe, refs(graph, pe, "applicationSecurityGroups", [ASG])]),
    );
    // The endpoints in each application security group.
    const endpointMembers = new Map<PolicyResource, PolicyResource[]>();
    for (const [pe, groups] of groupsOfEndpoint) for (const g of groups) push(endpointMembers, g, pe);
    const held = vaultsByPrincipal(graph);
    const identitiesOf = once((v: PolicyResource) => [
      v,
      ...refs(graph, v, "identity", [USER_ASSIGNED_IDENTITY]),
    ]);
    /** Whether the scale set runs as an identity (its own or an assigned one) holding a role in `vault`. */
    const holdsRoleIn = oncePer((v: PolicyResource, vault: PolicyResource) =>
      identitiesOf(v).some((p) => held.get(p)?.has(vault)),
    );
    /** Whether every scale set outside the web tier in the group holds a role in `vault`. */
    const groupHoldsRoleIn = oncePer((g: PolicyResource, vault: PolicyResource) =>
      (others.get(g) ?? []).every((v) => holdsRoleIn(v, vault)),
    );
    const ownEndpointsOf = once((vault: PolicyResource) => new Set(endpointsOf.get(vault) ?? []));
    /** Whether the group's members are endpoints of `vault` only (and it has some). */
    const groupOfVaultOnly = oncePer((g: PolicyResource, vault: PolicyResource) => {
      const members = endpointMembers.get(g) ?? [];
      const own = ownEndpointsOf(vault);
      return members.length > 0 && members.every((pe) => own.has(pe));
    });
    /** The exception above, once per rule and vault: a tier that keeps secrets in this vault, to its endpoints, on 443 only. */
    const vaultHolderRule = oncePer((entry: { rule: NsgRule; on: PolicyResource }, vault: PolicyResource) => {
      const { rule } = entry;
      if (vault.type !== KEY_VAULT || rule.sources.length > 0 || rule.sourceGroups.length === 0) return false;
      if (rule.ports.length !== 1 || rule.ports[0][0] !== 443 || rule.ports[0][1] !== 443) return false;
      const destinations = destinationGroupsOf(entry);
      const toVaultOnly = destinations.length > 0 && destinations.every((g) => groupOfVaultOnly(g, vault));
      const sources = sourceGroupsOf(entry);
      return (
        toVaultOnly &&
        sources.length > 0 &&
        sources.every((g) => webGroups.has(g) || groupHoldsRoleIn(g, vault))
      );
    });

    const rulesOf = nsgsWithRules(graph);
    const subnetsOf = once((pe: PolicyResource) => refs(graph, pe, "subnet", [SUBNET]));
    const nsgsOf = once((subnet: PolicyResource) => refs(graph, subnet, "networkSecurityGroup", [NSG]));
    const reported = new Set<string>();
    for (const store of stores(graph)) {
      for (const r of store.resources) {
        const endpoints = endpointsOf.get(r) ?? [];
        const subnets = privateSubnets(graph, r, endpoints, subnetsOf);
        if (!subnets) {
          report(`The ${store.what} is reached through no private endpoint.`, r.urn);
          continue;
        }
        // Application security groups the store's endpoints joined: a rule naming other destination groups
        // does not apply to them (nor to a MySQL server, which joins none).
        const storeGroups = new Set<PolicyResource>();
        for (const pe of endpoints) for (const g of groupsOfEndpoint.get(pe) ?? []) storeGroups.add(g);
        // Each NSG once (endpoints of one store share a subnet).
        const nsgs = new Set<PolicyResource>();
        for (const subnet of subnets) for (const nsg of nsgsOf(subnet)) nsgs.add(nsg);
        for (const nsg of nsgs)
          for (const entry of rulesOf.get(nsg) ?? []) {
            const { rule, on } = entry;
            if (!rule.inbound || !rule.allow || !covers(rule.ports, store.port)) continue;
            const destinations = destinationGroupsOf(entry);
            if (destinations.length > 0 && !destinations.some((g) => storeGroups.has(g))) continue;
            if (fromWebOnly(entry) || vaultHolderRule(entry, r)) continue;
            const key = `${on.urn}#${rule.name}`;
            if (reported.has(key)) continue;
            reported.add(key);
            report(
              `Rule ${rule.name} admits sources outside the web tier to the ${store.what}'s port(s) ${describePorts(rule.ports)}.`,
              on.urn,
            );
          }
      }
    }
  },
});
