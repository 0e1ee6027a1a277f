import { expect } from "chai";
import { planStack, PlanResult } from "../../runtime/plan-runner";
import { POLICIES } from "../../policy/pack";
import { insecureProgram, PLANTED } from "../fixtures/insecure-program";
import { PROJECT } from "../mocks";

describe("policy pack on a deliberately insecure program", () => {
  let plan: PlanResult;
  before(async () => {
    const settings = {
      project: PROJECT,
      projectDir: process.cwd(),
      stack: "insecure",
      file: "(fixture)",
      config: {},
      secretKeys: [],
    };
    plan = await planStack(settings, insecureProgram, { policies: POLICIES });
  });

  it("plants a violation of every rule in the pack", () => {
    expect([...PLANTED].sort()).to.deep.equal(POLICIES.map((p) => p.name).sort());
  });

  it("flags every planted violation, and nothing else", () => {
    const fired = [...new Set(plan.violations.map((v) => v.policy))].sort();
    expect(fired).to.deep.equal([...PLANTED].sort());
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

  it("names the offending resource in every violation", () => {
    for (const v of plan.violations) expect(v.urn, v.policy).to.match(/^urn:pulumi:insecure::storefront::/);
  });
});
