import type * as pulumi from "@pulumi/pulumi";

/*
 * The alarms a storefront needs, as data: one entry per signal, with the dimensions of the actual
 * resources and the thresholds of the environment. The Observability component turns each entry into a
 * CloudWatch alarm that notifies the stack's topic when it fires and when it clears.
 */

export interface AlarmThresholds {
  /** ALB and target 5xx responses, percent of requests. */
  readonly errorRatePercent: number;
  readonly p95Seconds: number;
  readonly p99Seconds: number;
  readonly webCpuPercent: number;
  readonly dbCpuPercent: number;
  readonly dbFreeMemoryMiB: number;
  readonly dbConnections: number;
  readonly replicaLagMs: number;
  readonly cacheCpuPercent: number;
  readonly cacheMemoryPercent: number;
  readonly efsIoLimitPercent: number;
  readonly searchJvmPressurePercent: number;
  readonly searchFreeStoragePercent: number;
  readonly cdnErrorRatePercent: number;
}

export interface MonitoredStack {
  readonly loadBalancer: {
    readonly arnSuffix: pulumi.Input<string>;
    readonly targetGroupArnSuffix: pulumi.Input<string>;
  };
  readonly autoScaling: { readonly groupName: pulumi.Input<string>; readonly minSize: number };
  readonly database: { readonly clusterIdentifier: pulumi.Input<string>; readonly readers: number };
  readonly cache: {
    readonly primaryNodeId: pulumi.Input<string>;
    readonly replicaNodeId?: pulumi.Input<string>;
  };
  readonly fileSystem: { readonly id: pulumi.Input<string> };
  readonly search?: {
    readonly domainName: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    readonly volumeGiB: number;
    /** Yellow only means trouble when replicas have somewhere to go. */
    readonly multiNode: boolean;
  };
  /** CloudFront and its web ACL (metrics in us-east-1). */
  readonly cdn?: { readonly distributionId: pulumi.Input<string>; readonly webAclName: pulumi.Input<string> };
  /** The load balancer's own web ACL, where there is no CloudFront. */
  readonly regionalWaf?: { readonly webAclName: pulumi.Input<string>; readonly region: string };
  /** The Route 53 health check on the site's deep path (site-check.ts); its metrics are in us-east-1. */
  readonly siteCheck?: { readonly healthCheckId: pulumi.Input<string>; readonly url: string };
}

type Dimensions = Record<string, pulumi.Input<string>>;

export interface MetricQuery {
  readonly id: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: Dimensions;
  readonly stat?: string;
  readonly expression?: string;
  readonly returnData: boolean;
}

export interface AlarmSpec {
  readonly key: string;
  readonly description: string;
  /** Lives in us-east-1 with the CDN's metrics. */
  readonly global?: boolean;
  readonly comparison: string;
  readonly threshold?: number;
  /** For anomaly detection: the id of the band the metric is compared with. */
  readonly thresholdMetricId?: string;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm?: number;
  readonly period: number;
  readonly treatMissingData: "notBreaching" | "breaching" | "missing";
  /** A single metric... */
  readonly metric?: {
    namespace: string;
    metricName: string;
    dimensions: Dimensions;
    statistic?: string;
    extendedStatistic?: string;
  };
  /** ...or metric math. */
  readonly queries?: readonly MetricQuery[];
}

const FIVE_MINUTES = 300;
const MINUTE = 60;

function rate(
  key: string,
  description: string,
  errors: string,
  dimensions: Dimensions,
  threshold: number,
): AlarmSpec {
  return {
    key,
    description,
    comparison: "GreaterThanThreshold",
    threshold,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    period: FIVE_MINUTES,
    treatMissingData: "notBreaching",
    queries: [
      {
        id: "errors",
        namespace: "AWS/ApplicationELB",
        metricName: errors,
        dimensions,
        stat: "Sum",
        returnData: false,
      },
      {
        id: "requests",
        namespace: "AWS/ApplicationELB",
        metricName: "RequestCount",
        dimensions,
        stat: "Sum",
        returnData: false,
      },
      { id: "rate", expression: "IF(requests > 0, 100 * errors / requests, 0)", returnData: true },
    ],
  };
}

function simple(
  key: string,
  description: string,
  metric: NonNullable<AlarmSpec["metric"]>,
  comparison: string,
  threshold: number,
  periods = 3,
  period = FIVE_MINUTES,
): AlarmSpec {
  return {
    key,
    description,
    metric,
    comparison,
    threshold,
    evaluationPeriods: periods,
    period,
    treatMissingData: "notBreaching",
  };
}

/** A spike against CloudWatch's learned band of normal, for counts without a natural threshold. */
function spike(
  key: string,
  description: string,
  namespace: string,
  metricName: string,
  dimensions: Dimensions,
  global: boolean,
): AlarmSpec {
  return {
    key,
    description,
    global,
    comparison: "GreaterThanUpperThreshold",
    thresholdMetricId: "band",
    evaluationPeriods: 2,
    period: FIVE_MINUTES,
    treatMissingData: "notBreaching",
    queries: [
      { id: "m", namespace, metricName, dimensions, stat: "Sum", returnData: true },
      { id: "band", expression: "ANOMALY_DETECTION_BAND(m, 3)", returnData: true },
    ],
  };
}

