import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { Provider } from "@pulumi/aws/provider";
import * as route53 from "@pulumi/aws/route53";
import { Region } from "@pulumi/aws/types/enums";
import * as wafv2 from "@pulumi/aws/wafv2";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Bastion } from "../access/bastion";
import { WebImagePipeline } from "../compute/image-pipeline";
import { InstanceRole } from "../compute/instance-role";
import { Database, DATABASE_NAME } from "../data/database";
import { Delivery } from "../delivery/delivery";
import { Search } from "../data/search";
import { SessionCache } from "../data/session-cache";
import { DnsValidatedCertificate, ValidationRecords } from "../dns/certificate";
import { CloudFrontEdge } from "../edge/cloudfront-edge";
import { Edge, EdgeArgs, ORIGIN_LOCK_HEADER, OriginLock, SECURITY_HEADERS } from "../edge/edge";
import { cloudFrontOriginPrefixList, FastlyOriginPrefixList } from "../edge/origin-network";
import { EdgeWaf } from "../edge/waf";
import { LogArchive } from "../logs/log-archive";
import { Firewall, PORTS } from "../network/firewall";
import { interfaceEndpoints, Network } from "../network/network";
import { MonitoredStack } from "../operations/alarms";
import { Backups } from "../operations/backups";
import { CostBudget } from "../operations/budget";
import { Observability } from "../operations/observability";
import { SharedStorage } from "../storage/shared-storage";
import { SiteSecrets } from "../web/site-secrets";
import { webUserData } from "../web/user-data";
import { WebTier } from "../web/web-tier";
import { StorefrontArgs } from "./storefront-args";
import { throwIfProblems } from "../shared/check-args";

/** The Fastly edge, loaded only by a stack that uses Fastly: a CloudFront stack never loads Fastly's SDK. */
/** The header Fastly's VCL sets to the shopper's address (components/edge/vcl.ts). */
const FASTLY_CLIENT_IP = "Fastly-Client-IP";

function fastlyEdge(): typeof import("../edge/fastly-edge") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../edge/fastly-edge");
}

export { StorefrontArgs, StorefrontEdgeArgs } from "./storefront-args";

/** Log bucket prefixes per source. */
export const LOG_PREFIX = { alb: "alb", cdn: "cdn", waf: "waf", artifacts: "s3/artifacts/" } as const;

/** Patch rebuilds of the web image: Sundays 03:00 UTC (Image Builder cron syntax). */
export const IMAGE_REBUILD_SCHEDULE = "cron(0 3 ? * sun *)";

/** Cache lifetime of static files on the servers when no CDN states one. */
export const DEFAULT_STATIC_MAX_AGE_SECONDS = 86400;

/** The tag AWS Backup selects the stack's data by. */
export const BACKUP_TAG = "backup-plan";

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: a CDN serves the
 * shop's own names, so it needs a domain; the chosen CDN needs its settings; a domain needs a certificate
 * source for the load balancer; Magento's catalogue needs search.
 */
export function checkStorefrontArgs(args: StorefrontArgs): void {
  const edge = args.edge;
  const domain = args.domain;
  throwIfProblems("Storefront", [
    edge !== undefined && domain === undefined && "edge: a domain for the CDN to serve (or no edge)",
    edge?.implementation === "cloudfront" && edge.cloudfront === undefined && "edge.cloudfront: its settings",
    edge?.implementation === "fastly" && edge.fastly === undefined && "edge.fastly: its settings",
    domain !== undefined &&
      domain.hostedZoneId === undefined &&
      domain.certificateArn === undefined &&
      `domain ${domain.name}: hostedZoneId or certificateArn, so that the load balancer serves HTTPS`,
    args.media.profile === "magento" &&
      args.search === undefined &&
      "search: Magento's catalogue search needs it",
  ]);
}

