import { resourceRuleCases } from "../harness";

describe("policy/rules/operations", () => {
  resourceRuleCases(
    "backup-vault-cmk",
    "aws:backup/vault:Vault",
    { kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/x" },
    [["the AWS-managed key", {}, ["The vault uses the AWS-managed backup key."]]],
  );
  const encrypted = {
    configuration: {
      enforceWorkgroupConfiguration: true,
      resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_S3" } },
    },
  };
  resourceRuleCases("athena-workgroup-encrypted", "aws:athena/workgroup:Workgroup", encrypted, [
    [
      "unencrypted results",
      { configuration: { resultConfiguration: {} } },
      ["Query results are not encrypted."],
    ],
    [
      "settings clients may override",
      { configuration: { ...encrypted.configuration, enforceWorkgroupConfiguration: false } },
      ["Clients may override the workgroup's result encryption."],
    ],
  ]);
});
