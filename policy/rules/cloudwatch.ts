import { z } from "zod";
import { resourceRule } from "../lib/define";
import { isAnyone, list, statements } from "../lib/props";
import { FIREHOSE, LOG_GROUP, LOG_RESOURCE_POLICY, METRIC_ALARM } from "../lib/types";

/** CloudWatch log groups and alarms, and the Firehose streams that carry logs. */

export const logGroupRetention = resourceRule({
  id: "log-group-retention",
  description: "Log groups keep events for a bounded period of at least a year.",
  severity: "medium",
  remediation: "Set retentionInDays (at least 365 for PCI DSS 10.5.1).",
  pci: "3.2.1: 10.7; 4.0: 10.5.1",
  config: z.object({
    minimumDays: z.int().min(1).default(365).describe("Days of logs to keep at least."),
  }),
  types: [LOG_GROUP],
  check(r, report, config) {
    const days = r.props.retentionInDays;
    // 0 or unset keeps events forever (CloudWatch Logs PutRetentionPolicy): unbounded, not short.
    if (days === undefined || Number(days) === 0) report("The log group keeps events forever.");
    else if (Number(days) < config.minimumDays)
      report(`Events are kept ${days} day(s); at least ${config.minimumDays} required.`);
  },
});

export const logGroupCmk = resourceRule({
  id: "log-group-cmk",
  description: "Log groups are encrypted with a customer-managed KMS key.",
  optIn: true,
  severity: "low",
  remediation: "Set kmsKeyId to a key whose policy admits the logs service of the region.",
  pci: "3.2.1: 3.4; 4.0: 3.5.1",
  types: [LOG_GROUP],
  check(r, report) {
    if (!r.props.kmsKeyId) report("The log group is encrypted with the service's key, not one of yours.");
  },
});

export const alarmHasActions = resourceRule({
  id: "alarm-has-actions",
  description: "Alarms notify someone when they fire.",
  severity: "low",
  remediation: "Set alarmActions (and okActions) to the alarm topic.",
  pci: "4.0: 10.7.2",
  types: [METRIC_ALARM],
  check(r, report) {
    if (r.props.actionsEnabled === false || list(r.props.alarmActions).length === 0)
      report("The alarm has no action: nobody hears of it.");
  },
});

export const firehoseEncrypted = resourceRule({
  id: "firehose-encrypted",
  description: "Firehose delivery streams encrypt records at rest.",
  severity: "medium",
  remediation: "Set serverSideEncryption.enabled to true (with a customer-managed key where required).",
  pci: "3.2.1: 3.4; 4.0: 3.5.1",
  types: [FIREHOSE],
  check(r, report) {
    const sse = r.props.serverSideEncryption as { enabled?: unknown } | undefined;
    // Streams reading from Kinesis inherit the source stream's encryption (Firehose API reference,
    // DeliveryStreamEncryptionConfigurationInput applies to DirectPut streams only).
    if (r.props.kinesisSourceConfiguration !== undefined) return;
    if (sse?.enabled !== true) report("The delivery stream does not encrypt records at rest.");
  },
});

export const logResourcePolicyScoped = resourceRule({
  id: "log-resource-policy-scoped",
  description: "CloudWatch Logs resource policies grant services only for this account, on named log groups.",
  severity: "medium",
  remediation:
    "Name the log groups in Resource and add a Condition on aws:SourceAccount (or aws:SourceArn) to each " +
    "statement that grants a service principal.",
  pci: "3.2.1: 7.2.1, 10.5.2; 4.0: 7.2.1, 10.3.2",
  types: [LOG_RESOURCE_POLICY],
  check(r, report) {
    // A service principal without a source condition lets that service write on behalf of any account
    // (the confused deputy problem, IAM User Guide "The confused deputy problem"); `*` resources let it
    // write into every log group of the account.
    for (const s of statements(r.props.policyDocument).filter((s) => s.effect === "Allow")) {
      const keys = Object.values(s.condition ?? {}).flatMap((c) => Object.keys(c as object));
      const service = (s.principal as { Service?: unknown } | undefined)?.Service !== undefined;
      if (isAnyone(s.principal) && keys.length === 0) report("A statement grants everyone (`*`).");
      else if (service && !keys.some((k) => /^aws:Source(Account|Arn|OrgID)$/i.test(k)))
        report("A statement grants a service without an aws:SourceAccount or aws:SourceArn condition.");
      else if (s.resources.some((res) => res === "*" || /log-group:\*/.test(res)))
        report("A statement grants every log group of the account.");
      else continue;
      return;
    }
  },
});
