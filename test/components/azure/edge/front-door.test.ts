import { expect } from "chai";
import {
  checkFrontDoorEdgeArgs,
  FrontDoorEdge,
  FrontDoorEdgeArgs,
} from "../../../../components/azure/edge/front-door";
import { AzureWebTier, gatewayPublicIp } from "../../../../components/azure/web/web-tier";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

type Obj = Record<string, unknown>;

const NEVER = ["/wp-admin/*", "/wp-login.php", "/cart*", "/checkout*", "/my-account*"];

function args(overrides: Partial<FrontDoorEdgeArgs> = {}): FrontDoorEdgeArgs {
  return {
    resourceGroupName: "rg-acme-prod",
    stackKey: "sub/rg-acme-prod/acme-prod",
    hostnames: ["shop.acme.example", "www.acme.example"],
    origin: { hostName: "origin.shop.acme.example", hostHeader: "origin.shop.acme.example" },
    paths: { static: ["/wp-content/*", "/wp-includes/*"], neverCache: NEVER },
    staticTtlSeconds: 604800,
    securityHeaders: {
      hstsMaxAgeSeconds: 31536000,
      frameOptions: "SAMEORIGIN",
      referrerPolicy: "strict-origin-when-cross-origin",
    },
    healthCheckPath: "/storefront-health.txt",
    waf: { rateLimit: 2000 },
    geoRestriction: { mode: "allow", countries: ["DE", "AT", "CH"] },
    ...overrides,
  };
}

async function build(stack: string, a: FrontDoorEdgeArgs): Promise<MockSession> {
  const mocks = await useMockCloud(stack);
  const edge = new FrontDoorEdge(`${stack}-edge`, a);
  await valueOf(edge.wafPolicyId);
  await mocks.settle();
  // Nothing ARM would refuse: names, tags, duplicate ids.
  expect(mocks.rejections).to.deep.equal([]);
  return mocks;
}

