import { resourceRuleCases } from "../harness";

describe("policy/rules/route53", () => {
  resourceRuleCases(
    "route53-health-check-https",
    "aws:route53/healthCheck:HealthCheck",
    { type: "HTTPS", fqdn: "shop.example.com", port: 443, resourcePath: "/wp-login.php", enableSni: true },
    [
      [
        "plain HTTP",
        { type: "HTTP", fqdn: "shop.example.com", port: 80, resourcePath: "/" },
        ["The health check requests its endpoint over HTTP, not HTTPS."],
      ],
      [
        "HTTPS without SNI",
        { type: "HTTPS", fqdn: "shop.example.com", port: 443, enableSni: false },
        ["The health check sends no SNI: the endpoint may answer with another certificate."],
      ],
      ["a calculated check requests nothing", { type: "CALCULATED", childHealthchecks: ["x"] }, []],
    ],
  );
});
