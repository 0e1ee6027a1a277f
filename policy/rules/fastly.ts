import { resourceRule, stackRule } from "../lib/define";
import { list } from "../lib/props";
import { FASTLY_SERVICE, FASTLY_TLS_SUBSCRIPTION, FASTLY_TLS_VALIDATION } from "../lib/types";

/** The Fastly edge: the VCL service and its TLS certificate. */

export const fastlyServiceTls = resourceRule({
  id: "fastly-service-tls",
  description:
    "Fastly services force shoppers onto HTTPS and reach every origin over TLS 1.2 or later with its " +
    "certificate checked.",
  severity: "high",
  remediation:
    "Add a request setting with forceSsl: true (no condition), and give each backend useSsl: true, " +
    "sslCheckCert: true, sslCertHostname/sslSniHostname and minTlsVersion 1.2.",
  pci: "3.2.1: 4.1; 4.0: 4.2.1",
  types: [FASTLY_SERVICE],
  check(r, report) {
    // Fastly: forceSsl "redirects requests using HTTP to HTTPS" for the requests its setting applies to
    // (no requestCondition: all of them); ssl_check_cert false accepts any origin certificate
    // (Fastly provider, fastly_service_vcl request_setting and backend arguments).
    const forced = list(r.props.requestSettings).some((s) => s.forceSsl === true && !s.requestCondition);
    if (!forced) report("No unconditional request setting forces HTTPS (forceSsl).");
    const weak = list(r.props.backends).filter(
      (b) =>
        b.useSsl !== true ||
        b.sslCheckCert === false ||
        !(b.sslCertHostname || b.sslSniHostname) ||
        !["1.2", "1.3"].includes(String(b.minTlsVersion ?? "")),
    );
    if (weak.length > 0)
      report(
        `Backends not reached over checked TLS 1.2+: ${weak.map((b) => String(b.name ?? b.address)).join(", ")}.`,
      );
  },
});

export const fastlyTlsSubscriptionValidated = stackRule({
  id: "fastly-tls-subscription-validated",
  description:
    "Fastly TLS subscriptions cover only domains a service of the stack serves, and the stack waits for " +
    "their validation.",
  severity: "medium",
  remediation:
    "Subscribe exactly the service's domains and add a fastly.TlsSubscriptionValidation for the " +
    "subscription (after its DNS challenge records).",
  types: [FASTLY_TLS_SUBSCRIPTION, FASTLY_TLS_VALIDATION],
  check(graph, report) {
    // An unvalidated subscription leaves the shop on Fastly without a certificate; a domain no service
    // serves points at Fastly unclaimed (any Fastly customer may add it to a service).
    const served = new Set(
      graph.ofTypes([FASTLY_SERVICE]).flatMap((s) => list(s.props.domains).map((d) => String(d.name))),
    );
    const validated = new Set(
      graph
        .ofTypes([FASTLY_TLS_VALIDATION])
        .flatMap((v) => graph.referenced(v, "subscriptionId", [FASTLY_TLS_SUBSCRIPTION]).map((s) => s.urn)),
    );
    for (const s of graph.ofTypes([FASTLY_TLS_SUBSCRIPTION])) {
      const unserved = list<string>(s.props.domains).filter((d) => !served.has(d));
      if (unserved.length > 0)
        report(`Subscribed domains no service of the stack serves: ${unserved.join(", ")}.`, s.urn);
      else if (!validated.has(s.urn)) report("No validation waits for the subscription.", s.urn);
    }
  },
});
