import { expect } from "chai";
import { checkResource, checkStack, resourceRuleCases } from "./harness";

const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const INSTANCE = "aws:ec2/instance:Instance";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** A hardened launch template as @pulumi/aws 7 shapes it (booleans of EBS and NICs are strings). */
const HARDENED_LT = {
  metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
  blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3" } }],
  networkInterfaces: [{ associatePublicIpAddress: "false" }],
  monitoring: { enabled: true },
};
const HARDENED_INSTANCE = {
  metadataOptions: { httpTokens: "required" },
  rootBlockDevice: { encrypted: true },
  associatePublicIpAddress: false,
  monitoring: true,
};

describe("policy/rules/ec2", () => {
  resourceRuleCases("imdsv2-required", LT, HARDENED_LT, [
    [
      "optional tokens",
      { ...HARDENED_LT, metadataOptions: { httpTokens: "optional" } },
      ["The instance metadata service accepts IMDSv1 requests: set metadataOptions.httpTokens to required."],
    ],
    [
      "no metadata options at all",
      { monitoring: { enabled: true } },
      ["The instance metadata service accepts IMDSv1 requests: set metadataOptions.httpTokens to required."],
    ],
  ]);
  it("imdsv2-required accepts a disabled metadata endpoint", () => {
    expect(
      checkResource("imdsv2-required", INSTANCE, { metadataOptions: { httpEndpoint: "disabled" } }),
    ).to.deep.equal([]);
  });

  resourceRuleCases("ec2-ebs-encrypted", LT, HARDENED_LT, [
    [
      "an EBS mapping encrypted as the string false",
      { ...HARDENED_LT, blockDeviceMappings: [{ ebs: { encrypted: "false" } }] },
      ["1 EBS block device mapping(s) are not encrypted."],
    ],
  ]);
  resourceRuleCases("ec2-ebs-encrypted", INSTANCE, HARDENED_INSTANCE, [
    [
      "an instance without an encrypted root",
      { ...HARDENED_INSTANCE, rootBlockDevice: {} },
      ["The root volume is not encrypted (rootBlockDevice.encrypted)."],
    ],
    [
      "an unencrypted extra volume",
      { ...HARDENED_INSTANCE, ebsBlockDevices: [{ encrypted: false }] },
      ["1 EBS volume(s) are not encrypted."],
    ],
  ]);
  resourceRuleCases("ec2-ebs-encrypted", "aws:ebs/volume:Volume", { encrypted: true }, [
    ["an unencrypted volume", { encrypted: false }, ["The EBS volume is not encrypted."]],
  ]);

  resourceRuleCases("ec2-no-public-ip", LT, HARDENED_LT, [
    [
      "a public address as the string true",
      { ...HARDENED_LT, networkInterfaces: [{ associatePublicIpAddress: "true" }] },
      ["A network interface of the launch template gets a public address."],
    ],
  ]);
  resourceRuleCases("ec2-no-public-ip", INSTANCE, HARDENED_INSTANCE, [
    [
      "a public instance",
      { ...HARDENED_INSTANCE, associatePublicIpAddress: true },
      ["The instance gets a public address."],
    ],
  ]);
  it("ec2-no-public-ip exempts bastions (role=bastion), as configured", () => {
    const bastion = { ...HARDENED_INSTANCE, associatePublicIpAddress: true, tags: { role: "bastion" } };
    expect(checkResource("ec2-no-public-ip", INSTANCE, bastion)).to.deep.equal([]);
    expect(checkResource("ec2-no-public-ip", INSTANCE, bastion, { exemptRoles: [] })).to.have.length(1);
  });

  resourceRuleCases("ec2-detailed-monitoring", LT, HARDENED_LT, [
    [
      "basic monitoring",
      { ...HARDENED_LT, monitoring: { enabled: false } },
      ["Detailed (one-minute) monitoring is off."],
    ],
  ]);

  resourceRuleCases(
    "asg-uses-launch-template",
    "aws:autoscaling/group:Group",
    { launchTemplate: { id: "lt-1", version: "1" } },
    [
      [
        "a launch configuration",
        { launchConfiguration: "lc-1" },
        ["The group does not launch from a launch template."],
      ],
    ],
  );
  it("asg-uses-launch-template accepts a mixed instances policy", () => {
    expect(
      checkResource("asg-uses-launch-template", "aws:autoscaling/group:Group", {
        mixedInstancesPolicy: { launchTemplate: {} },
      }),
    ).to.deep.equal([]);
  });

  describe("asg-launch-template-hardened", () => {
    const group = { type: "aws:autoscaling/group:Group", name: "asg", deps: { launchTemplate: ["lt"] } };
    it("passes a group whose launch template is hardened", () => {
      expect(
        checkStack("asg-launch-template-hardened", [{ type: LT, name: "lt", props: HARDENED_LT }, group]),
      ).to.deep.equal([]);
    });
    it("flags every weakness of the template on the group", () => {
      const weak = {
        blockDeviceMappings: [{ ebs: { encrypted: "false" } }],
        networkInterfaces: [{ associatePublicIpAddress: "true" }],
      };
      expect(
        checkStack("asg-launch-template-hardened", [{ type: LT, name: "lt", props: weak }, group]),
      ).to.deep.equal([
        "asg: Its launch template lt: The instance metadata service accepts IMDSv1 requests: set metadataOptions.httpTokens to required.",
        "asg: Its launch template lt: 1 EBS block device mapping(s) are not encrypted.",
        "asg: Its launch template lt: A network interface of the launch template gets a public address.",
      ]);
    });
  });
});

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
    it("flags SSH from the whole internet", () => {
      expect(
        checkStack("bastion-ssh-allowlisted-cidrs", [
          bastionSg,
          ssh("r", "bastion-sg", { cidrIpv4: "0.0.0.0/0" }),
        ]),
      ).to.deep.equal(["r: The bastion admits SSH from the whole internet."]);
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
