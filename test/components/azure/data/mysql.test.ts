import { expect } from "chai";
import {
  MySql,
  MySqlArgs,
  checkMySqlArgs,
  readerZones,
  standbyZoneOf,
} from "../../../../components/azure/data/mysql";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const RG = "acme-prod-rg";
const NET = `/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet`;
const VAULT = {
  vaultName: "acme-prod-kv",
  resourceGroupName: RG,
  vaultUri: "https://acme-prod-kv.vault.azure.net/",
  location: "westeurope",
  softDeleteRetentionDays: 90,
  trustedServices: true,
};
const GEO_VAULT = {
  ...VAULT,
  vaultName: "acme-prod-geo-kv",
  vaultUri: "https://acme-prod-geo-kv.vault.azure.net/",
  location: "northeurope",
};
const PROD: MySqlArgs = {
  resourceGroupName: RG,
  location: "westeurope",
  stackKey: "sub/acme-prod-rg/prod",
  delegatedSubnetId: `${NET}/subnets/mysql`,
  virtualNetworkId: NET,
  tier: "GeneralPurpose",
  skuName: "Standard_D4ads_v5",
  storageGiB: 128,
  regionZones: ["1", "2", "3"],
  zone: "1",
  highAvailability: "ZoneRedundant",
  readers: 2,
  backupRetentionDays: 30,
  geoRedundantBackup: true,
  pairedRegion: "northeurope",
  vault: VAULT,
  customerManagedKey: { vault: VAULT, geoBackupVault: GEO_VAULT },
  logAnalyticsWorkspaceId:
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs",
  entraAdministrator: {
    login: "acme-dba",
    objectId: "0d0d0d0d-1111-4222-8333-444444444444",
    tenantId: "00000000-0000-4000-8000-0000000000aa",
    identityId: `/subscriptions/s/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acme-prod-db-entra`,
  },
  protect: true,
};
const DEV: MySqlArgs = {
  ...PROD,
  stackKey: "sub/acme-dev-rg/dev",
  tier: "Burstable",
  skuName: "Standard_B2ms",
  storageGiB: 20,
  highAvailability: "Disabled",
  readers: 0,
  backupRetentionDays: 7,
  geoRedundantBackup: false,
  customerManagedKey: { vault: VAULT },
  logAnalyticsWorkspaceId: undefined,
  entraAdministrator: undefined,
  privateDnsZoneId: `/subscriptions/s/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/acme-dev.private.mysql.database.azure.com`,
  protect: false,
};

type Props = Record<string, unknown>;

async function plan(stack: string, args: MySqlArgs): Promise<{ mocks: MockSession; db: MySql }> {
  const mocks = await useMockCloud(stack);
  const db = new MySql(`acme-${stack}-db`, args);
  await valueOf(db.host);
  await Promise.all(db.readerHosts.map(valueOf));
  await mocks.settle();
  return { mocks, db };
}

