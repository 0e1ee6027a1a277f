import { resourceRule, stackRule } from "../lib/define";
import { isAnyone, list, PolicyStatement, statements } from "../lib/props";
import type { Resource } from "../lib/rule";
import {
  ACCOUNT_PASSWORD_POLICY,
  IAM_ATTACHMENT_TYPES,
  IAM_INLINE_TYPES,
  IAM_POLICY_DOCUMENT_TYPES,
  IAM_ROLE,
  INSTANCE_PROFILE,
  OIDC_PROVIDER,
  POLICY_ATTACHMENT,
  ROLE_POLICY,
  ROLE_POLICY_ATTACHMENT,
  USER_POLICY,
  USER_POLICY_ATTACHMENT,
} from "../lib/types";

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
    // A user's own policy is iam-no-user-policies' finding: one problem, one finding.
    if (r.type === USER_POLICY) return;
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

export const iamInstanceProfileRoleEc2Only = stackRule({
  id: "iam-instance-profile-role-ec2-only",
  description: "The role of an instance profile can be assumed by EC2 alone.",
  severity: "high",
  remediation:
    "Give instance profiles a role whose trust policy names only the ec2.amazonaws.com service; use a " +
    "separate role for anything else.",
  pci: "3.2.1: 7.1.2, 7.2.1; 4.0: 7.2.1",
  types: [INSTANCE_PROFILE],
  check(graph, report) {
    // A role that is also trusted by a person, an account or another service gives them the servers'
    // permissions (the database secrets, the shared file system) without touching a server.
    for (const profile of graph.ofTypes([INSTANCE_PROFILE])) {
      for (const role of graph.referenced(profile, "role", [IAM_ROLE])) {
        const others = statements(role.props.assumeRolePolicy)
          .filter((s) => s.effect === "Allow")
          .flatMap((s) => {
            const p = s.principal as { Service?: unknown } | string | undefined;
            const services = typeof p === "object" && p !== null ? p.Service : undefined;
            const rest =
              typeof p === "object" && p !== null ? Object.keys(p).filter((k) => k !== "Service") : [p];
            return [
              ...rest.map(String),
              ...(Array.isArray(services) ? services : [services])
                .filter((x) => x !== undefined && x !== "ec2.amazonaws.com")
                .map(String),
            ];
          });
        if (others.length > 0)
          report(`The instance role ${role.name} is also trusted by ${others.join(", ")}.`, profile.urn);
      }
    }
  },
});

export const iamOidcProviderAudience = resourceRule({
  id: "iam-oidc-provider-audience",
  description: "OpenID Connect providers are reached over HTTPS and accept named audiences only.",
  severity: "high",
  remediation:
    "Set url to the identity provider's https:// issuer and clientIdLists to its audience " +
    "(sts.amazonaws.com for GitHub Actions, the workspace's audience for Bitbucket).",
  pci: "4.0: 8.2.2, 8.3.1",
  types: [OIDC_PROVIDER],
  check(r, report) {
    const audiences = list<string>(r.props.clientIdLists);
    if (!String(r.props.url ?? "").startsWith("https://")) report("The provider's URL is not https://.");
    else if (audiences.length === 0 || audiences.some((a) => a.includes("*")))
      report("The provider accepts no named audience (clientIdLists).");
  },
});

export const iamNoUserPolicies = resourceRule({
  id: "iam-no-user-policies",
  description: "Users get permissions only through groups or roles, never policies of their own.",
  severity: "medium",
  remediation: "Attach the policy to a group the user belongs to, or to a role the user assumes.",
  cis: "v3.0 1.15",
  pci: "3.2.1: 7.1.2, 7.2.1; 4.0: 7.2.1",
  types: [USER_POLICY, USER_POLICY_ATTACHMENT, POLICY_ATTACHMENT],
  check(r, report) {
    if (r.type === POLICY_ATTACHMENT && list(r.props.users).length === 0) return;
    report("A policy is given to a user directly.");
  },
});

export const iamPasswordPolicy = resourceRule({
  id: "iam-password-policy",
  description: "The account's password policy asks for 14 characters and forbids reusing the last 24.",
  severity: "medium",
  remediation: "Set minimumPasswordLength to 14 or more and passwordReusePrevention to 24.",
  cis: "v3.0 1.8, 1.9",
  pci: "3.2.1: 8.2.3, 8.2.5; 4.0: 8.3.6, 8.3.7",
  types: [ACCOUNT_PASSWORD_POLICY],
  check(r, report) {
    if (Number(r.props.minimumPasswordLength ?? 8) < 14)
      report("Passwords may be shorter than 14 characters.");
    else if (Number(r.props.passwordReusePrevention ?? 0) < 24)
      report("Passwords may repeat one of the last 24.");
  },
});

