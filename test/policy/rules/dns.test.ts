import { add, patch, remove, resourceRuleCases, rewire, stackRuleCases } from "../harness";

const CERT = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RECORD = "aws:route53/record:Record";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

describe("policy/rules/dns", () => {
  resourceRuleCases(
    "acm-certificate-dns-validation",
    CERT,
    { domainName: "shop.example", validationMethod: "DNS" },
    [
      [
        "e-mail validation",
        { domainName: "shop.example", validationMethod: "EMAIL" },
        ["The certificate is validated by EMAIL, not DNS."],
      ],
      [
        "an imported certificate",
        { privateKey: "(key)", certificateBody: "(body)" },
        ["The certificate is imported: ACM cannot renew it."],
      ],
    ],
  );

  stackRuleCases(
    "acm-certificate-validated",
    [
      { type: CERT, name: "cert", props: { validationMethod: "DNS" } },
      { type: RECORD, name: "proof", props: { type: "CNAME" }, deps: { records: ["cert"] } },
      {
        type: VALIDATION,
        name: "wait",
        props: { validationRecordFqdns: ["_x.shop.example"] },
        deps: { certificateArn: ["cert"], validationRecordFqdns: ["proof"] },
      },
    ],
    [
      [
        "a certificate nobody waits for",
        remove("wait"),
        ["cert: No certificate validation waits for this certificate."],
      ],
      [
        "a validation without its records",
        patch("wait", { validationRecordFqdns: undefined }),
        [
          "wait: The validation names no DNS records (validationRecordFqdns).",
          "cert: No certificate validation waits for this certificate.",
        ],
      ],
      [
        "a validation of another certificate, named by its literal ARN",
        (nodes) =>
          add({
            type: CERT,
            name: "other",
            props: { validationMethod: "DNS", arn: "arn:aws:acm:::certificate/o" },
          })(
            patch("wait", { certificateArn: "arn:aws:acm:::certificate/o" })(
              rewire("wait", "certificateArn", [])(nodes),
            ),
          ),
        ["cert: No certificate validation waits for this certificate."],
      ],
    ],
  );

  stackRuleCases(
    "route53-alias-target-in-stack",
    [
      { type: LB, name: "alb", props: { dnsName: "web-1.eu-west-1.elb.amazonaws.com" } },
      { type: DISTRIBUTION, name: "cdn", props: { domainName: "d1.cloudfront.net" } },
      {
        type: RECORD,
        name: "origin",
        props: { type: "A", aliases: [{ name: "web-1.eu-west-1.elb.amazonaws.com", zoneId: "Z1" }] },
        deps: { aliases: ["alb"] },
      },
      {
        type: RECORD,
        name: "www",
        props: { type: "CNAME", records: ["d1.cloudfront.net"] },
        deps: { records: ["cdn"] },
      },
      { type: RECORD, name: "mail", props: { type: "MX", records: ["10 mx.mail.example"] } },
      { type: RECORD, name: "other", props: { type: "CNAME", records: ["shop.example.net"] } },
    ],
    [
      [
        "an alias to a load balancer by its literal name",
        rewire("origin", "aliases", []),
        [
          "origin: The record points at web-1.eu-west-1.elb.amazonaws.com by a literal name, not at a resource of the stack.",
        ],
      ],
      [
        "a CNAME to a CloudFront host name by literal",
        rewire("www", "records", []),
        ["www: The record points at d1.cloudfront.net by a literal name, not at a resource of the stack."],
      ],
      [
        "a CNAME to a Fastly host name by literal",
        add({
          type: RECORD,
          name: "fastly",
          props: { type: "CNAME", records: ["dualstack.t.sni.global.fastly.net"] },
        }),
        [
          "fastly: The record points at dualstack.t.sni.global.fastly.net by a literal name, not at a resource of the stack.",
        ],
      ],
    ],
  );
});
