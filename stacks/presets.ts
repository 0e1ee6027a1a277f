import { HEALTH_CHECK_PATH } from "../components/web/templates";
import type { AlarmThresholds } from "../components/operations/alarms";
import type {
  CacheEngine,
  Currency,
  EdgeProvider,
  EnvironmentBase,
  FlowLogTrafficType,
  NatStrategy,
  PriceClass,
  Profile,
  TlsPolicy,
} from "./schema";

/*
 * Presets: what a stack gets when its file does not say otherwise. Environment presets size and harden
 * (dev is cheap, prod is fault tolerant; neither is insecure); profile presets carry what the shop
 * software needs. Secure settings that hold for every stack live in the components, not here.
 */

export interface NetworkPreset {
  readonly cidr: string;
  readonly azCount: number;
  readonly natGateways: NatStrategy;
  readonly flowLogs: { readonly trafficType: FlowLogTrafficType; readonly retentionDays: number };
}

export interface WebPreset {
  readonly instanceType: string;
  readonly rootVolumeGiB: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  readonly cpuTargetPercent: number;
  readonly healthCheckGraceSeconds: number;
  readonly deregistrationDelaySeconds: number;
  readonly idleTimeoutSeconds: number;
  readonly tlsPolicy: TlsPolicy;
  readonly refreshMinHealthyPercent: number;
  readonly campaignLeadMinutes: number;
  readonly campaignTimeZone: string;
  /** On-demand servers below the Spot share, when a stack turns Spot on. */
  readonly spotOnDemandBaseCapacity: number;
  /** The web image release the fleet runs: raising it builds a new image and rolls the fleet onto it. */
  readonly imageRelease: number;
}

export interface DatabasePreset {
  readonly engineVersion: string;
  readonly instanceClass: string;
  /** Serverless v2 capacity; when set, instances are `db.serverless`. */
  readonly serverless?: { readonly minCapacity: number; readonly maxCapacity: number };
  readonly readers: number;
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  /** Average reader CPU that reader auto scaling aims for, when a stack turns it on. */
  readonly readerCpuTargetPercent: number;
}

export interface CachePreset {
  readonly engine: CacheEngine;
  readonly engineVersion: string;
  readonly nodeType: string;
  readonly replicas: number;
  readonly snapshotRetentionDays: number;
  readonly maintenanceWindow: string;
}

export interface SearchPreset {
  readonly engineVersion: string;
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly volumeGiB: number;
  readonly dedicatedMasterType: string;
}

export interface EdgePreset {
  /** The CDN in front of the load balancer when the stack has a domain and does not name one. */
  readonly provider: EdgeProvider;
  /** The CDN reaches the load balancer at `<originHostPrefix>.<domain.name>`. */
  readonly originHostPrefix: string;
  /** AWS WAF Bot Control (a paid managed rule group): off unless a stack asks for it. */
  readonly botControl: boolean;
  readonly priceClass: PriceClass;
  /** How long static files and media stay cached at the edge, in seconds. */
  readonly staticTtlSeconds: number;
  /** Requests one client IP may make per five minutes before the WAF blocks it. */
  readonly rateLimit: number;
}

export interface EnvironmentPreset {
  readonly edge: EdgePreset;
  readonly network: NetworkPreset;
  readonly web: WebPreset;
  readonly storage: { readonly transitionToIaDays: number };
  readonly database: DatabasePreset;
  readonly cache: CachePreset;
  readonly search: SearchPreset;
  readonly bastion: { readonly instanceType: string };
  /** AWS Backup plan: days each daily, weekly and monthly recovery point is kept (0: no such rule). */
  readonly backups: {
    readonly dailyRetentionDays: number;
    readonly weeklyRetentionDays: number;
    readonly monthlyRetentionDays: number;
  };
  /** Alarm thresholds: dev tolerates more before waking anyone. */
  readonly alarms: AlarmThresholds;
  /** Retention of service logs in CloudWatch Logs (cache slow log, search logs), in days. */
  readonly serviceLogRetentionDays: number;
  /** Log bucket lifecycle: days to Infrequent Access, to Glacier, to expiry. */
  readonly logs: {
    readonly infrequentAccessDays: number;
    readonly glacierDays: number;
    readonly expireDays: number;
  };
  /** The currency of a budget that names none (AWS Budgets bills in USD). */
  readonly budget: { readonly currency: Currency };
  /** Stateful resources get Pulumi's `protect` and AWS deletion protection. */
  readonly protectData: boolean;
}

