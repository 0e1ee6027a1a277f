import type { PolicyResource } from "@pulumi/policy";
import type { StackGraph } from "./rule";
import { AWSX_VPC, VPC } from "./types";

/**
 * The stack's VPCs. awsx's VPC component creates an `aws:ec2/vpc:Vpc` child under the real engine; where
 * the component has no such child in the graph (the offline plan runs it as one registration), the
 * component itself stands for its VPC.
 */
export function vpcsOf(graph: StackGraph): PolicyResource[] {
  const vpcs = graph.ofTypes([VPC]);
  const components = graph
    .ofTypes([AWSX_VPC])
    .filter((c) => !graph.childrenOf(c.urn).some((child) => child.type === VPC));
  return [...vpcs, ...components];
}

/**
 * URNs a property may depend on to mean "this VPC": the VPC itself, and the awsx component it belongs
 * to, since values read from the component (`vpc.vpcId`) record the component as their dependency.
 */
export function vpcReferents(vpc: PolicyResource): Set<string> {
  const urns = new Set([vpc.urn]);
  if (vpc.parent?.type === AWSX_VPC) urns.add(vpc.parent.urn);
  return urns;
}
