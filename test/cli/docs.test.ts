import { expect } from "chai";
import { readFileSync } from "node:fs";
import { generatedFiles, README_FILE, SCHEMA_FILE, stackFileSchema } from "../../cli/docs";
import { readStackSettings } from "../../runtime/stack-files";

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
