import * as authorization from "@pulumi/azure-native/authorization";
import * as dbformysql from "@pulumi/azure-native/dbformysql";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { CMK_KEY_RULES, encryptionKey, VaultRef, vaultSecret } from "../secrets/key-vault";
import { azureName, globalName } from "../shared/names";
import { linkedPrivateZone } from "../shared/private-link";
import { BUILT_IN_ROLES, grantOn } from "../shared/roles";

/** The schema the shop's tables live in (the same name as on AWS). */
export const MYSQL_DATABASE_NAME = "storefront";

/** The Key Vault secret holding the administrator password. */
export const MYSQL_PASSWORD_SECRET = "mysql-admin-password";

/** MySQL's port; Azure Database for MySQL listens on no other. */
export const MYSQL_PORT = 3306;

/**
 * Server parameters every server of the stack (writer and readers) gets, in this order. TLS only, and only
 * TLS 1.2 and 1.3 ("Connect using TLS/SSL", Azure Database for MySQL flexible server: `require_secure_transport`
 * and `tls_version`); the audit log on for connections, DDL and DCL ("Track database activity with audit
 * logs", https://learn.microsoft.com/azure/mysql/flexible-server/concepts-audit-logs: audit_log_enabled is OFF
 * by default; CONNECTION, DDL and DCL are event classes of audit_log_events), and the slow query log, as the
 * AWS database keeps.
 */
export const MYSQL_SERVER_PARAMETERS: readonly { readonly name: string; readonly value: string }[] = [
  { name: "require_secure_transport", value: "ON" },
  { name: "tls_version", value: "TLSv1.2,TLSv1.3" },
  { name: "audit_log_enabled", value: "ON" },
  { name: "audit_log_events", value: "CONNECTION,DDL,DCL" },
  { name: "slow_query_log", value: "ON" },
  { name: "long_query_time", value: "1" },
];

/**
 * The diagnostic-setting log categories of a flexible server: the audit log (`MySqlAuditLogs`) and the slow
 * query log (`MySqlSlowLogs`) ("Supported logs for Microsoft.DBforMySQL/flexibleServers", Azure Monitor
 * reference).
 */
export const MYSQL_LOG_CATEGORIES = ["MySqlAuditLogs", "MySqlSlowLogs"] as const;

/**
 * Backup retention a flexible server accepts: 1 to 35 days ("Service tiers in Azure Database for MySQL -
 * Flexible Server", https://learn.microsoft.com/azure/mysql/flexible-server/concepts-service-tiers-storage).
 * Storage: 20 GiB to 16 TiB on the same page.
 */
export const MYSQL_LIMITS = {
  backupRetentionDays: { min: 1, max: 35 },
  storageGiB: { min: 20, max: 16384 },
} as const;

/**
 * The root certificates a flexible server's TLS certificate chains to: DigiCert Global Root G2 and
 * Microsoft RSA Root Certificate Authority 2017, with DigiCert Global Root CA for servers not yet rotated
 * ("Connect with encrypted connections", Azure Database for MySQL flexible server, certificate rotation).
 * All three are in the operating system's trust store on the kit's images, so clients verify the server
 * against the system bundle.
 */
export const MYSQL_CA = {
  bundlePath: "/etc/ssl/certs/ca-certificates.crt",
  roots: [
    "DigiCert Global Root G2",
    "Microsoft RSA Root Certificate Authority 2017",
    "DigiCert Global Root CA",
  ],
} as const;

export type MySqlHighAvailability = "ZoneRedundant" | "SameZone" | "Disabled";
export type MySqlTier = "Burstable" | "GeneralPurpose" | "MemoryOptimized";

