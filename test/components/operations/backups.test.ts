import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { Backups, checkBackupsArgs } from "../../../components/operations/backups";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

describe("components/operations/backups", () => {
  let mocks: MockSession;
  before(async () => {
    mocks = await useMockCloud("backups");
    const regional = new Provider("b-aws", { region: "eu-west-1" });
    const copy = new Provider("b-copy", { region: "eu-central-1" });
    const backups = new Backups(
      "acme-backups",
      {
        resourceArns: [
          "arn:aws:rds:eu-west-1:111122223333:cluster:db",
          "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-1",
        ],
        selectionTag: { key: "backup-plan", value: "acme-prod" },
        dailyRetentionDays: 35,
        weeklyRetentionDays: 90,
        monthlyRetentionDays: 365,
        copyTo: { region: "eu-central-1", provider: copy },
        protect: true,
      },
      { providers: { aws: regional } },
    );
    await valueOf(backups.planId);
    await mocks.settle();
  });

  it("keeps dailies, weeklies and monthlies for their retention, copying each to the second region", () => {
    const plan = mocks.props(mocks.one("aws:backup/plan:Plan"));
    const rules = plan.rules as Record<string, unknown>[];
    expect(
      rules.map((r) => [r.ruleName, (r.lifecycle as { deleteAfter: number }).deleteAfter]),
    ).to.deep.equal([
      ["daily", 35],
      ["weekly", 90],
      ["monthly", 365],
    ]);
    const vaults = mocks.ofType("aws:backup/vault:Vault").map((v) => mocks.props(v));
    expect(vaults.map((v) => v.region)).to.deep.equal(["eu-west-1", "eu-central-1"]);
    for (const r of rules)
      expect(r.copyActions).to.deep.equal([
        {
          destinationVaultArn: vaults[1].arn,
          lifecycle: { deleteAfter: (r.lifecycle as { deleteAfter: number }).deleteAfter },
        },
      ]);
  });

  it("encrypts the vaults with rotating keys and protects them", () => {
    for (const v of mocks.ofType("aws:backup/vault:Vault")) {
      expect(v.propertyDependencies.kmsKeyArn).to.have.length(1);
      expect(v.protect).to.equal(true);
    }
    for (const k of mocks.ofType("aws:kms/key:Key")) expect(k.inputs.enableKeyRotation).to.equal(true);
  });

  it("selects the database and the file system, and anything else with the stack's backup tag", () => {
    const selection = mocks.props(mocks.one("aws:backup/selection:Selection"));
    expect(selection.resources).to.have.length(2);
    expect(selection.selectionTags).to.deep.equal([
      { type: "STRINGEQUALS", key: "backup-plan", value: "acme-prod" },
    ]);
  });

  it("backs up with a role holding only AWS Backup's managed policies", () => {
    expect(
      mocks.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn),
    ).to.deep.equal([
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
  });
});

describe("components/operations/backups: checkBackupsArgs", () => {
  const args = {
    resourceArns: ["arn:aws:rds:eu-west-1:111122223333:cluster:db"],
    selectionTag: { key: "backup-plan", value: "acme-dev" },
    dailyRetentionDays: 1,
    weeklyRetentionDays: 0,
    monthlyRetentionDays: 0,
    protect: false,
  };

  it("refuses a plan with nothing to back up and retention periods below what each rule keeps, at once", () => {
    expect(() => checkBackupsArgs(args)).not.to.throw();
    expect(() =>
      checkBackupsArgs({
        ...args,
        resourceArns: [],
        dailyRetentionDays: 0,
        weeklyRetentionDays: -1,
        monthlyRetentionDays: -7,
      }),
    ).to.throw(
      "Backups: resourceArns []: one resource or more; dailyRetentionDays 0: 1 or more; weeklyRetentionDays -1: " +
        "0 or more; monthlyRetentionDays -7: 0 or more",
    );
  });
});
