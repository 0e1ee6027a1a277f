import { expect } from "chai";
import { checkStack } from "../harness";

const CLUSTER = "aws:rds/cluster:Cluster";

const SG = "aws:ec2/securityGroup:SecurityGroup";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

describe("policy/rules/data-tier", () => {
  const groups = [
    { type: SG, name: "db-sg", props: { tags: { tier: "db" } } },
    { type: SG, name: "web-sg", props: { tags: { tier: "web" } } },
    { type: SG, name: "other-sg", props: { tags: { tier: "batch" } } },
    {
      type: CLUSTER,
      name: "db",
      props: { engine: "aurora-mysql" },
      deps: { vpcSecurityGroupIds: ["db-sg"] },
    },
  ];
  const ingress = (props: Record<string, unknown>, source?: string) => ({
    type: INGRESS,
    name: "in",
    props: { ipProtocol: "tcp", fromPort: 3306, toPort: 3306, ...props },
    deps: { securityGroupId: ["db-sg"], ...(source ? { referencedSecurityGroupId: [source] } : {}) },
  });
  describe("data-tier-sg-only-from-app-tier", () => {
    it("passes 3306 from the web tier's group", () => {
      expect(
        checkStack("data-tier-sg-only-from-app-tier", [
          ...groups,
          ingress({ referencedSecurityGroupId: "sg-w" }, "web-sg"),
        ]),
      ).to.deep.equal([]);
    });
    it("flags an address range, a group outside the app tier, and another port", () => {
      expect(
        checkStack("data-tier-sg-only-from-app-tier", [...groups, ingress({ cidrIpv4: "10.0.0.0/16" })]),
      ).to.deep.equal([
        "in: The database's security group admits an address range instead of a security group.",
      ]);
      expect(
        checkStack("data-tier-sg-only-from-app-tier", [
          ...groups,
          ingress({ referencedSecurityGroupId: "sg-o" }, "other-sg"),
        ]),
      ).to.deep.equal(["in: The database's security group admits a group outside the application tier."]);
      expect(
        checkStack("data-tier-sg-only-from-app-tier", [
          ...groups,
          ingress({ fromPort: 0, toPort: 65535, referencedSecurityGroupId: "sg-w" }, "web-sg"),
        ]),
      ).to.deep.equal(["in: The database's security group admits ports other than 3306."]);
    });
  });
  describe("data-tier-in-private-subnets", () => {
    const vpc = {
      type: "awsx:ec2:Vpc",
      name: "net",
      props: { publicSubnetIds: ["subnet-pub"], isolatedSubnetIds: ["subnet-iso"] },
    };
    it("passes a subnet group of isolated subnets from an awsx VPC", () => {
      expect(
        checkStack("data-tier-in-private-subnets", [
          vpc,
          {
            type: "aws:rds/subnetGroup:SubnetGroup",
            name: "sg",
            props: { subnetIds: ["subnet-iso"] },
            deps: { subnetIds: ["net"] },
          },
        ]),
      ).to.deep.equal([]);
    });
    it("flags a public subnet, from an awsx VPC or as a subnet resource", () => {
      expect(
        checkStack("data-tier-in-private-subnets", [
          vpc,
          {
            type: "aws:elasticache/subnetGroup:SubnetGroup",
            name: "sg",
            props: { subnetIds: ["subnet-pub"] },
            deps: { subnetIds: ["net"] },
          },
        ]),
      ).to.deep.equal(["sg: The subnet group contains a public subnet."]);
      expect(
        checkStack("data-tier-in-private-subnets", [
          { type: "aws:ec2/subnet:Subnet", name: "s", props: { mapPublicIpOnLaunch: true } },
          { type: "aws:rds/subnetGroup:SubnetGroup", name: "sg", props: {}, deps: { subnetIds: ["s"] } },
        ]),
      ).to.have.length(1);
    });
  });
});
