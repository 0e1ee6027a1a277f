import { expect } from "chai";
import { PROD, problems } from "../config-fixtures";

describe("stacks/schema/edge", () => {
  it("rejects a rate limit below what AWS WAF accepts", () => {
    expect(problems({ ...PROD, edge: { waf: { rateLimit: 5 } } })).to.deep.equal([
      "edge.waf.rateLimit: got 5; expected a whole number from 10 to 2000000000",
    ]);
  });

  it("rejects a CloudFront certificate outside us-east-1", () => {
    const arn = "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012";
    expect(problems({ ...PROD, edge: { certificateArn: arn } })).to.deep.equal([
      `edge.certificateArn: got "${arn}"; expected the ARN of an issued ACM certificate in us-east-1 (CloudFront only uses those)`,
    ]);
  });

  it("rejects unknown countries and price classes", () => {
    expect(
      problems({
        ...PROD,
        edge: { priceClass: "PriceClass_50", geoRestriction: { mode: "allow", countries: ["Germany"] } },
      }),
    ).to.deep.equal([
      'edge.priceClass: got "PriceClass_50"; expected one of: PriceClass_100, PriceClass_200, PriceClass_All',
      'edge.geoRestriction.countries[0]: got "Germany"; expected an ISO 3166-1 alpha-2 country code such as DE, ' +
        "FR, GB or US (CloudFront's geo restriction takes only assigned codes: not UK, EU or XX)",
    ]);
  });

  it("accepts only assigned ISO 3166-1 country codes for geo restriction", () => {
    const geo = (countries: string[]) =>
      problems({ ...PROD, edge: { geoRestriction: { mode: "deny", countries } } });
    expect(geo(["XX"])).to.have.length(1);
    expect(geo(["UK"])).to.have.length(1);
    expect(geo(["GB", "DE"])).to.deep.equal([]);
  });
});
