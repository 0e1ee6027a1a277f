import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CloudFrontEdge } from "./edge/cloudfront-edge";
import { Edge, EdgeArgs, SECURITY_HEADERS } from "./edge/edge";
import { FastlyEdge } from "./edge/fastly-edge";
import { cloudFrontOriginPrefixList, FastlyOriginPrefixList } from "./edge/origin-network";
import { EdgeWaf } from "./edge/waf";
import type { LogArchive } from "./log-archive";
import type { StorefrontArgs } from "./storefront-args";
import type { WebTier } from "./web-tier";

/*
 * The Storefront's edge wiring: which CDN fronts the load balancer and from where it reaches it, or the
 * load balancer's own WAF where CloudFront does not front it. Kept apart from storefront.ts so that file
 * stays about the tiers themselves.
 */

/** Log bucket prefixes per source. */
export const LOG_PREFIX = { alb: "alb", cdn: "cdn", waf: "waf" } as const;

/** The prefix list of the CDN's origin-facing addresses, the only source the load balancer admits. */
export function cdnOrigins(
  parent: pulumi.Resource,
  name: string,
  implementation: "cloudfront" | "fastly",
): pulumi.Input<string> {
  return implementation === "cloudfront"
    ? cloudFrontOriginPrefixList({ parent })
    : new FastlyOriginPrefixList(`${name}-fastly-origins`, { parent }).prefixListId;
}

/** The CDN the stack asked for, in front of the load balancer, behind the origin lock. */
export function buildCdn(
  parent: pulumi.Resource,
  name: string,
  args: StorefrontArgs,
  originLock: EdgeArgs["originLock"],
  logs: LogArchive,
): { edge: Edge; usEast1?: aws.Provider } {
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
    return { edge: new FastlyEdge(`${name}-fastly`, { ...common, ...edge.fastly! }, { parent }) };
  }
  // CloudFront's certificate, web ACL and metrics live in us-east-1, whatever the stack's region.
  const usEast1 = new aws.Provider(
    `${name}-us-east-1`,
    { region: "us-east-1", defaultTags: { tags: { ...args.tags } } },
    { parent },
  );
  const cloudfront = edge.cloudfront!;
  const cdn = new CloudFrontEdge(
    `${name}-cdn`,
    {
      ...common,
      ...(cloudfront.certificateArn ? { certificateArn: cloudfront.certificateArn } : {}),
      priceClass: cloudfront.priceClass,
      ...(cloudfront.geoRestriction ? { geoRestriction: cloudfront.geoRestriction } : {}),
      waf: args.waf,
      logBucket: { arn: logs.bucketArn },
      logPrefixes: { access: LOG_PREFIX.cdn, waf: LOG_PREFIX.waf },
    },
    { parent, providers: { aws: usEast1 } },
  );
  return { edge: cdn, usEast1 };
}

/**
 * Without CloudFront in front, the load balancer carries the WAF itself (regional scope), so every
 * stack inspects requests before they reach PHP, whichever CDN it uses or none.
 */
export function loadBalancerWaf(
  parent: pulumi.Resource,
  name: string,
  args: StorefrontArgs,
  web: WebTier,
  logs: LogArchive,
): pulumi.Output<string> {
  const waf = new EdgeWaf(
    `${name}-alb-waf`,
    {
      ...args.waf,
      scope: "REGIONAL",
      metricPrefix: `${name}-alb`,
      logBucketArn: logs.bucketArn,
      logPrefix: LOG_PREFIX.waf,
    },
    { parent },
  );
  new aws.wafv2.WebAclAssociation(
    `${name}-alb-waf`,
    { resourceArn: web.loadBalancerArn, webAclArn: waf.webAclArn },
    { parent },
  );
  return waf.webAclName;
}
