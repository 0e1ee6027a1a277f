import type {
  PolicyResource,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PlanViolation } from "./plan-runner";
import type { RegisteredResource } from "./recording-monitor";
import { PolicyConfig, resolvePolicyConfig } from "./policy-config";
import { fromWire } from "./wire";

/*
 * Runs CrossGuard policies over what a plan registered, the way the engine's analyzer would: resource
 * policies see each resource's inputs, stack policies see every resource with its outputs, parent,
 * dependencies and property dependencies. Secrets are revealed to policies, as the engine does; their
 * messages never carry values.
 */

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

export type { PolicyConfig } from "./policy-config";

/** PolicyResources for every registration: one view with inputs only, one with outputs merged in. */
function policyResources(
  registrations: readonly RegisteredResource[],
  withOutputs: boolean,
): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const views = registrations.map((r) => {
    const view: PolicyResource = {
      type: r.type,
      urn: r.urn,
      name: r.name,
      props: fromWire(withOutputs ? { ...r.inputs, ...r.outputs } : r.inputs, "reveal") as Record<
        string,
        unknown
      >,
      opts: {
        protect: r.protect,
        ignoreChanges: [...r.ignoreChanges],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.parent ? { parent: r.parent } : {}),
      },
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => (cls as unknown as { __pulumiType?: string }).__pulumiType === r.type,
      asType: (cls) =>
        (cls as unknown as { __pulumiType?: string }).__pulumiType === r.type
          ? (view.props as never)
          : undefined,
    };
    byUrn.set(r.urn, view);
    return view;
  });
  const resolve = (urns: readonly string[]) =>
    urns.map((u) => byUrn.get(u)).filter((v): v is PolicyResource => !!v);
  registrations.forEach((r, i) => {
    const view = views[i];
    view.parent = r.parent ? byUrn.get(r.parent) : undefined;
    view.dependencies = resolve(r.dependencies);
    view.propertyDependencies = Object.fromEntries(
      Object.entries(r.propertyDependencies).map(([key, urns]) => [key, resolve(urns)]),
    );
  });
  return views;
}

export interface PolicyRun {
  readonly violations: PlanViolation[];
  /** Policies that ran (not disabled). */
  readonly policiesRun: number;
}

export async function runPolicies(
  registrations: readonly RegisteredResource[],
  policies: readonly AnyPolicy[],
  config: PolicyConfig = {},
): Promise<PolicyRun> {
  const inputs = policyResources(registrations, false);
  const states = policyResources(registrations, true);
  const violations: PlanViolation[] = [];
  let policiesRun = 0;
  // Validated and reconciled as the engine does before the first policy runs (throws PolicyConfigError).
  const reconciled = resolvePolicyConfig(policies, config);

  // Each resource's arguments and report function are built once for the whole pack; they read the
  // policy being run from `current`. Policies run one after the other, so one variable is enough.
  let current = {
    name: "",
    severity: "low",
    level: "advisory" as PlanViolation["enforcement"],
    settings: {},
  };
  const common = {
    getConfig: <T>() => current.settings as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable${reason ? `: ${reason}` : ""}`);
    },
    stackTags: new Map<string, string>(),
  };
  const reporter =
    (defaultUrn: string) =>
    (message: string, urn?: string): void => {
      violations.push({
        policy: current.name,
        severity: current.severity,
        enforcement: current.level,
        urn: urn ?? defaultUrn,
        message,
      });
    };
  type ResourceArgs = Parameters<ResourceValidation>[0];
  // Resource policies take the same view under ResourceValidationArgs' typing of asType.
  const resourceArgs = inputs.map((r) => ({
    args: { ...r, ...common } as unknown as ResourceArgs,
    report: reporter(r.urn),
  }));
  const stackArgs = { resources: states, ...common };
  const stackReport = reporter("");

  for (const policy of policies) {
    const { enforcement, config: settings } = reconciled.get(policy.name)!;
    if (enforcement === "disabled") continue;
    policiesRun++;
    // No policy of the pack remediates: @pulumi/policy reports `remediate` as mandatory.
    const level = enforcement === "advisory" ? "advisory" : "mandatory";
    current = { name: policy.name, severity: policy.severity ?? "low", level, settings };
    if ("validateStack" in policy && policy.validateStack) {
      await policy.validateStack(stackArgs, stackReport);
    }
    if ("validateResource" in policy && policy.validateResource) {
      const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
      for (const { args, report } of resourceArgs) {
        for (const validate of validations) {
          // Most rules are synchronous: awaiting only promises saves a turn of the event loop per call.
          const result = validate(args, report) as unknown;
          if (result instanceof Promise) await result;
        }
      }
    }
  }
  return { violations, policiesRun };
}
