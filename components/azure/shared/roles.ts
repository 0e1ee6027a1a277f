import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";

/**
 * Built-in Azure role definition ids the data tiers assign, the same in every subscription ("Azure
 * built-in roles", https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 */
export const BUILT_IN_ROLES = {
  /** Read secret contents: `Microsoft.KeyVault/vaults/secrets/getSecret/action` (data plane) only. */
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  /** Every secret data action, no management of the vault or its access. */
  keyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  /**
   * Read a key's metadata and wrap/unwrap with it (`Microsoft.KeyVault/vaults/keys/read`, `.../wrap/action`,
   * `.../unwrap/action`): what a service's customer-managed key needs and nothing more ("Data encryption
   * with customer managed keys for Azure Database for MySQL": "Key Vault Crypto Service Encryption User").
   */
  keyVaultCryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
} as const;

/**
 * A role assignment's name is a GUID, unique within its scope ("Naming rules and restrictions for Azure
 * resources", Microsoft.Authorization roleAssignments). The kit derives it from what the assignment means
 * (component, role, principal's place in the list), so a plan is deterministic and a re-run updates the
 * same assignment instead of tripping ARM's `RoleAssignmentExists`.
 */
export function assignmentGuid(...parts: readonly string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  // Version 5 / RFC 4122 variant bits, so the value reads as a name-based UUID.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `/subscriptions/<id>` taken from any ARM id inside that subscription. */
export function subscriptionScope(resourceId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(resourceId).apply((id) => id.split("/").slice(0, 3).join("/"));
}

/** The full id of a built-in role definition in the subscription of `resourceId`. */
export function roleDefinitionId(resourceId: pulumi.Input<string>, roleGuid: string): pulumi.Output<string> {
  return pulumi.interpolate`${subscriptionScope(resourceId)}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/**
 * Grants `roleGuid` to a managed identity (or service principal) on exactly `scope`: never a resource
 * group or subscription, so the grant is no wider than the one resource it is for.
 */
export function grantOn(
  name: string,
  args: {
    readonly scope: pulumi.Input<string>;
    /** A built-in role (`BUILT_IN_ROLES`), or `roleDefinitionId` for a custom one. */
    readonly roleGuid?: string;
    /** The full id of a custom role definition. */
    readonly roleDefinitionId?: pulumi.Input<string>;
    readonly principalId: pulumi.Input<string>;
    /** @default "ServicePrincipal" (managed identities are service principals) */
    readonly principalType?: "ServicePrincipal" | "User" | "Group";
    readonly description: string;
  },
  opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment {
  return new authorization.RoleAssignment(
    name,
    {
      roleAssignmentName: assignmentGuid(name, args.roleGuid ?? "custom"),
      scope: args.scope,
      roleDefinitionId: args.roleDefinitionId ?? roleDefinitionId(args.scope, args.roleGuid ?? ""),
      principalId: args.principalId,
      // Without the type ARM looks the principal up in Entra ID, which fails for an identity created
      // seconds earlier ("PrincipalNotFound", replication delay): "Assign Azure roles using Azure Resource
      // Manager templates", principalType.
      principalType: args.principalType ?? "ServicePrincipal",
      description: args.description,
    },
    opts,
  );
}