export interface MySqlArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /** A key unique to the stack: server names are global (`<name>.mysql.database.azure.com`). */
  readonly stackKey: string;
  /** The subnet delegated to `Microsoft.DBforMySQL/flexibleServers` (private access, no public endpoint). */
  readonly delegatedSubnetId: pulumi.Input<string>;
  /** The virtual network the server's private DNS zone is linked to. */
  readonly virtualNetworkId: pulumi.Input<string>;
  /**
   * An existing private DNS zone ending in `.mysql.database.azure.com`, already linked to the network;
   * else the component makes `<name>.private.mysql.database.azure.com` and links it.
   */
  readonly privateDnsZoneId?: pulumi.Input<string>;
  /** Compute tier: `Burstable` (dev), `GeneralPurpose` or `MemoryOptimized` (Business Critical). */
  readonly tier: MySqlTier;
  /** Compute size, e.g. `Standard_D2ads_v5`, `Standard_B2ms`. */
  readonly skuName: string;
  /**
   * MySQL version. Set at creation; a major upgrade is an operation on the server, not a plan change.
   * @default "8.0.21"
   */
  readonly version?: string;
  readonly storageGiB: number;
  /** Availability zones of the region (`["1","2","3"]`); empty for a region without zones. */
  readonly regionZones: readonly string[];
  /** The writer's zone; one of `regionZones`. Unset in a region without zones. */
  readonly zone?: string;
  /**
   * `ZoneRedundant` (a synchronous standby in another zone, prod), `SameZone` or `Disabled` (dev). Chosen at
   * creation: ARM does not change HA mode between zone-redundant and same-zone on an existing server.
   */
  readonly highAvailability: MySqlHighAvailability;
  /**
   * The standby's zone with `ZoneRedundant`.
   * @default the zone after the writer's in `regionZones`
   */
  readonly standbyZone?: string;
  /** Read replicas, each in another zone than the writer's (the standby's zone last). */
  readonly readers: number;
  readonly backupRetentionDays: number;
  /**
   * Geo-redundant backup to the region's pair. Chosen at creation only: it cannot be turned on or off later
   * ("Backup and restore in Azure Database for MySQL - Flexible Server").
   */
  readonly geoRedundantBackup: boolean;
  /** The region's Azure pair, where geo-redundant backups go; unset for a region without a pair. */
  readonly pairedRegion?: string;
  /**
   * The weekly maintenance window (UTC).
   * @default { dayOfWeek: 0, startHour: 3, startMinute: 0 } (Sunday 03:00)
   */
  readonly maintenanceWindow?: {
    readonly dayOfWeek: number;
    readonly startHour: number;
    readonly startMinute: number;
  };
  /**
   * The administrator login (its password is generated and kept in Key Vault).
   * @default "storefront_admin"
   */
  readonly administratorLogin?: string;
  /** The vault the administrator password is stored in. */
  readonly vault: VaultRef;
  /**
   * An Entra ID (Azure AD) administrator besides the password login, e.g. the DBA group: people sign in
   * with Entra tokens and no shared password. The server reads Entra ID through `identityId`, a
   * user-assigned identity that holds Microsoft Graph `User.Read.All`, `GroupMember.Read.All` and
   * `Application.Read.All` (or the Directory Readers role): "Microsoft Entra authentication for Azure
   * Database for MySQL - Flexible Server", prerequisites.
   * @default none (password login only)
   */
  readonly entraAdministrator?: {
    /** The display name of the user or group. */
    readonly login: string;
    /** Its object id. */
    readonly objectId: pulumi.Input<string>;
    readonly tenantId: pulumi.Input<string>;
    readonly identityId: pulumi.Input<string>;
  };
  /**
   * Encrypt the servers with a customer-managed key: an RSA key in `vault` (the server's region) unwrapped
   * by a user-assigned identity that holds Key Vault Crypto Service Encryption User on that key only. With
   * geo-redundant backup, a second key and identity in the paired region (`geoBackupVault`): "Geo backup key
   * uri as key vault can't cross region, need cmk in same region as geo backup" and "Geo backup user identity
   * resource id as identity can't cross region, need identity in same region as geo backup" (azure-native
   * 3.28, dbformysql DataEncryption, API 2024-02-01-preview). Each vault must keep soft delete for 90 days
   * and let trusted services through its firewall (`CMK_KEY_RULES`, KeyVaultArgs.trustedServices). The key
   * can be set or changed on an existing server ("Data encryption for Azure Database for MySQL - Flexible
   * Server with Azure CLI": `az mysql flexible-server update --key --identity`).
   */
  readonly customerManagedKey: {
    readonly vault: VaultRef;
    /** A vault in `pairedRegion`; required with `geoRedundantBackup`. */
    readonly geoBackupVault?: VaultRef;
  };
  /** A Log Analytics workspace for the audit and slow query logs; without it no diagnostic setting is made. */
  readonly logAnalyticsWorkspaceId?: pulumi.Input<string>;
  /** A `CanNotDelete` management lock on the writer and Pulumi `protect` on every server (prod). */
  readonly protect: boolean;
}

