import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { Bastion } from "../../../components/access/bastion";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

async function bastion(stack: string, publicIp: boolean, keyName?: string): Promise<MockSession> {
  const mocks = await useMockCloud(stack);
  const provider = new Provider(`${stack}-aws`, { region: "eu-west-1" });
  const b = new Bastion(
    "acme-bastion",
    {
      subnetId: publicIp ? "subnet-public" : "subnet-private",
      publicIp,
      securityGroupId: "sg-bastion",
      instanceType: "t4g.nano",
      ...(keyName ? { keyName } : {}),
    },
    { providers: { aws: provider } },
  );
  await valueOf(b.instanceId);
  await mocks.settle();
  return mocks;
}

describe("components/access/bastion", () => {
  it("runs SSM-only in a private subnet without a public address or key", async () => {
    const mocks = await bastion("ssm", false);
    const host = mocks.props(mocks.one("aws:ec2/instance:Instance"));
    expect(host).to.deep.include({
      subnetId: "subnet-private",
      associatePublicIpAddress: false,
      instanceType: "t4g.nano",
    });
    expect(host).not.to.have.property("keyName");
    expect(host).not.to.have.property("publicIp");
    expect(host.vpcSecurityGroupIds).to.deep.equal(["sg-bastion"]);
  });

  it("is hardened like every other server: IMDSv2, encrypted root volume, detailed monitoring, role tag", async () => {
    const mocks = await bastion("hardened", false);
    const host = mocks.props(mocks.one("aws:ec2/instance:Instance"));
    expect(host.metadataOptions).to.deep.include({ httpTokens: "required", httpPutResponseHopLimit: 1 });
    expect(host.rootBlockDevice).to.deep.include({ encrypted: true, volumeType: "gp3" });
    expect(host.monitoring).to.equal(true);
    expect(host.tags).to.deep.include({ role: "bastion" });
  });

  it("may only use Session Manager, and reads no parameter of the account", async () => {
    const mocks = await bastion("role", false);
    const attachments = mocks.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    expect(attachments).to.have.length(1);
    const policy = mocks.one("aws:iam/policy:Policy");
    expect(attachments[0].propertyDependencies.policyArn).to.deep.equal([policy.urn]);
    const actions = (
      JSON.parse(String(mocks.props(policy).policy)) as { Statement: { Action: string[] }[] }
    ).Statement.flatMap((s) => s.Action);
    expect(actions).to.include("ssmmessages:OpenDataChannel");
    expect(actions.filter((a) => a.startsWith("ssm:GetParameter"))).to.deep.equal([]);
    const host = mocks.one("aws:ec2/instance:Instance");
    const profile = mocks.one("aws:iam/instanceProfile:InstanceProfile");
    expect(host.propertyDependencies.iamInstanceProfile).to.deep.equal([profile.urn]);
  });

  it("takes a public address and a key pair in a public subnet when SSH is allow-listed", async () => {
    const mocks = await bastion("ssh", true, "ops");
    const host = mocks.props(mocks.one("aws:ec2/instance:Instance"));
    expect(host).to.deep.include({
      subnetId: "subnet-public",
      associatePublicIpAddress: true,
      keyName: "ops",
    });
    expect(host.publicIp).to.match(/^203\.0\.113\.\d+$/);
  });

  it("keeps its image when AWS publishes a newer one: only a deliberate replace moves it", async () => {
    const mocks = await bastion("image", false);
    const host = mocks.one("aws:ec2/instance:Instance");
    expect(host.ignoreChanges).to.include("ami");
  });
});
