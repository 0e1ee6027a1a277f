import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import {
  checkCloudFrontEdgeArgs,
  CloudFrontEdge,
  CloudFrontEdgeArgs,
} from "../../../components/edge/cloudfront-edge";
import { SECURITY_HEADERS } from "../../../components/edge/edge";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

const ARGS: CloudFrontEdgeArgs = {
  hostnames: ["shop.acme.example", "acme.example"],
  originHostname: "origin.shop.acme.example",
  originLock: { headerName: "X-Origin-Verify", headerValue: "lock-value" },
  paths: { static: ["/wp-content/*", "/wp-includes/*"], neverCache: ["/wp-admin/*", "/cart*", "/checkout*"] },
  staticTtlSeconds: 604800,
  securityHeaders: SECURITY_HEADERS,
  healthCheckPath: "/",
  hostedZoneId: "Z0ACMEEXAMPLE",
  priceClass: "PriceClass_All",
  geoRestriction: { mode: "allow", countries: ["DE", "AT", "CH"] },
  waf: { rateLimit: 1500, botControl: false },
  logBucket: { arn: "arn:aws:s3:::acme-logs" },
  logPrefixes: { access: "cdn", waf: "waf" },
};

type Behavior = {
  pathPattern?: string;
  cachePolicyId: string;
  viewerProtocolPolicy: string;
  originRequestPolicyId?: string;
};

