import { expect } from "chai";
import { checkResource, checkStack, resourceRuleCases } from "./harness";

const LISTENER = "aws:lb/listener:Listener";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const HTTPS = {
  protocol: "HTTPS",
  port: 443,
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  defaultActions: [{ type: "forward" }],
};
const GOOD_ALB = {
  loadBalancerType: "application",
  dropInvalidHeaderFields: true,
  accessLogs: { bucket: "logs", enabled: true },
  enableDeletionProtection: true,
};

describe("policy/rules/alb", () => {
  resourceRuleCases("alb-listener-https-only", LISTENER, HTTPS, [
    [
      "an HTTP listener that forwards",
      { protocol: "HTTP", defaultActions: [{ type: "forward" }] },
      ["A plain-HTTP listener serves traffic instead of redirecting to HTTPS."],
    ],
    [
      "an HTTP redirect to HTTP",
      { protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP" } }] },
      ["A plain-HTTP listener serves traffic instead of redirecting to HTTPS."],
    ],
  ]);
  it("alb-listener-https-only accepts an HTTP listener that only redirects, under the aws:alb alias too", () => {
    const redirect = {
      protocol: "HTTP",
      defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", statusCode: "HTTP_301" } }],
    };
    expect(checkResource("alb-listener-https-only", "aws:alb/listener:Listener", redirect)).to.deep.equal([]);
    expect(
      checkResource("alb-listener-https-only", "aws:alb/listener:Listener", {
        protocol: "HTTP",
        defaultActions: [{ type: "forward" }],
      }),
    ).to.have.length(1);
  });

  resourceRuleCases("alb-listener-tls-policy", LISTENER, HTTPS, [
    ["no policy", { ...HTTPS, sslPolicy: undefined }, ["No sslPolicy: AWS picks one that allows TLS 1.0."]],
    [
      "a 2016 policy",
      { ...HTTPS, sslPolicy: "ELBSecurityPolicy-2016-08" },
      ["TLS policy ELBSecurityPolicy-2016-08 is not allowed."],
    ],
  ]);
  resourceRuleCases("alb-drop-invalid-headers", ALB, GOOD_ALB, [
    [
      "headers kept",
      { ...GOOD_ALB, dropInvalidHeaderFields: false },
      ["Invalid header fields are passed to the targets (request smuggling risk)."],
    ],
  ]);
  resourceRuleCases("alb-access-logs", "aws:alb/loadBalancer:LoadBalancer", GOOD_ALB, [
    ["no access logs", { ...GOOD_ALB, accessLogs: undefined }, ["Access logging is off."]],
  ]);
  resourceRuleCases("alb-deletion-protection", ALB, GOOD_ALB, [
    [
      "no deletion protection",
      { ...GOOD_ALB, enableDeletionProtection: false },
      ["Deletion protection is off."],
    ],
  ]);

  describe("alb-waf-association", () => {
    const lb = { type: ALB, name: "alb", props: { internal: false }, deps: { securityGroups: ["alb-sg"] } };
    const world = {
      type: INGRESS,
      name: "in",
      props: { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" },
      deps: { securityGroupId: ["alb-sg"] },
    };
    const cdnOnly = {
      type: INGRESS,
      name: "in",
      props: { ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-1" },
      deps: { securityGroupId: ["alb-sg"] },
    };
    const cdn = {
      type: "aws:cloudfront/distribution:Distribution",
      name: "cdn",
      props: { webAclId: "arn:aws:wafv2:us-east-1:1:global/webacl/x/y" },
    };
    it("passes a load balancer with an associated web ACL", () => {
      const association = {
        type: "aws:wafv2/webAclAssociation:WebAclAssociation",
        name: "assoc",
        deps: { resourceArn: ["alb"] },
      };
      expect(
        checkStack("alb-waf-association", [{ type: SG, name: "alb-sg" }, lb, world, association]),
      ).to.deep.equal([]);
    });
    it("passes a load balancer only CloudFront with a web ACL can reach", () => {
      expect(
        checkStack("alb-waf-association", [{ type: SG, name: "alb-sg" }, lb, cdnOnly, cdn]),
      ).to.deep.equal([]);
    });
    it("flags an internet-facing load balancer without a web ACL, even with a CDN elsewhere", () => {
      expect(checkStack("alb-waf-association", [{ type: SG, name: "alb-sg" }, lb, world, cdn])).to.deep.equal(
        ["alb: The internet-facing load balancer has no web ACL and is not shielded by a CDN with one."],
      );
    });
    it("flags a CDN-only load balancer when the CDN has no web ACL", () => {
      expect(checkStack("alb-waf-association", [{ type: SG, name: "alb-sg" }, lb, cdnOnly])).to.have.length(
        1,
      );
    });
  });
});

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
    it("passes a distribution with standard logging (v2)", () => {
      expect(
        checkStack("cloudfront-access-logging", [
          { type: DIST, name: "cdn" },
          {
            type: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
            name: "src",
            props: { logType: "ACCESS_LOGS" },
            deps: { resourceArn: ["cdn"] },
          },
        ]),
      ).to.deep.equal([]);
    });
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
});

describe("policy/rules/wafv2", () => {
  const ACL = "aws:wafv2/webAcl:WebAcl";
  resourceRuleCases(
    "wafv2-webacl-has-rules",
    ACL,
    { rules: [{ name: "common", overrideAction: { none: {} } }] },
    [
      ["no rules", { rules: [] }, ["The web ACL has no rules: it lets everything through."]],
      ["a rule without an action", { rules: [{ name: "x" }] }, ["1 rule(s) have no action."]],
    ],
  );
  describe("wafv2-logging", () => {
    it("passes a logged web ACL and flags an unlogged one", () => {
      expect(
        checkStack("wafv2-logging", [
          { type: ACL, name: "acl" },
          {
            type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
            name: "log",
            deps: { resourceArn: ["acl"] },
          },
        ]),
      ).to.deep.equal([]);
      expect(checkStack("wafv2-logging", [{ type: ACL, name: "acl" }])).to.deep.equal([
        "acl: The web ACL does not log.",
      ]);
    });
  });
});
