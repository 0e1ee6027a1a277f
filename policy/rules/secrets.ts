import { z } from "zod";
import type { PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../lib/define";
import { dependenciesOf } from "../lib/props";
import {
  DASHBOARD,
  IMAGEBUILDER_COMPONENT,
  INSTANCE,
  LAUNCH_TEMPLATE,
  RANDOM_ID,
  RANDOM_PASSWORD,
  RDS_CLUSTER,
  RDS_INSTANCE,
  REPLICATION_GROUP,
  SEARCH_DOMAIN_TYPES,
  SECRET,
  SECRET_VERSION,
  SSM_PARAMETER,
} from "../lib/types";

/** Secrets in resource inputs. */

/** Inputs that carry a secret, per type (top-level property names, as dependencies are recorded). */
const SECRET_INPUTS: ReadonlyArray<[readonly string[], string, (p: Record<string, unknown>) => unknown]> = [
  [[RDS_INSTANCE], "password", (p) => p.password],
  [[RDS_CLUSTER], "masterPassword", (p) => p.masterPassword],
  [[REPLICATION_GROUP], "authToken", (p) => p.authToken],
  // A secret version's value: generated (random) or copied from another secret, never written out.
  [[SECRET_VERSION], "secretString", (p) => p.secretString],
  [[SECRET_VERSION], "secretBinary", (p) => p.secretBinary],
  [
    SEARCH_DOMAIN_TYPES,
    "advancedSecurityOptions",
    (p) =>
      (p.advancedSecurityOptions as { masterUserOptions?: { masterUserPassword?: unknown } } | undefined)
        ?.masterUserOptions?.masterUserPassword,
  ],
];

/** Patterns of credentials in user data; the matched text is never reported. */
const SECRET_PATTERNS = [
  /AKIA[0-9A-Z]{16}/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /(password|passwd|secret|api[_-]?key)\s*[=:]\s*['"]?[^\s'"$]{6,}/i,
];

/**
 * ARNs name secrets (`…:secret:rds!cluster-…`) without holding them: a script reads them by ARN. Only
 * well-formed ARNs (a 12-digit account, resource characters only) are taken out, so that a credential glued
 * to one (`…:secret:x;AWS_SECRET_ACCESS_KEY=…`, `arn:aws:x::1:AKIA…`) is still seen.
 */
function withoutArns(text: string): string {
  return text.replace(/\barn:aws[\w-]*:[\w-]+:[\w-]*:\d{12}:[\w/!+=.,@:-]+/g, "arn");
}

function generated(sources: PolicyResource[]): boolean {
  return sources.some((s) => s.type === RANDOM_PASSWORD || s.type.startsWith("aws:secretsmanager/"));
}

export const noPlaintextSecrets = stackRule({
  id: "no-plaintext-secrets",
  description: "Passwords and tokens come from generated secrets or Secrets Manager, never from literals.",
  severity: "high",
  remediation:
    "Generate the value with @pulumi/random, or let the service manage it (manageMasterUserPassword).",
  pci: "3.2.1: 8.2.1; 4.0: 8.3.2, 8.6.2",
  types: [SECRET_VERSION],
  check(graph, report) {
    for (const [types, property, read] of SECRET_INPUTS) {
      for (const r of graph.ofTypes(types)) {
        if (read(r.props) === undefined || generated(dependenciesOf(r, property))) continue;
        report(`${property} is a literal or comes from an unknown source, not a generated secret.`, r.urn);
      }
    }
  },
});

export const ec2UserdataNoSecrets = stackRule({
  id: "ec2-userdata-no-secrets",
  description:
    "User data of instances and launch templates, Image Builder component documents and dashboards hold " +
    "no credentials.",
  severity: "high",
  remediation:
    "Read credentials at boot from Secrets Manager or SSM by name or ARN, never write them into user data, " +
    "a build component or a dashboard.",
  pci: "3.2.1: 8.2.1; 4.0: 8.6.2",
  types: [IMAGEBUILDER_COMPONENT, DASHBOARD],
  check(graph, report) {
    // Component documents and dashboard bodies are readable by anyone with read-only access
    // (imagebuilder:GetComponent, cloudwatch:GetDashboard are in ReadOnlyAccess), like user data.
    for (const [type, property, what] of [
      [IMAGEBUILDER_COMPONENT, "data", "image build component"],
      [DASHBOARD, "dashboardBody", "dashboard"],
    ] as const) {
      for (const r of graph.ofTypes([type])) {
        const text = r.props[property];
        if (typeof text === "string" && SECRET_PATTERNS.some((p) => p.test(withoutArns(text))))
          report(`The ${what} contains something that looks like a credential.`, r.urn);
      }
    }
    for (const r of graph.ofTypes([LAUNCH_TEMPLATE, INSTANCE])) {
      const encoded = r.type === INSTANCE ? (r.props.userDataBase64 ?? r.props.userData) : r.props.userData;
      if (typeof encoded !== "string") continue;
      const script =
        r.type === INSTANCE && r.props.userDataBase64 === undefined
          ? encoded
          : Buffer.from(encoded, "base64").toString("utf8");
      if (SECRET_PATTERNS.some((p) => p.test(withoutArns(script))))
        report("The user data contains something that looks like a credential.", r.urn);
    }
  },
});

export const secretsmanagerCmk = resourceRule({
  id: "secretsmanager-cmk",
  description: "Secrets are encrypted with a customer-managed KMS key.",
  severity: "low",
  remediation: "Set kmsKeyId to a key of your own and grant kms:Decrypt only to the readers.",
  pci: "3.2.1: 3.4, 3.5; 4.0: 3.5.1",
  types: [SECRET],
  check(r, report) {
    if (!r.props.kmsKeyId) report("The secret is encrypted with the AWS-managed key.");
  },
});

export const ssmParameterSecureString = resourceRule({
  id: "ssm-parameter-securestring",
  description: "Parameters whose names say they hold a secret are SecureStrings.",
  severity: "medium",
  remediation: "Set type to SecureString (with keyId for a key of your own).",
  pci: "3.2.1: 3.4, 8.2.1; 4.0: 8.3.2",
  types: [SSM_PARAMETER],
  check(r, report) {
    const name = String(r.props.name ?? r.name);
    if (/password|passwd|secret|token|api[-_]?key|credential/i.test(name) && r.props.type !== "SecureString")
      report("A parameter named like a secret is stored in plain text.");
  },
});

export const randomPasswordStrength = resourceRule({
  id: "random-password-strength",
  description:
    "Generated passwords, tokens and random ids are long enough to resist guessing (at least 20 characters, or 16 bytes).",
  severity: "medium",
  remediation:
    "Set a password's length to 32 or more (more length makes up for a smaller alphabet when special is off), and a random id's byteLength to 32.",
  pci: "3.2.1: 8.2.3; 4.0: 8.3.6",
  config: z.object({
    minimumLength: z.int().min(8).default(20).describe("Shortest generated secret allowed."),
    minimumIdBytes: z
      .int()
      .min(8)
      .default(16)
      .describe("Fewest bytes of a random id (the seed of a key or certificate: 16 bytes are 128 bits)."),
  }),
  types: [RANDOM_PASSWORD, RANDOM_ID],
  check(r, report, config) {
    if (r.type === RANDOM_ID) {
      // The kit's random ids seed keys (the search cluster's CA), not names: 128 bits at least.
      const bytes = Number(r.props.byteLength);
      if (bytes < config.minimumIdBytes)
        report(`The random id has ${bytes} bytes; at least ${config.minimumIdBytes} required.`);
      return;
    }
    const length = Number(r.props.length);
    if (length < config.minimumLength)
      report(`The generated secret has ${length} characters; at least ${config.minimumLength} required.`);
  },
});
