import type { z } from "zod";
import type { deliverySchema } from "./schema/delivery";
import type { CachePreset, DatabasePreset, SearchPreset } from "./presets";
import type {
  EdgeProvider,
  PriceClass,
  CampaignConfig,
  EnvironmentBase,
  FlowLogTrafficType,
  NatStrategy,
  Profile,
  TlsPolicy,
} from "./schema";

/** A stack's configuration after validation, with every preset filled in. */
export type DeliveryConfig = z.infer<typeof deliverySchema>;

export interface StackConfig {
  readonly stack: string;
  readonly client: string;
  readonly environment: string;
  readonly base: EnvironmentBase;
  readonly profile: Profile;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Stateful resources get Pulumi's `protect` and AWS deletion protection (prod). */
  readonly protectData: boolean;
  readonly domain?: {
    readonly name: string;
    readonly aliases?: readonly string[];
    readonly hostedZoneId?: string;
    readonly certificateArn?: string;
  };
  /** The stack's WAF: CloudFront's, or the load balancer's when CloudFront does not front it. */
  readonly waf: { readonly rateLimit: number; readonly botControl: boolean };
  /** Present when the CDN is enabled. */
  readonly edge?: {
    readonly provider: EdgeProvider;
    /** Host name the CDN reaches the load balancer by; its certificate must cover it. */
    readonly originHostname: string;
    /** us-east-1 certificate for CloudFront; else one is issued in the hosted zone. */
    readonly certificateArn?: string;
    readonly priceClass: PriceClass;
    readonly staticTtlSeconds: number;
    readonly geoRestriction?: { readonly mode: "allow" | "deny"; readonly countries: readonly string[] };
    readonly fastly?: {
      readonly shieldPop?: string;
      readonly ngwafWorkspaceId?: string;
      /** Whether `fastly:apiKey` is in the stack's configuration, and as a secret (never its value). */
      readonly apiKey: "missing" | "plain" | "secret";
    };
  };
  readonly network: {
    readonly cidr: string;
    readonly azCount: number;
    /** Explicit zones; when absent the first `azCount` available zones of the region are used. */
    readonly availabilityZones?: readonly string[];
    readonly natGateways: NatStrategy;
    readonly flowLogs: { readonly trafficType: FlowLogTrafficType; readonly retentionDays: number };
  };
  /** How the client's CI deploys (absent: the deployment group exists, no CI role). */
  readonly delivery?: DeliveryConfig;
  readonly web: {
    readonly instanceType: string;
    readonly amiId?: string;
    readonly imageRelease: number;
    readonly rootVolumeGiB: number;
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredCapacity: number;
    readonly cpuTargetPercent: number;
    readonly requestsPerTarget?: number;
    readonly healthCheckPath: string;
    readonly healthCheckGraceSeconds: number;
    readonly deregistrationDelaySeconds: number;
    readonly idleTimeoutSeconds: number;
    readonly tlsPolicy: TlsPolicy;
    readonly refreshMinHealthyPercent: number;
    /** Present when Spot capacity is enabled (non-prod only). */
    readonly spot?: { readonly instanceTypes: readonly string[]; readonly onDemandBaseCapacity: number };
    readonly campaignLeadMinutes: number;
    readonly campaignTimeZone: string;
    readonly campaigns: readonly CampaignConfig[];
  };
  readonly storage: { readonly transitionToIaDays: number };
  readonly database: Omit<DatabasePreset, "readerCpuTargetPercent"> & {
    /** Present when readers scale with CPU. */
    readonly readerAutoScaling?: { readonly maxReaders: number; readonly cpuTargetPercent: number };
  };
  readonly cache: CachePreset;
  /** Present when the stack has OpenSearch (always for Magento). */
  readonly search?: Omit<SearchPreset, "dedicatedMasterType"> & {
    /** Present when dedicated master nodes are enabled. */
    readonly dedicatedMasterType?: string;
    /** Create the account's OpenSearch service-linked role (one stack per account, once). */
    readonly createServiceLinkedRole?: boolean;
  };
  readonly alerts: { readonly emails: readonly string[]; readonly webhookUrl?: string };
  /** Present when a monthly budget is configured. */
  readonly budget?: { readonly monthlyAmount: number; readonly currency: string };
  /** Log bucket lifecycle, in days from creation. */
  readonly logs: {
    readonly infrequentAccessDays: number;
    readonly glacierDays: number;
    readonly expireDays: number;
  };
  readonly backups: {
    readonly dailyRetentionDays: number;
    readonly weeklyRetentionDays: number;
    readonly monthlyRetentionDays: number;
    readonly copyToRegion?: string;
  };
  /** Present when the bastion is enabled. */
  readonly bastion?: {
    readonly sshCidrs: readonly string[];
    readonly keyName?: string;
    readonly instanceType: string;
  };
}
