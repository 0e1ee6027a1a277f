import { expect } from "chai";
import { DEV, problems } from "../config-fixtures";

describe("stacks/schema/network", () => {
  const badCidrs: [string, string][] = [
    ["10.0.0.0/33", "is not an IPv4 CIDR block"],
    ["10.0.0/16", "is not an IPv4 CIDR block"],
    ["10.0.0.1/16", "has host bits set (the network address is 10.0.0.0/16)"],
    ["8.8.0.0/16", "is not in a private (RFC 1918) range"],
  ];
  it("reports an out-of-range count", () => {
    expect(problems({ ...DEV, network: { azCount: 7 } })).to.deep.equal([
      "network.azCount: got 7; expected a whole number from 2 to 6",
    ]);
    expect(problems({ ...DEV, network: { azCount: 2.5 } })).to.have.length(1);
  });

  for (const [cidr, reason] of badCidrs) {
    it(`rejects the CIDR ${cidr}: it ${reason}`, () => {
      expect(problems({ ...DEV, network: { cidr } })).to.deep.equal([
        `network.cidr: got "${cidr}"; expected a private IPv4 network address with a /16 to /24 prefix, ` +
          `such as 10.20.0.0/16 (the value ${reason})`,
      ]);
    });
  }

  it("rejects a VPC block too large for AWS", () => {
    expect(problems({ ...DEV, network: { cidr: "10.0.0.0/8" } })[0]).to.match(/AWS allows \/16 to \/28/);
  });
});
