import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { EdgeWaf, MANAGED_RULE_GROUPS, webAclRules } from "../../../components/edge/waf";
import { useMockCloud, valueOf } from "../../mocks";

describe("components/edge/waf", () => {
  const rules = webAclRules({ rateLimit: 1500, botControl: false, metricPrefix: "acme" });

  it("behind a CDN other than CloudFront, limits each forwarded client address instead of the CDN's", () => {
    const [rate] = webAclRules({
      rateLimit: 1500,
      botControl: false,
      metricPrefix: "acme",
      clientIpHeader: "Fastly-Client-IP",
    });
    expect(rate.statement).to.deep.equal({
      rateBasedStatement: {
        limit: 1500,
        evaluationWindowSec: 300,
        aggregateKeyType: "FORWARDED_IP",
        forwardedIpConfig: { headerName: "Fastly-Client-IP", fallbackBehavior: "NO_MATCH" },
      },
    });
  });

  it("limits each client IP first, then applies the managed rule groups", () => {
    expect(rules[0]).to.deep.include({ name: "rate-limit-per-ip", priority: 0, action: { block: {} } });
    expect(rules[0].statement).to.deep.equal({
      rateBasedStatement: { limit: 1500, evaluationWindowSec: 300, aggregateKeyType: "IP" },
    });
    expect(rules.slice(1).map((r) => r.name)).to.deep.equal([...MANAGED_RULE_GROUPS]);
    expect(MANAGED_RULE_GROUPS).to.include.members([
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesSQLiRuleSet",
      "AWSManagedRulesPHPRuleSet",
      "AWSManagedRulesAmazonIpReputationList",
    ]);
  });

  it("publishes metrics and samples for every rule", () => {
    for (const rule of rules) {
      expect(rule.visibilityConfig).to.deep.include({
        cloudwatchMetricsEnabled: true,
        sampledRequestsEnabled: true,
      });
    }
    expect(
      new Set(rules.map((r) => (r.visibilityConfig as { metricName: string }).metricName)).size,
    ).to.equal(rules.length);
  });

  it("counts instead of blocking large bodies, which admins upload", () => {
    const common = rules.find((r) => r.name === "AWSManagedRulesCommonRuleSet")!;
    expect(
      (common.statement as { managedRuleGroupStatement: unknown }).managedRuleGroupStatement,
    ).to.deep.include({
      ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
    });
  });

  it("adds Bot Control only when asked", () => {
    const withBots = webAclRules({ rateLimit: 1500, botControl: true, metricPrefix: "acme" });
    expect(withBots.map((r) => r.name)).to.include("AWSManagedRulesBotControlRuleSet");
    expect(rules.map((r) => r.name)).not.to.include("AWSManagedRulesBotControlRuleSet");
  });

  it("streams logs through encrypted Firehose into the log bucket, with cookies redacted", async () => {
    const mocks = await useMockCloud("waf");
    const provider = new Provider("waf-us-east-1", { region: "us-east-1" });
    const waf = new EdgeWaf(
      "acme-waf",
      {
        rateLimit: 1500,
        botControl: false,
        scope: "CLOUDFRONT",
        metricPrefix: "acme",
        logBucketArn: "arn:aws:s3:::acme-logs",
        logPrefix: "waf",
      },
      { providers: { aws: provider } },
    );
    await valueOf(waf.webAclArn);
    await mocks.settle();
    expect(mocks.props(mocks.one("aws:wafv2/webAcl:WebAcl"))).to.deep.include({
      scope: "CLOUDFRONT",
      region: "us-east-1",
    });
    const stream = mocks.props(mocks.one("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"));
    expect(stream.name).to.match(/^aws-waf-logs-/);
    expect(stream.serverSideEncryption).to.deep.equal({ enabled: true, keyType: "AWS_OWNED_CMK" });
    expect(stream.extendedS3Configuration).to.deep.include({
      bucketArn: "arn:aws:s3:::acme-logs",
      prefix: "waf/!{timestamp:yyyy/MM/dd}/",
    });
    const logging = mocks.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
    expect(logging.propertyDependencies.resourceArn).to.deep.equal([
      mocks.one("aws:wafv2/webAcl:WebAcl").urn,
    ]);
    expect(logging.inputs.redactedFields).to.deep.equal([
      { singleHeader: { name: "cookie" } },
      { singleHeader: { name: "authorization" } },
    ]);
    const policy = JSON.parse(mocks.props(mocks.one("aws:iam/policy:Policy")).policy as string);
    expect(policy.Statement[1].Resource).to.include("arn:aws:s3:::acme-logs/waf/*");
    // The role may write where the stream puts failed records.
    const { errorOutputPrefix } = stream.extendedS3Configuration as { errorOutputPrefix: string };
    const errorRoot = errorOutputPrefix.split("/!{")[0];
    const writable = ([] as string[]).concat(policy.Statement[1].Resource);
    expect(
      writable.some((arn) => `arn:aws:s3:::acme-logs/${errorRoot}/x`.startsWith(arn.replace(/\*$/, ""))),
    ).to.equal(true);
  });
});
