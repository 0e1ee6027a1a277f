import type { PolicyResource } from "@pulumi/policy";
import type { Resource } from "./rule";

/** Booleans some pulumi-aws properties carry as strings (launch template EBS and network settings). */
export function truthy(value: unknown): boolean {
  return value === true || value === "true" || value === "1";
}

export function list<T = Record<string, unknown>>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The resources one input property of `r` came from, as the engine records them. */
export function dependenciesOf(r: Resource, property: string): PolicyResource[] {
  return r.propertyDependencies?.[property] ?? [];
}

/** A resource's tags, whether set directly or only through the provider's default tags. */
export function tagsOf(r: Resource): Record<string, string> {
  const props = r.props as { tags?: Record<string, string>; tagsAll?: Record<string, string> };
  return { ...(props.tagsAll ?? {}), ...(props.tags ?? {}) };
}

export interface PolicyStatement {
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
  /** `*` for anyone, else the principal object. */
  readonly principal: unknown;
  readonly condition?: Record<string, unknown>;
}

/** Statements of an IAM or resource policy given as JSON text or an object; none when it does not parse. */
export function statements(document: unknown): PolicyStatement[] {
  let doc = document;
  if (typeof doc === "string") {
    try {
      doc = JSON.parse(doc);
    } catch {
      return [];
    }
  }
  const raw = (doc as { Statement?: unknown })?.Statement;
  const all = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return all.map((s: Record<string, unknown>) => ({
    effect: String(s.Effect ?? ""),
    actions: asStrings(s.Action),
    resources: asStrings(s.Resource),
    principal: s.Principal,
    ...(s.Condition ? { condition: s.Condition as Record<string, unknown> } : {}),
  }));
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
}

/** True when a principal is everyone: `*` or `{AWS: "*"}` (alone or in a list). */
export function isAnyone(principal: unknown): boolean {
  if (principal === "*") return true;
  const aws = (principal as { AWS?: unknown })?.AWS;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}
