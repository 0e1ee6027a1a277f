import { z } from "zod";
import { resourceRule } from "../lib/define";
import { list, truthy } from "../lib/props";
import { CACHE_CLUSTER, CACHE_PARAMETER_GROUP, REPLICATION_GROUP } from "../lib/types";

/** ElastiCache (Redis and Valkey). */

export const elasticacheEncryptionAtRest = resourceRule({
  id: "elasticache-encryption-at-rest",
  description: "Replication groups encrypt data at rest.",
  severity: "high",
  remediation: "Set atRestEncryptionEnabled to true.",
  pci: "3.2.1: 3.4; 4.0: 3.5.1",
  types: [REPLICATION_GROUP],
  check(r, report) {
    if (!truthy(r.props.atRestEncryptionEnabled)) report("Data at rest is not encrypted.");
  },
});

export const elasticacheEncryptionInTransit = resourceRule({
  id: "elasticache-encryption-in-transit",
  description: "Replication groups require TLS from clients.",
  severity: "high",
  remediation: "Set transitEncryptionEnabled to true and transitEncryptionMode to required.",
  pci: "3.2.1: 4.1; 4.0: 4.2.1",
  types: [REPLICATION_GROUP],
  check(r, report) {
    if (!truthy(r.props.transitEncryptionEnabled)) report("Clients may connect without TLS.");
    else if (r.props.transitEncryptionMode === "preferred")
      report("TLS is only preferred: plain connections are accepted.");
  },
});

export const elasticacheAuth = resourceRule({
  id: "elasticache-auth",
  description: "Replication groups authenticate clients (an AUTH token, or RBAC user groups).",
  severity: "high",
  remediation: "Set authToken from a generated secret, or userGroupIds.",
  pci: "3.2.1: 8.2; 4.0: 8.3.1",
  types: [REPLICATION_GROUP],
  check(r, report) {
    // Presence only: the token's value is a secret and never looked at.
    const hasToken = r.props.authToken !== undefined && r.props.authToken !== "";
    if (!hasToken && list(r.props.userGroupIds).length === 0)
      report("Clients connect without authentication.");
  },
});

export const elasticacheMultiAz = resourceRule({
  id: "elasticache-multi-az",
  description: "Replication groups keep a replica in another AZ.",
  severity: "medium",
  remediation: "Add a replica and set multiAzEnabled to true (the kit does in prod).",
  types: [REPLICATION_GROUP],
  check(r, report) {
    if (r.props.multiAzEnabled !== true) report("Multi-AZ is off.");
  },
});

export const elasticacheAutomaticFailover = resourceRule({
  id: "elasticache-automatic-failover",
  description: "Replication groups fail over to a replica automatically.",
  severity: "medium",
  remediation: "Add a replica and set automaticFailoverEnabled to true (the kit does in prod).",
  types: [REPLICATION_GROUP],
  check(r, report) {
    if (r.props.automaticFailoverEnabled !== true) report("Automatic failover is off.");
  },
});

export const elasticacheSnapshotRetention = resourceRule({
  id: "elasticache-snapshot-retention",
  description: "Redis and Valkey caches keep automatic snapshots.",
  severity: "medium",
  remediation: "Set snapshotRetentionLimit to at least the configured number of days.",
  pci: "3.2.1: 3.1",
  config: z.object({
    minimumDays: z.int().min(1).default(1).describe("Days of snapshots to keep at least."),
  }),
  types: [REPLICATION_GROUP, CACHE_CLUSTER],
  check(r, report, config) {
    if (r.type === CACHE_CLUSTER && !["redis", "valkey"].includes(String(r.props.engine))) return;
    const minimum = config.minimumDays;
    const days = Number(r.props.snapshotRetentionLimit ?? 0);
    if (days < minimum) report(`Snapshots are kept ${days} day(s); at least ${minimum} required.`);
  },
});

export const elasticacheCmk = resourceRule({
  id: "elasticache-cmk",
  description: "Replication groups encrypted at rest use a customer-managed KMS key.",
  severity: "low",
  remediation: "Set kmsKeyId to a key of your own.",
  pci: "3.2.1: 3.5; 4.0: 3.6.1",
  types: [REPLICATION_GROUP],
  check(r, report) {
    if (truthy(r.props.atRestEncryptionEnabled) && !r.props.kmsKeyId)
      report("Data at rest is encrypted with the AWS-managed key.");
  },
});

export const elasticacheAutoMinorVersionUpgrade = resourceRule({
  id: "elasticache-auto-minor-version-upgrade",
  description: "Caches take minor engine upgrades (security fixes) automatically.",
  severity: "medium",
  remediation: "Leave autoMinorVersionUpgrade at true.",
  pci: "3.2.1: 6.2; 4.0: 6.3.3",
  types: [REPLICATION_GROUP, CACHE_CLUSTER],
  check(r, report) {
    if (r.props.autoMinorVersionUpgrade === false || r.props.autoMinorVersionUpgrade === "false")
      report("Automatic minor version upgrades are off.");
  },
});

export const elasticacheCustomSubnetGroup = resourceRule({
  id: "elasticache-custom-subnet-group",
  description: "Caches run in a subnet group of their own, not the default one.",
  severity: "medium",
  remediation: "Create an aws.elasticache.SubnetGroup of the isolated subnets and set subnetGroupName.",
  pci: "3.2.1: 1.3.6",
  types: [REPLICATION_GROUP, CACHE_CLUSTER],
  check(r, report) {
    const group = r.props.subnetGroupName;
    if (group === undefined || group === "default") report("The cache runs in the default subnet group.");
  },
});

export const elasticacheEvictionKeepsWrites = resourceRule({
  id: "elasticache-eviction-keeps-writes",
  description:
    "Cache parameter groups keep accepting writes when memory is full: maxmemory-policy is not noeviction.",
  severity: "low",
  remediation:
    "Set maxmemory-policy to volatile-lru (sessions with an expiry make room) or another evicting policy.",
  types: [CACHE_PARAMETER_GROUP],
  check(r, report) {
    // With noeviction the engine answers every write with "OOM command not allowed when used memory >
    // 'maxmemory'" once memory is full (AWS Knowledge Center, "oom-command-not-allowed-redis"; Redis
    // redis.conf, MAXMEMORY POLICY): logins and carts then fail. ElastiCache's default is volatile-lru.
    const policy = list(r.props.parameters).find((p) => p.name === "maxmemory-policy")?.value;
    if (policy === "noeviction") report("With noeviction, writes fail once memory is full.");
  },
});

export const elasticacheNonDefaultPort = resourceRule({
  id: "elasticache-non-default-port",
  description: "Caches listen on a port other than the engine's default (6379, 11211).",
  optIn: true,
  severity: "low",
  remediation: "Set port to a value other than 6379 (Redis OSS, Valkey) or 11211 (Memcached).",
  types: [REPLICATION_GROUP, CACHE_CLUSTER],
  check(r, report) {
    // Opt-in: the kit's caches are reachable from the web servers' security group alone, and a different
    // port only slows down scans.
    const standard = r.props.engine === "memcached" ? 11211 : 6379;
    if (Number(r.props.port ?? standard) === standard)
      report(`The cache listens on the default port ${standard}.`);
  },
});
