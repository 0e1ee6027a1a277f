import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";
import { azureName } from "../shared/names";
import { QueryOptions, savedQueries } from "./log-queries";

/**
 * A workspace's default (interactive) retention: 30 to 730 days ("Manage data retention in a Log Analytics
 * workspace", learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure: the workspace default
 * goes up to two years; only single tables can go below 30 days, through the API).
 */
export const WORKSPACE_RETENTION_DAYS = { min: 30, max: 730 } as const;

export interface LogAnalyticsArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Days the workspace keeps every table interactively: the kit's log retention for the environment. */
  readonly retentionInDays: number;
  /** Which incident questions apply: the tiers the stack has and where its WAF runs. */
  readonly queries: QueryOptions;
  /**
   * Daily ingestion cap in GB; ingestion stops for the rest of the day when it is reached.
   * @default none (no cap: logs of an incident are never dropped)
   */
  readonly dailyQuotaGb?: number;
}

/** Every contradiction in the arguments, thrown at once before any resource is created. */
export function checkLogAnalyticsArgs(args: LogAnalyticsArgs): void {
  const problems: string[] = [];
  const { min, max } = WORKSPACE_RETENTION_DAYS;
  if (!Number.isInteger(args.retentionInDays) || args.retentionInDays < min || args.retentionInDays > max) {
    problems.push(`retentionInDays ${args.retentionInDays}: a workspace keeps data ${min} to ${max} days`);
  }
  if (args.dailyQuotaGb !== undefined && !(args.dailyQuotaGb > 0)) {
    problems.push(`dailyQuotaGb ${args.dailyQuotaGb}: must be positive (leave it out for no cap)`);
  }
  if (args.queries.waf === "frontDoor" && !args.queries.frontDoor) {
    problems.push("queries.waf frontDoor: the stack has no Front Door to log WAF blocks");
  }
  if (args.queries.waf === "gateway" && !args.queries.gateway) {
    problems.push("queries.waf gateway: the stack has no application gateway to log WAF blocks");
  }
  if (problems.length > 0) throw new Error(`LogAnalytics: ${problems.join("; ")}`);
}

/**
 * The stack's Log Analytics workspace, where every tier's diagnostic settings send their logs and
 * metrics, with the incident questions saved as searches (and functions) in it: top clients, 5xx by
 * path, slowest paths, WAF blocks by rule, slow statements and connections of the database.
 */
export class LogAnalytics extends pulumi.ComponentResource {
  readonly workspaceId: pulumi.Output<string>;
  readonly workspaceName: pulumi.Output<string>;
  /** The workspace's customer id (a GUID), which agents and the query API take. */
  readonly customerId: pulumi.Output<string>;
  readonly savedSearchIds: readonly string[];

  constructor(name: string, args: LogAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
    checkLogAnalyticsArgs(args);
    super("storefront:azure/operations:LogAnalytics", name, {}, opts);

    const workspace = new operationalinsights.Workspace(
      `${name}-workspace`,
      {
        workspaceName: azureName("azure-native:operationalinsights:Workspace", `${name}-logs`),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        sku: { name: "PerGB2018" },
        retentionInDays: args.retentionInDays,
        // Access by Azure RBAC on the workspace or on the resources whose logs it holds.
        features: { enableLogAccessUsingOnlyResourcePermissions: true },
        ...(args.dailyQuotaGb !== undefined ? { workspaceCapping: { dailyQuotaGb: args.dailyQuotaGb } } : {}),
      },
      { parent: this },
    );

    const queries = savedQueries(args.queries);
    for (const query of queries) {
      new operationalinsights.SavedSearch(
        `${name}-${query.id}`,
        {
          resourceGroupName: args.resourceGroupName,
          workspaceName: workspace.name,
          savedSearchId: `storefront-${query.id}`,
          category: "Storefront incidents",
          displayName: query.displayName,
          functionAlias: query.functionAlias,
          query: query.query,
        },
        { parent: this },
      );
    }

    this.workspaceId = workspace.id;
    this.workspaceName = workspace.name;
    this.customerId = workspace.customerId;
    this.savedSearchIds = queries.map((q) => q.id);
    this.registerOutputs({ workspaceId: this.workspaceId, workspaceName: this.workspaceName });
  }
}
