/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
"use strict";
/*
 * The benchmark's peer: the prod architecture in AWS CDK, synthesized and checked with cdk-nag's
 * AwsSolutions pack (CDK's own template validation off), so that `npm run bench` can time the offline
 * plan against it on the same machine in the same run. Not part of the kit and not installed with it:
 * install the peer outside the repository (see README, "Speed") and point STOREFRONT_CDK_PEER at it.
 *
 *   node bench/cdk-peer.cjs <dir with node_modules/aws-cdk-lib and node_modules/cdk-nag>
 */
const path = require("node:path");
const peerDir = process.argv[2] || process.env.STOREFRONT_CDK_PEER;
if (!peerDir) {
  process.stderr.write("usage: node bench/cdk-peer.cjs <peer dir>\n");
  process.exit(2);
}
const load = (name) => require(require.resolve(name, { paths: [path.resolve(peerDir)] }));
const cdk = load("aws-cdk-lib");
const { Construct } = load("constructs");
const { AwsSolutionsChecks } = load("cdk-nag");
const ec2 = load("aws-cdk-lib/aws-ec2");
const elbv2 = load("aws-cdk-lib/aws-elasticloadbalancingv2");
const autoscaling = load("aws-cdk-lib/aws-autoscaling");
const efs = load("aws-cdk-lib/aws-efs");
const rds = load("aws-cdk-lib/aws-rds");
const elasticache = load("aws-cdk-lib/aws-elasticache");
const opensearch = load("aws-cdk-lib/aws-opensearchservice");
const cloudfront = load("aws-cdk-lib/aws-cloudfront");
const origins = load("aws-cdk-lib/aws-cloudfront-origins");
const wafv2 = load("aws-cdk-lib/aws-wafv2");
const s3 = load("aws-cdk-lib/aws-s3");
const kms = load("aws-cdk-lib/aws-kms");
const sns = load("aws-cdk-lib/aws-sns");
const cloudwatch = load("aws-cdk-lib/aws-cloudwatch");
const backup = load("aws-cdk-lib/aws-backup");
const iam = load("aws-cdk-lib/aws-iam");
const acm = load("aws-cdk-lib/aws-certificatemanager");
const route53 = load("aws-cdk-lib/aws-route53");
const logs = load("aws-cdk-lib/aws-logs");

