import { createHash } from "node:crypto";
import { AUTONAME_SUFFIX_LENGTH, NAME_RULES, nameRule, NameRule } from "./name-rules";

/*
 * Names that always fit. Every resource name of a stack starts with the Storefront's name
 * (`<client>-<environment>`, up to 49 characters), which is longer than several AWS limits allow once a
 * component's suffix and Pulumi's random suffix are added. Two helpers keep names within the limits of
 * `name-rules.ts`:
 *
 * - `autonamed` for logical names of resources Pulumi autonames (`<logical>-<7 random>`): the random
 *   suffix keeps stacks of one account apart, so only the length needs care;
 * - `physicalName` for names the kit sets itself, which must also differ between stacks.
 *
 * A name that fits is returned unchanged. A name that does not is cut and ends in a 6-character hash of
 * the whole name, so two names that differ only after the cut still differ.
 */

const HASH_LENGTH = 6;

/** A short stable hash of the parts (hex). */
export function shortHash(...parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, HASH_LENGTH);
}

/** Cuts `name` to `max` characters, replacing the cut-off part by a hash of `hashOf`. */
export function fitName(name: string, max: number, hashOf: string = name): string {
  if (name.length <= max) return name;
  const head = name.slice(0, max - HASH_LENGTH - 1).replace(/-+$/, "");
  return `${head}-${shortHash(hashOf)}`;
}

/** Collapses hyphen runs and trailing hyphens, which RDS and ElastiCache identifiers may not hold. */
function withoutDoubleHyphens(name: string): string {
  return name.replace(/-{2,}/g, "-").replace(/-+$/, "");
}

/**
 * `name` made to keep the rule's character rules the kit can meet by rewriting: hyphen runs collapsed
 * where AWS refuses `--` (RDS, ElastiCache), `sf-` before a reserved prefix (`internal-`, S3's `xn--`,
 * `sthree-`, `amzn-s3-demo-`). `altered` says whether anything changed.
 */
function conform(rule: NameRule, name: string): { name: string; altered: boolean } {
  let fixed = rule.noDoubleOrTrailingHyphen ? withoutDoubleHyphens(name) : name;
  for (const prefix of rule.forbiddenPrefixes ?? []) {
    if (fixed.startsWith(prefix)) fixed = `sf-${fixed}`;
  }
  return { name: fixed, altered: fixed !== name };
}

/**
 * The logical name to give a resource of `type` that Pulumi autonames, so that `<logical>-<7 random>`
 * keeps to the type's rules in `name-rules.ts`. (The random suffix ends the name, so reserved suffixes
 * never apply, and keeps stacks apart, so no hash is needed when only characters change.)
 */
export function autonamed(type: string, logical: string): string {
  const rule = NAME_RULES[type];
  if (!rule) return logical;
  const { name } = conform(rule, logical);
  const fitted = fitName(name, rule.max - AUTONAME_SUFFIX_LENGTH, logical);
  return rule.noDoubleOrTrailingHyphen ? withoutDoubleHyphens(fitted) : fitted;
}

/**
 * A physical name the kit sets itself for a resource of `type` (or for its `property`, such as an RDS
 * cluster's `finalSnapshotIdentifier`): `base` when it fits and keeps the rules, else rewritten (see
 * `conform`), cut where needed, and ended with a hash of `base`, so different stacks (whose bases differ)
 * never share a name.
 */
export function physicalName(type: string, base: string, property?: string): string {
  const rule = nameRule(type, property);
  if (!rule) return base;
  const { name, altered } = conform(rule, base);
  const reservedEnd = (rule.forbiddenSuffixes ?? []).some((suffix) => name.endsWith(suffix));
  if (!altered && !reservedEnd) return fitName(name, rule.max, base);
  const head = name.slice(0, rule.max - HASH_LENGTH - 1).replace(/[-.]+$/, "");
  const hashed = `${head}-${shortHash(base)}`;
  return rule.noDoubleOrTrailingHyphen ? withoutDoubleHyphens(hashed) : hashed;
}