export const iamNoPolicyManagementConflicts = stackRule({
  id: "iam-no-policy-management-conflicts",
  description:
    "A role's policies are managed one way: on the role (inlinePolicies, managedPolicyArns) or as separate " +
    "resources, never both.",
  severity: "low",
  remediation:
    "Drop inlinePolicies/managedPolicyArns from the role (or the separate RolePolicy/RolePolicyAttachment " +
    "resources); otherwise each update removes what the other added.",
  types: [IAM_ROLE, ROLE_POLICY, ROLE_POLICY_ATTACHMENT],
  check(graph, report) {
    // pulumi-aws, iam.Role: "If you use this argument [managedPolicyArns / inlinePolicies], Pulumi will
    // take exclusive management of the role's ... policies".
    const separate = new Set(
      graph
        .ofTypes([ROLE_POLICY, ROLE_POLICY_ATTACHMENT])
        .flatMap((p) => graph.referenced(p, "role", [IAM_ROLE]).map((r) => r.urn)),
    );
    for (const role of graph.ofTypes([IAM_ROLE])) {
      const exclusive = role.props.managedPolicyArns !== undefined || role.props.inlinePolicies !== undefined;
      if (exclusive && separate.has(role.urn))
        report("The role's policies are set on the role and by separate resources.", role.urn);
    }
  },
});

/**
 * Actions that take no resource ARN (the Service Authorization Reference lists `*` as their only
 * resource), so Resource "*" is the only way to grant them; and describe/list calls, which read metadata.
 */
const NO_RESOURCE_LEVEL = [
  "cloudwatch:PutMetricData",
  "cloudwatch:GetMetricData",
  "logs:DescribeLogGroups",
  "sts:GetCallerIdentity",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "s3:ListAllMyBuckets",
  // The SSM agent's calls about its own instance, granted on `*` by AWS's AmazonSSMManagedInstanceCore
  // (AWS Managed Policy Reference): an Auto Scaling group's instance ids are not known in advance, so the
  // kit's copy of that policy (components/compute/session-manager.ts) grants them the same way.
  "ssm:GetDeployablePatchSnapshotForInstance",
  "ssm:GetDocument",
  "ssm:GetManifest",
  "ssm:PutInventory",
  "ssm:PutComplianceItems",
  "ssm:PutConfigurePackageResult",
  "ssm:UpdateAssociationStatus",
  "ssm:UpdateInstanceAssociationStatus",
  "ssm:UpdateInstanceInformation",
];

/** Services none of whose actions has a resource type (Service Authorization Reference). */
const NO_RESOURCE_TYPES = ["ssmmessages", "ec2messages"];

export const iamNoWildcardResources = resourceRule({
  id: "iam-no-wildcard-resources",
  description: "Allow statements name the resources of actions that can be scoped: no Resource `*` for them.",
  severity: "medium",
  remediation: "List the ARNs the principal needs (the stack's bucket, secret, key) instead of `*`.",
  pci: "3.2.1: 7.1.2, 7.2.1; 4.0: 7.2.1, 7.2.2",
  types: DOCUMENT_TYPES,
  check(r, report) {
    // Wildcard actions, and dangerous actions on everything, are iam-no-wildcard-actions', iam-no-admin-
    // star-policy's and iam-no-privilege-escalation's findings: one problem, one finding.
    const scoped = allowStatements(r)
      .filter((s) => s.resources.includes("*"))
      .filter(
        (s) =>
          !s.actions.some((a) => a.includes("*") || DANGEROUS_ACTIONS.includes(a) || a === "iam:PassRole"),
      )
      .flatMap((s) => s.actions)
      .filter(
        (a) =>
          !NO_RESOURCE_LEVEL.includes(a) &&
          !NO_RESOURCE_TYPES.includes(a.split(":")[0]) &&
          !/^[a-z0-9-]+:(Describe|List)/.test(a),
      );
    if (scoped.length > 0) report(`Actions granted on every resource: ${[...new Set(scoped)].join(", ")}.`);
  },
});
