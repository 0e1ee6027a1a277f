import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmThresholds } from "../../operations/alarms";
import { actionGroupShortName, azureName } from "../shared/names";
import {
  AlertSignal,
  AZURE_ONLY_DEFAULTS,
  AzureMonitoredStack,
  AzureOnlyThresholds,
  azureAlertSignals,
  LogSignal,
  MetricSignal,
} from "./alert-signals";
import { DiagnosticTarget, diagnosticSetting } from "./diagnostics";

/**
 * Email receivers per action group: 1,000 ("Azure Monitor service limits", Action groups: "Email: 1,000
 * email actions in an action group").
 */
export const MAX_ACTION_GROUP_EMAILS = 1000;
/** Metric and log alert severities: 0 (critical) to 4 (verbose) (Azure Monitor REST API, MetricAlerts). */
const SEVERITIES = [0, 1, 2, 3, 4];

export interface MonitoringArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** The stack's region: log search alerts run there (metric alerts are global). */
  readonly location: string;
  /** The LogAnalytics workspace every diagnostic setting sends to and the log alerts query. */
  readonly workspaceId: pulumi.Input<string>;
  /** Every resource of every tier whose logs and metrics go to the workspace. */
  readonly diagnostics: readonly DiagnosticTarget[];
  /** The resources alerted on, by tier. */
  readonly stack: AzureMonitoredStack;
  /** The kit's per-environment thresholds, the same values the AWS alarms use. */
  readonly thresholds: AlarmThresholds;
  /** Thresholds of the signals only Azure has; @default AZURE_ONLY_DEFAULTS (85% storage and share, 90% origin health) */
  readonly azureThresholds?: AzureOnlyThresholds;
  /** Addresses that get every alert and every resolution by email. */
  readonly emails: readonly string[];
  /** An on-call service's HTTPS webhook; a secret, kept secret in the state. @default none */
  readonly webhookUrl?: pulumi.Input<string>;
  /** Severity of every alert (0 critical to 4 verbose); @default 2 */
  readonly severity?: number;
}

/** Every contradiction in the arguments, thrown at once before any resource is created. */
export function checkMonitoringArgs(args: MonitoringArgs): void {
  const problems: string[] = [];
  const severity = args.severity ?? 2;
  if (!SEVERITIES.includes(severity)) problems.push(`severity ${severity}: one of ${SEVERITIES.join(", ")}`);
  if (args.emails.length > MAX_ACTION_GROUP_EMAILS) {
    problems.push(
      `emails: ${args.emails.length} addresses; an action group takes at most ${MAX_ACTION_GROUP_EMAILS}`,
    );
  }
  const seen = new Set<string>();
  for (const email of args.emails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      problems.push(`emails: "${email}" is not an email address`);
    if (seen.has(email.toLowerCase())) problems.push(`emails: "${email}" is listed twice`);
    seen.add(email.toLowerCase());
  }
  const roles = new Set<string>();
  for (const target of args.diagnostics) {
    if (roles.has(target.role)) problems.push(`diagnostics: role "${target.role}" is used twice`);
    roles.add(target.role);
    if (!/^[a-z0-9-]+$/.test(target.role)) {
      problems.push(`diagnostics: role "${target.role}" must be lowercase letters, digits and '-'`);
    }
  }
  const extra = args.azureThresholds ?? AZURE_ONLY_DEFAULTS;
  for (const [key, value] of Object.entries(extra)) {
    if (!(value > 0 && value <= 100)) problems.push(`azureThresholds.${key} ${value}: a percentage above 0`);
  }
  for (const [key, value] of Object.entries(args.thresholds)) {
    if (!(typeof value === "number" && value >= 0))
      problems.push(`thresholds.${key} ${value}: must be 0 or more`);
  }
  if (args.stack.media && !(args.stack.media.quotaGiB > 0)) {
    problems.push(`stack.media.quotaGiB ${args.stack.media.quotaGiB}: the share's provisioned size, above 0`);
  }
  if (problems.length > 0) throw new Error(`Monitoring: ${problems.join("; ")}`);
}

/**
 * Alerts for every tier the stack has, to one action group (email receivers and an on-call webhook, all
 * on the common alert schema) that is notified when an alert fires and again when it resolves
 * (`autoMitigate`); and the diagnostic settings that send every tier's logs and metrics to the workspace.
 * Metric alerts watch the platform metrics (alert-signals.ts); the gateway's error rate and p95 are log
 * search alerts over its access log.
 */
export class Monitoring extends pulumi.ComponentResource {
  readonly actionGroupId: pulumi.Output<string>;
  /** Alert names by signal key (a key watched on several resources, e.g. replica lag, has one per resource). */
  readonly alertNames: Readonly<Record<string, pulumi.Output<string>[]>>;
  readonly diagnosticSettingCount: number;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    checkMonitoringArgs(args);
    super("storefront:azure/operations:Monitoring", name, {}, opts);