// Backups run in the small hours UTC, maintenance after them; both away from European and US peaks.
const WINDOWS = { backupWindow: "02:00-03:00", maintenanceWindow: "sun:03:30-sun:04:30" } as const;
const CACHE_WINDOW = "sun:05:00-sun:06:00";
/**
 * A long-term support release: clusters on an LTS minor version stay on it for at least three years and
 * are moved to the next LTS when they must upgrade ("Long-term support (LTS) and beta releases for Amazon
 * Aurora MySQL", Aurora User Guide; 3.04 and 3.10 are the current LTS lines). The Database ignores
 * version changes AWS makes after creation (components/data/database.ts).
 */
const AURORA_VERSION = "8.0.mysql_aurora.3.10.0";
const OPENSEARCH_VERSION = "OpenSearch_2.19";

const WEB_COMMON = {
  rootVolumeGiB: 20,
  // 70% average CPU is where the case studies scale out: headroom for the minutes new servers need.
  cpuTargetPercent: 70,
  healthCheckGraceSeconds: 300,
  deregistrationDelaySeconds: 30,
  idleTimeoutSeconds: 60,
  tlsPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  campaignLeadMinutes: 60,
  campaignTimeZone: "UTC",
  // All servers may be Spot in dev: a reclaimed server is replaced within minutes.
  spotOnDemandBaseCapacity: 0,
  imageRelease: 1,
} as const;

// CloudFront: the WAF and certificate stay in AWS; `origin.<domain>` is the load balancer's own name.
const EDGE_COMMON = {
  provider: "cloudfront",
  originHostPrefix: "origin",
  botControl: false,
  rateLimit: 2000,
} as const;
// Target tracking adds readers when their average CPU passes this, as for the web servers.
const READER_CPU_TARGET_PERCENT = 70;

export const ENVIRONMENT_PRESETS: Readonly<Record<EnvironmentBase, EnvironmentPreset>> = {
  dev: {
    edge: { ...EDGE_COMMON, priceClass: "PriceClass_100", staticTtlSeconds: 86400 },
    network: {
      cidr: "10.0.0.0/16",
      azCount: 2,
      // One NAT gateway: private subnets lose egress if its AZ fails, which dev can live with.
      natGateways: "single",
      flowLogs: { trafficType: "ALL", retentionDays: 14 },
    },
    web: {
      ...WEB_COMMON,
      instanceType: "t4g.medium",
      minSize: 1,
      maxSize: 3,
      desiredCapacity: 1,
      refreshMinHealthyPercent: 0,
    },
    storage: { transitionToIaDays: 30 },
    // Serverless v2 scales to half a capacity unit when nobody is testing.
    database: {
      ...WINDOWS,
      readerCpuTargetPercent: READER_CPU_TARGET_PERCENT,
      engineVersion: AURORA_VERSION,
      instanceClass: "db.t4g.medium",
      serverless: { minCapacity: 0.5, maxCapacity: 4 },
      readers: 0,
      backupRetentionDays: 1,
    },
    cache: {
      engine: "redis",
      engineVersion: "7.1",
      nodeType: "cache.t4g.small",
      replicas: 0,
      snapshotRetentionDays: 1,
      maintenanceWindow: CACHE_WINDOW,
    },
    search: {
      engineVersion: OPENSEARCH_VERSION,
      instanceType: "t3.medium.search",
      instanceCount: 1,
      volumeGiB: 20,
      dedicatedMasterType: "m7g.large.search",
    },
    bastion: { instanceType: "t4g.nano" },
    logs: { infrequentAccessDays: 30, glacierDays: 60, expireDays: 90 },
    serviceLogRetentionDays: 14,
    backups: { dailyRetentionDays: 7, weeklyRetentionDays: 0, monthlyRetentionDays: 0 },
    alarms: {
      errorRatePercent: 5,
      p95Seconds: 3,
      p99Seconds: 6,
      webCpuPercent: 90,
      dbCpuPercent: 90,
      dbFreeMemoryMiB: 128,
      dbConnections: 500,
      replicaLagMs: 5000,
      cacheCpuPercent: 90,
      cacheMemoryPercent: 90,
      efsIoLimitPercent: 95,
      searchJvmPressurePercent: 92,
      searchFreeStoragePercent: 10,
      cdnErrorRatePercent: 10,
    },
    budget: { currency: "USD" },
    protectData: false,
  },
  prod: {
    // Shoppers everywhere get a nearby edge; a week of caching for assets whose URLs carry versions.
    edge: { ...EDGE_COMMON, priceClass: "PriceClass_All", staticTtlSeconds: 604800 },
    network: {
      cidr: "10.0.0.0/16",
      azCount: 3,
      natGateways: "one-per-az",
      // A year of flow logs covers PCI DSS 10.5.1's retention of audit trails.
      flowLogs: { trafficType: "ALL", retentionDays: 365 },
    },
    // One server per AZ at least; refreshes replace a tenth of the fleet at a time.
    web: {
      ...WEB_COMMON,
      instanceType: "m7g.large",
      minSize: 3,
      maxSize: 12,
      desiredCapacity: 3,
      refreshMinHealthyPercent: 90,
    },
    storage: { transitionToIaDays: 30 },
    // A writer and a reader in another AZ; a month of point-in-time recovery.
    database: {
      ...WINDOWS,
      readerCpuTargetPercent: READER_CPU_TARGET_PERCENT,
      engineVersion: AURORA_VERSION,
      instanceClass: "db.r7g.large",
      readers: 1,
      backupRetentionDays: 30,
    },
    cache: {
      engine: "redis",
      engineVersion: "7.1",
      nodeType: "cache.r7g.large",
      replicas: 1,
      snapshotRetentionDays: 7,
      maintenanceWindow: CACHE_WINDOW,
    },
    // Three data nodes, one per AZ.
    search: {
      engineVersion: OPENSEARCH_VERSION,
      instanceType: "r7g.large.search",
      instanceCount: 3,
      volumeGiB: 100,
      dedicatedMasterType: "m7g.large.search",
    },
    bastion: { instanceType: "t4g.nano" },
    // Over a year of access logs: PCI DSS 10.5.1 keeps audit trails for twelve months.
    logs: { infrequentAccessDays: 30, glacierDays: 90, expireDays: 400 },
    serviceLogRetentionDays: 365,
    // Five weeks of dailies, three months of weeklies, a year of monthlies.
    backups: { dailyRetentionDays: 35, weeklyRetentionDays: 90, monthlyRetentionDays: 365 },
    // Shoppers leave at about 1% errors or a 1.5-second p95; capacity alarms leave room to react.
    alarms: {
      errorRatePercent: 1,
      p95Seconds: 1.5,
      p99Seconds: 3,
      webCpuPercent: 85,
      dbCpuPercent: 80,
      dbFreeMemoryMiB: 512,
      dbConnections: 1000,
      replicaLagMs: 1000,
      cacheCpuPercent: 80,
      cacheMemoryPercent: 80,
      efsIoLimitPercent: 80,
      searchJvmPressurePercent: 85,
      searchFreeStoragePercent: 20,
      cdnErrorRatePercent: 2,
    },
    budget: { currency: "USD" },
    protectData: true,
  },
};

