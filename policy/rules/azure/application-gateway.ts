import { z } from "zod";
import type { PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../../lib/define";
import { arr, azureTags, is, isOneOf, isProduction, lastSegment, obj, refs } from "../../lib/azure";
import type { StackGraph } from "../../lib/rule";
import { AFD_ORIGIN, AFD_WAF_POLICY, APP_GATEWAY, APPGW_WAF_POLICY, PUBLIC_IP } from "../../lib/azure-types";
import { PLAIN_HTTP_TAG } from "../alb";

/** Application Gateway v2: WAF, TLS, HTTPS-only listeners, zones. */

/** Managed rule sets that count as a current default rule set, with the lowest version that does. */
const DEFAULT_RULE_SETS: ReadonlyArray<readonly [type: string, minimum: number]> = [
  ["Microsoft_DefaultRuleSet", 2.1],
  ["OWASP", 3.2],
];

/** Whether a list of managed rule sets holds a default rule set recent enough. */
export function hasDefaultRuleSet(sets: readonly Record<string, unknown>[]): boolean {
  return sets.some((s) =>
    DEFAULT_RULE_SETS.some(([type, min]) => is(s.ruleSetType, type) && Number(s.ruleSetVersion) >= min),
  );
}

/** Whether some Front Door origin sends traffic to the gateway (by its id or one of its public IPs). */
function frontedByFrontDoor(graph: StackGraph, gw: PolicyResource): boolean {
  const ips = new Set(refs(graph, gw, "frontendIPConfigurations", [PUBLIC_IP]));
  return graph
    .ofTypes([AFD_ORIGIN])
    .some((o) =>
      ["hostName", "azureOrigin", "sharedPrivateLinkResource"].some((p) =>
        refs(graph, o, p, [APP_GATEWAY, PUBLIC_IP]).some((t) => t === gw || ips.has(t)),
      ),
    );
}

export const appgwWafPrevention = stackRule({
  id: "appgw-waf-prevention",
  description:
    "Application gateways run a WAF in Prevention mode with a current default rule set, unless Front Door's WAF fronts them.",
  severity: "high",
  remediation:
    'Use sku WAF_v2 with a WebApplicationFirewallPolicy (policySettings.mode "Prevention", Microsoft_DefaultRuleSet 2.1), or put the gateway behind Front Door with its WAF policy.',
  pci: "4.0: 6.4.1, 6.4.2",
  references: "MCSB NS-6",
  types: [APP_GATEWAY, APPGW_WAF_POLICY],
  check(graph, report) {
    for (const policy of graph.ofTypes([APPGW_WAF_POLICY])) {
      const settings = obj(policy.props.policySettings);
      if (is(settings.state, "Disabled") || !is(settings.mode, "Prevention"))
        report("The WAF policy does not block (it is disabled or in Detection mode).", policy.urn);
      else if (!hasDefaultRuleSet(arr(obj(policy.props.managedRules).managedRuleSets)))
        report("The WAF policy runs no current default rule set (DRS 2.1+ or OWASP CRS 3.2+).", policy.urn);
    }
    const edgeWaf = graph
      .ofTypes([AFD_WAF_POLICY])
      .some((p) => is(obj(p.props.policySettings).mode, "Prevention"));
    for (const gw of graph.ofTypes([APP_GATEWAY])) {
      const ownPolicy = refs(graph, gw, "firewallPolicy", [APPGW_WAF_POLICY]).length > 0;
      const legacy = obj(gw.props.webApplicationFirewallConfiguration);
      if (ownPolicy && is(obj(gw.props.sku).tier, "WAF_v2")) continue;
      if (legacy.enabled === true && is(legacy.firewallMode, "Prevention")) continue;
      if (edgeWaf && frontedByFrontDoor(graph, gw)) continue;
      report("No WAF in Prevention mode inspects the gateway's traffic.", gw.urn);
    }
  },
});

/** Predefined policies whose minimum protocol is TLS 1.2 ("Application Gateway TLS policy overview"). */
const TLS12_POLICIES = ["AppGwSslPolicy20220101S", "AppGwSslPolicy20220101", "AppGwSslPolicy20170401S"];

export const appgwTlsPolicy = resourceRule({
  id: "appgw-tls-policy",
  description: "Application gateways negotiate TLS 1.2 or later, with a policy set explicitly.",
  severity: "high",
  remediation:
    'Set sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20220101S" } (or a CustomV2 policy with minProtocolVersion TLSv1_2).',
  pci: "4.0: 4.2.1",
  references: "MCSB DP-3",
  types: [APP_GATEWAY],
  check(r, report) {
    const p = obj(r.props.sslPolicy);
    if (Object.keys(p).length === 0) {
      report("No TLS policy is set; the default depends on the API version.");
      return;
    }
    const ok = is(p.policyType, "Predefined")
      ? isOneOf(p.policyName, TLS12_POLICIES)
      : isOneOf(p.minProtocolVersion, ["TLSv1_2", "TLSv1_3"]);
    if (!ok) report("The TLS policy admits versions older than TLS 1.2.");
  },
});

/**
 * Whether a gateway declares that it serves plain HTTP because its stack has no domain (the kit's dev stacks
 * without one tag it, as the AWS listener: policy/rules/alb.ts PLAIN_HTTP_TAG). Its plain listeners are
 * reported by appgw-plain-http-no-domain (advisory by default) instead of appgw-https-only.
 */
export function declaresNoDomain(r: Parameters<typeof azureTags>[0]): boolean {
  return azureTags(r)[PLAIN_HTTP_TAG.key] === PLAIN_HTTP_TAG.value;
}

/** Names of the gateway's HTTP listeners that serve traffic instead of only redirecting to HTTPS. */
function plainListeners(r: Parameters<typeof azureTags>[0]): string[] {
  const plain: string[] = [];
  const listeners = arr(r.props.httpListeners);
  const redirects = new Map(arr(r.props.redirectConfigurations).map((c) => [String(c.name), c]));
  const httpsListeners = new Set(listeners.filter((l) => is(l.protocol, "Https")).map((l) => String(l.name)));
  const redirectsToHttps = (c: Record<string, unknown> | undefined) =>
    c !== undefined &&
    (httpsListeners.has(lastSegment(obj(c.targetListener).id)) ||
      String(c.targetUrl ?? "").startsWith("https://"));
  for (const l of listeners.filter((x) => is(x.protocol, "Http"))) {
    const rules = arr(r.props.requestRoutingRules).filter(
      (rule) => lastSegment(obj(rule.httpListener).id) === String(l.name),
    );
    const onlyRedirects =
      rules.length > 0 &&
      rules.every((rule) => redirectsToHttps(redirects.get(lastSegment(obj(rule.redirectConfiguration).id))));
    if (!onlyRedirects) plain.push(String(l.name));
  }
  return plain;
}

export const appgwHttpsOnly = resourceRule({
  id: "appgw-https-only",
  description: "Application gateway listeners speak HTTPS, or HTTP only to redirect to HTTPS.",
  severity: "high",
  remediation:
    "Route each HTTP listener's rule to a redirectConfiguration (Permanent) whose targetListener is the HTTPS listener.",
  pci: "4.0: 4.2.1",
  types: [APP_GATEWAY],
  check(r, report) {
    if (declaresNoDomain(r)) return; // appgw-plain-http-no-domain reports it
    for (const name of plainListeners(r))
      report(`Listener ${name} serves plain HTTP instead of redirecting to HTTPS.`);
  },
});

export const appgwPlainHttpNoDomain = resourceRule({
  id: "appgw-plain-http-no-domain",
  description:
    "An application gateway that serves plain HTTP because its stack has no domain is a development setup, not a shop.",
  severity: "medium",
  remediation:
    "Give the stack a domain (domain.name, domain.certificateSecretId and domain.certificateVault): the gateway then serves HTTPS and redirects HTTP.",
  pci: "4.0: 4.2.1",
  types: [APP_GATEWAY],
  check(r, report) {
    if (!declaresNoDomain(r)) return;
    for (const name of plainListeners(r))
      report(`Listener ${name} serves plain HTTP: the stack has no domain (declared by its plain-http tag).`);
  },
});

export const appgwZoneRedundant = resourceRule({
  id: "appgw-zone-redundant",
  description: "Application gateways span at least two zones, with at least two instances in production.",
  severity: "medium",
  remediation:
    'Set zones: ["1", "2", "3"] (create-time only) and autoscaleConfiguration.minCapacity >= 2 in production.',
  references: "APRL",
  config: z.object({
    productionEnvironments: z
      .array(z.string())
      .default(["prod"])
      .describe("Values of the environment tag that mark production resources."),
  }),
  types: [APP_GATEWAY],
  check(r, report, config) {
    if (arr(r.props.zones).length < 2) {
      report("The gateway lives in fewer than two zones.");
      return;
    }
    if (!isProduction(r, config.productionEnvironments)) return;
    const min = Number(obj(r.props.autoscaleConfiguration).minCapacity ?? obj(r.props.sku).capacity ?? 0);
    if (min < 2) report("The production gateway may run a single instance.");
  },
});
