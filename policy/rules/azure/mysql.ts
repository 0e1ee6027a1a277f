import type { PolicyResource } from "@pulumi/policy";
import { z } from "zod";
import { resourceRule, stackRule } from "../../lib/define";
import { is, isOneOf, isProduction, obj, refs } from "../../lib/azure";
import type { Resource } from "../../lib/rule";
import { mysqlEncryptionKeys } from "./key-vault";
import {
  KEY_VAULT,
  KEY_VAULT_KEY,
  LOCK_TYPES,
  MYSQL_CONFIGURATION,
  MYSQL_DATABASE,
  MYSQL_ENTRA_ADMIN,
  MYSQL_SERVER,
  RESOURCE_GROUP,
} from "../../lib/azure-types";

/**
 * Azure Database for MySQL flexible servers and their server parameters (dbformysql.Configuration, one
 * resource per parameter: `configurationName` is the parameter, `value` its value).
 */

const PRODUCTION = z
  .array(z.string())
  .default(["prod"])
  .describe("Values of the environment tag that mark production resources.");

/** Read replicas take their network, HA and backup settings from the source server. */
const isReplica = (r: Resource) =>
  is(r.props.createMode, "Replica") || is(r.props.replicationRole, "Replica");

/** The parameter a Configuration sets (its name input, else the resource name). */
const parameterOf = (r: Resource) => String(r.props.configurationName ?? r.name).toLowerCase();

export const mysqlNoPublicAccess = resourceRule({
  id: "mysql-no-public-access",
  description:
    "MySQL flexible servers accept no connections from public networks (VNet integration or private endpoint only).",
  severity: "critical",
  remediation:
    'Set network: { delegatedSubnetResourceId, privateDnsZoneResourceId } (VNet integration), or network.publicNetworkAccess: "Disabled" with a private endpoint. Create-time only.',
  references: "MCSB NS-2 (CIS v3.0.0 5.1.7 is Azure SQL's analogue)",
  types: [MYSQL_SERVER],
  check(r, report) {
    const network = obj(r.props.network);
    // Public access is Enabled unless the server is VNet-integrated (a delegated subnet disables it).
    if (is(network.publicNetworkAccess, "Enabled")) report("Public network access is enabled.");
    else if (network.publicNetworkAccess === undefined && !network.delegatedSubnetResourceId && !isReplica(r))
      report("The server is not VNet-integrated and does not disable public network access.");
  },
});

export const mysqlRequireSecureTransport = resourceRule({
  id: "mysql-require-secure-transport",
  description: "MySQL servers keep require_secure_transport ON: clients connect over TLS only.",
  severity: "high",
  remediation: 'Leave require_secure_transport at its default "ON" (or set it so explicitly).',
  cisAzure: "v3.0.0 5.3.1",
  pci: "4.0: 4.2.1",
  types: [MYSQL_CONFIGURATION],
  check(r, report) {
    if (parameterOf(r) === "require_secure_transport" && !is(r.props.value, "ON"))
      report("require_secure_transport is not ON: clients may connect without TLS.");
  },
});

export const mysqlTlsVersion = resourceRule({
  id: "mysql-tls-version",
  description: "MySQL servers accept TLS 1.2 and 1.3 only.",
  severity: "high",
  remediation: 'Set tls_version to "TLSv1.2" or "TLSv1.2,TLSv1.3".',
  cisAzure: "v3.0.0 5.3.2",
  pci: "4.0: 4.2.1",
  types: [MYSQL_CONFIGURATION],
  check(r, report) {
    if (parameterOf(r) !== "tls_version") return;
    const versions = String(r.props.value ?? "")
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
    if (versions.length === 0 || versions.some((v) => !isOneOf(v, ["TLSv1.2", "TLSv1.3"])))
      report("tls_version admits protocols older than TLS 1.2.");
  },
});