describe("components/azure/edge/front-door", () => {
  let mocks: MockSession;
  before(async () => {
    mocks = await build("prod", args());
  });

  it("is a Premium profile whose route redirects HTTP and reaches the origin over HTTPS only", () => {
    expect(mocks.props(mocks.one("azure-native:cdn:Profile")).sku).to.deep.equal({
      name: "Premium_AzureFrontDoor",
    });
    const route = mocks.props(mocks.one("azure-native:cdn:Route"));
    expect(route).to.deep.include({
      httpsRedirect: "Enabled",
      forwardingProtocol: "HttpsOnly",
      linkToDefaultDomain: "Disabled",
    });
    expect(route.patternsToMatch).to.deep.equal(["/*"]);
    expect(route.customDomains as unknown[]).to.have.length(2);
  });

  it("caches nothing on the route itself", () => {
    expect(mocks.props(mocks.one("azure-native:cdn:Route"))).to.not.have.property("cacheConfiguration");
  });

  it("checks the origin's certificate name and probes the static health file over HTTPS", () => {
    const origin = mocks.props(mocks.one("azure-native:cdn:AFDOrigin"));
    expect(origin).to.deep.include({
      hostName: "origin.shop.acme.example",
      originHostHeader: "origin.shop.acme.example",
      enforceCertificateNameCheck: true,
      httpsPort: 443,
    });
    const group = mocks.props(mocks.one("azure-native:cdn:AFDOriginGroup"));
    expect(group.healthProbeSettings).to.deep.include({
      probePath: "/storefront-health.txt",
      probeProtocol: "Https",
    });
    expect(group.sessionAffinityState).to.equal("Disabled");
  });

  it("gives every host name a managed certificate with TLS 1.2 at least", () => {
    const domains = mocks.ofType("azure-native:cdn:AFDCustomDomain").map((d) => mocks.props(d));
    expect(domains.map((d) => d.hostName)).to.deep.equal(["shop.acme.example", "www.acme.example"]);
    for (const d of domains) {
      expect(d.tlsSettings).to.deep.equal({
        certificateType: "ManagedCertificate",
        minimumTlsVersion: "TLS12",
      });
    }
  });

  it("caches static paths only where no never-cache path matches, for the kit's TTL", () => {
    const rules = mocks.ofType("azure-native:cdn:Rule").map((r) => mocks.props(r));
    const cache = rules.find((r) => r.ruleName === "CacheStaticPaths")!;
    const [isStatic, notNever] = cache.conditions as Obj[];
    expect(isStatic.parameters).to.deep.include({ operator: "Wildcard", negateCondition: false });
    expect((isStatic.parameters as Obj).matchValues).to.deep.equal(["wp-content/*", "wp-includes/*"]);
    expect(notNever.parameters).to.deep.include({ operator: "Wildcard", negateCondition: true });
    expect((notNever.parameters as Obj).matchValues).to.deep.equal([
      "wp-admin/*",
      "wp-login.php",
      "cart*",
      "checkout*",
      "my-account*",
    ]);
    const [override] = cache.actions as Obj[];
    expect((override.parameters as Obj).cacheConfiguration).to.deep.include({
      cacheBehavior: "OverrideAlways",
      cacheDuration: "7.00:00:00",
    });
    // No other rule turns caching on.
    const caching = rules.filter((r) => JSON.stringify(r.actions).includes("cacheConfiguration"));
    expect(caching).to.have.length(1);
  });

  it("sets HSTS, nosniff, frame options and the referrer policy on every response", () => {
    const rules = mocks.ofType("azure-native:cdn:Rule").map((r) => mocks.props(r));
    const headers = rules.find((r) => r.ruleName === "SecurityHeaders")!;
    expect(headers.order).to.equal(0);
    expect(headers.conditions ?? []).to.deep.equal([]);
    const set = Object.fromEntries(
      (headers.actions as Obj[]).map((a) => [(a.parameters as Obj).headerName, (a.parameters as Obj).value]),
    );
    expect(set).to.deep.equal({
      "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "SAMEORIGIN",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });

  it("guards the endpoint and every domain with a WAF policy in prevention: DRS 2.1, bot manager, rate limit, geo", () => {
    const waf = mocks.props(mocks.one("azure-native:frontdoor:Policy"));
    expect(waf.policySettings).to.deep.include({ enabledState: "Enabled", mode: "Prevention" });
    expect((waf.managedRules as Obj).managedRuleSets).to.deep.equal([
      { ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.1", ruleSetAction: "Block" },
      { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" },
    ]);
    const rules = (waf.customRules as Obj).rules as Obj[];
    expect(rules.map((r) => r.name)).to.deep.equal(["RateLimitPerIp", "GeoAllowOnly"]);
    expect(rules[0]).to.deep.include({
      rateLimitThreshold: 2000,
      rateLimitDurationInMinutes: 5,
      action: "Block",
    });
    const policy = mocks.props(mocks.one("azure-native:cdn:SecurityPolicy"));
    const params = policy.parameters as Obj;
    expect(params.wafPolicy).to.deep.equal({ id: mocks.one("azure-native:frontdoor:Policy").id });
    const [association] = params.associations as Obj[];
    const ids = (association.domains as Obj[]).map((d) => d.id);
    expect(ids).to.include(mocks.one("azure-native:cdn:AFDEndpoint").id);
    for (const d of mocks.ofType("azure-native:cdn:AFDCustomDomain")) expect(ids).to.include(d.id);
  });

  it("names the endpoint with a stable hash of the stack, since its host name is public", () => {
    const endpoint = mocks.props(mocks.one("azure-native:cdn:AFDEndpoint"));
    expect(String(endpoint.endpointName)).to.match(/^prod-edge-endpoint-[0-9a-f]{6}$/);
  });

  describe("checkFrontDoorEdgeArgs", () => {
    it("accepts the prod args", () => expect(() => checkFrontDoorEdgeArgs(args())).to.not.throw());

    it("reports every contradiction at once, each on its own line", () => {
      let message = "";
      try {
        checkFrontDoorEdgeArgs(
          args({
            hostnames: ["Shop.Acme.example", "www.acme.example", "www.acme.example"],
            paths: { static: ["/cart*", "media/*"], neverCache: NEVER },
            staticTtlSeconds: 0,
            waf: { rateLimit: 5 },
            geoRestriction: { mode: "deny", countries: ["de"] },
            originTimeoutSeconds: 300,
          }),
        );
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message.replace(/^FrontDoorEdge: /, "").split("; ")).to.deep.equal([
        "hostnames: Shop.Acme.example is not a lowercase DNS name",
        "hostnames repeats a name",
        "originTimeoutSeconds 300: expected a whole number from 16 to 240",
        "paths: media/* does not start with /",
        "paths: /cart* both static and never cached",
        "staticTtlSeconds 0: expected a whole number from 1 to 31622400 (366 days)",
        "waf.rateLimit 5: expected a whole number from 10",
        "geoRestriction.countries de: expected ISO 3166-1 alpha-2 codes",
      ]);
    });
  });

  describe("origin lock, wired as the storefront wires it", () => {
    let lock: MockSession;
    before(async () => {
      lock = await useMockCloud("lock");
      const ip = gatewayPublicIp("lock-web-gw-ip", { resourceGroupName: "rg", location: "westeurope" }, {});
      const edge = new FrontDoorEdge("lock-edge", {
        ...args(),
        origin: { hostName: ip.ipAddress.apply((a) => a ?? ""), hostHeader: "shop.acme.example" },
      });
      const web = new AzureWebTier("lock-web", {
        resourceGroupName: "rg",
        location: "westeurope",
        subscriptionId: "00000000-1111-2222-3333-444444444444",
        publicIp: ip,
        gatewaySubnetId: "/subnets/gateway",
        webSubnetId: "/subnets/web",
        webApplicationSecurityGroupId: "/asg/web",
        frontDoorId: edge.frontDoorId,
        gateway: {},
        waf: { rateLimit: 2000 },
        healthCheckPath: "/storefront-health.txt",
        servers: {
          vmSize: "Standard_D4as_v5",
          image: {
            publisher: "Canonical",
            offer: "ubuntu-24_04-lts",
            sku: "server",
            version: "24.04.202511040",
          },
          adminUsername: "storefront",
          sshPublicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJxyz operator@acme"],
          customData: "#!/bin/bash\n",
          keyVaultId: "/vaults/kv",
        },
        capacity: { minSize: 3, maxSize: 9, desiredCapacity: 3 },
      });
      await valueOf(web.wafPolicyId);
      await lock.settle();
      expect(lock.rejections).to.deep.equal([]);
    });

    it("blocks at the gateway every request whose X-Azure-FDID is not this profile's id", () => {
      const profile = lock.props(lock.one("azure-native:cdn:Profile"));
      expect(profile.frontDoorId).to.be.a("string").and.not.equal("");
      const waf = lock.props(lock.one("azure-native:network:WebApplicationFirewallPolicy"));
      const [rule] = waf.customRules as Obj[];
      const [condition] = rule.matchConditions as Obj[];
      expect(condition.matchValues).to.deep.equal([profile.frontDoorId]);
      expect(rule.action).to.equal("Block");
    });

    it("points Front Door's origin at the gateway's own public address, so the link is in the plan", () => {
      const ip = lock.one("azure-native:network:PublicIPAddress");
      const origin = lock.one("azure-native:cdn:AFDOrigin");
      expect(origin.propertyDependencies.hostName).to.include(ip.urn);
      const gw = lock.props(lock.one("azure-native:network:ApplicationGateway"));
      const [frontend] = gw.frontendIPConfigurations as Obj[];
      expect(frontend.publicIPAddress).to.deep.equal({ id: ip.id });
    });
  });
});

describe("components/azure/edge/front-door: DNS records in the stack's zone", () => {
  let mocks: MockSession;
  before(async () => {
    mocks = await build(
      "prod",
      args({
        hostnames: ["acme.example", "shop.acme.example"],
        dnsZone: { subscriptionId: "sub-1", resourceGroupName: "acme-dns", zoneName: "acme.example" },
      }),
    );
  });

  it("validates every name with a _dnsauth TXT record holding its custom domain's token", () => {
    const txt = mocks
      .ofType("azure-native:dns:RecordSet")
      .map((r) => mocks.props(r))
      .filter((p) => p.recordType === "TXT");
    expect(txt.map((p) => p.relativeRecordSetName)).to.deep.equal(["_dnsauth", "_dnsauth.shop"]);
    const tokens = mocks
      .ofType("azure-native:cdn:AFDCustomDomain")
      .map((d) => (mocks.props(d).validationProperties as Obj).validationToken);
    expect(txt.map((p) => p.txtRecords)).to.deep.equal(tokens.map((t) => [{ value: [t] }]));
    for (const p of txt) expect(p).to.include({ resourceGroupName: "acme-dns", zoneName: "acme.example" });
  });

  it("points a subdomain at the endpoint by CNAME and the apex by an alias record on the endpoint", () => {
    const records = mocks.ofType("azure-native:dns:RecordSet").map((r) => mocks.props(r));
    const endpoint = mocks.props(mocks.one("azure-native:cdn:AFDEndpoint"));
    const apex = records.find((p) => p.relativeRecordSetName === "@")!;
    expect(apex.recordType).to.equal("A");
    expect(String((apex.targetResource as Obj).id)).to.match(
      new RegExp(`/providers/Microsoft\\.Cdn/profiles/[^/]+/afdEndpoints/${String(endpoint.endpointName)}$`),
    );
    const shop = records.find((p) => p.relativeRecordSetName === "shop")!;
    expect(shop).to.deep.include({ recordType: "CNAME", cnameRecord: { cname: endpoint.hostName } });
  });

  it("links each custom domain to the Azure DNS zone", () => {
    for (const d of mocks.ofType("azure-native:cdn:AFDCustomDomain"))
      expect(mocks.props(d).azureDnsZone).to.deep.equal({
        id: "/subscriptions/sub-1/resourceGroups/acme-dns/providers/Microsoft.Network/dnsZones/acme.example",
      });
  });
});

describe("components/azure/edge/front-door: a dev stack without a domain", () => {
  let mocks: MockSession;
  before(async () => {
    mocks = await build(
      "dev",
      args({ hostnames: [], origin: { hostName: "198.51.100.7", protocol: "Http" } }),
    );
  });

  it("serves the endpoint's own name and reaches the origin over plain HTTP with the request's host", () => {
    const route = mocks.props(mocks.one("azure-native:cdn:Route"));
    expect(route).to.deep.include({ forwardingProtocol: "HttpOnly", linkToDefaultDomain: "Enabled" });
    const origin = mocks.props(mocks.one("azure-native:cdn:AFDOrigin"));
    expect(origin).to.not.have.property("originHostHeader");
    const group = mocks.props(mocks.one("azure-native:cdn:AFDOriginGroup"));
    expect((group.healthProbeSettings as Obj).probeProtocol).to.equal("Http");
  });

  it("refuses plain HTTP to the origin with custom domains, HTTPS without a host header, names outside the zone", () => {
    expect(() =>
      checkFrontDoorEdgeArgs(args({ origin: { hostName: "198.51.100.7", protocol: "Http" } })),
    ).to.throw(
      "origin.protocol Http: expected Https with custom domains (shop.acme.example, www.acme.example); plain HTTP to the origin is for a dev stack without a domain only",
    );
    expect(() => checkFrontDoorEdgeArgs(args({ origin: { hostName: "198.51.100.7" } }))).to.throw(
      "origin.hostHeader: expected the name the origin's certificate covers (origin over HTTPS)",
    );
    expect(() =>
      checkFrontDoorEdgeArgs(
        args({ dnsZone: { subscriptionId: "s", resourceGroupName: "dns", zoneName: "other.example" } }),
      ),
    ).to.throw("hostnames: shop.acme.example, www.acme.example not in the DNS zone other.example");
  });
});
