import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface DnsValidatedCertificateArgs {
  readonly domainName: string;
  /** Route 53 zone that holds the domain; the validation record is written there. */
  readonly hostedZoneId: string;
}

/**
 * An ACM certificate for one host name, validated through a DNS record in Route 53. Its ARN is only
 * handed out once validation has succeeded, so listeners never reference a pending certificate. Which
 * region it lives in follows the provider it is given (the ALB's region, or us-east-1 for a CDN).
 */
export class DnsValidatedCertificate extends pulumi.ComponentResource {
  readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: DnsValidatedCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:dns:DnsValidatedCertificate", name, {}, opts);

    const certificate = new aws.acm.Certificate(
      name,
      { domainName: args.domainName, validationMethod: "DNS", tags: { Name: args.domainName } },
      { parent: this },
    );
    const option = certificate.domainValidationOptions.apply((options) => options[0]);
    const record = new aws.route53.Record(
      `${name}-validation`,
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
    const validation = new aws.acm.CertificateValidation(
      `${name}-validation`,
      { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
      { parent: this },
    );

    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ certificateArn: this.certificateArn });
  }
}
