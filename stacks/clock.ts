import { DateTime } from "luxon";

/** The variable that pins the time for every command (and for `pulumi up` through index.ts). */
export const NOW_VARIABLE = "STOREFRONT_NOW";

class ClockError extends Error {}

/**
 * The time a command runs at: an ISO 8601 `flag` (`--now`), else STOREFRONT_NOW, else the clock. This is
 * the only place that reads the clock or the variable; library code takes `now` as an argument.
 * Throws a UsageError-like error (name "UsageError") for a value that is not an ISO date and time.
 */
export function currentTime(
  flag?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Date {
  const text = flag ?? env[NOW_VARIABLE];
  if (text === undefined || text === "") return new Date();
  const parsed = DateTime.fromISO(text, { zone: "utc" });
  if (!parsed.isValid) {
    const source = flag !== undefined ? "--now" : NOW_VARIABLE;
    const e = new ClockError(
      `${source}: got ${JSON.stringify(text.slice(0, 60))}; expected an ISO 8601 date and time such as 2026-11-27T06:00:00Z`,
    );
    throw e;
  }
  return parsed.toJSDate();
}

export { ClockError };
