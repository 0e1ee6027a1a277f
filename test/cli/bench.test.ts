import { expect } from "chai";
import { readdirSync, rmSync } from "node:fs";
import { fleetDir } from "../../cli/bench";
import { readStackSettings } from "../../runtime/stack-files";
import { validateAzureStackConfig } from "../../stacks/azure-config";
import { validateStackConfig } from "../../stacks/load-config";

/** The project namespace of a stack file, decoded as Pulumi hands it to the program. */
function source(dir: string, stack: string) {
  const settings = readStackSettings(dir, stack);
  const values: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(settings.config)) {
    if (!key.startsWith("storefront:")) continue;
    try {
      values[key.slice("storefront:".length)] = JSON.parse(raw);
    } catch {
      values[key.slice("storefront:".length)] = raw;
    }
  }
  return { stack, values, secretKeys: new Set<string>() };
}

describe("cli/bench: generated fleets", () => {
  it("generates AWS and Azure client stacks alternately, each valid for its cloud's schema", () => {
    const { dir, stacks } = fleetDir(process.cwd(), 8, "mixed");
    try {
      expect(readdirSync(dir).filter((f) => f.startsWith("Pulumi.") && f !== "Pulumi.yaml")).to.have.length(
        8,
      );
      const clouds = stacks.map((stack) => {
        const azure = readStackSettings(dir, stack).config["storefront:cloud"] === "azure";
        const result = azure
          ? validateAzureStackConfig(source(dir, stack))
          : validateStackConfig(source(dir, stack));
        expect(result.ok ? [] : result.problems, stack).to.deep.equal([]);
        return azure ? "azure" : "aws";
      });
      expect(clouds).to.deep.equal(["aws", "aws", "azure", "azure", "aws", "aws", "azure", "azure"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("generates only AWS stacks by default, as the README's speed table was measured", () => {
    const { dir, stacks } = fleetDir(process.cwd(), 4);
    try {
      for (const stack of stacks) {
        expect(readStackSettings(dir, stack).config["storefront:cloud"], stack).to.equal(undefined);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
