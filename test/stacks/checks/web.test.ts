import { expect } from "chai";
import { DEV, PROD, problems } from "../config-fixtures";

const CAMPAIGN = { name: "bf", start: "2027-11-26T00:00", end: "2027-11-29T23:59", minSize: 4, maxSize: 20 };

describe("stacks/checks/web", () => {
  it("rejects a minimum above the maximum", () => {
    expect(problems({ ...DEV, web: { minSize: 4, maxSize: 2, desiredCapacity: 2 } })).to.deep.equal([
      "web.minSize: got 4; expected at most web.maxSize (2)",
    ]);
  });

  it("rejects a desired count outside [min, max], against the preset values too", () => {
    expect(problems({ ...DEV, web: { desiredCapacity: 5 } })).to.deep.equal([
      "web.desiredCapacity: got 5; expected from web.minSize (1) to web.maxSize (3)",
    ]);
  });

  it("keeps prod on two servers at least and off Spot", () => {
    expect(
      problems({ ...PROD, web: { minSize: 1, desiredCapacity: 1, spot: { enabled: true } } }),
    ).to.deep.equal([
      "web.minSize: got 1; expected 2 or more in a prod environment (servers in two AZs at least)",
      "web.spot.enabled: got true; expected false in a prod environment (Spot servers can be reclaimed at two minutes' notice)",
    ]);
  });

  it("keeps Spot instance types on the architecture of the image", () => {
    expect(
      problems({ ...DEV, web: { spot: { enabled: true, instanceTypes: ["t4g.medium", "t3.medium"] } } }),
    ).to.deep.equal([
      'web.spot.instanceTypes: got ["t3.medium"]; expected arm64 instance types like web.instanceType (t4g.medium): ' +
        "all servers boot the same image",
    ]);
  });

  it("rejects a campaign that ends before it starts", () => {
    expect(
      problems({ ...DEV, web: { campaigns: [{ ...CAMPAIGN, end: "2027-11-25T00:00" }] } }),
    ).to.deep.equal([
      'web.campaigns[0].end: got "2027-11-25T00:00"; expected a time after the campaign\'s start (2027-11-26T00:00)',
    ]);
  });

  it("rejects a campaign that ends the minute it starts", () => {
    expect(problems({ ...DEV, web: { campaigns: [{ ...CAMPAIGN, end: CAMPAIGN.start }] } })).to.deep.equal([
      `web.campaigns[0].end: got "${CAMPAIGN.start}"; expected a time after the campaign's start (${CAMPAIGN.start})`,
    ]);
  });

  it("rejects a campaign whose maximum is below the group's minimum: campaigns raise capacity", () => {
    expect(
      problems({
        ...PROD,
        web: {
          minSize: 4,
          desiredCapacity: 4,
          campaigns: [{ ...CAMPAIGN, minSize: 2, desiredCapacity: 2, maxSize: 3 }],
        },
      }),
    ).to.deep.equal([
      "web.campaigns[0].maxSize: got 3; expected at least web.minSize (4): a campaign raises capacity",
    ]);
  });

  it("rejects overlapping campaigns, the lead time included", () => {
    const second = { ...CAMPAIGN, name: "cyber", start: "2027-11-30T00:30", end: "2027-12-02T00:00" };
    expect(problems({ ...DEV, web: { campaigns: [CAMPAIGN, second] } })).to.deep.equal([
      'web.campaigns: got "bf and cyber overlap"; expected campaigns whose windows, with the 60-minute lead, ' +
        "do not overlap (merge them into one)",
    ]);
    expect(
      problems({ ...DEV, web: { campaignLeadMinutes: 15, campaigns: [CAMPAIGN, second] } }),
    ).to.deep.equal([]);
  });

  it("rejects campaign capacity that contradicts itself, dates that do not exist and reused names", () => {
    const bad = { ...CAMPAIGN, start: "2027-02-30T10:00", minSize: 9, maxSize: 5 };
    expect(problems({ ...DEV, web: { campaigns: [CAMPAIGN, { ...bad, name: "bf" }] } })).to.deep.equal([
      'web.campaigns[1].name: got "bf"; expected a name no other campaign uses',
      'web.campaigns[1].start: got "2027-02-30T10:00"; expected a date and time that exists in its time zone',
      "web.campaigns[1].minSize: got 9; expected at most its maxSize (5)",
    ]);
  });

  it("requires a domain in prod, and a way to get its certificate", () => {
    const { domain: _domain, ...noDomain } = PROD;
    expect(problems(noDomain)).to.deep.equal([
      "domain: got nothing; expected a domain in a prod environment: its load balancer must serve HTTPS",
    ]);
    expect(
      problems({ ...DEV, domain: { name: "shop.acme.example" }, edge: { enabled: false } }),
    ).to.deep.equal([
      'domain: got {"name":"shop.acme.example"}; expected hostedZoneId (the kit issues and validates the ' +
        "certificate in Route 53) or certificateArn (an issued ACM certificate)",
    ]);
  });

  it("rejects a certificate from another region", () => {
    const arn = "arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012";
    const domain = { name: "shop.acme.example", certificateArn: arn };
    expect(problems({ ...DEV, domain, edge: { enabled: false } })).to.deep.equal([
      `domain.certificateArn: got "${arn}"; expected a certificate in eu-west-1, the load balancer's region`,
    ]);
  });
});
