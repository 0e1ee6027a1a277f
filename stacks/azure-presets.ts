import type {
  BASTION_SKUS,
  ENVIRONMENT_BASES,
  MYSQL_HA_MODES,
  MYSQL_TIERS,
  MYSQL_VERSIONS,
  PROFILES,
} from "./schema/azure";

/*
 * Presets of Azure stacks: what an Azure stack gets when its file does not say otherwise, per environment
 * (dev is cheap, prod survives a zone's loss; neither is insecure) and per profile. The capacity model and
 * the shared keys' meanings are those of the AWS presets (stacks/presets.ts); the vocabulary is Azure's.
 * Secure settings that hold for every stack live in the components, not here.
 */

type Base = (typeof ENVIRONMENT_BASES)[number];
type Profile = (typeof PROFILES)[number];

export interface AzureEnvironmentPreset {
  /** Availability zones of the stack's zonal resources: none in dev (regional placement), all three in prod. */
  readonly zoneCount: number;
  readonly network: { readonly cidr: string; readonly flowLogRetentionDays: number };
  readonly web: {
    readonly instanceType: string;
    readonly rootVolumeGiB: number;
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredCapacity: number;
    readonly cpuTargetPercent: number;
    readonly healthCheckGraceSeconds: number;
    readonly campaignLeadMinutes: number;
    readonly campaignTimeZone: string;
  };
  readonly database: {
    readonly version: (typeof MYSQL_VERSIONS)[number];
    readonly tier: (typeof MYSQL_TIERS)[number];
    readonly sku: string;
    readonly storageGiB: number;
    readonly readers: number;
    readonly backupRetentionDays: number;
    readonly highAvailability: (typeof MYSQL_HA_MODES)[number];
    readonly geoRedundantBackup: boolean;
  };
  readonly cache: { readonly sku: string; readonly replicas: number };
  readonly search: {
    readonly instanceType: string;
    readonly instanceCount: number;
    readonly volumeGiB: number;
  };
  readonly storage: { readonly shareGiB: number; readonly snapshotRetentionDays: number };
  readonly edge: { readonly staticTtlSeconds: number; readonly rateLimit: number };
  /** Application Gateway v2 autoscaling bounds (instances). */
  readonly gateway: { readonly minCapacity: number; readonly maxCapacity: number };
  readonly bastion: { readonly sku: (typeof BASTION_SKUS)[number] };
  readonly logs: { readonly retentionDays: number };
  /** Stateful resources get Pulumi's `protect` (and the database a delete lock). */
  readonly protectData: boolean;
}

const WEB_COMMON = {
  rootVolumeGiB: 30,
  cpuTargetPercent: 70,
  healthCheckGraceSeconds: 300,
  campaignLeadMinutes: 60,
  campaignTimeZone: "UTC",
} as const;

export const AZURE_ENVIRONMENT_PRESETS: Readonly<Record<Base, AzureEnvironmentPreset>> = {
  dev: {
    zoneCount: 0,
    // Flow logs and workspace keep 90 days at least (CIS Azure 7.5; the pack's vnet-flow-logs-enabled and
    // log-analytics-retention rules).
    network: { cidr: "10.50.0.0/16", flowLogRetentionDays: 90 },
    // Arm64 servers as t4g.medium on AWS (2 vCPUs, 4 GiB), of a series Trusted Launch supports (Dplsv6;
    // components/azure/shared/vm-sizes.ts: the Ampere Bpsv2/Dpsv5 generation is not named as supported).
    web: { ...WEB_COMMON, instanceType: "Standard_D2pls_v6", minSize: 1, maxSize: 3, desiredCapacity: 1 },
    database: {
      version: "8.0.21",
      tier: "Burstable",
      sku: "Standard_B1ms",
      storageGiB: 20,
      readers: 0,
      backupRetentionDays: 7,
      highAvailability: "Disabled",
      geoRedundantBackup: false,
    },
    cache: { sku: "Balanced_B0", replicas: 0 },
    // OpenSearch's release is the linux-x64 build (components/azure/search): x64 sizes only.
    search: { instanceType: "Standard_B2s_v2", instanceCount: 1, volumeGiB: 32 },
    storage: { shareGiB: 100, snapshotRetentionDays: 7 },
    edge: { staticTtlSeconds: 86400, rateLimit: 2000 },
    // One instance is enough to try a change; v2 autoscaling takes a maximum of 2 or more.
    gateway: { minCapacity: 1, maxCapacity: 2 },
    bastion: { sku: "Standard" },
    logs: { retentionDays: 90 },
    protectData: false,
  },
  prod: {
    zoneCount: 3,
    network: { cidr: "10.50.0.0/16", flowLogRetentionDays: 365 },
    // Arm64 general purpose, as m7g.large on AWS (2 vCPUs, 8 GiB), Dpsv6: the Dpsv5 generation is "currently
    // not supported" by Trusted Launch, which every scale set sets. Magento's profile steps up below.
    web: { ...WEB_COMMON, instanceType: "Standard_D2ps_v6", minSize: 3, maxSize: 12, desiredCapacity: 3 },
    database: {
      version: "8.0.21",
      tier: "GeneralPurpose",
      sku: "Standard_D4ds_v4",
      storageGiB: 128,
      readers: 1,
      backupRetentionDays: 35,
      highAvailability: "ZoneRedundant",
      geoRedundantBackup: true,
    },
    cache: { sku: "Balanced_B3", replicas: 1 },
    search: { instanceType: "Standard_E2s_v5", instanceCount: 3, volumeGiB: 128 },
    storage: { shareGiB: 256, snapshotRetentionDays: 30 },
    edge: { staticTtlSeconds: 604800, rateLimit: 2000 },
    // Two instances at least: one may fail or be updated while the other serves (appgw-zone-redundant).
    gateway: { minCapacity: 2, maxCapacity: 10 },
    bastion: { sku: "Standard" },
    logs: { retentionDays: 365 },
    protectData: true,
  },
};

/** What the shop software needs on Azure, per profile. */
export interface AzureProfilePreset {
  /** Magento needs a search engine; WordPress does not. */
  readonly search: boolean;
  /** Prod web server size per profile (Magento is CPU-bound: 4 vCPUs, as c7g.xlarge on AWS). */
  readonly prodWebInstanceType?: string;
}

export const AZURE_PROFILE_PRESETS: Readonly<Record<Profile, AzureProfilePreset>> = {
  wordpress: { search: false },
  magento: { search: true, prodWebInstanceType: "Standard_D4ps_v6" },
};

/** The servers' Linux user (Bastion sessions log in as it, with the operators' keys). */
export const AZURE_ADMIN_USERNAME = "storefront";

/**
 * The web servers' image: Canonical's Ubuntu 24.04 LTS at an exact version, so the fleet moves to a new
 * image only when this line changes (the web tier refuses "latest"). Arm64 sizes (the "p" feature letter,
 * "Azure virtual machine sizes naming conventions") need the Arm64 build: a VM boots only an image of its
 * own architecture ("Azure Virtual Machines with Ampere Altra Arm-based processors": Arm64 images only).
 */
export const AZURE_WEB_IMAGE = {
  publisher: "Canonical",
  offer: "ubuntu-24_04-lts",
  x64Sku: "server",
  arm64Sku: "server-arm64",
  version: "24.04.202511040",
} as const;
