import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { AzureMonitoredStack } from "../../../../components/azure/operations/alert-signals";
import { DiagnosticTarget } from "../../../../components/azure/operations/diagnostics";
import {
  checkMonitoringArgs,
  Monitoring,
  MonitoringArgs,
} from "../../../../components/azure/operations/monitoring";
import { fromWire } from "../../../../runtime/wire";
import { ENVIRONMENT_PRESETS } from "../../../../stacks/presets";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod";
const id = (type: string, name: string) => `${RG}/providers/${type}/${name}`;
const WEBHOOK = "https://events.pagerduty.com/integration/4d7c0a1e9f2b4c3a8e6d5f1a2b3c4d5e/enqueue";

const STACK: AzureMonitoredStack = {
  gateway: { id: id("Microsoft.Network/applicationGateways", "gw") },
  scaleSet: { id: id("Microsoft.Compute/virtualMachineScaleSets", "web") },
  database: {
    id: id("Microsoft.DBforMySQL/flexibleServers", "db"),
    replicaIds: [id("Microsoft.DBforMySQL/flexibleServers", "db-r1")],
  },
  cache: { id: id("Microsoft.Cache/redisEnterprise", "cache") },
  frontDoor: { id: id("Microsoft.Cdn/profiles", "afd") },
  media: {
    fileServiceId: `${id("Microsoft.Storage/storageAccounts", "media")}/fileServices/default`,
    shareName: "media",
    quotaGiB: 512,
  },
};

const DIAGNOSTICS: DiagnosticTarget[] = [
  { role: "gateway", kind: "applicationGateway", resourceId: STACK.gateway!.id },
  { role: "edge", kind: "frontDoor", resourceId: STACK.frontDoor!.id },
  { role: "web", kind: "scaleSet", resourceId: STACK.scaleSet!.id },
  { role: "mysql", kind: "mysqlServer", resourceId: STACK.database!.id },
  { role: "cache", kind: "redisCluster", resourceId: STACK.cache!.id },
  { role: "sessions", kind: "redisDatabase", resourceId: `${STACK.cache!.id}/databases/default` },
  { role: "vault", kind: "keyVault", resourceId: id("Microsoft.KeyVault/vaults", "kv") },
  { role: "media", kind: "fileService", resourceId: STACK.media!.fileServiceId },
  {
    role: "web-nsg",
    kind: "networkSecurityGroup",
    resourceId: id("Microsoft.Network/networkSecurityGroups", "web"),
  },
];

function args(overrides: Partial<MonitoringArgs> = {}): MonitoringArgs {
  return {
    resourceGroupName: "acme-prod",
    location: "westeurope",
    workspaceId: id("Microsoft.OperationalInsights/workspaces", "acme-prod-logs"),
    diagnostics: DIAGNOSTICS,
    stack: STACK,
    thresholds: ENVIRONMENT_PRESETS.prod.alarms,
    emails: ["ops@acme.example", "oncall@acme.example"],
    webhookUrl: pulumi.secret(WEBHOOK),
    severity: 1,
    ...overrides,
  };
}

