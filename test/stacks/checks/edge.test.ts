import { expect } from "chai";
import { loadStackConfig } from "../../../stacks/load-config";
import { DEV, PROD, problems, source } from "../config-fixtures";

const FASTLY_KEY = new Map([["fastly:apiKey", { secret: true }]]);

describe("stacks/checks/edge", () => {
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
    expect(edge({ ...PROD, region: "eu-central-1", edge: { provider: "fastly" } })).to.equal("frankfurt-de");
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

  it("keeps the origin's name apart from the shop's", () => {
    expect(problems({ ...PROD, edge: { originHostname: "shop.acme.example" } })).to.deep.equal([
      'edge.originHostname: got "shop.acme.example"; expected a host name of its own: the shop\'s names point at ' +
        "the CDN, this one at the load balancer",
    ]);
  });
});
