import { resourceRule, stackRule } from "../lib/define";
import { isAnyone, list, PolicyStatement, statements } from "../lib/props";
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

function isAdminStar(s: PolicyStatement): boolean {
  return s.actions.some((a) => a === "*" || a === "*:*") && s.resources.includes("*");
}

export const iamNoAdminStarPolicy = resourceRule({
  id: "iam-no-admin-star-policy",
  description: "No policy allows every action on every resource.",
  severity: "critical",
  remediation: "Grant the specific actions on the specific resources the principal needs.",
  cis: "v3.0 1.16",
  pci: "3.2.1: 2.2, 7.1.2, 7.1.3, 7.2.1, 7.2.2; 4.0: 7.2.1, 7.2.2",
  types: DOCUMENT_TYPES,
  check(r, report) {
    const admin = allowStatements(r).some(isAdminStar);
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
    // Action * on Resource * is iam-no-admin-star-policy's finding: one problem, one finding.
    const wildcards = allowStatements(r)
      .filter((s) => !isAdminStar(s))
      .flatMap((s) => s.actions.filter((a) => a.includes("*")));
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

/** Single actions that hand out credentials or escalate privileges, whatever else the statement says. */
const DANGEROUS_ACTIONS = [
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:PutRolePolicy",
  "iam:PutUserPolicy",
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:UpdateAssumeRolePolicy",
  "sts:AssumeRole",
];

export const iamNoPrivilegeEscalation = resourceRule({
  id: "iam-no-privilege-escalation",
  description:
    "No policy allows actions that create credentials or rewrite permissions, nor iam:PassRole on every role.",
  severity: "high",
  remediation:
    "Drop the action, or scope iam:PassRole to the named roles a service needs (with iam:PassedToService).",
  pci: "3.2.1: 7.1.2, 7.2.1; 4.0: 7.2.1, 7.2.2",
  types: DOCUMENT_TYPES,
  check(r, report) {
    const named = allowStatements(r).flatMap((s) => [
      ...s.actions.filter((a) => DANGEROUS_ACTIONS.some((d) => d.toLowerCase() === a.toLowerCase())),
      ...s.actions.filter((a) => a.toLowerCase() === "iam:passrole" && s.resources.includes("*")),
    ]);
    if (named.length > 0) report(`Allows privilege-escalating action(s): ${[...new Set(named)].join(", ")}.`);
  },
});

/** Trust statements of a role's assume-role policy. */
function trustStatements(r: Resource): PolicyStatement[] {
  return statements(r.props.assumeRolePolicy).filter((s) => s.effect === "Allow");
}

export const iamRoleTrustNoWildcard = resourceRule({
  id: "iam-role-trust-no-wildcard",
  description: "Roles trust named principals: no `*` principal without a condition.",
  severity: "critical",
  remediation: "Trust the service or account that assumes the role, with sts:ExternalId or aws:SourceArn.",
  cis: "v3.0 1.16",
  pci: "3.2.1: 7.1.2, 7.2.1; 4.0: 7.2.1",
  types: [IAM_ROLE],
  check(r, report) {
    if (trustStatements(r).some((s) => isAnyone(s.principal) && s.condition === undefined))
      report("The role can be assumed by anyone.");
  },
});

/** Condition keys of an OIDC provider that pin the subject (the repository or workload). */
function pinsSubject(condition: Record<string, unknown> | undefined, host: string): boolean {
  return Object.entries(condition ?? {}).some(([operator, keys]) =>
    Object.entries((keys ?? {}) as Record<string, unknown>).some(([key, value]) => {
      if (key !== `${host}:sub`) return false;
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      // A subject of `*` or `repo:*` accepts any repository of any owner.
      return /^String(Equals|Like)$/.test(operator) && values.every((v) => v !== "*" && !/^repo:\*/.test(v));
    }),
  );
}

export const iamOidcTrustScoped = resourceRule({
  id: "iam-oidc-trust-scoped",
  description: "Roles trusted by a CI identity provider (OIDC) accept only named repositories or subjects.",
  severity: "critical",
  remediation:
    'Add a StringEquals/StringLike condition on "<provider>:sub", e.g. repo:owner/name:ref:refs/heads/main.',
  pci: "3.2.1: 7.1.2, 8.1; 4.0: 7.2.1, 8.2.2",
  types: [IAM_ROLE],
  check(r, report) {
    for (const s of trustStatements(r)) {
      const federated = (s.principal as { Federated?: unknown } | undefined)?.Federated;
      const providers = (Array.isArray(federated) ? federated : [federated]).filter(
        (f): f is string => typeof f === "string" && f.includes("oidc-provider/"),
      );
      for (const provider of providers) {
        const host = provider.split("oidc-provider/")[1];
        if (!pinsSubject(s.condition, host))
          report(`The role trusts ${host} without pinning the subject: any repository can assume it.`);
      }
    }
  },
});

const SSM_MANAGED_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
const IMAGE_BUILDER_INSTANCE = "arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder";
const ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

/**
 * AmazonSSMManagedInstanceCore allows ssm:GetParameter(s) on every parameter of the account (AWS Managed
 * Policy Reference, AmazonSSMManagedInstanceCore v2), so a server holding it reads other stacks' cache
 * tokens and passwords. Image Builder's build instances need it (Image Builder User Guide, "Instance
 * profile") and run only the kit's build steps; a role that also holds EC2InstanceProfileForImageBuilder
 * is such a role.
 */
export const iamSsmCoreOnlyForImageBuilds = stackRule({
  id: "iam-ssm-core-only-for-image-builds",
  description:
    "Only Image Builder's build roles hold AmazonSSMManagedInstanceCore, which reads every SSM parameter of the account.",
  severity: "high",
  remediation:
    "Give servers the SSM agent's and Session Manager's actions without ssm:GetParameter(s) (InstanceRole's sessionManager) and let them read their stack's parameter path only.",
  pci: "3.2.1: 7.1.2, 7.2.1; 4.0: 7.2.1, 7.2.2",
  types: [ROLE_POLICY_ATTACHMENT, IAM_ROLE],
  check(graph, report) {
    const policiesOf = new Map<string, string[]>();
    const holders: [role: string, urn: string][] = [];
    const add = (role: string, arns: string[], urn: string) => {
      policiesOf.set(role, [...(policiesOf.get(role) ?? []), ...arns]);
      if (arns.includes(SSM_MANAGED_CORE)) holders.push([role, urn]);
    };
    for (const r of graph.ofTypes([ROLE_POLICY_ATTACHMENT]))
      add(String(r.props.role), [String(r.props.policyArn)], r.urn);
    for (const r of graph.ofTypes([IAM_ROLE]))
      add(String(r.props.name ?? r.urn), list<string>(r.props.managedPolicyArns), r.urn);
    for (const [role, urn] of holders) {
      if (!(policiesOf.get(role) ?? []).includes(IMAGE_BUILDER_INSTANCE))
        report(
          "AmazonSSMManagedInstanceCore on a role that is not an Image Builder build role: it reads every SSM parameter of the account.",
          urn,
        );
    }
  },
});
