import * as acm from "@pulumi/aws/acm";
import * as route53 from "@pulumi/aws/route53";
import * as pulumi from "@pulumi/pulumi";

export interface DnsValidatedCertificateArgs {
  /** Names the certificate covers; the first is its subject, the rest alternative names. */
  readonly hostnames: readonly string[];
  /** Route 53 zone that holds the names; the validation records are written there. */
  readonly hostedZoneId: string;
}

/**
 * An ACM certificate validated through DNS records in Route 53, one per name. Its ARN is only handed out
 * once validation has succeeded, so listeners and distributions never reference a pending certificate.
 * Its region follows the provider it is given: the ALB's region, or us-east-1 for CloudFront.
 */
export class DnsValidatedCertificate extends pulumi.ComponentResource {
  readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: DnsValidatedCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
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
    const records = args.hostnames.map((hostname, i) => {
      // ACM lists validation options in no guaranteed order: pick each name's own.
      const option = certificate.domainValidationOptions.apply(
        (options) => options.find((o) => o.domainName === hostname) ?? options[i],
      );
      return new route53.Record(
        `${name}-validation-${i}`,
        {
          zoneId: args.hostedZoneId,
          name: option.resourceRecordName,
          type: option.resourceRecordType,
          records: [option.resourceRecordValue],
          ttl: 300,
          allowOverwrite: true,
        },
        { parent: this },
      );
    });
    const validation = new acm.CertificateValidation(
      `${name}-validation`,
      { certificateArn: certificate.arn, validationRecordFqdns: records.map((r) => r.fqdn) },
      { parent: this },
    );

    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ certificateArn: this.certificateArn });
  }
}