describe("components/azure/data/mysql", () => {
  describe("prod: zone-redundant HA, readers, geo backup, lock", () => {
    let mocks: MockSession;
    let db: MySql;
    let servers: Props[];
    before(async () => {
      ({ mocks, db } = await plan("prod", PROD));
      servers = mocks.ofType("azure-native:dbformysql:Server").map((s) => mocks.props(s));
    });

    it("registers under the Azure token convention and the mock cloud accepts every name", () => {
      expect(mocks.one("storefront:azure/data:MySql").name).to.equal("acme-prod-db");
      expect(mocks.rejections).to.deep.equal([]);
    });

    it("runs MySQL 8.0 with its standby in another zone than the writer", () => {
      const writer = servers[0];
      expect(writer).to.deep.include({ version: "8.0.21", availabilityZone: "1" });
      expect(writer.highAvailability).to.deep.equal({ mode: "ZoneRedundant", standbyAvailabilityZone: "2" });
      expect(writer.sku).to.deep.equal({ name: "Standard_D4ads_v5", tier: "GeneralPurpose" });
    });

    it("puts each reader in a zone besides the writer's, the standby's zone last", () => {
      const readers = servers.slice(1);
      expect(readers.map((r) => [r.createMode, r.availabilityZone])).to.deep.equal([
        ["Replica", "3"],
        ["Replica", "2"],
      ]);
      const writer = mocks.ofType("azure-native:dbformysql:Server")[0];
      for (const r of mocks.ofType("azure-native:dbformysql:Server").slice(1)) {
        expect(r.propertyDependencies.sourceServerResourceId).to.deep.equal([writer.urn]);
      }
    });

    it("is reachable only privately: delegated subnet, its private DNS zone, public access disabled", () => {
      const zone = mocks.props(mocks.one("azure-native:privatedns:PrivateZone"));
      expect(String(zone.privateZoneName)).to.match(/\.private\.mysql\.database\.azure\.com$/);
      for (const server of servers) {
        expect(server.network).to.deep.include({
          publicNetworkAccess: "Disabled",
          delegatedSubnetResourceId: PROD.delegatedSubnetId,
        });
      }
      const writer = mocks.ofType("azure-native:dbformysql:Server")[0];
      expect(writer.dependencies).to.include(mocks.one("azure-native:privatedns:VirtualNetworkLink").urn);
    });

    it("requires TLS 1.2/1.3 and audits connections, DDL and DCL on every server, one change at a time", () => {
      const configs = mocks.ofType("azure-native:dbformysql:Configuration");
      const serverUrns = mocks.ofType("azure-native:dbformysql:Server").map((s) => s.urn);
      for (const urn of serverUrns) {
        const mine = configs.filter((c) => c.propertyDependencies.serverName?.includes(urn));
        const values = Object.fromEntries(mine.map((c) => [c.inputs.configurationName, c.inputs.value]));
        expect(values).to.include({
          require_secure_transport: "ON",
          tls_version: "TLSv1.2,TLSv1.3",
          audit_log_enabled: "ON",
          audit_log_events: "CONNECTION,DDL,DCL",
        });
        // Chained: each waits for the one before it.
        mine.slice(1).forEach((c, i) => expect(c.dependencies).to.include(mine[i].urn));
      }
      expect(configs).to.have.length(serverUrns.length * 6);
    });

    it("keeps the configured backups, geo-redundant, with storage that grows on its own", () => {
      expect(servers[0].backup).to.deep.equal({ backupRetentionDays: 30, geoRedundantBackup: "Enabled" });
      expect(servers[0].storage).to.deep.include({ storageSizeGB: 128, autoGrow: "Enabled" });
    });

    it("locks the writer against deletion and protects every server in Pulumi", async () => {
      const lock = mocks.props(mocks.one("azure-native:authorization:ManagementLockByScope"));
      expect(lock).to.deep.include({ level: "CanNotDelete", scope: await valueOf(db.serverId) });
      expect(mocks.ofType("azure-native:dbformysql:Server").every((s) => s.protect)).to.equal(true);
    });

    it("ships the audit and slow query logs of every server to the workspace", () => {
      const settings = mocks.ofType("azure-native:monitor:DiagnosticSetting").map((s) => mocks.props(s));
      expect(settings).to.have.length(3);
      for (const s of settings) {
        expect((s.logs as Props[]).map((l) => l.category)).to.deep.equal(["MySqlAuditLogs", "MySqlSlowLogs"]);
        expect(s.workspaceId).to.equal(PROD.logAnalyticsWorkspaceId);
      }
    });

    it("keeps the generated admin password in Key Vault and hands on only the secret's URI", async () => {
      const secret = mocks.props(mocks.one("azure-native:keyvault:Secret"));
      expect(secret).to.deep.include({ secretName: "mysql-admin-password", vaultName: "acme-prod-kv" });
      const password = mocks.props(mocks.one("random:index/randomPassword:RandomPassword")).result;
      expect((secret.properties as Props).value).to.equal(password);
      expect(servers[0].administratorLoginPassword).to.equal(password);
      expect(await valueOf(db.administratorPasswordSecretUri)).to.equal(
        "https://acme-prod-kv.vault.azure.net/secrets/mysql-admin-password",
      );
    });

    it("adds the Entra ID administrator through the server's user-assigned identity", () => {
      const admin = mocks.props(mocks.one("azure-native:dbformysql:AzureADAdministrator"));
      expect(admin).to.deep.include({
        administratorName: "ActiveDirectory",
        administratorType: "ActiveDirectory",
        login: "acme-dba",
        sid: PROD.entraAdministrator!.objectId,
        identityResourceId: PROD.entraAdministrator!.identityId,
      });
      const identities = (servers[0].identity as { userAssignedIdentities: string[] }).userAssignedIdentities;
      expect(identities).to.have.length(3);
      expect(identities[2]).to.equal(PROD.entraAdministrator!.identityId);
    });

    it("encrypts with its own key per region, each unwrapped by an identity allowed on that key only", () => {
      const identities = mocks.ofType("azure-native:managedidentity:UserAssignedIdentity");
      expect(identities.map((i) => mocks.props(i).location)).to.deep.equal(["westeurope", "northeurope"]);
      const keys = mocks.ofType("azure-native:keyvault:Key").map((k) => mocks.props(k));
      expect(keys.map((k) => k.vaultName)).to.deep.equal(["acme-prod-kv", "acme-prod-geo-kv"]);
      for (const key of keys) {
        // RSA 3072 without an expiration date (MySQL refuses one), rotated a year after each version.
        expect(key.properties).to.deep.equal({
          kty: "RSA",
          keySize: 3072,
          keyOps: ["wrapKey", "unwrapKey"],
          // exportable: the SDK's default, spelt out.
          attributes: { enabled: true, exportable: false },
          rotationPolicy: {
            lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P1Y" } }],
          },
        });
      }
      const grants = mocks.ofType("azure-native:authorization:RoleAssignment");
      expect(grants).to.have.length(2);
      grants.forEach((g, i) => {
        const props = mocks.props(g);
        expect(String(props.roleDefinitionId)).to.match(
          /\/roleDefinitions\/e147488a-f6f5-4113-8e2d-b22465e65bf6$/,
        );
        expect(g.propertyDependencies.scope).to.deep.equal([
          mocks.ofType("azure-native:keyvault:Key")[i].urn,
        ]);
        expect(g.propertyDependencies.principalId).to.deep.equal([identities[i].urn]);
      });
      const writer = mocks.ofType("azure-native:dbformysql:Server")[0];
      const identityId = (n: string) =>
        `/subscriptions/00000000-0000-4000-8000-00000000a2e0/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${n}`;
      expect(servers[0].dataEncryption).to.deep.equal({
        type: "AzureKeyVault",
        primaryKeyURI: "https://acme-prod-kv.vault.azure.net/keys/acme-prod-db-cmk",
        primaryUserAssignedIdentityId: identityId("acme-prod-db-cmk-identity"),
        geoBackupKeyURI: "https://acme-prod-geo-kv.vault.azure.net/keys/acme-prod-db-geo-cmk",
        geoBackupUserAssignedIdentityId: identityId("acme-prod-db-geo-cmk-identity"),
      });
      // The grants exist before the server checks its keys; the readers carry the same keys.
      for (const g of grants) expect(writer.dependencies).to.include(g.urn);
      for (const reader of servers.slice(1)) {
        expect(reader.dataEncryption).to.deep.equal(servers[0].dataEncryption);
        expect(reader.identity).to.deep.equal(servers[0].identity);
      }
    });

    it("creates the storefront database in utf8mb4 and publishes host, readers and port", async () => {
      expect(mocks.props(mocks.one("azure-native:dbformysql:Database"))).to.deep.include({
        databaseName: "storefront",
        charset: "utf8mb4",
      });
      expect(await valueOf(db.host)).to.match(/\.mysql\.database\.azure\.com$/);
      expect(db.readerHosts).to.have.length(2);
      expect(db.port).to.equal(3306);
    });
  });

  describe("dev: Burstable, no HA, no readers, no lock", () => {
    let mocks: MockSession;
    before(async () => ({ mocks } = await plan("dev", DEV)));

    it("has HA off, geo backup off, no lock, no replica and no diagnostic setting", () => {
      const servers = mocks.ofType("azure-native:dbformysql:Server");
      expect(servers).to.have.length(1);
      const writer = mocks.props(servers[0]);
      expect(writer.highAvailability).to.deep.equal({ mode: "Disabled" });
      expect(writer.backup).to.deep.equal({ backupRetentionDays: 7, geoRedundantBackup: "Disabled" });
      expect(servers[0].protect).to.equal(false);
      expect(mocks.ofType("azure-native:authorization:ManagementLockByScope")).to.have.length(0);
      expect(mocks.ofType("azure-native:monitor:DiagnosticSetting")).to.have.length(0);
      expect(mocks.ofType("azure-native:dbformysql:AzureADAdministrator")).to.have.length(0);
      expect(mocks.rejections).to.deep.equal([]);
    });

    it("encrypts with one key and identity in its own region, no geo key", () => {
      const writer = mocks.props(mocks.one("azure-native:dbformysql:Server"));
      expect(Object.keys(writer.dataEncryption as Props).sort()).to.deep.equal([
        "primaryKeyURI",
        "primaryUserAssignedIdentityId",
        "type",
      ]);
      expect(mocks.ofType("azure-native:keyvault:Key")).to.have.length(1);
      expect((writer.identity as { userAssignedIdentities: string[] }).userAssignedIdentities).to.have.length(
        1,
      );
    });

    it("uses the network's MySQL DNS zone when given one instead of making its own", () => {
      expect(mocks.ofType("azure-native:privatedns:PrivateZone")).to.have.length(0);
      const writer = mocks.props(mocks.one("azure-native:dbformysql:Server"));
      expect((writer.network as Props).privateDnsZoneResourceId).to.equal(DEV.privateDnsZoneId);
    });
  });
});

