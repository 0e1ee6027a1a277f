import { resourceRule, stackRule } from "../lib/define";
import { dependenciesOf, statements } from "../lib/props";
import { BACKUP_SELECTION, EFS, EFS_ACCESS_POINT, EFS_BACKUP_POLICY, EFS_POLICY } from "../lib/types";

/** EFS file systems. */

export const efsEncryptedAtRest = resourceRule({
  id: "efs-encrypted-at-rest",
  description: "EFS file systems are encrypted at rest.",
  severity: "high",
  remediation: "Set encrypted to true (with a KMS key of your own).",
  cis: "v3.0 2.4.1; v5.0 2.3.1",
  pci: "3.2.1: 3.4, 8.2.1; 4.0: 3.5.1",
  types: [EFS],
  check(r, report) {
    if (r.props.encrypted !== true) report("The file system is not encrypted at rest.");
  },
});

function deniesInsecureTransport(policy: unknown): boolean {
  return statements(policy).some(
    (s) =>
      s.effect === "Deny" &&
      String((s.condition?.Bool as Record<string, unknown> | undefined)?.["aws:SecureTransport"]) === "false",
  );
}

export const efsEncryptionInTransit = stackRule({
  id: "efs-encryption-in-transit",
  description: "Every EFS file system has a policy that denies access without TLS.",
  severity: "medium",
  remediation: "Add an aws.efs.FileSystemPolicy with a Deny statement on Bool aws:SecureTransport = false.",
  pci: "3.2.1: 4.1; 4.0: 4.2.1",
  check(graph, report) {
    const enforced = new Set(
      graph
        .ofTypes([EFS_POLICY])
        .filter((p) => deniesInsecureTransport(p.props.policy))
        .flatMap((p) => dependenciesOf(p, "fileSystemId").map((fs) => fs.urn)),
    );
    for (const fs of graph.ofTypes([EFS])) {
      if (!enforced.has(fs.urn)) report("No file system policy denies requests without TLS.", fs.urn);
    }
  },
});

export const efsBackupEnabled = stackRule({
  id: "efs-backup-enabled",
  description: "Every EFS file system is backed up: automatic backups on, or selected by an AWS Backup plan.",
  severity: "medium",
  remediation: "Add an aws.efs.BackupPolicy with status ENABLED, or select the file system in a backup plan.",
  pci: "4.0: 10.3.3, 12.10.1",
  types: [BACKUP_SELECTION],
  check(graph, report) {
    const backedUp = new Set([
      ...graph
        .ofTypes([EFS_BACKUP_POLICY])
        .filter((b) => (b.props.backupPolicy as { status?: string } | undefined)?.status === "ENABLED")
        .flatMap((b) => dependenciesOf(b, "fileSystemId").map((fs) => fs.urn)),
      ...graph.ofTypes([BACKUP_SELECTION]).flatMap((s) => dependenciesOf(s, "resources").map((fs) => fs.urn)),
    ]);
    for (const fs of graph.ofTypes([EFS])) {
      if (!backedUp.has(fs.urn)) report("The file system is not backed up.", fs.urn);
    }
  },
});

export const efsCmk = resourceRule({
  id: "efs-cmk",
  description: "Encrypted file systems use a customer-managed KMS key.",
  severity: "low",
  remediation: "Set kmsKeyId to a key of your own.",
  pci: "3.2.1: 3.5; 4.0: 3.6.1",
  types: [EFS],
  check(r, report) {
    // An unencrypted file system is efs-encrypted-at-rest's finding.
    if (r.props.encrypted === true && !r.props.kmsKeyId)
      report("The file system is encrypted with the AWS-managed key.");
  },
});

export const efsNotOneZone = resourceRule({
  id: "efs-not-one-zone",
  description: "File systems store data redundantly across zones (not EFS One Zone).",
  severity: "medium",
  remediation: "Remove availabilityZoneName so the file system is regional.",
  types: [EFS],
  check(r, report) {
    if (r.props.availabilityZoneName !== undefined) report("The file system lives in one zone only.");
  },
});

export const efsAccessPointEnforceIdentity = resourceRule({
  id: "efs-access-point-enforce-identity",
  description: "Access points confine clients to a directory below the root and act as a fixed POSIX user.",
  severity: "low",
  remediation: "Set rootDirectory.path to a subdirectory and posixUser to the application's uid/gid.",
  pci: "3.2.1: 7.1.2; 4.0: 7.2.2",
  types: [EFS_ACCESS_POINT],
  check(r, report) {
    const path = (r.props.rootDirectory as { path?: string } | undefined)?.path ?? "/";
    if (path === "/" || path === "") report("The access point exposes the file system's root directory.");
    if (r.props.posixUser === undefined) report("Clients act as whatever user they claim (no posixUser).");
  },
});
