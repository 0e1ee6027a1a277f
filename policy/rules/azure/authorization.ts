import { resourceRule } from "../../lib/define";
import { arr } from "../../lib/azure";
import { ROLE_DEFINITION } from "../../lib/azure-types";

/** Custom role definitions (the media share's snapshot schedule has one). */

/** `/subscriptions/<id>` or a management group: a scope wider than a resource group. */
const WIDE_SCOPE = /^\/(subscriptions\/[^/]+|providers\/microsoft\.management\/managementgroups\/[^/]+)\/?$/i;

export const customRoleNarrow = resourceRule({
  id: "custom-role-narrow",
  description:
    "Custom roles hold no wildcard administrator action, cannot change access, and are assignable below the subscription only.",
  severity: "high",
  remediation:
    "List the exact actions the role needs (e.g. Microsoft.Storage/storageAccounts/fileServices/shares/read) and set assignableScopes to the one resource (or resource group) it is for.",
  cisAzure: "v3.0.0 1.23",
  references: "MCSB PA-7",
  types: [ROLE_DEFINITION],
  check(r, report) {
    const actions = arr<{ actions?: unknown }>(r.props.permissions).flatMap((p) =>
      arr<string>(p.actions).map((a) => String(a)),
    );
    // "*" is every action on every provider: the custom equivalent of Owner ("Azure custom roles").
    if (actions.some((a) => a === "*")) report("The role allows every action (*), as Owner does.");
    // Writing role assignments or definitions lets the role's holder grant itself anything.
    if (actions.some((a) => /^microsoft\.authorization\/(\*|.*\/(write|\*)$)/i.test(a)))
      report("The role can change role assignments or definitions.");
    const scopes = arr<string>(r.props.assignableScopes).map((s) => String(s));
    if (scopes.length === 0 || scopes.some((s) => WIDE_SCOPE.test(s)))
      report("The role is assignable to a whole subscription or management group.");
  },
});
