import { Node, patch, remove, resourceRuleCases, rewire, stackRuleCases } from "../../harness";

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
  const hsts = {
    actions: [
      {
        name: "ModifyResponseHeader",
        parameters: {
          typeName: "DeliveryRuleHeaderActionParameters",
          headerAction: "Overwrite",
          headerName: "Strict-Transport-Security",
          value: "max-age=31536000",
        },
      },
    ],
  };
  stackRuleCases(
    "afd-security-headers",
    [
      { type: RULE_SET, name: "headers" },
      { type: RULE, name: "hsts", props: hsts, deps: { ruleSetName: ["headers"] } },
      { type: ROUTE, name: "site", deps: { ruleSets: ["headers"] } },
    ],
    [
      [
        "a route without the rule set",
        rewire("site", "ruleSets", []),
        ["site: Responses through this route carry no Strict-Transport-Security header."],
      ],
      [
        "a rule set that deletes the header",
        patch("hsts", {
          actions: [
            {
              name: "ModifyResponseHeader",
              parameters: { ...hsts.actions[0].parameters, headerAction: "Delete" },
            },
          ],
        }),
        ["site: Responses through this route carry no Strict-Transport-Security header."],
      ],
    ],
  );

  resourceRuleCases(
    "afd-origin-group-health-probe",
    "azure-native:cdn:AFDOriginGroup",
    { healthProbeSettings: { probeProtocol: "Https", probePath: "/health", probeIntervalInSeconds: 30 } },
    [
      [
        "an HTTP probe",
        { healthProbeSettings: { probeProtocol: "Http", probePath: "/health" } },
        ["Origins are not probed over HTTPS on a health path."],
      ],
      [
        "a probe of the home page",
        { healthProbeSettings: { probeProtocol: "Https", probePath: "/" } },
        ["Origins are not probed over HTTPS on a health path."],
      ],
      ["no probe", {}, ["Origins are not probed over HTTPS on a health path."]],
    ],
  );
});
