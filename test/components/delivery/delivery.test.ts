import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { ContinuousIntegration, Delivery, oidcConditions } from "../../../components/delivery/delivery";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

const GITHUB: ContinuousIntegration = { provider: "github", repository: "acme/shop", branch: "main" };
const BITBUCKET: ContinuousIntegration = {
  provider: "bitbucket",
  workspace: "acme",
  workspaceUuid: "{11111111-2222-4333-8444-555555555555}",
  repositoryUuid: "{aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee}",
  deploymentEnvironmentUuid: "{99999999-8888-4777-8666-555555555555}",
};

async function delivery(stack: string, ci: ContinuousIntegration | undefined, createOidcProvider: boolean) {
  const mocks = await useMockCloud(stack);
  const provider = new Provider(`${stack}-aws`, { region: "eu-west-1" });
  const d = new Delivery(
    "acme-deploy",
    {
      region: "eu-west-1",
      autoScalingGroupName: "acme-web-asg",
      targetGroupName: "acme-web-tg",
      rollbackAlarmNames: ["acme-alb-5xx", "acme-target-5xx"],
      webRoleName: "acme-web-role",
      minimumHealthyPercent: 75,
      ...(ci ? { ci } : {}),
      createOidcProvider,
      accessLogs: { bucket: "acme-logs", prefix: "s3/artifacts/" },
      retain: true,
    },
    { providers: { aws: provider } },
  );
  await valueOf(d.deploymentGroupName);
  await mocks.settle();
  return mocks;
}

function policyOf(mocks: MockSession, name: string) {
  const p = mocks.ofType("aws:iam/policy:Policy").find((r) => r.name === name)!;
  return JSON.parse(mocks.props(p).policy as string) as {
    Statement: { Action: string[]; Resource: string | string[] }[];
  };
}

describe("components/delivery/delivery", () => {
  let mocks: MockSession;
  before(async () => {
    mocks = await delivery("delivery", GITHUB, false);
  });

  it("keeps revisions in a versioned, KMS-encrypted, TLS-only, non-public bucket with access logs", () => {
    const sse = mocks.props(
      mocks.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
    );
    expect(
      (sse.rules as { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }[])[0],
    ).to.have.nested.property("applyServerSideEncryptionByDefault.sseAlgorithm", "aws:kms");
    expect(
      mocks.props(mocks.one("aws:s3/bucketVersioning:BucketVersioning")).versioningConfiguration,
    ).to.deep.equal({
      status: "Enabled",
    });
    expect(mocks.props(mocks.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"))).to.deep.include({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const policy = mocks.props(mocks.one("aws:s3/bucketPolicy:BucketPolicy")).policy as string;
    expect(policy).to.contain('"aws:SecureTransport":"false"');
    expect(mocks.props(mocks.one("aws:s3/bucketLogging:BucketLogging")).targetBucket).to.equal("acme-logs");
  });

  it("deploys in place with traffic control, keeping 75% serving, rolling back on failure and on the 5xx alarms", () => {
    const group = mocks.props(mocks.one("aws:codedeploy/deploymentGroup:DeploymentGroup"));
    expect(group.deploymentStyle).to.deep.equal({
      deploymentOption: "WITH_TRAFFIC_CONTROL",
      deploymentType: "IN_PLACE",
    });
    expect(group.autoscalingGroups).to.deep.equal(["acme-web-asg"]);
    expect(group.loadBalancerInfo).to.deep.equal({ targetGroupInfos: [{ name: "acme-web-tg" }] });
    expect(group.autoRollbackConfiguration).to.deep.equal({
      enabled: true,
      events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"],
    });
    expect(group.alarmConfiguration).to.deep.equal({
      enabled: true,
      alarms: ["acme-alb-5xx", "acme-target-5xx"],
    });
    const config = mocks.props(mocks.one("aws:codedeploy/deploymentConfig:DeploymentConfig"));
    expect(config.minimumHealthyHosts).to.deep.equal({ type: "FLEET_PERCENT", value: 75 });
  });

  it("lets only the named repository's branch assume the CI role, which may only upload revisions and deploy", () => {
    const role = mocks.ofType("aws:iam/role:Role").find((r) => r.name === "acme-deploy-ci")!;
    const trust = JSON.parse(mocks.props(role).assumeRolePolicy as string);
    expect(trust.Statement[0].Action).to.equal("sts:AssumeRoleWithWebIdentity");
    expect(trust.Statement[0].Principal.Federated).to.equal(
      "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
    );
    expect(trust.Statement[0].Condition).to.deep.equal({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:acme/shop:ref:refs/heads/main",
      },
    });
    const statements = policyOf(mocks, "acme-deploy-ci-deploy").Statement;
    const actions = statements.flatMap((s) => s.Action).sort();
    expect(actions).to.deep.equal([
      "codedeploy:CreateDeployment",
      "codedeploy:GetApplicationRevision",
      "codedeploy:GetDeployment",
      "codedeploy:GetDeploymentConfig",
      "codedeploy:RegisterApplicationRevision",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "s3:PutObject",
    ]);
    const upload = statements.find((s) => s.Action.includes("s3:PutObject"))!;
    expect(upload.Resource).to.match(/\/revisions\/\*$/);
    const deploy = statements.find((s) => s.Action.includes("codedeploy:CreateDeployment"))!;
    expect(deploy.Resource).to.match(/:deploymentgroup:[^/]+\/web-servers$/);
  });

  it("references the account's OIDC provider unless the stack says to create it", async () => {
    expect(mocks.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).to.have.length(0);
    const creating = await delivery("delivery-oidc", BITBUCKET, true);
    const oidc = creating.props(creating.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider"));
    expect(oidc.url).to.equal("https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc");
    expect(oidc.clientIdLists).to.deep.equal([
      "ari:cloud:bitbucket::workspace/{11111111-2222-4333-8444-555555555555}",
    ]);
  });

  it("lets a Bitbucket repository's deployment environment assume the role, and nothing else", () => {
    const issuer = "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc";
    expect(oidcConditions(BITBUCKET)).to.deep.equal({
      StringEquals: {
        [`${issuer}:aud`]: "ari:cloud:bitbucket::workspace/{11111111-2222-4333-8444-555555555555}",
      },
      StringLike: {
        [`${issuer}:sub`]: "{aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee}:{99999999-8888-4777-8666-555555555555}:*",
      },
    });
  });

  it("has no CI role when the stack names no CI, and the servers may read revisions only", async () => {
    const none = await delivery("delivery-none", undefined, false);
    expect(none.ofType("aws:iam/role:Role").map((r) => r.name)).to.deep.equal(["acme-deploy-codedeploy"]);
    const read = policyOf(none, "acme-deploy-read-revisions").Statement;
    expect(read.flatMap((s) => s.Action).sort()).to.deep.equal([
      "kms:Decrypt",
      "s3:GetObject",
      "s3:GetObjectVersion",
    ]);
  });
});
