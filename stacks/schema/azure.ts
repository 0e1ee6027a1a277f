import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { LARGEST_VNET_PREFIX_LENGTH } from "../../components/azure/network/subnet-layout";
import { AZURE_TAG_LIMITS } from "../../components/azure/shared/tags";
import { parseVpcCidr } from "../cidr";
import { AZURE_LOCATIONS } from "../azure-locations";
import { ISO_COUNTRY_CODES } from "./countries";
import { environmentName, hostname, name, oneOf, wholeNumber } from "./fields";
import { campaignSchema } from "./web";

/*
 * What an Azure stack file (`storefront:cloud: azure`) may say. Keys shared with AWS stacks mean the same
 * (client, environment, base, profile, region, tags, domain.name/aliases, network.cidr, web capacity,
 * health check and campaigns, database.readers/backupRetentionDays, cache.replicas, search sizing,
 * edge.staticTtlSeconds/geoRestriction/waf.rateLimit, bastion.enabled, alerts, budget.monthlyAmount);
 * cloud vocabulary is Azure's (VM sizes, SKUs, locations and zones, Key Vault certificate, Azure DNS) and
 * what only Azure has sits under `storefront:azure`. AWS-only keys are refused with what to write
 * instead (stacks/azure-config.ts). This module loads nothing of the AWS SDK.
 */

export const PROFILES = ["wordpress", "magento"] as const;
export const ENVIRONMENT_BASES = ["dev", "prod"] as const;

const LOCATION_RULE = "an Azure location such as westeurope, northeurope or eastus2";
const location = z.string({ error: LOCATION_RULE }).refine((l) => AZURE_LOCATIONS.includes(l), {
  error: (issue) => `${LOCATION_RULE}; closest: ${closest(String(issue.input), [...AZURE_LOCATIONS])}`,
});

const GUID_RULE = "a GUID such as 00000000-0000-0000-0000-000000000000";
const guid = z
  .string({ error: GUID_RULE })
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    error: GUID_RULE,
  });

// Microsoft.Resources resourcegroups: 1-90 letters, digits, '_', '-', '.', '(' and ')', not ending with
// '.' ("Naming rules and restrictions for Azure resources").
const RG_RULE =
  "a resource group name: 1-90 letters, digits, '_', '-', '.', '(' and ')', not ending with '.'";
const resourceGroup = z
  .string({ error: RG_RULE })
  .regex(/^[\p{L}\p{Nd}_.()-]{0,89}[\p{L}\p{Nd}_()-]$/u, { error: RG_RULE });

const ZONE_RULE = 'a list of availability zones from "1", "2" and "3", each once';
const zones = z
  .array(z.enum(["1", "2", "3"], { error: ZONE_RULE }), { error: ZONE_RULE })
  .min(1, { error: ZONE_RULE })
  .max(3, { error: ZONE_RULE })
  .refine((list) => new Set(list).size === list.length, { error: ZONE_RULE });

/*
 * VM sizes: "Standard_" then family letters, vCPUs (a constrained size adds -<active vCPUs>), additive
 * features in lowercase, an optional accelerator and a version ("Azure virtual machine sizes naming
 * conventions"): Standard_D4ps_v6, Standard_D2pls_v6, Standard_E8-4ds_v5, Standard_F4s_v2.
 */
const VM_SIZE_RULE = "an Azure VM size such as Standard_D2ps_v6, Standard_D4as_v5 or Standard_D2pls_v6";
export const AZURE_VM_SIZE = /^Standard_([A-Z]{1,3})(\d+)(-(\d+))?([a-z]*)(_[A-Z]\d+)?(_v\d+)?$/;
export const vmSize = z.string({ error: VM_SIZE_RULE }).regex(AZURE_VM_SIZE, { error: VM_SIZE_RULE });

const HEALTH_PATH_RULE = "an absolute URL path such as /storefront-health.txt";

