import { ChildProcess, fork } from "node:child_process";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { findProjectDir, listStacks, UsageError } from "../runtime/stack-files";
import type { PlanReply, PlanRequest } from "./fleet-worker";

/*
 * npm run fleet [-- --concurrency <n>] [--stacks a,b] [--timeout <seconds>]
 *
 * Plans every Pulumi.<stack>.yaml of the project with the policy pack and prints one line per stack and a
 * total. The plans run in long-lived workers, one per core by default (cli/fleet-worker.ts): each loads the
 * SDK, the program and the pack once and plans stack after stack in a fresh mock runtime, so a stack costs
 * its evaluation, not another start-up. A stack that takes longer than the time limit is reported as failed
 * and its worker replaced (started again when the next stack needs it). Exit status: 0 when every stack planned cleanly, 1 when any has mandatory
 * violations, invalid configuration or failed, 2 for a usage error.
 */

export type StackOutcome = PlanReply;

export interface FleetOptions {
  readonly concurrency: number;
  /** Per-stack time limit in seconds (default 120). */
  readonly timeoutSeconds?: number;
  /** Keep each stack's `plan --json` document in its outcome. */
  readonly documents?: boolean;
}

export const DEFAULT_TIMEOUT_SECONDS = 120;

/** The worker next to this file; from the TypeScript sources (specs), through runtime/ts-register.cjs. */
function startWorker(): ChildProcess {
  const ext = path.extname(__filename);
  return fork(path.join(__dirname, `fleet-worker${ext}`), [], {
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    // A worker allocates a whole plan's objects per stack: a larger young generation lets most of them
    // die there instead of being promoted and collected again (measured: about a fifth less CPU per stack).
    execArgv: [
      ...(ext === ".ts" ? ["-r", path.join(__dirname, "..", "runtime", "ts-register.cjs")] : []),
      "--max-semi-space-size=64",
    ],
  });
}

/**
 * A worker, ready for its next stack. A worker that was killed or crashed is started again only when the
 * next stack comes: a fleet whose last stack timed out does not load the program once more for nothing.
 */
class Worker {
  private child: ChildProcess | undefined;
  private ready: Promise<void> = Promise.resolve();
  private stderr = "";

  constructor() {
    this.start();
  }

  private start(): ChildProcess {
    const child = startWorker();
    this.child = child;
    this.stderr = "";
    child.stderr?.on("data", (d: Buffer) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.ready = new Promise((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) =>
        reject(new Error(`fleet worker exited (${code}) before it was ready: ${this.stderr.trim()}`)),
      );
    });
    this.ready.catch(() => undefined); // reported by plan(); a worker stopped while starting is no error
    return child;
  }

  async plan(request: PlanRequest, timeoutSeconds: number): Promise<StackOutcome> {
    const child = this.child ?? this.start();
    try {
      await this.ready;
    } catch (e) {
      this.child = undefined;
      return { stack: request.stack, status: 3, seconds: 0, error: (e as Error).message.split("\n")[0] };
    }
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    this.stderr = "";
    return new Promise((resolve) => {
      const done = (outcome: StackOutcome) => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(outcome);
      };
      const onMessage = (reply: PlanReply) => done(reply);
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        const last = this.stderr.trim().split("\n").slice(-1)[0] ?? "";
        done({
          stack: request.stack,
          status: 3,
          seconds: seconds(),
          error: `the plan's worker exited (${code ?? signal}) ${last}`.trim(),
        });
      };
      const timer = setTimeout(() => {
        child.off("exit", onExit);
        child.kill("SIGKILL");
        this.child = undefined;
        done({
          stack: request.stack,
          status: 3,
          seconds: seconds(),
          error: `timed out after ${timeoutSeconds} s`,
        });
      }, timeoutSeconds * 1000);
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send(request);
    });
  }

  stop(): void {
    const child = this.child;
    if (!child) return;
    if (child.connected) child.disconnect();
    child.kill();
  }
}

export async function planFleet(
  projectDir: string,
  stacks: readonly string[],
  options: FleetOptions,
): Promise<StackOutcome[]> {
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const outcomes: StackOutcome[] = new Array(stacks.length);
  const workers = Array.from({ length: Math.min(options.concurrency, stacks.length) }, () => new Worker());
  let next = 0;
  try {
    await Promise.all(
      workers.map(async (worker) => {
        while (next < stacks.length) {
          const i = next++;
          outcomes[i] = await worker.plan(
            { projectDir, stack: stacks[i], ...(options.documents ? { document: true } : {}) },
            timeoutSeconds,
          );
        }
      }),
    );
  } finally {
    for (const worker of workers) worker.stop();
  }
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

export function fleetExitCode(outcomes: readonly StackOutcome[]): number {
  return outcomes.every((o) => o.status === 0) ? 0 : 1;
}

function positiveNumber(option: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || (integer && !Number.isInteger(n)))
    throw new UsageError(
      `--${option}: got "${value}"; expected a ${integer ? "whole number from 1" : "number of seconds above 0"}`,
    );
  return n;
}

export async function main(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { concurrency: { type: "string" }, stacks: { type: "string" }, timeout: { type: "string" } },
    strict: true,
  });
  const projectDir = findProjectDir(cwd);
  const stacks = values.stacks ? values.stacks.split(",") : listStacks(projectDir);
  if (stacks.length === 0) throw new UsageError(`no Pulumi.<stack>.yaml in ${projectDir}`);
  const concurrency = positiveNumber("concurrency", values.concurrency, true) ?? availableParallelism();
  const timeoutSeconds = positiveNumber("timeout", values.timeout, false) ?? DEFAULT_TIMEOUT_SECONDS;
  const started = process.hrtime.bigint();
  const outcomes = await planFleet(projectDir, stacks, { concurrency, timeoutSeconds });
  process.stdout.write(`${renderFleet(outcomes, Number(process.hrtime.bigint() - started) / 1e9)}\n`);
  return fleetExitCode(outcomes);
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
