import { z } from "zod";
import { ebsProblem, imdsProblem, metadataOptionsOf, publicIpProblem } from "../lib/compute";
import { resourceRule, stackRule } from "../lib/define";
import { dependenciesOf, list, tagsOf, truthy } from "../lib/props";
import {
  ASG,
  EBS_VOLUME,
  IMAGEBUILDER_INFRASTRUCTURE,
  IMAGEBUILDER_RECIPE,
  INSTANCE,
  LAUNCH_CONFIGURATION,
  LAUNCH_TEMPLATE,
} from "../lib/types";

/** EC2 instances, launch templates and Auto Scaling groups. */

const COMPUTE = [LAUNCH_TEMPLATE, INSTANCE, LAUNCH_CONFIGURATION] as const;

export const imdsv2Required = resourceRule({
  id: "imdsv2-required",
  description:
    "Instances, launch templates and Image Builder's build instances require IMDSv2 session tokens (or turn " +
    "the endpoint off).",
  severity: "high",
  remediation: "Set metadataOptions.httpTokens (instanceMetadataOptions for Image Builder) to required.",
  cis: "v3.0 5.6; v5.0 5.7",
  pci: "4.0: 2.2.x",
  types: [...COMPUTE, IMAGEBUILDER_INFRASTRUCTURE],
  check(r, report) {
    const problem = imdsProblem(r);
    if (problem) report(problem);
  },
});

export const ec2EbsEncrypted = resourceRule({
  id: "ec2-ebs-encrypted",
  description:
    "EBS volumes of instances, launch templates, Image Builder recipes and standalone volumes are encrypted.",
  severity: "high",
  remediation: "Set encrypted on every block device mapping, root block device and volume.",
  pci: "3.2.1: 3.4, 8.2.1; 4.0: 3.5.1",
  types: [...COMPUTE, EBS_VOLUME, IMAGEBUILDER_RECIPE],
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
    "Auto Scaling groups launch from a launch template of the stack, whose hardening the pack checks " +
    "(IMDSv2, encrypted EBS, no public IP), not from one it cannot see.",
  severity: "high",
  remediation:
    "Define the launch template in the stack and reference it (its id), so imdsv2-required, " +
    "ec2-ebs-encrypted and ec2-no-public-ip judge what the group launches.",
  cis: "v3.0 5.6",
  check(graph, report) {
    // The template's own defects are reported once, on the template, by the resource rules; this rule
    // reports what they cannot: a group whose template is not in the stack (joined by output or by its
    // literal id or name).
    for (const group of graph.ofTypes([ASG])) {
      const lt = group.props.launchTemplate as { id?: unknown; name?: unknown } | undefined;
      const mixed = (
        group.props.mixedInstancesPolicy as
          | {
              launchTemplate?: {
                launchTemplateSpecification?: { launchTemplateId?: unknown; launchTemplateName?: unknown };
              };
            }
          | undefined
      )?.launchTemplate?.launchTemplateSpecification;
      const literals = [lt?.id, lt?.name, mixed?.launchTemplateId, mixed?.launchTemplateName].filter(
        (v): v is string => typeof v === "string" && v !== "",
      );
      if (lt === undefined && mixed === undefined) continue; // asg-uses-launch-template's finding
      const inStack =
        [...dependenciesOf(group, "launchTemplate"), ...dependenciesOf(group, "mixedInstancesPolicy")].some(
          (t) => t.type === LAUNCH_TEMPLATE,
        ) || literals.some((v) => graph.identifies(v, [LAUNCH_TEMPLATE]));
      if (!inStack)
        report(
          "The group launches from a template outside the stack: its hardening is unchecked.",
          group.urn,
        );
    }
  },
});

