/*
 * Athena's view of the log bucket: table definitions in AWS's documented formats, partitioned by day with
 * partition projection (no crawler, no MSCK REPAIR), and the queries operators run during an incident.
 * Pure data: the LogArchive component turns it into Glue tables and Athena named queries.
 */

export interface Column {
  readonly name: string;
  readonly type: string;
}

/** ALB access log fields, in the order of AWS's documented format. */
export const ALB_COLUMNS: readonly Column[] = [
  ["type", "string"], ["time", "string"], ["elb", "string"], ["client_ip", "string"], ["client_port", "int"],
  ["target_ip", "string"], ["target_port", "int"], ["request_processing_time", "double"],
  ["target_processing_time", "double"], ["response_processing_time", "double"], ["elb_status_code", "int"],
  ["target_status_code", "string"], ["received_bytes", "bigint"], ["sent_bytes", "bigint"], ["request_verb", "string"],
  ["request_url", "string"], ["request_proto", "string"], ["user_agent", "string"], ["ssl_cipher", "string"],
  ["ssl_protocol", "string"], ["target_group_arn", "string"], ["trace_id", "string"], ["domain_name", "string"],
  ["chosen_cert_arn", "string"], ["matched_rule_priority", "string"], ["request_creation_time", "string"],
  ["actions_executed", "string"], ["redirect_url", "string"], ["lambda_error_reason", "string"],
  ["target_port_list", "string"], ["target_status_code_list", "string"], ["classification", "string"],
  ["classification_reason", "string"], ["conn_trace_id", "string"],
].map(([name, type]) => ({ name, type })); // prettier-ignore

/** One capture group per ALB column, quoted fields unquoted (AWS's documented expression). */
export const ALB_LOG_REGEX =
  "([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) " +
  '(-|[-0-9]*) ([-0-9]*) ([-0-9]*) "([^ ]*) (.*) (- |[^ ]*)" "([^"]*)" ([A-Z0-9-_]+) ([A-Za-z0-9.-]*) ([^ ]*) ' +
  '"([^"]*)" "([^"]*)" "([^"]*)" ([-.0-9]*) ([^ ]*) "([^"]*)" "([^"]*)" "([^ ]*)" "([^\\s]+?)" "([^\\s]+)" ' +
  '"([^ ]*)" "([^ ]*)" ?([^ ]*)?';

/** WAF log records (JSON), the fields the queries use and their nesting. */
export const WAF_COLUMNS: readonly Column[] = [
  { name: "timestamp", type: "bigint" },
  { name: "formatversion", type: "int" },
  { name: "webaclid", type: "string" },
  { name: "terminatingruleid", type: "string" },
  { name: "terminatingruletype", type: "string" },
  { name: "action", type: "string" },
  { name: "httpsourcename", type: "string" },
  { name: "httpsourceid", type: "string" },
  { name: "responsecodesent", type: "string" },
  {
    name: "httprequest",
    type: "struct<clientip:string,country:string,headers:array<struct<name:string,value:string>>,uri:string,args:string,httpversion:string,httpmethod:string,requestid:string>",
  },
  { name: "labels", type: "array<struct<name:string>>" },
];

/** Partition projection by day: `${day}` in the location template is `yyyy/MM/dd`. */
export function dayProjection(locationTemplate: string, firstDay: string): Record<string, string> {
  return {
    "projection.enabled": "true",
    "projection.day.type": "date",
    "projection.day.format": "yyyy/MM/dd",
    "projection.day.range": `${firstDay},NOW`,
    "projection.day.interval": "1",
    "projection.day.interval.unit": "DAYS",
    "storage.location.template": locationTemplate,
  };
}

export interface NamedQuery {
  readonly name: string;
  readonly description: string;
  readonly sql: (database: string) => string;
}

/** Incident queries over the last day; each scans one day's partition. */
export const NAMED_QUERIES: readonly NamedQuery[] = [
  {
    name: "top-client-ips",
    description: "Clients sending the most requests to the load balancer today",
    sql: (db) =>
      `SELECT client_ip, count(*) AS requests FROM "${db}"."alb_logs"\n` +
      `WHERE day = date_format(current_date, '%Y/%m/%d')\nGROUP BY client_ip ORDER BY requests DESC LIMIT 25;`,
  },
  {
    name: "5xx-by-path",
    description: "Paths answered with 5xx today, by load balancer and by target",
    sql: (db) =>
      `SELECT request_url, elb_status_code, target_status_code, count(*) AS errors FROM "${db}"."alb_logs"\n` +
      `WHERE day = date_format(current_date, '%Y/%m/%d') AND elb_status_code >= 500\n` +
      `GROUP BY 1, 2, 3 ORDER BY errors DESC LIMIT 50;`,
  },
  {
    name: "slowest-paths",
    description: "Paths with the slowest 95th-percentile response from the web servers today",
    sql: (db) =>
      `SELECT url_extract_path(request_url) AS path, count(*) AS requests,\n` +
      `  approx_percentile(target_processing_time, 0.95) AS p95_seconds FROM "${db}"."alb_logs"\n` +
      `WHERE day = date_format(current_date, '%Y/%m/%d') AND target_processing_time >= 0\n` +
      `GROUP BY 1 HAVING count(*) > 10 ORDER BY p95_seconds DESC LIMIT 25;`,
  },
  {
    name: "waf-blocks-by-rule",
    description: "Requests the WAF blocked today, by rule and client",
    sql: (db) =>
      `SELECT terminatingruleid, httprequest.clientip, httprequest.country, count(*) AS blocked\n` +
      `FROM "${db}"."waf_logs" WHERE day = date_format(current_date, '%Y/%m/%d') AND action = 'BLOCK'\n` +
      `GROUP BY 1, 2, 3 ORDER BY blocked DESC LIMIT 50;`,
  },
];