describe("components/azure/data/mysql zones", () => {
  it("spreads readers over the zones besides the writer's, standby last", () => {
    expect(readerZones(["1", "2", "3"], "2", "3")).to.deep.equal(["1", "3"]);
    expect(readerZones(["1", "2", "3"], "3", undefined)).to.deep.equal(["1", "2"]);
    expect(readerZones([], undefined, undefined)).to.deep.equal([]);
  });

  it("puts the standby in the zone after the writer's unless told", () => {
    expect(
      standbyZoneOf({ regionZones: ["1", "2", "3"], zone: "3", highAvailability: "ZoneRedundant" }),
    ).to.equal("1");
    expect(standbyZoneOf({ regionZones: ["1", "2", "3"], zone: "3", highAvailability: "SameZone" })).to.equal(
      undefined,
    );
  });
});

describe("components/azure/data/mysql checkMySqlArgs", () => {
  it("accepts the prod and dev arguments", () => {
    expect(() => checkMySqlArgs(PROD)).not.to.throw();
    expect(() => checkMySqlArgs(DEV)).not.to.throw();
  });

  it("refuses every contradiction at once, one clause each", () => {
    expect(() =>
      checkMySqlArgs({
        ...PROD,
        standbyZone: "1",
        readers: 3,
        backupRetentionDays: 40,
        pairedRegion: undefined,
      }),
    ).to.throw(
      'MySql: standbyZone "1": the writer\'s zone; a zone-redundant standby must be in another zone; ' +
        "readers 3: at most 2 with 3 zones in the region (one per zone besides the writer's); " +
        "backupRetentionDays 40: 1 to 35 days; " +
        "geoRedundantBackup: the region has no Azure pair to hold geo-redundant backups",
    );
  });

  it("refuses HA and readers in the Burstable tier", () => {
    expect(() => checkMySqlArgs({ ...DEV, highAvailability: "SameZone", readers: 1 })).to.throw(
      "MySql: highAvailability SameZone: not offered in the Burstable tier; " +
        "readers 1: read replicas are not offered in the Burstable tier",
    );
  });

  it("refuses zone redundancy and readers in a region without zones", () => {
    expect(() => checkMySqlArgs({ ...PROD, regionZones: [], zone: undefined, readers: 1 })).to.throw(
      "MySql: highAvailability ZoneRedundant: needs a region with two or more zones (it has 0); " +
        "readers 1: at most 0 with 0 zones in the region (one per zone besides the writer's)",
    );
  });

  it("refuses key vaults MySQL cannot use for its keys, and geo backups without a paired-region key", () => {
    expect(() =>
      checkMySqlArgs({
        ...PROD,
        customerManagedKey: {
          vault: { ...VAULT, softDeleteRetentionDays: 30, trustedServices: false },
          geoBackupVault: { ...GEO_VAULT, location: "westeurope" },
        },
      }),
    ).to.throw(
      "MySql: customerManagedKey.vault: soft delete kept 30 days; MySQL needs 90; " +
        "customerManagedKey.vault: the vault's firewall keeps trusted services out; MySQL could not reach its key; " +
        "customerManagedKey.geoBackupVault: in westeurope; expected northeurope, the key's server region",
    );
    expect(() => checkMySqlArgs({ ...PROD, customerManagedKey: { vault: VAULT } })).to.throw(
      "MySql: customerManagedKey.geoBackupVault: unset; geo-redundant backups need a key and identity in the paired region",
    );
    expect(() =>
      checkMySqlArgs({ ...DEV, customerManagedKey: { vault: VAULT, geoBackupVault: GEO_VAULT } }),
    ).to.throw("MySql: customerManagedKey.geoBackupVault: only with geoRedundantBackup");
  });

  it("refuses a zone the region does not have and storage out of range", () => {
    expect(() => checkMySqlArgs({ ...PROD, zone: "4", storageGiB: 10 })).to.throw(
      'MySql: zone "4": not a zone of the region (1, 2, 3); storageGiB 10: 20 to 16384 GiB',
    );
  });
});
