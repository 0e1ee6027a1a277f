import { resourceRule } from "../lib/define";
import { isAnyone, list, statements } from "../lib/props";
import { SEARCH_DOMAIN_POLICY_TYPES, SEARCH_DOMAIN_TYPES } from "../lib/types";

/** OpenSearch (and Elasticsearch) domains. */

const TLS12_POLICIES = ["Policy-Min-TLS-1-2-PFS-2023-10", "Policy-Min-TLS-1-2-2019-07"];

function enabled(value: unknown): boolean {
  return (value as { enabled?: boolean } | undefined)?.enabled === true;
}

export const opensearchEncryptionAtRest = resourceRule({
  id: "opensearch-encryption-at-rest",
  description: "Search domains encrypt data at rest.",
  severity: "high",
  remediation: "Set encryptAtRest.enabled to true (with a KMS key).",
  pci: "3.2.1: 3.4, 8.2.1",
  types: SEARCH_DOMAIN_TYPES,
  check(r, report) {
    if (!enabled(r.props.encryptAtRest)) report("Data at rest is not encrypted.");
  },
});

export const opensearchNodeToNodeEncryption = resourceRule({
  id: "opensearch-node-to-node-encryption",
  description: "Search domains encrypt traffic between their nodes.",
  severity: "high",
  remediation: "Set nodeToNodeEncryption.enabled to true.",
  pci: "3.2.1: 4.1",
  types: SEARCH_DOMAIN_TYPES,
  check(r, report) {
    if (!enabled(r.props.nodeToNodeEncryption)) report("Traffic between nodes is not encrypted.");
  },
});

export const opensearchHttpsTls12 = resourceRule({
  id: "opensearch-https-tls12",
  description: "Search domains enforce HTTPS with a TLS 1.2 minimum.",
  severity: "high",
  remediation: `Set domainEndpointOptions.enforceHttps and tlsSecurityPolicy ${TLS12_POLICIES[0]}.`,
  pci: "3.2.1: 4.1",
  types: SEARCH_DOMAIN_TYPES,
  check(r, report) {
    const options = r.props.domainEndpointOptions as
      { enforceHttps?: boolean; tlsSecurityPolicy?: string } | undefined;
    if (options?.enforceHttps !== true) report("HTTPS is not enforced.");
    else if (!TLS12_POLICIES.includes(String(options.tlsSecurityPolicy)))
      report("The TLS policy allows versions below 1.2.");
  },
});

export const opensearchInVpc = resourceRule({
  id: "opensearch-in-vpc",
  description: "Search domains live inside a VPC, not on a public endpoint.",
  severity: "critical",
  remediation: "Set vpcOptions.subnetIds (private subnets) and securityGroupIds.",
  pci: "3.2.1: 1.2.1, 1.3.1, 1.3.2, 1.3.4, 1.3.6, 2.2.2",
  types: SEARCH_DOMAIN_TYPES,
  check(r, report) {
    const subnets = (r.props.vpcOptions as { subnetIds?: unknown } | undefined)?.subnetIds;
    if (list(subnets).length === 0) report("The domain has a public endpoint.");
  },
});

export const opensearchFineGrainedAccess = resourceRule({
  id: "opensearch-fine-grained-access",
  description: "Search domains use fine-grained access control.",
  severity: "high",
  remediation: "Set advancedSecurityOptions.enabled with a master user (an IAM ARN or a generated password).",
  pci: "3.2.1: 7.1.2",
  types: SEARCH_DOMAIN_TYPES,
  check(r, report) {
    if (!enabled(r.props.advancedSecurityOptions)) report("Fine-grained access control is off.");
  },
});

export const opensearchAccessPolicyNoAnonymous = resourceRule({
  id: "opensearch-access-policy-no-anonymous",
  description:
    "Search domain access policies grant anonymous principals nothing, unless restricted by a source " +
    "condition or the domain is VPC-only behind fine-grained access control.",
  severity: "high",
  remediation:
    "Name the principals, add an IP condition, or keep the domain in a VPC with fine-grained access control.",
  pci: "3.2.1: 7.2.1",
  types: [...SEARCH_DOMAIN_TYPES, ...SEARCH_DOMAIN_POLICY_TYPES],
  check(r, report) {
    const isDomain = (SEARCH_DOMAIN_TYPES as readonly string[]).includes(r.type);
    const shielded =
      isDomain &&
      list((r.props.vpcOptions as { subnetIds?: unknown } | undefined)?.subnetIds).length > 0 &&
      enabled(r.props.advancedSecurityOptions);
    const open = statements(r.props.accessPolicies).filter(
      (s) => s.effect === "Allow" && isAnyone(s.principal) && !s.condition,
    );
    if (open.length > 0 && !shielded) report("The access policy lets anyone in, with no condition.");
  },
});

export const opensearchLogging = resourceRule({
  id: "opensearch-logging",
  description: "Search domains publish application logs (and audit logs under fine-grained access control).",
  severity: "medium",
  remediation: "Add logPublishingOptions for ES_APPLICATION_LOGS (and AUDIT_LOGS) to CloudWatch Logs.",
  pci: "3.2.1: 10.1, 10.2.1-10.2.5, 10.3.1-10.3.6",
  types: SEARCH_DOMAIN_TYPES,
  check(r, report) {
    const published = list(r.props.logPublishingOptions)
      .filter((o) => o.enabled !== false)
      .map((o) => o.logType);
    const needed = [
      "ES_APPLICATION_LOGS",
      ...(enabled(r.props.advancedSecurityOptions) ? ["AUDIT_LOGS"] : []),
    ];
    const missing = needed.filter((t) => !published.includes(t));
    if (missing.length > 0) report(`Logs not published: ${missing.join(", ")}.`);
  },
});

export const opensearchCmk = resourceRule({
  id: "opensearch-cmk",
  description: "Domains encrypted at rest use a customer-managed KMS key.",
  severity: "low",
  remediation: "Set encryptAtRest.kmsKeyId to a key of your own.",
  pci: "3.2.1: 3.5; 4.0: 3.6.1",
  types: SEARCH_DOMAIN_TYPES,
  check(r, report) {
    const e = r.props.encryptAtRest as { enabled?: boolean; kmsKeyId?: string } | undefined;
    if (e?.enabled === true && !e.kmsKeyId) report("Data at rest is encrypted with the AWS-managed key.");
  },
});

export const opensearchHa = resourceRule({
  id: "opensearch-ha",
  description: "Domains with several data nodes spread them over zones and have three dedicated masters.",
  optIn: true,
  severity: "medium",
  remediation: "Set clusterConfig.zoneAwarenessEnabled, dedicatedMasterEnabled and dedicatedMasterCount: 3.",
  types: SEARCH_DOMAIN_TYPES,
  check(r, report) {
    const c = (r.props.clusterConfig ?? {}) as {
      instanceCount?: number;
      zoneAwarenessEnabled?: boolean;
      dedicatedMasterEnabled?: boolean;
      dedicatedMasterCount?: number;
    };
    if (Number(c.instanceCount ?? 1) < 2) return; // a single-node (dev) domain: nothing to spread
    if (c.zoneAwarenessEnabled !== true) report("The data nodes are not spread over zones.");
    if (c.dedicatedMasterEnabled !== true || Number(c.dedicatedMasterCount ?? 0) < 3)
      report("The domain has no three dedicated master nodes: a node loss can stall the cluster.");
  },
});
