import { z } from "zod";
import { resourceRule, stackRule } from "../lib/define";
import { dependenciesOf, list } from "../lib/props";
import type { Resource } from "../lib/rule";
import {
  RANDOM_PASSWORD,
  RDS_CLUSTER,
  RDS_CLUSTER_INSTANCE,
  RDS_CLUSTER_PARAMETER_GROUP,
  RDS_INSTANCE,
} from "../lib/types";

/** RDS instances and Aurora clusters. */

const isAuroraMember = (r: Resource) => String(r.props.engine ?? "").startsWith("aurora");

/** Logs each engine can export, all of which the rule expects exported. */
const ENGINE_LOGS: Record<string, string[]> = {
  mysql: ["audit", "error", "general", "slowquery"],
  mariadb: ["audit", "error", "general", "slowquery"],
  "aurora-mysql": ["audit", "error", "general", "slowquery"],
  postgres: ["postgresql", "upgrade"],
  "aurora-postgresql": ["postgresql"],
};

export const rdsStorageEncrypted = resourceRule({
  id: "rds-storage-encrypted",
  description: "Database storage is encrypted (Aurora members inherit it from their cluster).",
  severity: "high",
  remediation: "Set storageEncrypted to true with a KMS key of your own.",
  cis: "v3.0 2.3.1; v5.0 2.2.1",
  pci: "3.2.1: 3.4, 8.2.1; 4.0: 3.5.1",
  types: [RDS_INSTANCE, RDS_CLUSTER],
  check(r, report) {
    if (r.type === RDS_INSTANCE && (r.props.replicateSourceDb !== undefined || isAuroraMember(r))) return;
    if (r.props.storageEncrypted !== true) report("Storage is not encrypted.");
  },
});

export const rdsNotPubliclyAccessible = resourceRule({
  id: "rds-not-publicly-accessible",
  description: "Database instances have no public endpoint.",
  severity: "critical",
  remediation: "Set publiclyAccessible to false and reach the database through the bastion or the app tier.",
  cis: "v3.0 2.3.3; v5.0 2.2.3",
  pci: "3.2.1: 1.2.1, 1.3.1, 1.3.2, 1.3.4, 1.3.6, 2.2.2, 7.2.1; 4.0: 1.4.1",
  types: [RDS_INSTANCE, RDS_CLUSTER_INSTANCE],
  check(r, report) {
    if (r.props.publiclyAccessible === true) report("The instance is publicly accessible.");
  },
});

export const rdsDeletionProtection = resourceRule({
  id: "rds-deletion-protection",
  description: "Databases are protected against deletion (Aurora through their cluster).",
  severity: "medium",
  remediation: "Set deletionProtection to true (the kit does in prod).",
  types: [RDS_INSTANCE, RDS_CLUSTER],
  check(r, report) {
    if (r.type === RDS_INSTANCE && isAuroraMember(r)) return;
    if (r.props.deletionProtection !== true) report("Deletion protection is off.");
  },
});

export const rdsBackupRetention = resourceRule({
  id: "rds-backup-retention",
  description: "Databases keep automated backups for at least the configured number of days.",
  severity: "medium",
  remediation: "Set backupRetentionPeriod explicitly (the provider defaults differ).",
  pci: "3.2.1: 3.1; 4.0: 12.10.1",
  config: z.object({
    // RDS keeps automated backups for 1 to 35 days (BackupRetentionPeriod, RDS API reference).
    minimumDays: z.int().min(1).max(35).default(7).describe("Days of automated backups to keep at least."),
  }),
  types: [RDS_INSTANCE, RDS_CLUSTER],
  check(r, report, config) {
    if (r.type === RDS_INSTANCE && isAuroraMember(r)) return;
    const minimum = config.minimumDays;
    const days = r.props.backupRetentionPeriod;
    if (days === undefined) report("backupRetentionPeriod is not set.");
    else if (Number(days) < minimum) report(`Backups are kept ${days} day(s); at least ${minimum} required.`);
  },
});

