import { z } from "zod";
import { resourceRule } from "../lib/define";
import { AAS_POLICY, AAS_TARGET, ASG_POLICY, ASG_SCHEDULE } from "../lib/types";

/** Auto Scaling schedules, scalable targets and scaling policies. */

export const scalingKeepsCapacity = resourceRule({
  id: "scaling-keeps-capacity",
  description:
    "Scheduled actions and scalable targets never take a group to zero, nor set a minimum above the maximum.",
  severity: "medium",
  remediation:
    "Keep minSize/maxSize (minCapacity/maxCapacity) at one or more with the minimum at most the maximum; " +
    "use -1 in a scheduled action for a size it does not change.",
  types: [ASG_SCHEDULE, AAS_TARGET],
  check(r, report) {
    // A scheduled action's -1 leaves that size unchanged (Auto Scaling API, PutScheduledUpdateGroupAction);
    // a maximum of 0 (or a desired 0) stops every server when the action runs, a minimum above the
    // maximum makes the action fail when it runs (ValidationError), long after the stack was deployed.
    const p = r.props as Record<string, unknown>;
    const [min, max, desired] =
      r.type === ASG_SCHEDULE
        ? [p.minSize, p.maxSize, p.desiredCapacity]
        : [p.minCapacity, p.maxCapacity, undefined];
    const set = (v: unknown) => (typeof v === "number" && v >= 0 ? v : undefined);
    if (set(max) === 0 || set(desired) === 0) report("The capacity is set to zero.");
    else if (set(min) !== undefined && set(max) !== undefined && set(min)! > set(max)!)
      report(`The minimum (${String(min)}) is above the maximum (${String(max)}).`);
  },
});

/** Predefined metrics that measure CPU, whose target must leave room for a spike. */
const CPU_METRICS = [
  "ASGAverageCPUUtilization",
  "RDSReaderAverageCPUUtilization",
  "ECSServiceAverageCPUUtilization",
];

export const scalingPolicyHeadroom = resourceRule({
  id: "scaling-policy-headroom",
  description: "Target tracking on CPU aims low enough that servers absorb a spike while new capacity boots.",
  severity: "low",
  remediation: "Lower targetValue of the CPU target tracking policy to the configured maximum or below.",
  config: z.object({
    maximumCpuTarget: z
      .number()
      .min(1)
      .max(100)
      .default(80)
      .describe("The highest average CPU utilization (percent) a target tracking policy may aim at."),
  }),
  types: [ASG_POLICY, AAS_POLICY],
  check(r, report, config) {
    const c = (r.props.targetTrackingConfiguration ?? r.props.targetTrackingScalingPolicyConfiguration) as
      { targetValue?: number; predefinedMetricSpecification?: { predefinedMetricType?: string } } | undefined;
    const metric = c?.predefinedMetricSpecification?.predefinedMetricType;
    if (!c || !metric || !CPU_METRICS.includes(metric)) return;
    if (Number(c.targetValue) > config.maximumCpuTarget)
      report(`The policy aims at ${String(c.targetValue)}% CPU, above ${config.maximumCpuTarget}%.`);
  },
});
