import { DateTime, Interval } from "luxon";

/*
 * AWS maintenance and backup windows as intervals on a week (UTC). A window whose end comes before its
 * start wraps: `23:30-00:30` runs past midnight, `sat:23:00-sun:01:00` past the week's end. Comparisons
 * use luxon Intervals over two consecutive reference weeks, so wrapped windows overlap what they cover.
 */

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
// A Monday, 00:00 UTC: day 0 of the reference week.
const WEEK_START = DateTime.fromISO("2024-01-01T00:00:00", { zone: "utc" });
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Minutes after midnight of `hh:mm`. */
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

/** Length in minutes of a daily window `hh:mm-hh:mm` (wrapping past midnight when the end is earlier). */
export function dailyWindowMinutes(window: string): number {
  const [start, end] = window.split("-").map(minutesOf);
  return (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

function weeklyPoint(ddd_hhmm: string): number {
  const day = DAYS.indexOf(ddd_hhmm.slice(0, 3) as (typeof DAYS)[number]);
  return day * MINUTES_PER_DAY + minutesOf(ddd_hhmm.slice(4));
}

/** Length in minutes of a weekly window `ddd:hh:mm-ddd:hh:mm` (wrapping past Sunday night). */
export function weeklyWindowMinutes(window: string): number {
  const [start, end] = window.split("-").map(weeklyPoint);
  return (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
}

function interval(startMinute: number, lengthMinutes: number): Interval {
  const start = WEEK_START.plus({ minutes: startMinute });
  return Interval.fromDateTimes(start, start.plus({ minutes: lengthMinutes }));
}

/** Every occurrence of a daily window within two reference weeks (a wrapped one spills into the next). */
function dailyIntervals(window: string): Interval[] {
  const start = minutesOf(window.split("-")[0]);
  const length = dailyWindowMinutes(window);
  return Array.from({ length: 14 }, (_, day) => interval(day * MINUTES_PER_DAY + start, length));
}

/** A weekly window in the first reference week and its repeat in the second. */
function weeklyIntervals(window: string): Interval[] {
  const start = weeklyPoint(window.split("-")[0]);
  const length = weeklyWindowMinutes(window);
  return [interval(start, length), interval(start + MINUTES_PER_WEEK, length)];
}

/** Whether a daily window (e.g. a backup window) and a weekly window share any minute. */
export function dailyOverlapsWeekly(daily: string, weekly: string): boolean {
  const weeks = weeklyIntervals(weekly);
  return dailyIntervals(daily).some((d) => weeks.some((w) => d.overlaps(w)));
}
