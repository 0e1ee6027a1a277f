import * as acm from "@pulumi/aws/acm";
import * as route53 from "@pulumi/aws/route53";
import * as pulumi from "@pulumi/pulumi";
import { repeated, throwIfProblems } from "../shared/check-args";

/**
 * The validation records a stack has written, by host name. ACM asks for the same CNAME record for a
 * domain name in every certificate of an account, whatever the region (AWS Certificate Manager User Guide,
 * "DNS validation"), so the load balancer's certificate and CloudFront's us-east-1 certificate need one
 * record for the shop's name. One resource owns it: a second owner would delete it when its certificate
 * goes, and the other certificate could no longer renew.
 */
export class ValidationRecords {
  private readonly byHostname = new Map<string, pulumi.Output<string>>();

  /** The FQDN of the record already written for `hostname`, if any. */
  fqdnOf(hostname: string): pulumi.Output<string> | undefined {
    return this.byHostname.get(hostname);
  }

  add(hostname: string, fqdn: pulumi.Output<string>): void {
    this.byHostname.set(hostname, fqdn);
  }
}

export interface DnsValidatedCertificateArgs {
  /** Names the certificate covers; the first is its subject, the rest alternative names. */
  readonly hostnames: readonly string[];
  /** Route 53 zone that holds the names; the validation records are written there. */
  readonly hostedZoneId: string;
  /** Records other certificates of the stack already own; this one reuses them and adds its own. */
  readonly sharedRecords?: ValidationRecords;
}

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: a certificate needs
 * a name, each once, and a zone to validate it in.
 */
export function checkDnsValidatedCertificateArgs(args: DnsValidatedCertificateArgs): void {
  throwIfProblems("DnsValidatedCertificate", [
    args.hostnames.length === 0 && "hostnames []: one host name or more",
    repeated(args.hostnames).length > 0 &&
      `hostnames ${JSON.stringify(repeated(args.hostnames))}: each name once`,
    args.hostedZoneId.trim() === "" && "hostedZoneId: the Route 53 zone that validates the names",
  ]);
}

/**
 * An ACM certificate validated through DNS records in Route 53, one per name. Its ARN is only handed out
 * once validation has succeeded, so listeners and distributions never reference a pending certificate.
 * Its region follows the provider it is given: the ALB's region, or us-east-1 for CloudFront.
 */
export class DnsValidatedCertificate extends pulumi.ComponentResource {
  readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: DnsValidatedCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    checkDnsValidatedCertificateArgs(args);
    super("storefront:dns:DnsValidatedCertificate", name, {}, opts);
    const [subject, ...alternatives] = args.hostnames;

    const certificate = new acm.Certificate(
      name,
      {
        domainName: subject,
        ...(alternatives.length > 0 ? { subjectAlternativeNames: alternatives } : {}),
        validationMethod: "DNS",
        tags: { Name: subject },
      },
      { parent: this },
    );
    const shared = args.sharedRecords ?? new ValidationRecords();
    const fqdns = args.hostnames.map((hostname, i) => {
      const existing = shared.fqdnOf(hostname);
      if (existing) return existing;
      // ACM lists validation options in no guaranteed order: pick each name's own.
      const option = certificate.domainValidationOptions.apply(
        (options) => options.find((o) => o.domainName === hostname) ?? options[i],
      );
      const record = new route53.Record(
        `${name}-validation-${i}`,
        {
          zoneId: args.hostedZoneId,
          name: option.resourceRecordName,
          type: option.resourceRecordType,
          records: [option.resourceRecordValue],
          ttl: 300,
          // A record left by an earlier certificate of the same name (outside this stack) is taken over.
          allowOverwrite: true,
        },
        { parent: this },
      );
      shared.add(hostname, record.fqdn);
      return record.fqdn;
    });
    const validation = new acm.CertificateValidation(
      `${name}-validation`,
      { certificateArn: certificate.arn, validationRecordFqdns: fqdns },
      { parent: this },
    );

    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ certificateArn: this.certificateArn });
  }
}
