import { expect } from "chai";
import { SECURITY_HEADERS } from "../../../components/edge/edge";
import { FastlyEdge, FastlyEdgeArgs } from "../../../components/edge/fastly-edge";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

const ARGS: FastlyEdgeArgs = {
  hostnames: ["shop.acme.example"],
  originHostname: "origin.shop.acme.example",
  originLock: { headerName: "X-Origin-Verify", headerValue: "lock-value" },
  paths: {
    static: ["/static/*", "/media/*"],
    neverCache: ["/checkout*", "/customer*", "/admin*", "/rest/*"],
  },
  staticTtlSeconds: 604800,
  securityHeaders: SECURITY_HEADERS,
  healthCheckPath: "/health_check.php",
  hostedZoneId: "Z0ACMEEXAMPLE",
  shieldPop: "frankfurt-de",
  ngwafWorkspaceId: "ws-123",
};

type Snippet = { name: string; type: string; content: string };

describe("components/edge/fastly-edge", () => {
  let mocks: MockSession;
  let service: Record<string, unknown>;
  let snippets: Record<string, Snippet>;
  before(async () => {
    mocks = await useMockCloud("fastly");
    const edge = new FastlyEdge("acme-fastly", ARGS);
    await valueOf(edge.cdnHostname);
    await mocks.settle();
    service = mocks.props(mocks.one("fastly:index/serviceVcl:ServiceVcl"));
    snippets = Object.fromEntries((service.snippets as Snippet[]).map((s) => [s.type, s]));
  });

  it("serves the shop's names and reaches the load balancer over checked TLS, shielded", () => {
    expect(service.domains).to.deep.equal([{ name: "shop.acme.example" }]);
    const [backend] = service.backends as Record<string, unknown>[];
    expect(backend).to.deep.include({
      address: "origin.shop.acme.example",
      port: 443,
      useSsl: true,
      sslCheckCert: true,
      sslCertHostname: "origin.shop.acme.example",
      sslSniHostname: "origin.shop.acme.example",
      minTlsVersion: "1.2",
      shield: "frankfurt-de",
      healthcheck: "alb-health",
    });
  });

  it("sends the origin-lock header on every request, health checks included", () => {
    expect(service.headers).to.deep.equal([
      {
        name: "origin-lock",
        action: "set",
        type: "request",
        destination: "http.X-Origin-Verify",
        source: '"lock-value"',
      },
    ]);
    const [check] = service.healthchecks as Record<string, unknown>[];
    expect(check).to.deep.include({
      path: "/health_check.php",
      host: "shop.acme.example",
      headers: ["X-Origin-Verify: lock-value"],
    });
  });

  it("forces TLS and adds HSTS and the other security headers", () => {
    expect(service.requestSettings).to.deep.equal([{ name: "force-tls", forceSsl: true }]);
    expect(snippets.deliver.content).to.contain(
      'set resp.http.Strict-Transport-Security = "max-age=31536000; includeSubDomains";',
    );
    expect(snippets.deliver.content).to.contain('set resp.http.X-Frame-Options = "SAMEORIGIN";');
  });

  it("passes checkout, customer, admin and API paths, and caches static files and media", () => {
    const recv = snippets.recv.content.split("\n");
    const passAt = recv.findIndex((l) => l.includes("/checkout"));
    const lookupAt = recv.findIndex((l) => l.includes("/static/"));
    expect(recv[passAt]).to.equal('if (req.url.path ~ "^(/checkout.*|/customer.*|/admin.*|/rest/.*)$") {');
    expect(recv[passAt + 1]).to.equal("  return(pass);");
    expect(lookupAt).to.be.greaterThan(passAt);
    expect(recv.slice(lookupAt, lookupAt + 3)).to.deep.equal([
      'if (req.url.path ~ "^(/static/.*|/media/.*)$") {',
      "  unset req.http.Cookie;",
      "  return(lookup);",
    ]);
    expect(recv[recv.length - 1]).to.equal("return(pass);");
    expect(snippets.fetch.content).to.contain("set beresp.ttl = 604800s;");
  });

  it("subscribes the names to a managed certificate, validated in the zone, and points them at Fastly", () => {
    expect(mocks.props(mocks.one("fastly:index/tlsSubscription:TlsSubscription"))).to.deep.include({
      domains: ["shop.acme.example"],
      certificateAuthority: "lets-encrypt",
    });
    const records = mocks.ofType("aws:route53/record:Record").map((r) => mocks.props(r));
    expect(records.map((r) => [r.name, r.type])).to.have.deep.members([
      ["_acme-challenge.shop.acme.example", "CNAME"],
      ["shop.acme.example", "A"],
    ]);
    expect(records.find((r) => r.type === "A")!.records).to.deep.equal(["151.101.2.132", "151.101.66.132"]);
    expect(mocks.ofType("fastly:index/tlsSubscriptionValidation:TlsSubscriptionValidation")).to.have.length(
      1,
    );
  });

  it("turns on the Next-Gen WAF in the configured workspace", () => {
    expect(service.productEnablement).to.deep.equal({
      ngwaf: { enabled: true, workspaceId: "ws-123", trafficRamp: 100 },
    });
  });
});
