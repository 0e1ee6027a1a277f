import { expect } from "chai";
import { checkResource, patch, resourceRuleCases, stackRuleCases } from "../harness";

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

  const ASG = "aws:autoscaling/group:Group";
  stackRuleCases(
    "asg-launch-template-hardened",
    [
      { type: LT, name: "lt", props: { ...HARDENED_LT, name: "web-lt" } },
      {
        type: ASG,
        name: "asg",
        props: { launchTemplate: { id: "lt-0abc" } },
        deps: { launchTemplate: ["lt"] },
      },
      // Joined by the template's literal name, without a dependency edge.
      { type: ASG, name: "asg-by-name", props: { launchTemplate: { name: "web-lt" } } },
    ],
    [
      [
        "a group whose template is not in the stack",
        patch("asg-by-name", { launchTemplate: { name: "someone-elses-lt" } }),
        ["asg-by-name: The group launches from a template outside the stack: its hardening is unchecked."],
      ],
      [
        "nothing for the template's own weaknesses (the resource rules report them on the template)",
        patch("lt", { metadataOptions: undefined }),
        [],
      ],
    ],
  );

  const LT_TYPE = "aws:ec2/launchTemplate:LaunchTemplate";
  const lt = {
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
    iamInstanceProfile: { arn: "arn:aws:iam::1:instance-profile/web" },
    blockDeviceMappings: [
      { deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: "arn:aws:kms:eu-west-1:1:key/x" } },
    ],
  };
  resourceRuleCases("imds-hop-limit", LT_TYPE, lt, [
    [
      "two hops",
      { ...lt, metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
      ["The metadata hop limit is 2; at most 1 allowed."],
    ],
    [
      "no hop limit",
      { ...lt, metadataOptions: { httpTokens: "required" } },
      ["The metadata hop limit is not set: the image's default applies."],
    ],
    ["nothing with the endpoint off", { ...lt, metadataOptions: { httpEndpoint: "disabled" } }, []],
  ]);
  resourceRuleCases("ec2-ebs-cmk", LT_TYPE, lt, [
    [
      "the AWS-managed key",
      { ...lt, blockDeviceMappings: [{ ebs: { encrypted: "true" } }] },
      ["1 encrypted volume(s) use the AWS-managed EBS key."],
    ],
    [
      "nothing for an unencrypted volume (ec2-ebs-encrypted's)",
      { ...lt, blockDeviceMappings: [{ ebs: { encrypted: "false" } }] },
      [],
    ],
  ]);
  resourceRuleCases(
    "ec2-ebs-cmk",
    "aws:ec2/instance:Instance",
    { rootBlockDevice: { encrypted: true, kmsKeyId: "k" } },
    [
      [
        "an instance root volume on the AWS-managed key",
        { rootBlockDevice: { encrypted: true } },
        ["1 encrypted volume(s) use the AWS-managed EBS key."],
      ],
    ],
  );
  resourceRuleCases("ec2-instance-profile", LT_TYPE, lt, [
    [
      "no instance profile",
      { ...lt, iamInstanceProfile: undefined },
      ["No instance profile: credentials would have to be static."],
    ],
  ]);
  const ASG_TYPE = "aws:autoscaling/group:Group";
  const group = {
    vpcZoneIdentifiers: ["subnet-a", "subnet-b"],
    targetGroupArns: ["arn:tg"],
    healthCheckType: "ELB",
  };
  resourceRuleCases("asg-multi-az", ASG_TYPE, group, [
    [
      "one subnet",
      { ...group, vpcZoneIdentifiers: ["subnet-a"] },
      ["The group launches into a single zone."],
    ],
  ]);
  resourceRuleCases("asg-elb-health-check", ASG_TYPE, group, [
    [
      "EC2 checks behind a load balancer",
      { ...group, healthCheckType: "EC2" },
      ["The group ignores the load balancer's health checks (healthCheckType is not ELB)."],
    ],
    ["nothing without a load balancer", { ...group, targetGroupArns: [], healthCheckType: "EC2" }, []],
  ]);

  it("imdsv2-required, imds-hop-limit and ec2-ebs-encrypted judge Image Builder's build instances and recipes", () => {
    const INFRA = "aws:imagebuilder/infrastructureConfiguration:InfrastructureConfiguration";
    const RECIPE = "aws:imagebuilder/imageRecipe:ImageRecipe";
    const good = { instanceMetadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 } };
    expect(checkResource("imdsv2-required", INFRA, good)).to.deep.equal([]);
    expect(checkResource("imds-hop-limit", INFRA, good)).to.deep.equal([]);
    expect(
      checkResource("imdsv2-required", INFRA, { instanceMetadataOptions: { httpTokens: "optional" } }),
    ).to.have.length(1);
    expect(checkResource("imdsv2-required", INFRA, {})).to.have.length(1);
    expect(
      checkResource("imds-hop-limit", INFRA, {
        instanceMetadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 3 },
      }),
    ).to.have.length(1);
    const mapping = (encrypted: unknown) => ({
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted } }],
    });
    expect(checkResource("ec2-ebs-encrypted", RECIPE, mapping("true"))).to.deep.equal([]);
    expect(checkResource("ec2-ebs-encrypted", RECIPE, mapping(true))).to.deep.equal([]);
    expect(checkResource("ec2-ebs-encrypted", RECIPE, mapping("false"))).to.deep.equal([
      "1 EBS block device mapping(s) are not encrypted.",
    ]);
  });
});