/**
 * The composition root: one per stack. It builds every tier in the order they depend on each other and
 * wires them together: network and firewall, logs, shared media, data stores, web tier, CDN or the load
 * balancer's own WAF, DNS, bastion, then backups, monitoring and the budget over all of them. Tiers never
 * reach for each other directly. Tags come from the AWS provider's `defaultTags`, passed in through
 * `opts.providers`.
 *
 * Read the constructor top-down: each step is a method that takes what earlier steps built and returns
 * what later steps need.
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
  /** The stack's own web image pipeline; absent when the stack brings its own image. */
  imagePipeline?: WebImagePipeline;
  readonly edge?: Edge;
  readonly bastion?: Bastion;
  readonly observability: Observability;
  readonly backups: Backups;
  readonly budget?: CostBudget;
  readonly delivery: Delivery;
  /** Where shoppers reach the shop. */
  readonly siteUrl: pulumi.Output<string>;
  /** WordPress: the secret whose value unlocks the installer for the operator (user `setup`). */
  readonly setupTokenSecretArn?: pulumi.Output<string>;
  /** ACM validation records of the stack's certificates: one owner each. */
  private readonly validationRecords = new ValidationRecords();
  private usEast1Provider?: Provider;

  private readonly name: string;

  constructor(name: string, args: StorefrontArgs, opts?: pulumi.ComponentResourceOptions) {
    checkStorefrontArgs(args);
    super("storefront:index:Storefront", name, {}, opts);
    this.name = name;
    const child = { parent: this };

    // Network and the security groups between the tiers.
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
        ...(args.edge ? { loadBalancerPrefixListId: this.cdnOrigins(args.edge.implementation) } : {}),
        webPort: PORTS.http,
        dataTiers: { fileSystem: true, database: true, cache: true, search: args.search !== undefined },
        ...(args.bastion ? { bastion: { sshCidrs: args.bastion.sshCidrs } } : {}),
        interfaceEndpoints: args.network.natGateways === "none",
      },
      child,
    );
    const firewall = this.firewall;
    if (firewall.endpointsSecurityGroupId) {
      // No NAT: the servers reach SSM, KMS, Secrets Manager and CloudWatch Logs through endpoints.
      interfaceEndpoints(
        `${name}-endpoints`,
        {
          region: args.region,
          vpcId: network.vpcId,
          subnetIds: network.privateSubnetIds,
          securityGroupId: firewall.endpointsSecurityGroupId,
        },
        { parent: this },
      );
    }

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

    // Data: shared media, the database, the session cache and (Magento) search.
    const webRole = new InstanceRole(
      `${name}-web-role`,
      {
        description: "Web servers: SSM management and the CloudWatch agent",
        managedPolicies: ["cloudWatchAgent"],
        sessionManager: true,
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
        azCount: args.network.azCount,
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

    // The secrets first boot reads, and the web role's permission to read exactly those.
    const siteSecrets = new SiteSecrets(
      `${name}-site-secrets`,
      {
        profile: args.media.profile,
        region: args.region,
        webRoleName: webRole.roleName,
        databaseSecretArn: this.database.masterSecretArn,
        databaseKeyArn: this.database.keyArn,
        parameters: {
          path: args.parameterPath,
          accountId: getCallerIdentityOutput({}, { parent: this }).accountId,
          keyArns: [this.cache.keyArn, ...(this.search ? [this.search.keyArn] : [])],
        },
      },
      child,
    );

    this.setupTokenSecretArn = siteSecrets.setupTokenSecretArn;

    // The web tier, behind the origin lock when a CDN fronts it.
    const originLock: OriginLock | undefined = args.edge
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
          imageId: this.webImage(args),
          rootVolumeGiB: web.rootVolumeGiB,
          userData: this.userData(args, siteSecrets, certificateArn ? `https://${args.domain!.name}` : ""),
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

    // The edge: a CDN in front, or the load balancer's own WAF where CloudFront does not front it.
    const cdn = args.edge && args.domain && originLock ? this.cdn(args, originLock) : undefined;
    this.edge = cdn?.edge;
    const loadBalancerWebAclName =
      args.edge?.implementation !== "cloudfront" ? this.loadBalancerWaf(args) : undefined;
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

    // Operations over every tier: backups, alarms and a dashboard, the budget.
    this.backups = this.backupPlan(args);
    this.observability = this.monitoring(args, cdn?.usEast1, loadBalancerWebAclName);
    // The deployment path of the client's code: stopped and rolled back by the 5xx alarms.
    this.delivery = new Delivery(
      `${name}-deploy`,
      {
        region: args.region,
        autoScalingGroupName: this.web.autoScalingGroupName,
        targetGroupName: this.web.targetGroupName,
        rollbackAlarmNames: ["alb-5xx-rate", "target-5xx-rate"].map((key) => {
          const alarm = this.observability.alarmNamesByKey[key];
          if (!alarm) throw new Error(`the ${key} alarm is missing`);
          return alarm;
        }),
        webRoleName: webRole.roleName,
        minimumHealthyPercent: args.delivery.minimumHealthyPercent,
        ...(args.delivery.ci ? { ci: args.delivery.ci } : {}),
        createOidcProvider: args.delivery.createOidcProvider,
        accessLogs: { bucket: this.logs.bucketName, prefix: LOG_PREFIX.artifacts },
        retain: args.protectData,
      },
      child,
    );
    if (args.operations.budget) {
      this.budget = new CostBudget(
        `${name}-budget`,
        {
          ...args.operations.budget,
          tags: { client: args.tags.client, environment: args.tags.environment },
          emails: args.operations.alertEmails,
        },
        child,
      );
    }

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
      {
        hostnames: Storefront.loadBalancerHostnames(args),
        hostedZoneId: domain.hostedZoneId,
        sharedRecords: this.validationRecords,
      },
      { parent: this },
    ).certificateArn;
  }

  /**
   * The web servers' image: the one the stack names (`web.amiId`), or the release of the stack's own
   * Image Builder pipeline. Either way it changes only when the stack file does.
   */
  private webImage(args: StorefrontArgs): pulumi.Input<string> {
    if (args.web.amiId) return args.web.amiId;
    this.imagePipeline = new WebImagePipeline(
      `${this.name}-image`,
      {
        profile: args.media.profile,
        region: args.region,
        instanceType: args.web.instanceType,
        vpcId: this.network.vpcId,
        subnetId: this.network.privateSubnetIds.apply((ids) => ids[0]),
        logRetentionDays: args.logs.serviceLogRetentionDays,
        release: args.web.imageRelease,
        schedule: IMAGE_REBUILD_SCHEDULE,
      },
      { parent: this },
    );
    return this.imagePipeline.imageId;
  }

  /** The prefix list of the CDN's origin-facing addresses, the only source the load balancer admits. */
  private cdnOrigins(implementation: "cloudfront" | "fastly"): pulumi.Input<string> {
    return implementation === "cloudfront"
      ? cloudFrontOriginPrefixList({ parent: this })
      : new FastlyOriginPrefixList(`${this.name}-fastly-origins`, { parent: this }).prefixListId;
  }

  /**
   * First-boot script of the web servers: shared media mounts, the settings and secrets files, nginx,
   * PHP-FPM and the shop's configuration. The secrets stay in Secrets Manager and Parameter Store.
   */
  private userData(args: StorefrontArgs, secrets: SiteSecrets, siteUrl: string): pulumi.Output<string> {
    const { storage, cache, database, search } = this;
    return pulumi
      .output({
        fileSystemId: storage.fileSystemId,
        accessPointIds: args.media.mounts.map((m) => storage.accessPointIds[m.key]),
        sessionHost: cache.primaryEndpoint,
        sessionPort: cache.port,
        sessionTokenParameter: cache.authTokenParameterName,
        databaseHost: database.writerEndpoint,
        databasePort: database.port,
        databaseSecretArn: database.masterSecretArn,
        saltsSecretArn: secrets.saltsSecretArn,
        setupTokenSecretArn: secrets.setupTokenSecretArn,
        searchHost: search?.endpoint,
        searchPasswordParameter: search?.masterPasswordParameterName,
      })
      .apply((v) =>
        webUserData({
          profile: args.media.profile,
          region: args.region,
          webRoot: args.media.webRoot,
          fileSystemId: v.fileSystemId,
          mounts: args.media.mounts.map((m, i) => ({ path: m.path, accessPointId: v.accessPointIds[i] })),
          settings: {
            profile: args.media.profile,
            siteUrl,
            database: { host: v.databaseHost, port: v.databasePort, name: DATABASE_NAME },
            sessions: { host: v.sessionHost, port: v.sessionPort },
            ...(v.searchHost && search
              ? { search: { host: v.searchHost, port: 443, username: search.masterUserName } }
              : {}),
          },
          secrets: {
            databaseSecretArn: v.databaseSecretArn,
            sessionTokenParameter: v.sessionTokenParameter,
            ...(v.saltsSecretArn ? { saltsSecretArn: v.saltsSecretArn } : {}),
            ...(v.setupTokenSecretArn ? { setupTokenSecretArn: v.setupTokenSecretArn } : {}),
            ...(v.searchPasswordParameter ? { searchPasswordParameter: v.searchPasswordParameter } : {}),
          },
          staticMaxAgeSeconds: args.edge?.staticTtlSeconds ?? DEFAULT_STATIC_MAX_AGE_SECONDS,
        }),
      );
  }

  /** The CDN the stack asked for, in front of the load balancer, behind the origin lock. */
  private cdn(args: StorefrontArgs, originLock: OriginLock): { edge: Edge; usEast1?: Provider } {
    const edge = args.edge!;
    const domain = args.domain!;
    const common: EdgeArgs = {
      hostnames: [domain.name, ...domain.aliases],
      originHostname: edge.originHostname,
      originLock,
      paths: edge.paths,
      staticTtlSeconds: edge.staticTtlSeconds,
      securityHeaders: SECURITY_HEADERS,
      healthCheckPath: args.web.healthCheck.path,
      ...(domain.hostedZoneId ? { hostedZoneId: domain.hostedZoneId } : {}),
    };
    if (edge.implementation === "fastly") {
      return {
        edge: new (fastlyEdge().FastlyEdge)(
          `${this.name}-fastly`,
          { ...common, ...edge.fastly! },
          { parent: this },
        ),
      };
    }
    // CloudFront's certificate, web ACL and metrics live in us-east-1, whatever the stack's region.
    const usEast1 = this.usEast1(args);
    const cloudfront = edge.cloudfront!;
    const distribution = new CloudFrontEdge(
      `${this.name}-cdn`,
      {
        ...common,
        ...(cloudfront.certificateArn ? { certificateArn: cloudfront.certificateArn } : {}),
        priceClass: cloudfront.priceClass,
        ...(cloudfront.geoRestriction ? { geoRestriction: cloudfront.geoRestriction } : {}),
        waf: args.waf,
        logBucket: { arn: this.logs.bucketArn },
        logPrefixes: { access: LOG_PREFIX.cdn, waf: LOG_PREFIX.waf },
        validationRecords: this.validationRecords,
      },
      { parent: this, providers: { aws: usEast1 } },
    );
    return { edge: distribution, usEast1 };
  }

  /**
   * Without CloudFront in front, the load balancer carries the WAF itself (regional scope), so every
   * stack inspects requests before they reach PHP, whichever CDN it uses or none. Returns the ACL's name.
   */
  private loadBalancerWaf(args: StorefrontArgs): pulumi.Output<string> {
    const waf = new EdgeWaf(
      `${this.name}-alb-waf`,
      {
        ...args.waf,
        scope: "REGIONAL",
        metricPrefix: `${this.name}-alb`,
        // Behind Fastly the source address is Fastly's; its VCL sets Fastly-Client-IP to the shopper's.
        ...(args.edge?.implementation === "fastly" ? { clientIpHeader: FASTLY_CLIENT_IP } : {}),
        logBucketArn: this.logs.bucketArn,
        logPrefix: LOG_PREFIX.waf,
      },
      { parent: this },
    );
    new wafv2.WebAclAssociation(
      `${this.name}-alb-waf`,
      { resourceArn: this.web.loadBalancerArn, webAclArn: waf.webAclArn },
      { parent: this },
    );
    return waf.webAclName;
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
        new route53.Record(
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

  /** AWS Backup for the database and the shared media, copied to a second region where configured. */
  private backupPlan(args: StorefrontArgs): Backups {
    const { backups } = args.operations;
    const copyTo = backups.copyToRegion
      ? {
          region: backups.copyToRegion,
          provider: new Provider(
            `${this.name}-${backups.copyToRegion}`,
            {
              region: backups.copyToRegion as Region,
              defaultTags: { tags: { ...args.tags } },
              ...(args.awsProfile ? { profile: args.awsProfile } : {}),
            },
            { parent: this },
          ),
        }
      : undefined;
    return new Backups(
      `${this.name}-backups`,
      {
        resourceArns: [this.database.clusterArn, this.storage.fileSystemArn],
        selectionTag: { key: BACKUP_TAG, value: this.name },
        dailyRetentionDays: backups.dailyRetentionDays,
        weeklyRetentionDays: backups.weeklyRetentionDays,
        monthlyRetentionDays: backups.monthlyRetentionDays,
        ...(copyTo ? { copyTo } : {}),
        protect: args.protectData,
      },
      { parent: this },
    );
  }

  /** The stack's us-east-1 provider (CloudFront, Route 53 health check metrics), made once. */
  private usEast1(args: StorefrontArgs): Provider {
    this.usEast1Provider ??= new Provider(
      `${this.name}-us-east-1`,
      {
        region: "us-east-1",
        defaultTags: { tags: { ...args.tags } },
        ...(args.awsProfile ? { profile: args.awsProfile } : {}),
      },
      { parent: this },
    );
    return this.usEast1Provider;
  }

  /**
   * Alarms and a dashboard over every tier the stack has. CloudFront's metrics live in us-east-1, read
   * through that provider; a load balancer's own web ACL is watched in the stack's region.
   */
  private monitoring(
    args: StorefrontArgs,
    usEast1: Provider | undefined,
    loadBalancerWebAclName: pulumi.Output<string> | undefined,
  ): Observability {
    const members = this.cache.memberClusterIds;
    const cdn = this.edge instanceof CloudFrontEdge ? this.edge : undefined;
    const stack: MonitoredStack = {
      loadBalancer: {
        arnSuffix: this.web.loadBalancerArnSuffix,
        targetGroupArnSuffix: this.web.targetGroupArnSuffix,
      },
      autoScaling: { groupName: this.web.autoScalingGroupName, minSize: args.web.capacity.minSize },
      database: { clusterIdentifier: this.database.clusterIdentifier, readers: args.database.readers },
      cache: {
        primaryNodeId: members.apply((m) => m[0]),
        ...(args.cache.replicas > 0 ? { replicaNodeId: members.apply((m) => m[1]) } : {}),
      },
      fileSystem: { id: this.storage.fileSystemId },
      ...(this.search && args.search
        ? {
            search: {
              domainName: this.search.domainName,
              accountId: getCallerIdentityOutput({}, { parent: this }).accountId,
              volumeGiB: args.search.volumeGiB,
              multiNode: args.search.instanceCount > 1,
            },
          }
        : {}),
      ...(cdn ? { cdn: { distributionId: cdn.serviceId, webAclName: cdn.webAclName } } : {}),
      ...(loadBalancerWebAclName
        ? { regionalWaf: { webAclName: loadBalancerWebAclName, region: args.region } }
        : {}),
    };
    // The shop's deep check from outside, through the name shoppers use; a stack without a domain serves
    // plain HTTP on the load balancer's name and gets none.
    const siteCheck =
      args.domain && args.operations.siteCheck
        ? { hostname: args.domain.name, ...args.operations.siteCheck }
        : undefined;
    return new Observability(
      `${this.name}-ops`,
      {
        region: args.region,
        stack,
        thresholds: args.operations.alarmThresholds,
        emails: args.operations.alertEmails,
        ...(args.operations.alertWebhookUrl ? { webhookUrl: args.operations.alertWebhookUrl } : {}),
        ...(siteCheck ? { siteCheck } : {}),
        ...(usEast1 || siteCheck ? { globalProvider: usEast1 ?? this.usEast1(args) } : {}),
      },
      { parent: this },
    );
  }
}
