import { expect } from "chai";
import { DEV, problems } from "../config-fixtures";

describe("stacks/checks/access", () => {
  it("rejects SSH networks on a disabled bastion", () => {
    expect(problems({ ...DEV, bastion: { enabled: false, sshCidrs: ["203.0.113.0/24"] } })).to.deep.equal([
      'bastion.sshCidrs: got ["203.0.113.0/24"]; expected no SSH sources while bastion.enabled is false ' +
        "(enable the bastion or drop sshCidrs)",
    ]);
  });
});
