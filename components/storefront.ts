import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Backups } from "./backups";
import { Bastion } from "./bastion";
import type { CostBudget } from "./budget";
import { DnsValidatedCertificate } from "./certificate";
import { InstanceRole } from "./compute";
import { Database } from "./database";
import { Edge, ORIGIN_LOCK_HEADER } from "./edge/edge";
import { Firewall, PORTS } from "./firewall";
import { LogArchive } from "./log-archive";
import { Network } from "./network";
import type { Observability } from "./observability/observability";
import { Search } from "./search";
import { SessionCache } from "./session-cache";
import { SharedStorage } from "./shared-storage";
import { StorefrontArgs } from "./storefront-args";
import { buildCdn, cdnOrigins, loadBalancerWaf, LOG_PREFIX } from "./storefront-edge";
import { BACKUP_TAG, wireOperations } from "./storefront-operations";
import { webUserData } from "./web/user-data";
import { WebTier } from "./web-tier";

export { StorefrontArgs } from "./storefront-args";

/**
 * The composition root: one per stack. It owns every tier and wires them together: network, firewall,
 * logs, shared media, data stores, web tier, CDN, bastion. Tiers never reach for each other directly. Tags
 * come from the AWS provider's `defaultTags`, passed in through `opts.providers`.
 */
export class Storefront extends pulumi.ComponentResource {
  readonly network: Network;
  readonly firewall: Firewall;
  readonly logs: LogArchive;
  readonly storage: SharedStorage;
  readonly database: Database;
  readonly cache: SessionCache;
  readonly search?: Search;
  readonly web: WebTier;
  readonly edge?: Edge;
  readonly bastion?: Bastion;
  readonly observability: Observability;
  readonly backups: Backups;
  readonly budget?: CostBudget;
  /** Where shoppers reach the shop. */
  readonly siteUrl: pulumi.Output<string>;

  private readonly name: string;
  private usEast1?: aws.Provider;
  private loadBalancerWebAclName?: pulumi.Output<string>;

  constructor(name: string, args: StorefrontArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:index:Storefront", name, {}, opts);
    this.name = name;
    const child = { parent: this };

    this.network = new Network(`${name}-network`, args.network, child);
    const network = this.network;
    const certificateArn = this.loadBalancerCertificate(args);

    this.firewall = new Firewall(
      `${name}-firewall`,
      {
        vpcId: network.vpcId,
        loadBalancerPorts: args.edge
          ? [PORTS.https]
          : certificateArn
            ? [PORTS.https, PORTS.http]
            : [PORTS.http],
        ...(args.edge ? { loadBalancerPrefixListId: cdnOrigins(this, name, args.edge.implementation) } : {}),
        webPort: PORTS.http,
        dataTiers: { fileSystem: true, database: true, cache: true, search: args.search !== undefined },
        ...(args.bastion ? { bastion: { sshCidrs: args.bastion.sshCidrs } } : {}),
      },
      child,
    );
    const firewall = this.firewall;

    this.logs = new LogArchive(
      `${name}-logs`,
      {
        region: args.region,
        albLogPrefix: LOG_PREFIX.alb,
        wafLogPrefix: LOG_PREFIX.waf,
        ...(args.edge?.implementation === "cloudfront" ? { cdnLogPrefix: LOG_PREFIX.cdn } : {}),
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
        securityGroupId: firewall.fileSystemSecurityGroupId!,
        clientRoleArn: webRole.roleArn,
        accessPointKeys: args.media.mounts.map((m) => m.key),
        transitionToIaDays: args.storage.transitionToIaDays,
        protect: args.protectData,
        // The stack's backup plan covers the file system; EFS's own daily backups would duplicate it.
        automaticBackups: false,
        tags: { [BACKUP_TAG]: name },
      },
      child,
    );
    this.database = new Database(
      `${name}-db`,
      {
        ...args.database,
        subnetIds: network.isolatedSubnetIds,
        availabilityZones: network.availabilityZones,
        securityGroupId: firewall.databaseSecurityGroupId!,
        protect: args.protectData,
        tags: { [BACKUP_TAG]: name },
      },
      child,
    );
    this.cache = new SessionCache(
      `${name}-sessions`,
      {
        ...args.cache,
        subnetIds: network.isolatedSubnetIds,
        securityGroupId: firewall.cacheSecurityGroupId!,
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
          securityGroupId: firewall.searchSecurityGroupId!,
          masterPasswordParameterName: `${args.parameterPath}/search/master-password`,
        },
        child,
      );
    }

    const originLock = args.edge
      ? {
          headerName: ORIGIN_LOCK_HEADER,
          headerValue: new random.RandomPassword(`${name}-origin-lock`, { length: 48, special: false }, child)
            .result,
        }
      : undefined;

