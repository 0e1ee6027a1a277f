import { z } from "zod";
import { resourceRule, stackRule } from "../lib/define";
import { ingressOf, isWorldOpen } from "../lib/ingress";
import { dependenciesOf, list } from "../lib/props";
import {
  CLASSIC_LB,
  DISTRIBUTION,
  LISTENER_RULE_TYPES,
  LISTENER_TYPES,
  LOAD_BALANCER_TYPES,
  SG_INGRESS_TYPES,
  TARGET_GROUP_TYPES,
  WEB_ACL_ASSOCIATION,
} from "../lib/types";

/** Application (and classic) load balancers and their listeners. */

/** ALB policies offering TLS 1.2 and 1.3 with forward secrecy (TLS 1.3-only policies break payment callbacks). */
export const SECURE_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
];

function isApplication(props: Record<string, unknown>): boolean {
  return (props.loadBalancerType ?? "application") === "application";
}

/** Plain-HTTP listeners: protocol HTTP (HTTPS, TLS and NLB protocols TCP/UDP/TCP_UDP are not plain HTTP). */
function isPlainHttp(props: Record<string, unknown>): boolean {
  return String(props.protocol ?? "HTTP").toUpperCase() === "HTTP";
}

function redirectsToHttps(props: Record<string, unknown>): boolean {
  const actions = list(props.defaultActions);
  const redirect = actions[0]?.redirect as { protocol?: string } | undefined;
  return actions.length === 1 && actions[0].type === "redirect" && redirect?.protocol === "HTTPS";
}

/**
 * The tag by which a listener declares that it serves plain HTTP because its stack has no domain (the
 * kit's dev stacks without a domain set it). Such a listener is reported by alb-plain-http-no-domain
 * (advisory by default) instead of alb-listener-https-only; a policy configuration that makes
 * alb-plain-http-no-domain mandatory refuses such stacks.
 */
export const PLAIN_HTTP_TAG = { key: "plain-http", value: "no-domain" } as const;

function declaresNoDomain(r: { props: Record<string, unknown> }): boolean {
  return (r.props.tags as Record<string, unknown> | undefined)?.[PLAIN_HTTP_TAG.key] === PLAIN_HTTP_TAG.value;
}

export const albListenerHttpsOnly = resourceRule({
  id: "alb-listener-https-only",
  description: "Listeners speak HTTPS/TLS, or HTTP only to redirect to HTTPS.",
  severity: "high",
  remediation: "Serve HTTPS with a certificate; make the HTTP listener a single redirect to HTTPS.",
  pci: "3.2.1: 2.3, 4.1, 8.2.1; 4.0: 4.2.1",
  types: [...LISTENER_TYPES, CLASSIC_LB],
  check(r, report) {
    const p = r.props as Record<string, unknown>;
    if (r.type === CLASSIC_LB) {
      for (const l of list(p.listeners)) {
        // Classic listeners on TCP pass bytes through; only HTTP is plain web traffic.
        if (String(l.lbProtocol).toLowerCase() === "http") report("A classic listener serves plain HTTP.");
      }
      return;
    }
    if (!isPlainHttp(p) || redirectsToHttps(p)) return;
    if (declaresNoDomain(r)) return; // alb-plain-http-no-domain reports it
    report("A plain-HTTP listener serves traffic instead of redirecting to HTTPS.");
  },
});

export const albPlainHttpNoDomain = resourceRule({
  id: "alb-plain-http-no-domain",
  description:
    "A listener that serves plain HTTP because its stack has no domain is a development setup, not a shop.",
  severity: "medium",
  remediation:
    "Give the stack a domain (domain.name and domain.hostedZoneId): it then serves HTTPS and redirects HTTP.",
  pci: "3.2.1: 2.3, 4.1; 4.0: 4.2.1",
  types: LISTENER_TYPES,
  check(r, report) {
    if (isPlainHttp(r.props) && !redirectsToHttps(r.props) && declaresNoDomain(r))
      report("The listener serves plain HTTP: the stack has no domain (declared by its plain-http tag).");
  },
});