export const imdsHopLimit = resourceRule({
  id: "imds-hop-limit",
  description: "Metadata responses travel one hop: containers on the host cannot reach the instance's role.",
  severity: "medium",
  remediation: "Set metadataOptions.httpPutResponseHopLimit to 1 (2 only for containers that need the role).",
  config: z.object({
    maximumHops: z.int().min(1).max(64).default(1).describe("Highest hop limit allowed."),
  }),
  types: [...COMPUTE, IMAGEBUILDER_INFRASTRUCTURE],
  check(r, report, config) {
    const options = metadataOptionsOf(r) as
      { httpEndpoint?: string; httpPutResponseHopLimit?: unknown } | undefined;
    if (options?.httpEndpoint === "disabled") return;
    // Unset, the AMI's instance metadata defaults apply, which may allow 2 hops (AMIs registered with
    // ImdsSupport v2.0, such as Amazon Linux 2023; EC2 User Guide, "Configure instance metadata options").
    if (options?.httpPutResponseHopLimit === undefined) {
      report("The metadata hop limit is not set: the image's default applies.");
      return;
    }
    const hops = Number(options.httpPutResponseHopLimit);
    if (hops > config.maximumHops)
      report(`The metadata hop limit is ${hops}; at most ${config.maximumHops} allowed.`);
  },
});

export const ec2EbsCmk = resourceRule({
  id: "ec2-ebs-cmk",
  description: "Encrypted EBS volumes use a customer-managed KMS key.",
  optIn: true,
  severity: "low",
  remediation: "Set kmsKeyId on each encrypted block device mapping and volume.",
  pci: "3.2.1: 3.5; 4.0: 3.6.1",
  types: [LAUNCH_TEMPLATE, INSTANCE, EBS_VOLUME],
  check(r, report) {
    const p = r.props as Record<string, unknown>;
    const devices =
      r.type === LAUNCH_TEMPLATE
        ? list(p.blockDeviceMappings).map((m) => (m.ebs ?? {}) as Record<string, unknown>)
        : r.type === INSTANCE
          ? [(p.rootBlockDevice ?? {}) as Record<string, unknown>, ...list(p.ebsBlockDevices)]
          : [p];
    // Unencrypted devices are ec2-ebs-encrypted's finding.
    const withoutKey = devices.filter((d) => truthy(d.encrypted) && !d.kmsKeyId);
    if (withoutKey.length > 0)
      report(`${withoutKey.length} encrypted volume(s) use the AWS-managed EBS key.`);
  },
});

export const ec2InstanceProfile = resourceRule({
  id: "ec2-instance-profile",
  description:
    "Instances and launch templates carry an instance profile, so software never needs static keys.",
  severity: "low",
  remediation: "Set iamInstanceProfile to a role with only the permissions the server needs.",
  cis: "v3.0 1.18",
  pci: "3.2.1: 2.2, 7.1.1, 7.2.1",
  types: [LAUNCH_TEMPLATE, INSTANCE],
  check(r, report) {
    if (r.props.iamInstanceProfile === undefined)
      report("No instance profile: credentials would have to be static.");
  },
});

export const asgMultiAz = resourceRule({
  id: "asg-multi-az",
  description: "Auto Scaling groups span at least two subnets (zones).",
  severity: "medium",
  remediation: "Give vpcZoneIdentifiers one subnet per zone.",
  types: [ASG],
  check(r, report) {
    const subnets = list<string>(r.props.vpcZoneIdentifiers);
    const zones = list<string>(r.props.availabilityZones);
    if (Math.max(subnets.length, zones.length) < 2) report("The group launches into a single zone.");
  },
});

export const asgElbHealthCheck = resourceRule({
  id: "asg-elb-health-check",
  description: "Groups behind a load balancer replace servers the load balancer finds unhealthy.",
  severity: "low",
  remediation: "Set healthCheckType to ELB.",
  pci: "3.2.1: 2.2",
  types: [ASG],
  check(r, report) {
    const behind = list(r.props.targetGroupArns).length > 0 || list(r.props.loadBalancers).length > 0;
    if (behind && r.props.healthCheckType !== "ELB")
      report("The group ignores the load balancer's health checks (healthCheckType is not ELB).");
  },
});
