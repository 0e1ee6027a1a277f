import { expect } from "chai";
import { DEV, problems } from "../config-fixtures";

describe("stacks/schema/bastion", () => {
  it("rejects an SSH network written with host bits, and one listed twice, as the provider and EC2 do", () => {
    expect(
      problems({ ...DEV, bastion: { sshCidrs: ["203.0.113.5/24", "198.51.100.0/28", "198.51.100.0/28"] } }),
    ).to.deep.equal([
      'bastion.sshCidrs[0]: got "203.0.113.5/24"; expected its network address 203.0.113.0/24: the AWS provider refuses a block with host bits set',
      'bastion.sshCidrs[2]: got "198.51.100.0/28"; expected a network not listed before (it is also item 1): EC2 refuses the same permission twice',
    ]);
  });

  it("rejects SSH open to the whole internet", () => {
    expect(problems({ ...DEV, bastion: { sshCidrs: ["203.0.113.0/24", "0.0.0.0/0"] } })).to.deep.equal([
      'bastion.sshCidrs[1]: got "0.0.0.0/0"; expected an IPv4 CIDR block such as 203.0.113.0/24, narrower than ' +
        "the whole internet (not /0)",
    ]);
  });
});
