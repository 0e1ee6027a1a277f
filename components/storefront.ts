import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Bastion } from "./bastion";
import { Database, DatabaseArgs } from "./database";
import { Search, SearchArgs } from "./search";
import { SessionCache, SessionCacheArgs } from "./session-cache";
import { DnsValidatedCertificate } from "./certificate";
import { InstanceRole } from "./compute";
import { Firewall, PORTS } from "./firewall";
import { LogBucket } from "./log-bucket";
import { Network, NetworkArgs } from "./network";
import { SharedStorage } from "./shared-storage";
import { webUserData } from "./web/user-data";
import { ScheduledCapacity, WebTier } from "./web-tier";

export interface StorefrontArgs {
  readonly region: string;
  readonly network: NetworkArgs;
  /** The shop's host name; without one the load balancer serves HTTP on its own DNS name. */
  readonly domain?: {
    readonly name: string;
    /** Route 53 zone of the domain: the certificate is validated and the site record written there. */
    readonly hostedZoneId?: string;
    /** An issued ACM certificate in the stack's region, used instead of issuing one. */
    readonly certificateArn?: string;
  };
  readonly web: {
    readonly instanceType: string;
    readonly amiId?: string;
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
    /** Tags for instances and volumes the Auto Scaling group launches. */
    readonly launchTags: Readonly<Record<string, string>>;
  };
  /** The shop software and the directories whose files live on shared storage. */
  readonly media: { readonly profile: string; readonly mounts: readonly { key: string; path: string }[] };
  readonly storage: { readonly transitionToIaDays: number };
  readonly logs: {
    readonly lifecycle: { infrequentAccessDays: number; glacierDays: number; expireDays: number };
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
}

const ALB_LOG_PREFIX = "alb";

/**
 * The composition root: one per stack. It owns every tier and wires them together (network, firewall,
 * logs, shared media, web tier, bastion); tiers never reach for each other directly. Tags come from the
 * AWS provider's `defaultTags`, passed in through `opts.providers`.
 */
export class Storefront extends pulumi.ComponentResource {
  readonly network: Network;
  readonly firewall: Firewall;
  readonly logs: LogBucket;
  readonly storage: SharedStorage;
  readonly web: WebTier;
  readonly database: Database;
  readonly cache: SessionCache;
  readonly search?: Search;
  readonly bastion?: Bastion;
  /** Where shoppers reach the shop. */
  readonly siteUrl: pulumi.Output<string>;

