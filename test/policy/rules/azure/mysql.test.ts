import { Node, patch, remove, resourceRuleCases, rewire, stackRuleCases } from "../../harness";

const SERVER = "azure-native:dbformysql:Server";
const CONFIGURATION = "azure-native:dbformysql:Configuration";
const LOCK = "azure-native:authorization:ManagementLockByScope";
const GROUP = "azure-native:resources:ResourceGroup";
const VAULT = "azure-native:keyvault:Vault";
const KEY = "azure-native:keyvault:Key";

const primary = {
  availabilityZone: "1",
  highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" },
  network: { delegatedSubnetResourceId: "/subscriptions/s/mysql", publicNetworkAccess: "Disabled" },
  backup: { backupRetentionDays: 14, geoRedundantBackup: "Enabled" },
  dataEncryption: {
    type: "AzureKeyVault",
    primaryKeyURI: "https://kv/keys/k",
    primaryUserAssignedIdentityId: "/id",
  },
  tags: { environment: "prod" },
};
const replica = { createMode: "Replica", sourceServerResourceId: "/primary", tags: { environment: "prod" } };

describe("policy/rules/azure/mysql", () => {
  resourceRuleCases("mysql-no-public-access", SERVER, primary, [
    [
      "public access enabled",
      { ...primary, network: { publicNetworkAccess: "Enabled" } },
      ["Public network access is enabled."],
    ],
    [
      "neither VNet integration nor public access disabled",
      { ...primary, network: {} },
      ["The server is not VNet-integrated and does not disable public network access."],
    ],
    ["nothing for a replica (it takes the source's network)", replica, []],
  ]);

  resourceRuleCases(
    "mysql-require-secure-transport",
    CONFIGURATION,
    { configurationName: "require_secure_transport", value: "ON" },
    [
      [
        "secure transport off",
        { configurationName: "require_secure_transport", value: "OFF" },
        ["require_secure_transport is not ON: clients may connect without TLS."],
      ],
      ["nothing for another parameter", { configurationName: "max_connections", value: "OFF" }, []],
      ["nothing for on in lower case", { configurationName: "require_secure_transport", value: "on" }, []],
    ],
  );

  resourceRuleCases(
    "mysql-tls-version",
    CONFIGURATION,
    { configurationName: "tls_version", value: "TLSv1.2,TLSv1.3" },
    [
      [
        "TLS 1.1 allowed",
        { configurationName: "tls_version", value: "TLSv1.1,TLSv1.2" },
        ["tls_version admits protocols older than TLS 1.2."],
      ],
      [
        "an empty list",
        { configurationName: "tls_version", value: "" },
        ["tls_version admits protocols older than TLS 1.2."],
      ],
    ],
  );

  const auditGraph: Node[] = [
    { type: SERVER, name: "db", props: primary },
    { type: SERVER, name: "db-reader", props: replica },
    {
      type: CONFIGURATION,
      name: "audit",
      props: { configurationName: "audit_log_enabled", value: "ON" },
      deps: { serverName: ["db"] },
    },
    {
      type: CONFIGURATION,
      name: "events",
      props: { configurationName: "audit_log_events", value: "CONNECTION,DDL" },
      deps: { serverName: ["db"] },
    },
  ];
  stackRuleCases("mysql-audit-log", auditGraph, [
    ["no audit log", remove("audit"), ["db: audit_log_enabled is not ON."]],
    ["audit log off", patch("audit", { value: "OFF" }), ["db: audit_log_enabled is not ON."]],
    [
      "events without connections",
      patch("events", { value: "DDL,DML" }),
      ["events: audit_log_events leaves out CONNECTION."],
    ],
  ]);

  resourceRuleCases("mysql-zone-redundant-ha", SERVER, primary, [
    [
      "no HA in production",
      { ...primary, highAvailability: { mode: "Disabled" } },
      ["The production server has no zone-redundant standby."],
    ],
    [
      "same-zone HA",
      { ...primary, highAvailability: { mode: "SameZone" } },
      ["The production server has no zone-redundant standby."],
    ],
    [
      "the standby in the primary's zone",
      { ...primary, highAvailability: { mode: "zoneredundant", standbyAvailabilityZone: "1" } },
      ["The standby lives in the primary's zone."],
    ],
    [
      "nothing for dev",
      { ...primary, highAvailability: { mode: "Disabled" }, tags: { environment: "dev" } },
      [],
    ],
  ]);

  resourceRuleCases("mysql-backup-retention-geo", SERVER, primary, [
    [
      "one day of backups",
      { ...primary, backup: { backupRetentionDays: 1, geoRedundantBackup: "Enabled" } },
      ["Backups are kept 1 day(s); at least 7 required."],
    ],
    [
      "local backups in production",
      { ...primary, backup: { backupRetentionDays: 14 } },
      ["Production backups are not geo-redundant."],
    ],
    [
      "nothing for local backups in dev",
      { ...primary, backup: { backupRetentionDays: 7 }, tags: { environment: "dev" } },
      [],
    ],
  ]);
  resourceRuleCases(
    "mysql-backup-retention-geo",
    SERVER,
    { ...primary, backup: { backupRetentionDays: 30, geoRedundantBackup: "Enabled" } },
    [["fewer days than configured", primary, ["Backups are kept 14 day(s); at least 30 required."]]],
    { minimumDays: 30 },
  );

  resourceRuleCases("mysql-cmk", SERVER, primary, [
    [
      "the Microsoft-managed key",
      { ...primary, dataEncryption: { type: "SystemManaged" } },
      ["Data is encrypted with a Microsoft-managed key."],
    ],
  ]);

  // A server with geo-redundant backups, its key and the paired region's in their own vaults.
  const cmkKey = {
    properties: {
      kty: "RSA",
      keySize: 3072,
      rotationPolicy: {
        lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P1Y" } }],
      },
    },
  };
  const cmkVault = {
    properties: {
      enablePurgeProtection: true,
      softDeleteRetentionInDays: 90,
      publicNetworkAccess: "Disabled",
      networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
    },
  };
  const cmkGraph: Node[] = [
    { type: VAULT, name: "kv", props: cmkVault },
    { type: VAULT, name: "geo-kv", props: cmkVault },
    { type: KEY, name: "key", props: cmkKey, deps: { vaultName: ["kv"] } },
    { type: KEY, name: "geo-key", props: cmkKey, deps: { vaultName: ["geo-kv"] } },
    {
      type: SERVER,
      name: "db",
      props: {
        ...primary,
        dataEncryption: {
          ...primary.dataEncryption,
          geoBackupKeyURI: "https://geo-kv/keys/geo-key",
          geoBackupUserAssignedIdentityId: "/geo-id",
        },
      },
      deps: { dataEncryption: ["key", "geo-key"] },
    },
    { type: SERVER, name: "db-reader", props: replica },
  ];
  const geoEncryption = (change: Record<string, unknown>) =>
    patch("db", { dataEncryption: { ...primary.dataEncryption, ...change } });
  stackRuleCases("mysql-cmk-usable", cmkGraph, [
    [
      "an elliptic-curve key",
      patch("key", { properties: { ...cmkKey.properties, kty: "EC", keySize: undefined } }),
      ["key: MySQL takes only RSA keys of 2048, 3072 or 4096 bits."],
    ],
    [
      "a 1024-bit key",
      patch("key", { properties: { ...cmkKey.properties, keySize: 1024 } }),
      ["key: MySQL takes only RSA keys of 2048, 3072 or 4096 bits."],
    ],
    [
      "a key with an expiration date",
      patch("key", { properties: { ...cmkKey.properties, attributes: { expires: 1893456000 } } }),
      ["key: The key (or its rotated versions) expires: MySQL refuses a key with an expiration date."],
    ],
    [
      "rotated versions that expire",
      patch("geo-key", {
        properties: { ...cmkKey.properties, rotationPolicy: { attributes: { expiryTime: "P2Y" } } },
      }),
      ["geo-key: The key (or its rotated versions) expires: MySQL refuses a key with an expiration date."],
    ],
    [
      "a vault keeping deleted keys 30 days",
      patch("kv", { properties: { ...cmkVault.properties, softDeleteRetentionInDays: 30 } }),
      ["key: The key's vault does not keep deleted keys 90 days under purge protection."],
    ],
    [
      "a vault without purge protection",
      patch("geo-kv", { properties: { ...cmkVault.properties, enablePurgeProtection: false } }),
      ["geo-key: The key's vault does not keep deleted keys 90 days under purge protection."],
    ],
    [
      "a vault closed to trusted services",
      patch("kv", {
        properties: { ...cmkVault.properties, networkAcls: { defaultAction: "Deny", bypass: "None" } },
      }),
      ["key: The key's vault keeps trusted services out: MySQL cannot reach its key."],
    ],
    [
      "geo-redundant backups without a key in the paired region",
      geoEncryption({}),
      ["db: Geo-redundant backups have no key and identity in the paired region."],
    ],
    [
      "a geo key without its identity",
      geoEncryption({ geoBackupKeyURI: "https://geo-kv/keys/geo-key" }),
      ["db: Geo-redundant backups have no key and identity in the paired region."],
    ],
    [
      "nothing for a key nothing uses",
      (nodes) => rewire("db", "dataEncryption", [])(patch("key", { properties: { kty: "EC" } })(nodes)),
      [],
    ],
  ]);

  const lockGraph: Node[] = [
    { type: GROUP, name: "rg", props: { resourceGroupName: "rg-shop" } },
    { type: SERVER, name: "db", props: { ...primary, resourceGroupName: "rg-shop" } },
    { type: LOCK, name: "db-lock", props: { level: "CanNotDelete" }, deps: { scope: ["db"] } },
  ];
  stackRuleCases("mysql-delete-lock", lockGraph, [
    ["no lock", remove("db-lock"), ["db: No lock protects the production server against deletion."]],
    [
      "a lock of another level",
      patch("db-lock", { level: "NotSpecified" }),
      ["db: No lock protects the production server against deletion."],
    ],
    [
      "nothing when the resource group is locked",
      (n) => n.map((x) => (x.name === "db-lock" ? { ...x, deps: { scope: ["rg"] } } : x)),
      [],
    ],
    ["nothing for dev", patch("db", { tags: { environment: "dev" } }), []],
  ]);

  resourceRuleCases(
    "mysql-entra-admin-identity",
    "azure-native:dbformysql:AzureADAdministrator",
    {
      administratorName: "ActiveDirectory",
      administratorType: "ActiveDirectory",
      login: "acme-dba",
      sid: "0d0d0d0d-1111-4222-8333-444444444444",
      identityResourceId:
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/db-entra",
    },
    [
      [
        "no identity for the server to read Entra ID with",
        { administratorType: "ActiveDirectory", login: "acme-dba" },
        ["The Entra ID administrator has no identity to read the directory with."],
      ],
      [
        "no administrator type",
        { identityResourceId: "/subscriptions/s/x" },
        ["The administrator type is not ActiveDirectory."],
      ],
    ],
  );
  const ENTRA = "azure-native:dbformysql:AzureADAdministrator";
  stackRuleCases(
    "mysql-entra-admin",
    [
      { type: SERVER, name: "db", props: primary },
      { type: SERVER, name: "db-reader", props: replica },
      {
        type: ENTRA,
        name: "db-entra",
        props: { administratorType: "ActiveDirectory" },
        deps: { serverName: ["db"] },
      },
    ],
    [
      [
        "no Entra administrator",
        remove("db-entra"),
        ["db: Only the shared administrator login can administer the server."],
      ],
    ],
  );

  resourceRuleCases(
    "mysql-database-utf8mb4",
    "azure-native:dbformysql:Database",
    { charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci" },
    [
      ["latin1", { charset: "latin1" }, ["The database does not use utf8mb4."]],
      ["the server's default", {}, ["The database does not use utf8mb4."]],
    ],
  );
});
