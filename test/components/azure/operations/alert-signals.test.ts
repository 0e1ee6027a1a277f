import { expect } from "chai";
import {
  AZURE_ONLY_DEFAULTS,
  AzureMonitoredStack,
  azureAlertSignals,
  MetricSignal,
} from "../../../../components/azure/operations/alert-signals";
import { ENVIRONMENT_PRESETS } from "../../../../stacks/presets";

const FULL: AzureMonitoredStack = {
  gateway: { id: "/gw" },
  scaleSet: { id: "/vmss" },
  database: { id: "/mysql", replicaIds: ["/mysql-r1", "/mysql-r2"] },
  cache: { id: "/redis" },
  frontDoor: { id: "/afd" },
  media: { fileServiceId: "/files/fileServices/default", shareName: "media", quotaGiB: 1024 },
  search: { loadBalancerId: "/search-lb" },
};

function metric(signals: ReturnType<typeof azureAlertSignals>, key: string): MetricSignal {
  const found = signals.filter((s) => s.key === key);
  expect(found, key).to.have.length(1);
  expect(found[0].kind).to.equal("metric");
  return found[0] as MetricSignal;
}

describe("components/azure/operations/alert-signals", () => {
  for (const env of ["dev", "prod"] as const) {
    const t = ENVIRONMENT_PRESETS[env].alarms;
    it(`maps every signal to Azure's metric with the ${env} preset's threshold`, () => {
      const signals = azureAlertSignals(FULL, t);
      // [key, namespace, metric, aggregation, operator, threshold in the metric's unit]
      const expected: [string, string, string, string, string, number][] = [
        ["gateway-unhealthy-hosts", "Microsoft.Network/applicationGateways", "UnhealthyHostCount", "Maximum", "GreaterThan", 0],
        ["web-cpu", "Microsoft.Compute/virtualMachineScaleSets", "Percentage CPU", "Average", "GreaterThan", t.webCpuPercent],
        ["db-cpu", "Microsoft.DBforMySQL/flexibleServers", "cpu_percent", "Average", "GreaterThan", t.dbCpuPercent],
        ["db-free-memory", "Microsoft.DBforMySQL/flexibleServers", "available_memory_bytes", "Minimum", "LessThan", t.dbFreeMemoryMiB * 1048576],
        ["db-connections", "Microsoft.DBforMySQL/flexibleServers", "active_connections", "Maximum", "GreaterThan", t.dbConnections],
        ["db-storage", "Microsoft.DBforMySQL/flexibleServers", "storage_percent", "Maximum", "GreaterThan", 85],
        ["cache-server-load", "Microsoft.Cache/redisEnterprise", "serverLoad", "Maximum", "GreaterThan", t.cacheCpuPercent],
        ["cache-memory", "Microsoft.Cache/redisEnterprise", "usedmemorypercentage", "Maximum", "GreaterThan", t.cacheMemoryPercent],
        ["cache-evictions", "Microsoft.Cache/redisEnterprise", "evictedkeys", "Total", "GreaterThan", 0],
        ["cdn-5xx-rate", "Microsoft.Cdn/profiles", "Percentage5XX", "Average", "GreaterThan", t.cdnErrorRatePercent],
        ["cdn-origin-health", "Microsoft.Cdn/profiles", "OriginHealthPercentage", "Average", "LessThan", 90],
        ["search-unhealthy-nodes", "Microsoft.Network/loadBalancers", "DipAvailability", "Average", "LessThan", 100],
        ["media-capacity", "Microsoft.Storage/storageAccounts/fileServices", "FileCapacity", "Average", "GreaterThan", Math.round(1024 * 1024 ** 3 * 0.85)],
      ]; // prettier-ignore
      for (const [key, namespace, metricName, aggregation, operator, threshold] of expected) {
        expect(metric(signals, key), key).to.deep.include({
          namespace,
          metricName,
          aggregation,
          operator,
          threshold,
        });
      }
    });

    it(`watches the gateway's error rate and p95 in its access log at the ${env} thresholds`, () => {
      const logs = azureAlertSignals(FULL, t).filter((s) => s.kind === "log");
      expect(logs.map((s) => [s.key, s.threshold])).to.deep.equal([
        ["gateway-5xx-rate", t.errorRatePercent],
        ["gateway-latency-p95", t.p95Seconds],
      ]);
      for (const s of logs) expect(s.kind === "log" && s.query).to.match(/^AGWAccessLogs\n[\s\S]*\bvalue\b/);
    });
  }

  it("watches each read replica for lag, in seconds", () => {
    const t = ENVIRONMENT_PRESETS.prod.alarms;
    const lag = azureAlertSignals(FULL, t).filter((s) => s.key === "db-replica-lag") as MetricSignal[];
    expect(lag.map((s) => [s.scope, s.metricName, s.threshold])).to.deep.equal([
      ["/mysql-r1", "replication_lag", t.replicaLagMs / 1000],
      ["/mysql-r2", "replication_lag", t.replicaLagMs / 1000],
    ]);
  });

  it("watches the media share's capacity hourly, on its own share only", () => {
    const s = metric(azureAlertSignals(FULL, ENVIRONMENT_PRESETS.prod.alarms), "media-capacity");
    expect(s).to.deep.include({
      windowSize: "PT6H",
      evaluationFrequency: "PT1H",
      scope: "/files/fileServices/default",
    });
    expect(s.dimensions).to.deep.equal([{ name: "FileShare", values: ["media"] }]);
  });

  it("alerts only on the tiers the stack has", () => {
    const signals = azureAlertSignals({ scaleSet: { id: "/vmss" } }, ENVIRONMENT_PRESETS.dev.alarms);
    expect(signals.map((s) => s.key)).to.deep.equal(["web-cpu"]);
  });

  it("takes the Azure-only thresholds from its argument", () => {
    const extra = { ...AZURE_ONLY_DEFAULTS, dbStoragePercent: 70, originHealthPercent: 50 };
    const signals = azureAlertSignals(FULL, ENVIRONMENT_PRESETS.prod.alarms, extra);
    expect(metric(signals, "db-storage").threshold).to.equal(70);
    expect(metric(signals, "cdn-origin-health").threshold).to.equal(50);
  });
});
