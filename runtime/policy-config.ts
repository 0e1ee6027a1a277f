import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { closest } from "fastest-levenshtein";
import { readSmallFile } from "./stack-files";

/*
 * Policy configuration (`pulumi preview --policy-pack-config <file>`) checked offline the way the Pulumi
 * CLI checks it before any policy runs, so that a configuration the real preview would refuse is refused
 * here too (exit 2), and one it accepts means the same here. The CLI's steps, in
 * pulumi/pulumi pkg/resource/analyzer/config.go (parsePolicyPackConfig, extractEnforcementLevel,
 * ReconcilePolicyPackConfig, applyConfig, validatePolicyPackConfig, convertSchema) and
 * pkg/engine/update.go (installAndLoadPolicyPlugins: "validating policy config"):
 *   1. the file is a JSON object (an empty file is no configuration); each value is a string, which
 *      must be a valid enforcement level, or an object, whose `enforcementLevel` (if any) must be a
 *      string and a valid level; anything else is "not a valid value; must be a string or object";
 *   2. valid levels are exactly advisory, mandatory, remediate and disabled (apitype.EnforcementLevel,
 *      compared case-sensitively);
 *   3. every policy starts from its default level and the defaults of its configSchema; `all` sets the
 *      level of every policy, then each named entry sets its own level and settings (a named entry wins
 *      over `all` whatever their order in the file);
 *   4. each policy's settings are validated with a JSON schema validator against
 *      { type: "object", properties, required } of its configSchema.
 * Where the CLI is silent the kit is stricter, and says so in the message: an unknown policy name, a
 * setting a policy does not have, and settings under `all` are errors here, because the real preview
 * would ignore them without a word (a misspelt policy name would leave the rule at its default).
 * Policies without a remediation are reported at `remediate` as mandatory, as @pulumi/policy's analyzer
 * does ("downgrade the level we report from remediate to mandatory", server.ts).
 */

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/** What the config needs to know of a policy: its name, default level and settings schema. */
export interface ConfigurablePolicy {
  readonly name: string;
  readonly enforcementLevel?: EnforcementLevel;
  readonly configSchema?: PolicyConfigSchema;
}

/** The `--policy-pack-config` format: a level per policy, or an object with a level and settings. */
export type PolicyConfig = Record<
  string,
  EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

export interface PolicySettings {
  readonly enforcement: EnforcementLevel;
  /** Settings with the schema's defaults filled in, as getConfig() returns them. */
  readonly config: Record<string, unknown>;
}

