import { expect } from "chai";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  AZURE_MARKERS,
  docsCommand,
  generatedFiles,
  minimalAzureStack,
  README_FILE,
  SAMPLE_CLIENT,
  SCHEMA_FILE,
  stackFileSchema,
} from "../../cli/docs";
import { readStackSettings } from "../../runtime/stack-files";
import { resolveAzure } from "../../stacks/azure-config";
import { azureStackConfigSchema, RawAzureStackConfig } from "../../stacks/schema/azure";

describe("cli/docs", () => {
  let files: Record<string, string>;
  before(async () => {
    files = await generatedFiles(process.cwd());
  });

  it("keeps the committed JSON Schema of stack files in step with the zod schema (npm run docs)", () => {
    expect(
      readFileSync(SCHEMA_FILE, "utf8"),
      "schema/stack-config.schema.json is stale: run npm run docs",
    ).to.equal(files[SCHEMA_FILE]);
  });

  it("keeps the README's configuration reference in step with the schema and presets (npm run docs)", () => {
    expect(
      readFileSync(README_FILE, "utf8") === files[README_FILE],
      "README.md is stale: run npm run docs",
    ).to.equal(true);
  });

  it("describes the example stack files' keys, and lets only the webhook be secure:", () => {
    const schema = stackFileSchema() as { properties: { config: { properties: Record<string, unknown> } } };
    const keys = Object.keys(schema.properties.config.properties);
    for (const stack of ["dev", "prod", "harbor-prod"]) {
      for (const key of Object.keys(readStackSettings(process.cwd(), stack).config)) {
        if (key.startsWith("storefront:")) expect(keys, `${stack}: ${key}`).to.include(key);
      }
    }
    const text = JSON.stringify(schema);
    expect(text.match(/#\/\$defs\/secure/g)).to.have.length(1);
  });
});

/** The README's Azure reference: the rows of its table, key -> [accepted, dev default, prod default]. */
function azureTable(readme: string): { section: string; rows: Map<string, string[]> } {
  const start = readme.indexOf(AZURE_MARKERS[0]);
  const end = readme.indexOf(AZURE_MARKERS[1]);
  expect(start, "README has the Azure reference's start marker").to.be.greaterThan(0);
  expect(end, "and its end marker after it").to.be.greaterThan(start);
  const section = readme.slice(start, end);
  const rows = new Map(
    section
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) => {
        const cells = l
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((c) => c.trim());
        return [cells[0].replace(/`/g, ""), cells.slice(1)] as const;
      }),
  );
  return { section, rows };
}

/** A copy of a stack file's values with one key path set. */
function withKey(raw: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(raw);
  const parts = key.split(".");
  let node = copy;
  for (const part of parts.slice(0, -1)) {
    node[part] = { ...((node[part] as Record<string, unknown> | undefined) ?? {}) };
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
  return copy;
}

describe("cli/docs: the Azure configuration reference", () => {
  let readme: string;
  let table: ReturnType<typeof azureTable>;

  before(() => {
    readme = readFileSync(README_FILE, "utf8");
    table = azureTable(readme);
  });

  it("is the generated one: README and the Azure schema and presets agree (npm run docs)", async () => {
    const generated = azureTable((await generatedFiles(process.cwd()))[README_FILE]);
    expect(table.section, "README.md's Azure reference is stale: run npm run docs").to.equal(
      generated.section,
    );
  });

  it("names every key the Azure example stack files state", () => {
    const leaves = (value: unknown, prefix: string): string[] =>
      value !== null && typeof value === "object" && !Array.isArray(value) && prefix !== "tags"
        ? Object.entries(value).flatMap(([k, v]) => leaves(v, `${prefix}.${k}`))
        : [prefix];
    let seen = 0;
    for (const stack of ["azure-dev", "azure-prod"]) {
      for (const [key, value] of Object.entries(readStackSettings(process.cwd(), stack).config)) {
        if (!key.startsWith("storefront:")) continue;
        // Structured values reach the program as JSON text, as the Pulumi CLI hands them over.
        const parsed: unknown = typeof value === "string" && /^[[{]/.test(value) ? JSON.parse(value) : value;
        for (const leaf of leaves(parsed, key.slice("storefront:".length))) {
          expect(table.rows.has(leaf), `${stack}: ${leaf}`).to.equal(true);
          seen++;
        }
      }
    }
    expect(seen).to.be.greaterThan(15);
  });

  it("shows as each default an accepted value that changes nothing when a stack file states it", () => {
    const switched = [...table.rows.keys()]
      .filter((k) => /^[a-z]+\.enabled$/i.test(k))
      .map((k) => k.split(".")[0]);
    expect(switched.length).to.be.greaterThan(0);
    let checked = 0;
    for (const [key, [, dev, prod]] of table.rows) {
      for (const [environment, shown] of [
        ["dev", dev],
        ["prod", prod],
      ] as const) {
        const text = /^`(.*)`$/.exec(shown)?.[1]?.replaceAll("<client>", SAMPLE_CLIENT);
        if (text === undefined) continue;
        const value: unknown = /^[[{"]|^(true|false|-?\d+(\.\d+)?)$/.test(text) ? JSON.parse(text) : text;
        // Keys of a section that is off by default are shown, and checked, with the section on.
        let raw = minimalAzureStack(environment, "magento") as unknown as Record<string, unknown>;
        if (!key.endsWith(".enabled")) {
          for (const section of switched) raw = withKey(raw, `${section}.enabled`, true);
        }
        const stated = withKey(raw, key, value);
        const parsed = azureStackConfigSchema.safeParse(stated);
        expect(parsed.success, `${environment} ${key}: ${text} is accepted`).to.equal(true);
        expect(
          resolveAzure("docs", stated as RawAzureStackConfig),
          `${environment} ${key}: stating ${text} changes the resolved stack`,
        ).to.deep.equal(resolveAzure("docs", raw as RawAzureStackConfig));
        checked++;
      }
    }
    expect(checked).to.be.greaterThan(40);
  });

  it("makes npm run docs -- --check fail when the README's Azure reference was edited by hand", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "storefront-docs-"));
    try {
      for (const file of [README_FILE, SCHEMA_FILE, ".prettierrc.json"]) {
        cpSync(file, path.join(dir, file), { recursive: true });
      }
      const run = async () => {
        const out: string[] = [];
        const sink = { write: (t: string) => (out.push(t), true) } as unknown as NodeJS.WritableStream;
        const code = await docsCommand.run({
          options: { check: true },
          now: new Date("2026-11-30T12:00:00Z"),
          io: { stdout: sink, stderr: sink, env: {}, cwd: dir },
          out: async (t) => void out.push(t),
          err: async (t) => void out.push(t),
        });
        return { code, text: out.join("") };
      };
      expect((await run()).code, "a faithful copy is up to date").to.equal(0);
      const [first] = table.rows.keys();
      const edited = readme.replace(new RegExp(`\\| \`${first.replace(/\./g, "\\.")}\`[^\n]*\n`), "");
      expect(edited).to.not.equal(readme);
      writeFileSync(path.join(dir, README_FILE), edited);
      const stale = await run();
      expect(stale.code).to.equal(1);
      expect(stale.text).to.include("stale: README.md");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