export const mysqlAuditLog = stackRule({
  id: "mysql-audit-log",
  description: "MySQL servers write audit logs that include connection events.",
  severity: "medium",
  remediation:
    'Add Configurations audit_log_enabled = "ON" and audit_log_events including "CONNECTION" (and a diagnostic setting sending MySqlAuditLogs to the workspace).',
  cisAzure: "v3.0.0 5.3.3, 5.3.4",
  pci: "4.0: 10.2.1",
  types: [MYSQL_SERVER, MYSQL_CONFIGURATION],
  check(graph, report) {
    const audited = new Set<PolicyResource>();
    for (const c of graph.ofTypes([MYSQL_CONFIGURATION])) {
      const parameter = parameterOf(c);
      if (parameter === "audit_log_enabled" && is(c.props.value, "ON"))
        refs(graph, c, "serverName", [MYSQL_SERVER]).forEach((s) => audited.add(s));
      // audit_log_events defaults to CONNECTION ("Audit logs in Azure Database for MySQL - Flexible Server").
      if (
        parameter === "audit_log_events" &&
        !String(c.props.value ?? "")
          .split(",")
          .some((e) => is(e.trim(), "CONNECTION"))
      )
        report("audit_log_events leaves out CONNECTION.", c.urn);
    }
    for (const server of graph.ofTypes([MYSQL_SERVER]))
      if (!isReplica(server) && !audited.has(server)) report("audit_log_enabled is not ON.", server.urn);
  },
});

export const mysqlZoneRedundantHa = resourceRule({
  id: "mysql-zone-redundant-ha",
  description: "Production MySQL servers run zone-redundant high availability, the standby in another zone.",
  severity: "high",
  remediation:
    'Set highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone } different from availabilityZone (General Purpose or Business Critical tier; create-time only).',
  references: "APRL",
  config: z.object({ productionEnvironments: PRODUCTION }),
  types: [MYSQL_SERVER],
  check(r, report, config) {
    if (isReplica(r) || !isProduction(r, config.productionEnvironments)) return;
    const ha = obj(r.props.highAvailability);
    if (!is(ha.mode, "ZoneRedundant")) report("The production server has no zone-redundant standby.");
    else if (
      ha.standbyAvailabilityZone !== undefined &&
      ha.standbyAvailabilityZone === r.props.availabilityZone
    )
      report("The standby lives in the primary's zone.");
  },
});

export const mysqlBackupRetentionGeo = resourceRule({
  id: "mysql-backup-retention-geo",
  description: "MySQL servers keep backups for at least the configured days, geo-redundant in production.",
  severity: "medium",
  remediation:
    'Set backup.backupRetentionDays (1-35) and, in production, backup.geoRedundantBackup: "Enabled" (create-time only).',
  pci: "4.0: 12.10.1",
  references: "APRL",
  config: z.object({
    // Flexible servers keep backups 1 to 35 days ("Backup and restore in Azure Database for MySQL - Flexible Server").
    minimumDays: z.int().min(1).max(35).default(7).describe("Days of backups to keep at least."),
    productionEnvironments: PRODUCTION,
  }),
  types: [MYSQL_SERVER],
  check(r, report, config) {
    if (isReplica(r)) return;
    const backup = obj(r.props.backup);
    const days = Number(backup.backupRetentionDays ?? 7);
    if (days < config.minimumDays)
      report(`Backups are kept ${days} day(s); at least ${config.minimumDays} required.`);
    else if (isProduction(r, config.productionEnvironments) && !is(backup.geoRedundantBackup, "Enabled"))
      report("Production backups are not geo-redundant.");
  },
});

export const mysqlCmk = resourceRule({
  id: "mysql-cmk",
  description: "MySQL servers encrypt data with a customer-managed key from Key Vault.",
  severity: "medium",
  remediation:
    'Set dataEncryption: { type: "AzureKeyVault", primaryKeyURI, primaryUserAssignedIdentityId } with a Key Vault key and a user-assigned identity.',
  references: "MCSB DP-5 (CIS v3.0.0 5.1.3 is Azure SQL's analogue)",
  types: [MYSQL_SERVER],
  check(r, report) {
    if (isReplica(r)) return;
    if (!is(obj(r.props.dataEncryption).type, "AzureKeyVault"))
      report("Data is encrypted with a Microsoft-managed key.");
  },
});

