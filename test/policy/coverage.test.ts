import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { BEGIN, CatalogueEntry, END, renderCoverage, typesOf } from "../../policy/coverage";
import { POLICIES } from "../../policy/pack";
import { RULES } from "../../policy/rules";
import { planStack } from "../../runtime/plan-runner";
import { readStackSettings } from "../../runtime/stack-files";
import { runStack } from "../../stacks/program";

const README = "policy/README.md";
const CATALOGUE = (JSON.parse(readFileSync("policy/catalogue.json", "utf8")) as { rules: CatalogueEntry[] })
  .rules;

describe("policy/coverage", () => {
  const registered: string[] = [];
  before(async function () {
    this.timeout(120000);
    for (const stack of ["dev", "prod", "harbor-prod"]) {
      const plan = await planStack(readStackSettings(process.cwd(), stack), runStack, { policies: POLICIES });
      expect(
        plan.violations.filter((v) => v.enforcement === "mandatory"),
        stack,
      ).to.deep.equal([]);
      registered.push(...plan.resources.map((r) => r.type));
    }
    const settings = readStackSettings(process.cwd(), "prod");
    const fastly = await planStack(
      {
        ...settings,
        config: {
          ...settings.config,
          "storefront:edge": JSON.stringify({ provider: "fastly", fastly: { shieldPop: "dub-dublin-ie" } }),
          "fastly:apiKey": "offline-plan-secret",
        },
        secretKeys: [...settings.secretKeys, "fastly:apiKey"],
      },
      runStack,
      { policies: POLICIES },
    );
    expect(
      fastly.violations.filter((v) => v.enforcement === "mandatory"),
      "prod on Fastly",
    ).to.deep.equal([]);
    registered.push(...fastly.resources.map((r) => r.type));
  });

  it("has the coverage table policy/README.md shows, generated from the rules and the plans", () => {
    const readme = readFileSync(README, "utf8");
    const table = renderCoverage(RULES, CATALOGUE, registered);
    const start = readme.indexOf(BEGIN);
    const end = readme.indexOf(END);
    if (process.env.UPDATE_POLICY_README === "1")
      writeFileSync(README, `${readme.slice(0, start)}${table}${readme.slice(end + END.length)}`);
    expect(start, "the README's coverage markers").to.be.greaterThan(-1);
    // Compared as prettier leaves Markdown tables: cells padded, separators widened.
    const normal = (text: string) => text.replace(/ {2,}/g, " ").replace(/-{3,}/g, "---");
    expect(normal(readme.slice(start, end + END.length))).to.equal(normal(table));
  });

  it("names the types each stack rule judges", () => {
    expect(RULES.filter((r) => typesOf(r, CATALOGUE).length === 0).map((r) => r.id)).to.deep.equal([]);
  });
});
