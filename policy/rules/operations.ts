import { z } from "zod";
import { resourceRule, stackRule } from "../lib/define";
import { list } from "../lib/props";
import {
  ATHENA_NAMED_QUERY,
  ATHENA_WORKGROUP,
  BACKUP_PLAN,
  BACKUP_VAULT,
  BUCKET_TYPES,
  BUDGET,
  GLUE_DATABASE,
  GLUE_TABLE,
} from "../lib/types";

/** Backup vaults and the Athena workgroup of the log archive. */

export const backupVaultCmk = resourceRule({
  id: "backup-vault-cmk",
  description: "Backup vaults encrypt recovery points with a customer-managed KMS key.",
  severity: "medium",
  remediation: "Set kmsKeyArn to a key of your own (its deletion then cannot silently orphan backups).",
  pci: "3.2.1: 3.4, 3.5; 4.0: 3.5.1",
  types: [BACKUP_VAULT],
  check(r, report) {
    if (!r.props.kmsKeyArn) report("The vault uses the AWS-managed backup key.");
  },
});

export const athenaWorkgroupEncrypted = resourceRule({
  id: "athena-workgroup-encrypted",
  description: "Athena workgroups encrypt query results and enforce their settings on every query.",
  severity: "medium",
  remediation:
    "Set configuration.resultConfiguration.encryptionConfiguration and enforceWorkgroupConfiguration: true.",
  pci: "3.2.1: 3.4; 4.0: 3.5.1",
  types: [ATHENA_WORKGROUP],
  check(r, report) {
    const c = r.props.configuration as
      | {
          enforceWorkgroupConfiguration?: boolean;
          resultConfiguration?: { encryptionConfiguration?: { encryptionOption?: string } };
        }
      | undefined;
    if (!c?.resultConfiguration?.encryptionConfiguration?.encryptionOption)
      report("Query results are not encrypted.");
    else if (c.enforceWorkgroupConfiguration === false)
      report("Clients may override the workgroup's result encryption.");
  },
});

export const budgetNotifies = resourceRule({
  id: "budget-notifies",
  description: "Budgets tell someone before the money is spent: a notification at or below the limit.",
  severity: "low",
  remediation:
    "Add a notification (ACTUAL or FORECASTED, threshold at most 100% of the limit) with an e-mail " +
    "address or SNS topic subscriber.",
  types: [BUDGET],
  check(r, report) {
    // A runaway cost (a scaling loop, a crypto miner on a compromised server) shows first on the bill.
    const useful = list(r.props.notifications).some(
      (n) =>
        (list(n.subscriberEmailAddresses).length > 0 || list(n.subscriberSnsTopicArns).length > 0) &&
        (n.thresholdType === "ABSOLUTE_VALUE"
          ? Number(n.threshold) <= Number(r.props.limitAmount)
          : Number(n.threshold) <= 100),
    );
    if (!useful) report("No notification reaches anyone before the limit is spent.");
  },
});

export const backupPlanRetention = resourceRule({
  id: "backup-plan-retention",
  description: "Backup plans keep recovery points, and their copies, for at least the configured days.",
  severity: "medium",
  remediation: "Set lifecycle.deleteAfter (and each copy action's) to the configured minimum or more.",
  pci: "4.0: 12.10.1",
  config: z.object({
    minimumDays: z
      .number()
      .int()
      .min(1)
      .default(7)
      .describe("The fewest days a recovery point (or its copy) is kept."),
  }),
  types: [BACKUP_PLAN],
  check(r, report, config) {
    // No deleteAfter keeps recovery points for ever (AWS Backup API, Lifecycle), which passes.
    const short = list(r.props.rules).filter((rule) => {
      const lifecycles = [rule.lifecycle, ...list(rule.copyActions).map((c) => c.lifecycle)];
      return lifecycles.some((l) => {
        const days = (l as { deleteAfter?: number } | undefined)?.deleteAfter;
        return typeof days === "number" && days < config.minimumDays;
      });
    });
    if (short.length > 0)
      report(
        `Rules keeping recovery points under ${config.minimumDays} days: ${short.map((s) => String(s.ruleName)).join(", ")}.`,
      );
  },
});

export const athenaQueryInStackWorkgroup = stackRule({
  id: "athena-query-in-stack-workgroup",
  description:
    "Saved Athena queries run in a workgroup of the stack, whose result encryption athena-workgroup-encrypted checks.",
  severity: "medium",
  remediation: "Set the named query's workgroup to the stack's workgroup (its name or output).",
  pci: "3.2.1: 3.4; 4.0: 3.5.1",
  types: [ATHENA_NAMED_QUERY],
  check(graph, report) {
    // Without one the query runs in `primary`, whose results go wherever the account set, unencrypted
    // unless someone configured it.
    for (const q of graph.ofTypes([ATHENA_NAMED_QUERY])) {
      if (graph.referenced(q, "workgroup", [ATHENA_WORKGROUP]).length === 0)
        report(
          `The query runs in ${String(q.props.workgroup ?? "primary")}, not a workgroup of the stack.`,
          q.urn,
        );
    }
  },
});

/** The bucket of an `s3://bucket/prefix` location. */
function bucketOf(location: unknown): string | undefined {
  return typeof location === "string" ? /^s3a?:\/\/([^/]+)/.exec(location)?.[1] : undefined;
}

export const glueTableInStackBucket = stackRule({
  id: "glue-table-in-stack-bucket",
  description:
    "Glue tables and databases read from a bucket of the stack, whose encryption and access the pack checks.",
  severity: "medium",
  remediation:
    "Point storageDescriptor.location (and a partition projection's storage.location.template, or the " +
    "database's locationUri) at the stack's log bucket.",
  types: [GLUE_TABLE, GLUE_DATABASE],
  check(graph, report) {
    // Queries over a table trust its data: a location in a bucket someone else owns lets them feed the
    // shop's log analysis (or read what the workgroup writes back).
    for (const r of graph.ofTypes([GLUE_TABLE, GLUE_DATABASE])) {
      const locations =
        r.type === GLUE_DATABASE
          ? [r.props.locationUri]
          : [
              (r.props.storageDescriptor as { location?: unknown } | undefined)?.location,
              (r.props.parameters as Record<string, unknown> | undefined)?.["storage.location.template"],
            ];
      const foreign = locations
        .map(bucketOf)
        .filter((b): b is string => b !== undefined && !graph.identifies(b, BUCKET_TYPES));
      if (foreign.length > 0) report(`Reads from a bucket the stack does not hold: ${foreign[0]}.`, r.urn);
    }
  },
});
