import { expect } from "chai";
import { azureSubnetLayout } from "../../../../components/azure/network/subnet-layout";

describe("components/azure/network/subnet-layout", () => {
  it("cuts a /16 into aligned tier blocks, largest first", () => {
    expect(azureSubnetLayout("10.50.0.0/16")).to.deep.equal({
      web: "10.50.0.0/22",
      gateway: "10.50.4.0/24",
      data: "10.50.5.0/24",
      mysql: "10.50.6.0/24",
      search: "10.50.7.0/24",
      bastion: "10.50.8.0/26",
    });
  });

  it("fits a /20 and refuses a /21", () => {
    expect(azureSubnetLayout("172.16.16.0/20").bastion).to.equal("172.16.24.0/26");
    expect(() => azureSubnetLayout("172.16.16.0/21")).to.throw(RangeError);
  });
});
