import { expect } from "chai";
import * as fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { main } from "../../cli/plan";
import { capture } from "../capture";

/*
 * Property: whatever a careless or hostile edit does to an example stack file, `plan` ends with exit 0, 1
 * or 2 within a time bound, prints no stack trace, and never prints a value written as a secret.
 * CI runs a fixed seed and a few cases; `npm run fuzz` runs more (FUZZ_RUNS, FUZZ_SEED).
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const TIME_LIMIT_MS = 20000;
const SECRET = "fuzz-secret-Q7x9";
const STACKS = ["dev", "prod", "harbor-prod"];

type Tree = Record<string, unknown>;

/** Paths to every node of a YAML tree (maps and lists), the root excluded. */
function paths(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(node)) return node.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (typeof node === "object" && node !== null)
    return Object.entries(node).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

function setAt(root: Tree, at: (string | number)[], value: unknown, remove = false): void {
  let node = root as Record<string | number, unknown>;
  for (const part of at.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  const last = at[at.length - 1];
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u202Eevil",
    "aws:x",
    "../../etc/passwd",
    "XX",
    "UK",
    "23:30-00:30",
    "1e12",
  ),
);
const leaf = fc.oneof(
  hostileString,
  fc.double(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -1, 1e12, null, true, false),
  fc.constant({ secure: SECRET }),
  fc.array(hostileString, { maxLength: 4 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

type Mutation =
  | { kind: "replace"; pick: number; value: unknown }
  | { kind: "remove"; pick: number }
  | { kind: "add"; pick: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), value: leaf }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("add" as const),
    pick: fc.nat(),
    key: fc.oneof(hostileString, fc.constantFrom("storefrnt:budget", "aws:region", "aws:defaultTags")),
    value: leaf,
  }),
);

function mutate(doc: Tree, mutations: readonly Mutation[]): Tree {
  const copy = structuredClone(doc);
  for (const m of mutations) {
    const all = paths(copy);
    if (all.length === 0) break;
    const at = all[m.pick % all.length];
    if (m.kind === "replace") setAt(copy, at, m.value);
    else if (m.kind === "remove") setAt(copy, at, undefined, true);
    else {
      const parent = at.slice(0, -1);
      let node: unknown = copy;
      for (const part of parent) node = (node as Record<string | number, unknown>)[part];
      if (typeof node === "object" && node !== null && !Array.isArray(node)) (node as Tree)[m.key] = m.value;
    }
  }
  return copy;
}

describe("fuzz: plan on mutated example stack files", function () {
  this.timeout(RUNS * TIME_LIMIT_MS + 30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "storefront-fuzz-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`ends with exit 0, 1 or 2, in time, without a trace or a secret (${RUNS} cases, seed ${SEED})`, async () => {
    const docs = STACKS.map((s) => parse(readFileSync(`Pulumi.${s}.yaml`, "utf8")) as Tree);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: docs.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (which, mutations) => {
          const file = path.join(dir, `Pulumi.case${n++}.yaml`);
          writeFileSync(file, stringify(mutate(docs[which], mutations)));
          const out = capture();
          const err = capture();
          const started = Date.now();
          const status = await Promise.race([
            main(
              ["--stack", "fuzz", "--config-file", file, "--no-policies", "--now", "2026-11-30T12:00:00Z"],
              {
                stdout: out.stream,
                stderr: err.stream,
              },
            ),
            new Promise<number>((resolve) => setTimeout(() => resolve(-1), TIME_LIMIT_MS)),
          ]);
          const text = out.text() + err.text();
          expect(
            status,
            `${file}: timed out or crashed after ${Date.now() - started} ms\n${err.text()}`,
          ).to.be.oneOf([0, 1, 2]);
          expect(err.text(), file).not.to.match(/\n\s+at .+:\d+:\d+\)?\n/);
          expect(text, file).not.to.include(SECRET);
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
