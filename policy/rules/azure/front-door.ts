import type { PolicyResource } from "@pulumi/policy";
import { z } from "zod";
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
  return groups.length > 0 && groups.every((g) => groupOfDeclaredNoDomainGateways(graph, g));
}

/** Whether every origin of an origin group is a gateway that declares plain HTTP for want of a domain. */
function groupOfDeclaredNoDomainGateways(graph: StackGraph, group: PolicyResource): boolean {
  const origins = graph
    .ofTypes([AFD_ORIGIN])
    .filter((o) => refs(graph, o, "originGroupName", [AFD_ORIGIN_GROUP]).includes(group));
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
  const targets = new Set(
    ["hostName", "azureOrigin"].flatMap((p) => refs(graph, origin, p, [APP_GATEWAY, PUBLIC_IP])),
  );
  return graph
    .ofTypes([APP_GATEWAY])
    .filter(
      (gw) =>
        targets.has(gw) ||
        refs(graph, gw, "frontendIPConfigurations", [PUBLIC_IP]).some((ip) => targets.has(ip)),
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
    // Once per NSG: whether one of its rules admits the internet.
    const admitsAnyone = new Map<PolicyResource, boolean>();
    const openNsg = (n: PolicyResource) => {
      if (!admitsAnyone.has(n))
        admitsAnyone.set(
          n,
          (rulesOf.get(n) ?? []).some((x) => admitsInternet(x.rule)),
        );
      return admitsAnyone.get(n) as boolean;
    };
    const done = new Set<PolicyResource>();
    for (const origin of graph.ofTypes([AFD_ORIGIN])) {
      if (obj(origin.props.sharedPrivateLinkResource).privateLink !== undefined) continue;
      for (const gw of gatewaysOf(graph, origin)) {
        if (done.has(gw)) continue;
        done.add(gw);
        const subnets = refs(graph, gw, "gatewayIPConfigurations", [SUBNET]);
        const nsgs = new Set(subnets.flatMap((s) => refs(graph, s, "networkSecurityGroup", [NSG])));
        const open = nsgs.size === 0 || [...nsgs].some(openNsg);
        if (open) report("The gateway's subnet admits the internet directly, not only Front Door.", gw.urn);
        else if (!refs(graph, gw, "firewallPolicy", [APPGW_WAF_POLICY]).some(checksFrontDoorId))
          report("Nothing checks X-Azure-FDID: any Front Door profile can reach the gateway.", gw.urn);
      }
    }
  },
});

/**
 * The security headers every response must carry, each set by a rule of the route's rule set that runs for
 * every request (no condition): HSTS for a year or more, no MIME sniffing, no framing by other sites
 * (X-Frame-Options, or a Content-Security-Policy with frame-ancestors).
 */
const ONE_YEAR_SECONDS = 31536000;

/** Headers a rule's ModifyResponseHeader/ModifyRequestHeader actions set on responses, by lowercase name. */
function headersSet(rule: PolicyResource): Map<string, string> {
  const set = new Map<string, string>();
  for (const a of arr(rule.props.actions)) {
    const p = obj(a.parameters);
    if (!is(a.name, "ModifyResponseHeader") || is(p.headerAction, "Delete")) continue;
    if (typeof p.headerName === "string") set.set(p.headerName.toLowerCase(), String(p.value ?? ""));
  }
  return set;
}

/** What a set of response headers lacks, in words (empty when complete). */
function missingHeaders(headers: Map<string, string>): string[] {
  const missing: string[] = [];
  const maxAge = /max-age=(\d+)/i.exec(headers.get("strict-transport-security") ?? "");
  if (!maxAge || Number(maxAge[1]) < ONE_YEAR_SECONDS)
    missing.push("Strict-Transport-Security (a year or more)");
  if (!/^\s*nosniff\s*$/i.test(headers.get("x-content-type-options") ?? ""))
    missing.push("X-Content-Type-Options: nosniff");
  const framing = headers.get("x-frame-options") ?? "";
  const csp = headers.get("content-security-policy") ?? "";
  if (!/^\s*(deny|sameorigin)\s*$/i.test(framing) && !/frame-ancestors/i.test(csp))
    missing.push("X-Frame-Options (or a Content-Security-Policy with frame-ancestors)");
  return missing;
}

