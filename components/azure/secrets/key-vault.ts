import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { WORDPRESS_SALT_KEYS } from "../../web/templates";
import { globalName, azureName } from "../shared/names";
import { privateAccess } from "../shared/private-link";
import { BUILT_IN_ROLES, grantOn } from "../shared/roles";

/**
 * Soft-delete retention a vault accepts: "softDeleteRetentionInDays ... It accepts >=7 and <=90" (Key Vault
 * REST API reference, Vaults - Create Or Update, VaultProperties.softDeleteRetentionInDays). Set once at
 * creation: ARM refuses to change it afterwards.
 */
export const SOFT_DELETE_DAYS = { min: 7, max: 90 } as const;

/** The secret holding WordPress's keys and salts (a JSON object of the 8 `wp-config.php` keys). */
export const WORDPRESS_SALTS_SECRET = "wordpress-salts";

/**
 * What a customer-managed key for Azure Database for MySQL flexible server must be ("Data encryption with
 * customer managed keys for Azure Database for MySQL", requirements,
 * https://learn.microsoft.com/azure/mysql/security/security-customer-managed-key): "only asymmetric,
 * RSA or RSA-HSM (Vaults with Premium SKU) 2048, 3072, or 4096"; "The expiration date isn't set"; the vault
 * with soft delete and purge protection on and "the retention period [set] to 90 days"; "The key vault you
 * use must be from the same region as the database server". The kit's vaults are Standard, so RSA only.
 */
export const CMK_KEY_RULES = {
  keyType: "RSA",
  keySizes: [2048, 3072, 4096],
  softDeleteRetentionDays: 90,
} as const;

/** The size of the keys the kit makes: 3072 bits (NIST SP 800-57's 128-bit strength, past 2030). */
export const CMK_KEY_SIZE = 3072;

/**
 * Where another component stores a secret or a key: the vault's name and resource group, and what a
 * component checks before it relies on the vault for a customer-managed key.
 */
export interface VaultRef {
  readonly vaultName: pulumi.Input<string>;
  readonly resourceGroupName: pulumi.Input<string>;
  /** `https://<name>.vault.azure.net/` */
  readonly vaultUri: pulumi.Input<string>;
  /** The vault's resource id. */
  readonly vaultId?: pulumi.Input<string>;
  /** The vault's region, when it is known while the program runs. */
  readonly location?: string;
  /** Days a deleted key or secret stays recoverable (set at the vault's creation). */
  readonly softDeleteRetentionDays?: number;
  /** Azure's trusted services (MySQL unwrapping its key) pass the vault's firewall. */
  readonly trustedServices?: boolean;
  /** When the secrets stored here expire (Key Vault `exp`: seconds since 1970, UTC); unset: never. */
  readonly secretExpires?: number;
}

/**
 * The `attributes` of a generated secret in a vault: its expiry when the vault has one. The date comes from
 * the stack file (`azure.secretsExpireOn`), never from the clock, so the same stack file plans the same
 * expiry on every run: no diff on each `pulumi up`, and moving the date forward is a deliberate change.
 */
export function secretAttributes(vault: { readonly secretExpires?: number }): {
  attributes?: { enabled: boolean; expires: number };
} {
  return vault.secretExpires === undefined
    ? {}
    : { attributes: { enabled: true, expires: vault.secretExpires } };
}

export interface StoredSecret {
  readonly secret: keyvault.Secret;
  /**
   * The secret's versionless URI (`https://<vault>.vault.azure.net/secrets/<name>`): a reader always gets
   * the current version, so rotating a secret needs no change to what the web servers were given.
   */
  readonly uri: pulumi.Output<string>;
}

/**
 * Stores `value` in the vault as a secret through Azure Resource Manager (the management plane), which is
 * how the kit writes every secret it generates: ARM's `Microsoft.KeyVault/vaults/secrets/write` needs the
 * deployer's resource-group write permission only, no Key Vault data-plane role, and works on a vault
 * whose public network access is disabled ("Microsoft.KeyVault vaults/secrets", ARM template reference;
 * the data plane's Set Secret would be refused from outside the network). The value is a Pulumi secret
 * in the state and never leaves it in a name, tag or output.
 */
