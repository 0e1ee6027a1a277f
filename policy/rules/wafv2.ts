import { resourceRule, stackRule } from "../lib/define";
import { dependenciesOf, list } from "../lib/props";
import { WEB_ACL, WEB_ACL_LOGGING } from "../lib/types";

/** WAFv2 web ACLs. */

export const wafv2WebaclHasRules = resourceRule({
  id: "wafv2-webacl-has-rules",
  description: "Web ACLs have rules, each with an action or an override action.",
  severity: "medium",
  remediation:
    "Add AWS managed rule groups (common, known bad inputs, SQL, PHP, IP reputation) and a rate rule.",
  pci: "4.0: 6.4.2",
  types: [WEB_ACL],
  check(r, report) {
    const rules = list(r.props.rules);
    if (rules.length === 0 && !r.props.ruleJson)
      report("The web ACL has no rules: it lets everything through.");
    const actionless = rules.filter((rule) => rule.action === undefined && rule.overrideAction === undefined);
    if (actionless.length > 0) report(`${actionless.length} rule(s) have no action.`);
  },
});

export const wafv2Logging = stackRule({
  id: "wafv2-logging",
  description: "Every web ACL logs the requests it inspects.",
  severity: "medium",
  remediation:
    "Add an aws.wafv2.WebAclLoggingConfiguration for the web ACL (Firehose, S3 or CloudWatch Logs).",
  pci: "3.2.1: 10.1, 10.3.1-10.3.6, 10.5.4",
  check(graph, report) {
    const logged = new Set(
      graph.ofTypes([WEB_ACL_LOGGING]).flatMap((l) => dependenciesOf(l, "resourceArn").map((acl) => acl.urn)),
    );
    for (const acl of graph.ofTypes([WEB_ACL])) {
      if (!logged.has(acl.urn)) report("The web ACL does not log.", acl.urn);
    }
  },
});

export const wafv2KnownBadInputs = resourceRule({
  id: "wafv2-known-bad-inputs",
  description: "Web ACLs include AWS's known bad inputs rule group (Log4j and similar exploits).",
  severity: "medium",
  remediation: "Add a managedRuleGroupStatement for AWS / AWSManagedRulesKnownBadInputsRuleSet.",
  pci: "3.2.1: 6.6; 4.0: 6.4.2",
  types: [WEB_ACL],
  check(r, report) {
    // A web ACL without rules is wafv2-webacl-has-rules' finding.
    const rules = list(r.props.rules);
    if (rules.length === 0 || r.props.ruleJson) return;
    const has = rules.some(
      (rule) =>
        ((rule.statement as { managedRuleGroupStatement?: { name?: string } } | undefined)
          ?.managedRuleGroupStatement?.name ?? "") === "AWSManagedRulesKnownBadInputsRuleSet",
    );
    if (!has) report("The known bad inputs rule group is missing.");
  },
});

export const wafv2VisibilityMetrics = resourceRule({
  id: "wafv2-visibility-metrics",
  description: "Web ACLs and each of their rules publish CloudWatch metrics.",
  severity: "low",
  remediation: "Set visibilityConfig.cloudwatchMetricsEnabled to true on the web ACL and on every rule.",
  pci: "4.0: 10.2.1",
  types: [WEB_ACL],
  check(r, report) {
    const dark = [r.props, ...list(r.props.rules)].filter(
      (x) =>
        (x.visibilityConfig as { cloudwatchMetricsEnabled?: boolean } | undefined)
          ?.cloudwatchMetricsEnabled !== true,
    );
    if (dark.length > 0) report(`${dark.length} of the web ACL and its rules publish no metrics.`);
  },
});
