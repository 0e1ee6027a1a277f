import { expect } from "chai";
import { loadStackConfig } from "../../stacks/load-config";
import { DEV, DOMAIN, PROD, problems, source } from "./config-fixtures";

const FASTLY_KEY = new Map([["fastly:apiKey", { secret: true }]]);

describe("stacks/load-config: edge", () => {
  describe("presets", () => {
    it("puts CloudFront in front of every stack with a domain, reaching the origin by its own name", () => {
      const config = loadStackConfig(source(PROD));
      expect(config.edge).to.deep.include({
        provider: "cloudfront",
        originHostname: "origin.shop.acme.example",
        priceClass: "PriceClass_All",
      });
      expect(config.waf).to.deep.equal({ rateLimit: 2000, botControl: false });
      expect(loadStackConfig(source({ ...DEV, domain: DOMAIN })).edge?.priceClass).to.equal("PriceClass_100");
    });

    it("runs dev without a CDN when there is no domain, or when asked", () => {
      expect(loadStackConfig(source(DEV)).edge).to.equal(undefined);
      expect(loadStackConfig(source({ ...DEV, domain: DOMAIN, edge: { enabled: false } })).edge).to.equal(
        undefined,
      );
    });

    it("knows whether the Fastly token is set as a secret, never its value", () => {
      const edge = { provider: "fastly", fastly: { shieldPop: "frankfurt-de" } };
      expect(loadStackConfig(source({ ...PROD, edge }, [], FASTLY_KEY)).edge?.fastly).to.deep.equal({
        shieldPop: "frankfurt-de",
        apiKey: "secret",
      });
    });
  });

  describe("invalid input", () => {
    it("keeps prod behind the CDN", () => {
      expect(problems({ ...PROD, edge: { enabled: false } })).to.deep.equal([
        "edge.enabled: got false; expected true in a prod environment: the CDN and its WAF stand between shoppers and the servers",
      ]);
    });

    it("needs a domain for the CDN to serve", () => {
      expect(problems({ ...DEV, edge: { enabled: true } })).to.deep.equal([
        `edge.enabled: got true; expected false, or a domain.name: the CDN serves the shop's own host names over HTTPS`,
      ]);
    });

    it("rejects Fastly without its API token, naming both places it may come from", () => {
      expect(problems({ ...PROD, edge: { provider: "fastly" } })).to.deep.equal([
        "fastly:apiKey: got nothing; expected a Fastly API token, in the stack (pulumi config set --secret " +
          "fastly:apiKey <token>) or in the FASTLY_API_KEY environment variable",
      ]);
      const plain = new Map([["fastly:apiKey", { secret: false }]]);
      expect(
        problems({ ...PROD, edge: { provider: "fastly", fastly: { shieldPop: "frankfurt-de" } } }, [], plain),
      ).to.deep.equal([
        "fastly:apiKey: got a plain-text value; expected a secret: pulumi config set --secret fastly:apiKey <token>",
      ]);
    });

    it("shields at the POP nearest the region, unless the stack names one", () => {
      const edge = (values: Record<string, unknown>) =>
        loadStackConfig(source(values, [], FASTLY_KEY)).edge?.fastly?.shieldPop;
      expect(edge({ ...PROD, edge: { provider: "fastly" } })).to.equal("dub-dublin-ie"); // eu-west-1
      expect(edge({ ...PROD, region: "eu-central-1", edge: { provider: "fastly" } })).to.equal(
        "frankfurt-de",
      );
      expect(edge({ ...PROD, edge: { provider: "fastly", fastly: { shieldPop: "amsterdam-nl" } } })).to.equal(
        "amsterdam-nl",
      );
      expect(
        problems({ ...PROD, region: "sa-east-1", edge: { provider: "fastly" } }, [], FASTLY_KEY),
      ).to.deep.equal([
        "edge.fastly.shieldPop: got nothing; expected the Fastly POP that shields the origin, e.g. frankfurt-de " +
          "(the kit has no default for this region)",
      ]);
    });

    it("rejects a rate limit below what AWS WAF accepts", () => {
      expect(problems({ ...PROD, edge: { waf: { rateLimit: 5 } } })).to.deep.equal([
        "edge.waf.rateLimit: got 5; expected a whole number from 10 to 2000000000",
      ]);
    });

    it("rejects aliases without a certificate source for CloudFront", () => {
      const domain = {
        name: "shop.acme.example",
        aliases: ["acme.example"],
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012",
      };
      expect(problems({ ...PROD, domain })).to.deep.equal([
        "edge.certificateArn: got nothing; expected a us-east-1 certificate covering shop.acme.example, acme.example, " +
          "or domain.hostedZoneId so that the kit issues one",
      ]);
    });

    it("rejects a CloudFront certificate outside us-east-1", () => {
      const arn = "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012";
      expect(problems({ ...PROD, edge: { certificateArn: arn } })).to.deep.equal([
        `edge.certificateArn: got "${arn}"; expected the ARN of an issued ACM certificate in us-east-1 (CloudFront only uses those)`,
      ]);
    });

    it("keeps the origin's name apart from the shop's", () => {
      expect(problems({ ...PROD, edge: { originHostname: "shop.acme.example" } })).to.deep.equal([
        'edge.originHostname: got "shop.acme.example"; expected a host name of its own: the shop\'s names point at ' +
          "the CDN, this one at the load balancer",
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
  });
});