export const rdsIamAuth = resourceRule({
  id: "rds-iam-auth",
  description: "MySQL and PostgreSQL databases accept IAM authentication.",
  severity: "medium",
  remediation: "Set iamDatabaseAuthenticationEnabled to true.",
  pci: "3.2.1: 8.x",
  types: [RDS_INSTANCE, RDS_CLUSTER],
  check(r, report) {
    if (r.type === RDS_INSTANCE && isAuroraMember(r)) return;
    if (!/mysql|postgres|mariadb/.test(String(r.props.engine ?? "mysql"))) return;
    if (r.props.iamDatabaseAuthenticationEnabled !== true) report("IAM database authentication is off.");
  },
});

export const rdsLogExports = resourceRule({
  id: "rds-log-exports",
  description: "Databases export every log their engine offers to CloudWatch Logs.",
  severity: "medium",
  remediation: "List the engine's logs in enabledCloudwatchLogsExports.",
  pci: "3.2.1: 10.1, 10.2.1-10.2.5, 10.3.1-10.3.6; 4.0: 10.2.1",
  types: [RDS_INSTANCE, RDS_CLUSTER],
  check(r, report) {
    if (r.type === RDS_INSTANCE && isAuroraMember(r)) return;
    // A cluster without an engine is Aurora MySQL (the provider's default for aws.rds.Cluster).
    const engine = r.props.engine ?? (r.type === RDS_CLUSTER ? "aurora-mysql" : undefined);
    const expected = ENGINE_LOGS[String(engine)] ?? [];
    const exported = list<string>(r.props.enabledCloudwatchLogsExports);
    const missing = expected.filter((log) => !exported.includes(log));
    if (missing.length > 0) report(`Logs not exported: ${missing.join(", ")}.`);
  },
});

/**
 * Whether an engine offers Performance Insights (now Database Insights) on an instance class; asking for
 * it where it is not offered fails the instance's creation. Aurora MySQL: not on db.t2, db.t3, db.t4g.micro
 * or db.t4g.small ("Amazon Aurora DB engine, Region, and instance class support for Database Insights",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DatabaseInsights.Engines.html);
 * RDS for MySQL and MariaDB: not on db.t2/db.t3/db.t4g micro and small ("Amazon RDS DB engine, Region, and
 * instance class support for Database Insights", RDS User Guide, USER_DatabaseInsights.Engines.html);
 * Aurora PostgreSQL and the other engines: no class restriction. components/data/database.ts keeps the
 * Aurora MySQL table for the kit (the pack imports no component); test/policy/rules/rds.test.ts keeps the
 * two equal.
 */
export function offersPerformanceInsights(engine: string, instanceClass: string): boolean {
  if (engine === "aurora-mysql" || engine === "aurora")
    return !/^db\.(t2|t3)\./.test(instanceClass) && !/^db\.t4g\.(micro|small)$/.test(instanceClass);
  if (engine === "mysql" || engine === "mariadb")
    return !/^db\.(t2|t3|t4g)\.(micro|small)$/.test(instanceClass);
  return true;
}

export const rdsPerformanceInsights = resourceRule({
  id: "rds-performance-insights",
  description:
    "Database instances have Performance Insights on, where their engine offers it on their class.",
  severity: "low",
  remediation: "Set performanceInsightsEnabled to true (with a KMS key).",
  types: [RDS_INSTANCE, RDS_CLUSTER_INSTANCE],
  check(r, report) {
    // A cluster instance without an engine is Aurora MySQL, the provider's default.
    const engine = String(r.props.engine ?? (r.type === RDS_CLUSTER_INSTANCE ? "aurora-mysql" : ""));
    const instanceClass = r.props.instanceClass;
    if (typeof instanceClass === "string" && !offersPerformanceInsights(engine, instanceClass)) return;
    if (r.props.performanceInsightsEnabled !== true) report("Performance Insights is off.");
  },
});

export const rdsAutoMinorVersionUpgrade = resourceRule({
  id: "rds-auto-minor-version-upgrade",
  description: "Database instances take minor engine upgrades (security fixes) automatically.",
  severity: "high",
  remediation: "Leave autoMinorVersionUpgrade on.",
  cis: "v3.0 2.3.2; v5.0 2.2.2",
  pci: "3.2.1: 6.2; 4.0: 6.3.3",
  types: [RDS_INSTANCE, RDS_CLUSTER_INSTANCE],
  check(r, report) {
    if (r.props.autoMinorVersionUpgrade === false) report("Automatic minor version upgrades are off.");
  },
});

