import type { z } from "zod";
import type { ResourceRule, StackRule } from "./rule";

type Settings<C extends z.ZodObject | undefined> = C extends z.ZodObject
  ? z.output<C>
  : Record<string, never>;

type Typed<R extends ResourceRule | StackRule, C extends z.ZodObject | undefined> = Omit<
  R,
  "kind" | "config" | "check"
> & {
  readonly config?: C;
  check(subject: Parameters<R["check"]>[0], report: Parameters<R["check"]>[1], config: Settings<C>): void;
};

/**
 * Declares a resource rule; the literal keeps each rule's metadata next to its check. The check receives
 * its settings typed by the rule's zod schema: the engine (and the offline runner) validate the policy
 * configuration against the JSON schema derived from it and fill in its defaults before any check runs.
 */
export function resourceRule<C extends z.ZodObject | undefined = undefined>(
  rule: Typed<ResourceRule, C>,
): ResourceRule {
  return { kind: "resource", ...rule } as unknown as ResourceRule;
}

export function stackRule<C extends z.ZodObject | undefined = undefined>(
  rule: Typed<StackRule, C>,
): StackRule {
  return { kind: "stack", ...rule } as unknown as StackRule;
}
