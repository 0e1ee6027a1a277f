import { expect } from "chai";
import { add, checkResource, Node, patch, resourceRuleCases, stackRuleCases } from "../harness";

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

  const ROLE = "aws:iam/role:Role";
  const text = (statement: Record<string, unknown>) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
  resourceRuleCases(
    "iam-no-privilege-escalation",
    "aws:iam/policy:Policy",
    { policy: text({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::1:role/app" }) },
    [
      [
        "CreateAccessKey",
        {
          policy: text({
            Effect: "Allow",
            Action: ["iam:CreateAccessKey"],
            Resource: "arn:aws:iam::1:user/x",
          }),
        },
        ["Allows privilege-escalating action(s): iam:CreateAccessKey."],
      ],
      [
        "PassRole on every role",
        { policy: text({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }) },
        ["Allows privilege-escalating action(s): iam:PassRole."],
      ],
    ],
  );
  const service = text({
    Effect: "Allow",
    Principal: { Service: "ec2.amazonaws.com" },
    Action: "sts:AssumeRole",
  });
  resourceRuleCases("iam-role-trust-no-wildcard", ROLE, { assumeRolePolicy: service }, [
    [
      "a role anyone may assume",
      { assumeRolePolicy: text({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) },
      ["The role can be assumed by anyone."],
    ],
  ]);
  const github = "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com";
  const oidc = (condition?: Record<string, unknown>) =>
    text({
      Effect: "Allow",
      Principal: { Federated: github },
      Action: "sts:AssumeRoleWithWebIdentity",
      ...(condition ? { Condition: condition } : {}),
    });
  resourceRuleCases(
    "iam-oidc-trust-scoped",
    ROLE,
    {
      assumeRolePolicy: oidc({
        StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/shop:ref:refs/heads/main" },
      }),
    },
    [
      [
        "no subject condition",
        {
          assumeRolePolicy: oidc({
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          }),
        },
        [
          "The role trusts token.actions.githubusercontent.com without pinning the subject: any repository can assume it.",
        ],
      ],
      [
        "a wildcard subject",
        { assumeRolePolicy: oidc({ StringLike: { "token.actions.githubusercontent.com:sub": "repo:*" } }) },
        [
          "The role trusts token.actions.githubusercontent.com without pinning the subject: any repository can assume it.",
        ],
      ],
    ],
  );
  it("iam-no-wildcard-actions leaves Action * on Resource * to iam-no-admin-star-policy (one finding)", () => {
    const admin = { policy: text({ Effect: "Allow", Action: "*", Resource: "*" }) };
    expect(checkResource("iam-no-wildcard-actions", "aws:iam/policy:Policy", admin)).to.deep.equal([]);
    expect(checkResource("iam-no-admin-star-policy", "aws:iam/policy:Policy", admin)).to.have.length(1);
  });

  const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
  const SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
  const MESSAGE =
    "AmazonSSMManagedInstanceCore on a role that is not an Image Builder build role: it reads every SSM parameter of the account.";
  const builds: Node[] = [
    { type: ATTACHMENT, name: "builder-core", props: { role: "builder", policyArn: SSM_CORE } },
    {
      type: ATTACHMENT,
      name: "builder-image",
      props: { role: "builder", policyArn: "arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder" },
    },
    {
      type: ATTACHMENT,
      name: "web-sm",
      props: { role: "web", policyArn: "arn:aws:iam::1:policy/web-session-manager" },
    },
  ];
  stackRuleCases("iam-ssm-core-only-for-image-builds", builds, [
    [
      "the managed policy attached to a server role",
      add({ type: ATTACHMENT, name: "web-core", props: { role: "web", policyArn: SSM_CORE } }),
      [`web-core: ${MESSAGE}`],
    ],
    [
      "the managed policy in a role's managedPolicyArns",
      add({
        type: "aws:iam/role:Role",
        name: "bastion",
        props: { name: "bastion", assumeRolePolicy: "{}", managedPolicyArns: [SSM_CORE] },
      }),
      [`bastion: ${MESSAGE}`],
    ],
    [
      "a build role that lost its Image Builder policy",
      patch("builder-image", { policyArn: "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy" }),
      [`builder-core: ${MESSAGE}`],
    ],
  ]);
});
