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
});
