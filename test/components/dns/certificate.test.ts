import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import {
  checkDnsValidatedCertificateArgs,
  DnsValidatedCertificate,
  ValidationRecords,
} from "../../../components/dns/certificate";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

describe("components/dns/certificate", () => {
  let mocks: MockSession;
  before(async () => {
    mocks = await useMockCloud("certificate");
    const regional = new Provider("cert-aws", { region: "eu-west-1" });
    const global = new Provider("cert-us-east-1", { region: "us-east-1" });
    const shared = new ValidationRecords();
    const hostnames = ["shop.acme.example", "acme.example"];
    const alb = new DnsValidatedCertificate(
      "acme-alb-cert",
      {
        hostnames: [...hostnames, "origin.shop.acme.example"],
        hostedZoneId: "Z0ACME",
        sharedRecords: shared,
      },
      { provider: regional },
    );
    const cdn = new DnsValidatedCertificate(
      "acme-cdn-cert",
      { hostnames, hostedZoneId: "Z0ACME", sharedRecords: shared },
      { provider: global },
    );
    await Promise.all([valueOf(alb.certificateArn), valueOf(cdn.certificateArn)]);
    await mocks.settle();
  });

  it("validates by DNS, the first name as subject and the rest as alternative names", () => {
    const byName = (name: string) =>
      mocks.ofType("aws:acm/certificate:Certificate").find((c) => c.name === name)!;
    const [alb, cdn] = [byName("acme-alb-cert"), byName("acme-cdn-cert")];
    expect(alb.inputs).to.deep.include({
      domainName: "shop.acme.example",
      subjectAlternativeNames: ["acme.example", "origin.shop.acme.example"],
      validationMethod: "DNS",
    });
    expect(cdn.inputs.domainName).to.equal("shop.acme.example");
  });

  it("writes one validation record per name across the stack's certificates: ACM asks for the same one", () => {
    const records = mocks.ofType("aws:route53/record:Record");
    expect(records.map((r) => r.name).sort()).to.deep.equal([
      "acme-alb-cert-validation-0",
      "acme-alb-cert-validation-1",
      "acme-alb-cert-validation-2",
    ]);
    expect(records.every((r) => r.inputs.zoneId === "Z0ACME")).to.equal(true);
  });

  it("hands out the ARN only through the validation, so nothing references a pending certificate", () => {
    const validations = mocks.ofType("aws:acm/certificateValidation:CertificateValidation");
    const fqdns = (name: string) =>
      validations.find((v) => v.name === `${name}-validation`)?.inputs.validationRecordFqdns;
    expect(validations).to.have.length(2);
    expect(fqdns("acme-alb-cert")).to.have.length(3);
    // The CDN's certificate reuses the two records the load balancer's certificate wrote.
    expect(fqdns("acme-cdn-cert")).to.deep.equal((fqdns("acme-alb-cert") as string[]).slice(0, 2));
  });
});

describe("components/dns/certificate: checkDnsValidatedCertificateArgs", () => {
  it("refuses no names, a name twice and no zone, at once", () => {
    expect(() =>
      checkDnsValidatedCertificateArgs({ hostnames: ["shop.acme.example"], hostedZoneId: "Z1" }),
    ).not.to.throw();
    expect(() =>
      checkDnsValidatedCertificateArgs({ hostnames: ["a.example", "a.example"], hostedZoneId: " " }),
    ).to.throw(
      'DnsValidatedCertificate: hostnames ["a.example"]: each name once; hostedZoneId: the Route 53 zone that validates the names',
    );
    expect(() => checkDnsValidatedCertificateArgs({ hostnames: [], hostedZoneId: "Z1" })).to.throw(
      "DnsValidatedCertificate: hostnames []: one host name or more",
    );
  });
});
