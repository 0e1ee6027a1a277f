import { z } from "zod";
import { ebsProblem, imdsProblem, publicIpProblem } from "../lib/compute";
import { resourceRule, stackRule } from "../lib/define";
import { dependenciesOf, tagsOf } from "../lib/props";
import { ASG, EBS_VOLUME, INSTANCE, LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE } from "../lib/types";

/** EC2 instances, launch templates and Auto Scaling groups. */

const COMPUTE = [LAUNCH_TEMPLATE, INSTANCE, LAUNCH_CONFIGURATION] as const;

export const imdsv2Required = resourceRule({
  id: "imdsv2-required",
  description: "Instances and launch templates require IMDSv2 session tokens (or turn the endpoint off).",
  severity: "high",
  remediation: "Set metadataOptions.httpTokens to required.",
  cis: "v3.0 5.6; v5.0 5.7",
  pci: "4.0: 2.2.x",
  types: COMPUTE,
  check(r, report) {
    const problem = imdsProblem(r);
    if (problem) report(problem);
  },
});

export const ec2EbsEncrypted = resourceRule({
  id: "ec2-ebs-encrypted",
  description: "EBS volumes of instances, launch templates and standalone volumes are encrypted.",
  severity: "high",
  remediation: "Set encrypted on every block device mapping, root block device and volume.",
  pci: "3.2.1: 3.4, 8.2.1; 4.0: 3.5.1",
  types: [...COMPUTE, EBS_VOLUME],
  check(r, report) {
    const problem = ebsProblem(r);
    if (problem) report(problem);
  },
});

export const ec2NoPublicIp = resourceRule({
  id: "ec2-no-public-ip",
  description:
    "Instances and launch templates do not take public addresses (bastions tagged role=bastion excepted).",
  severity: "high",
  remediation: "Launch servers in private subnets behind the load balancer; reach them through SSM.",
  pci: "3.2.1: 1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 1.3.4, 1.3.6, 2.2.2",
  config: z.object({
    exemptRoles: z
      .array(z.string())
      .default(["bastion"])
      .describe("Values of the role tag whose instances may have a public address."),
  }),
  types: COMPUTE,
  check(r, report, config) {
    if (config.exemptRoles.includes(tagsOf(r).role)) return;
    const problem = publicIpProblem(r);
    if (problem) report(problem);
  },
});

export const ec2DetailedMonitoring = resourceRule({
  id: "ec2-detailed-monitoring",
  description: "Instances and launch templates turn on one-minute detailed monitoring.",
  severity: "low",
  remediation: "Set monitoring.enabled (launch template), monitoring (instance) or enableMonitoring.",
  pci: "4.0: 10.2.x",
  types: COMPUTE,
  check(r, report) {
    const p = r.props as Record<string, unknown>;
    const on =
      r.type === LAUNCH_TEMPLATE
        ? (p.monitoring as { enabled?: boolean } | undefined)?.enabled === true
        : r.type === INSTANCE
          ? p.monitoring === true
          : p.enableMonitoring !== false;
    if (!on) report("Detailed (one-minute) monitoring is off.");
  },
});

export const asgUsesLaunchTemplate = resourceRule({
  id: "asg-uses-launch-template",
  description: "Auto Scaling groups launch from launch templates, not launch configurations.",
  severity: "medium",
  remediation: "Replace launchConfiguration with launchTemplate (or a mixed instances policy).",
  types: [ASG],
  check(r, report) {
    const p = r.props as Record<string, unknown>;
    const mixed = (p.mixedInstancesPolicy as { launchTemplate?: unknown } | undefined)?.launchTemplate;
    if (p.launchConfiguration !== undefined || (p.launchTemplate === undefined && mixed === undefined)) {
      report("The group does not launch from a launch template.");
    }
  },
});

export const asgLaunchTemplateHardened = stackRule({
  id: "asg-launch-template-hardened",
  description:
    "The launch template an Auto Scaling group uses requires IMDSv2, encrypts EBS and takes no public IP.",
  severity: "high",
  remediation: "Harden the launch template the group references.",
  cis: "v3.0 5.6",
  check(graph, report) {
    for (const group of graph.ofTypes([ASG])) {
      const templates = [
        ...dependenciesOf(group, "launchTemplate"),
        ...dependenciesOf(group, "mixedInstancesPolicy"),
      ].filter((t) => t.type === LAUNCH_TEMPLATE);
      for (const template of templates) {
        for (const problem of [imdsProblem(template), ebsProblem(template), publicIpProblem(template)]) {
          if (problem) report(`Its launch template ${template.name}: ${problem}`, group.urn);
        }
      }
    }
  },
});
