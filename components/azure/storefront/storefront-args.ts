import type * as pulumi from "@pulumi/pulumi";
import type { AlarmThresholds } from "../../operations/alarms";
import type { AzureBastionArgs } from "../access/bastion";
import type { ManagedRedisArgs } from "../data/managed-redis";
import type { MySqlArgs } from "../data/mysql";
import type { AzureOnlyThresholds } from "../operations/alert-signals";
import type { SearchClusterArgs } from "../search/search-cluster";
import type { KeyVaultArgs } from "../secrets/key-vault";
import type { MediaShareArgs } from "../storage/media-share";
import type { FrontDoorEdgeArgs } from "../edge/front-door";
import type { AzureMediaMount } from "../web/user-data";
import type { AzureWebTierArgs } from "../web/web-tier";

/*
 * What the Azure composition root takes: plain, typed values (stacks/ maps the stack file to them). Each
 * tier has its own section; a tier's owner adds its section here, next to its wiring in storefront.ts.
 */

export interface AzureStorefrontNetworkArgs {
  /** The virtual network's address space, /20 or larger, e.g. 10.50.0.0/16. */
  readonly addressSpace: string;
  /** Days Azure keeps the VNet flow log blobs; @default 90 */
  readonly flowLogRetentionDays?: number;
  /** The region's Network Watcher; @default { resourceGroupName: "NetworkWatcherRG", name: "NetworkWatcher_<location>" } */
  readonly networkWatcher?: { readonly resourceGroupName: string; readonly name: string };
}

/** Operations: the Log Analytics workspace, alerts to an action group, the budget (azops). */
export interface AzureStorefrontOperationsArgs {
  /** Days the workspace keeps every table interactively (30 to 730): the environment's log retention. */
  readonly logRetentionDays: number;
  /** The environment's alarm thresholds: the same values the AWS alarms use (stacks/presets.ts). */
  readonly thresholds: AlarmThresholds;
  /** Thresholds of the signals only Azure has; @default AZURE_ONLY_DEFAULTS */
  readonly azureThresholds?: AzureOnlyThresholds;
  /** Addresses that get every alert, every recovery and the budget's notifications. */
  readonly emails: readonly string[];
  /** The on-call service's webhook, a secret; @default none */
  readonly webhookUrl?: pulumi.Input<string>;
  /** Severity of every alert, 0 (critical) to 4; @default 2 */
  readonly alertSeverity?: number;
  /** A monthly cost budget on the stack's resource group; `startDate` is the clock's month, `YYYY-MM-01`. @default none */
  readonly budget?: { readonly monthlyAmount: number; readonly startDate: string };
}

/** Search for Magento: OpenSearch on a private scale set (placement, vault and naming come from the root). */
export type AzureStorefrontSearchArgs = Omit<
  SearchClusterArgs,
  | "resourceGroupName"
  | "location"
  | "subnet"
  | "webSubnetCidr"
  | "bastionSubnetCidr"
  | "applicationSecurityGroupIds"
  | "privateEndpointSubnetId"
  | "blobPrivateDnsZoneId"
  | "keyVault"
  | "stackKey"
>;

/** What the root fills in for every data tier: placement, naming and the vault. */
type Placed = "resourceGroupName" | "location" | "stackKey" | "virtualNetworkId" | "privateDnsZoneId";

/** Key Vault: retention, hand rotation, protection (placement and tenant come from the root). */
export type AzureStorefrontSecretsArgs = Omit<
  KeyVaultArgs,
  Placed | "tenantId" | "subnetId" | "readerPrincipalIds" | "wordpressSalts"
>;

/**
 * MySQL flexible server: size, zones, HA, readers, backups, protection. The root encrypts it with keys of the
 * stack's vault (and, with geo-redundant backup, of a vault in the paired region).
 */
export type AzureStorefrontDatabaseArgs = Omit<
  MySqlArgs,
  | Placed
  | "delegatedSubnetId"
  | "vault"
  | "logAnalyticsWorkspaceId"
  | "customerManagedKey"
  | "entraAdministrator"
> & {
  /**
   * The Entra ID administrator (a group) and the user-assigned identity, granted Graph read permissions by
   * a tenant administrator, that the server reads Entra ID with; the tenant is the deployment's.
   * @default none (the shared password login only)
   */
  readonly entraAdministrator?: Omit<NonNullable<MySqlArgs["entraAdministrator"]>, "tenantId">;
};

/** Azure Managed Redis for sessions: SKU, HA, persistence. */
export type AzureStorefrontCacheArgs = Omit<ManagedRedisArgs, Placed | "subnetId" | "vault">;

