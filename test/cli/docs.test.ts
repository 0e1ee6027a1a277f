import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  AZURE_MARKERS,
  caseless,
  docsCommand,
  generatedFiles,
  minimalAzureStack,
  README_FILE,
  SAMPLE_CLIENT,
  SCHEMA_FILE,
  stackFileSchema,
} from "../../cli/docs";
import { parse as parseYaml } from "yaml";
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
    const schema = stackFileSchema() as {
      properties: { config: Record<"then" | "else", { properties: Record<string, unknown> }> };
    };
    const branches = { aws: schema.properties.config.else, azure: schema.properties.config.then };
    const examples = { aws: ["dev", "prod", "harbor-prod"], azure: ["azure-dev", "azure-prod"] };
    for (const cloud of ["aws", "azure"] as const) {
      const keys = Object.keys(branches[cloud].properties);
      for (const stack of examples[cloud]) {
        for (const key of Object.keys(readStackSettings(process.cwd(), stack).config)) {
          if (key.startsWith("storefront:")) expect(keys, `${stack}: ${key}`).to.include(key);
        }
      }
      expect(JSON.stringify(branches[cloud]).match(/#\/\$defs\/secure/g), cloud).to.have.length(1);
    }
  });

  it("writes a case-insensitive zod pattern as one that matches both cases itself (JSON Schema has no flags)", () => {
    const patterns = [
      /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i,
      /^\/subscriptions\/[^/]+\/resourcegroups\/[\p{L}\p{Nd}_.()-]{1,90}\/providers\/microsoft\.x\/[a-z0-9][a-z0-9_-]{2,9}$/iu,
      /^[^a-c]x\.y$/i,
    ];
    const samples = [
      "{0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d}",
      "{0A1B2C3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D}",
      "{0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5g}",
      "/subscriptions/s/resourceGroups/Rg-1/providers/Microsoft.X/Name_1",
      "/SUBSCRIPTIONS/s/resourcegroups/rg/providers/microsoft.x/n",
      "/subscriptions/s/resourcegroups/rg/providers/microsoftx/name",
      "dX.y",
      "Bx.Y",
      "bx.y",
    ];
    for (const p of patterns) {
      const rewritten = new RegExp(caseless(p.source), "u");
      for (const sample of samples) expect(rewritten.test(sample), `${p} ${sample}`).to.equal(p.test(sample));
    }
    expect(samples.filter((x) => patterns.some((p) => p.test(x)))).to.have.length(4);
  });

  describe("the schema as an editor applies it (Ajv, JSON Schema 2020-12)", () => {
    let validate: ReturnType<Ajv2020["compile"]>;
    const stackFile = (stack: string) =>
      parseYaml(readFileSync(`Pulumi.${stack}.yaml`, "utf8")) as { config: Record<string, unknown> };
    const errors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    before(() => {
      validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(
        JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as object,
      );
    });

    it("accepts every example stack file, AWS and Azure", () => {
      for (const stack of ["dev", "prod", "harbor-prod", "azure-dev", "azure-prod"]) {
        expect(validate(stackFile(stack)), `${stack}: ${errors().join("; ")}`).to.equal(true);
      }
    });

    it("checks an Azure stack file against Azure's keys and vocabulary, not AWS's", () => {
      const azure = stackFile("azure-prod");
      const withConfig = (config: Record<string, unknown>) => ({ config: { ...azure.config, ...config } });
      // An EC2 instance type is no Azure VM size; an AWS-only section is no key of an Azure stack.
      expect(validate(withConfig({ "storefront:web": { instanceType: "m7g.large" } }))).to.equal(false);
      expect(errors().join("; ")).to.contain("/config/storefront:web/instanceType");
      expect(validate(withConfig({ "storefront:delivery": { enabled: true } }))).to.equal(false);
      // Without the Azure section the file is incomplete.
      const { "storefront:azure": _azure, ...noAzure } = azure.config;
      expect(validate({ config: noAzure })).to.equal(false);
      // Other namespaces stay the program's business.
      expect(validate(withConfig({ "azure-native:location": "westeurope" }))).to.equal(true);
    });

    it("checks an AWS stack file (no storefront:cloud, or aws) against AWS's, refusing Azure's section", () => {
      const aws = stackFile("prod");
      expect(validate({ config: { ...aws.config, "storefront:cloud": "aws" } })).to.equal(true);
      expect(validate({ config: { ...aws.config, "storefront:azure": { subscriptionId: "x" } } })).to.equal(
        false,
      );
      expect(validate({ config: { ...aws.config, "storefront:cloud": "gcp" } })).to.equal(false);
    });
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
