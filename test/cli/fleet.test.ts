import { expect } from "chai";
import type { ForkOptions } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fleetExitCode, planFleet, renderFleet, StackOutcome } from "../../cli/fleet";

// The module object itself (an ES namespace import is a copy with getters), so a spec can count forks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require("node:child_process") as typeof import("node:child_process");

/*
 * The fleet's workers plan stack after stack in one process. What each stack gets must not depend on what
 * the worker planned before: with two workers, the first two stacks are each planned by a fresh worker,
 * alone; the same stacks planned again, after others and after a broken one, are diffed against them.
 */

// Two stacks with different profiles and environments keep the spec to two workers (each a ts-node
// process that loads the whole program): harbor-prod plans in the report spec.
const STACKS = ["dev", "prod"];
const STUCK_WORKER = path.resolve("test/cli/stuck-fleet-worker.cjs");

describe("cli/fleet", function () {
  this.timeout(180_000);
  let dir: string;
  let outcomes: StackOutcome[];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "fleet-"));
    for (const f of ["Pulumi.yaml", ...STACKS.map((s) => `Pulumi.${s}.yaml`)])
      copyFileSync(f, path.join(dir, f));
    writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config:\n  storefront:client: Broken\n");
    // The broken stack's error is rejected twice by the SDK: its worker must survive it.
    outcomes = await planFleet(dir, [...STACKS, "broken", ...STACKS], { concurrency: 2, documents: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("plans each stack exactly as a fresh process plans it alone", () => {
    for (const [i, stack] of STACKS.entries()) {
      const [alone, again] = [outcomes[i], outcomes[STACKS.length + 1 + i]];
      expect([alone.stack, again.stack]).to.deep.equal([stack, stack]);
      expect(again.status, `${stack}: ${again.error}`).to.equal(0);
      expect(again.document!.resources.length).to.be.greaterThan(100);
      expect(JSON.stringify(again.document), stack).to.equal(JSON.stringify(alone.document));
    }
  });

  it("reports a broken stack with its first configuration problem and goes on", () => {
    const broken = outcomes[STACKS.length];
    expect(broken.status).to.equal(2);
    expect(broken.error).to.match(/^error: invalid configuration for stack "broken": \S+: got /);
    expect(fleetExitCode(outcomes)).to.equal(1);
    expect(fleetExitCode(outcomes.slice(0, STACKS.length))).to.equal(0);
  });

  it("prints one line per stack and a total", () => {
    const lines = renderFleet(outcomes, 12.3).split("\n");
    expect(lines[0]).to.match(/^dev\s+ok\s+[\d.]+ s\s+\d+ resources\s+\d+ violation\(s\), 0 mandatory$/);
    expect(lines[1]).to.match(/^prod\s+ok\s+[\d.]+ s\s+\d+ resources\s+0 violation\(s\), 0 mandatory$/);
    expect(lines[2]).to.match(
      /^broken\s+FAILED\s+[\d.]+ s\s+error: invalid configuration for stack "broken":/,
    );
    expect(lines[lines.length - 1]).to.match(/^5 stack\(s\), \d+ resources, 1 failing, 12\.3 s in all$/);
  });

  it("fails a stack that exceeds the time limit, and starts a worker again only for a stack that needs one", async () => {
    // Count the workers the fleet starts (cli/fleet.ts calls child_process.fork through the module), and
    // start each as a worker whose plan never ends (test/cli/stuck-fleet-worker.cjs): ready at once, it
    // never answers, so every stack outlives its limit. The real worker's plans are the cases above; this
    // one is about the fleet killing and replacing a worker, which a real one would reach only after
    // loading the whole program for nothing (about 1.5 s of CPU per fork).
    const forks: string[] = [];
    const fork = childProcess.fork;
    childProcess.fork = ((modulePath: string, args: readonly string[], options: ForkOptions) => {
      forks.push(modulePath);
      return fork(STUCK_WORKER, args, { ...options, execArgv: [] });
    }) as typeof fork;
    let outcomes: StackOutcome[];
    try {
      outcomes = await planFleet(dir, ["prod", "prod"], { concurrency: 1, timeoutSeconds: 0.001 });
    } finally {
      childProcess.fork = fork;
    }
    expect(outcomes.map((o) => [o.stack, o.status, o.error])).to.deep.equal([
      ["prod", 3, "timed out after 0.001 s"],
      ["prod", 3, "timed out after 0.001 s"],
    ]);
    // One worker for the first stack, one in place of the killed worker for the second, none after the last.
    expect(forks).to.have.length(2);
    expect(forks.every((f) => /fleet-worker\.(ts|js)$/.test(f))).to.equal(true);
  });
});