/** Zones the readers go to: every zone but the writer's, starting after it, the standby's zone last. */
export function readerZones(
  regionZones: readonly string[],
  zone: string | undefined,
  standby: string | undefined,
): string[] {
  if (zone === undefined) return [];
  const start = regionZones.indexOf(zone);
  const others = regionZones
    .map((_, i) => regionZones[(start + 1 + i) % regionZones.length])
    .filter((z) => z !== zone);
  return [...others.filter((z) => z !== standby), ...others.filter((z) => z === standby)];
}

/** The standby's zone: the one given, else the zone after the writer's. */
export function standbyZoneOf(
  args: Pick<MySqlArgs, "regionZones" | "zone" | "standbyZone" | "highAvailability">,
) {
  if (args.highAvailability !== "ZoneRedundant") return undefined;
  if (args.standbyZone !== undefined) return args.standbyZone;
  if (args.zone === undefined) return undefined;
  const i = args.regionZones.indexOf(args.zone);
  return i < 0 ? undefined : args.regionZones[(i + 1) % args.regionZones.length];
}

/** Every contradiction in the arguments, thrown at once before any resource is created. */
export function checkMySqlArgs(args: MySqlArgs): void {
  const problems: string[] = [];
  const zones = args.regionZones;
  if (zones.length > 0 && args.zone === undefined) {
    problems.push(`zone: unset; expected one of the region's zones ${zones.join(", ")}`);
  }
  if (args.zone !== undefined && !zones.includes(args.zone)) {
    problems.push(
      `zone "${args.zone}": not a zone of the region (${zones.length > 0 ? zones.join(", ") : "it has none"})`,
    );
  }
  // "High availability isn't supported in the Burstable compute tier", and read replicas only exist in
  // General Purpose and Business Critical ("High availability concepts" and "Read replicas in Azure
  // Database for MySQL - Flexible Server", limitations).
  if (args.tier === "Burstable" && args.highAvailability !== "Disabled") {
    problems.push(`highAvailability ${args.highAvailability}: not offered in the Burstable tier`);
  }
  if (args.tier === "Burstable" && args.readers > 0) {
    problems.push(`readers ${args.readers}: read replicas are not offered in the Burstable tier`);
  }
  if (args.highAvailability === "ZoneRedundant") {
    if (zones.length < 2) {
      problems.push(
        `highAvailability ZoneRedundant: needs a region with two or more zones (it has ${zones.length})`,
      );
    }
    const standby = standbyZoneOf(args);
    if (args.standbyZone !== undefined && !zones.includes(args.standbyZone)) {
      problems.push(`standbyZone "${args.standbyZone}": not a zone of the region`);
    }
    if (standby !== undefined && standby === args.zone) {
      problems.push(
        `standbyZone "${standby}": the writer's zone; a zone-redundant standby must be in another zone`,
      );
    }
  } else if (args.standbyZone !== undefined) {
    problems.push(`standbyZone "${args.standbyZone}": only with highAvailability ZoneRedundant`);
  }
  if (!Number.isInteger(args.readers) || args.readers < 0) {
    problems.push(`readers ${args.readers}: a whole number, 0 or more`);
  } else if (args.readers > 0 && args.readers > Math.max(zones.length - 1, 0)) {
    problems.push(
      `readers ${args.readers}: at most ${Math.max(zones.length - 1, 0)} with ${zones.length} zones in the region (one per zone besides the writer's)`,
    );
  }
  const { backupRetentionDays: days, storageGiB } = MYSQL_LIMITS;
  if (
    !Number.isInteger(args.backupRetentionDays) ||
    args.backupRetentionDays < days.min ||
    args.backupRetentionDays > days.max
  ) {
    problems.push(`backupRetentionDays ${args.backupRetentionDays}: ${days.min} to ${days.max} days`);
  }
  if (
    !Number.isInteger(args.storageGiB) ||
    args.storageGiB < storageGiB.min ||
    args.storageGiB > storageGiB.max
  ) {
    problems.push(`storageGiB ${args.storageGiB}: ${storageGiB.min} to ${storageGiB.max} GiB`);
  }
  if (args.geoRedundantBackup && args.pairedRegion === undefined) {
    problems.push("geoRedundantBackup: the region has no Azure pair to hold geo-redundant backups");
  }
  const window = args.maintenanceWindow;
  if (
    window &&
    (!(window.dayOfWeek >= 0 && window.dayOfWeek <= 6) ||
      !(window.startHour >= 0 && window.startHour <= 23) ||
      ![0, 30].includes(window.startMinute))
  ) {
    problems.push(
      `maintenanceWindow ${window.dayOfWeek}/${window.startHour}:${window.startMinute}: dayOfWeek 0-6, startHour 0-23, startMinute 0 or 30`,
    );
  }
  problems.push(...customerManagedKeyProblems(args));
  if (args.stackKey.trim() === "") problems.push("stackKey: empty; expected a key unique to the stack");
  if (problems.length > 0) throw new Error(`MySql: ${problems.join("; ")}`);
}