  constructor(name: string, args: StorefrontArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:index:Storefront", name, {}, opts);
    const child = { parent: this };

    this.network = new Network(`${name}-network`, args.network, child);
    const network = this.network;
    const certificateArn = this.certificate(name, args);

    this.firewall = new Firewall(
      `${name}-firewall`,
      {
        vpcId: network.vpcId,
        loadBalancerPorts: certificateArn ? [PORTS.https, PORTS.http] : [PORTS.http],
        webPort: PORTS.http,
        dataTiers: { fileSystem: true, database: true, cache: true, search: args.search !== undefined },
        ...(args.bastion ? { bastion: { sshCidrs: args.bastion.sshCidrs } } : {}),
      },
      child,
    );

    this.logs = new LogBucket(
      `${name}-logs`,
      {
        region: args.region,
        albLogPrefix: ALB_LOG_PREFIX,
        lifecycle: args.logs.lifecycle,
        retain: args.protectData,
      },
      child,
    );

    const webRole = new InstanceRole(
      `${name}-web-role`,
      {
        description: "Web servers: SSM management and the CloudWatch agent",
        managedPolicies: ["ssm", "cloudWatchAgent"],
      },
      child,
    );

    this.storage = new SharedStorage(
      `${name}-media`,
      {
        subnetIds: network.privateSubnetIds,
        subnetCount: args.network.azCount,
        securityGroupId: this.firewall.fileSystemSecurityGroupId!,
        clientRoleArn: webRole.roleArn,
        accessPointKeys: args.media.mounts.map((m) => m.key),
        transitionToIaDays: args.storage.transitionToIaDays,
        protect: args.protectData,
      },
      child,
    );

    this.database = new Database(
      `${name}-db`,
      {
        ...args.database,
        subnetIds: network.isolatedSubnetIds,
        availabilityZones: network.availabilityZones,
        securityGroupId: this.firewall.databaseSecurityGroupId!,
        protect: args.protectData,
      },
      child,
    );
    this.cache = new SessionCache(
      `${name}-sessions`,
      {
        ...args.cache,
        subnetIds: network.isolatedSubnetIds,
        securityGroupId: this.firewall.cacheSecurityGroupId!,
        authTokenParameterName: `${args.parameterPath}/sessions/auth-token`,
      },
      child,
    );
    if (args.search) {
      this.search = new Search(
        `${name}-search`,
        {
          ...args.search,
          subnetIds: network.isolatedSubnetIds,
          securityGroupId: this.firewall.searchSecurityGroupId!,
          masterPasswordParameterName: `${args.parameterPath}/search/master-password`,
        },
        child,
      );
    }

    const storage = this.storage;
    const cache = this.cache;
    const userData = pulumi
      .output({
        fileSystemId: storage.fileSystemId,
        host: cache.primaryEndpoint,
        port: cache.port,
        authTokenParameterName: cache.authTokenParameterName,
        accessPointIds: args.media.mounts.map((m) => storage.accessPointIds[m.key]),
      })
      .apply(({ fileSystemId, host, port, authTokenParameterName, accessPointIds }) =>
        webUserData({
          profile: args.media.profile,
          fileSystemId,
          mounts: args.media.mounts.map((m, i) => ({ path: m.path, accessPointId: accessPointIds[i] })),
          sessions: { host, port, authTokenParameterName, region: args.region },
        }),
      );

    const { web } = args;
    this.web = new WebTier(
      `${name}-web`,
      {
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        loadBalancerSecurityGroupId: this.firewall.loadBalancerSecurityGroupId,
        webSecurityGroupId: this.firewall.webSecurityGroupId,
        instanceProfileArn: webRole.instanceProfileArn,
        webPort: PORTS.http,
        ...(certificateArn ? { https: { certificateArn, tlsPolicy: web.tlsPolicy } } : {}),
        accessLogs: { bucket: this.logs.bucketName, prefix: ALB_LOG_PREFIX, dependsOn: [this.logs.policy] },
        loadBalancer: { idleTimeoutSeconds: web.idleTimeoutSeconds, deletionProtection: args.protectData },
        healthCheck: web.healthCheck,
        deregistrationDelaySeconds: web.deregistrationDelaySeconds,
        servers: {
          instanceType: web.instanceType,
          ...(web.amiId ? { amiId: web.amiId } : {}),
          rootVolumeGiB: web.rootVolumeGiB,
          userData,
          launchTags: web.launchTags,
        },
        capacity: web.capacity,
        refreshMinHealthyPercent: web.refreshMinHealthyPercent,
        ...(web.spot ? { spot: web.spot } : {}),
        scaling: web.scaling,
        schedule: web.schedule,
      },
      child,
    );

    if (args.domain?.hostedZoneId) {
      new aws.route53.Record(
        `${name}-site`,
        {
          zoneId: args.domain.hostedZoneId,
          name: args.domain.name,
          type: "A",
          aliases: [
            {
              name: this.web.loadBalancerDnsName,
              zoneId: this.web.loadBalancerZoneId,
              evaluateTargetHealth: true,
            },
          ],
        },
        child,
      );
    }

    if (args.bastion) {
      const sshFromOutside = args.bastion.sshCidrs.length > 0;
      const subnets = sshFromOutside ? network.publicSubnetIds : network.privateSubnetIds;
      this.bastion = new Bastion(
        `${name}-bastion`,
        {
          subnetId: subnets.apply((ids) => ids[0]),
          publicIp: sshFromOutside,
          securityGroupId: this.firewall.bastionSecurityGroupId!,
          instanceType: args.bastion.instanceType,
          ...(args.bastion.keyName ? { keyName: args.bastion.keyName } : {}),
        },
        child,
      );
    }

    this.siteUrl = certificateArn
      ? pulumi.output(`https://${args.domain!.name}`)
      : pulumi.interpolate`http://${this.web.loadBalancerDnsName}`;
    this.registerOutputs({ vpcId: network.vpcId, siteUrl: this.siteUrl });
  }

  /** The load balancer's certificate: the one configured, or one issued and validated in Route 53. */
  private certificate(name: string, args: StorefrontArgs): pulumi.Input<string> | undefined {
    const domain = args.domain;
    if (!domain) return undefined;
    if (domain.certificateArn) return domain.certificateArn;
    if (!domain.hostedZoneId) return undefined;
    return new DnsValidatedCertificate(
      `${name}-cert`,
      { domainName: domain.name, hostedZoneId: domain.hostedZoneId },
      { parent: this },
    ).certificateArn;
  }
}