export const afdSecurityHeaders = stackRule({
  id: "afd-security-headers",
  description:
    "Every Front Door route runs a rule set that adds HSTS (a year or more), X-Content-Type-Options nosniff and X-Frame-Options to every response.",
  severity: "medium",
  remediation:
    'Add a cdn.RuleSet with a cdn.Rule without conditions (order 0 runs for every request) whose actions are ModifyResponseHeader (headerAction "Overwrite") for Strict-Transport-Security "max-age=31536000; includeSubDomains", X-Content-Type-Options "nosniff" and X-Frame-Options "SAMEORIGIN", and list the rule set in the route\'s ruleSets.',
  pci: "4.0: 6.4.1",
  references: "MCSB DP-3",
  types: [AFD_ROUTE, AFD_RULE_SET, AFD_RULE],
  check(graph, report) {
    // Only a rule without match conditions sets a header on every response; a conditional one leaves
    // the other paths without it ("Azure Front Door rule set actions", Modify response header; a rule's
    // conditions are ANDed, and a rule of order 0 needs none).
    const bySet = new Map<PolicyResource, Map<string, string>>();
    for (const rule of graph.ofTypes([AFD_RULE])) {
      if (arr(rule.props.conditions).length > 0) continue;
      for (const set of refs(graph, rule, "ruleSetName", [AFD_RULE_SET])) {
        const headers = bySet.get(set) ?? new Map<string, string>();
        headersSet(rule).forEach((v, k) => headers.set(k, v));
        bySet.set(set, headers);
      }
    }
    for (const route of graph.ofTypes([AFD_ROUTE])) {
      const headers = new Map<string, string>();
      for (const set of refs(graph, route, "ruleSets", [AFD_RULE_SET]))
        bySet.get(set)?.forEach((v, k) => headers.set(k, v));
      const missing = missingHeaders(headers);
      if (missing.length > 0)
        report(`Responses through this route lack ${missing.join(", ")} on every path.`, route.urn);
    }
  },
});

/** Request paths a script renders or a directory index answers (PHP runs for them), not a static file. */
const SCRIPT_PATH = /(\/|\.(php\d?|phtml|aspx?|jsp|cgi|pl|py))$/i;

export const afdOriginGroupHealthProbe = stackRule({
  id: "afd-origin-group-health-probe",
  description:
    "Front Door origin groups probe their origins over HTTPS on the static health file, not on a page the application renders.",
  severity: "low",
  remediation:
    'Set healthProbeSettings: { probeProtocol: "Https", probePath: "/storefront-health.txt" (the static health file the web servers serve), probeRequestType: "HEAD", probeIntervalInSeconds }.',
  references: "APRL; Health probes (Azure Front Door)",
  types: [AFD_ORIGIN_GROUP, AFD_ORIGIN, APP_GATEWAY],
  check(graph, report) {
    for (const group of graph.ofTypes([AFD_ORIGIN_GROUP])) {
      const probe = obj(group.props.healthProbeSettings);
      const path = probe.probePath;
      // Probes go over the protocol requests use ("sent over the same TCP ports configured for routing
      // client requests": Health probes, Azure Front Door): plain HTTP to a gateway that declares it for
      // want of a domain is appgw-plain-http-no-domain's finding, not this one's.
      const https = is(probe.probeProtocol, "Https") || groupOfDeclaredNoDomainGateways(graph, group);
      if (!https || typeof path !== "string" || path === "/") {
        report("Origins are not probed over HTTPS on a health path.", group.urn);
        continue;
      }
      // "Since each Azure Front Door edge location is sending health probes to your origins, the health
      // probe volume for your origins can be quite high" (Health probes, Azure Front Door): a probe that
      // runs PHP (and the database behind it) from every edge location loads the shop it watches.
      if (path.includes("?") || SCRIPT_PATH.test(path))
        report(
          `The probe requests ${path.split("?")[0]}, which the application renders, not a static file.`,
          group.urn,
        );
    }
  },
});

