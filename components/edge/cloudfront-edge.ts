import * as cloudfront from "@pulumi/aws/cloudfront";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as route53 from "@pulumi/aws/route53";
import * as pulumi from "@pulumi/pulumi";
import { DnsValidatedCertificate, ValidationRecords } from "../dns/certificate";
import { Edge, EdgeArgs, edgeArgsProblems } from "./edge";
import { throwIfProblems } from "../shared/check-args";
import { EdgeWaf } from "./waf";
import { physicalName } from "../shared/names";

/** Route 53's hosted zone for every CloudFront alias target. */
const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";
const ORIGIN_ID = "alb";

export interface CloudFrontEdgeArgs extends EdgeArgs {
  /** Validation records the stack's other certificates already own (one owner per record). */
  readonly validationRecords?: ValidationRecords;
  /** An issued us-east-1 certificate covering the host names; @default one is issued in `hostedZoneId` */
  readonly certificateArn?: pulumi.Input<string>;
  readonly priceClass: string;
  readonly geoRestriction?: { readonly mode: "allow" | "deny"; readonly countries: readonly string[] };
  readonly waf: { readonly rateLimit: number; readonly botControl: boolean };
  /** The stack's log bucket: access logs and WAF logs go there. */
  readonly logBucket: { readonly arn: pulumi.Input<string> };
  readonly logPrefixes: { readonly access: string; readonly waf: string };
}

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: CloudFront serves
 * the shop's names only with a us-east-1 certificate, given or issued in the hosted zone, and a geo
 * restriction needs countries.
 */
export function checkCloudFrontEdgeArgs(args: CloudFrontEdgeArgs): void {
  throwIfProblems("CloudFrontEdge", [
    ...edgeArgsProblems(args),
    args.certificateArn === undefined &&
      args.hostedZoneId === undefined &&
      "certificateArn: a us-east-1 certificate, or hostedZoneId so that one is issued",
    args.geoRestriction?.countries.length === 0 &&
      `geoRestriction.countries []: one country or more for mode ${args.geoRestriction.mode}`,
  ]);
}

/**
 * CloudFront in front of the load balancer. Viewers are redirected to HTTPS (TLS 1.2 at least, HTTP/2
 * and HTTP/3); the origin is reached over HTTPS only with TLS 1.2, carrying the origin-lock header. Static
 * files and media are cached long; everything else, and cart, checkout, account, admin and API paths in
 * any case, passes to the origin uncached with every viewer header, cookie and query string. Security
 * headers go on every response; a WAFv2 web ACL guards every request. Give it a us-east-1 provider.
 */
export class CloudFrontEdge extends pulumi.ComponentResource implements Edge {
  readonly implementation = "cloudfront" as const;
  readonly url: pulumi.Output<string>;
  readonly cdnHostname: pulumi.Output<string>;
  readonly serviceId: pulumi.Output<string>;
  readonly distributionArn: pulumi.Output<string>;
  readonly webAclArn: pulumi.Output<string>;
  readonly webAclName: pulumi.Output<string>;