/** What Azure refuses about the customer-managed key's vaults (CMK_KEY_RULES, DataEncryption's geo fields). */
function customerManagedKeyProblems(args: MySqlArgs): string[] {
  const problems: string[] = [];
  const { vault, geoBackupVault } = args.customerManagedKey;
  const checkVault = (role: string, v: VaultRef, region: pulumi.Input<string> | undefined) => {
    if (
      v.softDeleteRetentionDays !== undefined &&
      v.softDeleteRetentionDays !== CMK_KEY_RULES.softDeleteRetentionDays
    ) {
      problems.push(
        `customerManagedKey.${role}: soft delete kept ${v.softDeleteRetentionDays} days; MySQL needs ${CMK_KEY_RULES.softDeleteRetentionDays}`,
      );
    }
    if (v.trustedServices === false) {
      problems.push(
        `customerManagedKey.${role}: the vault's firewall keeps trusted services out; MySQL could not reach its key`,
      );
    }
    if (typeof region === "string" && v.location !== undefined && v.location !== region) {
      problems.push(
        `customerManagedKey.${role}: in ${v.location}; expected ${region}, the key's server region`,
      );
    }
  };
  checkVault("vault", vault, args.location);
  if (geoBackupVault) checkVault("geoBackupVault", geoBackupVault, args.pairedRegion);
  if (args.geoRedundantBackup && geoBackupVault === undefined) {
    problems.push(
      "customerManagedKey.geoBackupVault: unset; geo-redundant backups need a key and identity in the paired region",
    );
  }
  if (!args.geoRedundantBackup && geoBackupVault !== undefined) {
    problems.push("customerManagedKey.geoBackupVault: only with geoRedundantBackup");
  }
  return problems;
}

