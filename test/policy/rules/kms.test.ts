import { expect } from "chai";
import { checkResource, resourceRuleCases } from "../harness";

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

  const anyone = JSON.stringify({
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }],
  });
  const account = JSON.stringify({
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:root" },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  });
  resourceRuleCases(
    "kms-key-policy-no-wildcard-principal",
    "aws:kms/key:Key",
    { enableKeyRotation: true, policy: account },
    [
      [
        "a policy open to anyone",
        { enableKeyRotation: true, policy: anyone },
        ["A statement allows anyone to use or manage the key without a condition."],
      ],
    ],
  );
  resourceRuleCases(
    "kms-key-policy-no-wildcard-principal",
    "aws:kms/keyPolicy:KeyPolicy",
    { policy: account },
    [
      [
        "a key policy resource open to anyone",
        { policy: anyone },
        ["A statement allows anyone to use or manage the key without a condition."],
      ],
    ],
  );
  resourceRuleCases("kms-no-bypass-lockout-check", "aws:kms/key:Key", { enableKeyRotation: true }, [
    [
      "a bypassed lockout check",
      { enableKeyRotation: true, bypassPolicyLockoutSafetyCheck: true },
      ["The policy lockout safety check is bypassed."],
    ],
  ]);
});
