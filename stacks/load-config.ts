import { z } from "zod";
import { ConfigError, ConfigProblem, renderValue } from "./config-error";
import { keyPath, suggestion, validKeysAt } from "./config-keys";
import { resolve } from "./resolve";
import { crossFieldProblems, rawProblems } from "./checks";
import { namespaceProblems } from "./checks/namespaces";
import { isSecretKey, redactProblems, secretNamingKeys, withOfflineStandIns } from "./secrets";
import { stackConfigSchema } from "./schema";
import type { StackConfig } from "./stack-config";

/** A stack's configuration as read from Pulumi: top-level keys of the project namespace, decoded. */
export interface ConfigSource {
  readonly stack: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Top-level keys whose values are secret: never echoed in errors. */
  readonly secretKeys: ReadonlySet<string>;
  /**
   * Keys of other namespaces (provider settings such as `fastly:apiKey`): whether set, as a secret, and
   * the value when it is plain.
   */
  readonly providerKeys?: ReadonlyMap<string, { readonly secret: boolean; readonly value?: string }>;
  /** The project's namespace (default `storefront`), for "did you mean" on misspelt namespaces. */
  readonly project?: string;
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
  const problems = collectProblems(source);
  if (problems.config && problems.list.length === 0) return { ok: true, config: problems.config };
  // Every problem goes through one renderer that knows which keys are secret.
  return { ok: false, problems: redactProblems(dedupe(problems.list), source.secretKeys) };
}

function collectProblems(source: ConfigSource): { list: ConfigProblem[]; config?: StackConfig } {
  const before = [
    ...secretNamingKeys(source.secretKeys),
    ...namespaceProblems(source.providerKeys ?? new Map(), source.values, source.project ?? "storefront"),
  ];
  const values = withOfflineStandIns(source.values);
  const parsed = stackConfigSchema.safeParse(values, { reportInput: true });
  if (parsed.success) {
    const config = resolve(source.stack, parsed.data, source.providerKeys);
    return { list: [...before, ...rawProblems(parsed.data), ...crossFieldProblems(config)], config };
  }
  return { list: [...before, ...fieldAndCrossFieldProblems(source, values, parsed.error.issues)] };
}

function fieldAndCrossFieldProblems(
  source: ConfigSource,
  values: Readonly<Record<string, unknown>>,
  issues: readonly z.core.$ZodIssue[],
): ConfigProblem[] {
  const problems = issues.flatMap((issue) => describeIssue(issue, source));
  // Cross-field checks still run on the fields that are valid. Identity fields they never read may be
  // missing from what is left; blanks stand in for them, and checks skip what they cannot judge.
  const { values: kept, renumber, removed } = withoutInvalidPaths(values, issues);
  const pruned = stackConfigSchema.partial().safeParse(kept);
  if (pruned.success && pruned.data.environment !== undefined) {
    const { client = "", profile = "wordpress", region = "", environment } = pruned.data;
    const raw = { ...pruned.data, client, profile, region, environment };
    const more = [
      ...rawProblems(raw),
      ...crossFieldProblems(resolve(source.stack, raw, source.providerKeys)),
    ];
    // A key whose malformed value was set aside has been reported already: checks saw it as absent.
    const setAside = (key: string) => removed.has(key);
    problems.push(...more.filter((p) => !setAside(p.key)).map((p) => ({ ...p, key: renumber(p.key) })));
  }
  return problems;
}

/** Whether an Azure stack accepts `path` (its schema loads nothing of Azure's SDK). */
function azureKeyExists(path: readonly PropertyKey[]): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { azureStackConfigSchema } = require("./schema/azure") as typeof import("./schema/azure");
  return validKeysAt(path.slice(0, -1), azureStackConfigSchema).includes(String(path[path.length - 1]));
}

function describeIssue(issue: z.core.$ZodIssue, source: ConfigSource): ConfigProblem[] {
  const secret = issue.path.length > 0 && isSecretKey(keyPath(issue.path), source.secretKeys);
  if (issue.code === "unrecognized_keys") {
    const valid = validKeysAt(issue.path, stackConfigSchema);
    return issue.keys.map((k) =>
      azureKeyExists([...issue.path, k])
        ? {
            key: keyPath([...issue.path, k]),
            got: "a key of Azure stacks (this stack is on AWS: storefront:cloud is aws)",
            expected: `the AWS keys here: ${valid.join(", ")}; or storefront:cloud: azure to build the stack on Azure`,
          }
        : { key: keyPath([...issue.path, k]), got: "an unknown key", expected: suggestion(k, valid) },
    );
  }
  const missing = issue.input === undefined;
  // A record's key: the key's own rule says what is wrong, not the record's.
  const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return [
    {
      key: keyPath(issue.path),
      got: missing ? "nothing (the key is required)" : renderValue(issue.input, secret),
      expected: message,
    },
  ];
}

/**
 * A deep copy of `values` with every path an issue points at removed. A malformed item of a list of maps
 * (a campaign) is dropped alone, so that its neighbours are still checked; `renumber` maps the keys of
 * problems found in the shortened list back to the items' places in the file. A malformed item of a list
 * of plain values drops the whole list: a list with a hole would change its length and meaning.
 */
function withoutInvalidPaths(
  values: Readonly<Record<string, unknown>>,
  issues: readonly z.core.$ZodIssue[],
): { values: Record<string, unknown>; renumber: (key: string) => string; removed: Set<string> } {
  const copy = structuredClone(values) as Record<string, unknown>;
  const removed = new Set<string>();
  const dropped = new Map<unknown[], Set<number>>();
  const listKeys = new Map<unknown[], string>();
  for (const issue of issues) {
    const paths =
      issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of paths) removePath(copy, path, dropped, listKeys, removed);
  }
  const renumberings: [string, number[]][] = [];
  for (const [list, gone] of dropped) {
    const kept = list.map((_, i) => i).filter((i) => !gone.has(i));
    renumberings.push([listKeys.get(list) ?? "", kept]);
    const remaining = list.filter((_, i) => !gone.has(i));
    list.splice(0, list.length, ...remaining);
  }
  const renumber = (key: string) => {
    for (const [listKey, kept] of renumberings) {
      const prefix = `${listKey}[`;
      if (!key.startsWith(prefix)) continue;
      const close = key.indexOf("]", prefix.length);
      const index = Number(key.slice(prefix.length, close));
      if (Number.isInteger(index) && kept[index] !== undefined) {
        return `${prefix}${kept[index]}${key.slice(close)}`;
      }
    }
    return key;
  };
  return { values: copy, renumber, removed };
}

function removePath(
  target: Record<string, unknown>,
  path: readonly PropertyKey[],
  dropped: Map<unknown[], Set<number>>,
  listKeys: Map<unknown[], string>,
  removed: Set<string>,
): void {
  if (path.length === 0) return;
  let node: unknown = target;
  for (let i = 0; i < path.length; i++) {
    if (typeof node !== "object" || node === null) return;
    const segment = path[i];
    if (Array.isArray(node)) {
      if (node.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))) {
        // Items of a list of maps stand alone: drop the bad one (after all issues are seen).
        const gone = dropped.get(node) ?? new Set<number>();
        gone.add(Number(segment));
        dropped.set(node, gone);
        listKeys.set(node, keyPath(path.slice(0, i)));
      } else {
        removePath(target, path.slice(0, i), dropped, listKeys, removed);
      }
      return;
    }
    if (i === path.length - 1) {
      removed.add(keyPath(path));
      delete (node as Record<string, unknown>)[String(segment)];
      return;
    }
    node = (node as Record<string, unknown>)[String(segment)];
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