export function vaultSecret(
  name: string,
  args: {
    readonly vault: VaultRef;
    readonly secretName: string;
    readonly value: pulumi.Input<string>;
    /** What the value is, for whoever reads it: e.g. `text/plain`, `application/json`. */
    readonly contentType: string;
  },
  opts: pulumi.CustomResourceOptions,
): StoredSecret {
  const secretName = azureName("azure-native:keyvault:Secret", args.secretName);
  const secret = new keyvault.Secret(
    name,
    {
      vaultName: args.vault.vaultName,
      resourceGroupName: args.vault.resourceGroupName,
      secretName,
      properties: {
        value: pulumi.secret(args.value),
        contentType: args.contentType,
        attributes: { enabled: true, ...secretAttributes(args.vault).attributes },
      },
    },
    // The provider echoes `properties` (value included) into the state: keep the whole bag secret there.
    { ...opts, additionalSecretOutputs: ["properties"] },
  );
  // Built from the vault's URI rather than read from the secret's outputs, which carry the (secret) value
  // and would make the URI secret too; the secret's id ties the URI to the secret's creation.
  const uri = pulumi
    .all([args.vault.vaultUri, secret.id])
    .apply(([vaultUri]) => `${vaultUri.replace(/\/?$/, "/")}secrets/${secretName}`);
  return { secret, uri };
}

/**
 * An RSA key for a service's customer-managed encryption (MySQL): wrap and unwrap only, never expiring (MySQL
 * refuses a key with an expiration date: CMK_KEY_RULES), rotated by Key Vault a year after each version's
 * creation. Services given the versionless URI follow new versions on their own ("Configure cryptographic
 * key auto-rotation in Azure Key Vault": "Target services should use versionless key uri to automatically
 * refresh to latest version of the key"; an `expiryTime` in the rotation policy would stamp an expiration
 * date on every new version, so there is none). Written through ARM like the secrets: "deployment of
 * secrets or keys through ARM templates" is not subject to the vault's firewall ("Virtual network service
 * endpoints for Azure Key Vault").
 */
export function encryptionKey(
  name: string,
  args: {
    readonly vault: VaultRef;
    readonly keyName: string;
    /** @default CMK_KEY_SIZE */
    readonly keySize?: number;
  },
  opts: pulumi.CustomResourceOptions,
): { readonly key: keyvault.Key; readonly keyUri: pulumi.Output<string> } {
  const keySize = args.keySize ?? CMK_KEY_SIZE;
  if (!(CMK_KEY_RULES.keySizes as readonly number[]).includes(keySize)) {
    throw new Error(
      `encryptionKey ${name}: keySize ${keySize}; expected one of ${CMK_KEY_RULES.keySizes.join(", ")} (RSA sizes MySQL accepts)`,
    );
  }
  const key = new keyvault.Key(
    name,
    {
      vaultName: args.vault.vaultName,
      resourceGroupName: args.vault.resourceGroupName,
      keyName: azureName("azure-native:keyvault:Key", args.keyName),
      properties: {
        kty: CMK_KEY_RULES.keyType,
        keySize,
        keyOps: ["wrapKey", "unwrapKey"],
        attributes: { enabled: true },
        rotationPolicy: {
          lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P1Y" } }],
        },
      },
    },
    opts,
  );
  // The versionless URI, from the key's output (`https://<vault>.vault.azure.net/keys/<name>`).
  return { key, keyUri: key.keyUri };
}

