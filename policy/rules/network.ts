import type { PolicyResource } from "@pulumi/policy";
import { z } from "zod";
import { resourceRule, stackRule } from "../lib/define";
import { coversAllPorts, coversPort, ingressOf, isAllTraffic, isWorldOpen, portRange } from "../lib/ingress";
import { dependenciesOf, list, tagsOf, truthy } from "../lib/props";
import {
  AWSX_VPC,
  DEFAULT_SECURITY_GROUP,
  DEFAULT_VPC,
  EBS_ENCRYPTION_BY_DEFAULT,
  FLOW_LOG,
  LISTENER_TYPES,
  LOAD_BALANCER_TYPES,
  NACL,
  NACL_ASSOCIATION,
  NACL_TYPES,
  PREFIX_LIST,
  SECURITY_GROUP,
  SECURITY_GROUP_RULE,
  SG_EGRESS_RULE,
  SG_INGRESS_RULE,
  SG_INGRESS_TYPES,
  SUBNET,
  VPC,
} from "../lib/types";
import { vpcReferents, vpcsOf } from "../lib/vpcs";

/** VPC, security group, network ACL and flow log rules. */

const ADMIN_PORTS = [22, 3389];
const DATA_PORTS = [3306, 5432, 1433, 1521, 5439, 6379, 11211, 9200, 27017, 2049, 20, 21, 4333];

export const sgNoPublicIngressAdminPorts = resourceRule({
  id: "sg-no-public-ingress-admin-ports",
  description: "Security groups do not admit SSH (22) or RDP (3389) from the whole internet.",
  severity: "critical",
  remediation: "Use SSM Session Manager, or admit SSH only from the bastion's group or named networks.",
  cis: "v3.0 5.2, 5.3",
  pci: "3.2.1: 1.2.1, 1.3.1, 2.2.2; 4.0: 1.3.1, 1.4.1",
  types: SG_INGRESS_TYPES,
  check(r, report) {
    for (const i of ingressOf(r)) {
      // All traffic or every port is sg-no-public-ingress-all-ports' finding: one problem, one finding.
      if (isWorldOpen(i) && !coversAllPorts(i) && ADMIN_PORTS.some((port) => coversPort(i, port))) {
        report(`Ingress on ${portRange(i)} from 0.0.0.0/0 or ::/0 exposes an administration port.`);
      }
    }
  },
});

export const sgNoPublicIngressAllPorts = resourceRule({
  id: "sg-no-public-ingress-all-ports",
  description: "Security groups do not admit all traffic or every port from the whole internet.",
  severity: "critical",
  remediation: "Admit only the ports the service needs, from the narrowest source.",
  cis: "v3.0 5.2, 5.3",
  pci: "3.2.1: 1.2.1, 1.3.1; 4.0: 1.3.1",
  types: SG_INGRESS_TYPES,
  check(r, report) {
    for (const i of ingressOf(r)) {
      if (isWorldOpen(i) && coversAllPorts(i)) report(`Ingress of ${portRange(i)} from the whole internet.`);
    }
  },
});

export const sgNoPublicIngressDataPorts = resourceRule({
  id: "sg-no-public-ingress-data-ports",
  description: "Security groups do not admit database, cache, search or file system ports from the internet.",
  severity: "critical",
  remediation: "Admit data ports only from the application tier's security group.",
  pci: "3.2.1: 1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 2.2, 2.2.2",
  config: z.object({
    dataPorts: z
      .array(z.int().min(0).max(65535))
      .default(DATA_PORTS)
      .describe("Ports of databases, caches, search and file systems."),
  }),
  types: SG_INGRESS_TYPES,
  check(r, report, config) {
    const ports = config.dataPorts;
    for (const i of ingressOf(r)) {
      const exposed = ports.filter((port) => coversPort(i, port));
      const admin = ADMIN_PORTS.some((port) => coversPort(i, port));
      // Ranges that also reach SSH/RDP, and every port, are the admin and all-ports rules' findings.
      if (isWorldOpen(i) && exposed.length > 0 && !coversAllPorts(i) && !admin) {
        report(`Ingress from the whole internet reaches data port(s) ${exposed.join(", ")}.`);
      }
    }
  },
});