export const albListenerTlsPolicy = resourceRule({
  id: "alb-listener-tls-policy",
  description: "HTTPS and TLS listeners use a TLS 1.2+ policy with forward secrecy.",
  severity: "high",
  remediation: `Set sslPolicy to one of ${SECURE_TLS_POLICIES.slice(0, 2).join(", ")}, ...`,
  pci: "3.2.1: 4.1; 4.0: 4.2.1",
  config: z.object({
    allowedPolicies: z
      .array(z.string())
      .default(SECURE_TLS_POLICIES)
      .describe("ELB security policies HTTPS and TLS listeners may use."),
  }),
  types: LISTENER_TYPES,
  check(r, report, config) {
    const p = r.props as Record<string, unknown>;
    if (!["HTTPS", "TLS"].includes(String(p.protocol ?? "").toUpperCase())) return;
    if (!config.allowedPolicies.includes(String(p.sslPolicy))) {
      report(
        p.sslPolicy === undefined
          ? "No sslPolicy: AWS picks one that allows TLS 1.0."
          : `TLS policy ${p.sslPolicy} is not allowed.`,
      );
    }
  },
});

export const albDropInvalidHeaders = resourceRule({
  id: "alb-drop-invalid-headers",
  description: "Application load balancers drop HTTP headers with invalid names.",
  severity: "medium",
  remediation: "Set dropInvalidHeaderFields to true.",
  pci: "3.2.1: 4.1, 8.2.1",
  types: LOAD_BALANCER_TYPES,
  check(r, report) {
    if (isApplication(r.props) && r.props.dropInvalidHeaderFields !== true) {
      report("Invalid header fields are passed to the targets (request smuggling risk).");
    }
  },
});

export const albAccessLogs = resourceRule({
  id: "alb-access-logs",
  description: "Load balancers write access logs to S3.",
  severity: "medium",
  remediation: "Set accessLogs with enabled: true and a bucket.",
  pci: "3.2.1: 10.1, 10.3.1-10.3.6, 10.5.4; 4.0: 10.2.1",
  types: [...LOAD_BALANCER_TYPES, CLASSIC_LB],
  check(r, report) {
    const logs = r.props.accessLogs as { enabled?: boolean; bucket?: string } | undefined;
    const enabled = r.type === CLASSIC_LB ? logs?.enabled !== false : logs?.enabled === true;
    if (!logs?.bucket || !enabled) report("Access logging is off.");
  },
});

export const albDeletionProtection = resourceRule({
  id: "alb-deletion-protection",
  description: "Load balancers are protected against deletion.",
  severity: "medium",
  remediation: "Set enableDeletionProtection to true (the kit does in prod).",
  types: LOAD_BALANCER_TYPES,
  check(r, report) {
    if (r.props.enableDeletionProtection !== true) report("Deletion protection is off.");
  },
});

export const albWafAssociation = stackRule({
  id: "alb-waf-association",
  description:
    "Internet-facing application load balancers are protected by a WAF: an associated web ACL, or reachable " +
    "only from a CDN whose distribution has one.",
  severity: "high",
  remediation:
    "Associate a WAFv2 web ACL, or front the load balancer with CloudFront + WAF and admit only it.",
  pci: "3.2.1: 6.6; 4.0: 6.4.1, 6.4.2",
  check(graph, report) {
    const protectedUrns = new Set(
      graph
        .ofTypes([WEB_ACL_ASSOCIATION])
        .flatMap((a) => dependenciesOf(a, "resourceArn").map((lb) => lb.urn)),
    );
    const cdnWithWaf = graph
      .ofTypes([DISTRIBUTION])
      .some((d) => typeof d.props.webAclId === "string" && d.props.webAclId);
    const worldOpenGroups = new Set(
      graph
        .ofTypes(SG_INGRESS_TYPES)
        .flatMap((r) => ingressOf(r).filter(isWorldOpen))
        .flatMap((i) => i.groups.map((g) => g.urn)),
    );
    for (const lb of graph.ofTypes(LOAD_BALANCER_TYPES)) {
      if (lb.props.internal === true || !isApplication(lb.props) || protectedUrns.has(lb.urn)) continue;
      const reachableFromInternet = dependenciesOf(lb, "securityGroups").some((g) =>
        worldOpenGroups.has(g.urn),
      );
      if (reachableFromInternet || !cdnWithWaf) {
        report(
          "The internet-facing load balancer has no web ACL and is not shielded by a CDN with one.",
          lb.urn,
        );
      }
    }
  },
});

export const albDesyncMitigation = resourceRule({
  id: "alb-desync-mitigation",
  description: "Load balancers mitigate HTTP desync: defensive or strictest mode, never monitor.",
  severity: "medium",
  remediation: "Leave desyncMitigationMode at defensive (the default) or set strictest.",
  pci: "4.0: 6.4.1",
  types: [...LOAD_BALANCER_TYPES, CLASSIC_LB],
  check(r, report) {
    if (r.type !== CLASSIC_LB && !isApplication(r.props)) return;
    if (r.props.desyncMitigationMode === "monitor")
      report("Desync mitigation only monitors: smuggled requests reach the targets.");
  },
});

