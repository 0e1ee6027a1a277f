import { expect } from "chai";
import { planStack, PlanResult } from "../../runtime/plan-runner";
import { POLICIES } from "../../policy/pack";
import { AWS_RULES, AZURE_RULES } from "../../policy/rules";
import { insecureAzureProgram, NOT_PLANTED, PLANTED } from "../fixtures/insecure-azure-program";
import { PROJECT } from "../mocks";

/** Every type token a rule judges (resource rules' own list; stack rules declare theirs). */
const tokensOf = (rules: typeof AZURE_RULES) => rules.flatMap((r) => r.types ?? []);

describe("policy pack on a deliberately insecure Azure program", () => {
  let plan: PlanResult;
  before(async function () {
    this.timeout(120000);
    const settings = {
      project: PROJECT,
      projectDir: process.cwd(),
      stack: "insecure-azure",
      file: "(fixture)",
      config: {},
      secretKeys: [],
    };
    plan = await planStack(settings, insecureAzureProgram, {
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
});