export const rdsMultiAz = stackRule({
  id: "rds-multi-az",
  description: "Databases survive an AZ: Multi-AZ instances, or Aurora clusters with two instances or more.",
  severity: "medium",
  remediation: "Set multiAz, or add a reader to the Aurora cluster (the kit does in prod).",
  cis: "v5.0 2.2.4",
  check(graph, report) {
    for (const db of graph.ofTypes([RDS_INSTANCE])) {
      if (!isAuroraMember(db) && db.props.multiAz !== true) report("The instance is single-AZ.", db.urn);
    }
    const members = new Map<string, number>();
    for (const i of graph.ofTypes([RDS_CLUSTER_INSTANCE])) {
      // Joined by output or by the cluster's literal identifier.
      for (const c of graph.referenced(i, "clusterIdentifier", [RDS_CLUSTER]))
        members.set(c.urn, (members.get(c.urn) ?? 0) + 1);
    }
    for (const cluster of graph.ofTypes([RDS_CLUSTER])) {
      const zones = list(cluster.props.availabilityZones).length;
      if ((members.get(cluster.urn) ?? 0) < 2 && zones < 2) {
        report("The Aurora cluster has a single instance: no reader to fail over to.", cluster.urn);
      }
    }
  },
});

export const rdsManagedMasterPassword = stackRule({
  id: "rds-managed-master-password",
  description:
    "Master passwords are managed by Secrets Manager, or at least generated, never written in code.",
  severity: "high",
  remediation: "Set manageMasterUserPassword to true (or pass a @pulumi/random password).",
  pci: "3.2.1: 8.2.1; 4.0: 8.3.2, 8.6.2",
  check(graph, report) {
    for (const db of graph.ofTypes([RDS_INSTANCE, RDS_CLUSTER])) {
      if (db.props.manageMasterUserPassword === true) continue;
      const property = db.type === RDS_CLUSTER ? "masterPassword" : "password";
      if (db.props[property] === undefined) continue;
      const sources = dependenciesOf(db, property);
      const generated = sources.some(
        (s) => s.type === RANDOM_PASSWORD || s.type.startsWith("aws:secretsmanager/"),
      );
      if (!generated) report(`The ${property} is neither managed by Secrets Manager nor generated.`, db.urn);
    }
  },
});

export const rdsCopyTagsToSnapshot = resourceRule({
  id: "rds-copy-tags-to-snapshot",
  description:
    "Databases copy their tags to snapshots, so snapshots stay attributable and covered by tag policies.",
  severity: "low",
  remediation: "Set copyTagsToSnapshot to true.",
  types: [RDS_INSTANCE, RDS_CLUSTER],
  check(r, report) {
    if (r.type === RDS_INSTANCE && isAuroraMember(r)) return;
    if (r.props.copyTagsToSnapshot !== true) report("Snapshots do not carry the database's tags.");
  },
});

export const rdsCmk = resourceRule({
  id: "rds-cmk",
  description: "Encrypted databases use a customer-managed KMS key.",
  severity: "low",
  remediation: "Set kmsKeyId to a key of your own.",
  pci: "3.2.1: 3.5; 4.0: 3.6.1",
  types: [RDS_INSTANCE, RDS_CLUSTER],
  check(r, report) {
    if (r.type === RDS_INSTANCE && isAuroraMember(r)) return;
    // Unencrypted storage is rds-storage-encrypted's finding.
    if (r.props.storageEncrypted === true && !r.props.kmsKeyId)
      report("Storage is encrypted with the AWS-managed RDS key.");
  },
});

