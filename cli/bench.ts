import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { POLICIES } from "../policy/pack";
import { clientValues } from "./new-client";
import { planFleet } from "./fleet";
import { runPolicies } from "../runtime/policy-runner";
import { planStack } from "../runtime/plan-runner";
import type { RegisteredResource } from "../runtime/recording-monitor";
import { findProjectDir, readStackSettings } from "../runtime/stack-files";

/*
 * npm run bench: how fast the offline plan is, as users meet it. Every figure is a wall-clock median of
 * several runs on this machine, each plan in a fresh process as CI runs it. Nothing here is asserted:
 * the numbers go into the README with the machine they were measured on.
 */

const RUNS = 5;
const DIST = __dirname;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a script of dist/cli in a fresh process; returns seconds and peak memory in MiB. */
function timeProcess(script: string, args: string[], cwd: string): { seconds: number; mib: number } {
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ["-r", path.join(DIST, "bench-rss.js"), path.join(DIST, script), ...args],
    {
      cwd,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${script} ${args.join(" ")} failed: ${run.stderr}`);
  const kb = Number(/bench-max-rss-kb=(\d+)/.exec(run.stderr)?.[1] ?? 0);
  return { seconds, mib: kb / 1024 };
}

function measure(script: string, args: string[], cwd: string) {
  const runs = Array.from({ length: RUNS }, () => timeProcess(script, args, cwd));
  return { seconds: median(runs.map((r) => r.seconds)), mib: median(runs.map((r) => r.mib)) };
}

/** A project directory with `count` generated client stacks (half WordPress, half Magento, dev and prod). */
function fleetDir(projectDir: string, count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "fleet-"));
  copyFileSync(path.join(projectDir, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (let i = 0; i < count; i++) {
    const env = i % 2 === 0 ? "dev" : "prod";
    const values = clientValues({
      client: `client${i}`,
      env,
      profile: i % 4 < 2 ? "wordpress" : "magento",
      region: "eu-west-1",
      domain: `shop.client${i}.example`,
      "hosted-zone": "Z0FLEETEXAMPLE",
      "peak-users": String(1000 * (i + 1)),
      "alert-email": ["ops@example.com"],
    });
    const config = Object.fromEntries(Object.entries(values).map(([k, v]) => [`storefront:${k}`, v]));
    writeFileSync(path.join(dir, `Pulumi.client${i}-${env}.yaml`), stringify({ config }));
  }
  return dir;
}

/** A synthetic resource graph of about `size` resources: copies of a real plan's registrations. */
function synthetic(base: readonly RegisteredResource[], size: number): RegisteredResource[] {
  const copies = Math.ceil(size / base.length);
  const out: RegisteredResource[] = [];
  for (let c = 0; c < copies; c++) {
    const rename = (urn: string) => `${urn}-${c}`;
    for (const r of base) {
      out.push({
        ...r,
        urn: rename(r.urn),
        ...(r.parent ? { parent: rename(r.parent) } : {}),
        dependencies: r.dependencies.map(rename),
        propertyDependencies: Object.fromEntries(
          Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map(rename)]),
        ),
      });
    }
  }
  return out.slice(0, size);
}

async function main(): Promise<void> {
  const projectDir = findProjectDir(process.cwd());
  const rows: string[][] = [];
  const floor = measure("bench-floor.js", [], projectDir);
  rows.push([
    "plan: floor (1 resource, same harness)",
    `${floor.seconds.toFixed(2)} s`,
    `${floor.mib.toFixed(0)} MiB`,
    "1.00x",
  ]);
  for (const stack of ["dev", "prod"]) {
    const m = measure("plan.js", ["--stack", stack, "--json"], projectDir);
    rows.push([
      `plan: ${stack}`,
      `${m.seconds.toFixed(2)} s`,
      `${m.mib.toFixed(0)} MiB`,
      `${(m.seconds / floor.seconds).toFixed(2)}x`,
    ]);
  }

  for (const count of [1, 10, 50]) {
    const dir = fleetDir(projectDir, count);
    const started = process.hrtime.bigint();
    const outcomes = await planFleet(
      dir,
      Array.from({ length: count }, (_, i) => `client${i}-${i % 2 === 0 ? "dev" : "prod"}`),
      availableParallelism(),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const failed = outcomes.filter((o) => o.status !== 0).length;
    rows.push([
      `fleet: ${count} stack(s)`,
      `${seconds.toFixed(2)} s`,
      "",
      `${(seconds / count).toFixed(2)} s per stack${failed ? `, ${failed} failed` : ""}`,
    ]);
    rmSync(dir, { recursive: true, force: true });
  }

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runStack } = require("../stacks/program") as typeof import("../stacks/program");
  const prod = await planStack(readStackSettings(projectDir, "prod"), runStack);
  for (const size of [1000, 10000]) {
    const graph = synthetic(prod.registrations, size);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = process.hrtime.bigint();
      await runPolicies(graph, POLICIES);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const ms = median(times);
    rows.push([
      `policy pack: ${size} resources`,
      `${ms.toFixed(0)} ms`,
      "",
      `${((ms * 1000) / size).toFixed(1)} µs per resource`,
    ]);
  }

  const widths = [0, 1, 2, 3].map((c) =>
    Math.max(...[["measure", "time", "peak memory", "note"], ...rows].map((r) => r[c].length)),
  );
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  process.stdout.write(
    [
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; medians of ${RUNS} runs.`,
      "",
      line(["measure", "time", "peak memory", "note"]),
      `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
      ...rows.map(line),
      "",
    ].join("\n"),
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});