export const sgPublicIngressOnlyWebPorts = stackRule({
  id: "sg-public-ingress-only-web-ports",
  description:
    "Only internet-facing load balancers' security groups admit the internet, and only on web ports.",
  severity: "high",
  remediation: "Put servers behind the load balancer; admit 0.0.0.0/0 only on 80/443 of its security group.",
  pci: "3.2.1: 1.2.1, 1.3.1, 1.3.2; 4.0: 1.3.1, 1.4.2",
  config: z.object({
    webPorts: z
      .array(z.int().min(0).max(65535))
      .default([80, 443])
      .describe("Ports a public load balancer's security group may open to the internet."),
  }),
  check(graph, report, config) {
    const webPorts = config.webPorts;
    const publicLbGroups = new Set(
      graph
        .ofTypes(LOAD_BALANCER_TYPES)
        .filter((lb) => lb.props.internal !== true)
        .flatMap((lb) => dependenciesOf(lb, "securityGroups").map((g) => g.urn)),
    );
    for (const r of graph.ofTypes(SG_INGRESS_TYPES)) {
      for (const i of ingressOf(r).filter(isWorldOpen)) {
        const onWebPort =
          !isAllTraffic(i) &&
          i.protocol !== "udp" &&
          i.fromPort === i.toPort &&
          webPorts.includes(i.fromPort);
        // Admin, data and all ports are the resource rules' findings: one problem, one finding.
        const elsewhere =
          coversAllPorts(i) || [...ADMIN_PORTS, ...DATA_PORTS].some((port) => coversPort(i, port));
        if (!onWebPort && elsewhere) continue;
        if (!onWebPort) {
          report(
            `Ingress from the whole internet on ${portRange(i)}; only ${webPorts.join("/")} are allowed.`,
            r.urn,
          );
        } else if (!i.groups.some((g) => publicLbGroups.has(g.urn))) {
          report("Ingress from the whole internet on a group no internet-facing load balancer uses.", r.urn);
        }
      }
    }
  },
});

export const defaultSgRestrictAll = stackRule({
  id: "default-sg-restrict-all",
  description: "Every VPC's default security group is managed and has no rules.",
  severity: "high",
  remediation: "Adopt the default group with aws.ec2.DefaultSecurityGroup and empty ingress and egress.",
  cis: "v3.0 5.4",
  pci: "3.2.1: 1.2.1, 1.3.4, 2.1",
  types: [VPC, AWSX_VPC],
  check(graph, report) {
    const defaults = graph.ofTypes([DEFAULT_SECURITY_GROUP]);
    // Rule resources that open a default group (by output or by the group's literal id).
    const opened = new Set(
      graph
        .ofTypes([SECURITY_GROUP_RULE, SG_INGRESS_RULE, SG_EGRESS_RULE])
        .flatMap((rule) =>
          graph.referenced(rule, "securityGroupId", [DEFAULT_SECURITY_GROUP]).map((g) => g.urn),
        ),
    );
    for (const vpc of vpcsOf(graph)) {
      const referents = vpcReferents(vpc);
      const closed = defaults.filter(
        (d) =>
          dependenciesOf(d, "vpcId").some((v) => referents.has(v.urn)) ||
          graph.referenced(d, "vpcId", [VPC]).some((v) => referents.has(v.urn)),
      );
      if (closed.length === 0) {
        report(
          "The VPC's default security group is not managed, so it keeps AWS's allow-all rules.",
          vpc.urn,
        );
      }
      for (const d of closed) {
        if (list(d.props.ingress).length > 0 || list(d.props.egress).length > 0 || opened.has(d.urn)) {
          report("The VPC's default security group still has rules.", d.urn);
        }
      }
    }
  },
});

const NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
const NACLS = NACL_TYPES.filter((t) => t !== NACL_RULE);

