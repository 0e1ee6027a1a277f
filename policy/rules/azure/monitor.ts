import type { PolicyResource } from "@pulumi/policy";
import { z } from "zod";
import { resourceRule, stackRule } from "../../lib/define";
import { arr, obj, refs } from "../../lib/azure";
import {
  ACTION_GROUP,
  AFD_PROFILE,
  APP_GATEWAY,
  BASTION_HOST,
  BUDGET,
  DIAGNOSTIC_SETTING,
  KEY_VAULT,
  METRIC_ALERT,
  MYSQL_SERVER,
  REDIS_ENTERPRISE,
  RESOURCE_GROUP,
  SAVED_SEARCH,
  SCHEDULED_QUERY_RULE,
  STORAGE_ACCOUNT,
  WORKSPACE,
} from "../../lib/azure-types";

/** Azure Monitor: diagnostic settings, Log Analytics, alerts and action groups, the budget. */

/** Tiers whose resource logs the kit keeps, with the word messages use. */
const DIAGNOSED: ReadonlyArray<readonly [type: string, what: string]> = [
  [APP_GATEWAY, "application gateway"],
  [AFD_PROFILE, "Front Door profile"],
  [MYSQL_SERVER, "MySQL server"],
  [REDIS_ENTERPRISE, "Redis cluster"],
  [KEY_VAULT, "key vault"],
  [STORAGE_ACCOUNT, "storage account"],
  [BASTION_HOST, "Bastion host"],
];

export const diagnosticsForEveryTier = stackRule({
  id: "diagnostics-for-every-tier",
  description:
    "Every tier (gateway, Front Door, MySQL, Redis, Key Vault, storage, Bastion) sends its resource logs to Log Analytics through a diagnostic setting.",
  severity: "medium",
  remediation:
    'Add a monitor.DiagnosticSetting with resourceUri set to the resource (a storage account\'s file service, `${id}/fileServices/default`), workspaceId set to the workspace and logs: [{ categoryGroup: "allLogs", enabled: true }].',
  cisAzure: "v3.0.0 6.1.4, 6.4",
  pci: "4.0: 10.2.1",
  references: "MCSB LT-3",
  types: [...DIAGNOSED.map(([t]) => t), DIAGNOSTIC_SETTING, WORKSPACE],
  check(graph, report) {
    const types = DIAGNOSED.map(([t]) => t);
    const logged = new Set<PolicyResource>();
    for (const d of graph.ofTypes([DIAGNOSTIC_SETTING])) {
      const toWorkspace =
        refs(graph, d, "workspaceId", [WORKSPACE]).length > 0 ||
        String(d.props.workspaceId ?? "")
          .toLowerCase()
          .includes("/providers/microsoft.operationalinsights/workspaces/");
      if (!toWorkspace || !arr(d.props.logs).some((l) => l.enabled === true)) continue;
      // A storage account's logs come from its services: `…/storageAccounts/x/fileServices/default`.
      refs(graph, d, "resourceUri", types).forEach((t) => logged.add(t));
    }
    for (const [type, what] of DIAGNOSED)
      for (const r of graph.ofTypes([type]))
        if (!logged.has(r)) report(`No diagnostic setting sends the ${what}'s logs to Log Analytics.`, r.urn);
  },
});

export const logAnalyticsRetention = resourceRule({
  id: "log-analytics-retention",
  description: "Log Analytics workspaces keep data for at least the configured number of days.",
  severity: "medium",
  remediation: "Set retentionInDays (the kit keeps 90 days, 365 in production).",
  pci: "4.0: 10.5.1",
  references: "MCSB LT-6",
  config: z.object({
    // Workspaces keep 30 to 730 days interactively ("Manage data retention in a Log Analytics workspace").
    minimumDays: z.int().min(30).max(730).default(90).describe("Days of workspace retention at least."),
  }),
  types: [WORKSPACE],
  check(r, report, config) {
    // retentionInDays defaults to 30 days on the PerGB2018 SKU.
    const days = Number(r.props.retentionInDays ?? 30);
    if (days < config.minimumDays)
      report(`The workspace keeps ${days} day(s) of logs; at least ${config.minimumDays} required.`);
  },
});

/**
 * KQL's explicit cross-resource expressions: `workspace()`, `app()`, `resource()` (and `adx()`, `arg()`)
 * read data outside the workspace the query runs in ("Query data across Log Analytics workspaces,
 * applications, and resources in Azure Monitor", learn.microsoft.com/azure/azure-monitor/logs/cross-workspace-query).
 */
