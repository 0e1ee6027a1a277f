import type { PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../../lib/define";
import { arr, is, obj, refs, roleGuid } from "../../lib/azure";
import type { StackGraph } from "../../lib/rule";
import {
  AFD_PROFILE,
  APP_GATEWAY,
  KEY_VAULT,
  KEY_VAULT_KEY,
  KEY_VAULT_SECRET,
  MYSQL_SERVER,
  RESOURCE_GROUP,
  ROLE_ASSIGNMENT,
  USER_ASSIGNED_IDENTITY,
  VMSS,
} from "../../lib/azure-types";

/** Key Vault: the vault itself (its settings sit in the SDK's `properties` bag), keys, secrets, readers. */

const vaultProps = (r: { props: Record<string, unknown> }) => obj(r.props.properties);

export const keyvaultRecoverableRbacPrivate = resourceRule({
  id: "keyvault-recoverable-rbac-private",
  description:
    "Key vaults are recoverable (soft delete and purge protection), authorize with Azure RBAC, and are closed to public networks.",
  severity: "high",
  remediation:
    'Set properties.enablePurgeProtection: true, enableRbacAuthorization: true and publicNetworkAccess: "Disabled" (reached through a private endpoint); never turn enableSoftDelete off.',
  cisAzure: "v3.0.0 3.3.5, 3.3.6, 3.3.7",
  references: "MCSB DP-8, IM-1",
  types: [KEY_VAULT],
  check(r, report) {
    const p = vaultProps(r);
    if (p.enableSoftDelete === false || p.enablePurgeProtection !== true)
      report("Deleted or purged secrets cannot be recovered (soft delete or purge protection off).");
    if (p.enableRbacAuthorization !== true)
      report("The vault authorizes with access policies instead of Azure RBAC.");
    // publicNetworkAccess is a plain string in the SDK ("Enabled"/"Disabled"); the firewall's default
    // action decides otherwise (it defaults to Allow).
    if (!is(p.publicNetworkAccess, "Disabled") && !is(obj(p.networkAcls).defaultAction, "Deny"))
      report("The vault is open to public networks.");
  },
});

/**
 * Keys a MySQL flexible server encrypts with (its `dataEncryption` depends on them). MySQL refuses a key with
 * an expiration date ("Data encryption with customer managed keys for Azure Database for MySQL",
 * requirements: "The expiration date isn't set"), so these rotate without expiring.
 */
export function mysqlEncryptionKeys(graph: StackGraph): Set<PolicyResource> {
  const keys = new Set<PolicyResource>();
  for (const server of graph.ofTypes([MYSQL_SERVER]))
    refs(graph, server, "dataEncryption", [KEY_VAULT_KEY]).forEach((k) => keys.add(k));
  return keys;
}

export const keyvaultKeyRotation = stackRule({
  id: "keyvault-key-rotation",
  description:
    "Key Vault keys rotate automatically and expire (a MySQL server's customer-managed key rotates without expiring: MySQL refuses an expiration date).",
  severity: "medium",
  remediation:
    'Set properties.rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeBeforeExpiry: "P30D" } }], attributes: { expiryTime: "P1Y" } } (a MySQL key: trigger { timeAfterCreate: "P1Y" } and no expiry).',
  cisAzure: "v3.0.0 3.3.1, 3.3.8",
  references: "MCSB DP-6",
  types: [KEY_VAULT_KEY, MYSQL_SERVER],
  check(graph, report) {
    const mysqlKeys = mysqlEncryptionKeys(graph);
    for (const key of graph.ofTypes([KEY_VAULT_KEY])) {
      const p = obj(key.props.properties);
      const policy = obj(p.rotationPolicy);
      // KeyRotationPolicyActionType is "rotate" or "notify"; ARM compares it case-insensitively.
      if (!arr(policy.lifetimeActions).some((a) => is(obj(a.action).type, "rotate")))
        report("The key is never rotated automatically.", key.urn);
      else if (
        !mysqlKeys.has(key) &&
        obj(policy.attributes).expiryTime === undefined &&
        obj(p.attributes).expires === undefined
      )
        report("The key never expires.", key.urn);
    }
  },
});

export const keyvaultSecretExpiry = resourceRule({
  id: "keyvault-secret-expiry",
  description: "Key Vault secrets carry an expiration date.",
  severity: "medium",
  remediation:
    "Set properties.attributes.expires (seconds since 1970) and rotate the secret before it passes.",
  cisAzure: "v3.0.0 3.3.3",
  references: "MCSB DP-6",
  types: [KEY_VAULT_SECRET],
  check(r, report) {
    if (obj(obj(r.props.properties).attributes).expires === undefined) report("The secret never expires.");
  },
});

/**
 * Built-in roles that read secret values ("Azure built-in roles", Security: Key Vault Administrator,
 * Key Vault Secrets Officer, Key Vault Secrets User, Key Vault Certificate User), by role definition GUID.
 */
const SECRET_READING_ROLES: Readonly<Record<string, string>> = {
  "00482a5a-887f-4fb3-b363-3b7fe8e74483": "Key Vault Administrator",
  "b86a8fe4-44ce-4948-aee5-eccb2c155cd7": "Key Vault Secrets Officer",
  "4633458b-17de-408a-b874-0445c86b69e6": "Key Vault Secrets User",
  "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba": "Key Vault Certificate User",
};

/**
 * Identities the workloads run as: those attached to a scale set (the web servers' first boot reads the
 * site's secrets), the application gateway (its TLS certificate) and Front Door (a customer certificate).
 */
function workloadIdentities(graph: StackGraph): Set<PolicyResource> {
  const identities = new Set<PolicyResource>();
  for (const r of graph.ofTypes([VMSS, APP_GATEWAY, AFD_PROFILE]))
    refs(graph, r, "identity", [USER_ASSIGNED_IDENTITY]).forEach((i) => identities.add(i));
  return identities;
}

export const keyvaultSecretsReadByWorkloads = stackRule({
  id: "keyvault-secrets-read-by-workloads",
  description:
    "Only the workloads' managed identities (web servers, gateway, Front Door) are granted roles that read the vault's secrets.",
  severity: "high",
  remediation:
    "Grant Key Vault Secrets User on the vault to the web scale set's (and the gateway's) user-assigned identity only; operators use a privileged, time-bound assignment outside the stack.",
  references: "MCSB PA-7, IM-3",
  types: [ROLE_ASSIGNMENT, KEY_VAULT, USER_ASSIGNED_IDENTITY],
  check(graph, report) {
    const allowed = workloadIdentities(graph);
    const byPrincipalId = new Map(
      graph
        .ofTypes([USER_ASSIGNED_IDENTITY])
        .filter((i) => typeof i.props.principalId === "string")
        .map((i) => [String(i.props.principalId), i]),
    );
    for (const ra of graph.ofTypes([ROLE_ASSIGNMENT])) {
      const role = SECRET_READING_ROLES[roleGuid(ra.props.roleDefinitionId)];
      if (!role) continue;
      const scopes = refs(graph, ra, "scope", [KEY_VAULT, KEY_VAULT_SECRET, RESOURCE_GROUP]);
      const scopeText = String(ra.props.scope ?? "").toLowerCase();
      const onVault = scopes.length > 0 || scopeText.includes("/providers/microsoft.keyvault/vaults/");
      if (!onVault && !/^\/subscriptions\/[^/]+$/.test(scopeText)) continue;
      const principals = [
        ...refs(graph, ra, "principalId", [USER_ASSIGNED_IDENTITY]),
        ...[byPrincipalId.get(String(ra.props.principalId))].filter((x): x is PolicyResource => !!x),
      ];
      if (principals.length === 0 || principals.some((p) => !allowed.has(p)))
        report(`${role} is granted to a principal that is not a workload's identity.`, ra.urn);
    }
  },
});