export function alarmSpecs(stack: MonitoredStack, t: AlarmThresholds): AlarmSpec[] {
  const alb = { LoadBalancer: stack.loadBalancer.arnSuffix };
  const tg = {
    LoadBalancer: stack.loadBalancer.arnSuffix,
    TargetGroup: stack.loadBalancer.targetGroupArnSuffix,
  };
  const asg = { AutoScalingGroupName: stack.autoScaling.groupName };
  const db = { DBClusterIdentifier: stack.database.clusterIdentifier };
  const writer = { ...db, Role: "WRITER" };
  const elb = (
    metricName: string,
    dims: Dimensions,
    extra: Partial<NonNullable<AlarmSpec["metric"]>> = {},
  ) => ({
    namespace: "AWS/ApplicationELB",
    metricName,
    dimensions: dims,
    statistic: "Sum",
    ...extra,
  });
  const specs: AlarmSpec[] = [
    rate(
      "alb-5xx-rate",
      "The load balancer answers with 5xx errors",
      "HTTPCode_ELB_5XX_Count",
      alb,
      t.errorRatePercent,
    ),
    rate(
      "target-5xx-rate",
      "The web servers answer with 5xx errors",
      "HTTPCode_Target_5XX_Count",
      alb,
      t.errorRatePercent,
    ),
    simple(
      "latency-p95",
      "95th-percentile response time is high",
      elb("TargetResponseTime", alb, { statistic: undefined, extendedStatistic: "p95" }),
      "GreaterThanThreshold",
      t.p95Seconds,
    ),
    simple(
      "latency-p99",
      "99th-percentile response time is high",
      elb("TargetResponseTime", alb, { statistic: undefined, extendedStatistic: "p99" }),
      "GreaterThanThreshold",
      t.p99Seconds,
    ),
    simple(
      "unhealthy-hosts",
      "Web servers fail their health checks",
      elb("UnHealthyHostCount", tg, { statistic: "Maximum" }),
      "GreaterThanThreshold",
      0,
      3,
      MINUTE,
    ),
    simple(
      "rejected-connections",
      "The load balancer rejects connections (no capacity)",
      elb("RejectedConnectionCount", alb),
      "GreaterThanThreshold",
      0,
      1,
    ),
    simple(
      "asg-below-minimum",
      "Fewer web servers in service than the minimum",
      {
        namespace: "AWS/AutoScaling",
        metricName: "GroupInServiceInstances",
        dimensions: asg,
        statistic: "Minimum",
      },
      "LessThanThreshold",
      stack.autoScaling.minSize,
      3,
      MINUTE,
    ),
    simple(
      "web-cpu",
      "Web servers' CPU stays high after scaling",
      { namespace: "AWS/EC2", metricName: "CPUUtilization", dimensions: asg, statistic: "Average" },
      "GreaterThanThreshold",
      t.webCpuPercent,
      3,
    ),
    simple(
      "db-cpu",
      "The database writer's CPU is high",
      { namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: writer, statistic: "Average" },
      "GreaterThanThreshold",
      t.dbCpuPercent,
    ),
    simple(
      "db-freeable-memory",
      "The database writer runs out of memory",
      { namespace: "AWS/RDS", metricName: "FreeableMemory", dimensions: writer, statistic: "Minimum" },
      "LessThanThreshold",
      t.dbFreeMemoryMiB * 1024 * 1024,
    ),
    simple(
      "db-connections",
      "The database has too many connections",
      { namespace: "AWS/RDS", metricName: "DatabaseConnections", dimensions: writer, statistic: "Maximum" },
      "GreaterThanThreshold",
      t.dbConnections,
    ),
    simple(
      "db-deadlocks",
      "The database reports deadlocks",
      { namespace: "AWS/RDS", metricName: "Deadlocks", dimensions: db, statistic: "Sum" },
      "GreaterThanThreshold",
      0,
      1,
    ),
    ...(stack.database.readers > 0
      ? [
          simple(
            "db-replica-lag",
            "Readers lag behind the writer",
            {
              namespace: "AWS/RDS",
              metricName: "AuroraReplicaLagMaximum",
              dimensions: db,
              statistic: "Maximum",
            },
            "GreaterThanThreshold",
            t.replicaLagMs,
          ),
        ]
      : []),
    ...cacheAlarms(stack.cache, t),
    simple(
      "efs-io-limit",
      "Shared media nears its I/O limit",
      {
        namespace: "AWS/EFS",
        metricName: "PercentIOLimit",
        dimensions: { FileSystemId: stack.fileSystem.id },
        statistic: "Maximum",
      },
      "GreaterThanThreshold",
      t.efsIoLimitPercent,
    ),
    ...(stack.search ? searchAlarms(stack.search, t) : []),
  ];
  if (stack.cdn) {
    const cf = { DistributionId: stack.cdn.distributionId, Region: "Global" };
    specs.push(
      {
        ...simple(
          "cdn-5xx-rate",
          "The CDN answers with 5xx errors",
          { namespace: "AWS/CloudFront", metricName: "5xxErrorRate", dimensions: cf, statistic: "Average" },
          "GreaterThanThreshold",
          t.cdnErrorRatePercent,
        ),
        global: true,
      },
      spike(
        "waf-blocked-spike",
        "The WAF blocks far more requests than usual",
        "AWS/WAFV2",
        "BlockedRequests",
        { WebACL: stack.cdn.webAclName, Rule: "ALL" },
        true,
      ),
    );
  }
  if (stack.regionalWaf) {
    const dims = { WebACL: stack.regionalWaf.webAclName, Rule: "ALL", Region: stack.regionalWaf.region };
    specs.push(
      spike(
        "waf-blocked-spike",
        "The WAF blocks far more requests than usual",
        "AWS/WAFV2",
        "BlockedRequests",
        dims,
        false,
      ),
    );
  }
  if (stack.siteCheck) {
    // Route 53 publishes health check metrics in us-east-1 only (Route 53 Developer Guide, "Monitoring
    // health checks using CloudWatch"): HealthCheckStatus is 1 while healthy, 0 when not.
    specs.push({
      ...simple(
        "site-deep-check",
        `The shop's deep health check fails: ${stack.siteCheck.url}`,
        {
          namespace: "AWS/Route53",
          metricName: "HealthCheckStatus",
          dimensions: { HealthCheckId: stack.siteCheck.healthCheckId },
          statistic: "Minimum",
        },
        "LessThanThreshold",
        1,
        3,
        MINUTE,
      ),
      // Route 53 reports every minute; no data means the check itself is gone.
      treatMissingData: "breaching",
      global: true,
    });
  }
  return specs;
}

