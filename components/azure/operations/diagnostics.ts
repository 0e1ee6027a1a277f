import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";

/*
 * Diagnostic settings: what each kind of tier sends to the stack's Log Analytics workspace, and the one
 * helper every tier uses to send it. Log categories are those Azure Monitor documents per resource type
 * ("Supported categories for Azure Monitor resource logs",
 * learn.microsoft.com/azure/azure-monitor/reference/supported-logs/<namespace>-logs; MicrosoftDocs/
 * azure-reference-other azure-monitor-ref/supported-logs/includes). Categories are named one by one rather
 * than through the `allLogs` group, so the saved searches (log-queries.ts) can rely on the tables they read.
 */

export type DiagnosticKind =
  | "applicationGateway"
  | "frontDoor"
  | "mysqlServer"
  | "redisCluster"
  | "redisDatabase"
  | "keyVault"
  | "fileService"
  | "blobService"
  | "networkSecurityGroup"
  | "bastion"
  | "scaleSet"
  | "loadBalancer";

export interface DiagnosticProfile {
  readonly logs: readonly string[];
  /** Metric category exported to the AzureMetrics table, if the type exports any. */
  readonly metrics?: string;
  /** Resource-specific tables (AGWAccessLogs, ...) rather than AzureDiagnostics, where the type has them. */
  readonly dedicated?: boolean;
}

export const DIAGNOSTIC_PROFILES: Readonly<Record<DiagnosticKind, DiagnosticProfile>> = {
  // Microsoft.Network/applicationGateways: access, performance and firewall logs; AGW* tables when Dedicated.
  applicationGateway: {
    logs: [
      "ApplicationGatewayAccessLog",
      "ApplicationGatewayPerformanceLog",
      "ApplicationGatewayFirewallLog",
    ],
    metrics: "AllMetrics",
    dedicated: true,
  },
  // Microsoft.Cdn/profiles (Front Door Standard/Premium): AzureDiagnostics only.
  frontDoor: {
    logs: ["FrontDoorAccessLog", "FrontDoorHealthProbeLog", "FrontDoorWebApplicationFirewallLog"],
    metrics: "AllMetrics",
  },
  // Microsoft.DBforMySQL/flexibleServers: slow and audit logs (audit_log_enabled must be ON on the server).
  mysqlServer: { logs: ["MySqlSlowLogs", "MySqlAuditLogs"], metrics: "AllMetrics" },
  // Microsoft.Cache/redisEnterprise: metrics only; its logs belong to the databases below.
  redisCluster: { logs: [], metrics: "AllMetrics" },
  // Microsoft.Cache/redisEnterprise/databases: connection events (REDConnectionEvents).
  redisDatabase: { logs: ["ConnectionEvents"] },
  // Microsoft.KeyVault/vaults: every data-plane operation (Key Vault logging: CIS Azure 3.0.0 6.1.4).
  keyVault: { logs: ["AuditEvent"], metrics: "AllMetrics" },
  // Microsoft.Storage/storageAccounts/fileServices and blobServices: StorageFileLogs / StorageBlobLogs.
  fileService: { logs: ["StorageRead", "StorageWrite", "StorageDelete"], metrics: "Transaction" },
  blobService: { logs: ["StorageRead", "StorageWrite", "StorageDelete"], metrics: "Transaction" },
  // Microsoft.Network/networksecuritygroups: rule matches and counters.
  networkSecurityGroup: { logs: ["NetworkSecurityGroupEvent", "NetworkSecurityGroupRuleCounter"] },
  // Microsoft.Network/bastionHosts: who opened which session.
  bastion: { logs: ["BastionAuditLogs"], metrics: "AllMetrics" },
  // Platform metrics only (no resource logs for these types).
  scaleSet: { logs: [], metrics: "AllMetrics" },
  loadBalancer: { logs: [], metrics: "AllMetrics" },
};

/** One resource whose logs and metrics go to the workspace. */
export interface DiagnosticTarget {
  /** Short role in the setting's logical name, e.g. `gateway`, `mysql`. */
  readonly role: string;
  readonly kind: DiagnosticKind;
  readonly resourceId: pulumi.Input<string>;
}

/** The setting's ARM name: one per resource and destination; the same on every resource of the kit. */
export const DIAGNOSTIC_SETTING_NAME = "to-log-analytics";

/**
 * Sends one resource's logs and metrics to the workspace. Every Azure tier calls this (or hands its
 * resources to the Monitoring component, which does), so every tier's logs land in the same place.
 */
export function diagnosticSetting(
  name: string,
  target: DiagnosticTarget,
  workspaceId: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): monitor.DiagnosticSetting {
  const profile = DIAGNOSTIC_PROFILES[target.kind];
  return new monitor.DiagnosticSetting(
    `${name}-${target.role}-diagnostics`,
    {
      name: DIAGNOSTIC_SETTING_NAME,
      resourceUri: target.resourceId,
      workspaceId,
      ...(profile.dedicated ? { logAnalyticsDestinationType: "Dedicated" } : {}),
      logs: profile.logs.map((category) => ({ category, enabled: true })),
      ...(profile.metrics ? { metrics: [{ category: profile.metrics, enabled: true }] } : {}),
    },
    opts,
  );
}
