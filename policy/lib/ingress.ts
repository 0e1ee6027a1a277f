import type { PolicyResource } from "@pulumi/policy";
import { dependenciesOf, list } from "./props";
import type { Resource } from "./rule";
import { SECURITY_GROUP, SECURITY_GROUP_RULE, SG_INGRESS_RULE } from "./types";

/**
 * One ingress permission in a single shape, whichever of the three ways it was written: inline in a
 * security group, as an `aws:ec2` security group rule, or as an `aws:vpc` ingress rule.
 */
export interface Ingress {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrs: readonly string[];
  /** Source groups given by id, for rule resources resolved through property dependencies. */
  readonly sourceGroups: readonly PolicyResource[];
  /** Whether a source group is named at all (inline rules name ids, not resources). */
  readonly hasSourceGroup: boolean;
  readonly hasPrefixList: boolean;
  /** The group the permission belongs to: itself for inline rules, the target for rule resources. */
  readonly groups: readonly PolicyResource[];
}

/** The whole IPv4 and IPv6 internet. */
export const WORLD_CIDRS: readonly string[] = ["0.0.0.0/0", "::/0"];

export function ingressOf(r: Resource): Ingress[] {
  const p = r.props as Record<string, unknown>;
  if (r.type === SECURITY_GROUP) {
    return list(p.ingress).map((i) => ({
      protocol: String(i.protocol ?? "tcp"),
      fromPort: Number(i.fromPort ?? 0),
      toPort: Number(i.toPort ?? 0),
      cidrs: [...list<string>(i.cidrBlocks), ...list<string>(i.ipv6CidrBlocks)],
      sourceGroups: [],
      hasSourceGroup: list(i.securityGroups).length > 0 || i.self === true,
      hasPrefixList: list(i.prefixListIds).length > 0,
      groups: [r as PolicyResource],
    }));
  }
  if (r.type === SECURITY_GROUP_RULE) {
    if (p.type !== "ingress") return [];
    return [
      {
        protocol: String(p.protocol ?? "tcp"),
        fromPort: Number(p.fromPort ?? 0),
        toPort: Number(p.toPort ?? 0),
        cidrs: [...list<string>(p.cidrBlocks), ...list<string>(p.ipv6CidrBlocks)],
        sourceGroups: dependenciesOf(r, "sourceSecurityGroupId"),
        hasSourceGroup: p.sourceSecurityGroupId !== undefined || p.self === true,
        hasPrefixList: list(p.prefixListIds).length > 0,
        groups: dependenciesOf(r, "securityGroupId"),
      },
    ];
  }
  if (r.type === SG_INGRESS_RULE) {
    const protocol = String(p.ipProtocol ?? "tcp");
    const all = protocol === "-1" || protocol === "all";
    return [
      {
        protocol,
        fromPort: all ? 0 : Number(p.fromPort ?? 0),
        toPort: all ? 65535 : Number(p.toPort ?? 0),
        cidrs: [p.cidrIpv4, p.cidrIpv6].filter((c): c is string => typeof c === "string"),
        sourceGroups: dependenciesOf(r, "referencedSecurityGroupId"),
        hasSourceGroup: p.referencedSecurityGroupId !== undefined,
        hasPrefixList: p.prefixListId !== undefined,
        groups: dependenciesOf(r, "securityGroupId"),
      },
    ];
  }
  return [];
}

export function isAllTraffic(i: Ingress): boolean {
  return i.protocol === "-1" || i.protocol === "all";
}

export function isWorldOpen(i: Ingress): boolean {
  return i.cidrs.some((c) => WORLD_CIDRS.includes(c));
}

/** True when the permission lets `port` through (any protocol, or TCP/UDP covering it). */
export function coversPort(i: Ingress, port: number): boolean {
  return isAllTraffic(i) || (i.fromPort <= port && port <= i.toPort);
}

export function coversAllPorts(i: Ingress): boolean {
  return isAllTraffic(i) || (i.fromPort <= 0 && i.toPort >= 65535);
}

export function portRange(i: Ingress): string {
  if (isAllTraffic(i)) return "all traffic";
  return i.fromPort === i.toPort ? `port ${i.fromPort}` : `ports ${i.fromPort}-${i.toPort}`;
}
