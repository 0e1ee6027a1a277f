import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import {
  BEGIN,
  CatalogueEntry,
  END,
  isBookkeeping,
  mustBeGuarded,
  NOT_WRITTEN,
  renderCoverage,
  typesOf,
} from "../../policy/coverage";
import { RULES } from "../../policy/rules";
import { readStackSettings, StackSettings } from "../../runtime/stack-files";
import { cachedPlan } from "../plan-cache";

const README = "policy/README.md";
const CATALOGUE = (JSON.parse(readFileSync("policy/catalogue.json", "utf8")) as { rules: CatalogueEntry[] })
  .rules;

/** The example stack on Fastly instead of CloudFront, as a client would switch it. */
function onFastly(settings: StackSettings): StackSettings {
  const edge = JSON.parse(String(settings.config["storefront:edge"] ?? "{}")) as Record<string, unknown>;
  return {
    ...settings,
    config: {
      ...settings.config,
      "storefront:edge": JSON.stringify({
        ...edge,
        provider: "fastly",
        fastly: { shieldPop: "dub-dublin-ie" },
      }),
      "fastly:apiKey": "offline-plan-secret",
    },
    secretKeys: [...settings.secretKeys, "fastly:apiKey"],
  };
}

/** The example stack with another profile (Magento: OpenSearch and its logs; WordPress: none). */
function asProfile(profile: "magento" | "wordpress", settings: StackSettings): StackSettings {
  return { ...settings, config: { ...settings.config, "storefront:profile": profile } };
}

/**
 * The example stacks of both clouds and their variants: WordPress and Magento, CloudFront and Fastly on
 * AWS; the Azure stacks (Magento) and a WordPress one.
 */
function examples(): [string, StackSettings][] {
  const stack = (name: string) => readStackSettings(process.cwd(), name);
  return [
    ["dev", stack("dev")],
    ["prod", stack("prod")],
    ["harbor-prod", stack("harbor-prod")],
    ["dev on Magento", asProfile("magento", stack("dev"))],
    ["prod on Fastly", onFastly(stack("prod"))],
    ["harbor-prod on Fastly", onFastly(stack("harbor-prod"))],
    ["azure-dev", stack("azure-dev")],
    ["azure-prod", stack("azure-prod")],
    ["azure-prod on WordPress", asProfile("wordpress", stack("azure-prod"))],
  ];
}

describe("policy/coverage", () => {
  const registered: string[] = [];
  const registeredBy = new Map<string, string[]>();
  before(async function () {
    this.timeout(300000);
    for (const [name, settings] of examples()) {
      const plan = await cachedPlan(settings);
      expect(
        plan.violations.filter((v) => v.enforcement === "mandatory"),
        name,
      ).to.deep.equal([]);
      registered.push(...plan.resources.map((r) => r.type));
      registeredBy.set(name, [...new Set(plan.resources.map((r) => r.type))]);
    }
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

  it("guards every AWS, Fastly, random and Azure type the example stacks register with a rule", () => {
    const unguarded = [...new Set(registered)]
      .filter((t) => !isBookkeeping(t) && mustBeGuarded(t))
      .filter((t) => !RULES.some((r) => typesOf(r, CATALOGUE).includes(t)))
      .sort();
    expect(unguarded, "types no rule guards: add a rule for each (policy/README.md)").to.deep.equal([]);
  });

  it("fails on a type of a guarded provider that no rule names, on either cloud", () => {
    // The check above, on made-up registrations: a new AWS or Azure type would be caught.
    const unguarded = (types: string[]) =>
      types.filter((t) => mustBeGuarded(t) && !RULES.some((r) => typesOf(r, CATALOGUE).includes(t)));
    expect(
      unguarded([
        "aws:made/up:Thing",
        "fastly:index/madeUp:MadeUp",
        "aws:s3/bucket:Bucket",
        "azure-native:madeup:Thing",
        "azure-native:network:VirtualNetwork",
        "storefront:web:WebTier",
      ]),
    ).to.deep.equal(["aws:made/up:Thing", "fastly:index/madeUp:MadeUp", "azure-native:madeup:Thing"]);
  });

  it("plans the Azure examples with Azure types only, each guarded by an Azure rule", () => {
    // The Azure half registers azure-native (and random) types, and the rules guarding them are Azure's.
    const azure = registeredBy.get("azure-prod") ?? [];
    expect(azure.filter((t) => t.startsWith("azure-native:")).length).to.be.greaterThan(30);
    expect(azure.filter((t) => t.startsWith("aws:") || t.startsWith("awsx:"))).to.deep.equal([]);
    const guardsOf = (t: string) => RULES.filter((r) => typesOf(r, CATALOGUE).includes(t));
    for (const t of azure.filter((x) => x.startsWith("azure-native:")))
      expect(
        guardsOf(t).filter((r) => typesOf(r, CATALOGUE).some((x) => !x.startsWith("azure-native:"))),
        t,
      ).to.deep.equal([]);
  });

  it("implements every row of the security catalogue, or says in the README why not", () => {
    const ids = RULES.map((r) => r.id);
    expect(
      CATALOGUE.filter((c) => !ids.includes(c.id) && !(c.id in NOT_WRITTEN)).map((c) => c.id),
    ).to.deep.equal([]);
    expect(
      Object.keys(NOT_WRITTEN).filter((id) => ids.includes(id) || !CATALOGUE.some((c) => c.id === id)),
    ).to.deep.equal([]);
  });

  it("names the types each stack rule judges", () => {
    expect(RULES.filter((r) => typesOf(r, CATALOGUE).length === 0).map((r) => r.id)).to.deep.equal([]);
  });
});
