import { resourceRule } from "../lib/define";
import { isAnyone, statements } from "../lib/props";
import { SNS_SUBSCRIPTION, SNS_TOPIC, SNS_TOPIC_POLICY } from "../lib/types";

/** SNS topics (the alarm topics) and their subscriptions. */

export const snsTopicEncrypted = resourceRule({
  id: "sns-topic-encrypted",
  description: "SNS topics encrypt messages at rest with a KMS key.",
  severity: "medium",
  remediation:
    "Set kmsMasterKeyId to a customer-managed key (the alarm publishers need kms:GenerateDataKey).",
  pci: "3.2.1: 3.4; 4.0: 3.5.1",
  types: [SNS_TOPIC],
  check(r, report) {
    if (!r.props.kmsMasterKeyId) report("The topic is not encrypted at rest.");
  },
});

export const snsTopicPolicyNotPublic = resourceRule({
  id: "sns-topic-policy-not-public",
  description: "Topic policies grant nothing to everyone (`*`) without a condition.",
  severity: "high",
  remediation:
    "Name the publishing service or account as principal, or add an aws:SourceArn/SourceAccount condition.",
  pci: "3.2.1: 1.3.1, 7.2.1; 4.0: 7.2.1",
  types: [SNS_TOPIC, SNS_TOPIC_POLICY],
  check(r, report) {
    const open = statements(r.props.policy).some(
      (s) => s.effect === "Allow" && isAnyone(s.principal) && s.condition === undefined,
    );
    if (open) report("A statement allows anyone to use the topic without a condition.");
  },
});

export const snsSubscriptionEncryptedTransport = resourceRule({
  id: "sns-subscription-encrypted-transport",
  description: "Topic subscriptions deliver over HTTPS (or to AWS endpoints), never over plain HTTP.",
  severity: "medium",
  remediation: "Use an https:// endpoint with protocol https.",
  pci: "3.2.1: 4.1; 4.0: 4.2.1",
  types: [SNS_SUBSCRIPTION],
  check(r, report) {
    if (String(r.props.protocol) === "http")
      report("The subscription delivers notifications over plain HTTP.");
  },
});
