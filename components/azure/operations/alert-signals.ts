import type * as pulumi from "@pulumi/pulumi";
import type { AlarmThresholds } from "../../operations/alarms";

/*
 * The storefront's alert signals on Azure, as data. The thresholds are the kit's neutral per-environment
 * values (`AlarmThresholds`, the same numbers the AWS alarms use, set once in stacks/presets.ts); this
 * module is the Azure column of the signal table: for each signal, the Azure Monitor metric (name,
 * namespace, aggregation) or log query that measures it, and how the neutral threshold converts to the
 * metric's unit. The Monitoring component turns each entry into a metric alert or a log search alert that
 * notifies the stack's action group when it fires and again when it resolves.
 *
 * Metric names and namespaces are the REST API names of Azure Monitor's "Supported metrics" reference
 * (learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/<namespace>-metrics, source
 * MicrosoftDocs/azure-reference-other azure-monitor-ref/supported-metrics/includes):
 *   Microsoft.Network/applicationGateways   UnhealthyHostCount (Average/Maximum)
 *   Microsoft.Compute/virtualMachineScaleSets  Percentage CPU (Average)
 *   Microsoft.DBforMySQL/flexibleServers    cpu_percent, storage_percent, available_memory_bytes,
 *                                            active_connections, replication_lag (seconds; on replicas)
 *   Microsoft.Cache/redisEnterprise         serverLoad (Percent, Maximum), usedmemorypercentage,
 *                                            evictedkeys (Total)
 *   Microsoft.Cdn/profiles                  Percentage5XX (Average), OriginHealthPercentage (Average)
 *   Microsoft.Storage/storageAccounts/fileServices  FileCapacity (Bytes, Average, dimension FileShare;
 *                                            an hourly metric, PT1H grain)
 *   Microsoft.Network/loadBalancers         DipAvailability (Health Probe Status, percent of healthy
 *                                            probes to the backends; Standard load balancers)
 * The gateway's error rate and latency percentile have no metric (ResponseStatus counts responses, it
 * cannot divide), so they are log search alerts over the gateway's access log (AGWAccessLogs).
 */

/** Which AWS alarm (components/operations/alarms.ts key) each Azure signal answers for. */
export type SignalKey =
  | "gateway-5xx-rate"
  | "gateway-latency-p95"
  | "gateway-unhealthy-hosts"
  | "web-cpu"
  | "db-cpu"
  | "db-free-memory"
  | "db-connections"
  | "db-storage"
  | "db-replica-lag"
  | "cache-server-load"
  | "cache-memory"
  | "cache-evictions"
  | "cdn-5xx-rate"
  | "cdn-origin-health"
  | "media-capacity"
  | "search-unhealthy-nodes";

/** Signals Azure has and the AWS thresholds do not: a value for each, with a default in the component. */
export interface AzureOnlyThresholds {
  /** MySQL Flexible Server storage used, percent (Aurora grows its own storage, so AWS has no alarm). */
  readonly dbStoragePercent: number;
  /** Media share capacity used, percent of its provisioned size (EFS has no size to fill). */
  readonly mediaCapacityPercent: number;
  /** Front Door's successful origin probes, percent, below which the origin is failing. */
  readonly originHealthPercent: number;
}

export const AZURE_ONLY_DEFAULTS: AzureOnlyThresholds = {
  dbStoragePercent: 85,
  mediaCapacityPercent: 85,
  originHealthPercent: 90,
};

/** The Azure resources the stack has, by tier; a tier that is absent gets no alerts. */
export interface AzureMonitoredStack {
  readonly gateway?: { readonly id: pulumi.Input<string> };
  readonly scaleSet?: { readonly id: pulumi.Input<string> };
  readonly database?: {
    readonly id: pulumi.Input<string>;
    /** Read replicas, each watched for lag. */
    readonly replicaIds?: readonly pulumi.Input<string>[];
  };
  /** The Azure Managed Redis cluster (redisEnterprise). */
  readonly cache?: { readonly id: pulumi.Input<string> };
  /** The Front Door profile (cdn). */
  readonly frontDoor?: { readonly id: pulumi.Input<string> };
  /** The media share: its storage account's file service and the share's provisioned size. */
  readonly media?: {
    readonly fileServiceId: pulumi.Input<string>;
    readonly shareName: pulumi.Input<string>;
    readonly quotaGiB: number;
  };
  /** The search cluster's internal load balancer, whose probes see each node's HTTP port. */
  readonly search?: { readonly loadBalancerId: pulumi.Input<string> };
}

