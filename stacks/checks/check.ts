import type { ConfigProblem } from "../config-error";
import { renderValue } from "../config-error";
import type { StackConfig } from "../stack-config";

/** A check spanning several keys: returns every problem it finds in a resolved configuration. */
export type Check = (c: StackConfig) => ConfigProblem[];

export function problem(key: string, value: unknown, expected: string): ConfigProblem {
  return { key, got: renderValue(value), expected };
}