export interface KeyVaultArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /** The Entra ID tenant that authenticates requests to the vault. */
  readonly tenantId: pulumi.Input<string>;
  /**
   * A key unique to the stack (subscription, resource group, stack): vault names are global
   * (`<name>.vault.azure.net`), so the kit ends the name in a hash of it.
   */
  readonly stackKey: string;
  /** The data subnet: the vault's private endpoint goes here. */
  readonly subnetId: pulumi.Input<string>;
  /** The virtual network the vault's private DNS zone is linked to. */
  readonly virtualNetworkId: pulumi.Input<string>;
  /** An existing `privatelink.vaultcore.azure.net` zone linked to the network; else one is made. */
  readonly privateDnsZoneId?: pulumi.Input<string>;
  /** Application security groups the vault's private endpoint joins (the data subnet's NSG names them); @default none */
  readonly endpointSecurityGroupIds?: readonly pulumi.Input<string>[];
  /**
   * Principal ids of managed identities that read secrets at boot: each gets "Key Vault Secrets User" on
   * this vault only. Leave out an identity whose own component grants it the same role on this vault (the
   * Azure web tier does, for its servers and its gateway): ARM refuses a second identical assignment.
   * @default []
   */
  readonly readerPrincipalIds?: readonly pulumi.Input<string>[];
  /**
   * Principals (people, a break-glass group, a rotation pipeline) that set or rotate secrets by hand: "Key
   * Vault Secrets Officer" on this vault only. The deployer needs none: the kit writes secrets through ARM.
   * @default []
   */
  readonly secretOfficers?: readonly {
    readonly principalId: pulumi.Input<string>;
    readonly principalType: "User" | "Group" | "ServicePrincipal";
  }[];
  /**
   * Days a deleted vault or secret stays recoverable; set at creation only.
   * @default 90
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * Generate WordPress's keys and salts (one JSON secret `wordpress-salts`, the keys of `wp-config.php`).
   * @default false
   */
  readonly wordpressSalts?: boolean;
  /**
   * Let Azure's trusted services through the vault's firewall (`networkAcls.bypass: AzureServices`): MySQL
   * flexible server reaches its customer-managed key from the service, not from the network ("Virtual
   * network service endpoints for Azure Key Vault", trusted services: "Azure Database for MySQL Flexible
   * server"; with public network access disabled "allowlisted services still bypass"). A trusted service
   * still needs an RBAC role on the key; nothing else gets in.
   * @default false
   */
  readonly trustedServices?: boolean;
  /**
   * The region of the vault's private endpoint: the virtual network's, for a vault in another region (the
   * geo-backup key's vault in the paired region).
   * @default location
   */
  readonly privateEndpointLocation?: pulumi.Input<string>;
  /**
   * When every secret stored through this vault's `ref` expires (Key Vault `exp`, seconds since 1970): a
   * fixed instant from the stack file, so plans do not change from one run to the next.
   * @default never
   */
  readonly secretExpires?: number;
  /** Pulumi `protect` on the vault (purge protection is always on). */
  readonly protect: boolean;
}

/** Every contradiction in the arguments, thrown at once before any resource is created. */
export function checkKeyVaultArgs(args: KeyVaultArgs): void {
  const problems: string[] = [];
  const days = args.softDeleteRetentionDays ?? SOFT_DELETE_DAYS.max;
  if (!Number.isInteger(days) || days < SOFT_DELETE_DAYS.min || days > SOFT_DELETE_DAYS.max) {
    problems.push(
      `softDeleteRetentionDays ${days}: a whole number of days from ${SOFT_DELETE_DAYS.min} to ${SOFT_DELETE_DAYS.max} (Key Vault's range)`,
    );
  }
  const known = (args.readerPrincipalIds ?? []).filter((p): p is string => typeof p === "string");
  const repeated = known.filter((p, i) => known.indexOf(p) !== i);
  if (repeated.length > 0) {
    problems.push(
      `readerPrincipalIds: ${[...new Set(repeated)].join(", ")} listed twice; ARM refuses a second identical role assignment`,
    );
  }
  if (args.secretExpires !== undefined && !(Number.isInteger(args.secretExpires) && args.secretExpires > 0)) {
    problems.push(`secretExpires ${args.secretExpires}: whole seconds since 1970 (Key Vault's exp)`);
  }
  if (args.stackKey.trim() === "") problems.push("stackKey: empty; expected a key unique to the stack");
  if (problems.length > 0) throw new Error(`KeyVault: ${problems.join("; ")}`);
}

/**
 * The stack's Key Vault, holding every secret the stack generates: RBAC authorization (no access
 * policies), purge protection and soft delete, public network access disabled with a default-deny network
 * ACL, reached only through a private endpoint in the data subnet whose private DNS zone the virtual
 * network resolves. The web tier's identity may read secrets of this vault and nothing else; no role is
 * granted above the vault.
 */
export class KeyVault extends pulumi.ComponentResource {
  readonly vaultId: pulumi.Output<string>;
  readonly vaultName: pulumi.Output<string>;
  /** `https://<name>.vault.azure.net/` */
  readonly vaultUri: pulumi.Output<string>;
  /** Where other components store their secrets. */
  readonly ref: VaultRef;
  /** WordPress only: the versionless URI of the `wordpress-salts` JSON secret. */
  readonly wordpressSaltsUri?: pulumi.Output<string>;