/** RSA sizes MySQL takes for its key, and the soft-delete days its vault must keep (see the rule below). */
const CMK_RSA_SIZES = [2048, 3072, 4096];
const CMK_SOFT_DELETE_DAYS = 90;

export const mysqlCmkUsable = stackRule({
  id: "mysql-cmk-usable",
  description:
    "A MySQL server's customer-managed keys are keys MySQL accepts, in vaults it can reach, with a key in the paired region for geo-redundant backups.",
  severity: "high",
  remediation:
    'Use an RSA key of 2048, 3072 or 4096 bits without expiration date (rotate with timeAfterCreate, no expiryTime) in a vault with purge protection, 90 days of soft delete and networkAcls.bypass "AzureServices"; with geoRedundantBackup "Enabled" set dataEncryption.geoBackupKeyURI and geoBackupUserAssignedIdentityId to a key and identity in the paired region.',
  references:
    "Data encryption with customer managed keys for Azure Database for MySQL (requirements); azure-native dbformysql DataEncryption; MCSB DP-5",
  types: [MYSQL_SERVER, KEY_VAULT_KEY, KEY_VAULT],
  check(graph, report) {
    // Requirements ("Data encryption with customer managed keys for Azure Database for MySQL"): "only
    // asymmetric, RSA\RSA-HSM ... 2048, 3072, or 4096"; "The expiration date isn't set"; soft delete and
    // purge protection on the vault, "the retention period [set] to 90 days". Key Vault admits MySQL
    // through its firewall only as a trusted service ("Virtual network service endpoints for Azure Key
    // Vault": `bypass` AzureServices, the default when the vault names none: Vaults - Create Or Update,
    // NetworkRuleSet.bypass).
    for (const key of mysqlEncryptionKeys(graph)) {
      const p = obj(key.props.properties);
      if (!isOneOf(p.kty, ["RSA", "RSA-HSM"]) || !CMK_RSA_SIZES.includes(Number(p.keySize ?? 2048)))
        report("MySQL takes only RSA keys of 2048, 3072 or 4096 bits.", key.urn);
      if (
        obj(p.attributes).expires !== undefined ||
        obj(obj(p.rotationPolicy).attributes).expiryTime !== undefined
      )
        report(
          "The key (or its rotated versions) expires: MySQL refuses a key with an expiration date.",
          key.urn,
        );
      for (const vault of refs(graph, key, "vaultName", [KEY_VAULT])) {
        const v = obj(vault.props.properties);
        if (
          v.enablePurgeProtection !== true ||
          Number(v.softDeleteRetentionInDays ?? 90) !== CMK_SOFT_DELETE_DAYS
        )
          report("The key's vault does not keep deleted keys 90 days under purge protection.", key.urn);
        if (is(obj(v.networkAcls).bypass, "None"))
          report("The key's vault keeps trusted services out: MySQL cannot reach its key.", key.urn);
      }
    }
    // "Geo backup key uri as key vault can't cross region, need cmk in same region as geo backup" and the
    // same for the identity (azure-native 3.28, dbformysql DataEncryption).
    for (const server of graph.ofTypes([MYSQL_SERVER])) {
      const encryption = obj(server.props.dataEncryption);
      if (isReplica(server) || !is(encryption.type, "AzureKeyVault")) continue;
      if (
        is(obj(server.props.backup).geoRedundantBackup, "Enabled") &&
        (!encryption.geoBackupKeyURI || !encryption.geoBackupUserAssignedIdentityId)
      )
        report("Geo-redundant backups have no key and identity in the paired region.", server.urn);
    }
  },
});

