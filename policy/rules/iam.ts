import { resourceRule } from "../lib/define";
import { list, PolicyStatement, statements } from "../lib/props";
import type { Resource } from "../lib/rule";
import { IAM_ATTACHMENT_TYPES, IAM_INLINE_TYPES, IAM_POLICY_DOCUMENT_TYPES, IAM_ROLE } from "../lib/types";

/** IAM policies, roles and attachments. */

const ADMIN_POLICIES = [
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/IAMFullAccess",
];

/** Allow statements of every policy document a resource carries (policy documents, role inline policies). */
function allowStatements(r: Resource): PolicyStatement[] {
  const documents =
    r.type === IAM_ROLE ? list(r.props.inlinePolicies).map((p) => p.policy) : [r.props.policy];
  return documents.flatMap(statements).filter((s) => s.effect === "Allow");
}

const DOCUMENT_TYPES = [...IAM_POLICY_DOCUMENT_TYPES, IAM_ROLE];

export const iamNoAdminStarPolicy = resourceRule({
  id: "iam-no-admin-star-policy",
  description: "No policy allows every action on every resource.",
  severity: "critical",
  remediation: "Grant the specific actions on the specific resources the principal needs.",
  cis: "v3.0 1.16",
  pci: "3.2.1: 2.2, 7.1.2, 7.1.3, 7.2.1, 7.2.2; 4.0: 7.2.1, 7.2.2",
  types: DOCUMENT_TYPES,
  check(r, report) {
    const admin = allowStatements(r).some(
      (s) => s.actions.some((a) => a === "*" || a === "*:*") && s.resources.includes("*"),
    );
    if (admin) report("A statement allows Action * on Resource *.");
  },
});

export const iamNoAdminManagedAttachment = resourceRule({
  id: "iam-no-admin-managed-attachment",
  description: "Nothing attaches AWS's AdministratorAccess or IAMFullAccess policies.",
  severity: "high",
  remediation: "Attach least-privilege policies instead.",
  cis: "v3.0 1.16",
  pci: "3.2.1: 7.1.2, 7.2.1",
  types: [...IAM_ATTACHMENT_TYPES, IAM_ROLE],
  check(r, report) {
    const arns = r.type === IAM_ROLE ? list<string>(r.props.managedPolicyArns) : [String(r.props.policyArn)];
    if (arns.some((arn) => ADMIN_POLICIES.includes(arn))) report("An administrator policy is attached.");
  },
});

export const iamNoWildcardActions = resourceRule({
  id: "iam-no-wildcard-actions",
  description: "Allow statements name their actions: no `*` or `service:*`.",
  severity: "high",
  remediation: "List the actions the principal needs.",
  pci: "3.2.1: 7.1.2, 7.1.3, 7.2.1, 7.2.2",
  types: DOCUMENT_TYPES,
  check(r, report) {
    const wildcards = allowStatements(r).flatMap((s) => s.actions.filter((a) => a.includes("*")));
    if (wildcards.length > 0)
      report(`Allowed actions with wildcards: ${[...new Set(wildcards)].join(", ")}.`);
  },
});

export const iamNoInlinePolicies = resourceRule({
  id: "iam-no-inline-policies",
  description: "Permissions come from managed policies, not inline ones.",
  severity: "medium",
  remediation: "Create an aws.iam.Policy and attach it.",
  pci: "3.2.1: 2.2, 7.1.2, 7.1.3, 7.2.1, 7.2.2",
  types: [...IAM_INLINE_TYPES, IAM_ROLE],
  check(r, report) {
    if (r.type !== IAM_ROLE || list(r.props.inlinePolicies).length > 0)
      report("An inline policy grants permissions.");
  },
});
