import * as autoscaling from "@pulumi/aws/autoscaling";
import * as ec2 from "@pulumi/aws/ec2";
import * as lb from "@pulumi/aws/lb";
import * as pulumi from "@pulumi/pulumi";
import { autonamed } from "../shared/names";
import { throwIfProblems } from "../shared/check-args";

export interface ScheduledCapacity {
  readonly name: string;
  /** UTC, `YYYY-MM-DDThh:mm:ssZ`. */
  readonly startTime: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** -1 leaves the desired count unchanged. */
  readonly desiredCapacity: number;
}

export interface WebTierArgs {
  readonly vpcId: pulumi.Input<string>;
  /** Subnets of the load balancer, one per AZ. */
  readonly publicSubnetIds: pulumi.Input<string[]>;
  /** Subnets of the web servers, one per AZ. */
  readonly privateSubnetIds: pulumi.Input<string[]>;
  readonly loadBalancerSecurityGroupId: pulumi.Input<string>;
  readonly webSecurityGroupId: pulumi.Input<string>;
  readonly instanceProfileArn: pulumi.Input<string>;
  /** Port the servers serve HTTP on. */
  readonly webPort: number;
  /** HTTPS settings; without them the load balancer serves plain HTTP (dev without a domain only). */
  readonly https?: { readonly certificateArn: pulumi.Input<string>; readonly tlsPolicy: string };
  /**
   * Behind a CDN: only requests carrying this header reach the servers (others get 403), and there is no
   * HTTP listener, since the CDN reaches the origin over HTTPS only.
   */
  readonly originLock?: { readonly headerName: string; readonly headerValue: pulumi.Input<string> };
  readonly accessLogs: {
    readonly bucket: pulumi.Input<string>;
    readonly prefix: string;
    /** Resources that must exist first, such as the bucket policy granting log delivery. */
    readonly dependsOn: pulumi.Resource[];
  };
  readonly loadBalancer: { readonly idleTimeoutSeconds: number; readonly deletionProtection: boolean };
  readonly healthCheck: { readonly path: string; readonly graceSeconds: number };
  readonly deregistrationDelaySeconds: number;
  readonly servers: {
    readonly instanceType: string;
    /** The image servers boot: the stack's own build or one the client brings. */
    readonly imageId: pulumi.Input<string>;
    readonly rootVolumeGiB: number;
    readonly userData: pulumi.Input<string>;
    /** Tags for instances and volumes, which the provider's default tags do not reach. */
    readonly launchTags: Readonly<Record<string, string>>;
  };
  readonly capacity: { readonly minSize: number; readonly maxSize: number; readonly desiredCapacity: number };
  /** Instance refresh keeps at least this share of the fleet in service. */
  readonly refreshMinHealthyPercent: number;
  /** Mixed On-Demand and Spot capacity (non-prod only). */
  readonly spot?: { readonly instanceTypes: readonly string[]; readonly onDemandBaseCapacity: number };
  readonly scaling: { readonly cpuTargetPercent: number; readonly requestsPerTarget?: number };
  readonly schedule: readonly ScheduledCapacity[];
}

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: the capacity
 * triple, Spot types, and a health check path the load balancer can request.
 */
export function checkWebTierArgs(args: WebTierArgs): void {
  const { minSize, maxSize, desiredCapacity } = args.capacity;
  throwIfProblems("WebTier", [
    minSize > maxSize && `capacity.minSize ${minSize}: at most maxSize ${maxSize}`,
    (desiredCapacity < minSize || desiredCapacity > maxSize) &&
      `capacity.desiredCapacity ${desiredCapacity}: from minSize ${minSize} to maxSize ${maxSize}`,
    args.spot?.instanceTypes.length === 0 && "spot.instanceTypes []: one instance type or more",
    !args.healthCheck.path.startsWith("/") &&
      `healthCheck.path ${args.healthCheck.path}: a path starting with /`,
    ...args.schedule.map(
      (s, i) =>
        s.minSize > s.maxSize && `schedule[${i}].minSize ${s.minSize}: at most its maxSize ${s.maxSize}`,
    ),
  ]);
}

/**
 * The stateless web tier: an internet-facing ALB in every AZ's public subnet, and web servers in an Auto
 * Scaling group over every AZ's private subnet, behind it. HTTP only redirects to HTTPS; servers take no
 * public address, require IMDSv2 and boot from encrypted gp3 volumes; the fleet follows CPU (and
 * optionally request count), pre-scales for campaigns and replaces itself when its launch template changes.
 */
export class WebTier extends pulumi.ComponentResource {
  readonly loadBalancerArn: pulumi.Output<string>;
  readonly loadBalancerArnSuffix: pulumi.Output<string>;
  readonly loadBalancerDnsName: pulumi.Output<string>;
  readonly loadBalancerZoneId: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  readonly targetGroupName: pulumi.Output<string>;
  readonly autoScalingGroupName: pulumi.Output<string>;
  readonly launchTemplateId: pulumi.Output<string>;

