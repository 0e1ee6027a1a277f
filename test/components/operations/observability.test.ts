import { Provider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { checkObservabilityArgs, Observability } from "../../../components/operations/observability";
import { MockSession, useMockCloud, valueOf } from "../../mocks";
import { FULL, T } from "./fixtures";

describe("components/operations/observability", () => {
  let mocks: MockSession;
  let ops: Observability;
  before(async () => {
    mocks = await useMockCloud("ops");
    const regional = new Provider("ops-aws", { region: "eu-west-1" });
    const global = new Provider("ops-us-east-1", { region: "us-east-1" });
    ops = new Observability(
      "acme-ops",
      {
        region: "eu-west-1",
        stack: FULL,
        thresholds: T,
        emails: ["ops@acme.example"],
        webhookUrl: "https://oncall.example/hook",
        globalProvider: global,
      },
      { providers: { aws: regional } },
    );
    await valueOf(ops.dashboardUrl);
    await mocks.settle();
  });

  it("notifies an encrypted topic on alarm and on recovery, every alarm in its metrics' region", () => {
    const topics = mocks.ofType("aws:sns/topic:Topic").map((t) => mocks.props(t));
    for (const t of topics) expect(t.kmsMasterKeyId).to.match(/^arn:aws:kms:/);
    const byRegion = Object.fromEntries(topics.map((t) => [t.region, t.arn]));
    for (const a of mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => mocks.props(r))) {
      expect(a.alarmActions, String(a.name)).to.deep.equal([byRegion[a.region as string]]);
      expect(a.okActions, String(a.name)).to.deep.equal(a.alarmActions);
    }
    const cdn = mocks.props(
      mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => a.name.endsWith("cdn-5xx-rate"))!,
    );
    expect(cdn.region).to.equal("us-east-1");
  });

  it("lets CloudWatch use the topic's key", () => {
    const key = mocks.props(mocks.ofType("aws:kms/key:Key")[0]);
    const policy = JSON.parse(key.policy as string);
    expect(policy.Statement[1]).to.deep.include({ Principal: { Service: "cloudwatch.amazonaws.com" } });
  });

  it("subscribes the emails and the webhook, keeping the webhook secret", async () => {
    const subs = mocks.ofType("aws:sns/topicSubscription:TopicSubscription").map((s) => mocks.props(s));
    expect(subs.filter((s) => s.protocol === "email").map((s) => s.endpoint)).to.deep.equal([
      "ops@acme.example",
      "ops@acme.example",
    ]);
    const webhook = mocks
      .ofType("aws:sns/topicSubscription:TopicSubscription")
      .find((s) => s.inputs.protocol === "https")!;
    expect(JSON.stringify(webhook.inputs.endpoint)).to.contain("1b47061264138c4ac30d75fd1eb44270");
    expect(await pulumi.isSecret(ops.dashboardUrl)).to.equal(false);
  });

  it("draws a dashboard with traffic, latency, capacity and data-tier widgets", () => {
    const body = JSON.parse(
      mocks.props(mocks.one("aws:cloudwatch/dashboard:Dashboard")).dashboardBody as string,
    );
    expect(body.widgets.map((w: { properties: { title: string } }) => w.properties.title)).to.include.members(
      [
        "Requests",
        "Errors (5xx)",
        "Response time (p50, p95, p99)",
        "Web servers: capacity and CPU",
        "Database",
        "Session cache",
        "Search cluster",
        "CDN errors and WAF blocks",
      ],
    );
  });

  describe("the shop's deep health check", () => {
    let site: MockSession;
    before(async () => {
      site = await useMockCloud("site");
      const regional = new Provider("site-aws", { region: "eu-central-1" });
      const global = new Provider("site-us-east-1", { region: "us-east-1" });
      const { cdn: _cdn, ...withoutCdn } = FULL;
      const o = new Observability(
        "acme-ops",
        {
          region: "eu-central-1",
          stack: withoutCdn,
          thresholds: T,
          emails: ["ops@acme.example"],
          globalProvider: global,
          siteCheck: {
            hostname: "shop.acme.example",
            path: "/health_check.php",
            regions: ["eu-west-1", "us-east-1", "us-west-2"],
          },
        },
        { providers: { aws: regional } },
      );
      await valueOf(o.dashboardUrl);
      await site.settle();
    });

    it("requests the deep path over HTTPS with SNI at the shop's name, from three checker regions", () => {
      expect(site.props(site.one("aws:route53/healthCheck:HealthCheck"))).to.deep.include({
        type: "HTTPS",
        fqdn: "shop.acme.example",
        port: 443,
        resourcePath: "/health_check.php",
        enableSni: true,
        regions: ["eu-west-1", "us-east-1", "us-west-2"],
      });
    });

    it("alarms in us-east-1, where Route 53 publishes HealthCheckStatus, to the topic there, on alarm and on recovery", () => {
      const check = site.one("aws:route53/healthCheck:HealthCheck");
      const alarm = site
        .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .find((a) => a.inputs.namespace === "AWS/Route53")!;
      expect(alarm, "an alarm on the health check").to.not.equal(undefined);
      const props = site.props(alarm);
      expect(props).to.deep.include({
        region: "us-east-1",
        metricName: "HealthCheckStatus",
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
      });
      expect(alarm.propertyDependencies.dimensions).to.deep.equal([check.urn]);
      const topic = site
        .ofType("aws:sns/topic:Topic")
        .map((t) => site.props(t))
        .find((t) => t.region === "us-east-1")!;
      expect(props.alarmActions).to.deep.equal([topic.arn]);
      expect(props.okActions).to.deep.equal([topic.arn]);
    });

    it("refuses a site check without the us-east-1 provider, and a relative path, at once", () => {
      expect(() =>
        checkObservabilityArgs({
          region: "eu-west-1",
          stack: FULL,
          thresholds: T,
          emails: ["ops@acme.example"],
          siteCheck: {
            hostname: "shop.acme.example",
            path: "health",
            regions: ["eu-west-1", "us-east-1", "us-west-2"],
          },
        }),
      ).to.throw(/globalProvider.*siteCheck\.path/);
    });
  });
});
