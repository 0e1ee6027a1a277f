import { z } from "zod";
import type { PolicyResource } from "@pulumi/policy";
import * as ipaddr from "ipaddr.js";
import { stackRule } from "../lib/define";
import { coversPort, Ingress, ingressOf, isWorldOpen, WORLD_CIDRS } from "../lib/ingress";
import { tagsOf } from "../lib/props";
import { SG_INGRESS_TYPES } from "../lib/types";

/** Operator access: the bastion and SSH. */

function isBastion(group: PolicyResource): boolean {
  return tagsOf(group).role === "bastion";
}

function withinAny(cidr: string, allowlist: readonly string[]): boolean {
  try {
    const [address, prefix] = ipaddr.parseCIDR(cidr);
    return allowlist.some((allowed) => {
      const [network, allowedPrefix] = ipaddr.parseCIDR(allowed);
      return (
        address.kind() === network.kind() && prefix >= allowedPrefix && address.match(network, allowedPrefix)
      );
    });
  } catch {
    return false;
  }
}

/** Each ingress permission of the stack with the groups it belongs to. */
function* allIngress(resources: readonly PolicyResource[]): Generator<[PolicyResource, Ingress]> {
  for (const r of resources) for (const i of ingressOf(r)) yield [r, i];
}

export const bastionSshAllowlistedCidrs = stackRule({
  id: "bastion-ssh-allowlisted-cidrs",
  description:
    "A bastion's security group admits SSH only from the allow-listed networks (the whole internet is " +
    "sg-no-public-ingress-admin-ports' finding).",
  severity: "critical",
  remediation: "List operator networks in bastion.sshCidrs (or leave it empty and use SSM Session Manager).",
  cis: "v3.0 5.2, 5.3",
  pci: "3.2.1: 1.2.1, 1.3.1, 2.2.2",
  config: z.object({
    allowedSshCidrs: z
      .array(z.string())
      .default([])
      .describe("Networks SSH may come from; empty allows any network narrower than /0."),
  }),
  check(graph, report, config) {
    const allowlist = config.allowedSshCidrs;
    for (const [r, i] of allIngress(graph.ofTypes(SG_INGRESS_TYPES))) {
      if (!i.groups.some(isBastion) || !coversPort(i, 22)) continue;
      // SSH from the whole internet is sg-no-public-ingress-admin-ports' finding: one problem, one finding.
      if (isWorldOpen(i)) continue;
      const outside =
        allowlist.length > 0
          ? i.cidrs.filter((c) => !WORLD_CIDRS.includes(c) && !withinAny(c, allowlist))
          : [];
      if (outside.length > 0)
        report(`The bastion admits SSH from networks outside the allow-list: ${outside.join(", ")}.`, r.urn);
    }
  },
});

export const sshOnlyFromBastion = stackRule({
  id: "ssh-only-from-bastion",
  description:
    "Groups other than the bastion's admit SSH and RDP only from the bastion's group, never from a network.",
  severity: "high",
  remediation: "Replace the CIDR source with the bastion's security group, or drop the rule and use SSM.",
  cis: "v3.0 5.2",
  pci: "3.2.1: 1.3.x; 4.0: 1.3.1",
  check(graph, report) {
    for (const [r, i] of allIngress(graph.ofTypes(SG_INGRESS_TYPES))) {
      if (i.groups.some(isBastion) || ![22, 3389].some((port) => coversPort(i, port))) continue;
      // From the whole internet it is sg-no-public-ingress-admin-ports' (or all-ports') finding.
      if (isWorldOpen(i)) continue;
      const fromBastion = i.sourceGroups.length > 0 && i.sourceGroups.every(isBastion);
      if (i.cidrs.length > 0 || i.hasPrefixList || (i.sourceGroups.length > 0 && !fromBastion)) {
        report("SSH/RDP is admitted from a source other than the bastion's security group.", r.urn);
      }
    }
  },
});
