import type { ConfigProblem } from "../config-error";
import { renderValue } from "../config-error";
import type { StackConfig } from "../stack-config";

/** A rule spanning several keys: returns every problem it finds in a resolved configuration. */
export type Rule = (c: StackConfig) => ConfigProblem[];

export function problem(key: string, value: unknown, expected: string): ConfigProblem {
  return { key, got: renderValue(value), expected };
}