/** Tags: Azure's rules ("Use tags to organize your Azure resources", Limitations); tags.ts holds them. */
const TAG_NAME_RULE = `a tag name of 1 to ${AZURE_TAG_LIMITS.nameMax} characters without ${AZURE_TAG_LIMITS.forbiddenInName.join(" ")} or control characters (Azure's tag rules)`;
const TAG_VALUE_RULE = `a tag value of at most ${AZURE_TAG_LIMITS.valueMax} characters (Azure's tag rules)`;
const tags = z.record(
  z
    .string({ error: TAG_NAME_RULE })
    .min(1, { error: TAG_NAME_RULE })
    .max(AZURE_TAG_LIMITS.nameMax, { error: TAG_NAME_RULE })
    // eslint-disable-next-line no-control-regex
    .regex(/^[^<>%&\\?/\u0000-\u001f]+$/, { error: TAG_NAME_RULE }),
  z.string({ error: TAG_VALUE_RULE }).max(AZURE_TAG_LIMITS.valueMax, { error: TAG_VALUE_RULE }),
  { error: "a map of tag names to string values" },
);

/*
 * A Key Vault secret id of the certificate Application Gateway serves
 * (https://<vault>.vault.azure.net/secrets/<name>[/<version>]): without a version the gateway follows the
 * certificate's renewals ("TLS termination with Key Vault certificates").
 */
const CERT_RULE = "a Key Vault secret id such as https://acme-certs.vault.azure.net/secrets/shop-tls";
const certificateSecretId = z
  .string({ error: CERT_RULE })
  .regex(
    /^https:\/\/[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]\.vault\.azure\.net\/secrets\/[A-Za-z0-9-]{1,127}(\/[0-9a-f]{32})?$/,
    {
      error: CERT_RULE,
    },
  );

/*
 * The Key Vault holding the certificate: the gateway's identity is granted Key Vault Secrets User on the
 * certificate's secret there, so the kit needs the vault's resource id. Vault names: 3-24 letters, digits
 * and '-', starting with a letter, ending with a letter or digit, no "--" ("Naming rules and restrictions
 * for Azure resources", Microsoft.KeyVault vaults).
 */
const VAULT_NAME_RULE =
  "a Key Vault name: 3-24 letters, digits and '-', starting with a letter, ending with a letter or digit, no '--'";
const certificateVault = z.strictObject(
  {
    subscriptionId: guid.optional(),
    resourceGroup,
    name: z
      .string({ error: VAULT_NAME_RULE })
      .regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, { error: VAULT_NAME_RULE }),
  },
  {
    error:
      "a map with resourceGroup, name and optionally subscriptionId (the Key Vault holding domain.certificateSecretId)",
  },
);

const SSH_KEY_RULE = "a list of OpenSSH public keys such as ssh-ed25519 AAAAC3... ops@example.com";

/** A calendar date, YYYY-MM-DD (UTC), that exists. */
const SECRETS_EXPIRY_RULE = "a date (YYYY-MM-DD, UTC) such as 2027-11-30";
const calendarDate = z
  .string({ error: SECRETS_EXPIRY_RULE })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: SECRETS_EXPIRY_RULE })
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, { error: SECRETS_EXPIRY_RULE });

export const azureSectionSchema = z.strictObject(
  {
    subscriptionId: guid,
    tenantId: guid.optional(),
    /** The stack's resource group: created by the stack (default <client>-<environment>-rg). */
    resourceGroup: resourceGroup.optional(),
    zones: zones.optional(),
    /**
     * The operators' SSH public keys: the only way into the servers (no passwords), reached through Azure
     * Bastion. Linux VMs take RSA (2048 bits or more) and Ed25519 keys ("Supported SSH key formats").
     */
    sshPublicKeys: z
      .array(
        z
          .string({ error: SSH_KEY_RULE })
          .regex(/^(ssh-ed25519|ssh-rsa) [A-Za-z0-9+/]{40,}={0,2}( \S+)?$/, { error: SSH_KEY_RULE }),
        { error: SSH_KEY_RULE },
      )
      .min(1, { error: SSH_KEY_RULE })
      .optional(),
    networkWatcher: z
      .strictObject(
        {
          resourceGroup,
          name: z.string({ error: "a Network Watcher name" }).min(1, { error: "a Network Watcher name" }),
        },
        { error: "a map with resourceGroup and name" },
      )
      .optional(),
    /**
     * When every secret the kit generates expires (Key Vault `exp`, 00:00 UTC that day). A date in the
     * stack file, not one computed from the clock, so a plan never differs from the last `pulumi up`;
     * moving it forward is how a consultancy extends the secrets (see the README's secret expiry).
     */
    secretsExpireOn: calendarDate.optional(),
  },
  {
    error:
      "a map with subscriptionId, tenantId, resourceGroup, zones, sshPublicKeys, networkWatcher and secretsExpireOn",
  },
);

