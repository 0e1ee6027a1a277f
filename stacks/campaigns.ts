import { DateTime } from "luxon";
import type { CampaignProfile } from "../components/azure/web/autoscale";
import type { ScheduledCapacity } from "../components/web/web-tier";
import type { CampaignConfig } from "./schema";

/*
 * Campaign pre-scaling: each sale window becomes two one-time scheduled actions on the web servers' Auto
 * Scaling group. The first raises capacity a lead time before the window opens, so new servers are warm
 * when shoppers arrive; the second restores the normal minimum and maximum when it closes and leaves the
 * desired count alone, so target tracking scales in gradually instead of cutting servers at once.
 */

export interface CampaignWindow {
  readonly name: string;
  /** When capacity is raised: the campaign's start minus the lead time. */
  readonly raiseAt: DateTime;
  readonly start: DateTime;
  readonly end: DateTime;
}

export interface Capacity {
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
}

export interface CampaignPlan {
  readonly actions: readonly ScheduledCapacity[];
  /** What was left out and why (windows in the past), for the operator. */
  readonly notes: readonly string[];
}

/** Campaign windows in absolute time, in the order given. Invalid dates yield `isValid: false` DateTimes. */
export function campaignWindows(
  campaigns: readonly CampaignConfig[],
  leadMinutes: number,
  defaultZone: string,
): CampaignWindow[] {
  return campaigns.map((c) => {
    const zone = c.timeZone ?? defaultZone;
    const start = DateTime.fromISO(c.start, { zone });
    return {
      name: c.name,
      start,
      end: DateTime.fromISO(c.end, { zone }),
      raiseAt: start.minus({ minutes: leadMinutes }),
    };
  });
}

/** Pairs of campaign names whose windows (lead time included) overlap. */
export function overlappingCampaigns(windows: readonly CampaignWindow[]): [string, string][] {
  const sorted = [...windows].sort((a, b) => a.raiseAt.toMillis() - b.raiseAt.toMillis());
  const pairs: [string, string][] = [];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].raiseAt < sorted[i - 1].end) pairs.push([sorted[i - 1].name, sorted[i].name]);
  }
  return pairs;
}

export function campaignSchedule(
  campaigns: readonly CampaignConfig[],
  normal: Capacity,
  leadMinutes: number,
  defaultZone: string,
  now: Date,
): CampaignPlan {
  const actions: ScheduledCapacity[] = [];
  const notes: string[] = [];
  const current = DateTime.fromJSDate(now);
  campaignWindows(campaigns, leadMinutes, defaultZone).forEach((w, i) => {
    const c = campaigns[i];
    if (w.end <= current) {
      notes.push(`campaign ${w.name} ended ${utc(w.end)}: no capacity is scheduled for it`);
      return;
    }
    if (w.raiseAt <= current) {
      // Auto Scaling rejects start times in the past; the window is already open.
      notes.push(
        `campaign ${w.name} is already under way (capacity was due at ${utc(w.raiseAt)}): ` +
          "only the restore at its end is scheduled",
      );
      notes.push(
        `campaign ${w.name} is under way until ${utc(w.end)}: an update that changes the web image ` +
          "(web.imageRelease, web.amiId) or the servers' settings rolls the whole fleet during the sale; " +
          "apply it after the window",
      );
    } else {
      actions.push({
        name: `${w.name}-raise`,
        startTime: utc(w.raiseAt),
        minSize: c.minSize,
        maxSize: c.maxSize,
        desiredCapacity: c.desiredCapacity ?? c.minSize,
      });
    }
    actions.push({
      name: `${w.name}-restore`,
      startTime: utc(w.end),
      minSize: normal.minSize,
      maxSize: normal.maxSize,
      desiredCapacity: -1,
    });
  });
  return { actions, notes };
}

/**
 * The same windows for Azure: one fixed-date autoscale profile per campaign, from the raise (lead time
 * included) to the end, in UTC. Azure's profiles take Windows time zone ids, so the conversion from the
 * campaign's IANA zone happens here, as for AWS. Windows already over are left out; a window under way
 * keeps its profile (Azure applies it at once).
 */
export function campaignProfiles(
  campaigns: readonly CampaignConfig[],
  leadMinutes: number,
  defaultZone: string,
  now: Date,
): { readonly profiles: readonly CampaignProfile[]; readonly notes: readonly string[] } {
  const profiles: CampaignProfile[] = [];
  const notes: string[] = [];
  const current = DateTime.fromJSDate(now);
  campaignWindows(campaigns, leadMinutes, defaultZone).forEach((w, i) => {
    const c = campaigns[i];
    if (w.end <= current) {
      notes.push(`campaign ${w.name} ended ${utc(w.end)}: no capacity is scheduled for it`);
      return;
    }
    profiles.push({
      name: w.name,
      start: utc(w.raiseAt),
      end: utc(w.end),
      minSize: c.minSize,
      maxSize: c.maxSize,
      desiredCapacity: c.desiredCapacity ?? c.minSize,
    });
  });
  return { profiles, notes };
}

function utc(t: DateTime): string {
  return t.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
