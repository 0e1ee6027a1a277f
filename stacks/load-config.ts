import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { ConfigError, ConfigProblem, renderValue } from "./config-error";
import { resolve } from "./resolve";
import { crossFieldProblems } from "./checks";
import { stackConfigSchema } from "./schema";
import type { StackConfig } from "./stack-config";

/** A stack's configuration as read from Pulumi: top-level keys of the project namespace, decoded. */
export interface ConfigSource {
  readonly stack: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Top-level keys whose values are secret: never echoed in errors. */
  readonly secretKeys: ReadonlySet<string>;
  /** Keys of other namespaces (provider settings such as `fastly:apiKey`): whether set, and as a secret. */
  readonly providerKeys?: ReadonlyMap<string, { readonly secret: boolean }>;
}

export type ValidationResult =
  | { readonly ok: true; readonly config: StackConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Validates and resolves a stack's configuration, or throws a ConfigError listing every problem. */
export function loadStackConfig(source: ConfigSource): StackConfig {
  const result = validateStackConfig(source);
  if (!result.ok) throw new ConfigError(source.stack, result.problems);
  return result.config;
}

/**
 * Field checks first (types, ranges, formats, unknown keys), then cross-field rules on what is left once
 * the invalid fields are set aside, so one run reports as much as can be known.
 */
export function validateStackConfig(source: ConfigSource): ValidationResult {
  const parsed = stackConfigSchema.safeParse(source.values, { reportInput: true });
  if (parsed.success) {
    const resolved = resolve(source.stack, parsed.data, source.providerKeys);
    if ("problems" in resolved) return { ok: false, problems: resolved.problems };
    const problems = crossFieldProblems(resolved.config);
    return problems.length === 0 ? { ok: true, config: resolved.config } : { ok: false, problems };
  }

  const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, source));
  // Cross-field rules still run on the fields that are valid. Identity fields they never read may be
  // missing from what is left; blanks stand in for them, and rules skip what they cannot judge.
  const pruned = stackConfigSchema
    .partial()
    .safeParse(withoutInvalidPaths(source.values, parsed.error.issues));
  if (pruned.success && pruned.data.environment !== undefined) {
    const { client = "", profile = "wordpress", region = "", environment } = pruned.data;
    const resolved = resolve(
      source.stack,
      { ...pruned.data, client, profile, region, environment },
      source.providerKeys,
    );
    problems.push(...("problems" in resolved ? resolved.problems : crossFieldProblems(resolved.config)));
  }
  return { ok: false, problems: dedupe(problems) };
}

function describeIssue(issue: z.core.$ZodIssue, source: ConfigSource): ConfigProblem[] {
  const secret = issue.path.length > 0 && source.secretKeys.has(String(issue.path[0]));
  if (issue.code === "unrecognized_keys") {
    const valid = validKeysAt(issue.path);
    return issue.keys.map((k) => ({
      key: keyPath([...issue.path, k]),
      got: "an unknown key",
      expected: suggestion(k, valid),
    }));
  }
  const missing = issue.input === undefined;
  return [
    {
      key: keyPath(issue.path),
      got: missing ? "nothing (the key is required)" : renderValue(issue.input, secret),
      expected: issue.message,
    },
  ];
}

function suggestion(unknown: string, valid: readonly string[]): string {
  const list = `valid keys here: ${valid.join(", ")}`;
  if (valid.length === 0) return list;
  const lower = valid.map((v) => v.toLowerCase());
  const best = closest(unknown.toLowerCase(), lower);
  const close = distance(unknown.toLowerCase(), best) <= Math.max(2, Math.floor(unknown.length / 3));
  return close ? `"${valid[lower.indexOf(best)]}" (did you mean it? ${list})` : list;
}

/** The keys a strict object accepts at `path` of the schema. */
function validKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = stackConfigSchema;
  for (const segment of path) {
    const shape = objectShape(schema);
    if (!shape || !(String(segment) in shape)) return [];
    schema = shape[String(segment)];
  }
  return Object.keys(objectShape(schema) ?? {});
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : undefined;
}

function keyPath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
      .join(".")
      .replace(/\.\[/g, "[") || "(root)"
  );
}

/** A deep copy of `values` with every path an issue points at removed. */
function withoutInvalidPaths(values: Readonly<Record<string, unknown>>, issues: readonly z.core.$ZodIssue[]) {
  const copy = structuredClone(values) as Record<string, unknown>;
  for (const issue of issues) {
    const paths =
      issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of paths) removePath(copy, path);
  }
  return copy;
}

function removePath(target: Record<string, unknown>, path: readonly PropertyKey[]): void {
  if (path.length === 0) return;
  let node: unknown = target;
  for (const segment of path.slice(0, -1)) {
    if (typeof node !== "object" || node === null) return;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  if (typeof node !== "object" || node === null) return;
  const last = path[path.length - 1];
  if (Array.isArray(node)) {
    // Drop the whole list: a list with a hole would change its length and meaning.
    removePath(target, path.slice(0, -1));
  } else {
    delete (node as Record<string, unknown>)[String(last)];
  }
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.key}\u0000${p.got}\u0000${p.expected}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
