import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { alarmSpecs, AlarmThresholds, MonitoredStack } from "../../components/observability/alarms";
import { Observability } from "../../components/observability/observability";
import { MockSession, useMockCloud, valueOf } from "../mocks";

const T: AlarmThresholds = {
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

const FULL: MonitoredStack = {
  loadBalancer: { arnSuffix: "app/alb/1", targetGroupArnSuffix: "targetgroup/tg/2" },
  autoScaling: { groupName: "asg", minSize: 3 },
  database: { clusterIdentifier: "db", readers: 1 },
  cache: { primaryNodeId: "rg-001", replicaNodeId: "rg-002" },
  fileSystem: { id: "fs-1" },
  search: { domainName: "acme", accountId: "111122223333", volumeGiB: 100, multiNode: true },
  cdn: { distributionId: "E1", webAclName: "acl" },
};

describe("components/observability/alarms", () => {
  it("watches every tier of a full stack", () => {
    expect(alarmSpecs(FULL, T).map((a) => a.key)).to.have.members([
      "alb-5xx-rate", "target-5xx-rate", "latency-p95", "latency-p99", "unhealthy-hosts", "rejected-connections",
      "asg-below-minimum", "web-cpu", "db-cpu", "db-freeable-memory", "db-connections", "db-deadlocks",
      "db-replica-lag", "cache-cpu", "cache-engine-cpu", "cache-memory", "cache-evictions", "cache-replication-lag",
      "efs-io-limit", "search-red", "search-yellow", "search-free-storage", "search-jvm-pressure", "cdn-5xx-rate",
      "waf-blocked-spike",
    ]); // prettier-ignore
  });

  it("leaves out what a smaller stack does not have", () => {
    const { search: _s, cdn: _c, ...rest } = FULL;
    const small: MonitoredStack = {
      ...rest,
      database: { clusterIdentifier: "db", readers: 0 },
      cache: { primaryNodeId: "rg-001" },
    };
    const keys = alarmSpecs(small, T).map((a) => a.key);
    for (const absent of [
      "db-replica-lag",
      "cache-replication-lag",
      "search-red",
      "cdn-5xx-rate",
      "waf-blocked-spike",
    ]) {
      expect(keys).not.to.include(absent);
    }
  });

  it("alarms when fewer servers serve than the group's minimum", () => {
    const alarm = alarmSpecs(FULL, T).find((a) => a.key === "asg-below-minimum")!;
    expect(alarm).to.deep.include({ comparison: "LessThanThreshold", threshold: 3 });
    expect(alarm.metric).to.deep.include({
      metricName: "GroupInServiceInstances",
      dimensions: { AutoScalingGroupName: "asg" },
    });
  });

  it("computes error rates with metric math rather than raw counts", () => {
    const alarm = alarmSpecs(FULL, T).find((a) => a.key === "alb-5xx-rate")!;
    expect(alarm.threshold).to.equal(1);
    expect(alarm.queries!.map((q) => q.expression ?? q.metricName)).to.deep.equal([
      "HTTPCode_ELB_5XX_Count",
      "RequestCount",
      "IF(requests > 0, 100 * errors / requests, 0)",
    ]);
  });

  it("finds WAF spikes against an anomaly band, in us-east-1 for CloudFront", () => {
    const alarm = alarmSpecs(FULL, T).find((a) => a.key === "waf-blocked-spike")!;
    expect(alarm).to.deep.include({
      global: true,
      comparison: "GreaterThanUpperThreshold",
      thresholdMetricId: "band",
    });
    expect(alarm.queries![1].expression).to.equal("ANOMALY_DETECTION_BAND(m, 3)");
  });

  it("turns the free-storage percentage into megabytes of the volume", () => {
    expect(alarmSpecs(FULL, T).find((a) => a.key === "search-free-storage")!.threshold).to.equal(
      100 * 1024 * 0.2,
    );
  });
});

describe("components/observability/observability", () => {
  let mocks: MockSession;
  let ops: Observability;
  before(async () => {
    mocks = await useMockCloud("ops");
    const regional = new aws.Provider("ops-aws", { region: "eu-west-1" });
    const global = new aws.Provider("ops-us-east-1", { region: "us-east-1" });
    ops = new Observability(
      "acme-ops",
      {
        region: "eu-west-1",
        stack: FULL,
        thresholds: T,
        emails: ["ops@acme.example"],
        webhookUrl: "https://oncall.example/hook",
        globalProvider: global,
      },
      { providers: { aws: regional } },
    );
    await valueOf(ops.dashboardUrl);
    await mocks.settle();
  });

  it("notifies an encrypted topic on alarm and on recovery, every alarm in its metrics' region", () => {
    const topics = mocks.ofType("aws:sns/topic:Topic").map((t) => mocks.props(t));
    for (const t of topics) expect(t.kmsMasterKeyId).to.match(/^arn:aws:kms:/);
    const byRegion = Object.fromEntries(topics.map((t) => [t.region, t.arn]));
    for (const a of mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => mocks.props(r))) {
      expect(a.alarmActions, String(a.name)).to.deep.equal([byRegion[a.region as string]]);
      expect(a.okActions, String(a.name)).to.deep.equal(a.alarmActions);
    }
    const cdn = mocks.props(
      mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => a.name.endsWith("cdn-5xx-rate"))!,
    );
    expect(cdn.region).to.equal("us-east-1");
  });

  it("lets CloudWatch use the topic's key", () => {
    const key = mocks.props(mocks.ofType("aws:kms/key:Key")[0]);
    const policy = JSON.parse(key.policy as string);
    expect(policy.Statement[1]).to.deep.include({ Principal: { Service: "cloudwatch.amazonaws.com" } });
  });

  it("subscribes the emails and the webhook, keeping the webhook secret", async () => {
    const subs = mocks.ofType("aws:sns/topicSubscription:TopicSubscription").map((s) => mocks.props(s));
    expect(subs.filter((s) => s.protocol === "email").map((s) => s.endpoint)).to.deep.equal([
      "ops@acme.example",
      "ops@acme.example",
    ]);
    const webhook = mocks
      .ofType("aws:sns/topicSubscription:TopicSubscription")
      .find((s) => s.inputs.protocol === "https")!;
    expect(JSON.stringify(webhook.inputs.endpoint)).to.contain("1b47061264138c4ac30d75fd1eb44270");
    expect(await pulumi.isSecret(ops.dashboardUrl)).to.equal(false);
  });

  it("draws a dashboard with traffic, latency, capacity and data-tier widgets", () => {
    const body = JSON.parse(
      mocks.props(mocks.one("aws:cloudwatch/dashboard:Dashboard")).dashboardBody as string,
    );
    expect(body.widgets.map((w: { properties: { title: string } }) => w.properties.title)).to.include.members(
      [
        "Requests",
        "Errors (5xx)",
        "Response time (p50, p95, p99)",
        "Web servers: capacity and CPU",
        "Database",
        "Session cache",
        "Search cluster",
        "CDN errors and WAF blocks",
      ],
    );
  });
});
