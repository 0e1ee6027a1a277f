import { expect } from "chai";
import { healthCheckerRegions } from "../../../components/operations/site-check";

// Route 53 API reference, HealthCheckConfig Regions: where the checkers run (restated), at least three.
const CHECKERS = [
  "us-east-1",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "sa-east-1",
];

describe("components/operations/site-check", () => {
  it("checks from three of Route 53's checker regions", () => {
    const regions = healthCheckerRegions()!;
    expect(regions).to.have.length(3);
    for (const r of regions) expect(CHECKERS).to.include(r);
  });

  it("behind a CDN that admits only European countries, checks from Ireland too (more than 18% of checkers pass)", () => {
    const regions = healthCheckerRegions({ mode: "allow", countries: ["GB", "IE", "DE", "FR"] })!;
    expect(regions).to.include("eu-west-1");
    expect(regions.length).to.be.at.least(3);
    expect(1 / regions.length).to.be.greaterThan(0.18);
  });

  it("leaves the US out when the CDN refuses it, and gives up when no checker's country is admitted", () => {
    const regions = healthCheckerRegions({ mode: "deny", countries: ["US"] })!;
    expect(regions.filter((r) => r.startsWith("us-"))).to.deep.equal([]);
    expect(healthCheckerRegions({ mode: "allow", countries: ["DE", "AT"] })).to.equal(undefined);
  });
});
