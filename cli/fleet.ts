import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { findProjectDir, listStacks, UsageError } from "../runtime/stack-files";

/*
 * npm run fleet [-- --concurrency <n>]
 *
 * Plans every Pulumi.<stack>.yaml of the project with the policy pack, several at a time (each plan is a
 * process of its own: the mock runtime is global state), and prints one line per stack and a total.
 * Exit status: 0 when every stack planned cleanly, 1 when any has mandatory violations or invalid
 * configuration or failed.
 */

export interface StackOutcome {
  readonly stack: string;
  readonly status: number;
  readonly seconds: number;
  readonly resources?: number;
  readonly violations?: { total: number; mandatory: number };
  /** First line of the plan's error output, for stacks that did not plan. */
  readonly error?: string;
}

const PLAN = path.join(__dirname, "plan.js");

function planOne(projectDir: string, stack: string): Promise<StackOutcome> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PLAN, "--stack", stack, "--json"], { cwd: projectDir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("close", (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const doc = JSON.parse(stdout);
        resolve({
          stack,
          status: status ?? 1,
          seconds,
          resources: doc.summary.resources,
          violations: { total: doc.summary.violations.total, mandatory: doc.summary.violations.mandatory },
        });
      } catch {
        const lines = stderr.trim().split("\n");
        resolve({
          stack,
          status: status ?? 1,
          seconds,
          error: lines.slice(0, 2).join(" ").trim() || "no output",
        });
      }
    });
  });
}

export async function planFleet(
  projectDir: string,
  stacks: readonly string[],
  concurrency: number,
): Promise<StackOutcome[]> {
  const outcomes: StackOutcome[] = new Array(stacks.length);
  let next = 0;
  const worker = async () => {
    while (next < stacks.length) {
      const i = next++;
      outcomes[i] = await planOne(projectDir, stacks[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, stacks.length) }, worker));
  return outcomes;
}

export function renderFleet(outcomes: readonly StackOutcome[], seconds: number): string {
  const width = Math.max(5, ...outcomes.map((o) => o.stack.length));
  const lines = outcomes.map((o) => {
    const verdict = o.status === 0 ? "ok" : o.status === 1 && o.violations ? "VIOLATIONS" : "FAILED";
    const detail = o.violations
      ? `${String(o.resources).padStart(4)} resources  ${o.violations.total} violation(s), ${o.violations.mandatory} mandatory`
      : o.error;
    return `${o.stack.padEnd(width)}  ${verdict.padEnd(10)}  ${o.seconds.toFixed(1).padStart(5)} s  ${detail}`;
  });
  const failed = outcomes.filter((o) => o.status !== 0).length;
  const resources = outcomes.reduce((n, o) => n + (o.resources ?? 0), 0);
  lines.push(
    "",
    `${outcomes.length} stack(s), ${resources} resources, ${failed} failing, ${seconds.toFixed(1)} s in all`,
  );
  return lines.join("\n");
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { concurrency: { type: "string" }, stacks: { type: "string" } },
    strict: true,
  });
  const projectDir = findProjectDir(process.cwd());
  const stacks = values.stacks ? values.stacks.split(",") : listStacks(projectDir);
  if (stacks.length === 0) throw new UsageError(`no Pulumi.<stack>.yaml in ${projectDir}`);
  const concurrency = values.concurrency ? Number(values.concurrency) : availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError("--concurrency: a whole number from 1");
  const started = process.hrtime.bigint();
  const outcomes = await planFleet(projectDir, stacks, concurrency);
  process.stdout.write(`${renderFleet(outcomes, Number(process.hrtime.bigint() - started) / 1e9)}\n`);
  return outcomes.every((o) => o.status === 0) ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