/** Azure Files NFS media: size, snapshot schedule and retention, protection. */
export type AzureStorefrontMediaArgs = Omit<MediaShareArgs, Placed | "subnetId">;

/**
 * The web tier: servers, capacity, campaigns (UTC windows from stacks/campaigns.ts `campaignProfiles`) and
 * the gateway. Placement, the vault and the data tiers' endpoints come from the root, which renders the
 * servers' first boot from them.
 */
export interface AzureStorefrontWebArgs {
  readonly servers: Omit<AzureWebTierArgs["servers"], "customData" | "keyVaultId">;
  /** Zones of the gateway and the scale set; empty: regional placement; @default ["1", "2", "3"] */
  readonly zones?: readonly string[];
  readonly capacity: AzureWebTierArgs["capacity"];
  readonly scaling?: AzureWebTierArgs["scaling"];
  readonly campaigns?: AzureWebTierArgs["campaigns"];
  readonly gateway?: AzureWebTierArgs["gateway"];
  readonly upgrade?: AzureWebTierArgs["upgrade"];
  /** Requests one client address may make in five minutes (`edge.waf.rateLimit`). */
  readonly rateLimit: number;
  /**
   * The versionless Key Vault secret id of the certificate covering the shop's names.
   * @default none: the gateway serves plain HTTP (a dev stack without a domain only)
   */
  readonly certificateSecretId?: string;
  /**
   * The resource id of the vault holding the certificate; the gateway's identity is granted Key Vault
   * Secrets User on the certificate's secret there. @default the stack's own vault
   */
  readonly certificateVaultId?: string;
  /** The static health file (the profile's `healthCheckPath`). */
  readonly healthCheckPath: string;
  /** The shop's document root on the servers (the profile's `webRoot`). */
  readonly webRoot: string;
  /** Cache lifetime of static files the servers send, in seconds. */
  readonly staticMaxAgeSeconds: number;
  /** Media directories of the profile, each a directory of the stack's media share. */
  readonly mediaDirectories: readonly AzureMediaMount[];
  /** e.g. `https://shop.example.com`; @default "" (the request's host) */
  readonly siteUrl?: string;
}

/** Front Door in front of the gateway: host names, path classes, WAF settings. */
export type AzureStorefrontEdgeArgs = Omit<
  FrontDoorEdgeArgs,
  "resourceGroupName" | "stackKey" | "origin" | "healthCheckPath"
> & {
  /**
   * The host name Front Door sends to the gateway (its certificate must cover it); @default the first host
   * name (none without host names: Front Door then sends the request's own, over plain HTTP)
   */
  readonly originHostHeader?: string;
};

/** Azure Bastion; leave the section out for none. */
export type AzureStorefrontAccessArgs = Pick<AzureBastionArgs, "sku" | "scaleUnits">;

export interface AzureStorefrontArgs {
  /** The client, environment and profile, as in the stack file. */
  readonly client: string;
  readonly environment: string;
  readonly profile: "wordpress" | "magento";
  /** The Azure region of every regional resource, e.g. westeurope. */
  readonly location: string;
  /** The stack's own resource group, created by the stack; @default "<name>-rg" */
  readonly resourceGroupName?: string;
  /**
   * Tags every taggable resource carries (azure-native has no provider default tags): the kit's own
   * (client, environment, profile, managed-by, pulumi-stack) and the stack file's.
   */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * A string unique to the stack across Azure (subscription, resource group, stack): names that become
   * public host names end in a hash of it (components/azure/shared/names.ts `globalName`).
   */
  readonly stackKey: string;
  readonly network: AzureStorefrontNetworkArgs;
  /**
   * The stack's Key Vault; the database, cache and media tiers need it (their generated secrets live there).
   * Each data section left out leaves its tier out of the plan (until stacks/ maps it).
   */
  readonly secrets?: AzureStorefrontSecretsArgs;
  readonly database?: AzureStorefrontDatabaseArgs;
  readonly cache?: AzureStorefrontCacheArgs;
  readonly media?: AzureStorefrontMediaArgs;
  /** OpenSearch for Magento; needs secrets (its admin password and CA seed live in Key Vault). */
  readonly search?: AzureStorefrontSearchArgs;
  /** Log Analytics, diagnostic settings, alerts and the budget; left out, the stack has none (until stacks/ maps it). */
  readonly operations?: AzureStorefrontOperationsArgs;
  /** The web tier; it needs the vault, the database, the cache and the media share. */
  readonly web?: AzureStorefrontWebArgs;
  /** Front Door in front of the web tier; without it the gateway faces the internet itself. */
  readonly edge?: AzureStorefrontEdgeArgs;
  /** Operator access; @default none */
  readonly access?: AzureStorefrontAccessArgs;
}
