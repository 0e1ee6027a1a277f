import * as backup from "@pulumi/aws/backup";
import * as iam from "@pulumi/aws/iam";
import { Provider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { rotatingKey } from "../shared/keys";
import { serviceRole } from "../shared/service-role";
import { autonamed, physicalName } from "../shared/names";
import { throwIfProblems } from "../shared/check-args";

export interface BackupsArgs {
  /** Resources backed up: the Aurora cluster and the shared file system. */
  readonly resourceArns: pulumi.Input<string>[];
  /** Tag that also selects resources (key and value), so anything tagged with it joins the plan. */
  readonly selectionTag: { readonly key: string; readonly value: string };
  readonly dailyRetentionDays: number;
  /** 0 turns weekly backups off. */
  readonly weeklyRetentionDays: number;
  /** 0 turns monthly backups off. */
  readonly monthlyRetentionDays: number;
  /** Copies every recovery point to a vault in this region, through this provider. */
  readonly copyTo?: { readonly region: string; readonly provider: Provider };
  /** Pulumi `protect` on the vaults and their keys. */
  readonly protect: boolean;
}

/** AWS-managed policies the backup role needs: to take backups and to restore them. */
const BACKUP_POLICIES = {
  backup: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  restores: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
} as const;

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: something to
 * back up, and a daily rule (weekly and monthly ones are optional, 0 turns them off).
 */
export function checkBackupsArgs(args: BackupsArgs): void {
  throwIfProblems("Backups", [
    args.resourceArns.length === 0 && "resourceArns []: one resource or more",
    !(args.dailyRetentionDays >= 1) && `dailyRetentionDays ${args.dailyRetentionDays}: 1 or more`,
    !(args.weeklyRetentionDays >= 0) && `weeklyRetentionDays ${args.weeklyRetentionDays}: 0 or more`,
    !(args.monthlyRetentionDays >= 0) && `monthlyRetentionDays ${args.monthlyRetentionDays}: 0 or more`,
  ]);
}

/**
 * AWS Backup for the stack's data beyond the services' own snapshots: an encrypted vault, a plan with
 * daily (and, where configured, weekly and monthly) rules, an optional copy of every recovery point to a
 * vault in a second region, and a role with only the AWS Backup managed policies.
 */
export class Backups extends pulumi.ComponentResource {
  readonly vaultName: pulumi.Output<string>;
  readonly planId: pulumi.Output<string>;

  constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    checkBackupsArgs(args);
    super("storefront:operations:Backups", name, {}, opts);

    const vault = this.vault(name, args.protect, {});
    const copyVault = args.copyTo
      ? this.vault(`${name}-copy`, args.protect, { provider: args.copyTo.provider })
      : undefined;
    const copyActions = (days: number) =>
      copyVault ? [{ destinationVaultArn: copyVault.arn, lifecycle: { deleteAfter: days } }] : [];

    const rules = [
      { name: "daily", schedule: "cron(0 3 * * ? *)", days: args.dailyRetentionDays },
      { name: "weekly", schedule: "cron(0 4 ? * SUN *)", days: args.weeklyRetentionDays },
      { name: "monthly", schedule: "cron(0 5 1 * ? *)", days: args.monthlyRetentionDays },
    ].filter((r) => r.days > 0);
    const plan = new backup.Plan(
      autonamed("aws:backup/plan:Plan", `${name}-plan`),
      {
        rules: rules.map((r) => ({
          ruleName: r.name,
          targetVaultName: vault.name,
          schedule: r.schedule,
          // Start within an hour, finish within a day: a missed window is retried, not dropped.
          startWindow: 60,
          completionWindow: 1440,
          lifecycle: { deleteAfter: r.days },
          copyActions: copyActions(r.days),
        })),
        tags: { Name: `${name}-plan` },
      },
      { parent: this },
    );

    const role = serviceRole(
      `${name}-role`,
      {
        service: "backup.amazonaws.com",
        description: "AWS Backup: back up and restore the storefront's data",
      },
      { parent: this },
    );
    const attachments = Object.entries(BACKUP_POLICIES).map(
      ([key, policyArn]) =>
        new iam.RolePolicyAttachment(`${name}-role-${key}`, { role: role.name, policyArn }, { parent: this }),
    );
    new backup.Selection(
      `${name}-selection`,
      {
        name: physicalName("aws:backup/selection:Selection", `${name}-data`),
        planId: plan.id,
        iamRoleArn: role.arn,
        resources: args.resourceArns,
        selectionTags: [{ type: "STRINGEQUALS", key: args.selectionTag.key, value: args.selectionTag.value }],
      },
      { parent: this, dependsOn: attachments },
    );

    this.vaultName = vault.name;
    this.planId = plan.id;
    this.registerOutputs({ vaultName: this.vaultName, planId: this.planId });
  }

  private vault(name: string, protect: boolean, providerOpts: pulumi.CustomResourceOptions): backup.Vault {
    const opts = { parent: this, protect, ...providerOpts };
    const key = rotatingKey(`${name}-vault-key`, `Encrypts the backup vault ${name}`, opts);
    return new backup.Vault(
      autonamed("aws:backup/vault:Vault", `${name}-vault`),
      { kmsKeyArn: key.arn, forceDestroy: !protect, tags: { Name: `${name}-vault` } },
      opts,
    );
  }
}
