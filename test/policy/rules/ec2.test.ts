import { expect } from "chai";
import { checkResource, checkStack, resourceRuleCases } from "../harness";

const LT = "aws:ec2/launchTemplate:LaunchTemplate";

const INSTANCE = "aws:ec2/instance:Instance";

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