    for (const target of args.diagnostics)
      diagnosticSetting(name, target, args.workspaceId, { parent: this });
    this.diagnosticSettingCount = args.diagnostics.length;

    const group = new monitor.ActionGroup(
      `${name}-alerts`,
      {
        actionGroupName: azureName("azure-native:monitor:ActionGroup", `${name}-alerts`),
        groupShortName: actionGroupShortName(name),
        resourceGroupName: args.resourceGroupName,
        location: "Global",
        enabled: true,
        emailReceivers: args.emails.map((emailAddress, i) => ({
          name: `email-${i}`,
          emailAddress,
          useCommonAlertSchema: true,
        })),
        ...(args.webhookUrl
          ? {
              webhookReceivers: [
                { name: "on-call", serviceUri: pulumi.secret(args.webhookUrl), useCommonAlertSchema: true },
              ],
            }
          : {}),
      },
      // The webhook URL is a credential: the state keeps the receivers encrypted.
      { parent: this, additionalSecretOutputs: ["webhookReceivers"] },
    );

    const severity = args.severity ?? 2;
    const signals = azureAlertSignals(
      args.stack,
      args.thresholds,
      args.azureThresholds ?? AZURE_ONLY_DEFAULTS,
    );
    const names: Record<string, pulumi.Output<string>[]> = {};
    const counts: Record<string, number> = {};
    for (const signal of signals) {
      const n = (counts[signal.key] = (counts[signal.key] ?? 0) + 1);
      const logical = n === 1 ? `${name}-${signal.key}` : `${name}-${signal.key}-${n}`;
      const alertName = this.alert(logical, signal, group.id, severity, args);
      (names[signal.key] ??= []).push(alertName);
    }
    this.alertNames = names;
    this.actionGroupId = group.id;
    this.registerOutputs({ actionGroupId: this.actionGroupId });
  }

  private alert(
    logical: string,
    signal: AlertSignal,
    actionGroupId: pulumi.Output<string>,
    severity: number,
    args: MonitoringArgs,
  ): pulumi.Output<string> {
    return signal.kind === "metric"
      ? this.metricAlert(logical, signal, actionGroupId, severity, args)
      : this.logAlert(logical, signal, actionGroupId, severity, args);
  }

  private metricAlert(
    logical: string,
    signal: MetricSignal,
    actionGroupId: pulumi.Output<string>,
    severity: number,
    args: MonitoringArgs,
  ): pulumi.Output<string> {
    const alert = new monitor.MetricAlert(
      logical,
      {
        ruleName: azureName("azure-native:monitor:MetricAlert", logical),
        resourceGroupName: args.resourceGroupName,
        location: "global",
        description: signal.description,
        severity,
        enabled: true,
        scopes: [signal.scope],
        evaluationFrequency: signal.evaluationFrequency,
        windowSize: signal.windowSize,
        // Notify again when the condition clears, as the AWS alarms' OK actions do.
        autoMitigate: true,
        criteria: {
          odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
          allOf: [
            {
              criterionType: "StaticThresholdCriterion",
              name: signal.key,
              metricNamespace: signal.namespace,
              metricName: signal.metricName,
              timeAggregation: signal.aggregation,
              operator: signal.operator,
              threshold: signal.threshold,
              ...(signal.dimensions
                ? {
                    dimensions: signal.dimensions.map((d) => ({
                      name: d.name,
                      operator: "Include",
                      values: d.values,
                    })),
                  }
                : {}),
            },
          ],
        },
        actions: [{ actionGroupId }],
      },
      { parent: this },
    );
    return alert.name;
  }

  private logAlert(
    logical: string,
    signal: LogSignal,
    actionGroupId: pulumi.Output<string>,
    severity: number,
    args: MonitoringArgs,
  ): pulumi.Output<string> {
    const alert = new monitor.ScheduledQueryRule(
      logical,
      {
        ruleName: azureName("azure-native:monitor:ScheduledQueryRule", logical),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        kind: "LogAlert",
        description: signal.description,
        severity,
        enabled: true,
        scopes: [args.workspaceId],
        evaluationFrequency: signal.evaluationFrequency,
        windowSize: signal.windowSize,
        autoMitigate: true,
        criteria: {
          allOf: [
            {
              query: signal.query,
              timeAggregation: "Maximum",
              metricMeasureColumn: "value",
              operator: signal.operator,
              threshold: signal.threshold,
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
            },
          ],
        },
        actions: { actionGroups: [actionGroupId] },
      },
      { parent: this },
    );
    return alert.name;
  }
}