/** A policy configuration the CLI (or the kit, where the CLI is silent) refuses: one line per problem. */
export class PolicyConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid policy configuration:\n  ${problems.join("\n  ")}`);
    this.name = "PolicyConfigError";
  }
}

/** The level a pack's policy gets without configuration (PolicyPack's default is advisory). */
const PACK_DEFAULT: EnforcementLevel = "advisory";

function isLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

const LEVELS_EXPECTED = `expected one of ${ENFORCEMENT_LEVELS.join(", ")} (lower case)`;

function render(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

/**
 * Every problem of a policy configuration at once, and the settings each policy runs with. `raw` is the
 * parsed JSON document (undefined for an empty file).
 */
export function reconcilePolicyConfig(
  policies: readonly ConfigurablePolicy[],
  raw: unknown,
): { settings: Map<string, PolicySettings>; problems: string[] } {
  const problems: string[] = [];
  const names = policies.map((p) => p.name);
  const levels = new Map<string, EnforcementLevel>();
  const given = new Map<string, Record<string, unknown>>();
  let all: EnforcementLevel | undefined;

  if (raw !== undefined && (typeof raw !== "object" || raw === null || Array.isArray(raw))) {
    problems.push(`got ${render(raw)}; expected a JSON object of policy names to levels or settings`);
    raw = {};
  }
  for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    let level: EnforcementLevel | undefined;
    let properties: Record<string, unknown> = {};
    if (typeof value === "string") {
      if (isLevel(value)) level = value;
      else
        problems.push(
          `${name}: parsing enforcement level: ${render(value)} is not a valid enforcement level; ${LEVELS_EXPECTED}`,
        );
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const { enforcementLevel, ...rest } = value as Record<string, unknown>;
      properties = rest;
      if (enforcementLevel !== undefined) {
        if (typeof enforcementLevel !== "string")
          problems.push(
            `${name}.enforcementLevel: ${render(enforcementLevel)} is not a valid enforcement level; must be a string`,
          );
        else if (!isLevel(enforcementLevel))
          problems.push(
            `${name}.enforcementLevel: ${render(enforcementLevel)} is not a valid enforcement level; ${LEVELS_EXPECTED}`,
          );
        else level = enforcementLevel;
      }
    } else {
      problems.push(`${name}: ${render(value)} is not a valid value; must be a string or object`);
      continue;
    }

    if (name === "all") {
      all = level;
      if (Object.keys(properties).length > 0)
        problems.push(
          `all: got settings ${Object.keys(properties).join(", ")}; expected only an enforcement level ` +
            "(settings belong to a named policy; pulumi preview would ignore them)",
        );
      continue;
    }
    if (!names.includes(name)) {
      problems.push(
        `${name}: got an unknown policy; expected a policy of this pack (closest: ${closest(name, names)}; ` +
          "pulumi preview would ignore it and leave that rule at its default)",
      );
      continue;
    }
    if (level) levels.set(name, level);
    given.set(name, properties);
  }

  const settings = new Map<string, PolicySettings>();
  for (const policy of policies) {
    const schema = policy.configSchema;
    const own = given.get(policy.name) ?? {};
    const known = Object.keys(schema?.properties ?? {});
    const unknown = Object.keys(own).filter((key) => !known.includes(key));
    for (const key of unknown) {
      problems.push(
        `${policy.name}.${key}: got an unknown setting; expected ${
          known.length > 0 ? `one of ${known.join(", ")}` : "no settings (this policy has none)"
        } (pulumi preview would ignore it)`,
      );
    }
    const config = { ...defaultsOf(schema), ...own };
    if (schema) {
      for (const message of schemaErrors(policy, config)) problems.push(`${policy.name}: ${message}`);
    }
    settings.set(policy.name, {
      enforcement: levels.get(policy.name) ?? all ?? policy.enforcementLevel ?? PACK_DEFAULT,
      config,
    });
  }
  return { settings, problems };
}

/** Reconciled settings, or a PolicyConfigError with every problem. */
export function resolvePolicyConfig(
  policies: readonly ConfigurablePolicy[],
  raw: unknown,
): Map<string, PolicySettings> {
  const { settings, problems } = reconcilePolicyConfig(policies, raw);
  if (problems.length > 0) throw new PolicyConfigError(problems);
  return settings;
}

/**
 * Reads a `--policy-pack-config` file as the CLI does: an empty file is no configuration. Only a regular
 * file of at most 1 MiB is read (runtime/stack-files.ts readSmallFile): a FIFO, a device or a directory
 * is refused at once with a UsageError instead of blocking or reading without end.
 */
export function readPolicyConfigFile(file: string): unknown {
  const text = readSmallFile(file);
  if (text.trim() === "") return undefined;
  return JSON.parse(text) as unknown;
}

function defaultsOf(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema?.properties ?? {})
      .filter(([, s]) => typeof s === "object" && s.default !== undefined)
      .map(([key, s]) => [key, structuredClone((s as { default?: unknown }).default)]),
  );
}

// gojsonschema, the CLI's validator, implements drafts 4, 6 and 7; Ajv's default is draft 7.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validators = new WeakMap<PolicyConfigSchema, ValidateFunction>();

function schemaErrors(policy: ConfigurablePolicy, config: Record<string, unknown>): string[] {
  const schema = policy.configSchema!;
  let validate = validators.get(schema);
  if (!validate) {
    // convertSchema: only properties and required reach the validator, under type object.
    validate = ajv.compile({
      type: "object",
      ...(Object.keys(schema.properties ?? {}).length > 0 ? { properties: schema.properties } : {}),
      ...(schema.required?.length ? { required: schema.required } : {}),
    });
    validators.set(schema, validate);
  }
  if (validate(config)) return [];
  return (validate.errors ?? []).map(describe);
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** An Ajv error in gojsonschema's words ("field: description", the root's prefix trimmed). */
function describe(e: ErrorObject): string {
  const field = e.instancePath.split("/").slice(1).join(".");
  const at = (text: string) => (field ? `${field}: ${text}` : text);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "type":
      return at(`Invalid type. Expected: ${String(p.type)}, given: ${jsonType(e.data)}`);
    case "required":
      return `${String(p.missingProperty)} is required`;
    case "minimum":
      return at(`Must be greater than or equal to ${String(p.limit)}`);
    case "maximum":
      return at(`Must be less than or equal to ${String(p.limit)}`);
    case "enum":
      return at(
        `${field || "value"} must be one of the following: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      );
    case "minItems":
      return at(`Array must have at least ${String(p.limit)} items`);
    case "pattern":
      return at(`Does not match pattern '${String(p.pattern)}'`);
    default:
      return at(e.message ?? e.keyword);
  }
}
