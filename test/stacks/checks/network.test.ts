import { expect } from "chai";
import { DEV, problems, PROD } from "../config-fixtures";

describe("stacks/checks/network", () => {
  it("rejects a VPC block too small for the AZ count", () => {
    expect(problems({ ...DEV, network: { cidr: "10.0.0.0/22", azCount: 3 } })).to.deep.equal([
      'network.cidr: got "10.0.0.0/22"; expected a /21 or larger block for 3 AZs ' +
        "(each AZ's public subnet must be /27 or larger for the load balancer)",
    ]);
    expect(problems({ ...DEV, network: { cidr: "10.0.0.0/22", azCount: 2 } })).to.deep.equal([]);
  });

  it("keeps prod on a NAT gateway per AZ", () => {
    expect(problems({ ...PROD, network: { natGateways: "single" } })).to.deep.equal([
      'network.natGateways: got "single"; expected "one-per-az" in a prod environment (one NAT gateway ' +
        "per AZ keeps egress alive when an AZ fails)",
    ]);
    expect(problems({ ...DEV, network: { natGateways: "none" } })).to.deep.equal([]);
  });

  it("checks zone lists against the region, the AZ count and each other", () => {
    expect(
      problems({ ...DEV, network: { availabilityZones: ["eu-west-1a", "us-east-1b", "eu-west-1a"] } }),
    ).to.deep.equal([
      'network.availabilityZones: got ["us-east-1b"]; expected zones of region eu-west-1, such as eu-west-1a',
      'network.availabilityZones: got ["eu-west-1a","us-east-1b","eu-west-1a"]; expected distinct zones',
    ]);
    expect(
      problems({ ...DEV, network: { azCount: 3, availabilityZones: ["eu-west-1a", "eu-west-1b"] } }),
    ).to.deep.equal([
      "network.availabilityZones: got 2 zone(s); expected 3 zones, as network.azCount says (or leave " +
        "azCount out)",
    ]);
  });
});
