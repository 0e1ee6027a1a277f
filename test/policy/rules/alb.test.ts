import { expect } from "chai";
import { checkResource, checkStack, patch, resourceRuleCases, rewire, stackRuleCases } from "../harness";

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

  it("alb-listener-https-only leaves network load balancer listeners (TCP, UDP, TCP_UDP, TLS) alone", () => {
    for (const protocol of ["TCP", "UDP", "TCP_UDP", "TLS"]) {
      const nlb = { protocol, port: 53, defaultActions: [{ type: "forward" }] };
      expect(checkResource("alb-listener-https-only", LISTENER, nlb), protocol).to.deep.equal([]);
    }
  });
  resourceRuleCases(
    "alb-listener-https-only",
    "aws:elb/loadBalancer:LoadBalancer",
    {
      listeners: [
        { lbProtocol: "https", lbPort: 443, instancePort: 80, instanceProtocol: "http" },
        { lbProtocol: "tcp", lbPort: 5432, instancePort: 5432, instanceProtocol: "tcp" },
      ],
    },
    [
      [
        "a classic HTTP listener",
        { listeners: [{ lbProtocol: "HTTP", lbPort: 80, instancePort: 80, instanceProtocol: "http" }] },
        ["A classic listener serves plain HTTP."],
      ],
    ],
  );
  const declared = {
    protocol: "HTTP",
    port: 80,
    defaultActions: [{ type: "forward" }],
    tags: { "plain-http": "no-domain" },
  };
  it("alb-listener-https-only leaves a listener that declares its stack has no domain to alb-plain-http-no-domain", () => {
    expect(checkResource("alb-listener-https-only", LISTENER, declared)).to.deep.equal([]);
    expect(
      checkResource("alb-listener-https-only", LISTENER, { ...declared, tags: { "plain-http": "yes" } }),
    ).to.deep.equal(["A plain-HTTP listener serves traffic instead of redirecting to HTTPS."]);
  });
  resourceRuleCases("alb-plain-http-no-domain", LISTENER, HTTPS, [
    [
      "a declared no-domain listener",
      declared,
      ["The listener serves plain HTTP: the stack has no domain (declared by its plain-http tag)."],
    ],
    ["no undeclared one (alb-listener-https-only's)", { ...declared, tags: undefined }, []],
    [
      "no declared listener that redirects",
      { ...declared, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS" } }] },
      [],
    ],
  ]);

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

  resourceRuleCases("alb-desync-mitigation", ALB, { ...GOOD_ALB, desyncMitigationMode: "defensive" }, [
    [
      "monitor mode",
      { ...GOOD_ALB, desyncMitigationMode: "monitor" },
      ["Desync mitigation only monitors: smuggled requests reach the targets."],
    ],
    [
      "nothing for a network load balancer",
      { loadBalancerType: "network", desyncMitigationMode: "monitor" },
      [],
    ],
  ]);
  resourceRuleCases("alb-multi-az", ALB, { ...GOOD_ALB, subnets: ["subnet-a", "subnet-b"] }, [
    ["one subnet", { ...GOOD_ALB, subnets: ["subnet-a"] }, ["The load balancer lives in a single zone."]],
  ]);
  const TG = "aws:lb/targetGroup:TargetGroup";
  const tg = { protocol: "HTTP", healthCheck: { enabled: true, path: "/health.txt", matcher: "200" } };
  resourceRuleCases("lb-target-group-health-check", TG, tg, [
    [
      "checks off",
      { ...tg, healthCheck: { enabled: false } },
      ["Health checks are off: traffic goes to broken servers."],
    ],
    [
      "no path",
      { protocol: "HTTP", healthCheck: { enabled: true } },
      ["The health check probes / (the default), not a health path."],
    ],
    ["nothing for a TCP group without a path", { protocol: "TCP", healthCheck: { enabled: true } }, []],
  ]);
  resourceRuleCases(
    "alb-listener-acm-certificate",
    LISTENER,
    { ...HTTPS, certificateArn: "arn:aws:acm:eu-west-1:1:certificate/x" },
    [
      [
        "an IAM server certificate",
        { ...HTTPS, certificateArn: "arn:aws:iam::1:server-certificate/x" },
        ["The listener's certificate is not managed by ACM."],
      ],
    ],
  );

  const LISTENER_RULE = "aws:lb/listenerRule:ListenerRule";
  const REDIRECT = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
  stackRuleCases(
    "alb-listener-rule-https",
    [
      { type: LISTENER, name: "http", props: { protocol: "HTTP", port: 80, defaultActions: [REDIRECT] } },
      {
        type: LISTENER,
        name: "https",
        props: { protocol: "HTTPS", port: 443, defaultActions: [{ type: "forward" }] },
      },
      {
        type: LISTENER_RULE,
        name: "lock",
        props: { actions: [{ type: "forward", targetGroupArn: "tg" }] },
        deps: { listenerArn: ["https"] },
      },
      {
        type: LISTENER_RULE,
        name: "legacy",
        props: { actions: [REDIRECT] },
        deps: { listenerArn: ["http"] },
      },
    ],
    [
      [
        "a forward rule on the redirecting HTTP listener",
        rewire("lock", "listenerArn", ["http"]),
        ["lock: A rule on the redirecting HTTP listener serves traffic over plain HTTP."],
      ],
      [
        "a rule that redirects to plain HTTP",
        patch("legacy", {
          actions: [{ type: "redirect", redirect: { protocol: "HTTP", statusCode: "HTTP_301" } }],
        }),
        ["legacy: A rule redirects to plain HTTP."],
      ],
    ],
  );

  resourceRuleCases(
    "lb-target-group-https",
    "aws:lb/targetGroup:TargetGroup",
    { protocol: "HTTPS", port: 443 },
    [["plain-HTTP targets", { protocol: "HTTP", port: 80 }, ["Targets are reached over plain HTTP."]]],
  );
});