export interface MetricSignal {
  readonly kind: "metric";
  readonly key: SignalKey;
  readonly description: string;
  readonly scope: pulumi.Input<string>;
  readonly namespace: string;
  readonly metricName: string;
  readonly aggregation: "Average" | "Maximum" | "Minimum" | "Total";
  readonly operator: "GreaterThan" | "LessThan";
  readonly threshold: number;
  /** ISO 8601 window the aggregation covers, and how often it is evaluated. */
  readonly windowSize: string;
  readonly evaluationFrequency: string;
  readonly dimensions?: readonly { name: string; values: pulumi.Input<string>[] }[];
}

export interface LogSignal {
  readonly kind: "log";
  readonly key: SignalKey;
  readonly description: string;
  /** A query that returns one row with the measured column `value`. */
  readonly query: string;
  readonly operator: "GreaterThan";
  readonly threshold: number;
  readonly windowSize: string;
  readonly evaluationFrequency: string;
}

export type AlertSignal = MetricSignal | LogSignal;

const NS = {
  gateway: "Microsoft.Network/applicationGateways",
  scaleSet: "Microsoft.Compute/virtualMachineScaleSets",
  mysql: "Microsoft.DBforMySQL/flexibleServers",
  redis: "Microsoft.Cache/redisEnterprise",
  frontDoor: "Microsoft.Cdn/profiles",
  files: "Microsoft.Storage/storageAccounts/fileServices",
  loadBalancer: "Microsoft.Network/loadBalancers",
} as const;

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Five-minute windows evaluated every minute: the AWS alarms' 3 periods of 5 minutes, about. */
const FAST = { windowSize: "PT5M", evaluationFrequency: "PT1M" } as const;
const SUSTAINED = { windowSize: "PT15M", evaluationFrequency: "PT5M" } as const;

/** The gateway's access log, last window: rows with status, path and the backend's latency. */
const GATEWAY_RATE_QUERY =
  "AGWAccessLogs\n" +
  "| summarize requests = count(), errors = countif(HttpStatus >= 500)\n" +
  "| extend value = iff(requests > 0, 100.0 * errors / requests, 0.0)\n" +
  "| project value";
const GATEWAY_P95_QUERY =
  "AGWAccessLogs\n" +
  "| where ServerResponseLatency >= 0\n" +
  "| summarize value = percentile(ServerResponseLatency, 95)";

