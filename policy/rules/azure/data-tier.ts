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
  PRIVATE_ENDPOINT,
  REDIS_ENTERPRISE,
  SECURITY_RULE,
  STORAGE_ACCOUNT,
  SUBNET,
  VMSS,
} from "../../lib/azure-types";
import { nsgsWithRules } from "./network";

/**
 * The data tier on Azure: MySQL, Managed Redis, the media file account and Key Vault are reached through a
 * private path (private endpoint, or MySQL's delegated subnet), and the NSG of that path admits the
 * store's port only from the web tier (its subnets or application security groups).
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
function privateSubnets(graph: StackGraph, store: PolicyResource): PolicyResource[] | undefined {
  const endpoints = graph
    .ofTypes([PRIVATE_ENDPOINT])
    .filter(
      (pe) =>
        refs(graph, pe, "privateLinkServiceConnections", [store.type]).includes(store) ||
        refs(graph, pe, "manualPrivateLinkServiceConnections", [store.type]).includes(store),
    );
  const delegated = store.type === MYSQL_SERVER ? refs(graph, store, "network", [SUBNET]) : [];
  const viaDelegation = store.type === MYSQL_SERVER && obj(store.props.network).delegatedSubnetResourceId;
  if (endpoints.length === 0 && !viaDelegation) return undefined;
  return [...delegated, ...endpoints.flatMap((pe) => refs(graph, pe, "subnet", [SUBNET]))];
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
    "MySQL, Redis, the media share's account and Key Vault are reached through private endpoints (or MySQL's delegated subnet), whose NSGs admit the service port only from the web tier.",
  severity: "high",
  remediation:
    "Give each data store a private endpoint (MySQL: VNet integration) in the data subnet, and admit its port on that subnet's NSG only from the web subnet's prefix or the web servers' application security group.",
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
    const webGroups = new Set(web.flatMap((v) => refs(graph, v, "virtualMachineProfile", [ASG])));
    const otherGroups = new Set(
      graph
        .ofTypes([VMSS])
        .filter((v) => !web.includes(v))
        .flatMap((v) => refs(graph, v, "virtualMachineProfile", [ASG])),
    );
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
    const fromWebOnly = (rule: NsgRule, holder: PolicyResource) =>
      rule.sources.length + rule.sourceGroups.length > 0 &&
      rule.sources.every((s) => webPrefixes.has(s.trim())) &&
      groupsFromWeb(rule, holder);

    const rulesOf = nsgsWithRules(graph);
    const reported = new Set<string>();
    for (const store of stores(graph)) {
      for (const r of store.resources) {
        const subnets = privateSubnets(graph, r);
        if (!subnets) {
          report(`The ${store.what} is reached through no private endpoint.`, r.urn);
          continue;
        }
        for (const nsg of subnets.flatMap((s) => refs(graph, s, "networkSecurityGroup", [NSG])))
          for (const { rule, on } of rulesOf.get(nsg) ?? []) {
            if (!rule.inbound || !rule.allow || !covers(rule.ports, store.port)) continue;
            const key = `${on.urn}#${rule.name}`;
            if (fromWebOnly(rule, on) || reported.has(key)) continue;
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
