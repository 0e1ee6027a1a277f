// First: the SDK must not load before the lean-loading stand-ins are in place.
import { inFreshRuntime, skipEngineOnlyWork } from "./sdk-internals";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ConfigError } from "../stacks/config-error";
import { MockCloud } from "./mock-cloud";
import { PolicyConfig, runPolicies } from "./policy-runner";
import { RegisteredResource, RegistrationRecorder } from "./recording-monitor";
import type { StackSettings } from "./stack-files";
import { fromWire } from "./wire";

/** A resource as the plan reports it: the contract of `plan --json`. */
export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  /** Inputs as the provider would receive them, merged with the mock cloud's outputs; secrets redacted. */
  readonly props: Record<string, unknown>;
}

export interface PlanViolation {
  readonly policy: string;
  readonly severity: string;
  readonly enforcement: "advisory" | "mandatory";
  readonly urn: string;
  readonly message: string;
}

export interface PlanResult {
  readonly stack: string;
  readonly project: string;
  readonly resources: readonly PlannedResource[];
  /** The registrations with everything the engine knows (dependencies, protect, wire values). */
  readonly registrations: readonly RegisteredResource[];
  /** Stack outputs, secrets redacted. */
  readonly outputs: Record<string, unknown>;
  /** Warnings the program logged, as `pulumi preview` would show them. */
  readonly warnings: readonly string[];
  readonly violations: readonly PlanViolation[];
  /** Policies that ran (not disabled by configuration). */
  readonly policiesRun: number;
}

const runtimeInternals = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };

/**
 * Runs a Pulumi program under the mock runtime with the stack's configuration, the way `pulumi preview`
 * would run it, and returns every resource it registered. Errors thrown by the program (a ConfigError
 * among them) propagate to the caller.
 */
export interface PlanOptions {
  /** Policies to run over the registered resources; none by default. */
  readonly policies?: readonly (ResourceValidationPolicy | StackValidationPolicy)[];
  readonly policyConfig?: PolicyConfig;
}

export function planStack(
  settings: StackSettings,
  program: () => unknown,
  options: PlanOptions = {},
): Promise<PlanResult> {
  // Each plan in a runtime of its own, so that one process can plan stack after stack (the fleet's
  // workers do); configuration and the console.warn hook stay global: one plan at a time per process.
  return inFreshRuntime(() => planInCurrentRuntime(settings, program, options));
}

async function planInCurrentRuntime(
  settings: StackSettings,
  program: () => unknown,
  options: PlanOptions,
): Promise<PlanResult> {
  // preview=false: under mocks every output then resolves, as it would after `up`, so nothing is skipped.
  const cloud = new MockCloud({
    disabledDefaultProviders: parseList(settings.config["pulumi:disable-default-providers"]),
  });
  await pulumi.runtime.setMocks(cloud, settings.project, settings.stack, false);
  skipEngineOnlyWork();
  const recorder = RegistrationRecorder.attach();
  pulumi.runtime.setAllConfig(settings.config, settings.secretKeys);

  const warnings = await collectingWarnings(async () => {
    await pulumi.runtime.runInPulumiStack(async () => program());
    // Resources whose outputs nobody awaits may still be registering.
    await runtimeInternals.waitForRPCs?.();
  });
  if (pulumi.log.hasErrors()) throw new Error("the program reported errors while registering resources");
  // What the engine, the provider or AWS would refuse fails the plan as a configuration error (exit 2).
  if (cloud.rejections.length > 0) throw new ConfigError(settings.stack, cloud.rejections);

  const registrations = recorder.registrations;
  const stackResource = registrations.find((r) => r.type === "pulumi:pulumi:Stack");
  const { violations, policiesRun } = await runPolicies(
    registrations,
    options.policies ?? [],
    options.policyConfig,
  );
  return {
    stack: settings.stack,
    project: settings.project,
    resources: registrations.map(toPlanned),
    registrations,
    outputs: fromWire(stackResource?.outputs ?? {}, "redact") as Record<string, unknown>,
    violations,
    policiesRun,
    warnings,
  };
}

const RUNTIME_WARNING = "warning: [runtime] ";

/**
 * Without an engine, `pulumi.log.warn` prints `warning: [runtime] <message>` with console.warn. While the
 * program runs, those lines are collected instead, so the plan can report them with its results.
 */
async function collectingWarnings(run: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...parts: unknown[]) => {
    const text = parts.map(String).join(" ");
    if (text.startsWith(RUNTIME_WARNING)) warnings.push(text.slice(RUNTIME_WARNING.length));
    else original(...parts);
  };
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return warnings;
}

function toPlanned(r: RegisteredResource): PlannedResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent ?? null,
    props: fromWire({ ...r.inputs, ...r.outputs }, "redact") as Record<string, unknown>,
  };
}

/** A list setting as the stack file gives it (JSON); anything else is the program's to report. */
function parseList(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}
