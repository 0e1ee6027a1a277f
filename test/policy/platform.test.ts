import { expect } from "chai";
import { checkResource, checkStack, resourceRuleCases } from "./harness";

const BUCKET = "aws:s3/bucket:Bucket";
const tlsOnly = JSON.stringify({
  Statement: [
    {
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
});

describe("policy/rules/s3", () => {
  const bucket = { type: BUCKET, name: "logs" };
  const on = (type: string, name: string, props: Record<string, unknown>) => ({
    type,
    name,
    props,
    deps: { bucket: ["logs"] },
  });

  it("s3-public-access-block: passes all four flags, flags one missing", () => {
    const all = {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
    const pab = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    expect(checkStack("s3-public-access-block", [bucket, on(pab, "pab", all)])).to.deep.equal([]);
    expect(
      checkStack("s3-public-access-block", [
        bucket,
        on(pab, "pab", { ...all, restrictPublicBuckets: false }),
      ]),
    ).to.deep.equal(["logs: The bucket does not block public access."]);
  });

  resourceRuleCases("s3-no-public-acl", "aws:s3/bucketAcl:BucketAcl", { acl: "private" }, [
    ["a public-read ACL", { acl: "public-read" }, ["A public canned ACL is set."]],
    [
      "a grant to AllUsers",
      {
        accessControlPolicy: {
          grants: [{ grantee: { uri: "http://acs.amazonaws.com/groups/global/AllUsers" } }],
        },
      },
      ["An ACL grant names AllUsers or AuthenticatedUsers."],
    ],
  ]);

  it("s3-encryption-at-rest: passes a bucket with a default encryption configuration, flags one without", () => {
    const sse = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    expect(
      checkStack("s3-encryption-at-rest", [
        bucket,
        on(sse, "sse", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
      ]),
    ).to.deep.equal([]);
    expect(checkStack("s3-encryption-at-rest", [bucket])).to.deep.equal([
      "logs: The bucket has no default encryption configuration.",
    ]);
  });

  it("s3-versioning: passes Enabled, flags Suspended", () => {
    const versioning = "aws:s3/bucketVersioning:BucketVersioning";
    expect(
      checkStack("s3-versioning", [
        bucket,
        on(versioning, "v", { versioningConfiguration: { status: "Enabled" } }),
      ]),
    ).to.deep.equal([]);
    expect(
      checkStack("s3-versioning", [
        bucket,
        on(versioning, "v", { versioningConfiguration: { status: "Suspended" } }),
      ]),
    ).to.deep.equal(["logs: Versioning is not enabled."]);
  });

  it("s3-tls-only-policy: passes a deny on insecure transport, flags a policy without one", () => {
    expect(
      checkStack("s3-tls-only-policy", [
        bucket,
        on("aws:s3/bucketPolicy:BucketPolicy", "p", { policy: tlsOnly }),
      ]),
    ).to.deep.equal([]);
    expect(
      checkStack("s3-tls-only-policy", [
        bucket,
        on("aws:s3/bucketPolicy:BucketPolicy", "p", { policy: "{}" }),
      ]),
    ).to.deep.equal(["logs: The bucket policy does not deny requests without TLS."]);
  });
});

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
  it("no-plaintext-secrets: accepts user data that reads a secret by its ARN at boot", () => {
    const userData = Buffer.from(
      "#!/bin/bash\naws secretsmanager get-secret-value --secret-id " +
        "'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-4e26-AbCdEf'\n",
    ).toString("base64");
    expect(
      checkStack("no-plaintext-secrets", [
        { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", props: { userData } },
      ]),
    ).to.deep.equal([]);
  });
  it("no-plaintext-secrets: flags a literal token and credentials in user data, without echoing them", () => {
    const userData = Buffer.from("#!/bin/bash\nexport DB_PASSWORD=Sup3rS3cret!\n").toString("base64");
    const violations = checkStack("no-plaintext-secrets", [
      { type: RG, name: "cache", props: { authToken: "literal-token-value" } },
      { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", props: { userData } },
    ]);
    expect(violations).to.deep.equal([
      "cache: authToken is a literal or comes from an unknown source, not a generated secret.",
      "lt: The user data contains something that looks like a credential.",
    ]);
    expect(violations.join()).not.to.match(/literal-token-value|Sup3rS3cret/);
  });
});

describe("policy/rules/kms", () => {
  resourceRuleCases("kms-key-rotation", "aws:kms/key:Key", { enableKeyRotation: true }, [
    ["rotation off", { enableKeyRotation: false }, ["Automatic key rotation is off."]],
  ]);
  it("kms-key-rotation leaves asymmetric and signing keys alone", () => {
    expect(
      checkResource("kms-key-rotation", "aws:kms/key:Key", {
        customerMasterKeySpec: "RSA_2048",
        enableKeyRotation: false,
      }),
    ).to.deep.equal([]);
    expect(
      checkResource("kms-key-rotation", "aws:kms/key:Key", {
        keyUsage: "SIGN_VERIFY",
        enableKeyRotation: false,
      }),
    ).to.deep.equal([]);
  });
});
