import { expect } from "chai";
import { checkStack, Node, patch, remove, resourceRuleCases, stackRuleCases } from "../../harness";

const GATEWAY = "azure-native:network:ApplicationGateway";
const WAF = "azure-native:network:WebApplicationFirewallPolicy";
const PIP = "azure-native:network:PublicIPAddress";
const ORIGIN = "azure-native:cdn:AFDOrigin";
const FD_WAF = "azure-native:frontdoor:Policy";

const GW_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/gw";

/** A gateway with an HTTPS listener and an HTTP listener that only redirects to it. */
function gateway(extra: Record<string, unknown> = {}) {
  return {
    sku: { name: "WAF_v2", tier: "WAF_v2" },
    zones: ["1", "2", "3"],
    autoscaleConfiguration: { minCapacity: 2, maxCapacity: 10 },
    tags: { environment: "prod" },
    sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20220101S" },
    httpListeners: [
      { name: "https", protocol: "Https" },
      { name: "http", protocol: "Http" },
    ],
    redirectConfigurations: [
      { name: "to-https", redirectType: "Permanent", targetListener: { id: `${GW_ID}/httpListeners/https` } },
    ],
    requestRoutingRules: [
      {
        name: "site",
        httpListener: { id: `${GW_ID}/httpListeners/https` },
        backendAddressPool: { id: `${GW_ID}/backendAddressPools/web` },
      },
      {
        name: "redirect",
        httpListener: { id: `${GW_ID}/httpListeners/http` },
        redirectConfiguration: { id: `${GW_ID}/redirectConfigurations/to-https` },
      },
    ],
    ...extra,
  };
}

/** The kit's dev gateway without a domain: one HTTP listener serving the site, tagged to say why. */
const noDomainGateway = gateway({
  tags: { environment: "dev", "plain-http": "no-domain" },
  httpListeners: [{ name: "http", protocol: "Http" }],
  redirectConfigurations: [],
  requestRoutingRules: [
    {
      name: "http",
      httpListener: { id: `${GW_ID}/httpListeners/http` },
      backendAddressPool: { id: `${GW_ID}/backendAddressPools/web` },
    },
  ],
});

