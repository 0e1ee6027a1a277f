import { POLICIES } from "../policy/pack";
import { planStack, PlanResult } from "../runtime/plan-runner";
import type { PolicyConfig } from "../runtime/policy-runner";
import { readStackSettings, StackSettings } from "../runtime/stack-files";
import { currentTime } from "../stacks/clock";
import { runStack } from "../stacks/program";

/*
 * One plan per distinct input in each mocha worker: spec files that plan the same stack with the same
 * configuration, clock and policy configuration share one result instead of each running the program again
 * (the suite planned prod alone some twenty times). Every cached plan runs the whole policy pack, as `plan`
 * does: the pass is a small part of a plan, and one plan then serves the specs that read its violations
 * and those that read only its resources. The key is everything the plan depends on: the stack's name,
 * project, directory and file, its whole configuration and secret keys, the program's `now` and the policy
 * configuration. The program is always stacks/program's runStack, so a spec that plans another program (a
 * fixture) calls planStack itself.
 *
 * A shared plan is deep-frozen: a spec that changes what it was given throws (TypeError in strict mode)
 * instead of corrupting another spec's plan. Copy before sorting or editing (`[...plan.resources].sort()`).
 * A plan that fails (a ConfigError) is shared as the same rejection.
 */

export interface CachedPlanOptions {
  /** The program's clock; the suite's pinned time (STOREFRONT_NOW, test/fixed-time.ts) by default. */
  readonly now?: Date;
  readonly policyConfig?: PolicyConfig;
}

const plans = new Map<string, Promise<PlanResult>>();

/** The example stack `Pulumi.<stack>.yaml` of the repository, planned once per worker. */
export function cachedStackPlan(stack: string, options: CachedPlanOptions = {}): Promise<PlanResult> {
  return cachedPlan(readStackSettings(process.cwd(), stack), options);
}

export function cachedPlan(settings: StackSettings, options: CachedPlanOptions = {}): Promise<PlanResult> {
  const now = options.now ?? currentTime();
  const key = JSON.stringify([
    settings.project,
    settings.stack,
    settings.projectDir,
    settings.file,
    Object.entries(settings.config),
    settings.secretKeys,
    now.toISOString(),
    options.policyConfig ?? null,
  ]);
  let plan = plans.get(key);
  if (!plan) {
    plan = planStack(settings, () => runStack(now), {
      policies: POLICIES,
      ...(options.policyConfig ? { policyConfig: options.policyConfig } : {}),
    }).then(deepFreeze);
    plans.set(key, plan);
  }
  return plan;
}

/** Freezes an object graph in place (typed arrays, which cannot be frozen, are left as they are). */
function deepFreeze<T>(value: T): T {
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (typeof v !== "object" || v === null || seen.has(v) || ArrayBuffer.isView(v)) return;
    seen.add(v);
    for (const key of Reflect.ownKeys(v)) visit((v as Record<string | symbol, unknown>)[key]);
    Object.freeze(v);
  };
  visit(value);
  return value;
}