const CROSS_RESOURCE = /\b(workspace|app|resource|adx|arg)\s*\(/i;

export const savedSearchInStackWorkspace = stackRule({
  id: "saved-search-in-stack-workspace",
  description:
    "Saved searches live in a Log Analytics workspace of the stack, whose retention the pack checks, and read only that workspace's logs.",
  severity: "medium",
  remediation:
    "Set the saved search's workspaceName to the stack's workspace (its name or output) and query its tables directly, without workspace(), app() or resource().",
  references: "MCSB LT-5, LT-6",
  types: [SAVED_SEARCH, WORKSPACE],
  check(graph, report) {
    // The incident questions answer from the stack's own logs: a search saved in a workspace the stack does
    // not hold runs over data whose retention and access nobody here checks, and a cross-resource query
    // answers with another workspace's (or another tenant's) data.
    for (const search of graph.ofTypes([SAVED_SEARCH])) {
      if (refs(graph, search, "workspaceName", [WORKSPACE]).length === 0)
        report(
          `The search is saved in ${String(search.props.workspaceName ?? "a workspace")}, not a workspace of the stack.`,
          search.urn,
        );
      else if (typeof search.props.query === "string" && CROSS_RESOURCE.test(search.props.query))
        report("The query reads data outside the workspace it is saved in.", search.urn);
    }
  },
});

export const savedSearchCategorised = resourceRule({
  id: "saved-search-categorised",
  description:
    "Saved searches carry a category and a display name, so that operators find the incident questions in the query explorer.",
  severity: "low",
  remediation:
    'Set category (the kit files them under "Storefront incidents") and displayName to the question the query answers.',
  references: "Azure Monitor Log Analytics: saved queries",
  types: [SAVED_SEARCH],
  check(r, report) {
    // Both are required inputs of the API (SavedSearchArgs.category, displayName), but any string passes:
    // a blank one files the query nowhere an operator looks during an incident.
    const blank = (v: unknown) => typeof v !== "string" || v.trim() === "";
    if (blank(r.props.category)) report("The search has no category.");
    else if (blank(r.props.displayName)) report("The search has no display name.");
  },
});

export const metricAlertsHaveActionGroup = resourceRule({
  id: "metric-alerts-have-action-group",
  description:
    "Alerts notify an action group and resolve themselves on recovery; action groups are enabled and reach someone.",
  severity: "medium",
  remediation:
    "Give every alert actions: [{ actionGroupId }] and autoMitigate: true; give the action group enabled: true and an email or webhook receiver.",
  references: "MCSB LT-1",
  types: [METRIC_ALERT, SCHEDULED_QUERY_RULE, ACTION_GROUP],
  check(r, report) {
    if (r.type === ACTION_GROUP) {
      const receivers = ["emailReceivers", "webhookReceivers", "smsReceivers", "azureAppPushReceivers"].some(
        (k) => arr(r.props[k]).length > 0,
      );
      if (r.props.enabled === false || !receivers) report("The action group reaches no one.");
      return;
    }
    const groups =
      r.type === METRIC_ALERT
        ? arr(r.props.actions).filter((a) => a.actionGroupId)
        : arr(obj(r.props.actions).actionGroups);
    if (groups.length === 0) report("The alert notifies no action group.");
    else if (r.props.autoMitigate === false) report("The alert does not resolve (and notify) on recovery.");
  },
});

export const budgetPresent = stackRule({
  id: "budget-present",
  description: "Every resource group of the stack is watched by a budget that notifies someone.",
  severity: "low",
  remediation:
    "Add a consumption.Budget scoped to the resource group's id, with enabled notifications (actual and forecast) to the alert emails.",
  references: "Azure Well-Architected cost optimization",
  types: [BUDGET, RESOURCE_GROUP],
  check(graph, report) {
    const watched = new Set<PolicyResource>();
    for (const b of graph.ofTypes([BUDGET])) {
      refs(graph, b, "scope", [RESOURCE_GROUP]).forEach((g) => watched.add(g));
      const notifications = Object.values(obj(b.props.notifications)).map(obj);
      const reaches = (n: Record<string, unknown>) =>
        n.enabled === true && arr(n.contactEmails).length + arr(n.contactGroups).length > 0;
      if (!notifications.some(reaches)) report("The budget notifies no one.", b.urn);
    }
    for (const g of graph.ofTypes([RESOURCE_GROUP]))
      if (!watched.has(g)) report("No budget watches the resource group's spending.", g.urn);
  },
});
