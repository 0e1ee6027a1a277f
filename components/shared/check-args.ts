/**
 * Every component checks its own args before it registers anything: a contradiction found after the first
 * child would leave a half-built component in the stack. A check lists each problem as a line (or `false`
 * when the arg is fine) and throws once with all of them, so one run reports every problem.
 */
export function throwIfProblems(component: string, lines: readonly (string | false | undefined)[]): void {
  const problems = lines.filter((line): line is string => typeof line === "string");
  if (problems.length > 0) throw new Error(`${component}: ${problems.join("; ")}`);
}

/** The items listed more than once, in order of their second appearance. */
export function repeated<T>(items: readonly T[]): T[] {
  return items.filter((item, i) => items.indexOf(item) !== i);
}

/** The length of a list known at plan time; undefined when it is an output only known later. */
export function knownLength(list: unknown): number | undefined {
  return Array.isArray(list) ? list.length : undefined;
}