export const naclNoPublicIngressAdminPorts = stackRule({
  id: "nacl-no-public-ingress-admin-ports",
  description: "Network ACLs do not allow SSH or RDP in from the whole internet.",
  severity: "high",
  remediation: "Deny or narrow the entry: admit 22/3389 only from named networks, or not at all.",
  cis: "v3.0 5.1",
  pci: "3.2.1: 1.2, 1.2.1, 1.2.3, 1.3, 1.3.2",
  check(graph, report) {
    // A NACL's entries are its inline ingress entries plus the aws.ec2.NetworkAclRule resources that name
    // it, through an output or by its literal id; a rule whose NACL is not in the stack is judged alone.
    const entries = new Map<string, { entry: Record<string, unknown>; owner: string }[]>();
    for (const acl of graph.ofTypes(NACLS))
      entries.set(
        acl.urn,
        list(acl.props.ingress).map((entry) => ({ entry, owner: acl.urn })),
      );
    for (const rule of graph.ofTypes([NACL_RULE])) {
      const p = rule.props as Record<string, unknown>;
      if (truthy(p.egress)) continue;
      const entry = { entry: { ...p, action: p.ruleAction, ruleNo: p.ruleNumber }, owner: rule.urn };
      const acls = graph.referenced(rule, "networkAclId", NACLS);
      if (acls.length === 0) entries.set(rule.urn, [entry]);
      for (const acl of acls) entries.get(acl.urn)!.push(entry);
    }
    for (const ofAcl of entries.values()) {
      const owner = openedBy(ofAcl);
      if (owner) report("An allow entry admits SSH or RDP from the whole internet.", owner);
    }
  },
});

/**
 * The resource whose allow entry admits an administration port from the whole internet, if any. Entries
 * are evaluated in ascending rule number and the first match decides (VPC User Guide, "Network ACL
 * rules"): a deny from the whole internet before the allow closes the port.
 */
function openedBy(entries: readonly { entry: Record<string, unknown>; owner: string }[]): string | undefined {
  const ordered = [...entries].sort((x, y) => Number(x.entry.ruleNo ?? 0) - Number(y.entry.ruleNo ?? 0));
  // IPv4 and IPv6 traffic are matched separately: a deny of ::/0 leaves 0.0.0.0/0 open.
  const families = [
    (e: Record<string, unknown>) => e.cidrBlock === "0.0.0.0/0",
    (e: Record<string, unknown>) => e.ipv6CidrBlock === "::/0",
  ];
  for (const port of ADMIN_PORTS) {
    for (const world of families) {
      for (const { entry, owner } of ordered) {
        if (!world(entry) || !naclCovers(entry, port)) continue;
        if (String(entry.action).toLowerCase() === "allow") return owner;
        break;
      }
    }
  }
  return undefined;
}

/** Whether a NACL entry matches TCP (or, for RDP, UDP) traffic to `port`. */
function naclCovers(e: Record<string, unknown>, port: number): boolean {
  const protocol = String(e.protocol ?? "").toLowerCase();
  if (protocol === "-1" || protocol === "all") return true;
  const tcp = protocol === "tcp" || protocol === "6";
  const udp = (protocol === "udp" || protocol === "17") && port === 3389;
  return (tcp || udp) && Number(e.fromPort) <= port && port <= Number(e.toPort);
}

export const vpcFlowLogsEnabled = stackRule({
  id: "vpc-flow-logs-enabled",
  description: "Every VPC records its traffic in flow logs.",
  severity: "high",
  remediation: "Add an aws.ec2.FlowLog on the VPC (traffic type ALL or REJECT) with a log destination.",
  cis: "v3.0 3.7",
  pci: "3.2.1: 10.3.3-10.3.6; 4.0: 10.2.1",
  types: [VPC, AWSX_VPC],
  check(graph, report) {
    const flowLogs = graph
      .ofTypes([FLOW_LOG])
      .filter(
        (f) =>
          ["ALL", "REJECT"].includes(String(f.props.trafficType)) &&
          (f.props.logDestination || f.props.logGroupName),
      );
    for (const vpc of vpcsOf(graph)) {
      const referents = vpcReferents(vpc);
      if (!flowLogs.some((f) => dependenciesOf(f, "vpcId").some((v) => referents.has(v.urn)))) {
        report("The VPC has no flow log with a destination.", vpc.urn);
      }
    }
  },
});

