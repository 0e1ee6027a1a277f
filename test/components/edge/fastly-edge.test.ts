import { expect } from "chai";
import { SECURITY_HEADERS } from "../../../components/edge/edge";
import { checkFastlyEdgeArgs, FastlyEdge, FastlyEdgeArgs } from "../../../components/edge/fastly-edge";
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

  it("sends the origin-lock header on every backend request, health checks included", () => {
    expect(service).not.to.have.property("headers");
    const lock = (service.snippets as Snippet[]).filter((s) => s.name.startsWith("origin-lock-"));
    expect(lock.map((s) => [s.type, s.content])).to.deep.equal([
      ["miss", 'set bereq.http.X-Origin-Verify = "lock-value";'],
      ["pass", 'set bereq.http.X-Origin-Verify = "lock-value";'],
    ]);
    const [check] = service.healthchecks as Record<string, unknown>[];
    expect(check).to.deep.include({
      path: "/health_check.php",
      host: "shop.acme.example",
      headers: ["X-Origin-Verify: lock-value"],
    });
  });

  it("forces TLS and adds HSTS and the other security headers", () => {
    expect((service.requestSettings as Record<string, unknown>[])[0]).to.deep.equal({
      name: "force-tls",
      forceSsl: true,
    });
    expect(snippets.deliver.content).to.contain(
      'set resp.http.Strict-Transport-Security = "max-age=31536000; includeSubDomains";',
    );
    expect(snippets.deliver.content).to.contain('set resp.http.X-Frame-Options = "SAMEORIGIN";');
  });

  it("classifies checkout, customer, admin and API paths as pass and static files as cached", () => {
    const recv = snippets.recv.content.split("\n");
    const passAt = recv.findIndex((l) => l.includes("/checkout"));
    expect(recv[passAt]).to.equal('if (req.url.path ~ "^(/checkout.*|/customer.*|/admin.*|/rest/.*)$") {');
    expect(recv[passAt + 1]).to.equal('  set req.http.X-Storefront-Route = "pass";');
    const staticAt = recv.findIndex((l) => l.includes("/static/"));
    expect(recv.slice(staticAt, staticAt + 3)).to.deep.equal([
      '} elsif (req.url.path ~ "^(/static/.*|/media/.*)$") {',
      '  set req.http.X-Storefront-Route = "static";',
      "  unset req.http.Cookie;",
    ]);
    expect(service.requestSettings).to.deep.include({
      name: "pass-dynamic",
      action: "pass",
      requestCondition: "storefront-pass",
    });
    expect(service.conditions).to.deep.equal([
      {
        name: "storefront-pass",
        type: "REQUEST",
        statement: 'req.http.X-Storefront-Route == "pass"',
        priority: 10,
      },
    ]);
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

describe("components/edge/fastly-edge: checkFastlyEdgeArgs", () => {
  it("refuses an empty shield POP and the contradictions every CDN refuses, at once", () => {
    expect(() => checkFastlyEdgeArgs(ARGS)).not.to.throw();
    expect(() => checkFastlyEdgeArgs({ ...ARGS, hostnames: [], shieldPop: " " })).to.throw(
      "FastlyEdge: hostnames []: one host name or more; shieldPop: the Fastly POP that shields the origin, such as frankfurt-de",
    );
  });
});
