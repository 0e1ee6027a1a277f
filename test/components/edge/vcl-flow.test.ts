import { expect } from "chai";
import { SECURITY_HEADERS } from "../../../components/edge/edge";
import { FastlyEdge, FastlyEdgeArgs } from "../../../components/edge/fastly-edge";
import { useMockCloud, valueOf } from "../../mocks";
import { renderSub, Request, run, ServiceModel } from "./fastly-vcl-model";

const ARGS: FastlyEdgeArgs = {
  hostnames: ["shop.acme.example"],
  originHostname: "origin.shop.acme.example",
  originLock: { headerName: "X-Origin-Verify", headerValue: "lock-value" },
  paths: { static: ["/static/*", "/media/*"], neverCache: ["/checkout*", "/admin*"] },
  staticTtlSeconds: 3600,
  securityHeaders: SECURITY_HEADERS,
  healthCheckPath: "/health.txt",
  hostedZoneId: "Z0ACMEEXAMPLE",
  shieldPop: "frankfurt-de",
};

/** Every route class: never cached, static, dynamic. */
const ROUTES = [
  { path: "/checkout/cart", expect: "pass" },
  { path: "/admin/login", expect: "pass" },
  { path: "/static/app.css", expect: "lookup" },
  { path: "/media/catalog/shoe.jpg", expect: "lookup" },
  { path: "/women/shoes.html", expect: "pass" },
  { path: "/", expect: "pass" },
];

describe("components/edge/fastly-edge: the full request path through Fastly's VCL", () => {
  let service: ServiceModel;
  before(async () => {
    const mocks = await useMockCloud("fastly-flow");
    const edge = new FastlyEdge("acme-fastly", ARGS);
    await valueOf(edge.cdnHostname);
    await mocks.settle();
    service = mocks.props(mocks.one("fastly:index/serviceVcl:ServiceVcl")) as unknown as ServiceModel;
  });

  it("never returns from the recv snippet, so Fastly's generated code always runs after it", () => {
    for (const snippet of service.snippets.filter((s) => s.type === "recv")) {
      expect(snippet.content).not.to.match(/return\s*\(/);
    }
  });

  for (const route of ROUTES) {
    it(`forces TLS on ${route.path}: plain HTTP gets Fastly's redirect`, () => {
      const req: Request = {
        path: route.path,
        clientIp: "198.51.100.7",
        tls: false,
        headers: { "X-Storefront-Route": "spoofed" },
        bereq: {},
      };
      expect(run(renderSub(service, "recv"), req)).to.equal("error 801");
    });

    it(`${route.expect === "pass" ? "passes" : "looks up"} ${route.path} and sends the origin-lock header to the backend`, () => {
      const req: Request = {
        path: route.path,
        clientIp: "198.51.100.7",
        tls: true,
        headers: { Cookie: "a=b", "Fastly-Client-IP": "10.0.0.1" },
        bereq: {},
      };
      const action = run(renderSub(service, "recv"), req);
      expect(action).to.equal(route.expect);
      expect(req.backend, "Fastly's backend selection ran").to.equal("F_alb");
      // A cache miss goes through vcl_miss, a pass through vcl_pass: both reach the origin.
      const next = run(renderSub(service, action === "pass" ? "pass" : "miss"), req);
      expect(next).to.equal(action === "pass" ? "pass" : "fetch");
      expect(req.bereq["X-Origin-Verify"]).to.equal("lock-value");
      if (route.expect === "lookup") expect(req.headers).not.to.have.property("Cookie");
      // The shopper's address for the origin's WAF, never what the client claimed.
      expect(req.headers["Fastly-Client-IP"]).to.equal("198.51.100.7");
    });
  }
});
