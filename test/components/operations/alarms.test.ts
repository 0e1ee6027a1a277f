import { expect } from "chai";
import { alarmSpecs, MonitoredStack } from "../../../components/operations/alarms";
import { FULL, T } from "./fixtures";

describe("components/operations/alarms", () => {
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
