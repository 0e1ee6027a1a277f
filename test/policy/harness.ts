import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { POLICIES } from "../../policy/pack";

/*
 * Runs one policy of the pack the way CrossGuard calls it: resource policies get ResourceValidationArgs
 * built with the real type token (isType compares it with the class's token), stack policies get a
 * small graph whose property dependencies are given by resource name.
 */

function policy(name: string): ResourceValidationPolicy & StackValidationPolicy {
  const found = POLICIES.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name} in the pack`);
  return found as ResourceValidationPolicy & StackValidationPolicy;
}

function defaults(p: ResourceValidationPolicy | StackValidationPolicy): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(p.configSchema?.properties ?? {}).map(([k, s]) => [
      k,
      (s as { default?: unknown }).default,
    ]),
  );
}

/** Resource options of a resource with no option set. */
const OPTS = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

const COMMON = {
  stackTags: new Map<string, string>(),
  notApplicable: (): never => {
    throw new Error("not applicable");
  },
};

function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::storefront::${type}::${name}`;
}

/** Messages a resource policy reports for one resource. */
export function checkResource(
  name: string,
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
): string[] {
  const p = policy(name);
  const messages: string[] = [];
  const args = {
    ...COMMON,
    type,
    props,
    urn: urnOf(type, "subject"),
    name: "subject",
    opts: OPTS,
    isType: (cls: { __pulumiType?: string }) => cls.__pulumiType === type,
    asType: (cls: { __pulumiType?: string }) => (cls.__pulumiType === type ? props : undefined),
    getConfig: () => ({ ...defaults(p), ...config }),
  };
  const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
  for (const validate of validations) void validate(args as never, (m: string) => messages.push(m));
  return messages;
}

export interface Node {
  readonly type: string;
  readonly name: string;
  readonly props?: Record<string, unknown>;
  /** Input property -> names of the nodes its value came from. */
  readonly deps?: Record<string, string[]>;
  /** Name of the parent node. */
  readonly parent?: string;
}

/** Builds PolicyResources for a small graph described by names. */
export function graph(nodes: readonly Node[]): PolicyResource[] {
  const byName = new Map<string, PolicyResource>();
  const resources = nodes.map((n) => {
    const r = {
      type: n.type,
      name: n.name,
      urn: urnOf(n.type, n.name),
      props: n.props ?? {},
      opts: OPTS,
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource;
    byName.set(n.name, r);
    return r;
  });
  nodes.forEach((n, i) => {
    const r = resources[i];
    r.parent = n.parent ? byName.get(n.parent) : undefined;
    r.propertyDependencies = Object.fromEntries(
      Object.entries(n.deps ?? {}).map(([prop, names]) => [prop, names.map((x) => byName.get(x)!)]),
    );
    r.dependencies = Object.values(r.propertyDependencies).flat();
  });
  return resources;
}

/** Violations a stack policy reports, as `name: message` with the resource's name. */
export function checkStack(
  name: string,
  nodes: readonly Node[],
  config: Record<string, unknown> = {},
): string[] {
  const p = policy(name);
  const resources = graph(nodes);
  const names = new Map(resources.map((r) => [r.urn, r.name]));
  const violations: string[] = [];
  void p.validateStack!(
    { ...COMMON, resources, getConfig: <T>() => ({ ...defaults(p), ...config }) as T },
    (message: string, urn?: string) => violations.push(`${names.get(urn ?? "") ?? "?"}: ${message}`),
  );
  return violations;
}

export { POLICIES };

import { expect } from "chai";

export type Case = readonly [title: string, props: Record<string, unknown>, expected: readonly string[]];

/** One describe per rule: the compliant fixture passes, each changed property yields the exact message. */
export function resourceRuleCases(
  id: string,
  type: string,
  compliant: Record<string, unknown>,
  cases: readonly Case[],
  config: Record<string, unknown> = {},
): void {
  describe(`${id} on ${type}`, () => {
    it("passes the compliant fixture", () => {
      expect(checkResource(id, type, compliant, config)).to.deep.equal([]);
    });
    for (const [title, props, expected] of cases) {
      it(`flags ${title}`, () => {
        expect(checkResource(id, type, props, config)).to.deep.equal(expected);
      });
    }
  });
}

/** One change to a compliant graph: a function from its nodes to the changed nodes. */
export type GraphChange = (nodes: readonly Node[]) => Node[];

/** Changes the props (merged) of the named node; `undefined` values remove a prop. */
export function patch(name: string, props: Record<string, unknown>): GraphChange {
  return (nodes) => {
    if (!nodes.some((n) => n.name === name)) throw new Error(`no node ${name} in the graph`);
    return nodes.map((n) =>
      n.name === name
        ? {
            ...n,
            props: Object.fromEntries(
              Object.entries({ ...n.props, ...props }).filter(([, v]) => v !== undefined),
            ),
          }
        : n,
    );
  };
}

/** Removes the named nodes (and every dependency on them). */
export function remove(...names: string[]): GraphChange {
  return (nodes) => {
    for (const name of names)
      if (!nodes.some((n) => n.name === name)) throw new Error(`no node ${name} in the graph`);
    return nodes
      .filter((n) => !names.includes(n.name))
      .map((n) => ({
        ...n,
        deps: Object.fromEntries(
          Object.entries(n.deps ?? {}).map(([k, v]) => [k, v.filter((x) => !names.includes(x))]),
        ),
      }));
  };
}

/** Adds nodes to the graph. */
export function add(...extra: Node[]): GraphChange {
  return (nodes) => [...nodes, ...extra];
}

/** Replaces the dependencies of one input of the named node. */
export function rewire(name: string, property: string, sources: string[]): GraphChange {
  return (nodes) =>
    nodes.map((n) => (n.name === name ? { ...n, deps: { ...n.deps, [property]: sources } } : n));
}

export type StackCase = readonly [title: string, change: GraphChange, expected: readonly string[]];

/**
 * One describe per stack rule: the compliant graph passes, and each case (one change to it) yields
 * exactly the expected `name: message` findings.
 */
export function stackRuleCases(
  id: string,
  compliant: readonly Node[],
  cases: readonly StackCase[],
  config: Record<string, unknown> = {},
): void {
  describe(`${id} (stack)`, () => {
    it("passes the compliant graph", () => {
      expect(checkStack(id, compliant, config)).to.deep.equal([]);
    });
    for (const [title, change, expected] of cases) {
      it(`flags ${title}`, () => {
        expect(checkStack(id, change(compliant), config)).to.deep.equal(expected);
      });
    }
  });
}
