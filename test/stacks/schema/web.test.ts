import { expect } from "chai";
import { DEV, problems } from "../config-fixtures";

const CAMPAIGN = { name: "bf", start: "2027-11-26T00:00", end: "2027-11-29T23:59", minSize: 4, maxSize: 20 };

describe("stacks/schema/web", () => {
  it("rejects an invalid instance type", () => {
    expect(problems({ ...DEV, web: { instanceType: "m7g-large" } })).to.deep.equal([
      'web.instanceType: got "m7g-large"; expected an EC2 instance type such as t4g.medium, m7g.large or c7i.2xlarge',
    ]);
  });

  it("rejects an unknown time zone and a time with an offset", () => {
    const lines = problems({
      ...DEV,
      web: { campaigns: [{ ...CAMPAIGN, timeZone: "Mars/Olympus", start: "2027-11-26T00:00+01:00" }] },
    });
    expect(lines).to.deep.equal([
      'web.campaigns[0].start: got "2027-11-26T00:00+01:00"; expected a local date and time such as ' +
        "2026-11-27T06:00 (no offset: timeZone says where)",
      'web.campaigns[0].timeZone: got "Mars/Olympus"; expected an IANA time zone such as Europe/Berlin or America/New_York',
    ]);
  });
});
