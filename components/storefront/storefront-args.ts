import type { DatabaseArgs } from "../data/database";
import type { ContinuousIntegration } from "../delivery/delivery";
import type { CloudFrontEdgeArgs } from "../edge/cloudfront-edge";
import type { EdgePaths } from "../edge/edge";
import type { NetworkArgs } from "../network/network";
import type { SearchArgs } from "../data/search";
import type { SessionCacheArgs } from "../data/session-cache";
import type { AlarmThresholds } from "../operations/alarms";
import type { Profile } from "../web/templates";
import type { ScheduledCapacity } from "../web/web-tier";

/** Everything the composition root needs, already validated and with every default resolved. */
export interface StorefrontArgs {
  readonly region: string;
  /** The AWS CLI profile the stack's own providers use (the stack file's `aws:profile`). */
  readonly awsProfile?: string;
  /** The stack's tags: default tags of the providers the Storefront creates, and launch tags of servers. */
  readonly tags: Readonly<Record<string, string>>;
  readonly network: NetworkArgs;
  /** The shop's host names; without them the load balancer serves HTTP on its own DNS name. */
  readonly domain?: {
    readonly name: string;
    /** Further host names the shop answers to. */
    readonly aliases: readonly string[];
    /** Route 53 zone of the names: certificates are validated and records written there. */
    readonly hostedZoneId?: string;
    /** An issued ACM certificate in the stack's region for the load balancer, instead of issuing one. */
    readonly certificateArn?: string;
  };
  /** Present when a CDN fronts the load balancer (requires `domain`). */
  readonly edge?: StorefrontEdgeArgs;
  /** The stack's WAF: on CloudFront, or on the load balancer when CloudFront does not front it. */
  readonly waf: { readonly rateLimit: number; readonly botControl: boolean };
  readonly web: {
    readonly instanceType: string;
    /** Bring-your-own image; without it the stack builds its own with Image Builder. */
    readonly amiId?: string;
    /** The release of the stack's own image the fleet runs (ignored with `amiId`). */
    readonly imageRelease: number;
    readonly rootVolumeGiB: number;
    readonly capacity: {
      readonly minSize: number;
      readonly maxSize: number;
      readonly desiredCapacity: number;
    };
    readonly scaling: { readonly cpuTargetPercent: number; readonly requestsPerTarget?: number };
    readonly spot?: { readonly instanceTypes: readonly string[]; readonly onDemandBaseCapacity: number };
    readonly schedule: readonly ScheduledCapacity[];
    readonly healthCheck: { readonly path: string; readonly graceSeconds: number };
    readonly deregistrationDelaySeconds: number;
    readonly idleTimeoutSeconds: number;
    readonly tlsPolicy: string;
    readonly refreshMinHealthyPercent: number;
  };
  /** The deployment path of the client's code. */
  readonly delivery: {
    readonly minimumHealthyPercent: number;
    readonly createOidcProvider: boolean;
    /** The client's CI; without it there is no CI role. */
    readonly ci?: ContinuousIntegration;
  };
  /** The shop software and the directories whose files live on shared storage. */
  readonly media: {
    readonly profile: Profile;
    /** The shop's document root on the servers. */
    readonly webRoot: string;
    readonly mounts: readonly { key: string; path: string }[];
  };
  readonly storage: { readonly transitionToIaDays: number };
  readonly logs: {
    readonly lifecycle: { infrequentAccessDays: number; glacierDays: number; expireDays: number };
    /** Retention of the servers' log groups (web and PHP logs). */
    readonly serviceLogRetentionDays: number;
  };
  readonly database: Omit<DatabaseArgs, "subnetIds" | "availabilityZones" | "securityGroupId" | "protect">;
  readonly cache: Omit<SessionCacheArgs, "subnetIds" | "securityGroupId" | "authTokenParameterName">;
  /** Present when the stack has OpenSearch. */
  readonly search?: Omit<SearchArgs, "subnetIds" | "securityGroupId" | "masterPasswordParameterName">;
  /** SSM Parameter Store path under which the stack publishes generated secrets, e.g. `/storefront/acme/prod`. */
  readonly parameterPath: string;
  /** Present when there is a bastion. */
  readonly bastion?: {
    readonly sshCidrs: readonly string[];
    readonly instanceType: string;
    readonly keyName?: string;
  };
  /** Deletion protection and Pulumi `protect` on stateful resources. */
  readonly protectData: boolean;
  readonly operations: {
    readonly alarmThresholds: AlarmThresholds;
    readonly alertEmails: readonly string[];
    /** An on-call service's webhook; a secret. */
    readonly alertWebhookUrl?: string;
    /** Present when the stack has a monthly budget. */
    readonly budget?: { readonly monthlyAmount: number; readonly currency: string };
    /**
     * The profile's deep health check (PHP and the data stores), requested over HTTPS at the stack's
     * domain from these Route 53 checker regions and alarmed on; skipped without a domain.
     * @default none
     */
    readonly siteCheck?: { readonly path: string; readonly regions: readonly string[] };
    readonly backups: {
      readonly dailyRetentionDays: number;
      readonly weeklyRetentionDays: number;
      readonly monthlyRetentionDays: number;
      readonly copyToRegion?: string;
    };
  };
}

export interface StorefrontEdgeArgs {
  readonly implementation: "cloudfront" | "fastly";
  /** Host name the CDN reaches the load balancer by. */
  readonly originHostname: string;
  readonly paths: EdgePaths;
  readonly staticTtlSeconds: number;
  readonly cloudfront?: Pick<CloudFrontEdgeArgs, "priceClass" | "geoRestriction"> & {
    /** us-east-1 certificate for the host names; @default issued in the hosted zone */
    readonly certificateArn?: string;
  };
  readonly fastly?: { readonly shieldPop: string; readonly ngwafWorkspaceId?: string };
}
