import { expect } from "chai";
import { planStack, PlanResult } from "../../runtime/plan-runner";
import { POLICIES } from "../../policy/pack";
import { AWS_RULES } from "../../policy/rules";
import { BASTION_ALLOW_LIST, insecureProgram, NOT_PLANTED, PLANTED } from "../fixtures/insecure-program";
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
    plan = await planStack(settings, insecureProgram, {
      policies: POLICIES,
      policyConfig: {
        "bastion-ssh-allowlisted-cidrs": { allowedSshCidrs: BASTION_ALLOW_LIST },
        // Opt-in rules run only when configured.
        ...Object.fromEntries(
          POLICIES.filter((p) => p.enforcementLevel === "disabled").map((p) => [p.name, "advisory"]),
        ),
      },
    });
  });

  it("plants a problem for every rule of the pack, or says why not", () => {
    const planted = new Set(PLANTED.map(([policy]) => policy));
    // The AWS rules: Azure's have their own fixture (test/fixtures/insecure-azure-program.ts).
    const names = AWS_RULES.map((r) => r.id);
    expect(names.filter((n) => !planted.has(n) && !(n in NOT_PLANTED))).to.deep.equal([]);
    expect(Object.keys(NOT_PLANTED).filter((n) => planted.has(n) || !names.includes(n))).to.deep.equal([]);
  });

  it("gives exactly one finding per planted problem, on the planted resource, and nothing else", () => {
    const found = plan.violations.map((v) => `${v.policy} on ${v.urn.split("::").pop()}`).sort();
    expect(found).to.deep.equal(PLANTED.map(([policy, resource]) => `${policy} on ${resource}`).sort());
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
