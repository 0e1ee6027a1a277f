import { expect } from "chai";
import { checkStack, patch, remove, resourceRuleCases, stackRuleCases } from "../harness";

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
      "logs: The bucket has no valid default encryption configuration.",
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

  const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
  stackRuleCases(
    "s3-acls-disabled",
    [
      { type: BUCKET, name: "logs", props: { bucket: "shop-logs" } },
      {
        type: OWNERSHIP,
        name: "own",
        props: { rule: { objectOwnership: "BucketOwnerEnforced" } },
        deps: { bucket: ["logs"] },
      },
      // Joined by the bucket's literal name, without a dependency edge.
      { type: BUCKET, name: "media", props: { bucket: "shop-media" } },
      {
        type: OWNERSHIP,
        name: "own-media",
        props: { bucket: "shop-media", rule: { objectOwnership: "BucketOwnerEnforced" } },
      },
    ],
    [
      ["a bucket without ownership controls", remove("own"), ["logs: The bucket's ACLs are still in force."]],
      [
        "ObjectWriter ownership",
        patch("own-media", { rule: { objectOwnership: "ObjectWriter" } }),
        ["media: The bucket's ACLs are still in force."],
      ],
      [
        "controls naming another bucket",
        patch("own-media", { bucket: "elsewhere" }),
        ["media: The bucket's ACLs are still in force."],
      ],
    ],
  );
  it("s3-encryption-at-rest refuses an algorithm S3 does not have", () => {
    const sse = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    expect(
      checkStack("s3-encryption-at-rest", [
        bucket,
        on(sse, "sse", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "rot13" } }] }),
      ]),
    ).to.deep.equal(["logs: The bucket has no valid default encryption configuration."]);
  });
  const publicRead = JSON.stringify({
    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
  });
  resourceRuleCases(
    "s3-policy-no-public-principal",
    "aws:s3/bucketPolicy:BucketPolicy",
    { bucket: "b", policy: tlsOnly },
    [
      [
        "public read",
        { bucket: "b", policy: publicRead },
        ["A statement allows anyone to access the bucket without a condition."],
      ],
    ],
  );
  const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
  const lifecycle = {
    rules: [{ id: "age", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
  };
  resourceRuleCases("s3-lifecycle-abort-incomplete-uploads", LIFECYCLE, lifecycle, [
    [
      "no abort rule",
      { rules: [{ id: "age", status: "Enabled", expiration: { days: 30 } }] },
      ["Incomplete multipart uploads are kept (and billed) forever."],
    ],
    [
      "a disabled abort rule",
      { rules: [{ ...lifecycle.rules[0], status: "Disabled" }] },
      ["Incomplete multipart uploads are kept (and billed) forever."],
    ],
  ]);

  const LOGGING = "aws:s3/bucketLogging:BucketLogging";
  stackRuleCases(
    "s3-access-logging",
    [
      { type: "aws:s3/bucket:Bucket", name: "logs", props: { bucket: "shop-logs" } },
      { type: "aws:s3/bucket:Bucket", name: "artifacts", props: { bucket: "shop-artifacts" } },
      {
        type: LOGGING,
        name: "artifacts-logging",
        props: { bucket: "shop-artifacts", targetBucket: "shop-logs" },
      },
    ],
    [
      [
        "buckets without access logs (the log bucket is exempt only while it receives them)",
        remove("artifacts-logging"),
        ["logs: The bucket does not log access.", "artifacts: The bucket does not log access."],
      ],
      [
        "a bucket logging into itself",
        patch("artifacts-logging", { targetBucket: "shop-artifacts" }),
        ["artifacts-logging: The bucket logs into itself.", "logs: The bucket does not log access."],
      ],
      [
        "logs sent to a bucket outside the stack",
        patch("artifacts-logging", { targetBucket: "elsewhere" }),
        [
          "artifacts-logging: The logs go to a bucket the stack does not hold.",
          "logs: The bucket does not log access.",
        ],
      ],
    ],
  );

  const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
  const sse = (bucket: string, sseAlgorithm: string) => ({
    bucket,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm } }],
  });
  stackRuleCases(
    "s3-encryption-kms",
    [
      { type: "aws:s3/bucket:Bucket", name: "logs", props: { bucket: "shop-logs" } },
      { type: "aws:s3/bucket:Bucket", name: "artifacts", props: { bucket: "shop-artifacts" } },
      { type: SSE, name: "logs-sse", props: sse("shop-logs", "AES256") },
      { type: SSE, name: "artifacts-sse", props: sse("shop-artifacts", "aws:kms") },
      {
        type: "aws:lb/loadBalancer:LoadBalancer",
        name: "alb",
        props: { accessLogs: { bucket: "shop-logs", enabled: true } },
      },
    ],
    [
      [
        "S3-managed keys on a bucket that receives no load balancer logs",
        patch("artifacts-sse", sse("shop-artifacts", "AES256")),
        ["artifacts-sse: The bucket is encrypted with S3-managed keys, not a KMS key."],
      ],
      [
        "S3-managed keys on the log bucket once no load balancer logs there",
        remove("alb"),
        ["logs-sse: The bucket is encrypted with S3-managed keys, not a KMS key."],
      ],
    ],
  );
});
