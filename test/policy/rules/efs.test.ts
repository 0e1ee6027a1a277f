import { expect } from "chai";
import { checkStack, resourceRuleCases } from "../harness";

const EFS = "aws:efs/fileSystem:FileSystem";

describe("policy/rules/efs", () => {
  resourceRuleCases("efs-encrypted-at-rest", EFS, { encrypted: true }, [
    ["no encryption", { encrypted: false }, ["The file system is not encrypted at rest."]],
  ]);
  const tlsOnly = JSON.stringify({
    Statement: [
      {
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
  describe("efs-encryption-in-transit", () => {
    it("passes a file system whose policy denies plain connections", () => {
      expect(
        checkStack("efs-encryption-in-transit", [
          { type: EFS, name: "fs" },
          {
            type: "aws:efs/fileSystemPolicy:FileSystemPolicy",
            name: "p",
            props: { policy: tlsOnly },
            deps: { fileSystemId: ["fs"] },
          },
        ]),
      ).to.deep.equal([]);
    });
    it("flags a policy that allows everything, and a file system with no policy", () => {
      const allow = JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "*" }],
      });
      expect(
        checkStack("efs-encryption-in-transit", [
          { type: EFS, name: "fs" },
          {
            type: "aws:efs/fileSystemPolicy:FileSystemPolicy",
            name: "p",
            props: { policy: allow },
            deps: { fileSystemId: ["fs"] },
          },
        ]),
      ).to.deep.equal(["fs: No file system policy denies requests without TLS."]);
      expect(checkStack("efs-encryption-in-transit", [{ type: EFS, name: "fs" }])).to.have.length(1);
    });
  });
  describe("efs-backup-enabled", () => {
    it("passes automatic backups or a backup plan selection, flags neither", () => {
      expect(
        checkStack("efs-backup-enabled", [
          { type: EFS, name: "fs" },
          {
            type: "aws:efs/backupPolicy:BackupPolicy",
            name: "b",
            props: { backupPolicy: { status: "ENABLED" } },
            deps: { fileSystemId: ["fs"] },
          },
        ]),
      ).to.deep.equal([]);
      expect(
        checkStack("efs-backup-enabled", [
          { type: EFS, name: "fs" },
          { type: "aws:backup/selection:Selection", name: "s", deps: { resources: ["fs"] } },
        ]),
      ).to.deep.equal([]);
      expect(
        checkStack("efs-backup-enabled", [
          { type: EFS, name: "fs" },
          {
            type: "aws:efs/backupPolicy:BackupPolicy",
            name: "b",
            props: { backupPolicy: { status: "DISABLED" } },
            deps: { fileSystemId: ["fs"] },
          },
        ]),
      ).to.deep.equal(["fs: The file system is not backed up."]);
    });
  });

  const EFS_FS = "aws:efs/fileSystem:FileSystem";
  resourceRuleCases("efs-cmk", EFS_FS, { encrypted: true, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/x" }, [
    ["the AWS-managed key", { encrypted: true }, ["The file system is encrypted with the AWS-managed key."]],
    ["nothing for an unencrypted one (efs-encrypted-at-rest's)", {}, []],
  ]);
  resourceRuleCases("efs-not-one-zone", EFS_FS, { encrypted: true }, [
    [
      "a One Zone file system",
      { encrypted: true, availabilityZoneName: "eu-west-1a" },
      ["The file system lives in one zone only."],
    ],
  ]);
  resourceRuleCases(
    "efs-access-point-enforce-identity",
    "aws:efs/accessPoint:AccessPoint",
    { rootDirectory: { path: "/uploads" }, posixUser: { uid: 48, gid: 48 } },
    [
      [
        "the root directory",
        { rootDirectory: { path: "/" }, posixUser: { uid: 48, gid: 48 } },
        ["The access point exposes the file system's root directory."],
      ],
      [
        "no POSIX user",
        { rootDirectory: { path: "/uploads" } },
        ["Clients act as whatever user they claim (no posixUser)."],
      ],
    ],
  );
});
