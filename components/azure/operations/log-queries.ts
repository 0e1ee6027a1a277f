/*
 * The incident questions operators ask during an outage, in KQL over the stack's Log Analytics workspace:
 * the same questions the AWS log archive answers with Athena named queries (components/logs/log-tables.ts
 * NAMED_QUERIES, same ids), plus the database's. Pure data: the LogAnalytics component saves each as a
 * saved search (and a function, so `TopClientIps` works as a table name in the query editor).
 *
 * Tables, from the diagnostic settings (diagnostics.ts) and Azure Monitor's table reference
 * (learn.microsoft.com/azure/azure-monitor/reference/tables/<table>):
 * - AGWAccessLogs, AGWFirewallLogs: the application gateway's access and WAF logs, resource-specific
 *   (the gateway's setting sends them with logAnalyticsDestinationType "Dedicated"). Columns ClientIp,
 *   HttpStatus, ServerStatus, RequestUri, ServerResponseLatency (seconds); Action, RuleId.
 * - AzureDiagnostics, Category FrontDoorAccessLog / FrontDoorWebApplicationFirewallLog: Front Door's logs
 *   have no resource-specific table; fields arrive typed by suffix (clientIp_s, requestUri_s,
 *   httpStatusCode; clientIP_s, ruleName_s, action_s "Block").
 * - AzureDiagnostics, Category MySqlSlowLogs / MySqlAuditLogs (MySQL Flexible Server: query_time_d,
 *   sql_text_s, db_s; event_class_s "connection_log", event_subclass_s "CONNECT", ip_s, user_s).
 * - AzureMetrics: platform metrics the settings export (MySQL's aborted_connections).
 */

export type WafKind = "frontDoor" | "gateway";

export interface SavedQuery {
  /** Same id as the AWS Athena named query that answers the same question, where there is one. */
  readonly id: string;
  readonly displayName: string;
  /** Function alias: letters, digits and '_' (a KQL identifier). */
  readonly functionAlias: string;
  readonly query: string;
  /** The tier whose logs it reads; a stack without that tier gets no such query. */
  readonly tier: "edge" | "gateway" | "database";
}

const DAY = "| where TimeGenerated > ago(1d)";
/** The request path, without the query string. */
const PATH = (column: string) => `tostring(split(${column}, "?")[0])`;

export interface QueryOptions {
  /** Front Door in front of the gateway: its access log has the shoppers' addresses. */
  readonly frontDoor: boolean;
  readonly gateway: boolean;
  readonly database: boolean;
  /** Where the WAF runs (and logs). */
  readonly waf?: WafKind;
}

export function savedQueries(options: QueryOptions): SavedQuery[] {
  const queries: SavedQuery[] = [];
  if (options.frontDoor) {
    queries.push({
      id: "top-client-ips",
      displayName: "Clients sending the most requests today (Front Door)",
      functionAlias: "TopClientIps",
      tier: "edge",
      query: [
        "AzureDiagnostics",
        DAY,
        '| where Category =~ "FrontDoorAccessLog"',
        "| summarize requests = count() by clientIp_s",
        "| top 25 by requests desc",
      ].join("\n"),
    });
  } else if (options.gateway) {
    queries.push({
      id: "top-client-ips",
      displayName: "Clients sending the most requests today (application gateway)",
      functionAlias: "TopClientIps",
      tier: "gateway",
      query: [
        "AGWAccessLogs",
        DAY,
        "| summarize requests = count() by ClientIp",
        "| top 25 by requests desc",
      ].join("\n"),
    });
  }
  if (options.gateway) {
    queries.push(
      {
        id: "5xx-by-path",
        displayName: "Paths answered with 5xx today, by gateway and by web server status",
        functionAlias: "ErrorsByPath",
        tier: "gateway",
        query: [
          "AGWAccessLogs",
          DAY,
          "| where HttpStatus >= 500",
          `| summarize errors = count() by path = ${PATH("RequestUri")}, HttpStatus, ServerStatus`,
          "| top 50 by errors desc",
        ].join("\n"),
      },
      {
        id: "slowest-paths",
        displayName: "Paths with the slowest 95th-percentile response from the web servers today",
        functionAlias: "SlowestPaths",
        tier: "gateway",
        query: [
          "AGWAccessLogs",
          DAY,
          "| where ServerResponseLatency >= 0",
          `| summarize requests = count(), p95_seconds = percentile(ServerResponseLatency, 95) by path = ${PATH("RequestUri")}`,
          "| where requests > 10",
          "| top 25 by p95_seconds desc",
        ].join("\n"),
      },
    );
  }
  if (options.waf === "frontDoor") {
    queries.push({
      id: "waf-blocks-by-rule",
      displayName: "Requests the WAF blocked today, by rule and client (Front Door)",
      functionAlias: "WafBlocksByRule",
      tier: "edge",
      query: [
        "AzureDiagnostics",
        DAY,
        '| where Category =~ "FrontDoorWebApplicationFirewallLog" and action_s =~ "Block"',
        "| summarize blocked = count() by ruleName_s, clientIP_s",
        "| top 50 by blocked desc",
      ].join("\n"),
    });
  } else if (options.waf === "gateway") {
    queries.push({
      id: "waf-blocks-by-rule",
      displayName: "Requests the WAF blocked today, by rule and client (application gateway)",
      functionAlias: "WafBlocksByRule",
      tier: "gateway",
      query: [
        "AGWFirewallLogs",
        DAY,
        '| where Action =~ "Blocked"',
        "| summarize blocked = count() by RuleId, ClientIp",
        "| top 50 by blocked desc",
      ].join("\n"),
    });
  }
  if (options.database) {
    queries.push(
      {
        id: "db-slow-queries",
        displayName: "The database's slowest statements today",
        functionAlias: "DbSlowQueries",
        tier: "database",
        query: [
          "AzureDiagnostics",
          DAY,
          '| where Category =~ "MySqlSlowLogs"',
          "| summarize executions = count(), p95_seconds = percentile(query_time_d, 95), max_seconds = max(query_time_d)",
          "    by statement = substring(sql_text_s, 0, 200), db_s",
          "| top 25 by p95_seconds desc",
        ].join("\n"),
      },
      {
        id: "db-connections-by-client",
        displayName: "Who opens database connections today, by client address and user",
        functionAlias: "DbConnectionsByClient",
        tier: "database",
        query: [
          "AzureDiagnostics",
          DAY,
          '| where Category =~ "MySqlAuditLogs" and event_class_s == "connection_log" and event_subclass_s == "CONNECT"',
          "| summarize connections = count() by ip_s, user_s",
          "| top 50 by connections desc",
        ].join("\n"),
      },
      {
        id: "db-aborted-connections",
        displayName: "Failed and aborted database connections today, per 5 minutes",
        functionAlias: "DbAbortedConnections",
        tier: "database",
        query: [
          "AzureMetrics",
          DAY,
          '| where ResourceProvider =~ "MICROSOFT.DBFORMYSQL" and MetricName == "aborted_connections"',
          "| summarize aborted = sum(Total) by bin(TimeGenerated, 5m), Resource",
          "| where aborted > 0",
          "| order by TimeGenerated desc",
        ].join("\n"),
      },
    );
  }
  return queries;
}
