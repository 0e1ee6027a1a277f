import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { Provider } from "@pulumi/aws/provider";
import * as sns from "@pulumi/aws/sns";
import * as route53 from "@pulumi/aws/route53";
import * as pulumi from "@pulumi/pulumi";
import { rotatingKey } from "../shared/keys";
import { alarmSpecs, AlarmSpec, AlarmThresholds, MonitoredStack } from "./alarms";
import { dashboardBody } from "./dashboard";

export interface ObservabilityArgs {
  readonly region: string;
  readonly stack: MonitoredStack;
  readonly thresholds: AlarmThresholds;
  /** Addresses that get every alarm and recovery by email. */
  readonly emails: readonly string[];
  /** An on-call service's HTTPS webhook; treated as a secret. */
  readonly webhookUrl?: pulumi.Input<string>;
  /**
   * A us-east-1 provider, needed when the stack has CloudFront or a site check: their metrics and alarms
   * live there.
   */
  readonly globalProvider?: Provider;
  /**
   * The shop's deep check from outside: a Route 53 HTTPS health check on `https://<hostname><path>` from
   * `regions` (site-check.ts), alarmed in us-east-1. Needs `globalProvider`.
   */
  readonly siteCheck?: {
    readonly hostname: string;
    readonly path: string;
    readonly regions: readonly string[];
  };
}

/** Every contradiction in the args, at once, before the first child. */
export function checkObservabilityArgs(args: ObservabilityArgs): void {
  const problems: string[] = [];
  if (args.siteCheck && !args.globalProvider) {
    problems.push("siteCheck: needs globalProvider (Route 53 health check metrics live in us-east-1)");
  }
  if (args.siteCheck && !args.siteCheck.path.startsWith("/")) {
    problems.push(`siteCheck.path: ${JSON.stringify(args.siteCheck.path)} is not an absolute URL path`);
  }
  if (args.siteCheck && args.siteCheck.regions.length < 3) {
    problems.push("siteCheck.regions: Route 53 needs at least 3 health checker regions");
  }
  if (problems.length > 0) throw new Error(`Observability: ${problems.join("; ")}`);
}

/**
 * Alarms for every tier the stack has, each notifying an encrypted SNS topic when it fires and when it
 * clears; email and on-call webhook subscriptions; a dashboard with traffic, latency, errors, capacity
 * and data-tier health. CloudFront's and its WAF's alarms live in us-east-1 with a topic of their own.
 */
