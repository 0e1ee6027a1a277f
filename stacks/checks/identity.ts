import { ENVIRONMENT_BASES } from "../schema";
import { problem, RawCheck } from "./check";

/** The preset an environment builds on: its own name for dev and prod, else the one `base` names. */
export const environmentBase: RawCheck = (raw) => {
  const named = (ENVIRONMENT_BASES as readonly string[]).includes(raw.environment)
    ? raw.environment
    : undefined;
  if (named && raw.base && raw.base !== named) {
    return [problem("base", raw.base, `"${named}" or nothing: environment "${named}" is its own base`)];
  }
  if (!named && !raw.base) {
    return [
      {
        key: "base",
        got: "nothing",
        expected: `"dev" or "prod": environment "${raw.environment}" must name the preset it builds on`,
      },
    ];
  }
  return [];
};
