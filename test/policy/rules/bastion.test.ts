import { expect } from "chai";
import { checkStack } from "../harness";

const SG = "aws:ec2/securityGroup:SecurityGroup";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

describe("policy/rules/bastion", () => {
  const bastionSg = { type: SG, name: "bastion-sg", props: { tags: { role: "bastion" } } };
  const webSg = { type: SG, name: "web-sg", props: { tags: { tier: "web" } } };
  const ssh = (
    name: string,
    target: string,
    source: Record<string, unknown>,
    deps: Record<string, string[]> = {},
  ) => ({
    type: INGRESS,
    name,
    props: { ipProtocol: "tcp", fromPort: 22, toPort: 22, ...source },
    deps: { securityGroupId: [target], ...deps },
  });

  describe("bastion-ssh-allowlisted-cidrs", () => {
    it("passes SSH from an operator network", () => {
      expect(
        checkStack("bastion-ssh-allowlisted-cidrs", [
          bastionSg,
          ssh("r", "bastion-sg", { cidrIpv4: "203.0.113.0/24" }),
        ]),
      ).to.deep.equal([]);
    });
    it("leaves SSH from the whole internet to sg-no-public-ingress-admin-ports (one finding)", () => {
      expect(
        checkStack("bastion-ssh-allowlisted-cidrs", [
          bastionSg,
          ssh("r", "bastion-sg", { cidrIpv4: "0.0.0.0/0" }),
        ]),
      ).to.deep.equal([]);
    });
    it("flags networks outside a configured allow-list", () => {
      const nodes = [bastionSg, ssh("r", "bastion-sg", { cidrIpv4: "198.51.100.0/24" })];
      expect(
        checkStack("bastion-ssh-allowlisted-cidrs", nodes, { allowedSshCidrs: ["203.0.113.0/24"] }),
      ).to.deep.equal(["r: The bastion admits SSH from networks outside the allow-list: 198.51.100.0/24."]);
      expect(
        checkStack("bastion-ssh-allowlisted-cidrs", nodes, { allowedSshCidrs: ["198.51.0.0/16"] }),
      ).to.deep.equal([]);
    });
  });

  describe("ssh-only-from-bastion", () => {
    it("passes SSH to the web servers from the bastion's group", () => {
      expect(
        checkStack("ssh-only-from-bastion", [
          bastionSg,
          webSg,
          ssh(
            "r",
            "web-sg",
            { referencedSecurityGroupId: "sg-b" },
            { referencedSecurityGroupId: ["bastion-sg"] },
          ),
        ]),
      ).to.deep.equal([]);
    });
    it("flags SSH to the web servers from a network", () => {
      expect(
        checkStack("ssh-only-from-bastion", [
          bastionSg,
          webSg,
          ssh("r", "web-sg", { cidrIpv4: "10.0.0.0/8" }),
        ]),
      ).to.deep.equal(["r: SSH/RDP is admitted from a source other than the bastion's security group."]);
    });
    it("flags SSH to the web servers from another group", () => {
      expect(
        checkStack("ssh-only-from-bastion", [
          webSg,
          { type: SG, name: "other", props: {} },
          ssh("r", "web-sg", { referencedSecurityGroupId: "sg-o" }, { referencedSecurityGroupId: ["other"] }),
        ]),
      ).to.have.length(1);
    });
  });
});
