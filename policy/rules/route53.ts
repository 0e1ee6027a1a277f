import { resourceRule } from "../lib/define";
import { ROUTE53_HEALTH_CHECK } from "../lib/types";

/** Route 53 health checks: the shop's deep check from outside (components/operations/site-check.ts). */

/** Health check types that request an endpoint (the others watch alarms, other checks or controls). */
const ENDPOINT_TYPES = new Set(["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"]);

export const route53HealthCheckHttps = resourceRule({
  id: "route53-health-check-https",
  description:
    "Route 53 health checks request the site over HTTPS with SNI, as shoppers do: nothing in clear, and the certificate the site really serves.",
  severity: "low",
  remediation:
    "Set type to HTTPS (or HTTPS_STR_MATCH), port 443 and enableSni: true (Route 53 API reference, HealthCheckConfig).",
  pci: "4.0: 4.2.1",
  types: [ROUTE53_HEALTH_CHECK],
  check(r, report) {
    const type = String(r.props.type ?? "");
    if (!ENDPOINT_TYPES.has(type)) return;
    if (!type.startsWith("HTTPS")) report(`The health check requests its endpoint over ${type}, not HTTPS.`);
    else if (r.props.enableSni !== true)
      report("The health check sends no SNI: the endpoint may answer with another certificate.");
  },
});