describe("components/azure/operations/monitoring", () => {
  let mocks: MockSession;
  let monitoring: Monitoring;

  before(async () => {
    mocks = await useMockCloud("azure-monitoring");
    monitoring = new Monitoring("acme-prod", args());
    await valueOf(monitoring.actionGroupId);
    await mocks.settle();
  });

  it("sends every tier's logs and metrics to the workspace, one setting per resource", () => {
    const settings = mocks.ofType("azure-native:monitor:DiagnosticSetting").map((r) => mocks.props(r));
    expect(settings.map((s) => s.resourceUri)).to.have.members(DIAGNOSTICS.map((d) => d.resourceId));
    for (const s of settings) expect(s.workspaceId).to.equal(args().workspaceId);
    const categories = (s: Record<string, unknown>) =>
      ((s.logs ?? []) as { category: string }[]).map((l) => l.category);
    const byUri = (uri: unknown) => settings.find((s) => s.resourceUri === uri)!;
    expect(categories(byUri(STACK.gateway!.id))).to.have.members([
      "ApplicationGatewayAccessLog",
      "ApplicationGatewayPerformanceLog",
      "ApplicationGatewayFirewallLog",
    ]);
    expect(byUri(STACK.gateway!.id).logAnalyticsDestinationType).to.equal("Dedicated");
    expect(categories(byUri(STACK.frontDoor!.id))).to.include("FrontDoorWebApplicationFirewallLog");
    expect(categories(byUri(STACK.database!.id))).to.have.members(["MySqlSlowLogs", "MySqlAuditLogs"]);
    expect(categories(byUri(DIAGNOSTICS[6].resourceId))).to.deep.equal(["AuditEvent"]);
    expect(categories(byUri(DIAGNOSTICS[5].resourceId))).to.deep.equal(["ConnectionEvents"]);
    expect(byUri(STACK.scaleSet!.id).metrics).to.deep.equal([{ category: "AllMetrics", enabled: true }]);
  });

  it("mails every address and calls the on-call webhook, on the common alert schema", () => {
    const group = mocks.props(mocks.one("azure-native:monitor:ActionGroup"));
    expect(group.emailReceivers).to.deep.equal([
      { name: "email-0", emailAddress: "ops@acme.example", useCommonAlertSchema: true },
      { name: "email-1", emailAddress: "oncall@acme.example", useCommonAlertSchema: true },
    ]);
    expect(group.webhookReceivers).to.deep.equal([
      { name: "on-call", serviceUri: WEBHOOK, useCommonAlertSchema: true },
    ]);
    expect(String(group.groupShortName).length).to.be.at.most(12);
  });

  it("never keeps the webhook URL in plain text, in inputs or in state", () => {
    const group = mocks.one("azure-native:monitor:ActionGroup");
    const redacted = JSON.stringify(fromWire({ inputs: group.inputs, outputs: group.outputs }, "redact"));
    expect(redacted).not.to.contain("pagerduty");
    expect(redacted).to.contain("ops@acme.example");
  });

  it("notifies on alarm and on recovery: every alert auto-mitigates and calls the action group", () => {
    const metricAlerts = mocks.ofType("azure-native:monitor:MetricAlert").map((r) => mocks.props(r));
    const logAlerts = mocks.ofType("azure-native:monitor:ScheduledQueryRule").map((r) => mocks.props(r));
    expect(metricAlerts.length).to.be.greaterThan(10);
    expect(logAlerts).to.have.length(2);
    const groupId =
      mocks.props(mocks.one("azure-native:monitor:ActionGroup")).id ??
      mocks.one("azure-native:monitor:ActionGroup").id;
    for (const a of metricAlerts) {
      expect(a).to.deep.include({ autoMitigate: true, enabled: true, severity: 1, location: "global" });
      expect(a.actions).to.deep.equal([{ actionGroupId: groupId }]);
    }
    for (const a of logAlerts) {
      expect(a).to.deep.include({ autoMitigate: true, enabled: true, severity: 1, kind: "LogAlert" });
      expect(a.scopes).to.deep.equal([args().workspaceId]);
      expect(a.actions).to.deep.equal({ actionGroups: [groupId] });
    }
  });

  it("alerts at the prod preset's thresholds on the metrics Azure publishes", () => {
    const t = ENVIRONMENT_PRESETS.prod.alarms;
    const criteria = mocks
      .ofType("azure-native:monitor:MetricAlert")
      .map((r) => (mocks.props(r).criteria as { allOf: Record<string, unknown>[] }).allOf[0]);
    const find = (metricName: string) => criteria.filter((c) => c.metricName === metricName);
    expect(find("Percentage CPU").map((c) => c.threshold)).to.deep.equal([t.webCpuPercent]);
    expect(find("cpu_percent").map((c) => c.threshold)).to.deep.equal([t.dbCpuPercent]);
    expect(find("active_connections").map((c) => c.threshold)).to.deep.equal([t.dbConnections]);
    expect(find("replication_lag").map((c) => c.threshold)).to.deep.equal([t.replicaLagMs / 1000]);
    expect(find("serverLoad").map((c) => c.threshold)).to.deep.equal([t.cacheCpuPercent]);
    expect(find("usedmemorypercentage").map((c) => c.threshold)).to.deep.equal([t.cacheMemoryPercent]);
    expect(find("Percentage5XX").map((c) => c.threshold)).to.deep.equal([t.cdnErrorRatePercent]);
    expect(find("UnhealthyHostCount").map((c) => c.threshold)).to.deep.equal([0]);
    expect(find("FileCapacity")[0].dimensions).to.deep.equal([
      { name: "FileShare", operator: "Include", values: ["media"] },
    ]);
    for (const c of criteria) expect(c.criterionType).to.equal("StaticThresholdCriterion");
    const rate = mocks
      .ofType("azure-native:monitor:ScheduledQueryRule")
      .map((r) => (mocks.props(r).criteria as { allOf: Record<string, unknown>[] }).allOf[0]);
    expect(rate.map((c) => c.threshold)).to.deep.equal([t.errorRatePercent, t.p95Seconds]);
  });

  it("plans without a refusal from the mock of Azure Resource Manager", () => {
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("names every alert within Azure's rules, one per signal and resource", () => {
    const names = mocks.ofType("azure-native:monitor:MetricAlert").map((r) => String(r.inputs.ruleName));
    expect(new Set(names).size).to.equal(names.length);
    for (const n of names) expect(n).to.match(/^[^*#&+:<>?@%{}\\/]+$/);
    expect(monitoring.alertNames["db-replica-lag"]).to.have.length(1);
  });
});

describe("components/azure/operations/monitoring: arguments", () => {
  it("refuses a severity outside 0-4, bad or repeated emails, duplicate roles, at once", () => {
    const bad = args({
      severity: 7,
      emails: ["ops@acme.example", "not-an-address", "OPS@acme.example"],
      diagnostics: [DIAGNOSTICS[0], DIAGNOSTICS[0]],
      azureThresholds: { dbStoragePercent: 120, mediaCapacityPercent: 85, originHealthPercent: 90 },
    });
    expect(() => checkMonitoringArgs(bad)).to.throw(
      'Monitoring: severity 7: one of 0, 1, 2, 3, 4; emails: "not-an-address" is not an email address; ' +
        'emails: "OPS@acme.example" is listed twice; diagnostics: role "gateway" is used twice; ' +
        "azureThresholds.dbStoragePercent 120: a percentage above 0",
    );
    expect(() => checkMonitoringArgs(args())).not.to.throw();
  });

  it("refuses a media share without a size to measure against", () => {
    expect(() =>
      checkMonitoringArgs(args({ stack: { media: { fileServiceId: "/x", shareName: "m", quotaGiB: 0 } } })),
    ).to.throw("Monitoring: stack.media.quotaGiB 0: the share's provisioned size, above 0");
  });
});
