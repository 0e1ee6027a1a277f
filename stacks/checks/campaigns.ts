import { campaignWindows, overlappingCampaigns } from "../campaigns";
import type { ConfigProblem } from "../config-error";
import type { CampaignConfig } from "../schema/web";
import { problem } from "./check";

/** What the campaign checks read of a stack's web tier (the same keys on AWS and Azure). */
export interface CampaignWeb {
  readonly minSize: number;
  readonly campaignLeadMinutes: number;
  readonly campaignTimeZone: string;
  readonly campaigns: readonly CampaignConfig[];
}

/**
 * Campaign windows and capacities, for both clouds: each window exists in its time zone and ends after it
 * starts, each campaign's sizes are ordered and raise capacity, names are unique, windows do not overlap.
 */
export function campaignProblems(web: CampaignWeb): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const windows = campaignWindows(web.campaigns, web.campaignLeadMinutes, web.campaignTimeZone);
  const seen = new Set<string>();
  web.campaigns.forEach((c, i) => {
    const key = `web.campaigns[${i}]`;
    const w = windows[i];
    if (seen.has(c.name)) problems.push(problem(`${key}.name`, c.name, "a name no other campaign uses"));
    seen.add(c.name);
    if (!w.start.isValid)
      problems.push(problem(`${key}.start`, c.start, "a date and time that exists in its time zone"));
    if (!w.end.isValid)
      problems.push(problem(`${key}.end`, c.end, "a date and time that exists in its time zone"));
    if (w.start.isValid && w.end.isValid && w.end <= w.start) {
      problems.push(problem(`${key}.end`, c.end, `a time after the campaign's start (${c.start})`));
    }
    const desired = c.desiredCapacity ?? c.minSize;
    if (c.minSize > c.maxSize) {
      problems.push(problem(`${key}.minSize`, c.minSize, `at most its maxSize (${c.maxSize})`));
    } else if (desired < c.minSize || desired > c.maxSize) {
      problems.push(
        problem(
          `${key}.desiredCapacity`,
          desired,
          `from its minSize (${c.minSize}) to its maxSize (${c.maxSize})`,
        ),
      );
    }
    if (c.maxSize < web.minSize) {
      problems.push(
        problem(
          `${key}.maxSize`,
          c.maxSize,
          `at least web.minSize (${web.minSize}): a campaign raises capacity`,
        ),
      );
    }
  });
  const valid = windows.filter((w) => w.start.isValid && w.end.isValid && w.end > w.start);
  for (const [a, b] of overlappingCampaigns(valid)) {
    problems.push(
      problem(
        "web.campaigns",
        `${a} and ${b} overlap`,
        `campaigns whose windows, with the ${web.campaignLeadMinutes}-minute lead, do not overlap (merge them into one)`,
      ),
    );
  }
  return problems;
}
