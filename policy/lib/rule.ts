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
  /**
   * An opt-in rule: disabled unless a policy configuration sets its level. For hardening beyond the
   * kit's baseline that costs money or operations work (customer-managed keys everywhere, dedicated
   * masters), which the kit's example stacks deliberately do not do.
   */
  readonly optIn?: boolean;
  /** CIS AWS Foundations Benchmark references, e.g. `v3.0 5.2`. */
  readonly cis?: string;
  /** PCI DSS references, e.g. `3.2.1: 1.2.1, 1.3.1; 4.0: 1.3.1`. */
  readonly pci?: string;
  /** CIS Microsoft Azure Foundations Benchmark references (Azure rules), e.g. `v3.0.0 7.1, 7.2`. */
  readonly cisAzure?: string;
  /**
   * Other references of Azure rules: Microsoft cloud security benchmark controls (`MCSB NS-1`) and Azure
   * Proactive Resiliency Library recommendations (`APRL`).
   */
  readonly references?: string;
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
  /** Types the rule judges, beyond those the catalogue lists for it (for the coverage table). */
  readonly types?: readonly string[];
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

  /**
   * The resources an input property of `r` refers to, however it was written: through an output
   * (the engine records a property dependency) or as a literal name, id or ARN of a resource of the
   * stack (no dependency edge, so matched against the identifiers the resources declare). Only
   * resources of `types` are returned.
   */
  referenced(r: PolicyResource, property: string, types: readonly string[]): PolicyResource[] {
    const found = new Set((r.propertyDependencies?.[property] ?? []).filter((d) => types.includes(d.type)));
    const value = (r.props as Record<string, unknown>)[property];
    for (const literal of Array.isArray(value) ? value : [value]) {
      if (typeof literal !== "string" || literal === "") continue;
      for (const target of this.identified().get(literal) ?? [])
        if (types.includes(target.type)) found.add(target);
    }
    return [...found];
  }

  /** Whether `literal` is the name, id or ARN of a resource of `types` in the stack. */
  identifies(literal: string, types: readonly string[]): boolean {
    return (this.identified().get(literal) ?? []).some((r) => types.includes(r.type));
  }

  private identifiers?: Map<string, PolicyResource[]>;

  /** Every resource by the names, ids and ARNs it declares; built once, on first use. */
  private identified(): Map<string, PolicyResource[]> {
    if (!this.identifiers) {
      this.identifiers = new Map();
      for (const r of this.resources) {
        const p = r.props as Record<string, unknown>;
        for (const key of IDENTIFYING_PROPERTIES) {
          const v = p[key];
          if (typeof v === "string" && v !== "") push(this.identifiers, v, r);
        }
      }
    }
    return this.identifiers;
  }

  ofTypes(types: readonly string[]): PolicyResource[] {
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  childrenOf(urn: string): PolicyResource[] {
    return this.children.get(urn) ?? [];
  }
}

/**
 * Properties by which a resource is named by others: its id and ARN (known once it exists), and the
 * physical names AWS keys resources by (bucket, name, identifiers of clusters and groups).
 */
const IDENTIFYING_PROPERTIES = [
  "id",
  "arn",
  "bucket",
  "name",
  "clusterIdentifier",
  "identifier",
  "replicationGroupId",
  "domainName",
  "creationToken",
  "defaultNetworkAclId",
];

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