export function azureAlertSignals(
  stack: AzureMonitoredStack,
  t: AlarmThresholds,
  extra: AzureOnlyThresholds = AZURE_ONLY_DEFAULTS,
): AlertSignal[] {
  const signals: AlertSignal[] = [];
  const metric = (s: Omit<MetricSignal, "kind">): void => void signals.push({ kind: "metric", ...s });
  if (stack.gateway) {
    signals.push(
      {
        kind: "log",
        key: "gateway-5xx-rate",
        description: "The application gateway answers with 5xx errors (percent of requests)",
        query: GATEWAY_RATE_QUERY,
        operator: "GreaterThan",
        threshold: t.errorRatePercent,
        ...FAST,
      },
      {
        kind: "log",
        key: "gateway-latency-p95",
        description: "95th-percentile response time of the web servers is high (seconds)",
        query: GATEWAY_P95_QUERY,
        operator: "GreaterThan",
        threshold: t.p95Seconds,
        ...FAST,
      },
    );
    metric({
      key: "gateway-unhealthy-hosts",
      description: "Web servers fail the gateway's health probe",
      scope: stack.gateway.id,
      namespace: NS.gateway,
      metricName: "UnhealthyHostCount",
      aggregation: "Maximum",
      operator: "GreaterThan",
      threshold: 0,
      ...FAST,
    });
  }
  if (stack.scaleSet) {
    metric({
      key: "web-cpu",
      description: "Web servers' CPU stays high after scaling",
      scope: stack.scaleSet.id,
      namespace: NS.scaleSet,
      metricName: "Percentage CPU",
      aggregation: "Average",
      operator: "GreaterThan",
      threshold: t.webCpuPercent,
      ...SUSTAINED,
    });
  }
  if (stack.database) {
    const db = { scope: stack.database.id, namespace: NS.mysql, ...SUSTAINED };
    metric({
      ...db,
      key: "db-cpu",
      description: "The database server's CPU is high",
      metricName: "cpu_percent",
      aggregation: "Average",
      operator: "GreaterThan",
      threshold: t.dbCpuPercent,
    });
    metric({
      ...db,
      key: "db-free-memory",
      description: "The database server runs out of memory",
      metricName: "available_memory_bytes",
      aggregation: "Minimum",
      operator: "LessThan",
      threshold: t.dbFreeMemoryMiB * MIB,
    });
    metric({
      ...db,
      key: "db-connections",
      description: "The database has too many connections",
      metricName: "active_connections",
      aggregation: "Maximum",
      operator: "GreaterThan",
      threshold: t.dbConnections,
    });
    metric({
      ...db,
      key: "db-storage",
      description: "The database server's storage fills up",
      metricName: "storage_percent",
      aggregation: "Maximum",
      operator: "GreaterThan",
      threshold: extra.dbStoragePercent,
    });
    (stack.database.replicaIds ?? []).forEach((replicaId) =>
      metric({
        ...db,
        scope: replicaId,
        key: "db-replica-lag",
        description: "A read replica lags behind the primary (seconds)",
        metricName: "replication_lag",
        aggregation: "Maximum",
        operator: "GreaterThan",
        threshold: t.replicaLagMs / 1000,
      }),
    );
  }
  if (stack.cache) {
    const cache = { scope: stack.cache.id, namespace: NS.redis, ...SUSTAINED };
    metric({
      ...cache,
      key: "cache-server-load",
      description: "The session cache's server is saturated",
      metricName: "serverLoad",
      aggregation: "Maximum",
      operator: "GreaterThan",
      threshold: t.cacheCpuPercent,
    });
    metric({
      ...cache,
      key: "cache-memory",
      description: "The session cache runs out of memory",
      metricName: "usedmemorypercentage",
      aggregation: "Maximum",
      operator: "GreaterThan",
      threshold: t.cacheMemoryPercent,
    });
    metric({
      ...cache,
      key: "cache-evictions",
      description: "Sessions are evicted: shoppers lose their carts",
      metricName: "evictedkeys",
      aggregation: "Total",
      operator: "GreaterThan",
      threshold: 0,
      ...FAST,
    });
  }
  if (stack.frontDoor) {
    const fd = { scope: stack.frontDoor.id, namespace: NS.frontDoor, ...SUSTAINED };
    metric({
      ...fd,
      key: "cdn-5xx-rate",
      description: "Front Door answers with 5xx errors (percent of requests)",
      metricName: "Percentage5XX",
      aggregation: "Average",
      operator: "GreaterThan",
      threshold: t.cdnErrorRatePercent,
    });
    metric({
      ...fd,
      key: "cdn-origin-health",
      description: "Front Door's health probes to the origin fail",
      metricName: "OriginHealthPercentage",
      aggregation: "Average",
      operator: "LessThan",
      threshold: extra.originHealthPercent,
    });
  }
  if (stack.media) {
    metric({
      key: "media-capacity",
      description: "The media share fills up (bytes used against its provisioned size)",
      scope: stack.media.fileServiceId,
      namespace: NS.files,
      metricName: "FileCapacity",
      aggregation: "Average",
      operator: "GreaterThan",
      threshold: Math.round(stack.media.quotaGiB * GIB * (extra.mediaCapacityPercent / 100)),
      // FileCapacity is emitted hourly (PT1H grain): a shorter window would see no data.
      windowSize: "PT6H",
      evaluationFrequency: "PT1H",
      dimensions: [{ name: "FileShare", values: [stack.media.shareName] }],
    });
  }
  if (stack.search) {
    metric({
      key: "search-unhealthy-nodes",
      description:
        "Search nodes fail the load balancer's probe (the AWS search-red alarm's nearest platform signal)",
      scope: stack.search.loadBalancerId,
      namespace: NS.loadBalancer,
      metricName: "DipAvailability",
      aggregation: "Average",
      operator: "LessThan",
      threshold: 100,
      ...FAST,
    });
  }
  return signals;
}
