import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MUTATIONS, Mutation } from "./mutations";

/*
 * npm run mutate [-- <id> ...]
 *
 * Mutation testing on the mutations that matter: each entry of mutations.ts breaks one behaviour the kit
 * promises (a policy that must fire, a check that must reject, a wire between tiers) and names the specs
 * that should notice. Every mutation is applied to a scratch copy of the working tree, its specs run, and
 * the mutation counts as killed when they fail. A mutation whose text no longer occurs exactly once is
 * stale and fails the run: the list must follow the code. Exit 1 below the required score.
 */

const REQUIRED_SCORE = 0.95;
const SPEC_TIMEOUT_MS = 180_000;

interface Outcome {
  readonly mutation: Mutation;
  readonly result: "killed" | "survived" | "stale";
  readonly seconds: number;
}

function scratchCopy(root: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "storefront-mutate-"));
  const listed = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: root,
    encoding: "utf8",
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    cpSync(path.join(root, file), path.join(dir, file), { recursive: true });
  }
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function apply(dir: string, m: Mutation): (() => void) | undefined {
  const file = path.join(dir, m.file);
  const original = readFileSync(file, "utf8");
  const at = original.indexOf(m.find);
  if (at < 0 || original.indexOf(m.find, at + 1) >= 0) return undefined;
  writeFileSync(file, original.slice(0, at) + m.replace + original.slice(at + m.find.length));
  return () => writeFileSync(file, original);
}

function runSpecs(dir: string, specs: readonly string[]): boolean {
  const mocha = path.join(dir, "node_modules", ".bin", "mocha");
  const run = spawnSync(mocha, ["--reporter", "dot", "--bail", ...specs], {
    cwd: dir,
    encoding: "utf8",
    timeout: SPEC_TIMEOUT_MS,
    env: { ...process.env, STOREFRONT_NOW: "2026-06-01T00:00:00Z" },
  });
  return run.status === 0;
}

function main(argv: readonly string[]): number {
  const root = path.resolve(__dirname, "..", "..");
  const chosen = argv.length > 0 ? MUTATIONS.filter((m) => argv.includes(m.id)) : MUTATIONS;
  const dir = scratchCopy(root);
  const outcomes: Outcome[] = [];
  try {
    // A mutation only counts as killed if its specs pass without it: check the unmutated copy first.
    const specs = [...new Set(chosen.flatMap((m) => m.specs))];
    if (!runSpecs(dir, specs)) {
      process.stderr.write(`the specs fail without any mutation: fix them first (${specs.join(" ")})\n`);
      return 2;
    }
    for (const mutation of chosen) {
      const started = Date.now();
      const restore = apply(dir, mutation);
      let result: Outcome["result"] = "stale";
      if (restore) {
        try {
          result = runSpecs(dir, mutation.specs) ? "survived" : "killed";
        } finally {
          restore();
        }
      }
      const seconds = (Date.now() - started) / 1000;
      outcomes.push({ mutation, result, seconds });
      process.stdout.write(`${result.padEnd(8)} ${mutation.id}  (${seconds.toFixed(1)} s)\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const killed = outcomes.filter((o) => o.result === "killed").length;
  const stale = outcomes.filter((o) => o.result === "stale");
  const survived = outcomes.filter((o) => o.result === "survived");
  const score = outcomes.length === 0 ? 1 : killed / outcomes.length;
  process.stdout.write(
    `\nmutation score ${(score * 100).toFixed(1)}%: ${killed} killed, ${survived.length} survived, ` +
      `${stale.length} stale of ${outcomes.length} (required ${REQUIRED_SCORE * 100}%)\n`,
  );
  for (const o of survived) process.stdout.write(`  survived: ${o.mutation.id}: ${o.mutation.why}\n`);
  for (const o of stale)
    process.stdout.write(`  stale: ${o.mutation.id}: text not found once in ${o.mutation.file}\n`);
  return stale.length === 0 && score >= REQUIRED_SCORE ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
