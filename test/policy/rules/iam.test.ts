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
  const PROFILE = "aws:iam/instanceProfile:InstanceProfile";
  const trust = (principal: unknown) =>
    JSON.stringify({ Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });
  stackRuleCases(
    "iam-instance-profile-role-ec2-only",
    [
      {
        type: ROLE,
        name: "web",
        props: { name: "web-1", assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }) },
      },
      { type: PROFILE, name: "web-profile", props: { role: "web-1" } },
    ],
    [
      [
        "an instance role also trusted by Lambda",
        patch("web", { assumeRolePolicy: trust({ Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] }) }),
        ["web-profile: The instance role web is also trusted by lambda.amazonaws.com."],
      ],
      [
        "an instance role also trusted by an account",
        patch("web", {
          assumeRolePolicy: JSON.stringify({
            Statement: [
              { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
              {
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::444455556666:root" },
                Action: "sts:AssumeRole",
              },
            ],
          }),
        }),
        ["web-profile: The instance role web is also trusted by AWS."],
      ],
    ],
  );

  const OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
  resourceRuleCases(
    "iam-oidc-provider-audience",
    OIDC,
    { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] },
    [
      [
        "a provider without audience",
        { url: "https://token.actions.githubusercontent.com", clientIdLists: [] },
        ["The provider accepts no named audience (clientIdLists)."],
      ],
      [
        "a wildcard audience",
        { url: "https://token.actions.githubusercontent.com", clientIdLists: ["*"] },
        ["The provider accepts no named audience (clientIdLists)."],
      ],
      [
        "a plain-HTTP issuer",
        { url: "http://issuer.example", clientIdLists: ["sts.amazonaws.com"] },
        ["The provider's URL is not https://."],
      ],
    ],
  );

  resourceRuleCases(
    "iam-no-user-policies",
    "aws:iam/policyAttachment:PolicyAttachment",
    { roles: ["ops"], policyArn: "arn:aws:iam::1:policy/p" },
    [
      [
        "an attachment to users",
        { users: ["alice"], policyArn: "arn:aws:iam::1:policy/p" },
        ["A policy is given to a user directly."],
      ],
    ],
  );
  it("iam-no-user-policies flags user policies and user attachments, and iam-no-inline-policies leaves user policies to it", () => {
    const policy = {
      user: "alice",
      policy: JSON.stringify({
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
      }),
    };
    expect(checkResource("iam-no-user-policies", "aws:iam/userPolicy:UserPolicy", policy)).to.deep.equal([
      "A policy is given to a user directly.",
    ]);
    expect(checkResource("iam-no-inline-policies", "aws:iam/userPolicy:UserPolicy", policy)).to.deep.equal(
      [],
    );
    expect(
      checkResource("iam-no-user-policies", "aws:iam/userPolicyAttachment:UserPolicyAttachment", {
        user: "alice",
        policyArn: "arn:aws:iam::1:policy/p",
      }),
    ).to.deep.equal(["A policy is given to a user directly."]);
  });

  resourceRuleCases(
    "iam-password-policy",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    { minimumPasswordLength: 14, passwordReusePrevention: 24 },
    [
      [
        "short passwords",
        { minimumPasswordLength: 8, passwordReusePrevention: 24 },
        ["Passwords may be shorter than 14 characters."],
      ],
      ["reuse allowed", { minimumPasswordLength: 16 }, ["Passwords may repeat one of the last 24."]],
    ],
  );

  stackRuleCases(
    "iam-no-policy-management-conflicts",
    [
      {
        type: ROLE,
        name: "exclusive",
        props: { name: "exclusive-1", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      },
      { type: ROLE, name: "attached", props: { name: "attached-1" } },
      {
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "attachment",
        props: { role: "attached-1", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
      },
    ],
    [
      [
        "an attachment to a role that manages its policies itself",
        patch("attachment", { role: "exclusive-1" }),
        ["exclusive: The role's policies are set on the role and by separate resources."],
      ],
    ],
  );

  const wide = (statement: Record<string, unknown>) => ({
    policy: JSON.stringify({ Statement: [{ Effect: "Allow", Resource: "*", ...statement }] }),
  });
  resourceRuleCases(
    "iam-no-wildcard-resources",
    "aws:iam/policy:Policy",
    {
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: "arn:aws:secretsmanager:eu-west-1:1:secret:x",
          },
          { Effect: "Allow", Action: ["cloudwatch:PutMetricData", "ec2:DescribeTags"], Resource: "*" },
        ],
      }),
    },
    [
      [
        "a secret read on every secret",
        wide({ Action: ["secretsmanager:GetSecretValue", "ec2:DescribeInstances"] }),
        ["Actions granted on every resource: secretsmanager:GetSecretValue."],
      ],
      ["nothing for a wildcard action (iam-no-wildcard-actions')", wide({ Action: "s3:*" }), []],
      [
        "nothing for the SSM agent's and Session Manager's own calls",
        wide({
          Action: ["ssm:UpdateInstanceInformation", "ssmmessages:OpenDataChannel", "ec2messages:GetMessages"],
        }),
        [],
      ],
      [
        "a parameter read among the agent's calls",
        wide({ Action: ["ssm:UpdateInstanceInformation", "ssm:GetParameter"] }),
        ["Actions granted on every resource: ssm:GetParameter."],
      ],
      [
        "nothing for PassRole on every role (iam-no-privilege-escalation's)",
        wide({ Action: "iam:PassRole" }),
        [],
      ],
    ],
  );
});
