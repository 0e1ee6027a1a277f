import { expect } from "chai";
import { frontDoorCustomRules, wafRuleProblems } from "../../../../components/azure/edge/waf-rules";

const COUNTRIES = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ".split(" ");

describe("components/azure/edge/waf-rules", () => {
  it("limits each connecting address over five minutes, whatever X-Forwarded-For says", () => {
    const [rate] = frontDoorCustomRules(1500);
    expect(rate).to.deep.include({
      ruleType: "RateLimitRule",
      rateLimitThreshold: 1500,
      rateLimitDurationInMinutes: 5,
    });
    expect(rate.groupBy).to.deep.equal([{ variableName: "SocketAddr" }]);
    expect(rate.matchConditions).to.deep.equal([
      { matchVariable: "SocketAddr", operator: "IPMatch", matchValue: ["0.0.0.0/0", "::/0"] },
    ]);
  });

  it("blocks countries outside an allow list in one rule, ten countries per (ANDed) condition", () => {
    const rules = frontDoorCustomRules(1500, { mode: "allow", countries: COUNTRIES });
    expect(rules).to.have.length(2);
    const conditions = rules[1].matchConditions as { matchValue: string[]; negateCondition: boolean }[];
    expect(conditions.map((c) => c.matchValue.length)).to.deep.equal([10, 10, 5]);
    expect(conditions.every((c) => c.negateCondition)).to.equal(true);
    expect(conditions.flatMap((c) => c.matchValue)).to.deep.equal(COUNTRIES);
  });

  it("blocks a deny list with one rule per ten countries, since conditions cannot be ORed", () => {
    const rules = frontDoorCustomRules(1500, { mode: "deny", countries: COUNTRIES });
    expect(rules.map((r) => r.name)).to.deep.equal(["RateLimitPerIp", "GeoDeny1", "GeoDeny2", "GeoDeny3"]);
    expect(rules.map((r) => r.priority)).to.deep.equal([10, 20, 21, 22]);
    for (const r of rules.slice(1)) {
      expect(r.matchConditions).to.have.length(1);
      expect((r.matchConditions as { negateCondition: boolean }[])[0].negateCondition).to.equal(false);
    }
  });

  it("refuses an allow list longer than one rule can hold", () => {
    const many = Array.from({ length: 101 }, (_, i) =>
      String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)),
    );
    expect(wafRuleProblems(1000, { mode: "allow", countries: many })).to.deep.equal([
      "geoRestriction.countries: 101 countries; an allow list holds at most 100",
    ]);
    expect(wafRuleProblems(1000, { mode: "deny", countries: many })).to.deep.equal([]);
  });
});
