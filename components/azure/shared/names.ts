import { createHash } from "node:crypto";
import { AZURE_INNER_NAME_RULES, AZURE_NAME_RULES, AzureNameRule } from "./name-rules";

/*
 * Names that fit Azure's rules (`name-rules.ts`). The kit names every Azure resource itself (azure-native's
 * autonaming neither shortens nor cleans a name), starting from the component name (`<client>-<environment>`
 * plus a role):
 *
 * - `azureName(type, base)`: a name unique within the stack's resource group. Characters the type does not
 *   take are dropped or lowered, `--` collapsed where the type refuses it, and a name over the limit is cut
 *   and ends in a 6-character hash of the whole base, so two names that differ only after the cut differ.
 * - `globalName(type, base, stackKey)`: for types whose name becomes a public host name (storage account,
 *   Key Vault, MySQL server, Managed Redis, Front Door endpoint): always ends in a hash of `stackKey` (the
 *   subscription, resource group and stack), so two agencies' `acme-prod` never collide, and stays stable
 *   for the life of the stack.
 * - `computerNamePrefix(base)` and `actionGroupShortName(base)`: the inner names with their own limits.
 */

const HASH_LENGTH = 6;

/** A short stable hash of the parts (lowercase hex). */
export function azureHash(...parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, HASH_LENGTH);
}

function ruleOf(type: string): AzureNameRule {
  const rule = AZURE_NAME_RULES[type];
  if (!rule)
    throw new Error(`no Azure naming rule for ${type}: add it to components/azure/shared/name-rules.ts`);
  return rule;
}

/** Whether the rule takes `ch` inside a name. */
function takes(rule: Pick<AzureNameRule, "pattern">, ch: string): boolean {
  return rule.pattern.test(`a${ch}a`) || rule.pattern.test(`A${ch}A`);
}

/** Keeps only what the rule's characters allow, in the case it allows. */
function clean(rule: Pick<AzureNameRule, "pattern" | "noConsecutiveHyphens">, base: string): string {
  // Lowercase-only types (storage accounts, MySQL servers, file shares) refuse "aAa".
  let name = rule.pattern.test("aAa") ? base : base.toLowerCase();
  name = name
    .split("")
    .filter((ch) => /[A-Za-z0-9]/.test(ch) || (/[-_.]/.test(ch) && takes(rule, ch)))
    .join("")
    .replace(/-{2,}/g, "-");
  return name.replace(/^[-_.]+/, "").replace(/[-_.]+$/, "");
}

function joinable(rule: Pick<AzureNameRule, "pattern">): string {
  return takes(rule, "-") ? "-" : "";
}

/** Cuts `name` to `max`, ending it in `suffix` (which is kept whole). */
function withSuffix(name: string, suffix: string, max: number, separator: string): string {
  const room = max - suffix.length - separator.length;
  const head = name.slice(0, Math.max(0, room)).replace(/[-_.]+$/, "");
  return head.length > 0 ? `${head}${separator}${suffix}` : suffix;
}

/** Starts the name with a letter when the rule wants one (Key Vault, Front Door WAF policy). */
function letterFirst(rule: Pick<AzureNameRule, "pattern">, name: string): string {
  return rule.pattern.test("1") || /^[A-Za-z]/.test(name) ? name : `x${name}`;
}

/** A name for a resource of `type`, unique within the stack's resource group. */
export function azureName(type: string, base: string): string {
  const rule = ruleOf(type);
  if (rule.requiredValue !== undefined) return rule.requiredValue;
  const name = letterFirst(rule, clean(rule, base));
  if (name.length <= rule.max && name.length >= rule.min) return name;
  const hash = azureHash(base);
  if (name.length < rule.min)
    return letterFirst(rule, `${name}${hash}`.slice(0, Math.max(rule.min, name.length)));
  return withSuffix(name, hash, rule.max, joinable(rule));
}

/**
 * A name for a resource of `type` whose name is public and unique across Azure: the cleaned base, cut to
 * fit, then a hash of `stackKey` (say `<subscription>/<resource group>/<stack>`).
 */
export function globalName(type: string, base: string, stackKey: string): string {
  const rule = ruleOf(type);
  const name = letterFirst(rule, clean(rule, base));
  return withSuffix(name, azureHash(stackKey, base), rule.max, joinable(rule));
}

/** A VM scale set's computer name prefix: letters, digits and '-', at most 15 characters. */
export function computerNamePrefix(base: string): string {
  const [rule] = AZURE_INNER_NAME_RULES["azure-native:compute:VirtualMachineScaleSet"];
  const name = clean(rule, base);
  return name.length <= rule.max ? name : withSuffix(name, azureHash(base).slice(0, 4), rule.max, "-");
}

/** An action group's short name (SMS and e-mail subjects): at most 12 characters. */
export function actionGroupShortName(base: string): string {
  const [rule] = AZURE_INNER_NAME_RULES["azure-native:monitor:ActionGroup"];
  const name = base.replace(/[^A-Za-z0-9-]/g, "");
  return name.length <= rule.max ? name : withSuffix(name, azureHash(base).slice(0, 4), rule.max, "-");
}
