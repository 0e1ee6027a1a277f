import type * as monitorInput from "@pulumi/azure-native/types/input";

/*
 * The scale set's autoscale profiles, as pure data: a default profile that follows CPU, and one fixed-date
 * profile per campaign window that raises the minimum and maximum for the window (lead time included) and
 * keeps following CPU inside it. Azure applies a fixed-date profile instead of the default one while its
 * window is open, so every profile carries the CPU rules; when the window closes the default profile's
 * capacity applies again. Windows come from the shared campaign model (stacks/campaigns.ts) already in
 * UTC: Azure's `fixedDate.timeZone` takes Windows time zone ids, not IANA ones, so the kit converts
 * campaign-local times itself and always sends "UTC".
 */

/** One campaign window in UTC, with the capacity it needs. */
export interface CampaignProfile {
  readonly name: string;
  /** When capacity is raised (the campaign's start minus the lead time), `YYYY-MM-DDThh:mm:ssZ`. */
  readonly start: string;
  /** When the campaign ends and the default profile applies again, `YYYY-MM-DDThh:mm:ssZ`. */
  readonly end: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
}

export interface Capacity {
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
}

export interface CpuScaling {
  /** Average CPU over five minutes above which one server is added. */
  readonly outPercent: number;
  /** Average CPU over ten minutes below which one server is removed. */
  readonly inPercent: number;
  /** Minutes after a scale-out before the next scaling action. */
  readonly outCooldownMinutes: number;
  /** Minutes after a scale-in before the next one. */
  readonly inCooldownMinutes: number;
}

/** Azure's time zone id for UTC ("UTC" in the autoscale REST API's list of Windows time zone names). */
export const AUTOSCALE_TIME_ZONE = "UTC";
/** "Autoscale settings ... Profiles per autoscale setting: 20" (Azure subscription and service limits, Azure Monitor). */
export const MAX_AUTOSCALE_PROFILES = 20;
/** The default profile's name. */
export const DEFAULT_PROFILE = "default";

type Profile = monitorInput.monitor.AutoscaleProfileArgs;
type Rule = monitorInput.monitor.ScaleRuleArgs;

function minutes(n: number): string {
  return `PT${n}M`;
}

/** Scale out on high CPU, in on low CPU: one server at a time, each with its cooldown. */
export function cpuRules(scaleSetId: string, scaling: CpuScaling): Rule[] {
  const trigger = (operator: "GreaterThan" | "LessThan", threshold: number, windowMinutes: number) => ({
    metricName: "Percentage CPU",
    metricNamespace: "microsoft.compute/virtualmachinescalesets",
    metricResourceUri: scaleSetId,
    timeGrain: "PT1M",
    statistic: "Average" as const,
    timeWindow: minutes(windowMinutes),
    timeAggregation: "Average" as const,
    operator,
    threshold,
  });
  return [
    {
      metricTrigger: trigger("GreaterThan", scaling.outPercent, 5),
      scaleAction: {
        direction: "Increase" as const,
        type: "ChangeCount" as const,
        value: "1",
        cooldown: minutes(scaling.outCooldownMinutes),
      },
    },
    {
      metricTrigger: trigger("LessThan", scaling.inPercent, 10),
      scaleAction: {
        direction: "Decrease" as const,
        type: "ChangeCount" as const,
        value: "1",
        cooldown: minutes(scaling.inCooldownMinutes),
      },
    },
  ];
}

/** The default profile and one fixed-date profile per campaign, in the order given. */
export function autoscaleProfiles(
  scaleSetId: string,
  capacity: Capacity,
  scaling: CpuScaling,
  campaigns: readonly CampaignProfile[],
): Profile[] {
  const rules = cpuRules(scaleSetId, scaling);
  const capacityOf = (c: Capacity) => ({
    minimum: String(c.minSize),
    maximum: String(c.maxSize),
    default: String(c.desiredCapacity),
  });
  return [
    { name: DEFAULT_PROFILE, capacity: capacityOf(capacity), rules },
    ...campaigns.map((c): Profile => ({
      name: `campaign-${c.name}`,
      capacity: capacityOf(c),
      rules,
      fixedDate: { timeZone: AUTOSCALE_TIME_ZONE, start: c.start, end: c.end },
    })),
  ];
}
