import { planStack } from "../runtime/plan-runner";
import { readStackSettings, UsageError } from "../runtime/stack-files";
import { ConfigError, formatProblem } from "../stacks/config-error";
import { planDocument, PlanDocument } from "./render";

/*
 * A long-lived fleet worker (started by cli/fleet.ts with an IPC channel): loads the SDK, the program and
 * the policy pack once, then plans one stack per message, each in a fresh mock runtime, and answers with
 * its outcome. One stack at a time: configuration and the console.warn hook are global to the process.
 */

export interface PlanRequest {
  readonly projectDir: string;
  readonly stack: string;
  /** Send the whole `plan --json` document back (tests and diffs); the summary otherwise. */
  readonly document?: boolean;
}

export interface PlanReply {
  readonly stack: string;
  /** As `plan` exits: 0 clean, 1 mandatory violations, 2 invalid configuration, 3 the program failed. */
  readonly status: number;
  readonly seconds: number;
  /** CPU time the worker spent on the stack (user + system): what the stack costs on an idle machine. */
  readonly cpuSeconds?: number;
  readonly resources?: number;
  readonly violations?: { total: number; mandatory: number };
  /** First line of what `plan` would print on stderr, for stacks that did not plan. */
  readonly error?: string;
  readonly document?: PlanDocument;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const { runStack } = require("../stacks/program") as typeof import("../stacks/program");
const { POLICIES } = require("../policy/pack") as typeof import("../policy/pack");
/* eslint-enable @typescript-eslint/no-require-imports */

export async function planInWorker(request: PlanRequest): Promise<PlanReply> {
  const { stack } = request;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  try {
    const settings = readStackSettings(request.projectDir, stack);
    const plan = await planStack(settings, runStack, { policies: POLICIES });
    const doc = planDocument(plan);
    return {
      stack,
      status: doc.summary.violations.mandatory > 0 ? 1 : 0,
      seconds: seconds(),
      cpuSeconds: ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu)),
      resources: doc.summary.resources,
      violations: { total: doc.summary.violations.total, mandatory: doc.summary.violations.mandatory },
      ...(request.document ? { document: doc } : {}),
    };
  } catch (e) {
    if (ConfigError.isInstance(e)) {
      const first = e.problems[0] ? ` ${formatProblem(e.problems[0])}` : "";
      return {
        stack,
        status: 2,
        seconds: seconds(),
        error: `error: invalid configuration for stack "${stack}":${first}`,
      };
    }
    if (e instanceof UsageError)
      return { stack, status: 2, seconds: seconds(), error: `error: ${e.message}` };
    const message = (e as Error)?.message ?? String(e);
    return { stack, status: 3, seconds: seconds(), error: `the program failed: ${message.split("\n")[0]}` };
  }
}

if (require.main === module && process.send) {
  // The SDK rejects a failing program's error a second time, after planStack has already turned it into
  // an outcome: without a handler that second rejection would end the worker.
  process.on("unhandledRejection", () => undefined);
  let queue = Promise.resolve();
  process.on("message", (request: PlanRequest) => {
    queue = queue.then(async () => {
      process.send!(await planInWorker(request));
    });
  });
  process.on("disconnect", () => process.exit(0));
  process.send({ ready: true });
}
