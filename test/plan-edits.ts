import type { PlanResult } from "../runtime/plan-runner";
import type { RegisteredResource } from "../runtime/recording-monitor";

/**
 * The plan with the inputs of the registrations `match` selects changed, and `extra` registrations added,
 * for specs of readers that read only a plan's registrations (the Azure network model, the report). The
 * plan itself is left as it is (a cached plan is frozen).
 */
export function withChange(
  plan: PlanResult,
  match: (r: RegisteredResource) => boolean,
  inputs: (i: Record<string, unknown>) => Record<string, unknown>,
  extra: RegisteredResource[] = [],
): PlanResult {
  const registrations = plan.registrations.map((r) =>
    match(r) ? { ...r, inputs: inputs({ ...r.inputs }) } : r,
  );
  return { ...plan, registrations: [...registrations, ...extra] };
}