  private readonly name: string;

  constructor(name: string, args: WebTierArgs, opts?: pulumi.ComponentResourceOptions) {
    checkWebTierArgs(args);
    super("storefront:web:WebTier", name, {}, opts);
    this.name = name;

    const alb = new lb.LoadBalancer(
      autonamed("aws:lb/loadBalancer:LoadBalancer", `${name}-alb`),
      {
        loadBalancerType: "application",
        internal: false,
        subnets: args.publicSubnetIds,
        securityGroups: [args.loadBalancerSecurityGroupId],
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "defensive",
        enableDeletionProtection: args.loadBalancer.deletionProtection,
        idleTimeout: args.loadBalancer.idleTimeoutSeconds,
        enableHttp2: true,
        accessLogs: { bucket: args.accessLogs.bucket, prefix: args.accessLogs.prefix, enabled: true },
        tags: { Name: `${name}-alb` },
      },
      { parent: this, dependsOn: args.accessLogs.dependsOn },
    );

    const targetGroup = new lb.TargetGroup(
      autonamed("aws:lb/targetGroup:TargetGroup", `${name}-tg`),
      {
        vpcId: args.vpcId,
        targetType: "instance",
        protocol: "HTTP",
        port: args.webPort,
        deregistrationDelay: args.deregistrationDelaySeconds,
        // Sessions live in Redis, so any server can take any request; route to the least busy one.
        stickiness: { type: "lb_cookie", enabled: false },
        loadBalancingAlgorithmType: "least_outstanding_requests",
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          path: args.healthCheck.path,
          matcher: "200-399",
          interval: 15,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
        tags: { Name: `${name}-tg` },
      },
      { parent: this },
    );

    this.listeners(alb, targetGroup, args);
    const launchTemplate = this.launchTemplate(args);
    const group = this.autoScalingGroup(launchTemplate, targetGroup, args);
    this.scaling(group, alb, targetGroup, args);

    this.loadBalancerArn = alb.arn;
    this.loadBalancerArnSuffix = alb.arnSuffix;
    this.loadBalancerDnsName = alb.dnsName;
    this.loadBalancerZoneId = alb.zoneId;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.targetGroupName = targetGroup.name;
    this.autoScalingGroupName = group.name;
    this.launchTemplateId = launchTemplate.id;
    this.registerOutputs({
      loadBalancerArn: this.loadBalancerArn,
      loadBalancerDnsName: this.loadBalancerDnsName,
      autoScalingGroupName: this.autoScalingGroupName,
    });
  }

