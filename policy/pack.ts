import type {
  EnforcementLevel,
  Policy,
  ReportViolation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { configSchemaOf } from "./lib/config-schema";
import { Rule, StackGraph } from "./lib/rule";
import { RULES } from "./rules";

/*
 * The rules as CrossGuard policies, importable without starting a policy server (index.ts does that).
 * Critical and high rules are mandatory by default, the rest advisory; any rule's level and settings can
 * be overridden with policy configuration (`pulumi preview --policy-pack-config`), e.g.
 *   { "alb-deletion-protection": "disabled", "rds-backup-retention": { "minimumDays": 14 } }
 * The engine validates that configuration against each policy's configSchema (derived from the rule's zod
 * settings) before any policy runs; runtime/policy-config.ts does the same offline.
 */

export const PACK_NAME = "storefront-security";

/** The framework of `RuleInfo.cisAzure` references. */
export const CIS_AZURE = "CIS Microsoft Azure Foundations";

export function defaultEnforcement(rule: Rule): EnforcementLevel {
  if (rule.optIn) return "disabled";
  return rule.severity === "critical" || rule.severity === "high" ? "mandatory" : "advisory";
}

function metadata(rule: Rule): Policy {
  const references = [
    ...(rule.cis ? [`CIS AWS Foundations ${rule.cis}`] : []),
    ...(rule.cisAzure ? [`${CIS_AZURE} ${rule.cisAzure}`] : []),
    ...(rule.pci ? [`PCI DSS ${rule.pci}`] : []),
    ...(rule.references ? [rule.references] : []),
  ];
  return {
    name: rule.id,
    description: rule.description,
    enforcementLevel: defaultEnforcement(rule),
    severity: rule.severity,
    remediationSteps: rule.remediation,
    tags: references,
    ...(rule.cisAzure
      ? {
          // Azure rules name the benchmark they are mapped to first: their CIS ids are Azure's, not AWS's.
          framework: {
            name: `${CIS_AZURE} Benchmark`,
            version: "3.0.0",
            reference: rule.cisAzure,
            specification: rule.description,
          },
        }
      : rule.pci
        ? {
            framework: {
              name: "PCI DSS",
              version: "3.2.1 / 4.0",
              reference: rule.pci,
              specification: rule.description,
            },
          }
        : rule.cis
          ? {
              framework: {
                name: "CIS AWS Foundations Benchmark",
                version: "3.0",
                reference: rule.cis,
                specification: rule.description,
              },
            }
          : {}),
    ...(rule.config ? { configSchema: configSchemaOf(rule) } : {}),
  };
}

export function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  if (rule.kind === "resource") {
    const types = new Set(rule.types);
    return {
      ...metadata(rule),
      validateResource: (args, report: ReportViolation) => {
        if (!types.has(args.type)) return;
        rule.check(args, (message) => report(message), args.getConfig<Record<string, unknown>>());
      },
    };
  }
  return {
    ...metadata(rule),
    validateStack: (args, report: ReportViolation) =>
      rule.check(StackGraph.of(args.resources), report, args.getConfig<Record<string, unknown>>()),
  };
}

export const POLICIES = RULES.map(toPolicy);
