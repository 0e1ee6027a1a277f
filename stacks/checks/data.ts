import type { ConfigProblem } from "../config-error";
import { problem, Check } from "./check";

/** Engine versions ElastiCache offers per engine. */
const CACHE_VERSIONS = { redis: ["7.0", "7.1"], valkey: ["7.2", "8.0", "8.1"] } as const;

export const databaseShape: Check = ({ database: db, base }) => {
  const problems: ConfigProblem[] = [];
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
  if (db.backupWindow && db.maintenanceWindow && overlapsDaily(db.backupWindow, db.maintenanceWindow)) {
    problems.push(
      problem(
        "database.maintenanceWindow",
        db.maintenanceWindow,
        `a window clear of the backup window (${db.backupWindow})`,
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

function overlapsDaily(a: string, weekly: string): boolean {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const [aStart, aEnd] = a.split("-").map(minutes);
  const [bStart, bEnd] = weekly.split("-").map((part) => minutes(part.slice(4)));
  return aStart < bEnd && bStart < aEnd;
}