export const subnetNoAutoPublicIp = resourceRule({
  id: "subnet-no-auto-public-ip",
  description: "Subnets other than public ones do not give instances public addresses automatically.",
  severity: "medium",
  remediation: "Set mapPublicIpOnLaunch to false, or tag the subnet tier=public if it is meant to be public.",
  pci: "3.2.1: 1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 1.3.4, 1.3.6, 2.2.2",
  types: [SUBNET],
  check(r, report) {
    if (tagsOf(r).tier === "public") return;
    if (truthy(r.props.mapPublicIpOnLaunch) || truthy(r.props.assignIpv6AddressOnCreation)) {
      report("A subnet not tagged tier=public assigns public addresses on launch.");
    }
  },
});

export const sgRuleDescriptions = resourceRule({
  id: "sg-rule-descriptions",
  description: "Security groups and each of their rules say what they are for.",
  severity: "low",
  remediation: "Give the group and every rule (inline or resource) a description naming the flow.",
  pci: "3.2.1: 1.1.5, 1.1.6",
  types: [SECURITY_GROUP, SECURITY_GROUP_RULE, SG_INGRESS_RULE, SG_EGRESS_RULE],
  check(r, report) {
    const p = r.props as Record<string, unknown>;
    const blank = (v: unknown) => typeof v !== "string" || v.trim() === "" || v === "Managed by Pulumi";
    if (r.type !== SECURITY_GROUP) {
      if (blank(p.description)) report("The rule has no description.");
      return;
    }
    const undocumented = [...list(p.ingress), ...list(p.egress)].filter((rule) => blank(rule.description));
    if (blank(p.description)) report("The group has no description of its own.");
    if (undocumented.length > 0) report(`${undocumented.length} inline rule(s) have no description.`);
  },
});

export const noDefaultVpc = resourceRule({
  id: "no-default-vpc",
  description: "The stack does not adopt the account's default VPC for its workloads.",
  severity: "low",
  remediation: "Build a VPC of your own (the kit's Network) and leave the default VPC unused or deleted.",
  types: [DEFAULT_VPC],
  check(_r, report) {
    report("The stack manages the default VPC: workloads in it get public subnets by default.");
  },
});

export const prefixListNoWorld = resourceRule({
  id: "prefix-list-no-world",
  description: "Managed prefix lists hold named networks, never the whole internet.",
  severity: "high",
  remediation: "Remove 0.0.0.0/0 and ::/0 entries (and other entries wider than /8) from the prefix list.",
  pci: "3.2.1: 1.2.1, 1.3.1; 4.0: 1.3.1",
  types: [PREFIX_LIST],
  check(r, report) {
    // A security group rule that names a prefix list admits every network in it, and the security group
    // rules see only the list's id: a world entry here opens every group that uses the list.
    const wide = list(r.props.entries)
      .map((e) => String(e.cidr))
      .filter((cidr) => {
        const [address, bits] = cidr.split("/");
        return address.includes(":") ? Number(bits) < 16 : Number(bits) < 8;
      });
    if (wide.length > 0) report(`Entries wider than a named network: ${wide.join(", ")}.`);
  },
});

export const sgNoInlineAndStandaloneRules = stackRule({
  id: "sg-no-inline-and-standalone-rules",
  description:
    "A security group's rules are managed one way: inline, or as separate rule resources, never both.",
  severity: "medium",
  remediation:
    "Move the group's inline ingress/egress into rule resources (or the reverse); Pulumi otherwise removes " +
    "on each update the rules the other way added.",
  types: [SECURITY_GROUP, SECURITY_GROUP_RULE, SG_INGRESS_RULE, SG_EGRESS_RULE],
  check(graph, report) {
    // "You can't use a Security Group with in-line rules in conjunction with any Security Group Rule
    // resources. Doing so will cause a conflict and will overwrite rules." (pulumi-aws, ec2.SecurityGroup)
    const inline = graph
      .ofTypes([SECURITY_GROUP])
      .filter((g) => list(g.props.ingress).length > 0 || list(g.props.egress).length > 0);
    const targeted = new Set(
      graph
        .ofTypes([SECURITY_GROUP_RULE, SG_INGRESS_RULE, SG_EGRESS_RULE])
        .flatMap((r) => graph.referenced(r, "securityGroupId", [SECURITY_GROUP]).map((g) => g.urn)),
    );
    for (const g of inline)
      if (targeted.has(g.urn)) report("The group has inline rules and separate rule resources.", g.urn);
  },
});