export const afdOriginGroupSamples = resourceRule({
  id: "afd-origin-group-samples",
  description:
    "Front Door origin groups count an origin healthy only when most of its recent probes succeed, and never require more successes than they sample.",
  severity: "low",
  remediation:
    "Set loadBalancingSettings: { sampleSize: 4, successfulSamplesRequired: 3 } (more than half of the sample, at most all of it).",
  references: "APRL; Health probes (Azure Front Door): how Front Door determines origin health",
  types: [AFD_ORIGIN_GROUP],
  check(r, report) {
    // "This selection is done by looking at the last n health probe responses. If at least x are healthy,
    // the origin is considered healthy. n is ... SampleSize ... x is ... SuccessfulSamplesRequired"
    // (Health probes, Azure Front Door). Unset values are the service's defaults, not judged here.
    const lb = obj(r.props.loadBalancingSettings);
    const n = lb.sampleSize;
    const x = lb.successfulSamplesRequired;
    if (typeof n !== "number" || typeof x !== "number") return;
    if (x > n)
      report(
        `The group requires ${x} successful probes out of ${n}: its origins never count as healthy, and Front Door then spreads requests over all of them.`,
      );
    else if (x * 2 <= n)
      report(
        `An origin counts as healthy with ${x} of its last ${n} probes succeeding: a failing origin keeps its traffic.`,
      );
  },
});

/**
 * Request paths whose pages belong to one shopper or an administrator (WooCommerce, WordPress and Magento
 * paths), and pages whose responses may set a cookie: what a caching rule must never cover.
 */
const SESSION_PATHS = [
  "/cart/",
  "/checkout/",
  "/my-account/",
  "/account/",
  "/customer/account/",
  "/checkout/cart/",
  "/wp-admin/",
  "/admin/",
  "/wp-login.php",
];
const PAGE_PATHS = ["/", "/index.php", "/shop/", "/catalog/product/view/id/1"];

