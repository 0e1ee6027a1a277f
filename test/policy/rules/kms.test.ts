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
});