/**
 * Azure Database for MySQL flexible server 8.0 with private access only: the server lives in a subnet
 * delegated to it, reachable through a private DNS zone linked to the virtual network, with public network
 * access disabled. In prod a synchronous standby in another zone (zone-redundant HA), read replicas in the
 * other zones, geo-redundant backups and a delete lock. Every server requires TLS 1.2 or 1.3 and writes an
 * audit log of connections, DDL and DCL. The administrator password is generated, kept in Key Vault and
 * handed on only as the secret's URI.
 */
export class MySql extends pulumi.ComponentResource {
  readonly serverId: pulumi.Output<string>;
  readonly serverName: pulumi.Output<string>;
  /** The writer's host name (resolves to its private address inside the network). */
  readonly host: pulumi.Output<string>;
  /** Each reader's host name, in reader order. */
  readonly readerHosts: pulumi.Output<string>[];
  readonly port: number = MYSQL_PORT;
  readonly databaseName: string = MYSQL_DATABASE_NAME;
  readonly administratorLogin: string;
  /** Versionless Key Vault URI of the administrator password. */
  readonly administratorPasswordSecretUri: pulumi.Output<string>;
  /** The server ids whose logs belong in Log Analytics, with their categories. */
  readonly diagnosticTargets: {
    readonly resourceId: pulumi.Output<string>;
    readonly categories: readonly string[];
  }[];

