import { expect } from "chai";
import { largestVpcPrefixLength, subnetLayout } from "../../../components/network/subnet-layout";

describe("components/network/subnet-layout", () => {
  const cases: [number, number, [number, number, number, number]][] = [
    // vpc prefix, AZs -> [per-AZ block, private, isolated, public]
    [16, 2, [17, 18, 19, 21]],
    [16, 3, [18, 19, 20, 22]],
    [16, 4, [18, 19, 20, 22]],
    [16, 6, [19, 20, 21, 23]],
    [20, 3, [22, 23, 24, 26]],
  ];
  for (const [prefix, azs, [block, priv, iso, pub]] of cases) {
    it(`cuts a /${prefix} over ${azs} AZs into /${priv} private, /${iso} isolated, /${pub} public`, () => {
      expect(subnetLayout(prefix, azs)).to.deep.equal({
        azBlockMask: block,
        privateMask: priv,
        isolatedMask: iso,
        publicMask: pub,
      });
    });
  }

  it("keeps the three tiers of an AZ inside its block (1/2 + 1/4 + 1/16)", () => {
    const l = subnetLayout(16, 3);
    const share = (mask: number) => 2 ** (l.azBlockMask - mask);
    expect(share(l.privateMask) + share(l.isolatedMask) + share(l.publicMask)).to.be.at.most(1);
  });

  it("finds the smallest VPC that leaves every AZ a /27 public subnet", () => {
    expect(largestVpcPrefixLength(2)).to.equal(22);
    expect(largestVpcPrefixLength(3)).to.equal(21);
    expect(largestVpcPrefixLength(4)).to.equal(21);
    expect(subnetLayout(largestVpcPrefixLength(3), 3).publicMask).to.equal(27);
  });

  it("refuses a count of zones that is not a positive whole number", () => {
    expect(() => subnetLayout(16, 0)).to.throw(RangeError, "azCount must be a positive whole number, got 0");
  });
});
