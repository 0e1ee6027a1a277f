import type { ConfigProblem } from "../config-error";
import { dailyOverlapsWeekly, dailyWindowMinutes, weeklyWindowMinutes } from "../windows";
import { problem, Check } from "./check";

/*
 * Window rules, as the APIs state them:
 * - RDS ModifyDBCluster / CreateDBCluster PreferredBackupWindow: "Must not conflict with the preferred
 *   maintenance window. Must be at least 30 minutes." PreferredMaintenanceWindow: "Must be at least 30
 *   minutes." (Amazon RDS API Reference, ModifyDBCluster; https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBCluster.html)
 * - ElastiCache CreateReplicationGroup / ModifyReplicationGroup PreferredMaintenanceWindow: "The minimum
 *   maintenance window is a 60 minute period." (Amazon ElastiCache API Reference;
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyReplicationGroup.html)
 */
export const RDS_MIN_BACKUP_WINDOW_MINUTES = 30;
export const RDS_MIN_MAINTENANCE_WINDOW_MINUTES = 30;
export const ELASTICACHE_MIN_MAINTENANCE_WINDOW_MINUTES = 60;

/** Engine versions ElastiCache offers per engine. */
const CACHE_VERSIONS = { redis: ["7.0", "7.1"], valkey: ["7.2", "8.0", "8.1"] } as const;

export const databaseShape: Check = ({ database: db, base, network }) => {
  const problems: ConfigProblem[] = [];
  // Each reader goes to an AZ other than the writer's, one per AZ (a failover target per zone).
  if (db.readers > network.azCount - 1) {
    problems.push(
      problem(
        "database.readers",
        db.readers,
        `at most ${network.azCount - 1} with ${network.azCount} AZs: each reader takes an AZ other than the writer's`,
      ),
    );
  }
  if (base === "prod" && db.readers < 1) {
    problems.push(
      problem(
        "database.readers",
        db.readers,
        "1 or more in a prod environment (a reader in another AZ takes over when the writer fails)",
      ),
    );
  }
  if (base === "prod" && db.backupRetentionDays < 7) {
    problems.push(
      problem("database.backupRetentionDays", db.backupRetentionDays, "7 to 35 days in a prod environment"),
    );
  }
  if (db.serverless && db.serverless.minCapacity > db.serverless.maxCapacity) {
    problems.push(
      problem(
        "database.serverless.minCapacity",
        db.serverless.minCapacity,
        `at most maxCapacity (${db.serverless.maxCapacity})`,
      ),
    );
  }
  if (db.serverless && db.serverless.maxCapacity < 1) {
    problems.push(
      problem("database.serverless.maxCapacity", db.serverless.maxCapacity, "1 or more capacity units"),
    );
  }
  if (db.readerAutoScaling && db.readerAutoScaling.maxReaders < db.readers) {
    problems.push(
      problem(
        "database.readerAutoScaling.maxReaders",
        db.readerAutoScaling.maxReaders,
        `at least database.readers (${db.readers})`,
      ),
    );
  }
  if (dailyWindowMinutes(db.backupWindow) < RDS_MIN_BACKUP_WINDOW_MINUTES) {
    problems.push(
      problem(
        "database.backupWindow",
        db.backupWindow,
        `a window of at least ${RDS_MIN_BACKUP_WINDOW_MINUTES} minutes (RDS: PreferredBackupWindow must be at least 30 minutes)`,
      ),
    );
  }
  if (weeklyWindowMinutes(db.maintenanceWindow) < RDS_MIN_MAINTENANCE_WINDOW_MINUTES) {
    problems.push(
      problem(
        "database.maintenanceWindow",
        db.maintenanceWindow,
        `a window of at least ${RDS_MIN_MAINTENANCE_WINDOW_MINUTES} minutes (RDS: PreferredMaintenanceWindow must be at least 30 minutes)`,
      ),
    );
  }
  if (dailyOverlapsWeekly(db.backupWindow, db.maintenanceWindow)) {
    problems.push(
      problem(
        "database.maintenanceWindow",
        db.maintenanceWindow,
        `a window clear of the daily backup window (${db.backupWindow}), midnight and week end included (RDS: must not conflict with the preferred backup window)`,
      ),
    );
  }
  return problems;
};

export const cacheShape: Check = ({ cache, base }) => {
  const problems: ConfigProblem[] = [];
  const versions: readonly string[] = CACHE_VERSIONS[cache.engine];
  if (!versions.includes(cache.engineVersion)) {
    problems.push(
      problem(
        "cache.engineVersion",
        cache.engineVersion,
        `a ${cache.engine} version: ${versions.join(", ")}`,
      ),
    );
  }
  if (weeklyWindowMinutes(cache.maintenanceWindow) < ELASTICACHE_MIN_MAINTENANCE_WINDOW_MINUTES) {
    problems.push(
      problem(
        "cache.maintenanceWindow",
        cache.maintenanceWindow,
        `a window of at least ${ELASTICACHE_MIN_MAINTENANCE_WINDOW_MINUTES} minutes (ElastiCache: the minimum maintenance window is a 60 minute period)`,
      ),
    );
  }
  if (base === "prod" && cache.replicas < 1) {
    problems.push(
      problem(
        "cache.replicas",
        cache.replicas,
        "1 or more in a prod environment (a replica in another AZ takes over on failure)",
      ),
    );
  }
  if (base === "prod" && cache.snapshotRetentionDays < 1) {
    problems.push(
      problem(
        "cache.snapshotRetentionDays",
        cache.snapshotRetentionDays,
        "1 to 35 days in a prod environment",
      ),
    );
  }
  return problems;
};

export const searchShape: Check = ({ search, profile, base, network }) => {
  if (!search) {
    return profile === "magento"
      ? [
          problem(
            "search.enabled",
            false,
            "true for the magento profile: Magento's catalogue search needs OpenSearch",
          ),
        ]
      : [];
  }
  const problems: ConfigProblem[] = [];
  if (base === "prod" && search.instanceCount < 2) {
    problems.push(
      problem(
        "search.instanceCount",
        search.instanceCount,
        "2 or more data nodes in a prod environment, in different AZs",
      ),
    );
  }
  const zones = searchZoneCount(search.instanceCount, network.azCount);
  if (zones > 1 && search.instanceCount % zones !== 0) {
    problems.push(
      problem(
        "search.instanceCount",
        search.instanceCount,
        `a multiple of ${zones}, so that every AZ holds as many data nodes`,
      ),
    );
  }
  return problems;
};

/** How many AZs OpenSearch spreads data nodes over: up to three, never more than there are nodes. */
export function searchZoneCount(instanceCount: number, azCount: number): number {
  return Math.min(instanceCount, azCount, 3);
}