export const naclAssociated = stackRule({
  id: "nacl-associated",
  description: "Every custom network ACL guards at least one subnet.",
  severity: "low",
  remediation: "Set subnetIds on the network ACL (or add an aws.ec2.NetworkAclAssociation), or remove it.",
  types: [NACL, NACL_ASSOCIATION],
  check(graph, report) {
    // An unassociated NACL protects nothing while its rules suggest otherwise.
    const associated = new Set(
      graph
        .ofTypes([NACL_ASSOCIATION])
        .flatMap((a) => graph.referenced(a, "networkAclId", [NACL]).map((n) => n.urn)),
    );
    for (const n of graph.ofTypes([NACL]))
      if (list(n.props.subnetIds).length === 0 && !associated.has(n.urn))
        report("The network ACL is associated with no subnet.", n.urn);
  },
});

export const sgNoPublicHttp80 = stackRule({
  id: "sg-no-public-http-80",
  description:
    "A load balancer's security group opens port 80 to the internet only where a port-80 listener needs it.",
  severity: "medium",
  remediation:
    "Close port 80 on the group, or add the HTTP listener that redirects to HTTPS (alb-listener-https-only).",
  pci: "4.0: 4.2.1",
  types: [...SG_INGRESS_TYPES],
  check(graph, report) {
    // Port 80 on a group no internet-facing load balancer uses is sg-public-ingress-only-web-ports'
    // finding, and what a port-80 listener serves is the listener rules'; this rule reports the opening
    // nothing listens behind (one problem, one finding).
    const lbs = graph.ofTypes(LOAD_BALANCER_TYPES).filter((lb) => lb.props.internal !== true);
    const groupsOf = (lb: PolicyResource) => graph.referenced(lb, "securityGroups", [SECURITY_GROUP]);
    const listeners80 = graph.ofTypes(LISTENER_TYPES).filter((l) => Number(l.props.port) === 80);
    const with80 = new Set(
      lbs
        .filter((lb) =>
          listeners80.some((l) => graph.referenced(l, "loadBalancerArn", LOAD_BALANCER_TYPES).includes(lb)),
        )
        .flatMap((lb) => groupsOf(lb).map((g) => g.urn)),
    );
    const lbGroups = new Set(lbs.flatMap((lb) => groupsOf(lb).map((g) => g.urn)));
    for (const r of graph.ofTypes(SG_INGRESS_TYPES)) {
      const http = ingressOf(r).filter(
        (i) =>
          isWorldOpen(i) && !isAllTraffic(i) && i.protocol !== "udp" && i.fromPort === 80 && i.toPort === 80,
      );
      const idle = http.some((i) => i.groups.some((g) => lbGroups.has(g.urn) && !with80.has(g.urn)));
      if (idle)
        report("Port 80 is open to the internet, but no listener of the load balancer uses it.", r.urn);
    }
  },
});

export const ebsEncryptionByDefault = resourceRule({
  id: "ebs-encryption-by-default",
  description: "A stack that manages the account's EBS encryption by default keeps it on.",
  severity: "medium",
  remediation:
    "Set enabled: true on aws.ebs.EncryptionByDefault (or leave the setting to the account baseline).",
  cis: "v3.0 2.2.1; v5.0 5.1.1",
  pci: "3.2.1: 3.4, 8.2.1",
  types: [EBS_ENCRYPTION_BY_DEFAULT],
  check(r, report) {
    // The setting is one per account and region, so a kit that stamps out several stacks per account does
    // not own it (the account baseline does); the kit encrypts every volume it launches explicitly
    // (ec2-ebs-encrypted). What a stack can get wrong is turning it off.
    if (r.props.enabled === false)
      report("EBS encryption by default is turned off for the account and region.");
  },
});
