import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { InstanceRole } from "../../../components/compute/instance-role";
import { useMockCloud } from "../../mocks";

const MANAGED_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

describe("components/compute/instance-role", () => {
  it("gives Session Manager and the SSM agent their actions without reading any parameter", async () => {
    const mocks = await useMockCloud("session-manager");
    const provider = new Provider("session-manager-aws", { region: "eu-west-1" });
    new InstanceRole(
      "acme-web-role",
      { description: "web", managedPolicies: ["cloudWatchAgent"], sessionManager: true },
      { providers: { aws: provider } },
    );
    await mocks.settle();
    const attached = mocks
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .map((a) => String(mocks.props(a).policyArn));
    expect(attached).not.to.include(MANAGED_CORE);
    expect(attached).to.include("arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy");
    const policy = mocks.props(mocks.one("aws:iam/policy:Policy"));
    const document = JSON.parse(String(policy.policy)) as {
      Statement: { Effect: string; Action: string[]; Resource: string }[];
    };
    const actions = document.Statement.flatMap((s) => s.Action);
    // What Session Manager needs (Systems Manager User Guide, custom IAM role for Session Manager).
    expect(actions).to.include.members([
      "ssm:UpdateInstanceInformation",
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]);
    for (const forbidden of ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]) {
      expect(actions).not.to.include(forbidden);
    }
    expect(actions.filter((a) => /^(kms|secretsmanager):/.test(a) || a.includes("*"))).to.deep.equal([]);
    // The policy is attached to the role.
    const attachment = mocks
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .find((a) => a.name === "acme-web-role-session-manager");
    expect(attachment?.propertyDependencies.policyArn).to.deep.equal([
      mocks.one("aws:iam/policy:Policy").urn,
    ]);
  });

  it("attaches only the named managed policies without the option", async () => {
    const mocks = await useMockCloud("builder");
    const provider = new Provider("builder-aws", { region: "eu-west-1" });
    new InstanceRole(
      "acme-builder",
      { description: "build", managedPolicies: ["imageBuilder", "ssm"] },
      { providers: { aws: provider } },
    );
    await mocks.settle();
    expect(mocks.ofType("aws:iam/policy:Policy")).to.have.length(0);
    expect(
      mocks.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => mocks.props(a).policyArn),
    ).to.deep.equal(["arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder", MANAGED_CORE]);
  });
});