  constructor(name: string, args: MySqlArgs, opts?: pulumi.ComponentResourceOptions) {
    checkMySqlArgs(args);
    super("storefront:azure/data:MySql", name, {}, opts);
    const child = { parent: this };
    const kept = { parent: this, protect: args.protect };

    this.administratorLogin = args.administratorLogin ?? "storefront_admin";
    // 32 characters from all four classes (the service wants three of upper, lower, digits and symbols);
    // symbols kept to ones that need no quoting in a shell, a DSN or PHP.
    const password = new random.RandomPassword(
      `${name}-admin-password`,
      {
        length: 32,
        special: true,
        overrideSpecial: "-_.~",
        minUpper: 2,
        minLower: 2,
        minNumeric: 2,
        minSpecial: 2,
      },
      child,
    );
    this.administratorPasswordSecretUri = vaultSecret(
      `${name}-admin-password`,
      {
        vault: args.vault,
        secretName: MYSQL_PASSWORD_SECRET,
        value: password.result,
        contentType: "text/plain",
      },
      child,
    ).uri;

    // Private access: the zone must end in `.mysql.database.azure.com` and be linked to the network before
    // the server is created ("Private Network Access using virtual network integration", Azure Database for
    // MySQL flexible server: private DNS zone).
    const serverName = globalName("azure-native:dbformysql:Server", name, args.stackKey);
    let dnsZoneId: pulumi.Input<string>;
    const waitFor: pulumi.Resource[] = [];
    if (args.privateDnsZoneId !== undefined) {
      dnsZoneId = args.privateDnsZoneId;
    } else {
      const zoneLabel = serverName
        .replace(/-[0-9a-f]{6}$/, "")
        .slice(0, 30)
        .replace(/-+$/, "");
      const { zone, link } = linkedPrivateZone(
        name,
        `${zoneLabel}.private.mysql.database.azure.com`,
        { resourceGroupName: args.resourceGroupName, virtualNetworkId: args.virtualNetworkId },
        child,
      );
      waitFor.push(link);
      dnsZoneId = zone.id;
    }
    const networkArgs = {
      publicNetworkAccess: "Disabled",
      delegatedSubnetResourceId: args.delegatedSubnetId,
      privateDnsZoneResourceId: dnsZoneId,
    };
    const standby = standbyZoneOf(args);
    const version = args.version ?? "8.0.21";

    // Customer-managed keys: one identity and key per region, each identity allowed to wrap and unwrap with
    // its own key and nothing else (a role assignment scoped to the key).
    const keyFor = (role: string, vault: VaultRef, location: pulumi.Input<string>) => {
      const identity = new managedidentity.UserAssignedIdentity(
        `${name}-${role}-identity`,
        {
          resourceGroupName: args.resourceGroupName,
          location,
          resourceName: azureName(
            "azure-native:managedidentity:UserAssignedIdentity",
            `${name}-${role}-identity`,
          ),
        },
        child,
      );
      const { key, keyUri } = encryptionKey(
        `${name}-${role}-key`,
        { vault, keyName: `${name}-${role}` },
        kept,
      );
      const grant = grantOn(
        `${name}-${role}-key-user`,
        {
          scope: key.id,
          roleGuid: BUILT_IN_ROLES.keyVaultCryptoServiceEncryptionUser,
          principalId: identity.principalId,
          description: "MySQL wraps and unwraps its data encryption key with this key only",
        },
        child,
      );
      return { identity, keyUri, grant };
    };
    const cmk = keyFor("cmk", args.customerManagedKey.vault, args.location);
    const geoVault = args.customerManagedKey.geoBackupVault;
    const geo =
      args.geoRedundantBackup && geoVault && args.pairedRegion !== undefined
        ? keyFor("geo-cmk", geoVault, args.pairedRegion)
        : undefined;
    const dataEncryption = {
      type: "AzureKeyVault" as const,
      // Versionless: the server follows the key's rotated versions ("Azure Database for MySQL supports
      // automatic key version updates after a key is rotated", MySQL security best practices).
      primaryKeyURI: cmk.keyUri,
      primaryUserAssignedIdentityId: cmk.identity.id,
      ...(geo ? { geoBackupKeyURI: geo.keyUri, geoBackupUserAssignedIdentityId: geo.identity.id } : {}),
    };
    // Every identity the server uses, attached to it: the key's, the geo key's and the Entra reader's.
    const identity = {
      type: "UserAssigned",
      userAssignedIdentities: [
        cmk.identity.id,
        ...(geo ? [geo.identity.id] : []),
        ...(args.entraAdministrator ? [args.entraAdministrator.identityId] : []),
      ],
    };
    // The grants before the server: it checks its key at creation ("Permission changes can take up to 10
    // minutes to impact the key vault": a first `pulumi up` may need a retry while RBAC propagates).
    const keyGrants = [cmk.grant, ...(geo ? [geo.grant] : [])];

    const writer = new dbformysql.Server(
      `${name}-server`,
      {
        serverName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        version,
        sku: { name: args.skuName, tier: args.tier },
        administratorLogin: this.administratorLogin,
        administratorLoginPassword: password.result,
        identity,
        dataEncryption,
        ...(args.zone !== undefined ? { availabilityZone: args.zone } : {}),
        highAvailability:
          args.highAvailability === "Disabled"
            ? { mode: "Disabled" }
            : {
                mode: args.highAvailability,
                ...(args.highAvailability === "ZoneRedundant" ? { standbyAvailabilityZone: standby } : {}),
              },
        network: networkArgs,
        storage: { storageSizeGB: args.storageGiB, autoGrow: "Enabled", autoIoScaling: "Enabled" },
        backup: {
          backupRetentionDays: args.backupRetentionDays,
          geoRedundantBackup: args.geoRedundantBackup ? "Enabled" : "Disabled",
        },
        maintenanceWindow: {
          customWindow: "Enabled",
          ...(args.maintenanceWindow ?? { dayOfWeek: 0, startHour: 3, startMinute: 0 }),
        },
      },
      // HA mode and geo-redundant backup are create-time choices: a later change is refused by ARM, not
      // ignored, so the plan never hides a setting the server does not have.
      { ...kept, dependsOn: [...waitFor, ...keyGrants] },
    );

    const zones = readerZones(args.regionZones, args.zone, standby);
    const readers = Array.from(
      { length: args.readers },
      (_, i) =>
        new dbformysql.Server(
          `${name}-reader-${i + 1}`,
          {
            serverName: globalName(
              "azure-native:dbformysql:Server",
              `${name}-reader-${i + 1}`,
              args.stackKey,
            ),
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            createMode: "Replica",
            sourceServerResourceId: writer.id,
            sku: { name: args.skuName, tier: args.tier },
            // "you must configure the replica with the managed identity and key" of the source, the
            // paired region's too with geo-redundant backup ("Data encryption with customer managed keys
            // for Azure Database for MySQL", replica with a customer managed key).
            identity,
            dataEncryption,
            availabilityZone: zones[i],
            network: networkArgs,
            storage: { storageSizeGB: args.storageGiB, autoGrow: "Enabled", autoIoScaling: "Enabled" },
          },
          { ...kept, dependsOn: [writer] },
        ),
    );

    // Parameters one after another per server: the service applies one configuration change at a time and
    // refuses a concurrent one while the server is updating.
    for (const [server, role] of [
      [writer, "server"] as const,
      ...readers.map((r, i) => [r, `reader-${i + 1}`] as const),
    ]) {
      let previous: pulumi.Resource = server;
      for (const parameter of MYSQL_SERVER_PARAMETERS) {
        previous = new dbformysql.Configuration(
          `${name}-${role}-${parameter.name.replace(/_/g, "-")}`,
          {
            serverName: server.name,
            resourceGroupName: args.resourceGroupName,
            configurationName: parameter.name,
            value: parameter.value,
            source: "user-override",
          },
          { parent: this, dependsOn: [previous] },
        );
      }
    }

    new dbformysql.Database(
      `${name}-database`,
      {
        serverName: writer.name,
        resourceGroupName: args.resourceGroupName,
        databaseName: MYSQL_DATABASE_NAME,
        charset: "utf8mb4",
        collation: "utf8mb4_0900_ai_ci",
      },
      kept,
    );

    if (args.entraAdministrator) {
      new dbformysql.AzureADAdministrator(
        `${name}-entra-admin`,
        {
          serverName: writer.name,
          resourceGroupName: args.resourceGroupName,
          // The only administrator name the service takes (Azure Database for MySQL REST API,
          // Azure AD Administrators - Create Or Update: administratorName "ActiveDirectory").
          administratorName: "ActiveDirectory",
          administratorType: "ActiveDirectory",
          login: args.entraAdministrator.login,
          sid: args.entraAdministrator.objectId,
          tenantId: args.entraAdministrator.tenantId,
          identityResourceId: args.entraAdministrator.identityId,
        },
        child,
      );
    }

    if (args.protect) {
      // Deletion protection: ARM refuses to delete the server (or its resource group) while the lock is on.
      new authorization.ManagementLockByScope(
        `${name}-lock`,
        {
          scope: writer.id,
          lockName: azureName("azure-native:authorization:ManagementLockByScope", `${name}-no-delete`),
          level: "CanNotDelete",
          notes: "The shop's database: remove this lock deliberately before deleting the server",
        },
        child,
      );
    }

    this.diagnosticTargets = [writer, ...readers].map((server) => ({
      resourceId: server.id,
      categories: MYSQL_LOG_CATEGORIES,
    }));
    if (args.logAnalyticsWorkspaceId !== undefined) {
      [writer, ...readers].forEach(
        (server, i) =>
          new monitor.DiagnosticSetting(
            `${name}-${i === 0 ? "server" : `reader-${i}`}-logs`,
            {
              name: "storefront-logs",
              resourceUri: server.id,
              workspaceId: args.logAnalyticsWorkspaceId,
              logAnalyticsDestinationType: "Dedicated",
              logs: MYSQL_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
            },
            child,
          ),
      );
    }

    this.serverId = writer.id;
    this.serverName = writer.name;
    this.host = writer.fullyQualifiedDomainName;
    this.readerHosts = readers.map((r) => r.fullyQualifiedDomainName);
    this.registerOutputs({
      host: this.host,
      readerHosts: this.readerHosts,
      administratorPasswordSecretUri: this.administratorPasswordSecretUri,
    });
  }
}
