import { resourceRule, stackRule } from "../lib/define";
import { dependenciesOf, list } from "../lib/props";
import {
  CACHE_POLICY,
  DISTRIBUTION,
  LOG_DELIVERY,
  LOG_DELIVERY_DESTINATION,
  LOG_DELIVERY_SOURCE,
  RESPONSE_HEADERS_POLICY,
} from "../lib/types";

/** CloudFront distributions. */

const VIEWER_PROTOCOLS = ["redirect-to-https", "https-only"];
const VIEWER_TLS = ["TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

type Props = Record<string, unknown>;

function behaviors(p: Props): Props[] {
  return [p.defaultCacheBehavior as Props, ...list(p.orderedCacheBehaviors)].filter(Boolean);
}

function isS3Origin(o: Props): boolean {
  return (
    o.s3OriginConfig !== undefined || /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(String(o.domainName))
  );
}

export const cloudfrontViewerHttps = resourceRule({
  id: "cloudfront-viewer-https",
  description: "Every cache behaviour redirects viewers to HTTPS or accepts HTTPS only.",
  severity: "high",
  remediation: "Set viewerProtocolPolicy to redirect-to-https on every behaviour.",
  pci: "3.2.1: 4.1; 4.0: 4.2.1",
  types: [DISTRIBUTION],
  check(r, report) {
    const plain = behaviors(r.props).filter(
      (b) => !VIEWER_PROTOCOLS.includes(String(b.viewerProtocolPolicy)),
    );
    if (plain.length > 0) report(`${plain.length} behaviour(s) serve plain HTTP.`);
  },
});

export const cloudfrontViewerTls = resourceRule({
  id: "cloudfront-viewer-tls",
  description: "Distributions serve their own certificate over SNI with TLS 1.2 at least.",
  severity: "high",
  remediation: "Use an ACM certificate, sslSupportMethod sni-only and minimumProtocolVersion TLSv1.2_2021.",
  pci: "3.2.1: 2.3, 4.1",
  types: [DISTRIBUTION],
  check(r, report) {
    const cert = r.props.viewerCertificate as Props | undefined;
    if (cert?.cloudfrontDefaultCertificate === true)
      report("The default *.cloudfront.net certificate allows TLS 1.0.");
    else if (cert?.sslSupportMethod !== "sni-only") report("The certificate is not served over SNI.");
    else if (!VIEWER_TLS.includes(String(cert.minimumProtocolVersion)))
      report("The minimum viewer protocol is below TLS 1.2.");
  },
});

export const cloudfrontOriginHttpsOnly = resourceRule({
  id: "cloudfront-origin-https-only",
  description: "Custom origins are reached over HTTPS only.",
  severity: "high",
  remediation: "Set customOriginConfig.originProtocolPolicy to https-only (and TLSv1.2).",
  pci: "3.2.1: 4.1",
  types: [DISTRIBUTION],
  check(r, report) {
    for (const origin of list(r.props.origins)) {
      const custom = origin.customOriginConfig as Props | undefined;
      if (custom && custom.originProtocolPolicy !== "https-only")
        report(`Origin ${origin.originId} is reached over HTTP.`);
    }
  },
});

export const cloudfrontWaf = resourceRule({
  id: "cloudfront-waf",
  description: "Distributions are protected by a WAFv2 web ACL.",
  severity: "high",
  remediation: "Set webAclId to a CLOUDFRONT-scope web ACL's ARN.",
  pci: "3.2.1: 6.6; 4.0: 6.4.1, 6.4.2",
  types: [DISTRIBUTION],
  check(r, report) {
    if (!r.props.webAclId) report("No web ACL protects the distribution.");
  },
});

export const cloudfrontGeoRestriction = resourceRule({
  id: "cloudfront-geo-restriction",
  description: "Distributions restrict the countries they serve.",
  severity: "low",
  remediation: "Set edge.geoRestriction to the countries the shop sells to (or excludes).",
  types: [DISTRIBUTION],
  check(r, report) {
    const geo = (r.props.restrictions as { geoRestriction?: { restrictionType?: string } } | undefined)
      ?.geoRestriction;
    if (!["whitelist", "blacklist"].includes(String(geo?.restrictionType)))
      report("The distribution serves every country.");
  },
});

export const cloudfrontAccessLogging = stackRule({
  id: "cloudfront-access-logging",
  description:
    "Distributions log access: legacy logging to a bucket, or standard logging (v2) delivered from a " +
    "source to a destination.",
  severity: "medium",
  remediation:
    "Add a CloudWatch Logs delivery source of type ACCESS_LOGS for the distribution, a delivery destination " +
    "with a destination resource (the log bucket), and a delivery joining them.",
  pci: "3.2.1: 10.x; 4.0: 10.2.1",
  types: [LOG_DELIVERY_SOURCE, LOG_DELIVERY_DESTINATION, LOG_DELIVERY],
  check(graph, report) {
    // A delivery source alone sends nothing: CloudWatch Logs delivers only through an
    // aws.cloudwatch.LogDelivery from the source (by name) to a destination (by ARN) that names where the
    // logs go (CloudWatch Logs API Reference, CreateDelivery). Each is joined by output or literal name/ARN.
    const sources = graph.ofTypes([LOG_DELIVERY_SOURCE]).filter((s) => s.props.logType === "ACCESS_LOGS");
    const connected = new Set(
      graph
        .ofTypes([LOG_DELIVERY])
        .filter((d) =>
          graph
            .referenced(d, "deliveryDestinationArn", [LOG_DELIVERY_DESTINATION])
            .some(
              (dst) =>
                (
                  dst.props.deliveryDestinationConfiguration as
                    { destinationResourceArn?: unknown } | undefined
                )?.destinationResourceArn,
            ),
        )
        .flatMap((d) => graph.referenced(d, "deliverySourceName", [LOG_DELIVERY_SOURCE]).map((s) => s.urn)),
    );
    const delivered = new Set(
      sources
        .filter((s) => connected.has(s.urn))
        .flatMap((s) => dependenciesOf(s, "resourceArn").map((d) => d.urn)),
    );
    for (const d of graph.ofTypes([DISTRIBUTION])) {
      const legacy = (d.props.loggingConfig as { bucket?: string } | undefined)?.bucket;
      if (!legacy && !delivered.has(d.urn)) report("The distribution does not log access.", d.urn);
    }
  },
});

export const cloudfrontS3OriginAccessControl = resourceRule({
  id: "cloudfront-s3-origin-access-control",
  description: "S3 origins are reached through origin access control, never a public bucket.",
  severity: "high",
  remediation:
    "Set originAccessControlId on each S3 origin and grant only the distribution in the bucket policy.",
  pci: "3.2.1: 1.3.x, 7.2.1",
  types: [DISTRIBUTION],
  check(r, report) {
    for (const origin of list(r.props.origins).filter(isS3Origin)) {
      const oai = (origin.s3OriginConfig as { originAccessIdentity?: string } | undefined)
        ?.originAccessIdentity;
      if (!origin.originAccessControlId && !oai)
        report(`S3 origin ${origin.originId} has no origin access control.`);
    }
  },
});

export const cloudfrontOriginTls12 = resourceRule({
  id: "cloudfront-origin-tls12",
  description: "CloudFront reaches HTTPS origins with TLS 1.2 only (no SSLv3, TLS 1.0 or 1.1).",
  severity: "high",
  remediation: 'Set customOriginConfig.originSslProtocols to ["TLSv1.2"].',
  pci: "3.2.1: 4.1; 4.0: 4.2.1",
  types: [DISTRIBUTION],
  check(r, report) {
    for (const origin of list(r.props.origins)) {
      const custom = origin.customOriginConfig as Props | undefined;
      // An origin reached over plain HTTP is cloudfront-origin-https-only's finding.
      if (!custom || custom.originProtocolPolicy !== "https-only") continue;
      const weak = list<string>(custom.originSslProtocols).filter((p) => p !== "TLSv1.2");
      if (weak.length > 0) report(`Origin ${origin.originId} accepts ${weak.join(", ")}.`);
    }
  },
});

export const cloudfrontDefaultRootObject = resourceRule({
  id: "cloudfront-default-root-object",
  description: "Distributions whose default behaviour serves an S3 origin name a default root object.",
  severity: "low",
  remediation: "Set defaultRootObject (e.g. index.html) so that / does not list or expose the bucket.",
  types: [DISTRIBUTION],
  check(r, report) {
    // Only an S3 default origin answers / with a bucket listing or error; an application origin (the
    // kit's load balancer) serves / itself, so the rule is narrowed to S3 defaults.
    const target = (r.props.defaultCacheBehavior as Props | undefined)?.targetOriginId;
    const origin = list(r.props.origins).find((o) => o.originId === target);
    if (origin && isS3Origin(origin) && !r.props.defaultRootObject)
      report("The S3 default origin has no default root object.");
  },
});

export const cloudfrontSecurityHeaders = stackRule({
  id: "cloudfront-security-headers",
  description:
    "Every cache behaviour sends a response headers policy with HSTS (and nosniff), so browsers keep to HTTPS.",
  severity: "low",
  remediation:
    "Attach an aws.cloudfront.ResponseHeadersPolicy with securityHeadersConfig.strictTransportSecurity " +
    "(max age of a year or more) to every behaviour.",
  pci: "4.0: 4.2.1, 6.4.1",
  check(graph, report) {
    const hsts = new Set(
      graph
        .ofTypes([RESPONSE_HEADERS_POLICY])
        .filter((p) => {
          const sts = (p.props.securityHeadersConfig as Props | undefined)?.strictTransportSecurity as
            { accessControlMaxAgeSec?: number } | undefined;
          return Number(sts?.accessControlMaxAgeSec ?? 0) >= 31536000;
        })
        .map((p) => p.urn),
    );
    for (const d of graph.ofTypes([DISTRIBUTION])) {
      const withHsts = new Set(
        [...dependenciesOf(d, "defaultCacheBehavior"), ...dependenciesOf(d, "orderedCacheBehaviors")]
          .filter((p) => hsts.has(p.urn))
          .map((p) => p.urn),
      );
      const missing = behaviors(d.props).filter((b) => !b.responseHeadersPolicyId);
      if (missing.length > 0 || withHsts.size === 0)
        report(
          missing.length > 0
            ? `${missing.length} behaviour(s) send no response headers policy.`
            : "No response headers policy of the distribution sets HSTS for a year or more.",
          d.urn,
        );
    }
  },
});

export const cloudfrontCachePolicyHonoursPrivate = stackRule({
  id: "cloudfront-cache-policy-honours-private",
  description:
    "Cache policies of pages (the default behaviour, or any policy keyed on cookies or Authorization) let " +
    "the origin's Cache-Control: private/no-store decide: minimum TTL 0.",
  severity: "high",
  remediation:
    "Set minTtl to 0 on the cache policy of the default behaviour and on any policy whose cache key holds " +
    "cookies or the Authorization header; keep longer minimums for static paths only.",
  pci: "4.0: 6.2.4",
  types: [CACHE_POLICY],
  check(graph, report) {
    // "If your minimum TTL is greater than 0, CloudFront will cache content for at least the duration
    // specified in the cache policy's minimum TTL, even if the Cache-Control: no-cache, no-store, or private
    // directives are present in the origin headers" (CloudFront API Reference, CachePolicyConfig,
    // https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CachePolicyConfig.html): one
    // shopper's cart or account page is then served to the next.
    const distributions = graph.ofTypes([DISTRIBUTION]);
    const pages = new Set(
      distributions.flatMap((d) =>
        graph.referenced(d, "defaultCacheBehavior", [CACHE_POLICY]).map((p) => p.urn),
      ),
    );
    // Or named by a literal id.
    const literalIds = new Set(
      distributions.map(
        (d) => (d.props.defaultCacheBehavior as { cachePolicyId?: unknown } | undefined)?.cachePolicyId,
      ),
    );
    for (const p of graph.ofTypes([CACHE_POLICY])) {
      if (Number(p.props.minTtl ?? 0) === 0) continue;
      const key = p.props.parametersInCacheKeyAndForwardedToOrigin as
        | { cookiesConfig?: { cookieBehavior?: string }; headersConfig?: { headers?: { items?: unknown } } }
        | undefined;
      const personal =
        (key?.cookiesConfig?.cookieBehavior ?? "none") !== "none" ||
        list<string>(key?.headersConfig?.headers?.items).some((h) => h.toLowerCase() === "authorization");
      if (pages.has(p.urn) || literalIds.has(p.props.id) || personal)
        report("Pages are cached for the minimum TTL even when the origin marks them private.", p.urn);
    }
  },
});
