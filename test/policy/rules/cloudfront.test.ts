import { expect } from "chai";
import { add, checkStack, patch, remove, resourceRuleCases, rewire, stackRuleCases } from "../harness";

describe("policy/rules/cloudfront", () => {
  const DIST = "aws:cloudfront/distribution:Distribution";
  const behavior = { viewerProtocolPolicy: "redirect-to-https" };
  const GOOD = {
    defaultCacheBehavior: behavior,
    orderedCacheBehaviors: [{ ...behavior, pathPattern: "/static/*" }],
    viewerCertificate: {
      acmCertificateArn: "arn",
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: "TLSv1.2_2021",
    },
    origins: [
      {
        originId: "alb",
        domainName: "origin.shop.example",
        customOriginConfig: { originProtocolPolicy: "https-only" },
      },
    ],
    webAclId: "arn:aws:wafv2:us-east-1:1:global/webacl/x/y",
    restrictions: { geoRestriction: { restrictionType: "whitelist", locations: ["DE"] } },
  };
  resourceRuleCases("cloudfront-viewer-https", DIST, GOOD, [
    [
      "a behaviour allowing HTTP",
      { ...GOOD, orderedCacheBehaviors: [{ viewerProtocolPolicy: "allow-all" }] },
      ["1 behaviour(s) serve plain HTTP."],
    ],
  ]);
  resourceRuleCases("cloudfront-viewer-tls", DIST, GOOD, [
    [
      "the default certificate",
      { ...GOOD, viewerCertificate: { cloudfrontDefaultCertificate: true } },
      ["The default *.cloudfront.net certificate allows TLS 1.0."],
    ],
    [
      "TLS 1.1",
      {
        ...GOOD,
        viewerCertificate: { sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.1_2016" },
      },
      ["The minimum viewer protocol is below TLS 1.2."],
    ],
  ]);
  resourceRuleCases("cloudfront-origin-https-only", DIST, GOOD, [
    [
      "an HTTP origin",
      {
        ...GOOD,
        origins: [{ originId: "alb", customOriginConfig: { originProtocolPolicy: "match-viewer" } }],
      },
      ["Origin alb is reached over HTTP."],
    ],
  ]);
  resourceRuleCases("cloudfront-waf", DIST, GOOD, [
    ["no web ACL", { ...GOOD, webAclId: undefined }, ["No web ACL protects the distribution."]],
  ]);
  resourceRuleCases("cloudfront-geo-restriction", DIST, GOOD, [
    [
      "no restriction",
      { ...GOOD, restrictions: { geoRestriction: { restrictionType: "none" } } },
      ["The distribution serves every country."],
    ],
  ]);
  resourceRuleCases(
    "cloudfront-s3-origin-access-control",
    DIST,
    {
      ...GOOD,
      origins: [
        { originId: "media", domainName: "b.s3.eu-west-1.amazonaws.com", originAccessControlId: "oac-1" },
      ],
    },
    [
      [
        "a public S3 origin",
        { ...GOOD, origins: [{ originId: "media", domainName: "b.s3.eu-west-1.amazonaws.com" }] },
        ["S3 origin media has no origin access control."],
      ],
    ],
  );

  describe("cloudfront-access-logging", () => {
    it("passes legacy logging and flags a distribution that logs nothing", () => {
      expect(
        checkStack("cloudfront-access-logging", [
          { type: DIST, name: "cdn", props: { loggingConfig: { bucket: "logs.s3.amazonaws.com" } } },
        ]),
      ).to.deep.equal([]);
      expect(checkStack("cloudfront-access-logging", [{ type: DIST, name: "cdn" }])).to.deep.equal([
        "cdn: The distribution does not log access.",
      ]);
    });
  });

  const tls12 = { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] };
  const withOrigin = (custom: Record<string, unknown>) => ({
    ...GOOD,
    origins: [{ originId: "alb", domainName: "origin.shop.example", customOriginConfig: custom }],
  });
  resourceRuleCases("cloudfront-origin-tls12", DIST, withOrigin(tls12), [
    [
      "TLS 1.0 and 1.1 to the origin",
      withOrigin({ ...tls12, originSslProtocols: ["TLSv1", "TLSv1.1", "TLSv1.2"] }),
      ["Origin alb accepts TLSv1, TLSv1.1."],
    ],
    [
      "nothing for an HTTP origin (cloudfront-origin-https-only's)",
      withOrigin({ originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1"] }),
      [],
    ],
  ]);
  const s3Default = {
    ...GOOD,
    defaultCacheBehavior: { ...behavior, targetOriginId: "media" },
    origins: [{ originId: "media", domainName: "media.s3.eu-west-1.amazonaws.com" }],
    defaultRootObject: "index.html",
  };
  resourceRuleCases("cloudfront-default-root-object", DIST, s3Default, [
    [
      "an S3 default origin without one",
      { ...s3Default, defaultRootObject: undefined },
      ["The S3 default origin has no default root object."],
    ],
    [
      "nothing for an application default origin",
      { ...GOOD, defaultCacheBehavior: { ...behavior, targetOriginId: "alb" } },
      [],
    ],
  ]);
  const RHP = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";
  const headers = {
    securityHeadersConfig: { strictTransportSecurity: { accessControlMaxAgeSec: 31536000, override: true } },
  };
  stackRuleCases(
    "cloudfront-security-headers",
    [
      { type: RHP, name: "headers", props: headers },
      {
        type: DIST,
        name: "cdn",
        props: { defaultCacheBehavior: { ...behavior, responseHeadersPolicyId: "rhp-1" } },
        deps: { defaultCacheBehavior: ["headers"] },
      },
    ],
    [
      [
        "a behaviour without a policy",
        patch("cdn", { orderedCacheBehaviors: [{ ...behavior, pathPattern: "/x/*" }] }),
        ["cdn: 1 behaviour(s) send no response headers policy."],
      ],
      [
        "a policy with a short HSTS",
        patch("headers", {
          securityHeadersConfig: { strictTransportSecurity: { accessControlMaxAgeSec: 300 } },
        }),
        ["cdn: No response headers policy of the distribution sets HSTS for a year or more."],
      ],
    ],
  );

  const CACHE_POLICY = "aws:cloudfront/cachePolicy:CachePolicy";
  const key = (cookieBehavior: string) => ({
    cookiesConfig: { cookieBehavior },
    headersConfig: { headerBehavior: "none" },
    queryStringsConfig: { queryStringBehavior: "all" },
  });
  stackRuleCases(
    "cloudfront-cache-policy-honours-private",
    [
      {
        type: CACHE_POLICY,
        name: "pages",
        props: { id: "cp-pages", minTtl: 0, parametersInCacheKeyAndForwardedToOrigin: key("whitelist") },
      },
      {
        type: CACHE_POLICY,
        name: "static",
        props: { id: "cp-static", minTtl: 1, parametersInCacheKeyAndForwardedToOrigin: key("none") },
      },
      {
        type: DIST,
        name: "cdn",
        props: {
          defaultCacheBehavior: { cachePolicyId: "cp-pages" },
          orderedCacheBehaviors: [{ cachePolicyId: "cp-static" }],
        },
        deps: { defaultCacheBehavior: ["pages"], orderedCacheBehaviors: ["static"] },
      },
    ],
    [
      [
        "pages cached for a minimum TTL",
        patch("pages", { minTtl: 60 }),
        ["pages: Pages are cached for the minimum TTL even when the origin marks them private."],
      ],
      [
        "the default behaviour on the static policy, named by its literal id",
        (nodes) =>
          rewire(
            "cdn",
            "defaultCacheBehavior",
            [],
          )(patch("cdn", { defaultCacheBehavior: { cachePolicyId: "cp-static" } })(nodes)),
        ["static: Pages are cached for the minimum TTL even when the origin marks them private."],
      ],
      [
        "a cookie-keyed policy with a minimum TTL, used nowhere",
        add({
          type: CACHE_POLICY,
          name: "carts",
          props: { minTtl: 5, parametersInCacheKeyAndForwardedToOrigin: key("all") },
        }),
        ["carts: Pages are cached for the minimum TTL even when the origin marks them private."],
      ],
    ],
  );

  const SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
  const DESTINATION = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination";
  const DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";
  stackRuleCases(
    "cloudfront-access-logging",
    [
      { type: DIST, name: "cdn", props: {} },
      {
        type: SOURCE,
        name: "src",
        props: { name: "cdn-logs", logType: "ACCESS_LOGS" },
        deps: { resourceArn: ["cdn"] },
      },
      {
        type: DESTINATION,
        name: "dst",
        props: {
          name: "cdn-logs",
          deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::logs/cdn" },
        },
      },
      {
        type: DELIVERY,
        name: "delivery",
        props: { deliverySourceName: "cdn-logs" },
        deps: { deliveryDestinationArn: ["dst"] },
      },
    ],
    [
      ["a source nothing delivers", remove("delivery"), ["cdn: The distribution does not log access."]],
      [
        "a delivery to a destination without a resource",
        patch("dst", { deliveryDestinationConfiguration: undefined }),
        ["cdn: The distribution does not log access."],
      ],
      ["no source at all", remove("src", "delivery"), ["cdn: The distribution does not log access."]],
    ],
  );
});