export const albMultiAz = resourceRule({
  id: "alb-multi-az",
  description: "Load balancers span at least two zones.",
  severity: "low",
  remediation: "Give the load balancer one subnet per zone.",
  types: LOAD_BALANCER_TYPES,
  check(r, report) {
    const count = Math.max(list(r.props.subnets).length, list(r.props.subnetMappings).length);
    if (count < 2) report("The load balancer lives in a single zone.");
  },
});

export const lbTargetGroupHealthCheck = resourceRule({
  id: "lb-target-group-health-check",
  description: "Target groups check their targets' health, HTTP targets on a path of their own.",
  severity: "low",
  remediation: "Set healthCheck.enabled with a path (a static file the web server serves) and a matcher.",
  types: TARGET_GROUP_TYPES,
  check(r, report) {
    if (r.props.targetType === "lambda") return;
    const check = r.props.healthCheck as { enabled?: boolean; path?: string } | undefined;
    const http = ["HTTP", "HTTPS"].includes(String(r.props.protocol ?? "HTTP").toUpperCase());
    if (check?.enabled === false) report("Health checks are off: traffic goes to broken servers.");
    else if (http && !check?.path) report("The health check probes / (the default), not a health path.");
  },
});

export const albListenerAcmCertificate = resourceRule({
  id: "alb-listener-acm-certificate",
  description: "HTTPS and TLS listeners use certificates from ACM, which renews them.",
  severity: "low",
  remediation: "Request or import the certificate in ACM and set its ARN as certificateArn.",
  pci: "3.2.1: 4.1; 4.0: 4.2.1.1",
  types: LISTENER_TYPES,
  check(r, report) {
    if (!["HTTPS", "TLS"].includes(String(r.props.protocol ?? "").toUpperCase())) return;
    const arn = r.props.certificateArn;
    if (typeof arn === "string" && !arn.startsWith("arn:aws:acm:"))
      report("The listener's certificate is not managed by ACM.");
  },
});

export const albListenerRuleHttps = stackRule({
  id: "alb-listener-rule-https",
  description:
    "Listener rules keep the HTTPS-only promise: on a redirecting HTTP listener they only redirect to " +
    "HTTPS or answer, and no rule redirects to plain HTTP.",
  severity: "high",
  remediation:
    "Attach forwarding rules to the HTTPS listener; on the HTTP listener use only redirect (protocol " +
    "HTTPS) or fixed-response actions.",
  pci: "3.2.1: 4.1; 4.0: 4.2.1",
  types: [...LISTENER_RULE_TYPES],
  check(graph, report) {
    // A forward rule on the port-80 listener serves its paths over plain HTTP although the listener's
    // default action redirects (alb-listener-https-only judges only the default action). A listener that
    // serves plain HTTP anyway is that rule's finding, not this one's.
    for (const rule of graph.ofTypes(LISTENER_RULE_TYPES)) {
      const actions = list(rule.props.actions);
      const toHttp = actions.some(
        (a) => a.type === "redirect" && String((a.redirect as { protocol?: string })?.protocol) === "HTTP",
      );
      const onRedirectingHttp = graph
        .referenced(rule, "listenerArn", LISTENER_TYPES)
        .some((l) => isPlainHttp(l.props) && redirectsToHttps(l.props));
      const serves = actions.some((a) => !["redirect", "fixed-response"].includes(String(a.type)));
      if (toHttp) report("A rule redirects to plain HTTP.", rule.urn);
      else if (onRedirectingHttp && serves)
        report("A rule on the redirecting HTTP listener serves traffic over plain HTTP.", rule.urn);
    }
  },
});

export const lbTargetGroupHttps = resourceRule({
  id: "lb-target-group-https",
  description: "Load balancers reach their targets over HTTPS (end-to-end TLS inside the VPC).",
  optIn: true,
  severity: "low",
  remediation: "Set protocol HTTPS on the target group and serve TLS on the targets.",
  pci: "4.0: 4.2.1",
  types: TARGET_GROUP_TYPES,
  check(r, report) {
    // Opt-in: the kit ends TLS at the load balancer and reaches the servers in private subnets, from the
    // load balancer's group only; PCI DSS 4.2.1 asks for strong cryptography over open, public networks.
    const protocol = String(r.props.protocol ?? "HTTP").toUpperCase();
    if (r.props.targetType === "lambda" || protocol === "HTTPS" || protocol === "TLS") return;
    if (protocol === "HTTP") report("Targets are reached over plain HTTP.");
  },
});