export class Observability extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string>;
  readonly dashboardUrl: pulumi.Output<string>;
  readonly alarmNames: pulumi.Output<string>[];
  /** Alarm names by their spec key, e.g. `alb-5xx-rate`. */
  readonly alarmNamesByKey: Readonly<Record<string, pulumi.Output<string>>>;

  private readonly name: string;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:operations:Observability", name, {}, opts);
    checkObservabilityArgs(args);
    this.name = name;

    const regional = this.topic(name, args, {});
    const global = args.globalProvider
      ? this.topic(`${name}-global`, args, { provider: args.globalProvider })
      : undefined;

    const siteCheck = args.siteCheck ? this.siteCheck(name, args.siteCheck, args.globalProvider!) : undefined;
    const specs = alarmSpecs({ ...args.stack, ...(siteCheck ? { siteCheck } : {}) }, args.thresholds);
    this.alarmNames = specs.map((spec) => {
      const topic = spec.global ? global : regional;
      if (!topic) throw new Error(`alarm ${spec.key} needs the us-east-1 provider`);
      return this.alarm(spec, topic, spec.global ? { provider: args.globalProvider } : {});
    });
    this.alarmNamesByKey = Object.fromEntries(specs.map((spec, i) => [spec.key, this.alarmNames[i]]));

    const dashboard = new cloudwatch.Dashboard(
      `${name}-dashboard`,
      { dashboardName: name, dashboardBody: pulumi.jsonStringify(dashboardBody(args.stack, args.region)) },
      { parent: this },
    );

    this.topicArn = regional.arn;
    this.dashboardName = dashboard.dashboardName;
    this.dashboardUrl = pulumi.interpolate`https://${args.region}.console.aws.amazon.com/cloudwatch/home?region=${args.region}#dashboards/dashboard/${dashboard.dashboardName}`;
    this.registerOutputs({ topicArn: this.topicArn, dashboardUrl: this.dashboardUrl });
  }

  /**
   * A Route 53 health check on the site's deep path over HTTPS, with SNI so the CDN or load balancer
   * answers with the site's certificate (Route 53 API reference, HealthCheckConfig, EnableSNI); three
   * failures 30 seconds apart make it unhealthy.
   */
  private siteCheck(
    name: string,
    check: NonNullable<ObservabilityArgs["siteCheck"]>,
    provider: Provider,
  ): { healthCheckId: pulumi.Output<string>; url: string } {
    const healthCheck = new route53.HealthCheck(
      `${name}-site-check`,
      {
        type: "HTTPS",
        fqdn: check.hostname,
        port: 443,
        resourcePath: check.path,
        enableSni: true,
        requestInterval: 30,
        failureThreshold: 3,
        regions: [...check.regions],
        tags: { Name: `${name}-site-check` },
      },
      { parent: this, provider },
    );
    return { healthCheckId: healthCheck.id, url: `https://${check.hostname}${check.path}` };
  }

  /** An SNS topic encrypted with a key CloudWatch may use, with the stack's subscriptions. */
  private topic(
    name: string,
    args: ObservabilityArgs,
    providerOpts: pulumi.CustomResourceOptions,
  ): sns.Topic {
    const opts = { parent: this, ...providerOpts };
    const account = getCallerIdentityOutput({}, opts).accountId;
    // AWS's key for SNS does not let CloudWatch publish to an encrypted topic; this key does.
    const key = rotatingKey(
      `${name}-alarms-key`,
      `Encrypts the alarm topic ${name}`,
      opts,
      pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Account",
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Sid: "CloudWatchAlarms",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
          },
        ],
      }),
    );
    const topic = new sns.Topic(
      `${name}-alarms`,
      { kmsMasterKeyId: key.arn, tags: { Name: `${name}-alarms` } },
      opts,
    );
    args.emails.forEach(
      (email, i) =>
        new sns.TopicSubscription(
          `${name}-alarms-email-${i}`,
          { topic: topic.arn, protocol: "email", endpoint: email },
          opts,
        ),
    );
    if (args.webhookUrl) {
      new sns.TopicSubscription(
        `${name}-alarms-webhook`,
        {
          topic: topic.arn,
          protocol: "https",
          endpoint: pulumi.secret(args.webhookUrl),
          endpointAutoConfirms: true,
        },
        opts,
      );
    }
    return topic;
  }

  private alarm(
    spec: AlarmSpec,
    topic: sns.Topic,
    providerOpts: pulumi.CustomResourceOptions,
  ): pulumi.Output<string> {
    const actions = [topic.arn];
    const alarm = new cloudwatch.MetricAlarm(
      `${this.name}-${spec.key}`,
      {
        alarmDescription: spec.description,
        comparisonOperator: spec.comparison,
        evaluationPeriods: spec.evaluationPeriods,
        ...(spec.datapointsToAlarm ? { datapointsToAlarm: spec.datapointsToAlarm } : {}),
        ...(spec.threshold !== undefined ? { threshold: spec.threshold } : {}),
        ...(spec.thresholdMetricId ? { thresholdMetricId: spec.thresholdMetricId } : {}),
        treatMissingData: spec.treatMissingData,
        alarmActions: actions,
        okActions: actions,
        ...(spec.metric
          ? {
              namespace: spec.metric.namespace,
              metricName: spec.metric.metricName,
              dimensions: spec.metric.dimensions,
              period: spec.period,
              ...(spec.metric.extendedStatistic
                ? { extendedStatistic: spec.metric.extendedStatistic }
                : { statistic: spec.metric.statistic }),
            }
          : {
              metricQueries: (spec.queries ?? []).map((q) => ({
                id: q.id,
                returnData: q.returnData,
                ...(q.expression
                  ? { expression: q.expression }
                  : {
                      metric: {
                        namespace: q.namespace!,
                        metricName: q.metricName!,
                        dimensions: q.dimensions,
                        stat: q.stat!,
                        period: spec.period,
                      },
                    }),
              })),
            }),
        tags: { Name: `${this.name}-${spec.key}` },
      },
      { parent: this, ...providerOpts },
    );
    return alarm.name;
  }
}
