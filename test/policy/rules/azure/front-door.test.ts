import { Node, patch, remove, resourceRuleCases, rewire, StackCase, stackRuleCases } from "../../harness";

const ENDPOINT = "azure-native:cdn:AFDEndpoint";
const DOMAIN = "azure-native:cdn:AFDCustomDomain";
const SECURITY_POLICY = "azure-native:cdn:SecurityPolicy";
const FD_WAF = "azure-native:frontdoor:Policy";
const ROUTE = "azure-native:cdn:Route";
const ORIGIN = "azure-native:cdn:AFDOrigin";
const GATEWAY = "azure-native:network:ApplicationGateway";
const GW_WAF = "azure-native:network:WebApplicationFirewallPolicy";
const NSG = "azure-native:network:NetworkSecurityGroup";
const SUBNET = "azure-native:network:Subnet";
const PIP = "azure-native:network:PublicIPAddress";

const edgeWaf = {
  sku: { name: "Premium_AzureFrontDoor" },
  policySettings: { enabledState: "Enabled", mode: "Prevention" },
  managedRules: {
    managedRuleSets: [
      { ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.1", ruleSetAction: "Block" },
      { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" },
    ],
  },
};

describe("policy/rules/azure/front-door", () => {
  const wafGraph: Node[] = [
    { type: ENDPOINT, name: "endpoint" },
    {
      type: DOMAIN,
      name: "shop",
      props: {
        hostName: "shop.example",
        tlsSettings: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
      },
    },
    { type: FD_WAF, name: "edge-waf", props: edgeWaf },
    {
      type: SECURITY_POLICY,
      name: "waf-link",
      props: { parameters: { type: "WebApplicationFirewall" } },
      deps: { parameters: ["edge-waf", "endpoint", "shop"] },
    },
  ];
  stackRuleCases("afd-waf-attached", wafGraph, [
    [
      "no security policy",
      remove("waf-link"),
      [
        "endpoint: No WAF policy covers this endpoint or domain.",
        "shop: No WAF policy covers this endpoint or domain.",
      ],
    ],
    [
      "a domain left out",
      rewire("waf-link", "parameters", ["edge-waf", "endpoint"]),
      ["shop: No WAF policy covers this endpoint or domain."],
    ],
    [
      "a policy in Detection mode",
      patch("edge-waf", { policySettings: { enabledState: "Enabled", mode: "Detection" } }),
      ["edge-waf: The WAF policy does not block (it is disabled or in Detection mode)."],
    ],
    [
      "no bot manager",
      patch("edge-waf", { managedRules: { managedRuleSets: [edgeWaf.managedRules.managedRuleSets[0]] } }),
      ["edge-waf: The WAF policy lacks the default rule set or the bot manager rule set."],
    ],
  ]);

  const route = {
    supportedProtocols: ["Http", "Https"],
    httpsRedirect: "Enabled",
    forwardingProtocol: "HttpsOnly",
  };
  resourceRuleCases("afd-https-tls12", ROUTE, route, [
    [
      "no redirect",
      { ...route, httpsRedirect: "Disabled" },
      ["The route serves plain HTTP instead of redirecting to HTTPS."],
    ],
    [
      "the redirect left at its default",
      { forwardingProtocol: "HttpsOnly" },
      ["The route serves plain HTTP instead of redirecting to HTTPS."],
    ],
    ["nothing for an HTTPS-only route", { supportedProtocols: ["Https"] }, []],
  ]);
  resourceRuleCases(
    "afd-https-tls12",
    DOMAIN,
    {
      hostName: "shop.example",
      tlsSettings: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
    },
    [
      [
        "TLS 1.0",
        { tlsSettings: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS10" } },
        ["The custom domain accepts TLS older than 1.2."],
      ],
      ["no TLS settings", { hostName: "shop.example" }, ["The custom domain has no TLS settings."]],
    ],
  );

  // Front Door over plain HTTP to a gateway is accepted only for a dev stack without a domain: the gateway
  // declares it by its plain-http tag (appgw-plain-http-no-domain reports it) and the route has no domain.
  const ORIGIN_GROUP = "azure-native:cdn:AFDOriginGroup";
  const forwarding: Node[] = [
    { type: PIP, name: "gw-ip" },
    { type: GATEWAY, name: "gw", deps: { frontendIPConfigurations: ["gw-ip"] } },
    { type: ORIGIN_GROUP, name: "origins" },
    {
      type: ORIGIN,
      name: "origin",
      props: { enforceCertificateNameCheck: true },
      deps: { originGroupName: ["origins"], hostName: ["gw-ip"] },
    },
    { type: ROUTE, name: "route", props: route, deps: { originGroup: ["origins"] } },
  ];
  const declared = patch("gw", { tags: { environment: "dev", "plain-http": "no-domain" } });
  const plainRoute = patch("route", { ...route, forwardingProtocol: "HttpOnly" });
  stackRuleCases("afd-origin-https-cert-check", forwarding, [
    [
      "forwarding that matches the request",
      patch("route", { ...route, forwardingProtocol: "MatchRequest" }),
      ["route: The route may reach the origin over HTTP."],
    ],
    [
      "forwarding left at its default",
      patch("route", { forwardingProtocol: undefined }),
      ["route: The route may reach the origin over HTTP."],
    ],
    [
      "plain HTTP to a gateway that declares no reason",
      plainRoute,
      ["route: The route may reach the origin over HTTP."],
    ],
    [
      "plain HTTP to a no-domain gateway on a route with a custom domain",
      (nodes) =>
        plainRoute(declared(nodes)).map((n) =>
          n.name === "route" ? { ...n, props: { ...n.props, customDomains: [{ id: "/d" }] } } : n,
        ),
      ["route: The route may reach the origin over HTTP."],
    ],
    [
      "plain HTTP to an origin that is not the declared gateway",
      (nodes) => rewire("origin", "hostName", [])(plainRoute(declared(nodes))),
      ["route: The route may reach the origin over HTTP."],
    ],
    ["nothing for plain HTTP to a gateway declared no-domain", (nodes) => plainRoute(declared(nodes)), []],
    [
      "no certificate name check",
      patch("origin", { enforceCertificateNameCheck: false }),
      ["origin: The origin's certificate name is not checked."],
    ],
  ]);

  const allow = (name: string, port: string, source: string, priority: number) => ({
    name,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    priority,
    sourceAddressPrefix: source,
    destinationPortRange: port,
  });
  const fdidRule = {
    name: "only-our-front-door",
    priority: 1,
    ruleType: "MatchRule",
    action: "Block",
    matchConditions: [
      {
        matchVariables: [{ variableName: "RequestHeaders", selector: "X-Azure-FDID" }],
        operator: "Equal",
        negationConditon: true,
        matchValues: ["11111111-2222-3333-4444-555555555555"],
      },
    ],
  };
  const lockGraph: Node[] = [
    {
      type: NSG,
      name: "gw-nsg",
      props: { securityRules: [allow("https", "443", "AzureFrontDoor.Backend", 100)] },
    },
    { type: SUBNET, name: "gw-subnet", deps: { networkSecurityGroup: ["gw-nsg"] } },
    { type: PIP, name: "gw-ip" },
    { type: GW_WAF, name: "gw-waf", props: { customRules: [fdidRule] } },
    {
      type: GATEWAY,
      name: "gw",
      deps: {
        gatewayIPConfigurations: ["gw-subnet"],
        frontendIPConfigurations: ["gw-ip"],
        firewallPolicy: ["gw-waf"],
      },
    },
    {
      type: ORIGIN,
      name: "origin",
      props: { hostName: "origin.shop.example" },
      deps: { hostName: ["gw-ip"] },
    },
  ];
  stackRuleCases("afd-origin-locked", lockGraph, [
    [
      "the gateway subnet open to the internet",
      patch("gw-nsg", { securityRules: [allow("https", "443", "Internet", 100)] }),
      ["gw: The gateway's subnet admits the internet directly, not only Front Door."],
    ],
    [
      "no NSG on the gateway subnet",
      remove("gw-nsg"),
      ["gw: The gateway's subnet admits the internet directly, not only Front Door."],
    ],
    [
      "no X-Azure-FDID check",
      patch("gw-waf", { customRules: [] }),
      ["gw: Nothing checks X-Azure-FDID: any Front Door profile can reach the gateway."],
    ],
    [
      "nothing for a Private Link origin",
      patch("origin", { sharedPrivateLinkResource: { privateLink: { id: "/pl" }, groupId: "gw" } }),
      [],
    ],
  ]);

  const RULE_SET = "azure-native:cdn:RuleSet";
  const RULE = "azure-native:cdn:Rule";
  const header = (headerName: string, value: string, headerAction = "Overwrite") => ({
    name: "ModifyResponseHeader",
    parameters: { typeName: "DeliveryRuleHeaderActionParameters", headerAction, headerName, value },
  });
  const HSTS = header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  const NOSNIFF = header("X-Content-Type-Options", "nosniff");
  const FRAMES = header("X-Frame-Options", "SAMEORIGIN");
  const MISSING_ALL =
    "site: Responses through this route lack Strict-Transport-Security (a year or more), X-Content-Type-Options: nosniff, X-Frame-Options (or a Content-Security-Policy with frame-ancestors) on every path.";
  stackRuleCases(
    "afd-security-headers",
    [
      { type: RULE_SET, name: "headers" },
      {
        type: RULE,
        name: "security",
        props: { order: 0, actions: [HSTS, NOSNIFF, FRAMES] },
        deps: { ruleSetName: ["headers"] },
      },
      { type: ROUTE, name: "site", deps: { ruleSets: ["headers"] } },
    ],
    [
      ["a route without the rule set", rewire("site", "ruleSets", []), [MISSING_ALL]],
      [
        "a rule set that deletes HSTS",
        patch("security", {
          actions: [header("Strict-Transport-Security", "", "Delete"), NOSNIFF, FRAMES],
        }),
        ["site: Responses through this route lack Strict-Transport-Security (a year or more) on every path."],
      ],
      [
        "HSTS for a day",
        patch("security", {
          actions: [header("Strict-Transport-Security", "max-age=86400"), NOSNIFF, FRAMES],
        }),
        ["site: Responses through this route lack Strict-Transport-Security (a year or more) on every path."],
      ],
      [
        "no nosniff and no framing rule",
        patch("security", { actions: [HSTS] }),
        [
          "site: Responses through this route lack X-Content-Type-Options: nosniff, X-Frame-Options (or a Content-Security-Policy with frame-ancestors) on every path.",
        ],
      ],
      [
        "the headers only on some paths",
        patch("security", {
          order: 1,
          actions: [HSTS, NOSNIFF, FRAMES],
          conditions: [
            {
              name: "UrlPath",
              parameters: {
                typeName: "DeliveryRuleUrlPathMatchConditionParameters",
                operator: "Wildcard",
                matchValues: ["wp-content/*"],
              },
            },
          ],
        }),
        [MISSING_ALL],
      ],
      [
        "nothing for framing limited by a Content-Security-Policy",
        patch("security", {
          actions: [HSTS, NOSNIFF, header("Content-Security-Policy", "frame-ancestors 'self'")],
        }),
        [],
      ],
      [
        "nothing for headers split over two unconditional rules of the set",
        (nodes) => [
          ...patch("security", { actions: [HSTS] })(nodes),
          {
            type: RULE,
            name: "more",
            props: { order: 0, actions: [NOSNIFF, FRAMES] },
            deps: { ruleSetName: ["headers"] },
          },
        ],
        [],
      ],
    ],
  );

  const probe = {
    probeProtocol: "Https",
    probePath: "/storefront-health.txt",
    probeRequestType: "HEAD",
    probeIntervalInSeconds: 30,
  };
  // The probe on a group whose only origin is a gateway (its address the origin's host name).
  const probeGraph = (
    healthProbeSettings: Record<string, unknown> | undefined,
    gatewayTags?: Record<string, string>,
  ): Node[] => [
    { type: PIP, name: "gw-ip" },
    {
      type: GATEWAY,
      name: "gw",
      props: gatewayTags ? { tags: gatewayTags } : {},
      deps: { frontendIPConfigurations: ["gw-ip"] },
    },
    { type: ORIGIN_GROUP, name: "origins", props: healthProbeSettings ? { healthProbeSettings } : {} },
    { type: ORIGIN, name: "origin", deps: { originGroupName: ["origins"], hostName: ["gw-ip"] } },
  ];
  const probeCase = (
    title: string,
    settings: Record<string, unknown> | undefined,
    expected: string[],
  ): StackCase => [title, () => probeGraph(settings), expected.map((m) => `origins: ${m}`)];
  stackRuleCases("afd-origin-group-health-probe", probeGraph(probe), [
    probeCase("an HTTP probe", { ...probe, probeProtocol: "Http" }, [
      "Origins are not probed over HTTPS on a health path.",
    ]),
    probeCase("a probe of the home page", { ...probe, probePath: "/" }, [
      "Origins are not probed over HTTPS on a health path.",
    ]),
    probeCase("no probe", undefined, ["Origins are not probed over HTTPS on a health path."]),
    probeCase("a probe of a PHP script", { ...probe, probePath: "/health_check.php" }, [
      "The probe requests /health_check.php, which the application renders, not a static file.",
    ]),
    probeCase("a probe of a directory index", { ...probe, probePath: "/health/" }, [
      "The probe requests /health/, which the application renders, not a static file.",
    ]),
    probeCase("a probe with a query string", { ...probe, probePath: "/index.php?health=1" }, [
      "The probe requests /index.php, which the application renders, not a static file.",
    ]),
    [
      "nothing for an HTTP probe of a gateway that declares plain HTTP for want of a domain",
      () => probeGraph({ ...probe, probeProtocol: "Http" }, { "plain-http": "no-domain" }),
      [],
    ],
    [
      "a PHP probe of such a gateway (only the protocol is its finding)",
      () =>
        probeGraph(
          { ...probe, probeProtocol: "Http", probePath: "/health_check.php" },
          { "plain-http": "no-domain" },
        ),
      ["origins: The probe requests /health_check.php, which the application renders, not a static file."],
    ],
  ]);

  resourceRuleCases(
    "afd-origin-group-samples",
    ORIGIN_GROUP,
    { loadBalancingSettings: { sampleSize: 4, successfulSamplesRequired: 3 } },
    [
      [
        "more successes required than sampled",
        { loadBalancingSettings: { sampleSize: 3, successfulSamplesRequired: 4 } },
        [
          "The group requires 4 successful probes out of 3: its origins never count as healthy, and Front Door then spreads requests over all of them.",
        ],
      ],
      [
        "healthy on half the probes",
        { loadBalancingSettings: { sampleSize: 4, successfulSamplesRequired: 2 } },
        [
          "An origin counts as healthy with 2 of its last 4 probes succeeding: a failing origin keeps its traffic.",
        ],
      ],
      [
        "healthy on one probe in ten",
        { loadBalancingSettings: { sampleSize: 10, successfulSamplesRequired: 1 } },
        [
          "An origin counts as healthy with 1 of its last 10 probes succeeding: a failing origin keeps its traffic.",
        ],
      ],
      [
        "nothing when every probe must succeed",
        { loadBalancingSettings: { sampleSize: 2, successfulSamplesRequired: 2 } },
        [],
      ],
      ["nothing when the settings are the service's defaults", {}, []],
    ],
  );

  // The kit's shape: the route caches nothing; one rule caches static paths that are no never-cache path.
  const path = (negate: boolean, ...matchValues: string[]) => ({
    name: "UrlPath",
    parameters: {
      typeName: "DeliveryRuleUrlPathMatchConditionParameters",
      operator: "Wildcard",
      negateCondition: negate,
      matchValues,
      transforms: ["Lowercase"],
    },
  });
  const cache = (cacheBehavior = "OverrideAlways") => ({
    name: "RouteConfigurationOverride",
    parameters: {
      typeName: "DeliveryRuleRouteConfigurationOverrideActionParameters",
      cacheConfiguration: {
        cacheBehavior,
        cacheDuration: "7.00:00:00",
        queryStringCachingBehavior: "UseQueryString",
      },
    },
  });
  const noCache = {
    name: "RouteConfigurationOverride",
    parameters: { typeName: "DeliveryRuleRouteConfigurationOverrideActionParameters" },
  };
  const staticRule = {
    order: 1,
    conditions: [
      path(false, "wp-content/*", "wp-includes/*"),
      path(true, "wp-admin/*", "cart*", "checkout*", "my-account*"),
    ],
    actions: [cache()],
  };
  const cacheGraph: Node[] = [
    { type: RULE_SET, name: "paths" },
    { type: RULE, name: "static", props: staticRule, deps: { ruleSetName: ["paths"] } },
    { type: ROUTE, name: "site", props: { patternsToMatch: ["/*"] }, deps: { ruleSets: ["paths"] } },
  ];
  const routeCaching = { cacheConfiguration: { queryStringCachingBehavior: "IgnoreQueryString" } };
  stackRuleCases("afd-cache-excludes-session-paths", cacheGraph, [
    [
      "a rule caching every request",
      patch("static", { conditions: [] }),
      ["static: The rule caches /cart/, one shopper's or an administrator's page."],
    ],
    [
      "a rule caching everything but the never-cache paths",
      patch("static", { conditions: [path(true, "wp-admin/*", "cart*", "checkout*", "my-account*")] }),
      ["static: The rule caches /account/, one shopper's or an administrator's page."],
    ],
    [
      "a rule caching the Magento customer area under a static-looking path",
      patch("static", { conditions: [path(false, "static/*", "customer/*")] }),
      ["static: The rule caches /customer/account/, one shopper's or an administrator's page."],
    ],
    [
      "an exclusion written with the leading slash, which never matches",
      patch("static", { conditions: [path(false, "*"), path(true, "/cart*", "/checkout*")] }),
      ["static: The rule caches /cart/, one shopper's or an administrator's page."],
    ],
    [
      "a rule caching PHP pages by extension",
      patch("static", {
        conditions: [
          {
            name: "UrlFileExtension",
            parameters: {
              typeName: "DeliveryRuleUrlFileExtensionMatchConditionParameters",
              operator: "Equal",
              matchValues: ["php", "css"],
            },
          },
          path(
            true,
            "wp-admin/*",
            "wp-login.php",
            "cart*",
            "checkout*",
            "my-account*",
            "account*",
            "customer*",
            "admin*",
          ),
        ],
      }),
      [
        "static: The rule caches /index.php, a page whose response may set a cookie (Front Door strips Set-Cookie from a cacheable response).",
      ],
    ],
    [
      "a rule caching only for shoppers without a cookie (the path is not limited)",
      patch("static", {
        conditions: [
          {
            name: "Cookies",
            parameters: {
              typeName: "DeliveryRuleCookiesConditionParameters",
              selector: "wordpress_logged_in",
              operator: "Any",
              negateCondition: true,
            },
          },
        ],
      }),
      ["static: The rule caches /cart/, one shopper's or an administrator's page."],
    ],
    [
      "a route caching everything it serves",
      patch("site", routeCaching),
      ["site: The route caches /cart/, one shopper's or an administrator's page."],
    ],
    [
      "a route caching everything but what its rule set turns off for the session paths only",
      (nodes) => [
        ...patch("site", routeCaching)(nodes),
        {
          type: RULE,
          name: "no-cache",
          props: {
            order: 2,
            conditions: [
              path(
                false,
                "cart*",
                "checkout*",
                "my-account*",
                "account*",
                "customer/*",
                "wp-admin/*",
                "admin*",
                "wp-login.php",
              ),
            ],
            actions: [noCache],
          },
          deps: { ruleSetName: ["paths"] },
        },
      ],
      [
        "site: The route caches /, a page whose response may set a cookie (Front Door strips Set-Cookie from a cacheable response).",
      ],
    ],
    [
      "nothing for a route caching only its static patterns",
      patch("site", { ...routeCaching, patternsToMatch: ["/wp-content/*", "/wp-includes/*"] }),
      [],
    ],
    [
      "nothing for a rule that turns caching off",
      patch("static", { conditions: [], actions: [noCache] }),
      [],
    ],
    [
      "nothing for a rule bypassing the cache (CacheExpiration)",
      patch("static", {
        conditions: [],
        actions: [
          {
            name: "CacheExpiration",
            parameters: {
              typeName: "DeliveryRuleCacheExpirationActionParameters",
              cacheBehavior: "BypassCache",
              cacheType: "All",
            },
          },
        ],
      }),
      [],
    ],
  ]);
  stackRuleCases(
    "afd-cache-excludes-session-paths",
    cacheGraph,
    [
      [
        "a shop's own session path, configured, that the never-cache list misses",
        patch("static", { conditions: [path(false, "*"), path(true, "cart*", "checkout*")] }),
        ["static: The rule caches /basket/, one shopper's or an administrator's page."],
      ],
    ],
    { sessionPaths: ["/basket/"], pagePaths: [] },
  );
});
