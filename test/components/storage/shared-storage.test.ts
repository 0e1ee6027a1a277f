import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { checkSharedStorageArgs, SharedStorage } from "../../../components/storage/shared-storage";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

const ROLE = "arn:aws:iam::111122223333:role/web";

describe("components/storage/shared-storage", () => {
  let mocks: MockSession;
  before(async () => {
    mocks = await useMockCloud("storage");
    const provider = new Provider("storage-aws", { region: "eu-west-1" });
    const storage = new SharedStorage(
      "acme-media",
      {
        subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
        subnetCount: 3,
        securityGroupId: "sg-efs",
        clientRoleArn: ROLE,
        accessPointKeys: ["media", "var"],
        transitionToIaDays: 30,
        protect: true,
      },
      { providers: { aws: provider } },
    );
    await valueOf(storage.fileSystemId);
    await mocks.settle();
  });

  it("encrypts the file system with its own rotating KMS key, and protects both", () => {
    const key = mocks.one("aws:kms/key:Key");
    const fs = mocks.one("aws:efs/fileSystem:FileSystem");
    expect(key.inputs).to.deep.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
    expect(fs.inputs.encrypted).to.equal(true);
    expect(fs.propertyDependencies.kmsKeyId).to.deep.equal([key.urn]);
    expect([key.protect, fs.protect]).to.deep.equal([true, true]);
  });

  it("moves cold files to Infrequent Access and back on first access", () => {
    expect(mocks.props(mocks.one("aws:efs/fileSystem:FileSystem")).lifecyclePolicies).to.deep.equal([
      { transitionToIa: "AFTER_30_DAYS" },
      { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" },
    ]);
  });

  it("has a mount target in every subnet, behind the file system's security group", () => {
    const targets = mocks.ofType("aws:efs/mountTarget:MountTarget").map((t) => mocks.props(t));
    expect(targets.map((t) => t.subnetId)).to.deep.equal(["subnet-a", "subnet-b", "subnet-c"]);
    for (const t of targets) expect(t.securityGroups).to.deep.equal(["sg-efs"]);
  });

  it("pins owner and root directory in an access point per media directory", () => {
    const points = mocks.ofType("aws:efs/accessPoint:AccessPoint").map((p) => mocks.props(p));
    expect(points.map((p) => (p.rootDirectory as { path: string }).path)).to.deep.equal(["/media", "/var"]);
    for (const p of points) {
      expect(p.posixUser).to.deep.equal({ uid: 48, gid: 48 });
      expect((p.rootDirectory as Record<string, unknown>).creationInfo).to.deep.equal({
        ownerUid: 48,
        ownerGid: 48,
        permissions: "0755",
      });
    }
  });

  it("turns on automatic backups", () => {
    expect(mocks.props(mocks.one("aws:efs/backupPolicy:BackupPolicy")).backupPolicy).to.deep.equal({
      status: "ENABLED",
    });
  });

  it("denies every request without TLS and lets only the web role mount, only through the access points", () => {
    const policy = JSON.parse(
      mocks.props(mocks.one("aws:efs/fileSystemPolicy:FileSystemPolicy")).policy as string,
    );
    const fsArn = mocks.props(mocks.one("aws:efs/fileSystem:FileSystem")).arn;
    const apArns = mocks.ofType("aws:efs/accessPoint:AccessPoint").map((p) => mocks.props(p).arn);
    expect(policy.Statement).to.deep.equal([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "*",
        Resource: fsArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "WebServersThroughAccessPoints",
        Effect: "Allow",
        Principal: { AWS: ROLE },
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Resource: fsArn,
        Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": apArns } },
      },
    ]);
  });
});

describe("components/storage/shared-storage: checkSharedStorageArgs", () => {
  const args = {
    subnetIds: ["subnet-a", "subnet-b"],
    subnetCount: 2,
    securityGroupId: "sg-efs",
    clientRoleArn: ROLE,
    accessPointKeys: ["media"],
    transitionToIaDays: 30,
    protect: false,
  };

  it("refuses a subnet count that contradicts the subnet list, and directories listed twice, at once", () => {
    expect(() => checkSharedStorageArgs(args)).not.to.throw();
    expect(() =>
      checkSharedStorageArgs({ ...args, subnetCount: 3, accessPointKeys: ["media", "var", "media"] }),
    ).to.throw(
      'SharedStorage: subnetCount 3: the number of subnetIds (2); accessPointKeys ["media"]: each directory once',
    );
    expect(() => checkSharedStorageArgs({ ...args, subnetCount: 0, accessPointKeys: [] })).to.throw(
      /subnetCount 0: a whole number, 1 or more .*; accessPointKeys \[\]: one directory or more/,
    );
  });

  it("throws before the component registers anything", async () => {
    const session = await useMockCloud("storage-check");
    expect(() => new SharedStorage("bad-media", { ...args, subnetCount: 5 })).to.throw(/subnetCount 5/);
    await session.settle();
    expect(session.recorder.registrations).to.deep.equal([]);
  });
});
