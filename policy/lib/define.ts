import type { ResourceRule, StackRule } from "./rule";

/** Declares a resource rule; the literal keeps each rule's metadata next to its check. */
export function resourceRule(rule: Omit<ResourceRule, "kind">): ResourceRule {
  return { kind: "resource", ...rule };
}

export function stackRule(rule: Omit<StackRule, "kind">): StackRule {
  return { kind: "stack", ...rule };
}
