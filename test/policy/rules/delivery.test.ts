import { expect } from "chai";
import { checkResource, patch, resourceRuleCases, rewire, stackRuleCases } from "../harness";

const APP = "aws:codedeploy/application:Application";
const CONFIG = "aws:codedeploy/deploymentConfig:DeploymentConfig";
const GROUP = "aws:codedeploy/deploymentGroup:DeploymentGroup";
const DISTRIBUTION = "aws:imagebuilder/distributionConfiguration:DistributionConfiguration";
const IMAGE = "aws:imagebuilder/image:Image";
const PIPELINE = "aws:imagebuilder/imagePipeline:ImagePipeline";

const GOOD_GROUP = {
  appName: "shop",
  deploymentGroupName: "web",
  autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
  deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "IN_PLACE" },
  loadBalancerInfo: { targetGroupInfos: [{ name: "web" }] },
};

describe("policy/rules/delivery", () => {
  resourceRuleCases("codedeploy-auto-rollback", GROUP, GOOD_GROUP, [
    [
      "no automatic rollback",
      { ...GOOD_GROUP, autoRollbackConfiguration: undefined },
      ["A failed deployment is not rolled back automatically."],
    ],
    [
      "a rollback on alarms only",
      { ...GOOD_GROUP, autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_STOP_ON_ALARM"] } },
      ["A failed deployment is not rolled back automatically."],
    ],
  ]);

  resourceRuleCases(
    "codedeploy-keeps-capacity",
    CONFIG,
    { computePlatform: "Server", minimumHealthyHosts: { type: "FLEET_PERCENT", value: 75 } },
    [
      [
        "a configuration that takes most servers out",
        { computePlatform: "Server", minimumHealthyHosts: { type: "FLEET_PERCENT", value: 25 } },
        ["The configuration keeps FLEET_PERCENT 25 in service."],
      ],
      [
        "a configuration that keeps no host",
        { computePlatform: "Server", minimumHealthyHosts: { type: "HOST_COUNT", value: 0 } },
        ["The configuration keeps HOST_COUNT 0 in service."],
      ],
    ],
  );
  it("codedeploy-keeps-capacity refuses a group on AllAtOnce, and follows its setting", () => {
    const allAtOnce = { ...GOOD_GROUP, deploymentConfigName: "CodeDeployDefault.AllAtOnce" };
    expect(checkResource("codedeploy-keeps-capacity", GROUP, allAtOnce)).to.deep.equal([
      "CodeDeployDefault.AllAtOnce keeps 0% of the servers in service.",
    ]);
    const half = { ...GOOD_GROUP, deploymentConfigName: "CodeDeployDefault.HalfAtATime" };
    expect(checkResource("codedeploy-keeps-capacity", GROUP, half)).to.deep.equal([]);
    expect(
      checkResource("codedeploy-keeps-capacity", GROUP, half, { minimumHealthyPercent: 60 }),
    ).to.deep.equal(["CodeDeployDefault.HalfAtATime keeps 50% of the servers in service."]);
  });

  stackRuleCases(
    "codedeploy-traffic-control",
    [
      { type: APP, name: "app", props: { computePlatform: "Server", name: "shop" } },
      { type: GROUP, name: "group", props: GOOD_GROUP, deps: { appName: ["app"] } },
    ],
    [
      [
        "a group without traffic control",
        patch("group", { deploymentStyle: { deploymentOption: "WITHOUT_TRAFFIC_CONTROL" } }),
        ["group: Servers keep receiving traffic while they are deployed to."],
      ],
      [
        "a group without a load balancer, joined by the application's literal name",
        (nodes) => rewire("group", "appName", [])(patch("group", { loadBalancerInfo: undefined })(nodes)),
        ["group: Servers keep receiving traffic while they are deployed to."],
      ],
    ],
  );

  resourceRuleCases(
    "imagebuilder-ami-private",
    DISTRIBUTION,
    {
      distributions: [
        {
          region: "eu-west-1",
          amiDistributionConfiguration: { launchPermission: { userIds: ["111122223333"] } },
        },
      ],
    },
    [
      [
        "images shared with everyone",
        {
          distributions: [
            {
              region: "eu-west-1",
              amiDistributionConfiguration: { launchPermission: { userGroups: ["all"] } },
            },
          ],
        },
        ["Built images are shared with every AWS account (launch permission group all)."],
      ],
    ],
  );

  resourceRuleCases(
    "imagebuilder-image-tests",
    IMAGE,
    { imageTestsConfiguration: { imageTestsEnabled: true } },
    [
      [
        "tests off",
        { imageTestsConfiguration: { imageTestsEnabled: false } },
        ["Images are published without running their tests."],
      ],
    ],
  );
  resourceRuleCases("imagebuilder-image-tests", PIPELINE, {}, [
    [
      "tests off on the pipeline",
      { imageTestsConfiguration: { imageTestsEnabled: false } },
      ["Images are published without running their tests."],
    ],
  ]);
});