    const { web } = args;
    this.web = new WebTier(
      `${name}-web`,
      {
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        loadBalancerSecurityGroupId: firewall.loadBalancerSecurityGroupId,
        webSecurityGroupId: firewall.webSecurityGroupId,
        instanceProfileArn: webRole.instanceProfileArn,
        webPort: PORTS.http,
        ...(certificateArn ? { https: { certificateArn, tlsPolicy: web.tlsPolicy } } : {}),
        ...(originLock ? { originLock } : {}),
        accessLogs: { bucket: this.logs.bucketName, prefix: LOG_PREFIX.alb, dependsOn: [this.logs.policy] },
        loadBalancer: { idleTimeoutSeconds: web.idleTimeoutSeconds, deletionProtection: args.protectData },
        healthCheck: web.healthCheck,
        deregistrationDelaySeconds: web.deregistrationDelaySeconds,
        servers: {
          instanceType: web.instanceType,
          ...(web.amiId ? { amiId: web.amiId } : {}),
          rootVolumeGiB: web.rootVolumeGiB,
          userData: this.userData(args),
          launchTags: args.tags,
        },
        capacity: web.capacity,
        refreshMinHealthyPercent: web.refreshMinHealthyPercent,
        ...(web.spot ? { spot: web.spot } : {}),
        scaling: web.scaling,
        schedule: web.schedule,
      },
      child,
    );

    if (args.edge && args.domain && originLock) {
      const cdn = buildCdn(this, name, args, originLock, this.logs);
      this.edge = cdn.edge;
      this.usEast1 = cdn.usEast1;
    }
    if (args.edge?.implementation !== "cloudfront") {
      this.loadBalancerWebAclName = loadBalancerWaf(this, name, args, this.web, this.logs);
    }
    this.dnsRecords(args);

    if (args.bastion) {
      const sshFromOutside = args.bastion.sshCidrs.length > 0;
      const subnets = sshFromOutside ? network.publicSubnetIds : network.privateSubnetIds;
      this.bastion = new Bastion(
        `${name}-bastion`,
        {
          subnetId: subnets.apply((ids) => ids[0]),
          publicIp: sshFromOutside,
          securityGroupId: firewall.bastionSecurityGroupId!,
          instanceType: args.bastion.instanceType,
          ...(args.bastion.keyName ? { keyName: args.bastion.keyName } : {}),
        },
        child,
      );
    }

    const operations = wireOperations(this, name, args, {
      web: this.web,
      database: this.database,
      cache: this.cache,
      storage: this.storage,
      ...(this.search ? { search: this.search } : {}),
      ...(this.edge ? { edge: this.edge } : {}),
      ...(this.usEast1 ? { usEast1: this.usEast1 } : {}),
      ...(this.loadBalancerWebAclName ? { loadBalancerWebAclName: this.loadBalancerWebAclName } : {}),
    });
    this.backups = operations.backups;
    this.observability = operations.observability;
    this.budget = operations.budget;

    this.siteUrl =
      this.edge?.url ??
      (certificateArn
        ? pulumi.output(`https://${args.domain!.name}`)
        : pulumi.interpolate`http://${this.web.loadBalancerDnsName}`);
    this.registerOutputs({ vpcId: network.vpcId, siteUrl: this.siteUrl });
  }

  /** Host names the load balancer's certificate covers: the site's, and the origin name behind a CDN. */
  private static loadBalancerHostnames(args: StorefrontArgs): string[] {
    const domain = args.domain!;
    return [domain.name, ...domain.aliases, ...(args.edge ? [args.edge.originHostname] : [])];
  }

  /** The load balancer's certificate: the one configured, or one issued and validated in Route 53. */
  private loadBalancerCertificate(args: StorefrontArgs): pulumi.Input<string> | undefined {
    const domain = args.domain;
    if (!domain) return undefined;
    if (domain.certificateArn) return domain.certificateArn;
    if (!domain.hostedZoneId) return undefined;
    return new DnsValidatedCertificate(
      `${this.name}-cert`,
      { hostnames: Storefront.loadBalancerHostnames(args), hostedZoneId: domain.hostedZoneId },
      { parent: this },
    ).certificateArn;
  }

  private userData(args: StorefrontArgs): pulumi.Output<string> {
    const { storage, cache } = this;
    return pulumi
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
  }

  /**
   * Route 53 records pointing at the load balancer: the site's names without a CDN, the origin name with
   * one (the CDN writes the site's records itself).
   */
  private dnsRecords(args: StorefrontArgs): void {
    const zoneId = args.domain?.hostedZoneId;
    if (!zoneId) return;
    const names = args.edge ? [args.edge.originHostname] : [args.domain!.name, ...args.domain!.aliases];
    names.forEach(
      (hostname, i) =>
        new aws.route53.Record(
          `${this.name}-${args.edge ? "origin" : "site"}${i === 0 ? "" : `-${i}`}`,
          {
            zoneId,
            name: hostname,
            type: "A",
            aliases: [
              {
                name: this.web.loadBalancerDnsName,
                zoneId: this.web.loadBalancerZoneId,
                evaluateTargetHealth: true,
              },
            ],
          },
          { parent: this },
        ),
    );
  }
}
