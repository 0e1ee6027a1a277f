import { expect } from "chai";
import { checkStack, resourceRuleCases } from "../harness";

describe("policy/rules/wafv2", () => {
  const ACL = "aws:wafv2/webAcl:WebAcl";
  resourceRuleCases(
    "wafv2-webacl-has-rules",
    ACL,
    { rules: [{ name: "common", overrideAction: { none: {} } }] },
    [
      ["no rules", { rules: [] }, ["The web ACL has no rules: it lets everything through."]],
      ["a rule without an action", { rules: [{ name: "x" }] }, ["1 rule(s) have no action."]],
    ],
  );
  describe("wafv2-logging", () => {
    it("passes a logged web ACL and flags an unlogged one", () => {
      expect(
        checkStack("wafv2-logging", [
          { type: ACL, name: "acl" },
          {
            type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
            name: "log",
            deps: { resourceArn: ["acl"] },
          },
        ]),
      ).to.deep.equal([]);
      expect(checkStack("wafv2-logging", [{ type: ACL, name: "acl" }])).to.deep.equal([
        "acl: The web ACL does not log.",
      ]);
    });
  });

  const metrics = { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "m" };
  const managed = (name: string) => ({
    name,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
    visibilityConfig: metrics,
  });
  const acl = { rules: [managed("AWSManagedRulesKnownBadInputsRuleSet")], visibilityConfig: metrics };
  resourceRuleCases("wafv2-known-bad-inputs", ACL, acl, [
    [
      "no known bad inputs group",
      { ...acl, rules: [managed("AWSManagedRulesCommonRuleSet")] },
      ["The known bad inputs rule group is missing."],
    ],
    ["nothing for a web ACL without rules (wafv2-webacl-has-rules')", { ...acl, rules: [] }, []],
  ]);
  resourceRuleCases("wafv2-visibility-metrics", ACL, acl, [
    [
      "a rule without metrics",
      {
        ...acl,
        rules: [{ ...managed("x"), visibilityConfig: { ...metrics, cloudwatchMetricsEnabled: false } }],
      },
      ["1 of the web ACL and its rules publish no metrics."],
    ],
  ]);
});
