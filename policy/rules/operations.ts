import { resourceRule } from "../lib/define";
import { ATHENA_WORKGROUP, BACKUP_VAULT } from "../lib/types";

/** Backup vaults and the Athena workgroup of the log archive. */

export const backupVaultCmk = resourceRule({
  id: "backup-vault-cmk",
  description: "Backup vaults encrypt recovery points with a customer-managed KMS key.",
  severity: "medium",
  remediation: "Set kmsKeyArn to a key of your own (its deletion then cannot silently orphan backups).",
  pci: "3.2.1: 3.4, 3.5; 4.0: 3.5.1",
  types: [BACKUP_VAULT],
  check(r, report) {
    if (!r.props.kmsKeyArn) report("The vault uses the AWS-managed backup key.");
  },
});

export const athenaWorkgroupEncrypted = resourceRule({
  id: "athena-workgroup-encrypted",
  description: "Athena workgroups encrypt query results and enforce their settings on every query.",
  severity: "medium",
  remediation:
    "Set configuration.resultConfiguration.encryptionConfiguration and enforceWorkgroupConfiguration: true.",
  pci: "3.2.1: 3.4; 4.0: 3.5.1",
  types: [ATHENA_WORKGROUP],
  check(r, report) {
    const c = r.props.configuration as
      | {
          enforceWorkgroupConfiguration?: boolean;
          resultConfiguration?: { encryptionConfiguration?: { encryptionOption?: string } };
        }
      | undefined;
    if (!c?.resultConfiguration?.encryptionConfiguration?.encryptionOption)
      report("Query results are not encrypted.");
    else if (c.enforceWorkgroupConfiguration === false)
      report("Clients may override the workgroup's result encryption.");
  },
});