export interface MediaMountPreset {
  /** Short key, used in resource names and as the access point's directory on EFS. */
  readonly key: string;
  /** Where the web servers mount it. */
  readonly path: string;
}

export interface ProfilePreset {
  /**
   * The load balancer's check: the static file first boot writes last, the same for both profiles. It
   * checks the server without a database round trip, so a database hiccup never makes Auto Scaling
   * replace the whole fleet.
   */
  readonly healthCheckPath: string;
  /** The shop's own check through PHP and its data stores, for alarms. */
  readonly deepHealthCheckPath: string;
  /** Magento needs OpenSearch for its catalogue search; WordPress does not. */
  readonly search: boolean;
  /** CDN path classes: cached long, or never cached whatever else applies. */
  readonly edgePaths: { readonly static: readonly string[]; readonly neverCache: readonly string[] };
  /** The shop's document root on the web servers. */
  readonly webRoot: string;
  readonly mediaMounts: readonly MediaMountPreset[];
}

export const PROFILE_PRESETS: Readonly<Record<Profile, ProfilePreset>> = {
  wordpress: {
    healthCheckPath: HEALTH_CHECK_PATH,
    // PHP and the database: watched by an alarm, never by Auto Scaling.
    deepHealthCheckPath: "/wp-login.php",
    search: false,
    edgePaths: {
      static: ["/wp-content/*", "/wp-includes/*"],
      neverCache: [
        "/wp-admin/*",
        "/wp-login.php",
        "/wp-json/*",
        "/cart*",
        "/checkout*",
        "/my-account*",
        "/xmlrpc.php",
      ],
    },
    webRoot: "/var/www/html",
    mediaMounts: [{ key: "uploads", path: "/var/www/html/wp-content/uploads" }],
  },
  magento: {
    healthCheckPath: HEALTH_CHECK_PATH,
    // Magento's own health check script, shipped in pub/: PHP, the database and the cache.
    deepHealthCheckPath: "/health_check.php",
    search: true,
    edgePaths: {
      static: ["/static/*", "/media/*"],
      neverCache: ["/admin*", "/checkout*", "/customer*", "/rest/*", "/graphql*", "/wishlist*", "/sales/*"],
    },
    webRoot: "/var/www/magento",
    mediaMounts: [
      { key: "media", path: "/var/www/magento/pub/media" },
      { key: "var", path: "/var/www/magento/var" },
    ],
  },
};
