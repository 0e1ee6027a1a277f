import type { PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../../lib/define";
import { admitsInternet, arr, is, isOneOf, obj, refs } from "../../lib/azure";
import type { StackGraph } from "../../lib/rule";
import {
  AFD_CUSTOM_DOMAIN,
  AFD_ENDPOINT,
  AFD_ORIGIN,
  AFD_ORIGIN_GROUP,
  AFD_ROUTE,
  AFD_RULE,
  AFD_RULE_SET,
  AFD_SECURITY_POLICY,
  AFD_WAF_POLICY,
  APP_GATEWAY,
  APPGW_WAF_POLICY,
  NSG,
  PUBLIC_IP,
  SUBNET,
} from "../../lib/azure-types";
import { declaresNoDomain } from "./application-gateway";
import { nsgsWithRules } from "./network";

/** Azure Front Door Standard/Premium (cdn module) and its WAF policies (frontdoor module). */

/** Front Door's managed rule sets: a default rule set and the bot manager ("Azure WAF on Front Door" docs). */
const DEFAULT_RULE_SETS = ["Microsoft_DefaultRuleSet", "DefaultRuleSet"];
const BOT_RULE_SET = "Microsoft_BotManagerRuleSet";

export const afdWafAttached = stackRule({
  id: "afd-waf-attached",
  description:
    "Every Front Door endpoint and custom domain is covered by a WAF policy in Prevention mode with the default and bot manager rule sets.",
  severity: "critical",
  remediation:
    'Add a cdn.SecurityPolicy associating every endpoint and custom domain with a frontdoor.Policy (mode "Prevention", Microsoft_DefaultRuleSet 2.1, Microsoft_BotManagerRuleSet 1.1; Premium SKU).',
  pci: "4.0: 6.4.1, 6.4.2",
  references: "MCSB NS-6",
  types: [AFD_ENDPOINT, AFD_CUSTOM_DOMAIN, AFD_SECURITY_POLICY, AFD_WAF_POLICY],
  check(graph, report) {
    const covered = new Set<PolicyResource>();
    for (const sp of graph.ofTypes([AFD_SECURITY_POLICY])) {
      if (refs(graph, sp, "parameters", [AFD_WAF_POLICY]).length === 0) continue;
      refs(graph, sp, "parameters", [AFD_ENDPOINT, AFD_CUSTOM_DOMAIN]).forEach((d) => covered.add(d));
    }
    for (const d of graph.ofTypes([AFD_ENDPOINT, AFD_CUSTOM_DOMAIN]))
      if (!covered.has(d)) report("No WAF policy covers this endpoint or domain.", d.urn);
    for (const policy of graph.ofTypes([AFD_WAF_POLICY])) {
      const settings = obj(policy.props.policySettings);
      const sets = arr(obj(policy.props.managedRules).managedRuleSets);
      if (is(settings.enabledState, "Disabled") || !is(settings.mode, "Prevention"))
        report("The WAF policy does not block (it is disabled or in Detection mode).", policy.urn);
      else if (
        !sets.some((s) => isOneOf(s.ruleSetType, DEFAULT_RULE_SETS)) ||
        !sets.some((s) => is(s.ruleSetType, BOT_RULE_SET))
      )
        report("The WAF policy lacks the default rule set or the bot manager rule set.", policy.urn);
    }
  },
});

export const afdHttpsTls12 = resourceRule({
  id: "afd-https-tls12",
  description: "Front Door routes redirect HTTP to HTTPS, and custom domains accept TLS 1.2 or later only.",
  severity: "high",
  remediation:
    'Set httpsRedirect: "Enabled" on routes that accept HTTP, and tlsSettings.minimumTlsVersion: "TLS12" on custom domains.',
  pci: "4.0: 4.2.1",
  references: "MCSB DP-3",
  types: [AFD_ROUTE, AFD_CUSTOM_DOMAIN],
  check(r, report) {
    if (r.type === AFD_ROUTE) {
      // supportedProtocols defaults to [Http, Https]; httpsRedirect to Disabled (cdn.Route inputs).
      const protocols = arr<string>(r.props.supportedProtocols ?? ["Http", "Https"]);
      if (protocols.some((p) => is(p, "Http")) && !is(r.props.httpsRedirect, "Enabled"))
        report("The route serves plain HTTP instead of redirecting to HTTPS.");
      return;
    }
    const tls = obj(r.props.tlsSettings);
    if (Object.keys(tls).length === 0) report("The custom domain has no TLS settings.");
    else if (tls.minimumTlsVersion !== undefined && !isOneOf(tls.minimumTlsVersion, ["TLS12", "TLS13"]))
      report("The custom domain accepts TLS older than 1.2.");
  },
});

/**
 * Whether a route serves no custom domain and sends every request to gateways that declare plain HTTP for
 * want of a domain (a dev stack on Front Door's azurefd.net name): appgw-plain-http-no-domain reports them.
 */
function toDeclaredNoDomainGateways(graph: StackGraph, route: PolicyResource): boolean {
  if (arr(route.props.customDomains).length > 0) return false;
  const groups = refs(graph, route, "originGroup", [AFD_ORIGIN_GROUP]);
  const origins = graph
    .ofTypes([AFD_ORIGIN])
    .filter((o) => refs(graph, o, "originGroupName", [AFD_ORIGIN_GROUP]).some((g) => groups.includes(g)));
  return (
    origins.length > 0 &&
    origins.every((o) => {
      const gateways = gatewaysOf(graph, o);
      return gateways.length > 0 && gateways.every(declaresNoDomain);
    })
  );
}

export const afdOriginHttpsCertCheck = stackRule({
  id: "afd-origin-https-cert-check",
  description: "Front Door reaches origins over HTTPS only and checks their certificate's name.",
  severity: "high",
  remediation:
    'Set forwardingProtocol: "HttpsOnly" on routes, and leave enforceCertificateNameCheck true on origins (the gateway\'s certificate covers the origin host name).',
  pci: "4.0: 4.2.1",
  references: "MCSB DP-3",
  types: [AFD_ROUTE, AFD_ORIGIN, AFD_ORIGIN_GROUP, APP_GATEWAY],
  check(graph, report) {
    for (const route of graph.ofTypes([AFD_ROUTE])) {
      // forwardingProtocol defaults to MatchRequest, which forwards HTTP requests over HTTP.
      if (is(route.props.forwardingProtocol, "HttpsOnly")) continue;
      if (toDeclaredNoDomainGateways(graph, route)) continue;
      report("The route may reach the origin over HTTP.", route.urn);
    }
    for (const origin of graph.ofTypes([AFD_ORIGIN]))
      if (origin.props.enforceCertificateNameCheck === false)
        report("The origin's certificate name is not checked.", origin.urn);
  },
});

/** Gateways (by resource) an origin sends traffic to, directly or through one of their public IPs. */
function gatewaysOf(graph: StackGraph, origin: PolicyResource): PolicyResource[] {
  const targets = ["hostName", "azureOrigin"].flatMap((p) =>
    refs(graph, origin, p, [APP_GATEWAY, PUBLIC_IP]),
  );
  return graph
    .ofTypes([APP_GATEWAY])
    .filter(
      (gw) =>
        targets.includes(gw) ||
        refs(graph, gw, "frontendIPConfigurations", [PUBLIC_IP]).some((ip) => targets.includes(ip)),
    );
}

/** Whether a WAF policy has a custom rule on the X-Azure-FDID request header (Front Door's profile id). */
function checksFrontDoorId(policy: PolicyResource): boolean {
  return arr(policy.props.customRules).some((rule) =>
    arr(rule.matchConditions).some((c) =>
      arr(c.matchVariables).some(
        (v) => is(v.variableName, "RequestHeaders") && is(v.selector, "X-Azure-FDID"),
      ),
    ),
  );
}

export const afdOriginLocked = stackRule({
  id: "afd-origin-locked",
  description:
    "An application gateway behind Front Door is reachable only through it: a Private Link origin, or a subnet admitting only AzureFrontDoor.Backend plus a WAF rule on the X-Azure-FDID header.",
  severity: "high",
  remediation:
    "Use a Private Link origin (Premium), or admit 443 only from the AzureFrontDoor.Backend service tag on the gateway subnet's NSG and block requests whose X-Azure-FDID is not the profile's frontDoorId in the gateway's WAF policy.",
  references: "MCSB NS-2",
  types: [AFD_ORIGIN, APP_GATEWAY, APPGW_WAF_POLICY, NSG],
  check(graph, report) {
    const rulesOf = nsgsWithRules(graph);
    const done = new Set<PolicyResource>();
    for (const origin of graph.ofTypes([AFD_ORIGIN])) {
      if (obj(origin.props.sharedPrivateLinkResource).privateLink !== undefined) continue;
      for (const gw of gatewaysOf(graph, origin)) {
        if (done.has(gw)) continue;
        done.add(gw);
        const subnets = refs(graph, gw, "gatewayIPConfigurations", [SUBNET]);
        const nsgs = subnets.flatMap((s) => refs(graph, s, "networkSecurityGroup", [NSG]));
        const open =
          nsgs.length === 0 || nsgs.some((n) => (rulesOf.get(n) ?? []).some((x) => admitsInternet(x.rule)));
        if (open) report("The gateway's subnet admits the internet directly, not only Front Door.", gw.urn);
        else if (!refs(graph, gw, "firewallPolicy", [APPGW_WAF_POLICY]).some(checksFrontDoorId))
          report("Nothing checks X-Azure-FDID: any Front Door profile can reach the gateway.", gw.urn);
      }
    }
  },
});

/** Whether a rule's actions set Strict-Transport-Security on responses. */
function setsHsts(rule: PolicyResource): boolean {
  return arr(rule.props.actions).some(
    (a) =>
      is(a.name, "ModifyResponseHeader") &&
      is(obj(a.parameters).headerName, "Strict-Transport-Security") &&
      !is(obj(a.parameters).headerAction, "Delete"),
  );
}

export const afdSecurityHeaders = stackRule({
  id: "afd-security-headers",
  description: "Every Front Door route runs a rule set that adds Strict-Transport-Security to responses.",
  severity: "medium",
  remediation:
    'Add a cdn.RuleSet with a cdn.Rule whose actions include ModifyResponseHeader (headerAction "Overwrite", Strict-Transport-Security), and list it in the route\'s ruleSets.',
  pci: "4.0: 6.4.1",
  references: "MCSB DP-3",
  types: [AFD_ROUTE, AFD_RULE_SET, AFD_RULE],
  check(graph, report) {
    const withHsts = new Set(
      graph
        .ofTypes([AFD_RULE])
        .filter(setsHsts)
        .flatMap((rule) => refs(graph, rule, "ruleSetName", [AFD_RULE_SET])),
    );
    for (const route of graph.ofTypes([AFD_ROUTE]))
      if (!refs(graph, route, "ruleSets", [AFD_RULE_SET]).some((s) => withHsts.has(s)))
        report("Responses through this route carry no Strict-Transport-Security header.", route.urn);
  },
});

export const afdOriginGroupHealthProbe = resourceRule({
  id: "afd-origin-group-health-probe",
  description: "Front Door origin groups probe their origins over HTTPS on a health path.",
  severity: "low",
  remediation:
    'Set healthProbeSettings: { probeProtocol: "Https", probePath: "/health" (the static health path), probeIntervalInSeconds }.',
  references: "APRL",
  types: [AFD_ORIGIN_GROUP],
  check(r, report) {
    const probe = obj(r.props.healthProbeSettings);
    if (!is(probe.probeProtocol, "Https") || typeof probe.probePath !== "string" || probe.probePath === "/")
      report("Origins are not probed over HTTPS on a health path.");
  },
});
