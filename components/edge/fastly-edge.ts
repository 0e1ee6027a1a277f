import * as route53 from "@pulumi/aws/route53";
import * as fastly from "@pulumi/fastly";
import * as pulumi from "@pulumi/pulumi";
import { Edge, EdgeArgs, edgeArgsProblems } from "./edge";
import { throwIfProblems } from "../shared/check-args";
import { deliverSnippet, fetchSnippet, originLockSnippet, PASS_CONDITION, recvSnippet } from "./vcl";

export interface FastlyEdgeArgs extends EdgeArgs {
  /** The POP that shields the origin: one cache in front of it instead of every POP. */
  readonly shieldPop: string;
  /** Turn on Fastly's Next-Gen WAF for this service (an account feature) in this workspace. */
  readonly ngwafWorkspaceId?: string;
}

const BACKEND = "alb";
const HEALTH_CHECK = "alb-health";
const PASS_ROUTE = "storefront-pass";

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: Fastly shields the
 * origin at one named POP.
 */
export function checkFastlyEdgeArgs(args: FastlyEdgeArgs): void {
  throwIfProblems("FastlyEdge", [
    ...edgeArgsProblems(args),
    args.shieldPop.trim() === "" && "shieldPop: the Fastly POP that shields the origin, such as frankfurt-de",
  ]);
}

/**
 * Fastly in front of the load balancer: a VCL service on the shop's host names with the load balancer as
 * its TLS backend (certificate host name and SNI checked, TLS 1.2 at least), shielded at one POP and
 * health-checked. VCL passes cart, checkout, account, admin and API paths and caches static files and
 * media; HTTP is forced to HTTPS and security headers added. Every origin request, health checks
 * included, carries the origin-lock header. A Let's Encrypt subscription covers the host names. The
 * Fastly provider takes its API token from the stack's secret `fastly:apiKey`.
 */
export class FastlyEdge extends pulumi.ComponentResource implements Edge {
  readonly implementation = "fastly" as const;
  readonly url: pulumi.Output<string>;
  readonly cdnHostname: pulumi.Output<string>;
  readonly serviceId: pulumi.Output<string>;

  constructor(name: string, args: FastlyEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    checkFastlyEdgeArgs(args);
    super("storefront:edge:FastlyEdge", name, {}, opts);
    const lock = args.originLock;
    const lockHeader = pulumi.interpolate`${lock.headerName}: ${lock.headerValue}`;

    const service = new fastly.ServiceVcl(
      `${name}-service`,
      {
        name: `${name}`,
        comment: `Storefront ${args.hostnames[0]}`,
        domains: args.hostnames.map((hostname) => ({ name: hostname })),
        backends: [
          {
            name: BACKEND,
            address: args.originHostname,
            port: 443,
            useSsl: true,
            sslCheckCert: true,
            sslCertHostname: args.originHostname,
            sslSniHostname: args.originHostname,
            minTlsVersion: "1.2",
            shield: args.shieldPop,
            healthcheck: HEALTH_CHECK,
            connectTimeout: 1000,
            firstByteTimeout: 60000,
            betweenBytesTimeout: 10000,
          },
        ],
        healthchecks: [
          {
            name: HEALTH_CHECK,
            host: args.hostnames[0],
            path: args.healthCheckPath,
            method: "GET",
            expectedResponse: 200,
            checkInterval: 15000,
            threshold: 3,
            window: 5,
            initial: 3,
            headers: [lockHeader],
          },
        ],
        conditions: [{ name: PASS_ROUTE, type: "REQUEST", statement: PASS_CONDITION, priority: 10 }],
        requestSettings: [
          { name: "force-tls", forceSsl: true },
          // Fastly's generated code returns pass for these, after force TLS and backend selection ran.
          { name: "pass-dynamic", action: "pass", requestCondition: PASS_ROUTE },
        ],
        snippets: [
          { name: "path-classes", type: "recv", priority: 100, content: recvSnippet(args.paths) },
          ...(["miss", "pass"] as const).map((type) => ({
            name: `origin-lock-${type}`,
            type,
            priority: 100,
            content: pulumi.interpolate`${lock.headerValue}`.apply((value) =>
              originLockSnippet(lock.headerName, value),
            ),
          })),
          {
            name: "static-ttl",
            type: "fetch",
            priority: 100,
            content: fetchSnippet(args.paths, args.staticTtlSeconds),
          },
          {
            name: "security-headers",
            type: "deliver",
            priority: 100,
            content: deliverSnippet(args.securityHeaders),
          },
        ],
        ...(args.ngwafWorkspaceId
          ? {
              productEnablement: {
                ngwaf: { enabled: true, workspaceId: args.ngwafWorkspaceId, trafficRamp: 100 },
              },
            }
          : {}),
        forceDestroy: false,
      },
      { parent: this },
    );

    const subscription = new fastly.TlsSubscription(
      `${name}-tls`,
      { domains: [...args.hostnames], certificateAuthority: "lets-encrypt" },
      { parent: this, dependsOn: [service] },
    );

    const tls = fastly.getTlsConfigurationOutput({ default: true }, { parent: this });
    if (args.hostedZoneId) {
      const zoneId = args.hostedZoneId;
      const challenges = args.hostnames.map(
        (hostname, i) =>
          new route53.Record(
            `${name}-tls-challenge-${i}`,
            {
              zoneId,
              ...challengeFor(subscription, hostname),
              ttl: 300,
              allowOverwrite: true,
            },
            { parent: this },
          ),
      );
      new fastly.TlsSubscriptionValidation(
        `${name}-tls`,
        { subscriptionId: subscription.id },
        { parent: this, dependsOn: challenges },
      );
      // Anycast A records work at a zone apex too, where a CNAME cannot.
      const anycast = tls.dnsRecords.apply((records) =>
        records.filter((r) => r.recordType === "A").map((r) => r.recordValue),
      );
      args.hostnames.forEach(
        (hostname, i) =>
          new route53.Record(
            `${name}-site-${i}`,
            { zoneId, name: hostname, type: "A", ttl: 300, records: anycast },
            { parent: this },
          ),
      );
    }

    this.url = pulumi.output(`https://${args.hostnames[0]}`);
    this.cdnHostname = tls.dnsRecords.apply(
      (records) => records.find((r) => r.recordType === "CNAME")?.recordValue ?? "",
    );
    this.serviceId = service.id;
    this.registerOutputs({ url: this.url, cdnHostname: this.cdnHostname, serviceId: this.serviceId });
  }
}

/** The DNS challenge record Fastly asks for to prove control of one host name. */
function challengeFor(subscription: fastly.TlsSubscription, hostname: string) {
  const challenge = subscription.managedDnsChallenges.apply(
    (all) => all.find((c) => c.recordName === `_acme-challenge.${hostname}`) ?? all[0],
  );
  return {
    name: challenge.recordName,
    type: challenge.recordType,
    records: [challenge.recordValue],
  };
}
