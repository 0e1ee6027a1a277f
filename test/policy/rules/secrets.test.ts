import { expect } from "chai";
import { checkStack, patch, resourceRuleCases, rewire, stackRuleCases } from "../harness";

describe("policy/rules/secrets", () => {
  const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
  it("no-plaintext-secrets: passes tokens and passwords that come from generated secrets", () => {
    expect(
      checkStack("no-plaintext-secrets", [
        { type: "random:index/randomPassword:RandomPassword", name: "token" },
        { type: RG, name: "cache", props: { authToken: "x" }, deps: { authToken: ["token"] } },
        {
          type: "aws:opensearch/domain:Domain",
          name: "search",
          props: { advancedSecurityOptions: { masterUserOptions: { masterUserPassword: "y" } } },
          deps: { advancedSecurityOptions: ["token"] },
        },
      ]),
    ).to.deep.equal([]);
  });
  it("ec2-userdata-no-secrets: accepts user data that reads a secret by its ARN at boot", () => {
    const userData = Buffer.from(
      "#!/bin/bash\naws secretsmanager get-secret-value --secret-id " +
        "'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-4e26-AbCdEf'\n",
    ).toString("base64");
    expect(
      checkStack("ec2-userdata-no-secrets", [
        { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", props: { userData } },
      ]),
    ).to.deep.equal([]);
  });
  it("no-plaintext-secrets: flags a literal token without echoing it; user data is ec2-userdata-no-secrets'", () => {
    const userData = Buffer.from("#!/bin/bash\nexport DB_PASSWORD=Sup3rS3cret!\n").toString("base64");
    const violations = checkStack("no-plaintext-secrets", [
      { type: RG, name: "cache", props: { authToken: "literal-token-value" } },
      { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", props: { userData } },
    ]);
    expect(violations).to.deep.equal([
      "cache: authToken is a literal or comes from an unknown source, not a generated secret.",
    ]);
    expect(violations.join()).not.to.match(/literal-token-value/);
    const userDataFinding = checkStack("ec2-userdata-no-secrets", [
      { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", props: { userData } },
    ]);
    expect(userDataFinding).to.have.length(1);
    expect(userDataFinding.join()).not.to.match(/Sup3rS3cret/);
  });

  const LT = "aws:ec2/launchTemplate:LaunchTemplate";
  const boot = (text: string) => ({ userData: Buffer.from(text).toString("base64") });
  stackRuleCases(
    "ec2-userdata-no-secrets",
    [
      {
        type: LT,
        name: "lt",
        props: boot(
          "#!/bin/bash\naws secretsmanager get-secret-value --secret-id 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC'\n",
        ),
      },
      { type: "aws:ec2/instance:Instance", name: "host", props: { userData: "#!/bin/bash\necho hello\n" } },
    ],
    [
      [
        "a password in a launch template",
        patch("lt", boot("#!/bin/bash\nexport DB_PASSWORD=Sup3rS3cret!\n")),
        ["lt: The user data contains something that looks like a credential."],
      ],
      [
        "a key glued to a secret's ARN (only well-formed ARNs are set aside)",
        patch(
          "lt",
          boot(
            "#!/bin/bash\naws secretsmanager get-secret-value --secret-id " +
              "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x;DB_PASSWORD=Sup3rS3cret!\n",
          ),
        ),
        ["lt: The user data contains something that looks like a credential."],
      ],
      [
        "an access key inside something shaped like an ARN",
        patch("lt", boot("#!/bin/bash\necho arn:aws:x::1:AKIAABCDEFGHIJKLMNOP\n")),
        ["lt: The user data contains something that looks like a credential."],
      ],
      [
        "an access key in an instance's plain user data",
        patch("host", { userData: "export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP" }),
        ["host: The user data contains something that looks like a credential."],
      ],
    ],
  );
  resourceRuleCases(
    "secretsmanager-cmk",
    "aws:secretsmanager/secret:Secret",
    { kmsKeyId: "arn:aws:kms:eu-west-1:1:key/x" },
    [["the AWS-managed key", {}, ["The secret is encrypted with the AWS-managed key."]]],
  );
  resourceRuleCases(
    "ssm-parameter-securestring",
    "aws:ssm/parameter:Parameter",
    { name: "/shop/db/password", type: "SecureString" },
    [
      [
        "a password in a String",
        { name: "/shop/db/password", type: "String" },
        ["A parameter named like a secret is stored in plain text."],
      ],
      ["nothing for a plain setting", { name: "/shop/db/host", type: "String" }, []],
    ],
  );
  resourceRuleCases(
    "random-password-strength",
    "random:index/randomPassword:RandomPassword",
    { length: 32 },
    [
      [
        "a 12-character password",
        { length: 12 },
        ["The generated secret has 12 characters; at least 20 required."],
      ],
    ],
  );
  resourceRuleCases("random-password-strength", "random:index/randomId:RandomId", { byteLength: 32 }, [
    ["an 8-byte random id", { byteLength: 8 }, ["The random id has 8 bytes; at least 16 required."]],
  ]);
  resourceRuleCases(
    "random-password-strength",
    "random:index/randomId:RandomId",
    { byteLength: 32 },
    [
      [
        "a 24-byte id where 32 are asked for",
        { byteLength: 24 },
        ["The random id has 24 bytes; at least 32 required."],
      ],
    ],
    { minimumIdBytes: 32 },
  );

  stackRuleCases(
    "no-plaintext-secrets",
    [
      { type: "random:index/randomPassword:RandomPassword", name: "salt", props: { length: 64 } },
      { type: "aws:secretsmanager/secret:Secret", name: "salts", props: {} },
      {
        type: "aws:secretsmanager/secretVersion:SecretVersion",
        name: "salts-v1",
        props: { secretString: '{"AUTH_KEY":"generated"}' },
        deps: { secretId: ["salts"], secretString: ["salt"] },
      },
    ],
    [
      [
        "a secret version holding a literal",
        rewire("salts-v1", "secretString", []),
        ["salts-v1: secretString is a literal or comes from an unknown source, not a generated secret."],
      ],
    ],
  );

  it("ec2-userdata-no-secrets reads Image Builder components and dashboards too", () => {
    const component = (data: string) => ({
      type: "aws:imagebuilder/component:Component",
      name: "bake",
      props: { data },
    });
    const dashboard = (body: string) => ({
      type: "aws:cloudwatch/dashboard:Dashboard",
      name: "ops",
      props: { dashboardBody: body },
    });
    expect(
      checkStack("ec2-userdata-no-secrets", [
        component(
          "phases:\n  - name: build\n    steps:\n      - action: ExecuteBash\n        inputs: { commands: [dnf install -y nginx] }\n",
        ),
        dashboard(
          JSON.stringify({ widgets: [{ type: "text", properties: { markdown: "Runbook: see the wiki" } }] }),
        ),
      ]),
    ).to.deep.equal([]);
    expect(
      checkStack("ec2-userdata-no-secrets", [
        component("inputs: { commands: [export DB_PASSWORD=Sup3rS3cret!] }\n"),
        dashboard(
          JSON.stringify({ widgets: [{ type: "text", properties: { markdown: "api_key: abcdef123456" } }] }),
        ),
      ]),
    ).to.deep.equal([
      "bake: The image build component contains something that looks like a credential.",
      "ops: The dashboard contains something that looks like a credential.",
    ]);
  });
});
