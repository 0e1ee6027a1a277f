import type { PlannedResource, PlanResult, PlanViolation } from "../runtime/plan-runner";

export interface PlanSummary {
  readonly resources: number;
  readonly byType: Record<string, number>;
  readonly policiesRun: number;
  readonly violations: { readonly total: number; readonly mandatory: number; readonly advisory: number };
}

export interface PlanDocument {
  readonly stack: string;
  readonly project: string;
  readonly resources: readonly PlannedResource[];
  readonly violations: readonly PlanViolation[];
  readonly warnings: readonly string[];
  readonly outputs: Record<string, unknown>;
  readonly summary: PlanSummary;
}

export function summarize(plan: PlanResult): PlanSummary {
  const byType: Record<string, number> = {};
  for (const r of [...plan.resources].sort((a, b) => a.type.localeCompare(b.type))) {
    byType[r.type] = (byType[r.type] ?? 0) + 1;
  }
  const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory").length;
  return {
    resources: plan.resources.length,
    byType,
    policiesRun: plan.policiesRun,
    violations: { total: plan.violations.length, mandatory, advisory: plan.violations.length - mandatory },
  };
}

/** The `--json` document of the plan contract. */
export function planDocument(plan: PlanResult): PlanDocument {
  return {
    stack: plan.stack,
    project: plan.project,
    resources: plan.resources,
    violations: plan.violations,
    warnings: plan.warnings,
    outputs: plan.outputs,
    summary: summarize(plan),
  };
}

/** A preview-like report: resource tree, outputs, counts per type, policy findings and a summary line. */
export function renderHuman(plan: PlanResult, file: string): string {
  const summary = summarize(plan);
  const lines: string[] = [`Offline plan of stack "${plan.stack}" (project ${plan.project}, ${file})`, ""];

  const rows = treeRows(plan.resources);
  const width = Math.max(...rows.map((r) => r.label.length), 4) + 3;
  lines.push(`    ${"Type".padEnd(width)}Name`);
  for (const row of rows) lines.push(` +  ${row.label.padEnd(width)}${row.name}`);

  lines.push("", "Outputs:");
  for (const [key, value] of Object.entries(plan.outputs)) lines.push(`    ${key}: ${JSON.stringify(value)}`);

  lines.push("", "Resources by type:");
  for (const [type, count] of Object.entries(summary.byType))
    lines.push(`    ${String(count).padStart(3)}  ${type}`);

  if (plan.warnings.length > 0) {
    lines.push("", "Warnings:");
    for (const w of plan.warnings) lines.push(`    ${w}`);
  }

  lines.push("", `Policy checks: ${plan.policiesRun} rule(s) run`);
  for (const v of plan.violations) {
    lines.push(
      `    [${v.enforcement}] ${v.policy} (${v.severity}) ${v.urn.split("::").pop()}`,
      `        ${v.message}`,
    );
  }

  const { total, mandatory } = summary.violations;
  lines.push(
    "",
    `Summary: ${summary.resources} resources to create; ${total} policy violation(s), ${mandatory} mandatory.`,
  );
  return lines.join("\n");
}

interface TreeRow {
  readonly label: string;
  readonly name: string;
}

/** Depth-first rows in registration order, drawn with the box characters `pulumi preview` uses. */
function treeRows(resources: readonly PlannedResource[]): TreeRow[] {
  const children = new Map<string | null, PlannedResource[]>();
  const urns = new Set(resources.map((r) => r.urn));
  for (const r of resources) {
    const parent = r.parent && urns.has(r.parent) ? r.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const rows: TreeRow[] = [];
  const walk = (parent: string | null, indent: string) => {
    const kids = children.get(parent) ?? [];
    kids.forEach((r, i) => {
      const last = i === kids.length - 1;
      const branch = parent === null ? "" : last ? "└─ " : "├─ ";
      rows.push({ label: `${indent}${branch}${r.type}`, name: r.name });
      walk(r.urn, parent === null ? indent : indent + (last ? "   " : "│  "));
    });
  };
  walk(null, "");
  return rows;
}
