/*
 * Pins the time of every spec (and of the commands the specs start, which inherit the environment):
 * nothing in the suite may depend on today's date. Specs about time pass their own dates.
 */
process.env.STOREFRONT_NOW ??= "2026-11-30T12:00:00Z";