const domain = z.strictObject(
  {
    name: hostname,
    aliases: z.array(hostname, { error: "a list of further host names the shop answers to" }).optional(),
    /** The Azure DNS zone of the shop's names, where the kit writes Front Door's validation and CNAME records. */
    dnsZone: z
      .strictObject(
        { resourceGroup, name: hostname },
        { error: "a map with resourceGroup and name (an Azure DNS zone)" },
      )
      .optional(),
    certificateSecretId: certificateSecretId.optional(),
    /** Where the certificate lives (the gateway's identity may read it there); @default none */
    certificateVault: certificateVault.optional(),
  },
  { error: "a map with name, aliases, dnsZone, certificateSecretId and certificateVault" },
);

const COUNTRY_RULE = "an ISO 3166-1 alpha-2 country code such as DE, FR, GB or US";

const edge = z.strictObject(
  {
    enabled: z.boolean({ error: "true or false" }).optional(),
    staticTtlSeconds: wholeNumber(60, 31536000).optional(),
    geoRestriction: z
      .strictObject(
        {
          mode: oneOf(["allow", "deny"] as const),
          countries: z
            .array(
              z
                .string({ error: COUNTRY_RULE })
                .refine((c) => ISO_COUNTRY_CODES.has(c), { error: COUNTRY_RULE }),
              {
                error: COUNTRY_RULE,
              },
            )
            .min(1, { error: COUNTRY_RULE }),
        },
        { error: "a map with mode (allow or deny) and countries" },
      )
      .optional(),
    waf: z
      .strictObject(
        // Requests one client IP may make per five minutes (Front Door WAF rate-limit rules count per 1 or 5
        // minutes; the kit uses 5, as AWS WAF does).
        { rateLimit: wholeNumber(10, 2000000000).optional() },
        { error: "a map with rateLimit" },
      )
      .optional(),
  },
  { error: "a map of Front Door settings" },
);

const NETWORK_CIDR_RULE = "a private IPv4 network address with a /16 to /20 prefix, such as 10.50.0.0/16";
/** The tiers' subnets fit a /20 (components/azure/network/subnet-layout.ts); Azure takes up to a /8. */
const networkCidr = z.string({ error: NETWORK_CIDR_RULE }).superRefine((text, ctx) => {
  const parsed = parseVpcCidr(text);
  if ("problem" in parsed) {
    ctx.addIssue({ code: "custom", message: `${NETWORK_CIDR_RULE} (the value ${parsed.problem})` });
  } else if (parsed.prefixLength < 16 || parsed.prefixLength > LARGEST_VNET_PREFIX_LENGTH) {
    ctx.addIssue({
      code: "custom",
      message: `${NETWORK_CIDR_RULE} (the tiers' subnets need a /${LARGEST_VNET_PREFIX_LENGTH} or larger)`,
    });
  }
});

const network = z.strictObject(
  {
    cidr: networkCidr.optional(),
    flowLogs: z
      .strictObject(
        // "Retention is available only if you use general-purpose v2 storage accounts ... 0 to 365 days"
        // (Flow logging for virtual networks).
        { retentionDays: wholeNumber(0, 365).optional() },
        { error: "a map with retentionDays" },
      )
      .optional(),
  },
  { error: "a map with cidr and flowLogs" },
);

