import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { planStack, PlanResult } from "../../runtime/plan-runner";
import { readStackSettings, StackSettings } from "../../runtime/stack-files";
import { ConfigError } from "../../stacks/config-error";
import { POLICIES } from "../../policy/pack";
import { runStack } from "../../stacks/program";
import { fromWire } from "../../runtime/wire";
import { NAME_RULES, PROPERTY_NAME_RULES } from "../../components/shared/name-rules";
import { formatProblem } from "../../stacks/config-error";
import { PROJECT, useMockCloud } from "../mocks";
import { cachedPlan, cachedStackPlan } from "../plan-cache";

function settingsWith(stack: string, values: Record<string, unknown>): StackSettings {
  const config = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      `${PROJECT}:${k}`,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );
  return { project: PROJECT, projectDir: process.cwd(), stack, file: "(test)", config, secretKeys: [] };
}

describe("stacks/program", () => {
  for (const stack of ["dev", "prod"]) {
    describe(`the ${stack} stack`, () => {
      let plan: PlanResult;
      before(async () => {
        plan = await cachedStackPlan(stack);
      });

      it("hangs every resource under the stack, and every tier resource under the Storefront", () => {
        const storefront = plan.registrations.find((r) => r.type === "storefront:index:Storefront")!;
        const byUrn = new Map(plan.registrations.map((r) => [r.urn, r]));
        for (const r of plan.registrations) {
          if (r.type === "pulumi:pulumi:Stack") continue;
          expect(r.parent, r.urn).to.be.a("string");
          if (r.type.startsWith("pulumi:")) continue;
          let ancestor = r;
          while (ancestor.parent && ancestor !== storefront) ancestor = byUrn.get(ancestor.parent)!;
          expect(ancestor, r.urn).to.equal(storefront);
        }
      });

      it("registers no two resources with the same type, name and parent", () => {
        const keys = plan.resources.map((r) => `${r.type}|${r.name}|${r.parent}`);
        expect(new Set(keys).size).to.equal(keys.length);
      });

      it("tags every AWS resource through the providers' default tags", () => {
        const providers = plan.registrations.filter((r) => r.type === "pulumi:providers:aws");
        const provider = providers.find((p) => p.name === `northwind-${stack}-aws`)!;
        const tags = JSON.parse(provider.inputs.defaultTags as string).tags;
        expect(tags).to.include({
          client: "northwind",
          environment: stack,
          profile: "wordpress",
          "managed-by": "pulumi",
          "cost-center": "4711",
        });
        expect(provider.inputs.region).to.equal("eu-west-1");
        // CloudFront's certificate and web ACL go through a us-east-1 provider with the same tags.
        for (const p of providers)
          expect(JSON.parse(p.inputs.defaultTags as string).tags).to.deep.equal(tags);
        for (const r of plan.registrations.filter((x) => x.custom && x.type.startsWith("aws:"))) {
          expect(
            providers.some((p) => r.provider?.startsWith(`${p.urn}::`)),
            r.urn,
          ).to.equal(true);
        }
      });

      it("spreads the network over the environment's AZs and exports it", () => {
        const azCount = stack === "prod" ? 3 : 2;
        expect(plan.outputs.availabilityZones).to.have.length(azCount);
        expect(plan.outputs.privateSubnetIds).to.have.length(azCount);
        expect(plan.outputs.vpcId).to.match(/^vpc-[0-9a-f]{17}$/);
        const vpc = plan.resources.find((r) => r.type === "awsx:ec2:Vpc")!;
        expect(vpc.props.natGateways).to.deep.equal({ strategy: stack === "prod" ? "OnePerAz" : "Single" });
        expect(vpc.props.cidrBlock).to.equal(stack === "prod" ? "10.41.0.0/16" : "10.40.0.0/16");
      });
    });
  }

  describe("the web tier in prod and dev", () => {
    let prod: PlanResult;
    let dev: PlanResult;
    const of = (plan: PlanResult, type: string) => plan.resources.filter((r) => r.type === type);
    before(async () => {
      prod = await cachedStackPlan("prod");
      dev = await cachedStackPlan("dev");
    });

    it("exports the site URL, load balancer, group, file system and bastion", () => {
      expect(prod.outputs.siteUrl).to.equal("https://shop.northwind.example");
      expect(prod.outputs.loadBalancerDnsName).to.match(/\.eu-west-1\.elb\.amazonaws\.com$/);
      expect(prod.outputs.autoScalingGroupName).to.match(/^northwind-prod-web-asg-/);
      expect(prod.outputs.fileSystemId).to.match(/^fs-/);
      expect(prod.outputs.bastionInstanceId).to.match(/^i-/);
      expect(dev.outputs.siteUrl).to.equal("https://dev.shop.northwind.example");
      expect(dev.outputs).not.to.have.property("bastionInstanceId");
    });

    it("certifies the load balancer for the shop and origin names, and points the origin name at it", () => {
      const [record] = of(prod, "aws:route53/record:Record").filter(
        (r) => r.name === "northwind-prod-origin",
      );
      expect(record.props).to.deep.include({
        zoneId: "Z04NORTHWIND0EXAMPLE1",
        name: "origin.shop.northwind.example",
        type: "A",
      });
      const certificate = of(prod, "aws:acm/certificate:Certificate").find(
        (c) => c.name === "northwind-prod-cert",
      )!;
      expect([certificate.props.domainName, certificate.props.subjectAlternativeNames]).to.deep.equal([
        "shop.northwind.example",
        ["origin.shop.northwind.example"],
      ]);
      const https = of(prod, "aws:lb/listener:Listener").find((l) => l.props.port === 443)!;
      const validation = of(prod, "aws:acm/certificateValidation:CertificateValidation").find(
        (v) => v.name === "northwind-prod-cert-validation",
      )!;
      expect(https.props.certificateArn).to.equal(validation.props.certificateArn);
      expect(of(dev, "aws:acm/certificate:Certificate").map((c) => c.props.domainName)).to.have.members([
        "dev.shop.northwind.example",
        "dev.shop.northwind.example",
      ]);
    });

    it("puts prod behind CloudFront and its WAF, with the shop's names pointing at the distribution", () => {
      const [distribution] = of(prod, "aws:cloudfront/distribution:Distribution");
      expect(distribution.props.aliases).to.deep.equal(["shop.northwind.example"]);
      const sites = of(prod, "aws:route53/record:Record").filter((r) =>
        r.name.startsWith("northwind-prod-cdn-site-"),
      );
      expect(sites.map((r) => r.props.type)).to.deep.equal(["A", "AAAA"]);
      for (const r of sites) {
        expect(r.props.aliases).to.deep.equal([
          { name: distribution.props.domainName, zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false },
        ]);
      }
      expect(of(prod, "aws:wafv2/webAcl:WebAcl")).to.have.length(1);
      expect(of(dev, "aws:cloudfront/distribution:Distribution")).to.have.length(1);
      // Around the CDN the load balancer answers 403; only requests with the origin-lock header pass.
      const [listener] = of(prod, "aws:lb/listener:Listener");
      expect((listener.props.defaultActions as { type: string }[]).map((a) => a.type)).to.deep.equal([
        "fixed-response",
      ]);
      const [rule] = prod.registrations.filter((r) => r.type === "aws:lb/listenerRule:ListenerRule");
      // The header's value is a secret, so the plan shows the conditions redacted; policies see them.
      const conditions = (
        fromWire(rule.inputs, "reveal") as { conditions: { httpHeader?: { httpHeaderName: string } }[] }
      ).conditions;
      expect(conditions.map((c) => c.httpHeader?.httpHeaderName)).to.deep.equal(["X-Origin-Verify"]);
    });

    it("schedules the example campaigns of Pulumi.prod.yaml", () => {
      const names = of(prod, "aws:autoscaling/schedule:Schedule").map((s) => s.props.scheduledActionName);
      expect(names).to.deep.equal([
        "summer-sale-2027-raise",
        "summer-sale-2027-restore",
        "black-friday-2027-raise",
        "black-friday-2027-restore",
      ]);
    });

    it("protects prod's stateful resources and leaves dev's disposable", () => {
      const protect = (plan: PlanResult, type: string) =>
        plan.registrations.filter((r) => r.type === type).map((r) => r.protect);
      expect(protect(prod, "aws:efs/fileSystem:FileSystem")).to.deep.equal([true]);
      // The log bucket and the deployment artifacts.
      expect(protect(prod, "aws:s3/bucket:Bucket")).to.deep.equal([true, true]);
      expect(protect(prod, "aws:rds/cluster:Cluster")).to.deep.equal([true]);
      expect(protect(dev, "aws:rds/cluster:Cluster")).to.deep.equal([false]);
      const cluster = (plan: PlanResult) => of(plan, "aws:rds/cluster:Cluster")[0].props;
      expect([cluster(prod).deletionProtection, cluster(dev).deletionProtection]).to.deep.equal([
        true,
        false,
      ]);
      expect(protect(dev, "aws:efs/fileSystem:FileSystem")).to.deep.equal([false]);
      const alb = (plan: PlanResult) => of(plan, "aws:lb/loadBalancer:LoadBalancer")[0].props;
      expect([alb(prod).enableDeletionProtection, alb(dev).enableDeletionProtection]).to.deep.equal([
        true,
        false,
      ]);
    });

    it("mounts the media file system in every AZ and in the servers' user data", () => {
      expect(of(prod, "aws:efs/mountTarget:MountTarget")).to.have.length(3);
      expect(of(dev, "aws:efs/mountTarget:MountTarget")).to.have.length(2);
      const lt = of(prod, "aws:ec2/launchTemplate:LaunchTemplate")[0];
      const script = Buffer.from(lt.props.userData as string, "base64").toString();
      const fsId = prod.outputs.fileSystemId as string;
      expect(script).to.match(
        new RegExp(`${fsId}:/ /var/www/html/wp-content/uploads efs .*tls,iam,accesspoint=fsap-`),
      );
    });

    it("has nothing to warn about in the example stacks", () => {
      expect(dev.warnings).to.deep.equal([]);
      expect(prod.warnings).to.deep.equal([]);
    });
  });

  describe("the data tier in prod", () => {
    let plan: PlanResult;
    const one = (type: string) => plan.registrations.filter((r) => r.type === type);
    before(async () => {
      plan = await cachedStackPlan("prod");
    });

    it("puts the Aurora writer and reader in different AZs, behind the database group", () => {
      const instances = one("aws:rds/clusterInstance:ClusterInstance");
      expect(instances.map((i) => i.inputs.availabilityZone)).to.deep.equal(["eu-west-1a", "eu-west-1b"]);
      const [cluster] = one("aws:rds/cluster:Cluster");
      const [dbGroup] = one("aws:ec2/securityGroup:SecurityGroup").filter((g) =>
        g.name.endsWith("-firewall-db"),
      );
      expect(cluster.propertyDependencies.vpcSecurityGroupIds).to.deep.equal([dbGroup.urn]);
      // Only the isolated subnets: no route to the internet, not even through NAT.
      const [subnetGroup] = one("aws:rds/subnetGroup:SubnetGroup");
      expect(subnetGroup.inputs.subnetIds).to.deep.equal(plan.outputs.isolatedSubnetIds);
    });

    it("admits the web servers and the bastion to the database by group, never by address", () => {
      const [dbGroup] = one("aws:ec2/securityGroup:SecurityGroup").filter((g) =>
        g.name.endsWith("-firewall-db"),
      );
      const rules = one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) =>
        r.propertyDependencies.securityGroupId?.includes(dbGroup.urn),
      );
      expect(rules.map((r) => r.name.replace(/^northwind-prod-firewall-/, ""))).to.deep.equal([
        "db-from-web",
        "db-from-bastion",
      ]);
      for (const r of rules) {
        expect(r.inputs).not.to.have.any.keys("cidrIpv4", "cidrIpv6");
        expect(r.inputs.fromPort).to.equal(3306);
      }
    });

    it("fails the session cache over to another AZ", () => {
      const [group] = one("aws:elasticache/replicationGroup:ReplicationGroup");
      expect(group.inputs).to.deep.include({
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        numCacheClusters: 2,
      });
    });

    it("exports endpoints and the database secret's ARN, and no secret anywhere in the plan", () => {
      expect(plan.outputs.databaseWriterEndpoint).to.match(
        /\.cluster-c[0-9a-f]+\.eu-west-1\.rds\.amazonaws\.com$/,
      );
      expect(plan.outputs.databaseReaderEndpoint).to.contain(".cluster-ro-");
      expect(plan.outputs.sessionCacheEndpoint).to.match(/^master\./);
      expect(plan.outputs.databaseSecretArn).to.match(/^arn:aws:secretsmanager:/);
      const [token] = one("random:index/randomPassword:RandomPassword").filter((r) =>
        r.name.endsWith("-auth-token"),
      );
      const plaintext = fromWire(token.outputs, "reveal") as { result: string };
      expect(plaintext.result).to.have.length(64);
      const document = JSON.stringify({ outputs: plan.outputs, resources: plan.resources });
      expect(document).not.to.contain(plaintext.result);
      expect(JSON.stringify(plan.outputs)).not.to.contain("[secret]");
    });

    it("tells the web servers where sessions live and where to read the token, not the token itself", () => {
      const [lt] = plan.resources.filter((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate");
      const script = Buffer.from(lt.props.userData as string, "base64").toString();
      expect(script).to.contain(
        `session.save_path = "tls://${plan.outputs.sessionCacheEndpoint}:6379?auth=\${token}&`,
      );
      expect(script).to.contain(
        "nonempty parameter '/storefront/northwind/prod/sessions/auth-token' || status=1",
      );
    });
  });

  describe("the web servers' permissions in prod", () => {
    let plan: PlanResult;
    before(async () => {
      plan = await cachedStackPlan("prod");
    });

    it("never gives a server AWS's SSM core policy, and lets it read only its stack's parameters", () => {
      const attachments = plan.registrations.filter(
        (r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      );
      const core = attachments.filter(
        (a) => a.inputs.policyArn === "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      );
      // Only Image Builder's build instance keeps it.
      expect(core).to.have.length(1);
      expect(core[0].inputs.role).to.be.a("string").and.match(/image/);
      const builder = attachments
        .filter((a) => a.inputs.role === core[0].inputs.role)
        .map((a) => a.inputs.policyArn);
      expect(builder).to.include("arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder");
      const documents = plan.registrations
        .filter((r) => r.type === "aws:iam/policy:Policy")
        .map((p) => JSON.stringify(fromWire(p.inputs.policy, "reveal")));
      const reads = documents.filter((d) => d.includes("ssm:GetParameter"));
      expect(reads).to.have.length(1);
      expect(reads[0]).to.contain("parameter/storefront/northwind/prod/*");
    });

    it("exports where the installer's setup token is, not the token", () => {
      expect(plan.outputs.wordpressSetupSecretArn).to.match(/^arn:aws:secretsmanager:eu-west-1:/);
    });
  });

  describe("operations in prod", () => {
    let plan: PlanResult;
    const registered = (type: string) => plan.registrations.filter((r) => r.type === type);
    const alarm = (key: string) => plan.resources.find((r) => r.name === `northwind-prod-ops-${key}`)!.props;
    before(async () => {
      plan = await cachedStackPlan("prod");
    });

    it("points the alarms at the actual load balancer, group, cluster, cache node and distribution", () => {
      const of = (type: string) => plan.resources.find((r) => r.type === type)!.props;
      expect((alarm("latency-p95").dimensions as Record<string, string>).LoadBalancer).to.equal(
        of("aws:lb/loadBalancer:LoadBalancer").arnSuffix,
      );
      expect((alarm("asg-below-minimum").dimensions as Record<string, string>).AutoScalingGroupName).to.equal(
        plan.outputs.autoScalingGroupName,
      );
      expect((alarm("db-cpu").dimensions as Record<string, string>).DBClusterIdentifier).to.equal(
        of("aws:rds/cluster:Cluster").clusterIdentifier,
      );
      const members = of("aws:elasticache/replicationGroup:ReplicationGroup").memberClusters as string[];
      expect((alarm("cache-memory").dimensions as Record<string, string>).CacheClusterId).to.equal(
        members[0],
      );
      expect((alarm("cdn-5xx-rate").dimensions as Record<string, string>).DistributionId).to.equal(
        plan.registrations.find((r) => r.type === "aws:cloudfront/distribution:Distribution")!.id,
      );
    });

    it("backs up the cluster and the file system in a plan copied to a second region", () => {
      const [selection] = registered("aws:backup/selection:Selection");
      const sources = selection.propertyDependencies.resources;
      expect(sources.map((u) => u.split("::").pop())).to.have.members([
        "northwind-prod-db-cluster",
        "northwind-prod-media-fs",
      ]);
      const vaults = plan.resources
        .filter((r) => r.type === "aws:backup/vault:Vault")
        .map((v) => v.props.region);
      expect(vaults).to.deep.equal(["eu-west-1", "eu-central-1"]);
    });

    it("exports the dashboard, alarm topic, log bucket and Athena workgroup", () => {
      expect(plan.outputs.dashboardUrl).to.match(
        /^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudwatch\/.*#dashboards\/dashboard\/northwind-prod-ops$/,
      );
      expect(plan.outputs.alarmTopicArn).to.match(/^arn:aws:sns:eu-west-1:111122223333:/);
      expect(plan.outputs.logBucketName).to.match(/^northwind-prod-logs-/);
      expect(plan.outputs.athenaWorkgroup).to.match(/^northwind-prod-logs-athena/);
    });

    it("budgets the stack's monthly cost", () => {
      const budget = plan.resources.find((r) => r.type === "aws:budgets/budget:Budget")!.props;
      expect([budget.limitAmount, budget.limitUnit]).to.deep.equal(["4900.00", "USD"]);
    });
  });

  describe("a dev stack without a domain", () => {
    let plan: PlanResult;
    before(async () => {
      const values = { client: "acme", environment: "dev", profile: "wordpress", region: "eu-west-1" };
      plan = await planStack(settingsWith("bare", values), runStack, { policies: POLICIES });
    });

    it("serves plain HTTP on the load balancer's name, and says so", () => {
      expect(plan.outputs.siteUrl).to.equal(`http://${plan.outputs.loadBalancerDnsName}`);
      expect(plan.warnings).to.deep.equal([
        "no domain configured: the load balancer serves plain HTTP on its own DNS name (dev only)",
      ]);
    });

    it("still puts a WAF in front of the servers: on the load balancer", () => {
      const association = plan.registrations.find(
        (r) => r.type === "aws:wafv2/webAclAssociation:WebAclAssociation",
      )!;
      const alb = plan.registrations.find((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")!;
      expect(association.propertyDependencies.resourceArn).to.deep.equal([alb.urn]);
      const acl = plan.resources.find((r) => r.type === "aws:wafv2/webAcl:WebAcl")!;
      expect(acl.props.scope).to.equal("REGIONAL");
    });

    it("passes the policy pack with no mandatory finding: its plain-HTTP listener is declared, and advisory", () => {
      const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory").map((v) => v.policy);
      expect(mandatory).to.deep.equal([]);
      const plainHttp = plan.violations.filter((v) => v.policy.startsWith("alb-plain-http"));
      expect(plainHttp.map((v) => [v.enforcement, v.urn.split("::").pop()])).to.deep.equal([
        ["advisory", "acme-dev-web-http"],
      ]);
    });
  });

  it("swaps CloudFront for Fastly when the stack says so, with the load balancer open to Fastly only", async () => {
    const settings = readStackSettings(process.cwd(), "prod");
    const config = {
      ...settings.config,
      "storefront:edge": JSON.stringify({ provider: "fastly", fastly: { shieldPop: "dub-dublin-ie" } }),
      "fastly:apiKey": "offline-plan-secret",
    };
    const plan = await planStack(
      { ...settings, config, secretKeys: [...settings.secretKeys, "fastly:apiKey"] },
      runStack,
    );
    const types = plan.resources.map((r) => r.type);
    expect(types).to.include.members([
      "fastly:index/serviceVcl:ServiceVcl",
      "fastly:index/tlsSubscription:TlsSubscription",
    ]);
    expect(types).not.to.include("aws:cloudfront/distribution:Distribution");
    const prefixList = plan.registrations.find(
      (r) => r.type === "aws:ec2/managedPrefixList:ManagedPrefixList",
    )!;
    const albIngress = plan.registrations.filter(
      (r) =>
        r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && r.name.includes("-alb-in-"),
    );
    expect(albIngress.map((r) => r.propertyDependencies.prefixListId)).to.deep.equal([[prefixList.urn]]);
    // The load balancer's WAF sees Fastly's addresses: it must count per shopper, not per source.
    const acl = plan.resources.find((r) => r.type === "aws:wafv2/webAcl:WebAcl")!;
    const [rate] = acl.props.rules as { statement: { rateBasedStatement: Record<string, unknown> } }[];
    expect(rate.statement.rateBasedStatement).to.deep.include({
      aggregateKeyType: "FORWARDED_IP",
      forwardedIpConfig: { headerName: "Fastly-Client-IP", fallbackBehavior: "NO_MATCH" },
    });
  });

  it("gives Magento its media and var directories on shared storage, and its health check", async () => {
    const plan = await planStack(
      settingsWith("m", { client: "acme", environment: "dev", profile: "magento", region: "eu-central-1" }),
      runStack,
    );
    const points = plan.resources.filter((r) => r.type === "aws:efs/accessPoint:AccessPoint");
    expect(points.map((p) => (p.props.rootDirectory as { path: string }).path)).to.deep.equal([
      "/media",
      "/var",
    ]);
    const lt = plan.resources.find((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate")!;
    const script = Buffer.from(lt.props.userData as string, "base64").toString();
    expect(script).to.contain(" /var/www/magento/pub/media efs ").and.contain(" /var/www/magento/var efs ");
    const tg = plan.resources.find((r) => r.type === "aws:lb/targetGroup:TargetGroup")!;
    expect((tg.props.healthCheck as { path: string }).path).to.equal("/storefront-health.txt");
  });

  it("boots the stack's own image unless the stack brings one (web.amiId)", async () => {
    const base = { client: "acme", environment: "dev", profile: "wordpress", region: "eu-west-1" };
    const own = await planStack(settingsWith("own", base), runStack);
    const image = own.resources.find((r) => r.type === "aws:imagebuilder/image:Image")!;
    const built = (image.props.outputResources as { amis: { image: string }[] }[])[0].amis[0].image;
    const lt = (plan: PlanResult) =>
      plan.resources.find((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate")!.props.imageId;
    expect(lt(own)).to.equal(built);
    const byo = await planStack(
      settingsWith("byo", { ...base, web: { amiId: "ami-0123456789abcdef0" } }),
      runStack,
    );
    expect(lt(byo)).to.equal("ami-0123456789abcdef0");
    expect(byo.resources.filter((r) => r.type.startsWith("aws:imagebuilder/"))).to.deep.equal([]);
  });

  it("keeps the kit's tags when user tags name the same keys", async () => {
    const plan = await planStack(
      settingsWith("t", {
        client: "acme",
        environment: "dev",
        profile: "magento",
        region: "eu-central-1",
        tags: { client: "someone-else", team: "web" },
      }),
      runStack,
    );
    const provider = plan.registrations.find((r) => r.type === "pulumi:providers:aws")!;
    expect(JSON.parse(provider.inputs.defaultTags as string).tags).to.include({
      client: "acme",
      team: "web",
    });
  });

  it("registers nothing but the stack itself when the configuration is invalid", async () => {
    const mocks = await useMockCloud("bad");
    const settings = settingsWith("bad", {
      client: "acme",
      environment: "dev",
      profile: "x",
      region: "eu-west-1",
    });
    pulumi.runtime.setAllConfig(settings.config, settings.secretKeys);
    let caught: unknown;
    await pulumi.runtime.runInPulumiStack(async () => runStack()).catch((e) => (caught = e));
    await mocks.settle();
    expect(caught).to.be.instanceOf(ConfigError);
    expect((caught as ConfigError).problems.map((p) => p.key)).to.deep.equal(["profile"]);
    expect(mocks.recorder.registrations.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
  });

  describe("two stacks of one account", () => {
    /** Names the kit sets itself, besides the types of name-rules.ts (restated here). */
    const EXPLICIT: Record<string, string> = {
      "aws:cloudwatch/dashboard:Dashboard": "dashboardName",
      "aws:glue/catalogDatabase:CatalogDatabase": "name",
      "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "policyName",
      "aws:ssm/parameter:Parameter": "name",
    };
    function physicalNames(plan: PlanResult): Set<string> {
      const names = new Set<string>();
      for (const r of plan.resources) {
        const property = NAME_RULES[r.type]?.property ?? EXPLICIT[r.type];
        if (property && typeof r.props[property] === "string") names.add(`${r.type} ${r.props[property]}`);
        for (const rule of PROPERTY_NAME_RULES[r.type] ?? []) {
          if (typeof r.props[rule.property] === "string") names.add(`${r.type} ${r.props[rule.property]}`);
        }
      }
      return names;
    }
    const magento = (client: string, environment: string) =>
      settingsWith(`${client}-${environment}`, {
        client,
        environment,
        base: "prod",
        profile: "magento",
        region: "eu-west-1",
        domain: { name: `shop.${client}-${environment}.example`, hostedZoneId: "Z0ACMEEXAMPLE" },
        alerts: { emails: ["ops@acme.example"] },
      });

    it("refuses acme/shop-prod offline, whose names acme-shop/prod would share", async () => {
      const caught = await planStack(magento("acme", "shop-prod"), runStack).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(ConfigError.isInstance(caught), String(caught)).to.equal(true);
      expect((caught as ConfigError).problems.map(formatProblem)).to.deep.equal([
        'environment: got "shop-prod"; expected 2-24 lowercase letters and digits, starting with a letter; ' +
          "no '-' (resources are named client-environment: acme-shop/prod and acme/shop-prod would clash)",
      ]);
    });

    it("gives acme-shop/prod and its nearest admitted neighbours no physical name in common", async () => {
      const stacks = [
        ["acme-shop", "prod"],
        ["acme", "shopprod"],
        ["acmeshop", "prod"],
        ["acme-shop-prod", "qa"],
      ];
      const planned: Set<string>[] = [];
      for (const [client, environment] of stacks)
        planned.push(physicalNames(await planStack(magento(client, environment), runStack)));
      expect(planned[0].size).to.be.greaterThan(40);
      for (let i = 0; i < planned.length; i++) {
        for (let j = i + 1; j < planned.length; j++) {
          const shared = [...planned[i]].filter((n) => planned[j].has(n));
          expect(shared, `${stacks[i].join("/")} and ${stacks[j].join("/")}`).to.deep.equal([]);
        }
      }
    });
  });

  describe("the deep health check, for both profiles", () => {
    // The profiles' deep checks, restated: WordPress's login page and Magento's pub/health_check.php.
    const withoutGeoRestriction = (stack: string): StackSettings => {
      const settings = readStackSettings(process.cwd(), stack);
      const edge = JSON.parse(settings.config[`${PROJECT}:edge`] ?? "{}");
      delete edge.geoRestriction;
      return { ...settings, config: { ...settings.config, [`${PROJECT}:edge`]: JSON.stringify(edge) } };
    };
    const cases: [what: string, settings: () => StackSettings, url: string][] = [
      [
        "prod (WordPress, CloudFront for Europe)",
        () => readStackSettings(process.cwd(), "prod"),
        "https://shop.northwind.example/wp-login.php",
      ],
      [
        "harbor-prod without its geo restriction (Magento)",
        () => withoutGeoRestriction("harbor-prod"),
        "https://www.harbor.example/health_check.php",
      ],
      [
        "dev (WordPress, CloudFront)",
        () => readStackSettings(process.cwd(), "dev"),
        "https://dev.shop.northwind.example/wp-login.php",
      ],
    ];
    for (const [what, settings, url] of cases) {
      it(`${what}: Route 53 checks ${url} over HTTPS and an alarm in us-east-1 watches it`, async () => {
        const plan = await cachedPlan(settings());
        const checks = plan.registrations.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck");
        expect(checks).to.have.length(1);
        const check = checks[0].inputs;
        expect(`https://${check.fqdn}${check.resourcePath}`).to.equal(url);
        expect(check).to.deep.include({ type: "HTTPS", port: 443, enableSni: true });
        const alarms = plan.registrations.filter(
          (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.inputs.namespace === "AWS/Route53",
        );
        expect(alarms).to.have.length(1);
        expect(alarms[0].inputs).to.deep.include({ metricName: "HealthCheckStatus" });
        expect(alarms[0].propertyDependencies.dimensions).to.deep.equal([checks[0].urn]);
        const props = plan.resources.find((r) => r.urn === alarms[0].urn)!.props;
        expect(props.region).to.equal("us-east-1");
        expect(props.okActions).to.deep.equal(props.alarmActions);
        expect(String((props.alarmActions as string[])[0])).to.match(/^arn:aws:sns:us-east-1:/);
      });
    }

    it("has none where the CDN admits no country Route 53 checks from (harbor-prod: DE, AT, CH, LI, LU), and says so", async () => {
      const plan = await cachedStackPlan("harbor-prod");
      expect(plan.resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck")).to.deep.equal(
        [],
      );
      expect(plan.warnings.join("\n")).to.match(/edge\.geoRestriction .*deep health check/);
    });

    it("has none without a domain: the load balancer then serves plain HTTP on its own name", async () => {
      const dev = readStackSettings(process.cwd(), "dev");
      const config = { ...dev.config };
      delete config[`${PROJECT}:domain`];
      const plan = await planStack({ ...dev, config }, runStack);
      expect(plan.resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck")).to.deep.equal(
        [],
      );
    });
  });

  describe("pulumi:disable-default-providers", () => {
    const withSetting = (settings: StackSettings, value: string): StackSettings => ({
      ...settings,
      config: { ...settings.config, "pulumi:disable-default-providers": value },
    });
    const ofOtherPackages = (plan: PlanResult) =>
      plan.registrations.filter(
        (r) => /^(random|awsx|fastly):/.test(r.type) && !r.type.startsWith("pulumi:providers:"),
      );

    it('plans a CloudFront stack with ["*"]: random and awsx resources through explicit providers', async () => {
      // The engine refuses a resource on a disabled default provider (pulumi/pulumi#8829, #13074).
      const plan = await planStack(withSetting(readStackSettings(process.cwd(), "prod"), '["*"]'), runStack);
      const providers = plan.registrations.filter((r) => r.type.startsWith("pulumi:providers:"));
      expect(providers.map((p) => p.type)).to.include.members([
        "pulumi:providers:random",
        "pulumi:providers:awsx",
      ]);
      const others = ofOtherPackages(plan);
      expect(others.map((r) => r.type)).to.include.members([
        "random:index/randomPassword:RandomPassword",
        "awsx:ec2:Vpc",
      ]);
    });

    it("plans a Fastly stack with fastly disabled, handing the stack's token to the explicit provider as a secret", async () => {
      const settings = settingsWith("acme-prod", {
        client: "acme",
        environment: "prod",
        profile: "wordpress",
        region: "eu-west-1",
        domain: { name: "shop.acme.example", hostedZoneId: "Z0ACMEEXAMPLE" },
        alerts: { emails: ["ops@acme.example"] },
        edge: { provider: "fastly", fastly: { shieldPop: "dublin-ie" } },
      });
      settings.config["fastly:apiKey"] = "offline-token";
      const plan = await planStack(
        { ...withSetting(settings, '["fastly", "random"]'), secretKeys: ["fastly:apiKey"] },
        runStack,
      );
      const fastly = plan.registrations.find((r) => r.type === "pulumi:providers:fastly")!;
      expect(fastly, "an explicit Fastly provider").to.not.equal(undefined);
      expect(JSON.stringify(fromWire(fastly.inputs, "redact"))).to.not.include("offline-token");
      expect(fromWire(fastly.inputs, "reveal")).to.deep.include({ apiKey: "offline-token" });
      expect(ofOtherPackages(plan).filter((r) => r.type.startsWith("fastly:")).length).to.be.greaterThan(0);
    });

    it("keeps the default providers when the setting is absent, so existing stacks see no provider change", async () => {
      const plan = await cachedStackPlan("prod");
      const types = plan.registrations.map((r) => r.type);
      expect(types).to.not.include("pulumi:providers:random");
      expect(types).to.not.include("pulumi:providers:awsx");
    });

    it("refuses a setting that is not a list of package names with one line", async () => {
      const caught = await planStack(
        withSetting(readStackSettings(process.cwd(), "dev"), '"random"'),
        runStack,
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(ConfigError.isInstance(caught), String(caught)).to.equal(true);
      expect((caught as ConfigError).problems.map((p) => p.key)).to.deep.equal([
        "pulumi:disable-default-providers",
      ]);
    });
  });
});
