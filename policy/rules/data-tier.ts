import { z } from "zod";
import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../lib/define";
import { ingressOf } from "../lib/ingress";
import { dependenciesOf, list, tagsOf, truthy } from "../lib/props";
import {
  AWSX_VPC,
  CACHE_SUBNET_GROUP,
  EFS_MOUNT_TARGET,
  RDS_CLUSTER,
  RDS_INSTANCE,
  RDS_SUBNET_GROUP,
  REPLICATION_GROUP,
  SEARCH_DOMAIN_TYPES,
  SG_INGRESS_TYPES,
  SUBNET,
} from "../lib/types";

/** Stack-level rules of the data tier: who may reach it, and where it lives. */

interface DataStore {
  readonly what: string;
  readonly port: number;
  readonly types: readonly string[];
  readonly groupsProperty: string;
}

const DATA_STORES: readonly DataStore[] = [
  { what: "database", port: 3306, types: [RDS_INSTANCE, RDS_CLUSTER], groupsProperty: "vpcSecurityGroupIds" },
  { what: "cache", port: 6379, types: [REPLICATION_GROUP], groupsProperty: "securityGroupIds" },
  { what: "file system", port: 2049, types: [EFS_MOUNT_TARGET], groupsProperty: "securityGroups" },
  { what: "search domain", port: 443, types: SEARCH_DOMAIN_TYPES, groupsProperty: "vpcOptions" },
];

/** PostgreSQL databases listen on 5432; everything else in the table keeps its port. */
function servicePort(store: DataStore, resource: PolicyResource): number {
  return store.what === "database" && String(resource.props.engine ?? "").includes("postgres")
    ? 5432
    : store.port;
}

export const dataTierSgOnlyFromAppTier = stackRule({
  id: "data-tier-sg-only-from-app-tier",
  description:
    "Security groups of databases, caches, file systems and search domains admit only application-tier " +
    "groups, on the service port, never an address range.",
  severity: "high",
  remediation:
    "Replace CIDR sources with the web servers' security group (tag tier=web) and the service port.",
  pci: "3.2.1: 1.2.1, 1.3.1, 1.3.2; 4.0: 1.3.1, 1.4.1",
  config: z.object({
    appTierTags: z
      .array(z.string())
      .default(["web", "app", "bastion"])
      .describe("Values of the tier tag whose groups may reach the data tier."),
  }),
  check(graph, report, config) {
    const appTiers = config.appTierTags;
    const portOf = new Map<string, { port: number; what: string }>();
    for (const store of DATA_STORES) {
      for (const r of graph.ofTypes(store.types)) {
        for (const g of dependenciesOf(r, store.groupsProperty))
          portOf.set(g.urn, { port: servicePort(store, r), what: store.what });
      }
    }
    for (const r of graph.ofTypes(SG_INGRESS_TYPES)) {
      for (const i of ingressOf(r)) {
        const target = i.groups.map((g) => portOf.get(g.urn)).find((t) => t !== undefined);
        if (!target) continue;
        if (i.cidrs.length > 0 || i.hasPrefixList) {
          report(
            `The ${target.what}'s security group admits an address range instead of a security group.`,
            r.urn,
          );
        } else if (i.sourceGroups.some((g) => !appTiers.includes(tagsOf(g).tier))) {
          report(`The ${target.what}'s security group admits a group outside the application tier.`, r.urn);
        } else if (i.fromPort !== target.port || i.toPort !== target.port) {
          report(`The ${target.what}'s security group admits ports other than ${target.port}.`, r.urn);
        }
      }
    }
  },
});

/** Ids of the public subnets an awsx VPC component created, from its outputs. */
function publicSubnetIds(vpc: PolicyResource): Set<string> {
  return new Set(list<string>(vpc.props.publicSubnetIds));
}

function isPublicSubnet(subnet: PolicyResource): boolean {
  return tagsOf(subnet).tier === "public" || truthy(subnet.props.mapPublicIpOnLaunch);
}

export const dataTierInPrivateSubnets = stackRule({
  id: "data-tier-in-private-subnets",
  description: "Database and cache subnet groups contain no public subnet.",
  severity: "high",
  remediation: "Build the subnet group from the VPC's isolated (or private) subnets.",
  pci: "3.2.1: 1.3.1, 1.3.2, 1.3.4, 1.3.6",
  check(graph, report) {
    for (const group of graph.ofTypes([RDS_SUBNET_GROUP, CACHE_SUBNET_GROUP])) {
      const ids = list<string>(group.props.subnetIds);
      for (const source of dependenciesOf(group, "subnetIds")) {
        const publicOnes =
          source.type === SUBNET
            ? isPublicSubnet(source)
            : source.type === AWSX_VPC && ids.some((id) => publicSubnetIds(source).has(id));
        if (publicOnes) report("The subnet group contains a public subnet.", group.urn);
      }
    }
  },
});
