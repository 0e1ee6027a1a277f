import type { AlarmThresholds, MonitoredStack } from "../../../components/operations/alarms";

/* Thresholds and a stack with every tier, shared by the alarm and observability specs. */

export const T: AlarmThresholds = {
  errorRatePercent: 1,
  p95Seconds: 1.5,
  p99Seconds: 3,
  webCpuPercent: 85,
  dbCpuPercent: 80,
  dbFreeMemoryMiB: 512,
  dbConnections: 1000,
  replicaLagMs: 1000,
  cacheCpuPercent: 80,
  cacheMemoryPercent: 80,
  efsIoLimitPercent: 80,
  searchJvmPressurePercent: 85,
  searchFreeStoragePercent: 20,
  cdnErrorRatePercent: 2,
};

export const FULL: MonitoredStack = {
  loadBalancer: { arnSuffix: "app/alb/1", targetGroupArnSuffix: "targetgroup/tg/2" },
  autoScaling: { groupName: "asg", minSize: 3 },
  database: { clusterIdentifier: "db", readers: 1 },
  cache: { primaryNodeId: "rg-001", replicaNodeId: "rg-002" },
  fileSystem: { id: "fs-1" },
  search: { domainName: "acme", accountId: "111122223333", volumeGiB: 100, multiNode: true },
  cdn: { distributionId: "E1", webAclName: "acl" },
};
