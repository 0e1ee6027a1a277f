import { resourceRule, stackRule } from "../lib/define";
import { list } from "../lib/props";
import { ACM_CERTIFICATE, ACM_CERTIFICATE_VALIDATION, ROUTE53_RECORD } from "../lib/types";

/** ACM certificates, their validation, and Route 53 records. */

export const acmCertificateDnsValidation = resourceRule({
  id: "acm-certificate-dns-validation",
  description: "ACM certificates are validated through DNS, so that ACM renews them on its own.",
  severity: "medium",
  remediation:
    "Request the certificate with validationMethod DNS and keep the validation CNAME in the zone; never " +
    "import a certificate (ACM cannot renew it) or validate by email (renewal waits for someone to click).",
  pci: "4.0: 4.2.1",
  types: [ACM_CERTIFICATE],
  check(r, report) {
    // "ACM automatically renews certificates that use DNS validation as long as the CNAME record remains";
    // imported certificates are not renewed, and email-validated ones need an approval each time
    // (ACM User Guide, "Managed certificate renewal in AWS Certificate Manager").
    const p = r.props as Record<string, unknown>;
    if (p.privateKey !== undefined || p.certificateBody !== undefined)
      report("The certificate is imported: ACM cannot renew it.");
    else if (p.certificateAuthorityArn === undefined && p.validationMethod !== "DNS")
      report(`The certificate is validated by ${String(p.validationMethod ?? "nothing")}, not DNS.`);
  },
});

export const acmCertificateValidated = stackRule({
  id: "acm-certificate-validated",
  description:
    "Every DNS-validated certificate of the stack is waited for by a validation that names its DNS records.",
  severity: "medium",
  remediation:
    "Add an aws.acm.CertificateValidation for the certificate with validationRecordFqdns set to the " +
    "Route 53 records of its domain validation options, and use the validation's certificateArn.",
  types: [ACM_CERTIFICATE, ACM_CERTIFICATE_VALIDATION],
  check(graph, report) {
    // Without it a listener or distribution is created with a certificate that is not issued yet and the
    // update fails (UnsupportedCertificate / InvalidViewerCertificate); without the record names the wait
    // does not know which records to expect.
    const waited = new Set<string>();
    for (const v of graph.ofTypes([ACM_CERTIFICATE_VALIDATION])) {
      const certificates = graph.referenced(v, "certificateArn", [ACM_CERTIFICATE]);
      if (list(v.props.validationRecordFqdns).length === 0) {
        report("The validation names no DNS records (validationRecordFqdns).", v.urn);
        continue;
      }
      for (const c of certificates) waited.add(c.urn);
    }
    for (const c of graph.ofTypes([ACM_CERTIFICATE])) {
      if (c.props.validationMethod === "DNS" && !waited.has(c.urn))
        report("No certificate validation waits for this certificate.", c.urn);
    }
  },
});

/** Host names of AWS endpoints another account can claim once the resource behind them is gone. */
const CLAIMABLE = [
  /\.cloudfront\.net\.?$/,
  /\.elb\.amazonaws\.com\.?$/,
  /\.s3-website[.-][a-z0-9-]+\.amazonaws\.com\.?$/,
  /\.elasticbeanstalk\.com\.?$/,
  /\.execute-api\.[a-z0-9-]+\.amazonaws\.com\.?$/,
  /\.fastly\.net\.?$/,
];

export const route53AliasTargetInStack = stackRule({
  id: "route53-alias-target-in-stack",
  description:
    "Records that point at a CloudFront, load balancer, S3 website or CDN host name take it from a " +
    "resource of the stack, so the name never outlives what it points at.",
  severity: "high",
  remediation:
    "Set the alias name or CNAME value from the output of the resource it points at (distribution, " +
    "load balancer, bucket website) rather than a literal host name.",
  types: [ROUTE53_RECORD],
  check(graph, report) {
    // A record naming an endpoint by a literal survives the endpoint's deletion: whoever creates the same
    // distribution alias, bucket or CDN service next serves the shop's domain (subdomain takeover).
    for (const r of graph.ofTypes([ROUTE53_RECORD])) {
      const targets = [
        ...list(r.props.aliases).map((a) => ({ value: a.name, property: "aliases" })),
        ...(r.props.type === "CNAME"
          ? list<unknown>(r.props.records).map((value) => ({ value, property: "records" }))
          : []),
      ];
      for (const { value, property } of targets) {
        if (typeof value !== "string" || !CLAIMABLE.some((p) => p.test(value.toLowerCase()))) continue;
        if ((r.propertyDependencies?.[property] ?? []).length > 0) continue;
        report(`The record points at ${value} by a literal name, not at a resource of the stack.`, r.urn);
        break;
      }
    }
  },
});