export const mysqlDeleteLock = stackRule({
  id: "mysql-delete-lock",
  description: "Production MySQL servers are protected by a CanNotDelete (or ReadOnly) resource lock.",
  severity: "medium",
  remediation:
    'Add an authorization.ManagementLockByScope with level "CanNotDelete" and scope set to the server\'s id.',
  cisAzure: "v3.0.0 10.1",
  config: z.object({ productionEnvironments: PRODUCTION }),
  types: [MYSQL_SERVER, ...LOCK_TYPES],
  check(graph, report, config) {
    const locked = new Set<PolicyResource>();
    for (const lock of graph.ofTypes(LOCK_TYPES)) {
      if (!isOneOf(lock.props.level, ["CanNotDelete", "ReadOnly"])) continue;
      refs(graph, lock, "scope", [MYSQL_SERVER, RESOURCE_GROUP]).forEach((t) => locked.add(t));
      refs(graph, lock, "resourceGroupName", [RESOURCE_GROUP]).forEach((t) => locked.add(t));
    }
    for (const server of graph.ofTypes([MYSQL_SERVER])) {
      if (isReplica(server) || !isProduction(server, config.productionEnvironments)) continue;
      const group = refs(graph, server, "resourceGroupName", [RESOURCE_GROUP]);
      if (!locked.has(server) && !group.some((g) => locked.has(g)))
        report("No lock protects the production server against deletion.", server.urn);
    }
  },
});

export const mysqlEntraAdminIdentity = resourceRule({
  id: "mysql-entra-admin-identity",
  description:
    "A MySQL server's Entra ID administrator reads the directory through a managed identity of the server.",
  severity: "medium",
  remediation:
    'Set identityResourceId to a user-assigned identity attached to the server (identity: { type: "UserAssigned" }) that holds the Graph read permissions, and administratorType: "ActiveDirectory".',
  references:
    "Microsoft Entra authentication for Azure Database for MySQL - Flexible Server (prerequisites); MCSB IM-1",
  types: [MYSQL_ENTRA_ADMIN],
  check(r, report) {
    // Without the identity the service cannot look sign-ins up in Entra ID: every token login fails.
    if (typeof r.props.identityResourceId !== "string" || r.props.identityResourceId === "")
      report("The Entra ID administrator has no identity to read the directory with.");
    if (!is(r.props.administratorType, "ActiveDirectory"))
      report("The administrator type is not ActiveDirectory.");
  },
});

export const mysqlEntraAdmin = stackRule({
  id: "mysql-entra-admin",
  description:
    "MySQL servers have a Microsoft Entra administrator, so people sign in with Entra ID, not the shared admin password.",
  severity: "low",
  remediation:
    "Add a dbformysql.AzureADAdministrator (administratorType ActiveDirectory) with a user-assigned identity on the server.",
  references: "MCSB IM-1 (CIS v3.0.0 5.1.4 is Azure SQL's analogue)",
  types: [MYSQL_SERVER, MYSQL_ENTRA_ADMIN],
  check(graph, report) {
    const administered = new Set(
      graph.ofTypes([MYSQL_ENTRA_ADMIN]).flatMap((a) => refs(graph, a, "serverName", [MYSQL_SERVER])),
    );
    for (const server of graph.ofTypes([MYSQL_SERVER]))
      if (!isReplica(server) && !administered.has(server))
        report("Only the shared administrator login can administer the server.", server.urn);
  },
});

export const mysqlDatabaseUtf8mb4 = resourceRule({
  id: "mysql-database-utf8mb4",
  description:
    "Shop databases use the utf8mb4 character set (WordPress and Magento store four-byte characters).",
  severity: "low",
  remediation: 'Set charset: "utf8mb4" and collation "utf8mb4_0900_ai_ci" (create-time only).',
  types: [MYSQL_DATABASE],
  check(r, report) {
    if (!is(r.props.charset, "utf8mb4")) report("The database does not use utf8mb4.");
  },
});
