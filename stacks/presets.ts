import type { EnvironmentBase, FlowLogTrafficType, NatStrategy, Profile, TlsPolicy } from "./schema";

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
}

export interface EnvironmentPreset {
  readonly network: NetworkPreset;
  readonly web: WebPreset;
  readonly storage: { readonly transitionToIaDays: number };
  readonly bastion: { readonly instanceType: string };
  /** Log bucket lifecycle: days to Infrequent Access, to Glacier, to expiry. */
  readonly logs: {
    readonly infrequentAccessDays: number;
    readonly glacierDays: number;
    readonly expireDays: number;
  };
  /** Stateful resources get Pulumi's `protect` and AWS deletion protection. */
  readonly protectData: boolean;
}

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
} as const;

export const ENVIRONMENT_PRESETS: Readonly<Record<EnvironmentBase, EnvironmentPreset>> = {
  dev: {
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
    bastion: { instanceType: "t4g.nano" },
    logs: { infrequentAccessDays: 30, glacierDays: 60, expireDays: 90 },
    protectData: false,
  },
  prod: {
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
    bastion: { instanceType: "t4g.nano" },
    // Over a year of access logs: PCI DSS 10.5.1 keeps audit trails for twelve months.
    logs: { infrequentAccessDays: 30, glacierDays: 90, expireDays: 400 },
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
  readonly healthCheckPath: string;
  /** The shop's document root on the web servers. */
  readonly webRoot: string;
  readonly mediaMounts: readonly MediaMountPreset[];
}

export const PROFILE_PRESETS: Readonly<Record<Profile, ProfilePreset>> = {
  wordpress: {
    // A static file: checks the web server without a database round trip, so a database hiccup does not
    // make Auto Scaling replace the whole fleet.
    healthCheckPath: "/wp-includes/images/blank.gif",
    webRoot: "/var/www/html",
    mediaMounts: [{ key: "uploads", path: "/var/www/html/wp-content/uploads" }],
  },
  magento: {
    // Magento's own health check script, shipped in pub/.
    healthCheckPath: "/health_check.php",
    webRoot: "/var/www/magento",
    mediaMounts: [
      { key: "media", path: "/var/www/magento/pub/media" },
      { key: "var", path: "/var/www/magento/var" },
    ],
  },
};
