import type {
  EnforcementLevel,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PlanViolation } from "./plan-runner";
import type { RegisteredResource } from "./recording-monitor";
import { fromWire } from "./wire";

/*
 * Runs CrossGuard policies over what a plan registered, the way the engine's analyzer would: resource
 * policies see each resource's inputs, stack policies see every resource with its outputs, parent,
 * dependencies and property dependencies. Secrets are revealed to policies, as the engine does; their
 * messages never carry values.
 */

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** The `--policy-pack-config` format: a level per policy, or an object with a level and settings. */
export type PolicyConfig = Record<
  string,
  EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

interface Settings {
  readonly enforcement: EnforcementLevel;
  readonly config: Record<string, unknown>;
}

function settingsOf(policy: AnyPolicy, config: PolicyConfig): Settings {
  const entry = config[policy.name];
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => (schema as { default?: unknown }).default !== undefined)
      .map(([key, schema]) => [key, (schema as { default?: unknown }).default]),
  );
  const all = typeof config.all === "string" ? config.all : undefined;
  if (typeof entry === "string") return { enforcement: entry, config: defaults };
  const { enforcementLevel, ...own } = entry ?? {};
  return {
    enforcement: enforcementLevel ?? all ?? policy.enforcementLevel ?? "advisory",
    config: { ...defaults, ...own },
  };
}

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

  for (const policy of policies) {
    const { enforcement, config: settings } = settingsOf(policy, config);
    if (enforcement === "disabled") continue;
    policiesRun++;
    const severity = policy.severity ?? "low";
    const level = enforcement === "mandatory" ? "mandatory" : "advisory";
    const common = {
      getConfig: <T>() => settings as T,
      notApplicable: (reason?: string): never => {
        throw new Error(`not applicable${reason ? `: ${reason}` : ""}`);
      },
      stackTags: new Map<string, string>(),
    };
    if ("validateStack" in policy && policy.validateStack) {
      const report = (message: string, urn?: string) =>
        violations.push({ policy: policy.name, severity, enforcement: level, urn: urn ?? "", message });
      await policy.validateStack({ resources: states, ...common }, report);
    }
    if ("validateResource" in policy && policy.validateResource) {
      const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
      for (const r of inputs) {
        const report = (message: string, urn?: string) =>
          violations.push({ policy: policy.name, severity, enforcement: level, urn: urn ?? r.urn, message });
        // Resource policies take the same view under ResourceValidationArgs' typing of asType.
        const args = { ...r, ...common } as unknown as Parameters<(typeof validations)[number]>[0];
        for (const validate of validations) await validate(args, report);
      }
    }
  }
  return { violations, policiesRun };
}