  private listeners(alb: lb.LoadBalancer, targetGroup: lb.TargetGroup, args: WebTierArgs): void {
    const forward = [{ type: "forward", targetGroupArn: targetGroup.arn }];
    if (!args.https) {
      // The listener says why it serves plain HTTP (a dev stack without a domain), so that the policy
      // pack, under `pulumi preview --policy-pack` too, reports it as a declared no-domain listener
      // (advisory) rather than a mandatory violation (policy/rules/alb.ts, alb-plain-http-no-domain).
      new lb.Listener(
        `${this.name}-http`,
        {
          loadBalancerArn: alb.arn,
          port: 80,
          protocol: "HTTP",
          defaultActions: forward,
          tags: { "plain-http": "no-domain" },
        },
        { parent: this },
      );
      return;
    }
    const lock = args.originLock;
    const https = new lb.Listener(
      `${this.name}-https`,
      {
        loadBalancerArn: alb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: args.https.tlsPolicy,
        certificateArn: args.https.certificateArn,
        defaultActions: lock
          ? [
              {
                type: "fixed-response",
                fixedResponse: { contentType: "text/plain", messageBody: "Forbidden", statusCode: "403" },
              },
            ]
          : forward,
      },
      { parent: this },
    );
    if (lock) {
      new lb.ListenerRule(
        `${this.name}-origin-lock`,
        {
          listenerArn: https.arn,
          priority: 1,
          conditions: [{ httpHeader: { httpHeaderName: lock.headerName, values: [lock.headerValue] } }],
          actions: forward,
        },
        { parent: this },
      );
      return;
    }
    new lb.Listener(
      `${this.name}-http-redirect`,
      {
        loadBalancerArn: alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ],
      },
      { parent: this },
    );
  }

  /** Tags every server and its volumes carry, whether set by the launch template or the group. */
  private serverTags(servers: WebTierArgs["servers"]): Record<string, string> {
    return { ...servers.launchTags, Name: `${this.name}-server` };
  }

  private launchTemplate(args: WebTierArgs): ec2.LaunchTemplate {
    const { servers } = args;
    const tags = this.serverTags(servers);
    return new ec2.LaunchTemplate(
      `${this.name}-lt`,
      {
        description: "Web servers of the storefront",
        imageId: servers.imageId,
        instanceType: servers.instanceType,
        iamInstanceProfile: { arn: args.instanceProfileArn },
        // IMDSv2 only, one hop: credentials stay out of reach of SSRF and of containers on the host.
        metadataOptions: {
          httpEndpoint: "enabled",
          httpTokens: "required",
          httpPutResponseHopLimit: 1,
          // Off: nothing on the servers reads tags from the metadata service, and with it on EC2 refuses to
          // launch an instance whose tag keys hold spaces or '/' (EC2 User Guide, "View tags for your EC2
          // instances using instance metadata": such keys "will result in failed launches"), which the
          // stack's tags may hold.
          instanceMetadataTags: "disabled",
        },
        monitoring: { enabled: true },
        networkInterfaces: [
          {
            deviceIndex: 0,
            associatePublicIpAddress: "false",
            deleteOnTermination: "true",
            securityGroups: [args.webSecurityGroupId],
          },
        ],
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: {
              volumeType: "gp3",
              volumeSize: servers.rootVolumeGiB,
              encrypted: "true",
              deleteOnTermination: "true",
            },
          },
        ],
        userData: pulumi.output(servers.userData).apply((script) => Buffer.from(script).toString("base64")),
        tagSpecifications: [
          { resourceType: "instance", tags },
          { resourceType: "volume", tags },
        ],
        updateDefaultVersion: true,
        tags: { Name: `${this.name}-lt` },
      },
      { parent: this },
    );
  }

  private autoScalingGroup(
    launchTemplate: ec2.LaunchTemplate,
    targetGroup: lb.TargetGroup,
    args: WebTierArgs,
  ): autoscaling.Group {
    // A new launch template version changes this input, which starts an instance refresh.
    const template = { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) };
    const tags = this.serverTags(args.servers);
    return new autoscaling.Group(
      `${this.name}-asg`,
      {
        vpcZoneIdentifiers: args.privateSubnetIds,
        minSize: args.capacity.minSize,
        maxSize: args.capacity.maxSize,
        desiredCapacity: args.capacity.desiredCapacity,
        targetGroupArns: [targetGroup.arn],
        healthCheckType: "ELB",
        healthCheckGracePeriod: args.healthCheck.graceSeconds,
        defaultInstanceWarmup: args.healthCheck.graceSeconds,
        capacityRebalance: true,
        ...(args.spot
          ? {
              mixedInstancesPolicy: {
                launchTemplate: {
                  launchTemplateSpecification: { launchTemplateId: template.id, version: template.version },
                  overrides: args.spot.instanceTypes.map((instanceType) => ({ instanceType })),
                },
                instancesDistribution: {
                  onDemandBaseCapacity: args.spot.onDemandBaseCapacity,
                  onDemandPercentageAboveBaseCapacity: 0,
                  spotAllocationStrategy: "price-capacity-optimized",
                },
              },
            }
          : { launchTemplate: template }),
        instanceRefresh: {
          strategy: "Rolling",
          preferences: {
            minHealthyPercentage: args.refreshMinHealthyPercent,
            skipMatching: true,
            autoRollback: true,
            scaleInProtectedInstances: "Refresh",
          },
        },
        metricsGranularity: "1Minute",
        enabledMetrics: [
          "GroupMinSize",
          "GroupMaxSize",
          "GroupDesiredCapacity",
          "GroupInServiceInstances",
          "GroupPendingInstances",
          "GroupTerminatingInstances",
          "GroupTotalInstances",
        ],
        tags: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
      },
      // Scaling policies and campaign schedules own the desired count once the group exists; an update
      // must not reset it in the middle of a sale.
      { parent: this, ignoreChanges: ["desiredCapacity"] },
    );
  }

  private scaling(
    group: autoscaling.Group,
    alb: lb.LoadBalancer,
    targetGroup: lb.TargetGroup,
    args: WebTierArgs,
  ): void {
    new autoscaling.Policy(
      `${this.name}-cpu`,
      {
        autoscalingGroupName: group.name,
        policyType: "TargetTrackingScaling",
        targetTrackingConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
          targetValue: args.scaling.cpuTargetPercent,
        },
      },
      { parent: this },
    );
    if (args.scaling.requestsPerTarget !== undefined) {
      new autoscaling.Policy(
        `${this.name}-requests`,
        {
          autoscalingGroupName: group.name,
          policyType: "TargetTrackingScaling",
          targetTrackingConfiguration: {
            predefinedMetricSpecification: {
              predefinedMetricType: "ALBRequestCountPerTarget",
              resourceLabel: pulumi.interpolate`${alb.arnSuffix}/${targetGroup.arnSuffix}`,
            },
            targetValue: args.scaling.requestsPerTarget,
          },
        },
        { parent: this },
      );
    }
    for (const action of args.schedule) {
      new autoscaling.Schedule(
        `${this.name}-${action.name}`,
        {
          autoscalingGroupName: group.name,
          scheduledActionName: action.name,
          startTime: action.startTime,
          minSize: action.minSize,
          maxSize: action.maxSize,
          desiredCapacity: action.desiredCapacity,
        },
        { parent: this },
      );
    }
  }
}
