import { expect } from "chai";
import {
  AzureStackConfig,
  azureClockChecks,
  loadAzureStackConfig,
  validateAzureStackConfig,
} from "../../stacks/azure-config";
import { ConfigError, formatProblem } from "../../stacks/config-error";
import { source } from "./config-fixtures";

const SUB = "3f2b8a41-5c7d-4e19-9a60-2d8e7b1c4f05";
const KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMC9SqLPL3iafCpXTEAObfc3m/GLscgn5PhKyIUB/K2k ops@alpenglow.example";
export const AZ_DEV = {
  cloud: "azure",
  client: "alpine",
  environment: "dev",
  profile: "wordpress",
  region: "westeurope",
  azure: { subscriptionId: SUB, sshPublicKeys: [KEY] },
};
/** The DBA group and the directory-reader identity a tenant administrator granted Graph reads to. */
const ENTRA_ADMIN = {
  login: "alpine-dba",
  objectId: "5e8d2c71-4a93-4b0f-8d26-1f7c9a3e6b42",
  identityId: `/subscriptions/${SUB}/resourceGroups/alpine-shared/providers/Microsoft.ManagedIdentity/userAssignedIdentities/alpine-mysql-reader`,
};
export const AZ_PROD = {
  ...AZ_DEV,
  environment: "prod",
  domain: {
    name: "shop.alpine.example",
    certificateSecretId: "https://alpine-certs.vault.azure.net/secrets/shop",
    certificateVault: { resourceGroup: "alpine-shared", name: "alpine-certs" },
  },
  alerts: { emails: ["ops@alpine.example"] },
  database: { entraAdmin: ENTRA_ADMIN },
};

function azureProblems(values: Record<string, unknown>, secretKeys: string[] = []): string[] {
  const result = validateAzureStackConfig(source(values, secretKeys));
  return result.ok ? [] : result.problems.map(formatProblem);
}

function load(values: Record<string, unknown>): AzureStackConfig {
  return loadAzureStackConfig(source(values));
}

