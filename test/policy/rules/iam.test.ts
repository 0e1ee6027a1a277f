import { expect } from "chai";
import { checkResource, resourceRuleCases } from "../harness";

describe("policy/rules/iam", () => {
  const POLICY = "aws:iam/policy:Policy";
  const doc = (...statements: Record<string, unknown>[]) => ({
    policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
  });
  const scoped = doc({
    Effect: "Allow",
    Action: ["logs:PutLogEvents"],
    Resource: "arn:aws:logs:*:1:log-group:x",
  });

  resourceRuleCases("iam-no-admin-star-policy", POLICY, scoped, [
    [
      "Action * on Resource *",
      doc({ Effect: "Allow", Action: "*", Resource: "*" }),
      ["A statement allows Action * on Resource *."],
    ],
  ]);
  resourceRuleCases(
    "iam-no-wildcard-actions",
    POLICY,
    doc({ Effect: "Deny", Action: "s3:*", Resource: "*" }),
    [
      [
        "s3:* allowed",
        doc({ Effect: "Allow", Action: ["s3:*", "s3:Get*"], Resource: "arn:aws:s3:::b" }),
        ["Allowed actions with wildcards: s3:*, s3:Get*."],
      ],
    ],
  );
  resourceRuleCases(
    "iam-no-admin-managed-attachment",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    { policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" },
    [
      [
        "AdministratorAccess",
        { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
        ["An administrator policy is attached."],
      ],
    ],
  );
  resourceRuleCases("iam-no-inline-policies", "aws:iam/role:Role", { assumeRolePolicy: "{}" }, [
    [
      "a role with inline policies",
      { inlinePolicies: [{ name: "x", policy: "{}" }] },
      ["An inline policy grants permissions."],
    ],
  ]);
  it("iam-no-inline-policies flags every standalone inline policy resource", () => {
    expect(
      checkResource("iam-no-inline-policies", "aws:iam/rolePolicy:RolePolicy", { role: "r", policy: "{}" }),
    ).to.deep.equal(["An inline policy grants permissions."]);
  });
});
