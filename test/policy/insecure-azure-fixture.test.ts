import { expect } from "chai";
import { planStack, PlanResult } from "../../runtime/plan-runner";
import { reconcilePolicyConfig } from "../../runtime/policy-config";
import { POLICIES } from "../../policy/pack";
import { AWS_RULES, AZURE_RULES } from "../../policy/rules";
import { insecureAzureProgram, NOT_PLANTED, PLANTED } from "../fixtures/insecure-azure-program";
import { PROJECT } from "../mocks";

/** Every type token a rule judges (resource rules' own list; stack rules declare theirs). */
const tokensOf = (rules: typeof AZURE_RULES) => rules.flatMap((r) => r.types ?? []);

const SETTINGS = {
  project: PROJECT,
  projectDir: process.cwd(),
  stack: "insecure-azure",
  file: "(fixture)",
  config: {},
  secretKeys: [],
};

describe("policy pack on a deliberately insecure Azure program", () => {
  let plan: PlanResult;
  before(async function () {
    this.timeout(120000);
    plan = await planStack(SETTINGS, insecureAzureProgram, {
      policies: POLICIES,
      // Opt-in rules run only when configured.
      policyConfig: Object.fromEntries(
        POLICIES.filter((p) => p.enforcementLevel === "disabled").map((p) => [p.name, "advisory"]),
      ),
    });
  });

  it("plants a problem for every Azure rule of the pack, or says why not", () => {
    const planted = new Set(PLANTED.map(([policy]) => policy));
    const names = AZURE_RULES.map((r) => r.id);
    expect(names.filter((n) => !planted.has(n) && !(n in NOT_PLANTED))).to.deep.equal([]);
    expect([...planted].filter((n) => !names.includes(n))).to.deep.equal([]);
  });

  it("gives exactly one finding per planted problem, on the planted resource, and nothing else", () => {
    const found = plan.violations.map((v) => `${v.policy} on ${v.urn.split("::").pop()}`).sort();
    expect(found).to.deep.equal(PLANTED.map(([policy, resource]) => `${policy} on ${resource}`).sort());
  });

  it("registers plain azure-native resources only, and no AWS rule fires on them", () => {
    const types = new Set(plan.resources.map((r) => r.type).filter((t) => !t.startsWith("pulumi:")));
    expect([...types].filter((t) => !t.startsWith("azure-native:"))).to.deep.equal([]);
    const aws = new Set(AWS_RULES.map((r) => r.id));
    expect(plan.violations.filter((v) => aws.has(v.policy))).to.deep.equal([]);
  });

  it("keeps the two clouds' token sets disjoint", () => {
    expect(tokensOf(AZURE_RULES).filter((t) => !t.startsWith("azure-native:"))).to.deep.equal([]);
    expect(tokensOf(AWS_RULES).filter((t) => t.startsWith("azure-native:"))).to.deep.equal([]);
  });

  it("marks critical and high findings mandatory, the rest advisory", () => {
    for (const v of plan.violations) {
      const expected = v.severity === "critical" || v.severity === "high" ? "mandatory" : "advisory";
      expect(v.enforcement, v.policy).to.equal(expected);
    }
  });

  it("never echoes a secret in a message", () => {
    const messages = plan.violations.map((v) => v.message).join("\n");
    expect(messages).not.to.match(/literal-password|Sup3rS3cret/);
  });

  it("takes policy configuration for Azure rules as for AWS ones: levels and settings", async function () {
    this.timeout(120000);
    const configured = await planStack(SETTINGS, insecureAzureProgram, {
      policies: POLICIES,
      policyConfig: {
        "mysql-cmk": "disabled",
        "vnet-flow-logs-enabled": "advisory",
        // The fixture's good workspace keeps 90 days; asking for 180 makes it a finding too.
        "log-analytics-retention": { minimumDays: 180 },
        // A production environment named otherwise: the fixture's prod resources are no longer judged as such.
        "mysql-zone-redundant-ha": { productionEnvironments: ["live"] },
      },
    });
    const found = (policy: string) =>
      configured.violations
        .filter((v) => v.policy === policy)
        .map((v) => `${v.enforcement} ${v.urn.split("::").pop()}`)
        .sort();
    expect(found("mysql-cmk")).to.deep.equal([]);
    expect(found("vnet-flow-logs-enabled")).to.deep.equal(["advisory bad-vnet"]);
    expect(found("log-analytics-retention")).to.deep.equal([
      "advisory bad-workspace",
      "advisory good-workspace",
    ]);
    expect(found("mysql-zone-redundant-ha")).to.deep.equal([]);
  });

  it("refuses Azure rule settings offline as the CLI would, one line each", () => {
    const { problems } = reconcilePolicyConfig(POLICIES, {
      "vnet-flow-logs-enabled": { minimumRetentionDays: 0 },
      "vmss-zone-redundant": { productionEnvironments: "prod" },
      "azure-resources-tagged": { requiredTag: ["client"] },
      "nsg-no-public-ingres-admin-ports": "mandatory",
    });
    expect(problems).to.have.length(4);
    expect(problems.join("\n")).to.include("vnet-flow-logs-enabled: ");
    expect(problems.join("\n")).to.include("vmss-zone-redundant: ");
    expect(problems.join("\n")).to.include("azure-resources-tagged.requiredTag: got an unknown setting");
    expect(problems.join("\n")).to.include("closest: nsg-no-public-ingress-admin-ports");
  });
});
