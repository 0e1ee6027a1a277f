import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../lib/define";
import { dependenciesOf } from "../lib/props";
import {
  LAUNCH_TEMPLATE,
  RANDOM_PASSWORD,
  RDS_CLUSTER,
  RDS_INSTANCE,
  REPLICATION_GROUP,
  SEARCH_DOMAIN_TYPES,
} from "../lib/types";

/** Secrets in resource inputs. */

/** Inputs that carry a secret, per type (top-level property names, as dependencies are recorded). */
const SECRET_INPUTS: ReadonlyArray<[readonly string[], string, (p: Record<string, unknown>) => unknown]> = [
  [[RDS_INSTANCE], "password", (p) => p.password],
  [[RDS_CLUSTER], "masterPassword", (p) => p.masterPassword],
  [[REPLICATION_GROUP], "authToken", (p) => p.authToken],
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

function generated(sources: PolicyResource[]): boolean {
  return sources.some((s) => s.type === RANDOM_PASSWORD || s.type.startsWith("aws:secretsmanager/"));
}

export const noPlaintextSecrets = stackRule({
  id: "no-plaintext-secrets",
  description:
    "Passwords and tokens come from generated secrets or Secrets Manager, never from literals; user data " +
    "holds no credentials.",
  severity: "high",
  remediation:
    "Generate the value with @pulumi/random or use a managed secret; read credentials at boot, not from user data.",
  pci: "3.2.1: 8.2.1; 4.0: 8.3.2, 8.6.2",
  check(graph, report) {
    for (const [types, property, read] of SECRET_INPUTS) {
      for (const r of graph.ofTypes(types)) {
        if (read(r.props) === undefined || generated(dependenciesOf(r, property))) continue;
        report(`${property} is a literal or comes from an unknown source, not a generated secret.`, r.urn);
      }
    }
    for (const lt of graph.ofTypes([LAUNCH_TEMPLATE])) {
      const encoded = lt.props.userData;
      if (typeof encoded !== "string") continue;
      // ARNs name secrets (`…:secret:rds!cluster-…`) without holding them: a boot script reads them by ARN.
      const script = Buffer.from(encoded, "base64")
        .toString("utf8")
        .replace(/\barn:aws[a-z-]*:[^\s'"]+/g, "arn");
      if (SECRET_PATTERNS.some((p) => p.test(script)))
        report("The user data contains something that looks like a credential.", lt.urn);
    }
  },
});
