import type { ConfigProblem } from "../config-error";
import { renderValue } from "../config-error";
import type { RawStackConfig } from "../schema";
import type { StackConfig } from "../stack-config";

/** A check spanning several keys: returns every problem it finds in a resolved configuration. */
export type Check = (c: StackConfig) => ConfigProblem[];

/**
 * A check spanning keys that decide how presets are filled in (which base, whether a tier exists): it
 * reads what the stack file says, before resolution, since the resolved configuration no longer shows it.
 */
export type RawCheck = (raw: RawStackConfig) => ConfigProblem[];

export function problem(key: string, value: unknown, expected: string): ConfigProblem {
  return { key, got: renderValue(value), expected };
}