function cacheAlarms(cache: MonitoredStack["cache"], t: AlarmThresholds): AlarmSpec[] {
  const primary = { CacheClusterId: cache.primaryNodeId };
  const metric = (metricName: string, statistic: string, dims = primary) => ({
    namespace: "AWS/ElastiCache",
    metricName,
    dimensions: dims,
    statistic,
  });
  return [
    simple(
      "cache-cpu",
      "The session cache's host CPU is high",
      metric("CPUUtilization", "Average"),
      "GreaterThanThreshold",
      t.cacheCpuPercent,
    ),
    simple(
      "cache-engine-cpu",
      "The session cache's engine thread is saturated",
      metric("EngineCPUUtilization", "Average"),
      "GreaterThanThreshold",
      t.cacheCpuPercent,
    ),
    simple(
      "cache-memory",
      "The session cache runs out of memory",
      metric("DatabaseMemoryUsagePercentage", "Maximum"),
      "GreaterThanThreshold",
      t.cacheMemoryPercent,
    ),
    simple(
      "cache-evictions",
      "Sessions are evicted: shoppers lose their carts",
      metric("Evictions", "Sum"),
      "GreaterThanThreshold",
      0,
      1,
    ),
    ...(cache.replicaNodeId
      ? [
          simple(
            "cache-replication-lag",
            "The cache replica lags behind",
            metric("ReplicationLag", "Maximum", { CacheClusterId: cache.replicaNodeId }),
            "GreaterThanThreshold",
            5,
          ),
        ]
      : []),
  ];
}

function searchAlarms(search: NonNullable<MonitoredStack["search"]>, t: AlarmThresholds): AlarmSpec[] {
  const dims = { DomainName: search.domainName, ClientId: search.accountId };
  const metric = (metricName: string, statistic: string) => ({
    namespace: "AWS/ES",
    metricName,
    dimensions: dims,
    statistic,
  });
  const freeMiB = search.volumeGiB * 1024 * (t.searchFreeStoragePercent / 100);
  return [
    simple(
      "search-red",
      "The search cluster is red: some data is unavailable",
      metric("ClusterStatus.red", "Maximum"),
      "GreaterThanOrEqualToThreshold",
      1,
      1,
      MINUTE,
    ),
    ...(search.multiNode
      ? [
          simple(
            "search-yellow",
            "The search cluster is yellow: replicas are unassigned",
            metric("ClusterStatus.yellow", "Maximum"),
            "GreaterThanOrEqualToThreshold",
            1,
            5,
            MINUTE,
          ),
        ]
      : []),
    simple(
      "search-free-storage",
      "Search nodes run out of disk",
      metric("FreeStorageSpace", "Minimum"),
      "LessThanThreshold",
      freeMiB,
    ),
    simple(
      "search-jvm-pressure",
      "Search nodes are under JVM memory pressure",
      metric("JVMMemoryPressure", "Maximum"),
      "GreaterThanThreshold",
      t.searchJvmPressurePercent,
    ),
  ];
}
