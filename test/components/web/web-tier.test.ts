import { Provider } from "@pulumi/aws/provider";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { checkWebTierArgs, WebTier, WebTierArgs } from "../../../components/web/web-tier";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

const CERT = "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012";
const PUBLIC = ["subnet-pub-a", "subnet-pub-b", "subnet-pub-c"];
const PRIVATE = ["subnet-app-a", "subnet-app-b", "subnet-app-c"];

function args(overrides: Partial<WebTierArgs> = {}): WebTierArgs {
  return {
    vpcId: "vpc-0123",
    publicSubnetIds: PUBLIC,
    privateSubnetIds: PRIVATE,
    loadBalancerSecurityGroupId: "sg-alb",
    webSecurityGroupId: "sg-web",
    instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/web",
    webPort: 80,
    https: { certificateArn: CERT, tlsPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
    accessLogs: { bucket: "logs-bucket", prefix: "alb", dependsOn: [] },
    loadBalancer: { idleTimeoutSeconds: 75, deletionProtection: true },
    healthCheck: { path: "/health_check.php", graceSeconds: 300 },
    deregistrationDelaySeconds: 30,
    servers: {
      instanceType: "m7g.large",
      imageId: "ami-0fedcba9876543210",
      rootVolumeGiB: 20,
      userData: "#!/bin/bash\necho hello\n",
      launchTags: { client: "acme", environment: "prod" },
    },
    capacity: { minSize: 3, maxSize: 12, desiredCapacity: 3 },
    refreshMinHealthyPercent: 90,
    scaling: { cpuTargetPercent: 70, requestsPerTarget: 1000 },
    schedule: [
      { name: "bf-raise", startTime: "2027-11-25T22:30:00Z", minSize: 10, maxSize: 40, desiredCapacity: 12 },
      { name: "bf-restore", startTime: "2027-11-29T22:59:00Z", minSize: 3, maxSize: 12, desiredCapacity: -1 },
    ],
    ...overrides,
  };
}

async function build(stack: string, a: WebTierArgs): Promise<{ mocks: MockSession; tier: WebTier }> {
  const mocks = await useMockCloud(stack);
  const provider = new Provider(`${stack}-aws`, { region: "eu-west-1" });
  const tier = new WebTier(`${stack}-web`, a, { providers: { aws: provider } });
  await valueOf(tier.autoScalingGroupName);
  await mocks.settle();
  return { mocks, tier };
}

describe("components/web/web-tier", () => {
  describe("with HTTPS (prod)", () => {
    let mocks: MockSession;
    before(async () => ({ mocks } = await build("prod", args())));

    it("puts an internet-facing ALB in every public subnet, dropping invalid headers and logging access", () => {
      const alb = mocks.props(mocks.one("aws:lb/loadBalancer:LoadBalancer"));
      expect(alb).to.deep.include({
        loadBalancerType: "application",
        internal: false,
        subnets: PUBLIC,
        securityGroups: ["sg-alb"],
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "defensive",
        enableDeletionProtection: true,
        idleTimeout: 75,
      });
      expect(alb.accessLogs).to.deep.equal({ bucket: "logs-bucket", prefix: "alb", enabled: true });
    });

    it("serves HTTPS with the certificate and a TLS 1.2+1.3 policy", () => {
      const https = mocks.ofType("aws:lb/listener:Listener").find((l) => l.inputs.port === 443)!;
      expect(https.inputs).to.deep.include({
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificateArn: CERT,
      });
      expect((https.inputs.defaultActions as { type: string }[])[0].type).to.equal("forward");
    });

    it("answers HTTP with nothing but a 301 to HTTPS", () => {
      const http = mocks.ofType("aws:lb/listener:Listener").find((l) => l.inputs.port === 80)!;
      expect(http.inputs.protocol).to.equal("HTTP");
      expect(http.inputs.defaultActions).to.deep.equal([
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ]);
    });

    it("checks the profile's health path on instance targets, without stickiness", () => {
      const tg = mocks.props(mocks.one("aws:lb/targetGroup:TargetGroup"));
      expect(tg).to.deep.include({
        targetType: "instance",
        protocol: "HTTP",
        port: 80,
        deregistrationDelay: 30,
      });
      expect(tg.stickiness).to.deep.equal({ type: "lb_cookie", enabled: false });
      expect(tg.healthCheck).to.deep.include({
        path: "/health_check.php",
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      });
    });

    it("launches servers with IMDSv2 (one hop), an encrypted gp3 root volume and no public address", () => {
      const lt = mocks.props(mocks.one("aws:ec2/launchTemplate:LaunchTemplate"));
      expect(lt.metadataOptions).to.deep.include({
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        // Tag keys with spaces or "/" would fail every launch with metadata tags on.
        instanceMetadataTags: "disabled",
      });
      expect(lt.blockDeviceMappings).to.deep.equal([
        {
          deviceName: "/dev/xvda",
          ebs: { volumeType: "gp3", volumeSize: 20, encrypted: "true", deleteOnTermination: "true" },
        },
      ]);
      const nic = (lt.networkInterfaces as Record<string, unknown>[])[0];
      expect(nic).to.deep.include({ associatePublicIpAddress: "false", securityGroups: ["sg-web"] });
      expect(lt.iamInstanceProfile).to.deep.equal({ arn: "arn:aws:iam::111122223333:instance-profile/web" });
      expect(lt.monitoring).to.deep.equal({ enabled: true });
      expect(Buffer.from(lt.userData as string, "base64").toString()).to.equal("#!/bin/bash\necho hello\n");
    });

    it("boots the image it is given, and looks up none", () => {
      const lt = mocks.props(mocks.one("aws:ec2/launchTemplate:LaunchTemplate"));
      expect(lt.imageId).to.equal("ami-0fedcba9876543210");
    });

    it("spreads the servers over every private subnet with ELB health checks and rolling refreshes", () => {
      const asg = mocks.one("aws:autoscaling/group:Group");
      const props = mocks.props(asg);
      expect(props).to.deep.include({
        vpcZoneIdentifiers: PRIVATE,
        minSize: 3,
        maxSize: 12,
        desiredCapacity: 3,
        healthCheckType: "ELB",
        healthCheckGracePeriod: 300,
        capacityRebalance: true,
      });
      expect(props.instanceRefresh).to.deep.equal({
        strategy: "Rolling",
        preferences: {
          minHealthyPercentage: 90,
          skipMatching: true,
          autoRollback: true,
          scaleInProtectedInstances: "Refresh",
        },
      });
      const lt = mocks.one("aws:ec2/launchTemplate:LaunchTemplate");
      expect(props.launchTemplate).to.deep.equal({ id: lt.id, version: "1" });
      expect(props.targetGroupArns).to.deep.equal([
        mocks.props(mocks.one("aws:lb/targetGroup:TargetGroup")).arn,
      ]);
      expect(asg.ignoreChanges).to.deep.equal(["desiredCapacity"]);
    });

    it("tags the instances it launches", () => {
      const tags = mocks.props(mocks.one("aws:autoscaling/group:Group")).tags as Record<string, unknown>[];
      expect(tags).to.deep.include({ key: "client", value: "acme", propagateAtLaunch: true });
      expect(tags).to.deep.include({ key: "Name", value: "prod-web-server", propagateAtLaunch: true });
    });

    it("tracks 70% CPU and the request count per target", () => {
      const policies = mocks.ofType("aws:autoscaling/policy:Policy").map((p) => mocks.props(p));
      const specs = policies.map((p) => p.targetTrackingConfiguration as Record<string, unknown>);
      expect(specs.map((s) => s.targetValue)).to.deep.equal([70, 1000]);
      const alb = mocks.props(mocks.one("aws:lb/loadBalancer:LoadBalancer"));
      const tg = mocks.props(mocks.one("aws:lb/targetGroup:TargetGroup"));
      expect(specs[1].predefinedMetricSpecification).to.deep.equal({
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel: `${alb.arnSuffix}/${tg.arnSuffix}`,
      });
    });

    it("turns the campaign schedule into scheduled actions on the group", () => {
      const schedules = mocks.ofType("aws:autoscaling/schedule:Schedule").map((s) => mocks.props(s));
      const group = mocks.props(mocks.one("aws:autoscaling/group:Group"));
      expect(
        schedules.map((s) => [s.scheduledActionName, s.startTime, s.minSize, s.maxSize, s.desiredCapacity]),
      ).to.deep.equal([
        ["bf-raise", "2027-11-25T22:30:00Z", 10, 40, 12],
        ["bf-restore", "2027-11-29T22:59:00Z", 3, 12, -1],
      ]);
      for (const s of schedules) expect(s.autoscalingGroupName).to.equal(group.name);
    });
  });

  describe("without HTTPS, with Spot (dev)", () => {
    let mocks: MockSession;
    before(async () => {
      ({ mocks } = await build(
        "dev",
        args({
          https: undefined,
          loadBalancer: { idleTimeoutSeconds: 60, deletionProtection: false },
          spot: { instanceTypes: ["t4g.medium", "t4g.large"], onDemandBaseCapacity: 0 },
          scaling: { cpuTargetPercent: 70 },
          schedule: [],
          servers: { ...args().servers, instanceType: "t4g.medium", imageId: "ami-0123456789abcdef0" },
        }),
      ));
    });

    it("serves plain HTTP from a single forwarding listener that declares why", () => {
      const listeners = mocks.ofType("aws:lb/listener:Listener");
      expect(listeners).to.have.length(1);
      expect(listeners[0].inputs).to.deep.include({ port: 80, protocol: "HTTP" });
      expect(listeners[0].inputs.tags).to.deep.equal({ "plain-http": "no-domain" });
      expect((listeners[0].inputs.defaultActions as { type: string }[])[0].type).to.equal("forward");
    });

    it("leaves deletion protection off", () => {
      expect(mocks.props(mocks.one("aws:lb/loadBalancer:LoadBalancer")).enableDeletionProtection).to.equal(
        false,
      );
    });

    it("mixes Spot capacity over the listed types instead of a single launch template", () => {
      const props = mocks.props(mocks.one("aws:autoscaling/group:Group"));
      expect(props).not.to.have.property("launchTemplate");
      const policy = props.mixedInstancesPolicy as Record<string, Record<string, unknown>>;
      expect(policy.instancesDistribution).to.deep.equal({
        onDemandBaseCapacity: 0,
        onDemandPercentageAboveBaseCapacity: 0,
        spotAllocationStrategy: "price-capacity-optimized",
      });
      expect(policy.launchTemplate.overrides).to.deep.equal([
        { instanceType: "t4g.medium" },
        { instanceType: "t4g.large" },
      ]);
    });

    it("uses a pinned image and tracks CPU only", () => {
      expect(mocks.props(mocks.one("aws:ec2/launchTemplate:LaunchTemplate")).imageId).to.equal(
        "ami-0123456789abcdef0",
      );
      expect(mocks.ofType("aws:autoscaling/policy:Policy")).to.have.length(1);
      expect(mocks.ofType("aws:autoscaling/schedule:Schedule")).to.have.length(0);
    });
  });

  it("waits for the log bucket's policy before creating the load balancer", async () => {
    const mocks = await useMockCloud("deps");
    const policy = new s3.BucketPolicy("logs-policy", { bucket: "logs-bucket", policy: "{}" });
    const tier = new WebTier(
      "deps-web",
      args({ accessLogs: { bucket: "logs-bucket", prefix: "alb", dependsOn: [policy] } }),
    );
    await valueOf(tier.loadBalancerArn);
    await mocks.settle();
    const alb = mocks.one("aws:lb/loadBalancer:LoadBalancer");
    expect(alb.dependencies).to.include(await valueOf(policy.urn as pulumi.Output<string>));
  });
});

describe("components/web/web-tier behind a CDN", () => {
  let mocks: MockSession;
  before(async () => {
    ({ mocks } = await build(
      "cdn",
      args({ originLock: { headerName: "X-Origin-Verify", headerValue: "lock-value" } }),
    ));
  });

  it("answers 403 unless the origin-lock header is present, and forwards when it is", () => {
    const listeners = mocks.ofType("aws:lb/listener:Listener");
    expect(listeners.map((l) => l.inputs.port)).to.deep.equal([443]);
    expect(listeners[0].inputs.defaultActions).to.deep.equal([
      {
        type: "fixed-response",
        fixedResponse: { contentType: "text/plain", messageBody: "Forbidden", statusCode: "403" },
      },
    ]);
    const rule = mocks.props(mocks.one("aws:lb/listenerRule:ListenerRule"));
    expect(rule.conditions).to.deep.equal([
      { httpHeader: { httpHeaderName: "X-Origin-Verify", values: ["lock-value"] } },
    ]);
    expect((rule.actions as { type: string }[])[0].type).to.equal("forward");
    expect(rule.priority).to.equal(1);
  });
});

describe("components/web/web-tier: checkWebTierArgs", () => {
  it("refuses a capacity triple out of order, empty Spot types and a health path that is not a path, at once", () => {
    expect(() => checkWebTierArgs(args())).not.to.throw();
    expect(() =>
      checkWebTierArgs(
        args({
          capacity: { minSize: 4, maxSize: 2, desiredCapacity: 1 },
          spot: { instanceTypes: [], onDemandBaseCapacity: 0 },
          healthCheck: { path: "health.txt", graceSeconds: 60 },
          schedule: [
            { name: "bf", startTime: "2027-11-26T00:00:00Z", minSize: 9, maxSize: 3, desiredCapacity: -1 },
          ],
        }),
      ),
    ).to.throw(
      "WebTier: capacity.minSize 4: at most maxSize 2; capacity.desiredCapacity 1: from minSize 4 to maxSize 2; " +
        "spot.instanceTypes []: one instance type or more; healthCheck.path health.txt: a path starting with /; " +
        "schedule[0].minSize 9: at most its maxSize 3",
    );
  });
});