  constructor(name: string, args: KeyVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    checkKeyVaultArgs(args);
    super("storefront:azure/secrets:KeyVault", name, {}, opts);
    const child = { parent: this };

    const vault = new keyvault.Vault(
      `${name}-vault`,
      {
        vaultName: globalName("azure-native:keyvault:Vault", name, args.stackKey),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        properties: {
          tenantId: args.tenantId,
          sku: { family: "A", name: "standard" },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: args.softDeleteRetentionDays ?? SOFT_DELETE_DAYS.max,
          // Purge protection cannot be turned off once on ("Azure Key Vault recovery management with soft
          // delete and purge protection"): a deleted vault stays recoverable for the whole retention.
          enablePurgeProtection: true,
          publicNetworkAccess: "Disabled",
          networkAcls: {
            defaultAction: "Deny",
            bypass: args.trustedServices ? "AzureServices" : "None",
            ipRules: [],
            virtualNetworkRules: [],
          },
          enabledForDeployment: false,
          enabledForDiskEncryption: false,
          enabledForTemplateDeployment: false,
        },
      },
      { ...child, protect: args.protect },
    );

    privateAccess(
      `${name}-vault`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.privateEndpointLocation ?? args.location,
        subnetId: args.subnetId,
        virtualNetworkId: args.virtualNetworkId,
        privateDnsZoneId: args.privateDnsZoneId,
        ...(args.endpointSecurityGroupIds
          ? { applicationSecurityGroupIds: args.endpointSecurityGroupIds }
          : {}),
        targetId: vault.id,
        service: "vault",
      },
      child,
    );

    (args.readerPrincipalIds ?? []).forEach((principalId, i) =>
      grantOn(
        `${name}-secrets-user-${i}`,
        {
          scope: vault.id,
          roleGuid: BUILT_IN_ROLES.keyVaultSecretsUser,
          principalId,
          description: "Web servers read the stack's secrets at boot, from this vault only",
        },
        child,
      ),
    );
    (args.secretOfficers ?? []).forEach((officer, i) =>
      grantOn(
        `${name}-secrets-officer-${i}`,
        {
          scope: vault.id,
          roleGuid: BUILT_IN_ROLES.keyVaultSecretsOfficer,
          principalId: officer.principalId,
          principalType: officer.principalType,
          description: "Sets and rotates the stack's secrets by hand, in this vault only",
        },
        child,
      ),
    );

    this.vaultUri = vault.properties.apply((p) => p.vaultUri);
    this.ref = {
      vaultName: vault.name,
      resourceGroupName: args.resourceGroupName,
      vaultUri: this.vaultUri,
      vaultId: vault.id,
      ...(typeof args.location === "string" ? { location: args.location } : {}),
      softDeleteRetentionDays: args.softDeleteRetentionDays ?? SOFT_DELETE_DAYS.max,
      trustedServices: args.trustedServices ?? false,
      ...(args.secretExpires !== undefined ? { secretExpires: args.secretExpires } : {}),
    };

    if (args.wordpressSalts) {
      const salts = Object.fromEntries(
        WORDPRESS_SALT_KEYS.map((k) => [
          k,
          new random.RandomPassword(
            `${name}-${k.toLowerCase().replace(/_/g, "-")}`,
            { length: 64, special: true, overrideSpecial: "!#%*+,-.:;=?@^_~" },
            child,
          ).result,
        ]),
      );
      this.wordpressSaltsUri = vaultSecret(
        `${name}-wordpress-salts`,
        {
          vault: this.ref,
          secretName: WORDPRESS_SALTS_SECRET,
          value: pulumi.jsonStringify(salts),
          contentType: "application/json",
        },
        child,
      ).uri;
    }

    this.vaultId = vault.id;
    this.vaultName = vault.name;
    this.registerOutputs({
      vaultId: this.vaultId,
      vaultUri: this.vaultUri,
      ...(this.wordpressSaltsUri ? { wordpressSaltsUri: this.wordpressSaltsUri } : {}),
    });
  }
}
