import type { PolicyResource } from "@pulumi/policy";
import type { z } from "zod";

/*
 * The pack's own rule shape: pure checks plus the metadata a reviewer needs. policy/pack.ts turns rules
 * into CrossGuard policies; the offline plan calls the same policies. A check reads properties directly:
 * during a real preview an unknown value throws inside the SDK and the policy is skipped for that
 * resource, rather than passing something it could not decide.
 */

export type Severity = "low" | "medium" | "high" | "critical";

export interface RuleInfo {
  /** Stable kebab-case id, as in the security rule catalogue. */
  readonly id: string;
  /** One sentence: what must hold. */
  readonly description: string;
  readonly severity: Severity;
  /** What to change when the rule fires. */
  readonly remediation: string;
  /** CIS AWS Foundations Benchmark references, e.g. `v3.0 5.2`. */
  readonly cis?: string;
  /** PCI DSS references, e.g. `3.2.1: 1.2.1, 1.3.1; 4.0: 1.3.1`. */
  readonly pci?: string;
  /**
   * The rule's settings (policy configuration), with defaults. The policy's JSON schema is derived from it
   * (policy/lib/config-schema.ts), so the schema the engine validates against and the types the check
   * reads cannot drift apart.
   */
  readonly config?: z.ZodObject;
}

/** A resource as rules see it; the shape of @pulumi/policy's resource arguments. */
export type Resource = Pick<PolicyResource, "type" | "urn" | "name" | "props"> &
  Partial<Pick<PolicyResource, "parent" | "propertyDependencies" | "dependencies">>;

export type ReportViolation = (message: string, urn?: string) => void;

export interface ResourceRule extends RuleInfo {
  readonly kind: "resource";
  /** Type tokens the rule applies to, aliases included. */
  readonly types: readonly string[];
  check(resource: Resource, report: (message: string) => void, config: Record<string, unknown>): void;
}

export interface StackRule extends RuleInfo {
  readonly kind: "stack";
  check(graph: StackGraph, report: ReportViolation, config: Record<string, unknown>): void;
}

export type Rule = ResourceRule | StackRule;

/**
 * The stack's resources indexed once by type and URN, so stack rules stay linear in the number of
 * resources. Built once per resource list and shared by every stack rule.
 */
export class StackGraph {
  readonly resources: readonly PolicyResource[];
  private readonly byType = new Map<string, PolicyResource[]>();
  private readonly children = new Map<string, PolicyResource[]>();

  private constructor(resources: readonly PolicyResource[]) {
    this.resources = resources;
    for (const r of resources) {
      push(this.byType, r.type, r);
      if (r.parent) push(this.children, r.parent.urn, r);
    }
  }

  private static readonly cache = new WeakMap<readonly PolicyResource[], StackGraph>();

  static of(resources: readonly PolicyResource[]): StackGraph {
    let graph = StackGraph.cache.get(resources);
    if (!graph) {
      graph = new StackGraph(resources);
      StackGraph.cache.set(resources, graph);
    }
    return graph;
  }

  ofTypes(types: readonly string[]): PolicyResource[] {
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  childrenOf(urn: string): PolicyResource[] {
    return this.children.get(urn) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