describe("stacks/azure-config", () => {
  describe("presets", () => {
    it("builds dev cheap and regional: burstable servers and database, no zones, no HA", () => {
      const c = load(AZ_DEV);
      expect(c.base).to.equal("dev");
      expect(c.zones).to.deep.equal([]);
      expect(c.web.instanceType).to.equal("Standard_D2pls_v6");
      expect(c.database).to.include({ tier: "Burstable", highAvailability: "Disabled", readers: 0 });
      expect(c.cache.replicas).to.equal(0);
      expect(c.resourceGroup).to.equal("alpine-dev-rg");
      expect(c.protectData).to.equal(false);
    });

    it("builds prod across three zones with zone-redundant MySQL, a reader, Redis HA and geo backups", () => {
      const c = load(AZ_PROD);
      expect(c.zones).to.deep.equal(["1", "2", "3"]);
      expect(c.web.minSize).to.be.at.least(3);
      expect(c.database).to.include({
        highAvailability: "ZoneRedundant",
        geoRedundantBackup: true,
        readers: 1,
      });
      expect(c.cache.replicas).to.equal(1);
      expect(c.protectData).to.equal(true);
    });

    it("gives Magento search and a 4-vCPU prod server, WordPress neither", () => {
      expect(load({ ...AZ_PROD, profile: "magento" }).search?.instanceCount).to.equal(3);
      expect(load({ ...AZ_PROD, profile: "magento" }).web.instanceType).to.equal("Standard_D4ps_v6");
      expect(load(AZ_PROD).search).to.equal(undefined);
    });

    it("puts the kit's tags next to the stack file's on every resource", () => {
      expect(load({ ...AZ_DEV, tags: { "cost-center": "8812" } }).tags).to.deep.equal({
        "cost-center": "8812",
        client: "alpine",
        environment: "dev",
        profile: "wordpress",
        "managed-by": "pulumi",
        "pulumi-stack": "test",
      });
    });
  });

  describe("what an Azure stack may not say", () => {
    it("refuses AWS-only keys and says what Azure stacks write instead", () => {
      expect(
        azureProblems({
          ...AZ_DEV,
          network: { azCount: 3 },
          database: { instanceClass: "db.r7g.large" },
          domain: { name: "shop.alpine.example", hostedZoneId: "Z0ALPINE" },
          backups: {},
        }),
      ).to.deep.equal([
        "domain.hostedZoneId: got a key of AWS stacks (this stack says storefront:cloud: azure); expected domain.dnsZone (an Azure DNS zone: resourceGroup and name)",
        "network.azCount: got a key of AWS stacks (this stack says storefront:cloud: azure); expected azure.zones",
        "database.instanceClass: got a key of AWS stacks (this stack says storefront:cloud: azure); expected database.sku (with database.tier)",
        "backups: got a key of AWS stacks (this stack says storefront:cloud: azure); expected database.backupRetentionDays and storage.snapshotRetentionDays",
      ]);
    });

    it("suggests the closest key for a typo, and the closest location for a misspelt one", () => {
      const found = azureProblems({ ...AZ_DEV, region: "westeurop", databse: {} });
      expect(found[0]).to.match(
        /^region: got "westeurop"; expected an Azure location .*closest: westeurope$/,
      );
      expect(found[1]).to.match(/^databse: got an unknown key; expected "database" \(did you mean it\?/);
    });

    it("refuses AWS vocabulary in shared keys: an EC2 type, an AWS region", () => {
      const found = azureProblems({ ...AZ_DEV, region: "eu-west-1", web: { instanceType: "m7g.large" } });
      expect(found).to.have.length(2);
      expect(found[1]).to.include('web.instanceType: got "m7g.large"; expected an Azure VM size');
    });

    it("needs the subscription", () => {
      expect(azureProblems({ ...AZ_DEV, azure: {} })).to.deep.equal([
        "azure.subscriptionId: got nothing (the key is required); expected a GUID such as 00000000-0000-0000-0000-000000000000",
      ]);
    });

    it("refuses tag names Azure refuses and the kit's own tag names", () => {
      expect(azureProblems({ ...AZ_DEV, tags: { "a/b": "x" } })[0]).to.match(
        /^tags\.a\/b: got "a\/b"; expected a tag name/,
      );
      expect(azureProblems({ ...AZ_DEV, tags: { Client: "x" } })).to.deep.equal([
        'tags.Client: got "x"; expected tag name is one the kit sets itself: Azure refuses it',
      ]);
    });

    it("refuses a virtual network smaller than a /20", () => {
      expect(azureProblems({ ...AZ_DEV, network: { cidr: "10.60.0.0/21" } })[0]).to.include("/20 or larger");
    });
  });

  describe("checks across keys", () => {
    it("refuses prod in a location without availability zones, and zones the location lacks", () => {
      expect(azureProblems({ ...AZ_PROD, region: "westus" })).to.include.members([
        'region: got "westus"; expected a location with availability zones in a prod environment (a zone\'s loss must not stop the shop), such as francecentral, germanywestcentral, italynorth, northeurope',
      ]);
      expect(
        azureProblems({
          ...AZ_DEV,
          region: "ukwest",
          azure: { subscriptionId: SUB, sshPublicKeys: [KEY], zones: ["1"] },
        }),
      ).to.deep.equal(['azure.zones: got ["1"]; expected none: ukwest has no availability zones']);
    });

    it("refuses HA and readers on the Burstable tier, and a size of another tier", () => {
      expect(
        azureProblems({
          ...AZ_DEV,
          database: { highAvailability: "SameZone", readers: 1, sku: "Standard_D2ds_v4" },
        }),
      ).to.deep.equal([
        'database.sku: got "Standard_D2ds_v4"; expected a Burstable size (Standard_B...) like database.tier says',
        'database.highAvailability: got "SameZone"; expected Disabled with database.tier Burstable',
        "database.readers: got 1; expected 0 with database.tier Burstable (no read replicas)",
      ]);
    });

    it("takes the secrets' expiry as a calendar date, and judges it against the plan's clock only", () => {
      expect(
        azureProblems({ ...AZ_DEV, azure: { ...AZ_DEV.azure, secretsExpireOn: "2027-02-30" } }),
      ).to.deep.equal([
        'azure.secretsExpireOn: got "2027-02-30"; expected a date (YYYY-MM-DD, UTC) such as 2027-11-30',
      ]);
      const c = load({ ...AZ_DEV, azure: { ...AZ_DEV.azure, secretsExpireOn: "2027-11-30" } });
      expect(c.secretsExpireOn).to.equal("2027-11-30");
      expect(azureClockChecks(c, new Date("2026-11-30T12:00:00Z"))).to.deep.equal({
        problems: [],
        notes: [],
      });
      expect(azureClockChecks(c, new Date("2027-11-10T00:00:00Z")).notes).to.deep.equal([
        "the stack's secrets expire on 2027-11-30 (in 20 days): rotate them and move azure.secretsExpireOn forward (README, secret expiry)",
      ]);
      expect(azureClockChecks(c, new Date("2027-11-30T00:00:00Z")).problems.map(formatProblem)).to.deep.equal(
        [
          'azure.secretsExpireOn: got "2027-11-30"; expected a date after 2027-11-30: Key Vault refuses to return an expired secret, so servers could not read theirs',
        ],
      );
      // No date, no expiry: nothing to judge.
      expect(azureClockChecks(load(AZ_DEV), new Date("2030-01-01T00:00:00Z"))).to.deep.equal({
        problems: [],
        notes: [],
      });
    });

    it("needs the Entra group administering MySQL in prod, and takes it in dev", () => {
      const { database: _db, ...withoutAdmin } = AZ_PROD;
      expect(azureProblems(withoutAdmin)).to.deep.equal([
        "database.entraAdmin: got nothing; expected login, objectId and identityId of the Entra group that administers the database, in a prod environment (people sign in with Entra ID, not the shared admin password)",
      ]);
      expect(azureProblems(AZ_DEV)).to.deep.equal([]);
      expect(load({ ...AZ_DEV, database: { entraAdmin: ENTRA_ADMIN } }).database.entraAdmin).to.deep.equal(
        ENTRA_ADMIN,
      );
    });

    it("refuses an Entra administrator without its object id's GUID or a user-assigned identity's id", () => {
      expect(
        azureProblems({
          ...AZ_PROD,
          database: {
            entraAdmin: {
              login: "",
              objectId: "alpine-dba",
              identityId: `/subscriptions/${SUB}/resourceGroups/alpine-shared/providers/Microsoft.KeyVault/vaults/alpine-kv`,
            },
          },
        }),
      ).to.deep.equal([
        'database.entraAdmin.login: got ""; expected the display name of the Microsoft Entra group (or user) that administers the server',
        'database.entraAdmin.objectId: got "alpine-dba"; expected a GUID such as 00000000-0000-0000-0000-000000000000',
        `database.entraAdmin.identityId: got "/subscriptions/${SUB}/resourceGroups/alpine-shared/providers/Microsoft.KeyVault/vaults/alpine-kv"; expected a user-assigned identity's resource id such as /subscriptions/<GUID>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`,
      ]);
      expect(azureProblems({ ...AZ_PROD, database: { entraAdmin: { login: "alpine-dba" } } })).to.deep.equal([
        "database.entraAdmin.objectId: got nothing (the key is required); expected a GUID such as 00000000-0000-0000-0000-000000000000",
        "database.entraAdmin.identityId: got nothing (the key is required); expected a user-assigned identity's resource id such as /subscriptions/<GUID>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>",
      ]);
    });

    it("keeps prod highly available: MySQL HA, Redis replica, three search nodes, two zones", () => {
      expect(
        azureProblems({
          ...AZ_PROD,
          profile: "magento",
          azure: { subscriptionId: SUB, sshPublicKeys: [KEY], zones: ["1"] },
          database: { highAvailability: "Disabled", entraAdmin: ENTRA_ADMIN },
          cache: { replicas: 0 },
          search: { instanceCount: 1 },
        }),
      ).to.deep.equal([
        'azure.zones: got ["1"]; expected 2 or 3 zones in a prod environment',
        'database.highAvailability: got "Disabled"; expected ZoneRedundant or SameZone in a prod environment',
        "cache.replicas: got 0; expected 1 in a prod environment (high availability)",
        "search.instanceCount: got 1; expected 3 or more in a prod environment (a quorum survives a node's loss)",
      ]);
    });

    it("needs Application Gateway's Key Vault certificate for the shop's domain, and search for Magento", () => {
      expect(
        azureProblems({
          ...AZ_DEV,
          profile: "magento",
          search: { enabled: false },
          domain: { name: "shop.alpine.example" },
        }),
      ).to.deep.equal([
        "search.enabled: got false; expected true for Magento (it needs a search engine)",
        "domain.certificateSecretId: got nothing; expected the Key Vault certificate Application Gateway serves for the shop's names",
      ]);
    });

    it("runs search on x64 sizes only, and needs the operators' SSH keys for its servers", () => {
      expect(
        azureProblems({
          ...AZ_DEV,
          profile: "magento",
          search: { instanceType: "Standard_E2ps_v5" },
          azure: { subscriptionId: SUB },
        }),
      ).to.deep.equal([
        'search.instanceType: got "Standard_E2ps_v5"; expected an x64 VM size such as Standard_E2s_v5 (OpenSearch runs its linux-x64 build)',
        "azure.sshPublicKeys: got nothing; expected the operators' SSH public keys: the web servers take no password",
      ]);
    });

    it("refuses web and search sizes Trusted Launch does not support: every scale set sets it", () => {
      const lines = azureProblems({
        ...AZ_DEV,
        profile: "magento",
        web: { instanceType: "Standard_D2ps_v5" },
        search: { instanceType: "Standard_M8ms" },
      });
      expect(lines.map((l) => l.split("; expected ")[0])).to.deep.equal([
        'web.instanceType: got "Standard_D2ps_v5"',
        'search.instanceType: got "Standard_M8ms"',
      ]);
      for (const line of lines)
        expect(line).to.match(/; expected a VM size whose family supports Trusted Launch/);
      expect(azureProblems({ ...AZ_DEV, web: { instanceType: "Standard_D2ps_v6" } })).to.deep.equal([]);
    });

    it("checks campaigns as on AWS", () => {
      expect(
        azureProblems({
          ...AZ_DEV,
          web: {
            campaigns: [
              { name: "sale", start: "2027-01-08T07:00", end: "2027-01-07T07:00", minSize: 2, maxSize: 4 },
            ],
          },
        }),
      ).to.deep.equal([
        'web.campaigns[0].end: got "2027-01-07T07:00"; expected a time after the campaign\'s start (2027-01-08T07:00)',
      ]);
    });

    it("needs the certificate's vault, by resource group and the name its secret id says", () => {
      const domain = { name: "shop.alpine.example", certificateSecretId: AZ_PROD.domain.certificateSecretId };
      expect(azureProblems({ ...AZ_PROD, domain })).to.deep.equal([
        "domain.certificateVault: got nothing; expected the resourceGroup and name of the Key Vault holding domain.certificateSecretId (alpine-certs): the gateway's identity is granted Key Vault Secrets User on the certificate there",
      ]);
      expect(
        azureProblems({
          ...AZ_PROD,
          domain: { ...domain, certificateVault: { resourceGroup: "alpine-shared", name: "other-certs" } },
        }),
      ).to.deep.equal([
        'domain.certificateVault.name: got "other-certs"; expected alpine-certs, the vault of domain.certificateSecretId',
      ]);
      expect(
        azureProblems({
          ...AZ_DEV,
          domain: {
            name: "shop.alpine.example",
            certificateVault: { resourceGroup: "rg", name: "alpine-certs" },
          },
        }),
      ).to.deep.equal([
        "domain.certificateSecretId: got nothing; expected the Key Vault certificate Application Gateway serves for the shop's names",
        'domain.certificateVault: got {"resourceGroup":"rg","name":"alpine-certs"}; expected nothing without domain.certificateSecretId (it says where that certificate lives)',
      ]);
      expect(
        azureProblems({
          ...AZ_PROD,
          domain: { ...AZ_PROD.domain, certificateVault: { resourceGroup: "rg", name: "a--b" } },
        }),
      ).to.deep.equal([
        "domain.certificateVault.name: got \"a--b\"; expected a Key Vault name: 3-24 letters, digits and '-', starting with a letter, ending with a letter or digit, no '--'",
      ]);
    });

    it("keeps the shop's names in the DNS zone the kit writes their records to, each once", () => {
      expect(
        azureProblems({
          ...AZ_PROD,
          domain: {
            ...AZ_PROD.domain,
            name: "shop.other.example",
            aliases: ["www.alpine.example", "alpine.example", "x.example", "www.alpine.example"],
            dnsZone: { resourceGroup: "alpine-dns", name: "alpine.example" },
          },
        }),
      ).to.deep.equal([
        'domain.name: got "shop.other.example"; expected a name in the DNS zone alpine.example (domain.dnsZone.name), where the kit writes its records',
        'domain.aliases: got ["x.example"]; expected names in the DNS zone alpine.example (domain.dnsZone.name), where the kit writes their records',
        'domain.aliases: got ["www.alpine.example","alpine.example","x.example","www.alpine.example"]; expected each name once, apart from domain.name (www.alpine.example repeats)',
      ]);
    });

    it("puts Front Door in front of prod, and refuses what only Front Door does when it is off", () => {
      expect(
        azureProblems({
          ...AZ_PROD,
          edge: { enabled: false, geoRestriction: { mode: "allow", countries: ["DE"] } },
        }),
      ).to.deep.equal([
        'edge.geoRestriction: got {"mode":"allow","countries":["DE"]}; expected nothing while edge.enabled is false: Front Door\'s WAF applies it, and the stack has no Front Door',
        "edge.enabled: got false; expected true in a prod environment: Front Door and its WAF stand between shoppers and the gateway",
      ]);
    });

    it("refuses prod without a domain: only dev serves Front Door's own name with plain HTTP behind it", () => {
      const { domain, ...withoutDomain } = AZ_PROD;
      expect(domain).to.not.equal(undefined);
      expect(azureProblems(withoutDomain)).to.deep.equal([
        "domain: got nothing; expected a domain in a prod environment: shoppers and Front Door reach the shop over HTTPS on its own names (only a dev stack may serve Front Door's azurefd.net name with plain HTTP behind it)",
      ]);
      expect(azureProblems(AZ_DEV)).to.deep.equal([]);
    });

    it("builds Azure Bastion where asked (Standard or Premium), and says why Basic, Developer and web.imageRelease are not offered", () => {
      expect(load({ ...AZ_DEV, bastion: { enabled: true } }).bastion).to.deep.equal({ sku: "Standard" });
      expect(load({ ...AZ_PROD, bastion: { enabled: true, sku: "Premium" } }).bastion).to.deep.equal({
        sku: "Premium",
      });
      expect(load(AZ_DEV).bastion).to.equal(undefined);
      expect(
        azureProblems({ ...AZ_DEV, bastion: { enabled: true, sku: "Basic" }, web: { imageRelease: 2 } }),
      ).to.deep.equal([
        "web.imageRelease: got a key of AWS stacks (this stack says storefront:cloud: azure); expected nothing: Azure web servers run the Ubuntu 24.04 image pinned in stacks/azure-presets.ts (AZURE_WEB_IMAGE); no image pipeline builds releases yet",
        'bastion.sku: got "Basic"; expected one of: Standard, Premium',
      ]);
    });

    it("names environments as AWS stacks do: letters and digits only, so client-environment splits one way", () => {
      expect(
        azureProblems({ ...AZ_DEV, client: "acme", environment: "shop-prod", base: "prod" }),
      ).to.deep.equal([
        "environment: got \"shop-prod\"; expected 2-24 lowercase letters and digits, starting with a letter; no '-' (resources are named client-environment: acme-shop/prod and acme/shop-prod would clash)",
      ]);
      expect(
        load({ ...AZ_DEV, client: "acme-shop", environment: "staging2", base: "dev" }).environment,
      ).to.equal("staging2");
    });

    it("throws one ConfigError with every problem", () => {
      expect(() => load({ ...AZ_DEV, azure: {}, region: "mars" })).to.throw(ConfigError);
    });
  });
});
