import type * as pulumi from "@pulumi/pulumi";
import type { MonitoredStack } from "./alarms";

/*
 * The stack's CloudWatch dashboard body: traffic, latency, errors, capacity and data-tier health, one row
 * each. Values may be outputs (resource ids); the component serialises the body with them resolved.
 */

type Metric = (string | pulumi.Input<string> | Record<string, unknown>)[];

function widget(
  title: string,
  metrics: Metric[],
  region: string,
  y: number,
  x: number,
  extra: Record<string, unknown> = {},
) {
  return {
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, metrics, region, view: "timeSeries", stacked: false, period: 60, ...extra },
  };
}

export function dashboardBody(stack: MonitoredStack, region: string) {
  const lb = stack.loadBalancer.arnSuffix;
  const db = stack.database.clusterIdentifier;
  const widgets = [
    widget(
      "Requests",
      [["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb, { stat: "Sum" }]],
      region,
      0,
      0,
    ),
    widget(
      "Errors (5xx)",
      [
        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", lb, { stat: "Sum" }],
        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", lb, { stat: "Sum" }],
      ],
      region,
      0,
      12,
    ),
    widget(
      "Response time (p50, p95, p99)",
      ["p50", "p95", "p99"].map((stat) => [
        "AWS/ApplicationELB",
        "TargetResponseTime",
        "LoadBalancer",
        lb,
        { stat },
      ]),
      region,
      6,
      0,
    ),
    widget(
      "Web servers: capacity and CPU",
      [
        ["AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", stack.autoScaling.groupName],
        ["AWS/AutoScaling", "GroupDesiredCapacity", "AutoScalingGroupName", stack.autoScaling.groupName],
        [
          "AWS/EC2",
          "CPUUtilization",
          "AutoScalingGroupName",
          stack.autoScaling.groupName,
          { yAxis: "right" },
        ],
      ],
      region,
      6,
      12,
    ),
    widget(
      "Database",
      [
        ["AWS/RDS", "CPUUtilization", "DBClusterIdentifier", db, "Role", "WRITER"],
        ["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", db, "Role", "WRITER", { yAxis: "right" }],
      ],
      region,
      12,
      0,
    ),
    widget(
      "Session cache",
      [
        ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", stack.cache.primaryNodeId],
        ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", stack.cache.primaryNodeId],
      ],
      region,
      12,
      12,
    ),
  ];
  if (stack.search) {
    const s = stack.search;
    widgets.push(
      widget(
        "Search cluster",
        [
          [
            "AWS/ES",
            "ClusterStatus.red",
            "DomainName",
            s.domainName,
            "ClientId",
            s.accountId,
            { stat: "Maximum" },
          ],
          [
            "AWS/ES",
            "JVMMemoryPressure",
            "DomainName",
            s.domainName,
            "ClientId",
            s.accountId,
            { yAxis: "right" },
          ],
        ],
        region,
        18,
        0,
      ),
    );
  }
  if (stack.cdn) {
    widgets.push(
      widget(
        "CDN errors and WAF blocks",
        [
          ["AWS/CloudFront", "5xxErrorRate", "DistributionId", stack.cdn.distributionId, "Region", "Global"],
          [
            "AWS/WAFV2",
            "BlockedRequests",
            "WebACL",
            stack.cdn.webAclName,
            "Rule",
            "ALL",
            { stat: "Sum", yAxis: "right" },
          ],
        ],
        "us-east-1",
        18,
        12,
      ),
    );
  }
  return { widgets };
}