  constructor(name: string, args: CloudFrontEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    checkCloudFrontEdgeArgs(args);
    super("storefront:edge:CloudFrontEdge", name, {}, opts);
    const child = { parent: this };

    const certificateArn =
      args.certificateArn ??
      new DnsValidatedCertificate(
        `${name}-cert`,
        {
          hostnames: args.hostnames,
          hostedZoneId: args.hostedZoneId!,
          ...(args.validationRecords ? { sharedRecords: args.validationRecords } : {}),
        },
        child,
      ).certificateArn;

    const waf = new EdgeWaf(
      `${name}-waf`,
      {
        ...args.waf,
        scope: "CLOUDFRONT",
        metricPrefix: name,
        logBucketArn: args.logBucket.arn,
        logPrefix: args.logPrefixes.waf,
      },
      child,
    );

    const staticPolicy = new cloudfront.CachePolicy(
      `${name}-static`,
      {
        comment: "Static files and media: long-lived, versioned by query string",
        defaultTtl: args.staticTtlSeconds,
        maxTtl: Math.max(args.staticTtlSeconds, 31536000),
        minTtl: 1,
        parametersInCacheKeyAndForwardedToOrigin: {
          cookiesConfig: { cookieBehavior: "none" },
          headersConfig: { headerBehavior: "none" },
          queryStringsConfig: { queryStringBehavior: "all" },
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        },
      },
      child,
    );
    // AWS's managed policies: never cache, and pass every viewer header, cookie and query string on.
    const noCache = cloudfront
      .getCachePolicyOutput({ name: "Managed-CachingDisabled" }, child)
      .apply((p) => p.id!);
    const allViewer = cloudfront
      .getOriginRequestPolicyOutput({ name: "Managed-AllViewer" }, child)
      .apply((p) => p.id!);

    const headers = new cloudfront.ResponseHeadersPolicy(
      `${name}-security-headers`,
      {
        comment: "Storefront security headers",
        securityHeadersConfig: {
          strictTransportSecurity: {
            accessControlMaxAgeSec: args.securityHeaders.hstsMaxAgeSeconds,
            includeSubdomains: true,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: args.securityHeaders.frameOptions, override: true },
          referrerPolicy: { referrerPolicy: args.securityHeaders.referrerPolicy, override: true },
        },
      },
      child,
    );

    const dynamicBehavior = {
      targetOriginId: ORIGIN_ID,
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: noCache,
      originRequestPolicyId: allViewer,
      responseHeadersPolicyId: headers.id,
      compress: true,
    };
    const staticBehavior = {
      ...dynamicBehavior,
      allowedMethods: ["GET", "HEAD", "OPTIONS"],
      cachePolicyId: staticPolicy.id,
      originRequestPolicyId: undefined,
    };

    const distribution = new cloudfront.Distribution(
      `${name}-distribution`,
      {
        enabled: true,
        comment: `Storefront ${args.hostnames[0]}`,
        aliases: [...args.hostnames],
        isIpv6Enabled: true,
        httpVersion: "http2and3",
        priceClass: args.priceClass,
        webAclId: waf.webAclArn,
        origins: [
          {
            originId: ORIGIN_ID,
            domainName: args.originHostname,
            customOriginConfig: {
              httpPort: 80,
              httpsPort: 443,
              originProtocolPolicy: "https-only",
              originSslProtocols: ["TLSv1.2"],
              originReadTimeout: 60,
              originKeepaliveTimeout: 5,
            },
            customHeaders: [{ name: args.originLock.headerName, value: args.originLock.headerValue }],
          },
        ],
        defaultCacheBehavior: dynamicBehavior,
        // Never-cache paths come first: CloudFront takes the first pattern that matches.
        orderedCacheBehaviors: [
          ...args.paths.neverCache.map((pathPattern) => ({ ...dynamicBehavior, pathPattern })),
          ...args.paths.static.map((pathPattern) => ({ ...staticBehavior, pathPattern })),
        ],
        viewerCertificate: {
          acmCertificateArn: certificateArn,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: "TLSv1.2_2021",
        },
        restrictions: {
          geoRestriction: args.geoRestriction
            ? {
                restrictionType: args.geoRestriction.mode === "allow" ? "whitelist" : "blacklist",
                locations: [...args.geoRestriction.countries],
              }
            : { restrictionType: "none" },
        },
        tags: { Name: `${name}-distribution` },
      },
      child,
    );

    this.accessLogs(name, distribution, args);
    if (args.hostedZoneId) {
      args.hostnames.forEach((hostname, i) => {
        for (const type of ["A", "AAAA"]) {
          new route53.Record(
            `${name}-site-${i}-${type.toLowerCase()}`,
            {
              zoneId: args.hostedZoneId!,
              name: hostname,
              type,
              aliases: [
                { name: distribution.domainName, zoneId: CLOUDFRONT_ZONE_ID, evaluateTargetHealth: false },
              ],
            },
            child,
          );
        }
      });
    }

    this.url = pulumi.output(`https://${args.hostnames[0]}`);
    this.cdnHostname = distribution.domainName;
    this.serviceId = distribution.id;
    this.distributionArn = distribution.arn;
    this.webAclArn = waf.webAclArn;
    this.webAclName = waf.webAclName;
    this.registerOutputs({ url: this.url, cdnHostname: this.cdnHostname, serviceId: this.serviceId });
  }

  /** Standard logging (v2) to the log bucket: works with ACLs disabled, unlike legacy logging. */
  private accessLogs(name: string, distribution: cloudfront.Distribution, args: CloudFrontEdgeArgs): void {
    const source = new cloudwatch.LogDeliverySource(
      `${name}-access-logs`,
      {
        name: physicalName("aws:cloudwatch/logDeliverySource:LogDeliverySource", `${name}-access-logs`),
        logType: "ACCESS_LOGS",
        resourceArn: distribution.arn,
      },
      { parent: this },
    );
    const destination = new cloudwatch.LogDeliveryDestination(
      `${name}-access-logs`,
      {
        name: physicalName(
          "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
          `${name}-access-logs`,
        ),
        outputFormat: "parquet",
        deliveryDestinationConfiguration: {
          destinationResourceArn: pulumi.interpolate`${args.logBucket.arn}/${args.logPrefixes.access}`,
        },
        tags: { Name: `${name}-access-logs` },
      },
      { parent: this },
    );
    new cloudwatch.LogDelivery(
      `${name}-access-logs`,
      { deliverySourceName: source.name, deliveryDestinationArn: destination.arn },
      { parent: this },
    );
  }
}