const policy = {
  policySettings: { state: "Enabled", mode: "Prevention" },
  managedRules: { managedRuleSets: [{ ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.1" }] },
};

describe("policy/rules/azure/application-gateway", () => {
  const wafGraph: Node[] = [
    { type: WAF, name: "gw-waf", props: policy },
    { type: GATEWAY, name: "gw", props: gateway(), deps: { firewallPolicy: ["gw-waf"] } },
  ];
  stackRuleCases("appgw-waf-prevention", wafGraph, [
    ["no WAF policy", remove("gw-waf"), ["gw: No WAF in Prevention mode inspects the gateway's traffic."]],
    [
      "a policy in Detection mode",
      patch("gw-waf", { policySettings: { state: "Enabled", mode: "Detection" } }),
      ["gw-waf: The WAF policy does not block (it is disabled or in Detection mode)."],
    ],
    [
      "a disabled policy",
      patch("gw-waf", { policySettings: { state: "Disabled", mode: "Prevention" } }),
      ["gw-waf: The WAF policy does not block (it is disabled or in Detection mode)."],
    ],
    [
      "an old rule set",
      patch("gw-waf", {
        managedRules: { managedRuleSets: [{ ruleSetType: "OWASP", ruleSetVersion: "3.1" }] },
      }),
      ["gw-waf: The WAF policy runs no current default rule set (DRS 2.1+ or OWASP CRS 3.2+)."],
    ],
    [
      "a Standard_v2 gateway",
      patch("gw", { sku: { name: "Standard_v2", tier: "Standard_v2" } }),
      ["gw: No WAF in Prevention mode inspects the gateway's traffic."],
    ],
  ]);
  it("appgw-waf-prevention accepts Front Door's WAF in front of the gateway, and the mode in lower case", () => {
    const fronted: Node[] = [
      { type: PIP, name: "gw-ip" },
      {
        type: GATEWAY,
        name: "gw",
        props: gateway({ sku: { name: "Standard_v2", tier: "Standard_v2" } }),
        deps: { frontendIPConfigurations: ["gw-ip"] },
      },
      { type: ORIGIN, name: "origin", deps: { hostName: ["gw-ip"] } },
      { type: FD_WAF, name: "edge-waf", props: { policySettings: { mode: "prevention" } } },
    ];
    expect(checkStack("appgw-waf-prevention", fronted)).to.deep.equal([]);
    expect(checkStack("appgw-waf-prevention", remove("origin")(fronted))).to.deep.equal([
      "gw: No WAF in Prevention mode inspects the gateway's traffic.",
    ]);
  });

  resourceRuleCases("appgw-tls-policy", GATEWAY, gateway(), [
    [
      "no TLS policy",
      gateway({ sslPolicy: undefined }),
      ["No TLS policy is set; the default depends on the API version."],
    ],
    [
      "an old predefined policy",
      gateway({ sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20150501" } }),
      ["The TLS policy admits versions older than TLS 1.2."],
    ],
    [
      "a custom policy from TLS 1.0",
      gateway({ sslPolicy: { policyType: "CustomV2", minProtocolVersion: "TLSv1_0" } }),
      ["The TLS policy admits versions older than TLS 1.2."],
    ],
    [
      "nothing for a custom TLS 1.3 policy",
      gateway({ sslPolicy: { policyType: "CustomV2", minProtocolVersion: "TLSv1_3" } }),
      [],
    ],
  ]);

  resourceRuleCases("appgw-https-only", GATEWAY, gateway(), [
    [
      "an HTTP listener serving the site",
      gateway({
        requestRoutingRules: [
          {
            name: "site",
            httpListener: { id: `${GW_ID}/httpListeners/http` },
            backendAddressPool: { id: `${GW_ID}/backendAddressPools/web` },
          },
        ],
      }),
      ["Listener http serves plain HTTP instead of redirecting to HTTPS."],
    ],
    [
      "an HTTP listener with no rule",
      gateway({ requestRoutingRules: [] }),
      ["Listener http serves plain HTTP instead of redirecting to HTTPS."],
    ],
    [
      "a redirect to plain HTTP",
      gateway({ redirectConfigurations: [{ name: "to-https", targetUrl: "http://shop.example" }] }),
      ["Listener http serves plain HTTP instead of redirecting to HTTPS."],
    ],
    ["nothing for a gateway declaring it has no domain", noDomainGateway, []],
    [
      "a plain-http tag with another value",
      { ...noDomainGateway, tags: { environment: "dev", "plain-http": "yes" } },
      ["Listener http serves plain HTTP instead of redirecting to HTTPS."],
    ],
  ]);

  resourceRuleCases("appgw-plain-http-no-domain", GATEWAY, gateway(), [
    [
      "a gateway serving plain HTTP for want of a domain",
      noDomainGateway,
      ["Listener http serves plain HTTP: the stack has no domain (declared by its plain-http tag)."],
    ],
    [
      "nothing for a tagged gateway that redirects to HTTPS",
      gateway({ tags: { environment: "dev", "plain-http": "no-domain" } }),
      [],
    ],
  ]);

  resourceRuleCases("appgw-zone-redundant", GATEWAY, gateway(), [
    ["one zone", gateway({ zones: ["1"] }), ["The gateway lives in fewer than two zones."]],
    [
      "a production minimum of one",
      gateway({ autoscaleConfiguration: { minCapacity: 1 } }),
      ["The production gateway may run a single instance."],
    ],
    [
      "nothing for dev at one instance",
      gateway({ autoscaleConfiguration: { minCapacity: 1 }, tags: { environment: "dev" } }),
      [],
    ],
  ]);
});