describe("components/edge/cloudfront-edge", () => {
  let mocks: MockSession;
  let distribution: Record<string, unknown>;
  let staticPolicyId: string;
  before(async () => {
    mocks = await useMockCloud("cf");
    const usEast1 = new Provider("cf-us-east-1", { region: "us-east-1" });
    const edge = new CloudFrontEdge("acme-cdn", ARGS, { providers: { aws: usEast1 } });
    await valueOf(edge.cdnHostname);
    await mocks.settle();
    distribution = mocks.props(mocks.one("aws:cloudfront/distribution:Distribution"));
    staticPolicyId = mocks.one("aws:cloudfront/cachePolicy:CachePolicy").id!;
  });

  it("reaches the origin over HTTPS only, TLS 1.2, with the origin-lock header", () => {
    const [origin] = distribution.origins as Record<string, unknown>[];
    expect(origin.domainName).to.equal("origin.shop.acme.example");
    expect(origin.customOriginConfig).to.deep.include({
      originProtocolPolicy: "https-only",
      originSslProtocols: ["TLSv1.2"],
    });
    expect(origin.customHeaders).to.deep.equal([{ name: "X-Origin-Verify", value: "lock-value" }]);
  });

  it("serves the shop's names with its certificate, TLS 1.2 at least, HTTP/2 and HTTP/3, IPv6", () => {
    expect(distribution.aliases).to.deep.equal(["shop.acme.example", "acme.example"]);
    expect(distribution.viewerCertificate).to.deep.include({
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: "TLSv1.2_2021",
    });
    const validation = mocks.one("aws:acm/certificateValidation:CertificateValidation");
    expect(
      mocks.one("aws:cloudfront/distribution:Distribution").propertyDependencies.viewerCertificate,
    ).to.deep.equal([validation.urn]);
    expect(distribution).to.deep.include({
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: "PriceClass_All",
    });
  });

  it("issues its certificate in us-east-1 for every host name, validated in the zone", () => {
    const certificate = mocks.props(mocks.one("aws:acm/certificate:Certificate"));
    expect([certificate.domainName, certificate.subjectAlternativeNames, certificate.region]).to.deep.equal([
      "shop.acme.example",
      ["acme.example"],
      "us-east-1",
    ]);
    expect(
      mocks.ofType("aws:route53/record:Record").filter((r) => r.name.includes("-cert-validation-")),
    ).to.have.length(2);
  });

  it("redirects viewers to HTTPS and compresses on every behaviour", () => {
    const behaviors = [
      distribution.defaultCacheBehavior,
      ...(distribution.orderedCacheBehaviors as Behavior[]),
    ] as Record<string, unknown>[];
    for (const b of behaviors)
      expect(b).to.deep.include({ viewerProtocolPolicy: "redirect-to-https", compress: true });
  });

  it("never caches cart, checkout and admin, checked before the static paths", () => {
    const ordered = distribution.orderedCacheBehaviors as Behavior[];
    const noCache = (distribution.defaultCacheBehavior as Behavior).cachePolicyId;
    expect(noCache).to.not.equal(staticPolicyId);
    expect(
      ordered.map((b) => [
        b.pathPattern,
        b.cachePolicyId === staticPolicyId ? "static" : b.cachePolicyId === noCache ? "never" : "?",
      ]),
    ).to.deep.equal([
      ["/wp-admin/*", "never"],
      ["/cart*", "never"],
      ["/checkout*", "never"],
      ["/wp-content/*", "static"],
      ["/wp-includes/*", "static"],
    ]);
  });

  it("passes everything dynamic to the origin with all viewer headers, cookies and query strings", () => {
    const dynamic = distribution.defaultCacheBehavior as Behavior & { allowedMethods: string[] };
    expect(dynamic.originRequestPolicyId).to.be.a("string").with.length.greaterThan(10);
    expect(dynamic.allowedMethods).to.include.members(["POST", "PUT", "DELETE"]);
  });

  it("caches static files for the configured time, keyed by query string, without cookies", () => {
    const policy = mocks.props(mocks.one("aws:cloudfront/cachePolicy:CachePolicy"));
    expect(policy.defaultTtl).to.equal(604800);
    expect(policy.parametersInCacheKeyAndForwardedToOrigin).to.deep.include({
      cookiesConfig: { cookieBehavior: "none" },
      queryStringsConfig: { queryStringBehavior: "all" },
    });
  });

  it("adds HSTS, nosniff, frame and referrer headers to every response", () => {
    const policy = mocks.props(mocks.one("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"));
    expect(policy.securityHeadersConfig).to.deep.equal({
      strictTransportSecurity: { accessControlMaxAgeSec: 31536000, includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: "SAMEORIGIN", override: true },
      referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
    });
  });

  it("is guarded by the web ACL and restricted to the configured countries", () => {
    expect(distribution.webAclId).to.equal(mocks.props(mocks.one("aws:wafv2/webAcl:WebAcl")).arn);
    expect(distribution.restrictions).to.deep.equal({
      geoRestriction: { restrictionType: "whitelist", locations: ["DE", "AT", "CH"] },
    });
  });

  it("delivers access logs to the log bucket through standard logging", () => {
    expect(mocks.props(mocks.one("aws:cloudwatch/logDeliverySource:LogDeliverySource"))).to.deep.include({
      logType: "ACCESS_LOGS",
      resourceArn: distribution.arn,
    });
    expect(
      mocks.props(mocks.one("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination"))
        .deliveryDestinationConfiguration,
    ).to.deep.equal({ destinationResourceArn: "arn:aws:s3:::acme-logs/cdn" });
    expect(mocks.ofType("aws:cloudwatch/logDelivery:LogDelivery")).to.have.length(1);
  });

  it("points every host name at the distribution, IPv4 and IPv6", () => {
    const sites = mocks.ofType("aws:route53/record:Record").filter((r) => r.name.includes("-site-"));
    expect(sites.map((r) => [r.inputs.name, r.inputs.type])).to.deep.equal([
      ["shop.acme.example", "A"],
      ["shop.acme.example", "AAAA"],
      ["acme.example", "A"],
      ["acme.example", "AAAA"],
    ]);
  });

  it("uses a given certificate instead of issuing one", async () => {
    const given = "arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012";
    const other = await useMockCloud("cf-given");
    const edge = new CloudFrontEdge("given-cdn", { ...ARGS, certificateArn: given, hostedZoneId: undefined });
    await valueOf(edge.serviceId);
    await other.settle();
    expect(other.ofType("aws:acm/certificate:Certificate")).to.have.length(0);
    expect(other.ofType("aws:route53/record:Record")).to.have.length(0);
    expect(
      (
        other.props(other.one("aws:cloudfront/distribution:Distribution")).viewerCertificate as {
          acmCertificateArn: string;
        }
      ).acmCertificateArn,
    ).to.equal(given);
  });
});

describe("components/edge/cloudfront-edge: checkCloudFrontEdgeArgs", () => {
  it("refuses names twice, the origin's name among the shop's, a path both cached and not, no certificate source", () => {
    expect(() => checkCloudFrontEdgeArgs(ARGS)).not.to.throw();
    const { hostedZoneId: _zone, certificateArn: _cert, ...noCertificate } = ARGS;
    expect(() =>
      checkCloudFrontEdgeArgs({
        ...noCertificate,
        hostnames: ["shop.acme.example", "origin.shop.acme.example", "shop.acme.example"],
        paths: { static: ["/wp-content/*", "/cart*"], neverCache: ["/cart*"] },
        geoRestriction: { mode: "deny", countries: [] },
      }),
    ).to.throw(
      'CloudFrontEdge: hostnames ["shop.acme.example"]: each name once; originHostname origin.shop.acme.example: ' +
        'a name other than the shop\'s host names; paths ["/cart*"]: either static or neverCache, not both; ' +
        "certificateArn: a us-east-1 certificate, or hostedZoneId so that one is issued; " +
        "geoRestriction.countries []: one country or more for mode deny",
    );
  });
});