/** A value of a request for one sample path, per UrlPath-like condition; undefined when not modelled. */
function requestValue(condition: string, path: string): string | undefined {
  const file = path.split("/").pop() ?? "";
  // "Request path ... Don't include the leading slash" (Azure Front Door rules match conditions).
  if (is(condition, "UrlPath")) return path.replace(/^\//, "");
  if (is(condition, "UrlFileName")) return file;
  if (is(condition, "UrlFileExtension")) return file.includes(".") ? (file.split(".").pop() ?? "") : "";
  return undefined;
}

function transformed(value: string, transforms: unknown): string {
  let v = value;
  for (const t of arr<string>(transforms)) {
    if (is(t, "Lowercase")) v = v.toLowerCase();
    else if (is(t, "Uppercase")) v = v.toUpperCase();
    else if (is(t, "Trim")) v = v.trim();
  }
  return v;
}

/** Whether an operator matches one value against one match value ("standard operator list"). */
function operatorMatches(operator: unknown, value: string, match: string): boolean {
  if (is(operator, "Any")) return true;
  if (is(operator, "Equal")) return value === match;
  if (is(operator, "Contains")) return value.includes(match);
  if (is(operator, "BeginsWith")) return value.startsWith(match);
  if (is(operator, "EndsWith")) return value.endsWith(match);
  if (is(operator, "Wildcard"))
    return new RegExp(
      `^${match
        .split("*")
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    ).test(value);
  if (is(operator, "RegEx")) {
    try {
      return new RegExp(match).test(value);
    } catch {
      return true;
    }
  }
  // Other operators (LessThan, GreaterThan, ...) say nothing about paths: assume they may match.
  return true;
}

/** Whether one condition holds for a request of `path`; undefined for conditions on anything but the path. */
function holds(c: Record<string, unknown>, path: string): boolean | undefined {
  const value = requestValue(String(c.name ?? ""), path);
  if (value === undefined) return undefined;
  const p = obj(c.parameters);
  const v = transformed(value, p.transforms);
  const hit =
    is(p.operator, "Any") ||
    arr<string>(p.matchValues).some((m) => operatorMatches(p.operator, v, String(m)));
  return p.negateCondition === true ? !hit : hit;
}

/**
 * Whether a rule's conditions may all hold for a request of `path` (conditions are ANDed, a condition's
 * values ORed: "Azure Front Door rules match conditions"); conditions on headers, cookies or addresses may
 * hold for any path.
 */
function mayMatch(conditions: readonly Record<string, unknown>[], path: string): boolean {
  return conditions.every((c) => holds(c, path) !== false);
}

/** Whether a rule's conditions certainly all hold for a request of `path`. */
function mustMatch(conditions: readonly Record<string, unknown>[], path: string): boolean {
  return conditions.every((c) => holds(c, path) === true);
}

/** How a rule's actions change caching: "cache", "no-cache" (caching turned off), or undefined. */
function cachingOf(rule: PolicyResource): "cache" | "no-cache" | undefined {
  let effect: "cache" | "no-cache" | undefined;
  for (const a of arr(rule.props.actions)) {
    const p = obj(a.parameters);
    // "The caching configuration associated with this rule. To disable caching, do not provide a
    // cacheConfiguration object" (cdn.Rule, RouteConfigurationOverrideActionParameters).
    if (is(a.name, "RouteConfigurationOverride"))
      effect = Object.keys(obj(p.cacheConfiguration)).length > 0 ? "cache" : "no-cache";
    else if (is(a.name, "CacheExpiration"))
      effect = is(p.cacheBehavior, "BypassCache") ? "no-cache" : "cache";
  }
  return effect;
}

export const afdCacheExcludesSessionPaths = stackRule({
  id: "afd-cache-excludes-session-paths",
  description:
    "Front Door caches only static paths: no route or rule caches cart, checkout, account, customer or admin pages, nor pages whose responses may set a cookie.",
  severity: "high",
  remediation:
    "Leave cacheConfiguration off the route and cache in a rule whose conditions match the static paths (UrlPath Wildcard wp-content/*, static/*) and exclude every never-cache path with a negated UrlPath condition (wildcards without the leading slash).",
  pci: "4.0: 3.2.1, 6.4.1",
  references: "Caching with Azure Front Door (response headers: Set-Cookie)",
  config: z.object({
    sessionPaths: z
      .array(z.string())
      .default(SESSION_PATHS)
      .describe("Request paths of one shopper's or an administrator's pages, which nothing may cache."),
    pagePaths: z
      .array(z.string())
      .default(PAGE_PATHS)
      .describe("Request paths of rendered pages, whose responses may set a cookie."),
  }),
  types: [AFD_ROUTE, AFD_RULE_SET, AFD_RULE],
  check(graph, report, config) {
    // "If the origin response is cacheable, then the Set-Cookie header is removed before the response is
    // sent to the client" (Caching with Azure Front Door, Response headers): a cached page loses the
    // shopper's session cookie and is served to the next shopper. Front Door's rules see only the
    // request, so the only guarantee is to cache static paths alone.
    const cached = (conditions: Record<string, unknown>[]) =>
      config.sessionPaths.find((p) => mayMatch(conditions, p)) ??
      config.pagePaths.find((p) => mayMatch(conditions, p));
    const message = (what: string, path: string) =>
      config.sessionPaths.includes(path)
        ? `${what} caches ${path}, one shopper's or an administrator's page.`
        : `${what} caches ${path}, a page whose response may set a cookie (Front Door strips Set-Cookie from a cacheable response).`;
    for (const rule of graph.ofTypes([AFD_RULE])) {
      if (cachingOf(rule) !== "cache") continue;
      const path = cached(arr(rule.props.conditions));
      if (path) report(message("The rule", path), rule.urn);
    }
    // A route with cacheConfiguration caches everything it matches, except where a rule of its rule sets
    // turns caching off ("Rules Engine caching configuration always overrides the route configuration").
    for (const route of graph.ofTypes([AFD_ROUTE])) {
      if (Object.keys(obj(route.props.cacheConfiguration)).length === 0) continue;
      const sets = refs(graph, route, "ruleSets", [AFD_RULE_SET]);
      const offRules = graph
        .ofTypes([AFD_RULE])
        .filter((r) => cachingOf(r) === "no-cache")
        .filter((r) => refs(graph, r, "ruleSetName", [AFD_RULE_SET]).some((s) => sets.includes(s)));
      const patterns = arr<string>(route.props.patternsToMatch ?? ["/*"]);
      const routed = (path: string) =>
        patterns.some((p) => operatorMatches("Wildcard", path, p)) &&
        !offRules.some((r) => mustMatch(arr(r.props.conditions), path));
      const path = [...config.sessionPaths, ...config.pagePaths].find(routed);
      if (path) report(message("The route", path), route.urn);
    }
  },
});