const web = z.strictObject(
  {
    instanceType: vmSize.optional(),
    rootVolumeGiB: wholeNumber(30, 1024).optional(),
    minSize: wholeNumber(1, 500).optional(),
    maxSize: wholeNumber(1, 500).optional(),
    desiredCapacity: wholeNumber(1, 500).optional(),
    cpuTargetPercent: wholeNumber(10, 90).optional(),
    healthCheckPath: z
      .string({ error: HEALTH_PATH_RULE })
      .regex(/^\/[^\s?#]*$/, { error: HEALTH_PATH_RULE })
      .optional(),
    healthCheckGraceSeconds: wholeNumber(0, 3600).optional(),
    campaignLeadMinutes: wholeNumber(0, 1440).optional(),
    campaignTimeZone: campaignSchema.shape.timeZone,
    campaigns: z.array(campaignSchema, { error: "a list of campaigns" }).optional(),
  },
  { error: "a map of web tier settings" },
);

/** MySQL Flexible Server compute tiers ("Azure Database for MySQL - Flexible Server service tiers"). */
export const MYSQL_TIERS = ["Burstable", "GeneralPurpose", "MemoryOptimized"] as const;
export const MYSQL_HA_MODES = ["ZoneRedundant", "SameZone", "Disabled"] as const;
export const MYSQL_VERSIONS = ["8.0.21", "8.4"] as const;
const MYSQL_SKU_RULE =
  "a MySQL Flexible Server compute size such as Standard_B1ms, Standard_D4ds_v4 or Standard_E4ds_v4";

/*
 * The Entra ID administrator of the MySQL server: a group (or user) by display name and object id, and the
 * user-assigned identity the server reads Entra ID with. That identity needs Microsoft Graph User.Read.All,
 * GroupMember.Read.All and Application.Read.All (or Directory Readers), which "Only a user with at least
 * the Privileged Role Administrator role can grant" ("Microsoft Entra authentication for Azure Database for
 * MySQL - Flexible Server", permissions): a tenant administrator grants them once to an identity that
 * then serves every server ("When you grant the permissions to the UMI, they apply to all servers you
 * create with the UMI assigned"), so the stack names that identity rather than making a new one.
 */
const ENTRA_LOGIN_RULE =
  "the display name of the Microsoft Entra group (or user) that administers the server";
const IDENTITY_ID_RULE =
  "a user-assigned identity's resource id such as /subscriptions/<GUID>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>";
// Microsoft.ManagedIdentity userAssignedIdentities: 3-128 letters, digits, '-' and '_', starting with a
// letter or digit ("Naming rules and restrictions for Azure resources"); ARM ids ignore case.
const USER_ASSIGNED_IDENTITY_ID =
  /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourcegroups\/[\p{L}\p{Nd}_.()-]{0,89}[\p{L}\p{Nd}_()-]\/providers\/microsoft\.managedidentity\/userassignedidentities\/[a-z0-9][a-z0-9_-]{2,127}$/iu;
const entraAdmin = z.strictObject(
  {
    login: z.string({ error: ENTRA_LOGIN_RULE }).regex(/^[^\p{Cc}]+$/u, { error: ENTRA_LOGIN_RULE }),
    objectId: guid,
    identityId: z
      .string({ error: IDENTITY_ID_RULE })
      .regex(USER_ASSIGNED_IDENTITY_ID, { error: IDENTITY_ID_RULE }),
  },
  { error: "a map with login, objectId and identityId" },
);

const database = z.strictObject(
  {
    version: oneOf(MYSQL_VERSIONS).optional(),
    tier: oneOf(MYSQL_TIERS).optional(),
    sku: z
      .string({ error: MYSQL_SKU_RULE })
      .regex(/^Standard_[BDE]\d+[a-z]*(_v\d)?$/, { error: MYSQL_SKU_RULE })
      .optional(),
    // 20 GiB to 16 TiB of storage ("service tiers", Storage).
    storageGiB: wholeNumber(20, 16384).optional(),
    // Up to 10 read replicas per source server ("Read replicas in Azure Database for MySQL - Flexible Server").
    readers: wholeNumber(0, 10).optional(),
    backupRetentionDays: wholeNumber(1, 35).optional(),
    highAvailability: oneOf(MYSQL_HA_MODES).optional(),
    geoRedundantBackup: z.boolean({ error: "true or false" }).optional(),
    entraAdmin: entraAdmin.optional(),
  },
  { error: "a map of database settings" },
);

/** Azure Managed Redis SKUs: Balanced_B<n>, MemoryOptimized_M<n>, ComputeOptimized_X<n>, FlashOptimized_A<n>. */
const REDIS_SKU_RULE = "an Azure Managed Redis SKU such as Balanced_B1, Balanced_B5 or MemoryOptimized_M10";

const cache = z.strictObject(
  {
    sku: z
      .string({ error: REDIS_SKU_RULE })
      .regex(/^(Balanced_B|MemoryOptimized_M|ComputeOptimized_X|FlashOptimized_A)\d+$/, {
        error: REDIS_SKU_RULE,
      })
      .optional(),
    // Azure Managed Redis keeps one replica when high availability is on: 0 or 1.
    replicas: wholeNumber(0, 1).optional(),
  },
  { error: "a map with sku and replicas" },
);

const search = z.strictObject(
  {
    enabled: z.boolean({ error: "true or false" }).optional(),
    instanceType: vmSize.optional(),
    instanceCount: wholeNumber(1, 20).optional(),
    volumeGiB: wholeNumber(32, 4096).optional(),
  },
  { error: "a map with enabled, instanceType, instanceCount and volumeGiB" },
);

const storage = z.strictObject(
  {
    // Premium (SSD) file shares are provisioned from 100 GiB ("Understand Azure Files billing", provisioned v1).
    shareGiB: wholeNumber(100, 102400).optional(),
    snapshotRetentionDays: wholeNumber(1, 365).optional(),
  },
  { error: "a map with shareGiB and snapshotRetentionDays" },
);

/*
 * Standard and Premium run in AzureBastionSubnet, from which alone the web servers' NSG admits SSH, and
 * offer native-client tunnelling (`az network bastion ssh`) with SSH keys ("About Bastion configuration
 * settings"). Basic has no native client (the servers take keys only, no passwords) and Developer reaches
 * servers from outside AzureBastionSubnet, which the network does not open: neither is offered.
 */
export const BASTION_SKUS = ["Standard", "Premium"] as const;

const bastion = z.strictObject(
  { enabled: z.boolean({ error: "true or false" }).optional(), sku: oneOf(BASTION_SKUS).optional() },
  { error: "a map with enabled and sku" },
);

const EMAIL_RULE =
  "an email address such as ops@example.com, at most 254 characters with at most 64 before the @ (RFC 5321)";
const email = z
  .string({ error: EMAIL_RULE })
  .max(254, { error: EMAIL_RULE })
  .refine((a) => a.lastIndexOf("@") <= 64, { error: EMAIL_RULE })
  .pipe(z.email({ error: EMAIL_RULE }));
// A budget notification takes at most 50 contact e-mails (Consumption REST API, Budgets, Notification
// contactEmails); the kit notifies the same addresses as the alerts, and keeps AWS's 10 as the shared limit.
const EMAILS_RULE = "a list of 1 to 10 email addresses";

const alerts = z.strictObject(
  {
    emails: z.array(email, { error: EMAILS_RULE }).max(10, { error: EMAILS_RULE }).optional(),
    webhookUrl: z
      .url({ error: "an https:// URL of the on-call service's webhook", protocol: /^https$/ })
      .optional(),
  },
  { error: "a map with emails and webhookUrl" },
);

const budget = z.strictObject(
  {
    // Azure budgets count in the subscription's billing currency: there is no currency to choose.
    monthlyAmount: z
      .number({ error: "a positive amount of money per month, such as 1500" })
      .positive({ error: "a positive amount of money per month, such as 1500" })
      .max(10000000, { error: "a positive amount of money per month, such as 1500" }),
  },
  { error: "a map with monthlyAmount (in the subscription's billing currency)" },
);

const logs = z.strictObject(
  // A Log Analytics workspace keeps data 30 to 730 days interactively ("Manage data retention in a Log
  // Analytics workspace").
  { retentionDays: wholeNumber(30, 730).optional() },
  { error: "a map with retentionDays" },
);

/** Everything an Azure stack file may state under the project namespace. */
export const azureStackConfigSchema = z.strictObject({
  cloud: z.literal("azure", { error: "azure" }),
  client: name,
  // The same rule as AWS stacks (stacks/schema/fields.ts): no '-', so <client>-<environment> splits one way.
  environment: environmentName,
  base: oneOf(ENVIRONMENT_BASES).optional(),
  profile: oneOf(PROFILES),
  region: location,
  tags: tags.optional(),
  azure: azureSectionSchema,
  domain: domain.optional(),
  edge: edge.optional(),
  network: network.optional(),
  web: web.optional(),
  storage: storage.optional(),
  database: database.optional(),
  cache: cache.optional(),
  search: search.optional(),
  bastion: bastion.optional(),
  alerts: alerts.optional(),
  budget: budget.optional(),
  logs: logs.optional(),
});

export type RawAzureStackConfig = z.infer<typeof azureStackConfigSchema>;