export const rdsPerformanceInsightsCmk = resourceRule({
  id: "rds-performance-insights-cmk",
  description: "Performance Insights data (which holds query text) is encrypted with a customer-managed key.",
  severity: "medium",
  remediation: "Set performanceInsightsKmsKeyId to the database's key.",
  pci: "3.2.1: 3.4; 4.0: 3.5.1",
  types: [RDS_INSTANCE, RDS_CLUSTER_INSTANCE],
  check(r, report) {
    if (r.props.performanceInsightsEnabled === true && !r.props.performanceInsightsKmsKeyId)
      report("Performance Insights uses the AWS-managed key.");
  },
});

export const rdsEnhancedMonitoring = resourceRule({
  id: "rds-enhanced-monitoring",
  description: "Database instances send OS metrics to Enhanced Monitoring.",
  severity: "low",
  remediation: "Set monitoringInterval (e.g. 60) and monitoringRoleArn.",
  pci: "4.0: 10.2.1",
  types: [RDS_INSTANCE, RDS_CLUSTER_INSTANCE],
  check(r, report) {
    if (!(Number(r.props.monitoringInterval ?? 0) > 0)) report("Enhanced Monitoring is off.");
  },
});

/** Cluster parameter groups of MySQL engines require TLS from every client. */
export const rdsRequireTls = resourceRule({
  id: "rds-require-tls",
  description:
    "MySQL-family cluster parameter groups refuse connections without TLS (require_secure_transport).",
  severity: "high",
  remediation: "Set the parameter require_secure_transport to ON (1).",
  pci: "3.2.1: 4.1; 4.0: 4.2.1",
  types: [RDS_CLUSTER_PARAMETER_GROUP],
  check(r, report) {
    if (!String(r.props.family ?? "").includes("mysql")) return;
    const parameter = list(r.props.parameters).find((p) => p.name === "require_secure_transport");
    if (!["1", "ON", "on", "true"].includes(String(parameter?.value)))
      report("Clients may connect without TLS (require_secure_transport is not ON).");
  },
});

/** Each engine's default port (RDS User Guide, the engine's "Connecting to a DB instance" pages). */
const DEFAULT_PORTS: Record<string, number> = {
  mysql: 3306,
  mariadb: 3306,
  "aurora-mysql": 3306,
  aurora: 3306,
  postgres: 5432,
  "aurora-postgresql": 5432,
  "sqlserver-ee": 1433,
  "sqlserver-se": 1433,
  "sqlserver-ex": 1433,
  "sqlserver-web": 1433,
  "oracle-ee": 1521,
  "oracle-se2": 1521,
};

export const rdsNonDefaultPort = resourceRule({
  id: "rds-non-default-port",
  description: "Databases listen on a port other than their engine's default.",
  optIn: true,
  severity: "low",
  remediation: "Set port to a value other than the engine's default (and the security group rule with it).",
  types: [RDS_INSTANCE, RDS_CLUSTER],
  check(r, report) {
    // Opt-in: a different port only slows down scans of the internet; the kit's databases are reachable
    // from the web servers' security group alone (data-tier-sg-only-from-app-tier).
    if (r.type === RDS_INSTANCE && isAuroraMember(r)) return;
    const engine = String(r.props.engine ?? (r.type === RDS_CLUSTER ? "aurora-mysql" : ""));
    const standard = DEFAULT_PORTS[engine];
    if (standard !== undefined && Number(r.props.port ?? standard) === standard)
      report(`The database listens on ${engine}'s default port ${standard}.`);
  },
});

export const auroraMysqlBacktrack = resourceRule({
  id: "aurora-mysql-backtrack",
  description: "Aurora MySQL clusters keep a backtrack window, to rewind a destructive statement in minutes.",
  optIn: true,
  severity: "low",
  remediation:
    "Set backtrackWindow (seconds, up to 72 hours) when the cluster is created: it cannot be turned on later.",
  types: [RDS_CLUSTER],
  check(r, report) {
    // Opt-in: backtrack is billed per change record, can only be enabled when a cluster is created, and
    // does not work with binlog replication ("Backtracking an Aurora DB cluster", Aurora User Guide,
    // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Backtrack.html).
    const engine = String(r.props.engine ?? "aurora-mysql");
    if (engine !== "aurora-mysql" && engine !== "aurora") return;
    if (Number(r.props.backtrackWindow ?? 0) <= 0) report("The cluster keeps no backtrack window.");
  },
});
