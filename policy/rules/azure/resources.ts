import { z } from "zod";
import { resourceRule } from "../../lib/define";
import { azureTags, roleGuid } from "../../lib/azure";
import * as T from "../../lib/azure-types";

/** Resource-wide rules of the Azure side: the stack's tags, and role assignments. */

/**
 * Types the kit registers whose inputs carry a `tags` map. azure-native has no provider default tags, so
 * a missing tag is a resource the Azure composition root's tag transformation did not reach.
 */
export const TAGGED_TYPES: readonly string[] = [
  T.RESOURCE_GROUP,
  T.VNET,
  T.NSG,
  T.ASG,
  T.NAT_GATEWAY,
  T.PUBLIC_IP,
  T.FLOW_LOG,
  T.PRIVATE_ENDPOINT,
  T.BASTION_HOST,
  T.APP_GATEWAY,
  T.APPGW_WAF_POLICY,
  T.LOAD_BALANCER,
  T.VMSS,
  T.AUTOSCALE_SETTING,
  T.MYSQL_SERVER,
  T.REDIS_ENTERPRISE,
  T.STORAGE_ACCOUNT,
  T.KEY_VAULT,
  T.KEY_VAULT_KEY,
  T.KEY_VAULT_SECRET,
  T.USER_ASSIGNED_IDENTITY,
  T.AFD_PROFILE,
  T.AFD_ENDPOINT,
  T.AFD_WAF_POLICY,
  T.WORKSPACE,
  T.ACTION_GROUP,
  T.METRIC_ALERT,
  T.SCHEDULED_QUERY_RULE,
  "azure-native:privatedns:PrivateZone",
  "azure-native:privatedns:VirtualNetworkLink",
  "azure-native:network:NetworkWatcher",
  "azure-native:dns:Zone",
  "azure-native:logic:Workflow",
];

export const azureResourcesTagged = resourceRule({
  id: "azure-resources-tagged",
  description: "Azure resources carry the stack's tags (client, environment, managed-by).",
  severity: "low",
  remediation:
    "Create the resource inside the Azure storefront (its tag transformation adds the stack's tags), or pass tags explicitly.",
  references: "Azure Well-Architected cost optimization (tagging)",
  config: z.object({
    requiredTags: z
      .array(z.string())
      .default(["client", "environment", "managed-by"])
      .describe("Tag names every taggable Azure resource must carry."),
  }),
  types: TAGGED_TYPES,
  check(r, report, config) {
    // Tag names are case-insensitive in Azure ("Use tags to organize your Azure resources").
    const names = Object.keys(azureTags(r)).map((k) => k.toLowerCase());
    const missing = config.requiredTags.filter((t) => !names.includes(t.toLowerCase()));
    if (missing.length > 0) report(`Tags missing: ${missing.join(", ")}.`);
  },
});

/** Built-in roles that can do anything, or grant anything ("Azure built-in roles", Privileged). */
const PRIVILEGED_ROLES: Readonly<Record<string, string>> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
  "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
};

export const roleAssignmentLeastPrivilege = resourceRule({
  id: "role-assignment-least-privilege",
  description: "The stack grants no privileged role (Owner, Contributor, access administrators).",
  severity: "high",
  remediation:
    "Grant the narrowest built-in role on the narrowest scope (Key Vault Secrets User on the vault, Storage File Data roles on the account).",
  references: "MCSB PA-7",
  types: [T.ROLE_ASSIGNMENT],
  check(r, report) {
    const role = PRIVILEGED_ROLES[roleGuid(r.props.roleDefinitionId)];
    if (role) report(`The assignment grants ${role}.`);
  },
});