class Shop extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const key = (name) => new kms.Key(this, `${name}Key`, { enableKeyRotation: true });
    const logBucket = new s3.Bucket(this, "Logs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    });
    const vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr("10.20.0.0/16"),
      maxAzs: 3,
      natGateways: 3,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC },
        { name: "private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: "isolated", subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs() } },
      gatewayEndpoints: { s3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    const sg = (name) => new ec2.SecurityGroup(this, `${name}Sg`, { vpc, allowAllOutbound: false });
    const [albSg, webSg, dbSg, cacheSg, searchSg, efsSg, bastionSg] = [
      "Alb",
      "Web",
      "Db",
      "Cache",
      "Search",
      "Efs",
      "Bastion",
    ].map(sg);
    albSg.addIngressRule(ec2.Peer.prefixList("pl-3b927c52"), ec2.Port.tcp(443));
    webSg.addIngressRule(albSg, ec2.Port.tcp(80));
    webSg.addIngressRule(bastionSg, ec2.Port.tcp(22));
    dbSg.addIngressRule(webSg, ec2.Port.tcp(3306));
    cacheSg.addIngressRule(webSg, ec2.Port.tcp(6379));
    searchSg.addIngressRule(webSg, ec2.Port.tcp(443));
    efsSg.addIngressRule(webSg, ec2.Port.tcp(2049));

    const zone = route53.HostedZone.fromHostedZoneAttributes(this, "Zone", {
      hostedZoneId: "Z0123456789ABCDEFGHIJ",
      zoneName: "northwind.example",
    });
    const cert = new acm.Certificate(this, "Cert", {
      domainName: "shop.northwind.example",
      validation: acm.CertificateValidation.fromDns(zone),
    });
    const alb = new elbv2.ApplicationLoadBalancer(this, "Alb", {
      vpc,
      internetFacing: true,
      securityGroup: albSg,
    });
    alb.logAccessLogs(logBucket, "alb");
    const role = new iam.Role(this, "WebRole", { assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com") });
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"));
    const template = new ec2.LaunchTemplate(this, "Web", {
      instanceType: new ec2.InstanceType("c7g.xlarge"),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      requireImdsv2: true,
      role,
      securityGroup: webSg,
      blockDevices: [{ deviceName: "/dev/xvda", volume: ec2.BlockDeviceVolume.ebs(30, { encrypted: true }) }],
    });
    const asg = new autoscaling.AutoScalingGroup(this, "Asg", {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      launchTemplate: template,
      minCapacity: 3,
      maxCapacity: 24,
    });
    asg.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 70 });
    asg.scaleOnSchedule("Campaign", {
      schedule: autoscaling.Schedule.cron({ hour: "6", minute: "0" }),
      minCapacity: 6,
    });
    const https = alb.addListener("Https", {
      port: 443,
      certificates: [cert],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    });
    https.addTargets("Web", { port: 80, targets: [asg], healthCheck: { path: "/health" } });
    alb.addRedirect({ sourcePort: 80, targetPort: 443 });

    const fs = new efs.FileSystem(this, "Media", {
      vpc,
      encrypted: true,
      kmsKey: key("Efs"),
      securityGroup: efsSg,
      enableAutomaticBackups: true,
    });
    for (const dir of ["media", "static", "var"]) fs.addAccessPoint(`Ap${dir}`, { path: `/${dir}` });

    const db = new rds.DatabaseCluster(this, "Db", {
      engine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 }),
      writer: rds.ClusterInstance.provisioned("writer", { instanceType: new ec2.InstanceType("r7g.large") }),
      readers: [
        rds.ClusterInstance.provisioned("reader", { instanceType: new ec2.InstanceType("r7g.large") }),
      ],
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [dbSg],
      storageEncryptionKey: key("Db"),
      iamAuthentication: true,
      deletionProtection: true,
      backup: { retention: cdk.Duration.days(14) },
      cloudwatchLogsExports: ["error", "slowquery", "audit"],
      parameters: { require_secure_transport: "ON" },
    });

    const cacheSubnets = new elasticache.CfnSubnetGroup(this, "CacheSubnets", {
      description: "cache",
      subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
    });
    new elasticache.CfnReplicationGroup(this, "Cache", {
      replicationGroupDescription: "sessions",
      engine: "valkey",
      cacheNodeType: "cache.r7g.large",
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      cacheSubnetGroupName: cacheSubnets.ref,
      securityGroupIds: [cacheSg.securityGroupId],
    });

    new opensearch.Domain(this, "Search", {
      version: opensearch.EngineVersion.OPENSEARCH_2_19,
      vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      securityGroups: [searchSg],
      capacity: { dataNodes: 3, dataNodeInstanceType: "r7g.large.search", multiAzWithStandbyEnabled: false },
      zoneAwareness: { enabled: true, availabilityZoneCount: 3 },
      encryptionAtRest: { enabled: true },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      logging: { slowSearchLogEnabled: true, appLogEnabled: true, slowIndexLogEnabled: true },
    });

    const waf = new wafv2.CfnWebACL(this, "Waf", {
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: "waf", sampledRequestsEnabled: true },
      rules: [
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesSQLiRuleSet",
      ].map((name, priority) => ({
        name,
        priority,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
      })),
    });
    const cdn = new cloudfront.Distribution(this, "Cdn", {
      defaultBehavior: {
        origin: new origins.HttpOrigin("origin.northwind.example", {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          customHeaders: { "X-Origin-Verify": "secret" },
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      additionalBehaviors: {
        "/static/*": {
          origin: new origins.HttpOrigin("origin.northwind.example"),
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        },
        "/media/*": {
          origin: new origins.HttpOrigin("origin.northwind.example"),
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        },
      },
      webAclId: waf.attrArn,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket,
      geoRestriction: cloudfront.GeoRestriction.allowlist("DE", "AT", "CH"),
    });

    const topic = new sns.Topic(this, "Alarms", { masterKey: key("Sns"), enforceSSL: true });
    const alarm = (name, metric, threshold) =>
      new cloudwatch.Alarm(this, name, { metric, threshold, evaluationPeriods: 3 });
    [
      alarm("Alb5xx", alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT), 10),
      alarm("AlbLatency", alb.metrics.targetResponseTime(), 2),
      alarm("DbCpu", db.metricCPUUtilization(), 80),
      alarm("DbConnections", db.metricDatabaseConnections(), 500),
      alarm("Cdn5xx", cdn.metric5xxErrorRate(), 5),
    ].forEach((a) => a.addAlarmAction({ bind: () => ({ alarmActionArn: topic.topicArn }) }));

    const bastion = new ec2.BastionHostLinux(this, "Bastion", {
      vpc,
      securityGroup: bastionSg,
      requireImdsv2: true,
    });
    bastionSg.addIngressRule(ec2.Peer.ipv4("203.0.113.0/24"), ec2.Port.tcp(22));
    void bastion;

    const plan = backup.BackupPlan.dailyWeeklyMonthly5YearRetention(this, "Backups");
    plan.addSelection("Selection", { resources: [backup.BackupResource.fromTag("backup", "true")] });
    new logs.LogGroup(this, "AppLogs", { retention: logs.RetentionDays.ONE_MONTH });
  }
}

const app = new cdk.App({
  outdir: require("node:fs").mkdtempSync(path.join(require("node:os").tmpdir(), "cdk-peer-")),
});
const stack = new Shop(app, "shop-prod", { env: { account: "123456789012", region: "eu-west-1" } });
void Construct;
if (!process.env.NO_NAG) cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
let assembly;
try {
  assembly = app.synth({ validateOnSynthesis: false });
} catch (e) {
  // cdk-nag reports findings by failing the synthesis; the check ran, which is what is measured.
  if (!/validation/i.test(String(e && e.message))) throw e;
  process.stdout.write("cdk-nag: findings\n");
}
void assembly;
require("node:fs").rmSync(app.outdir, { recursive: true, force: true });
const resources = stack.node.findAll().filter((c) => cdk.CfnResource.isCfnResource(c)).length;
process.stdout.write(`${resources} resources\n`);
void __dirname;
