import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { parse } from "yaml";
import { WORDPRESS_CORE } from "../../../components/compute/image-build";
import { WebImagePipeline } from "../../../components/compute/image-pipeline";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

async function pipeline(
  stack: string,
  instanceType: string,
  release = 1,
): Promise<{ mocks: MockSession; imageId: string }> {
  const mocks = await useMockCloud(stack);
  const provider = new Provider(`${stack}-aws`, { region: "eu-west-1" });
  const p = new WebImagePipeline(
    "acme-image",
    {
      profile: "wordpress",
      region: "eu-west-1",
      instanceType,
      vpcId: "vpc-1",
      subnetId: "subnet-private-a",
      logRetentionDays: 30,
      release,
      schedule: "cron(0 3 ? * sun *)",
    },
    { providers: { aws: provider } },
  );
  const imageId = await valueOf(p.imageId);
  await mocks.settle();
  return { mocks, imageId };
}

describe("components/compute/image-pipeline", () => {
  let mocks: MockSession;
  let imageId: string;
  before(async () => {
    ({ mocks, imageId } = await pipeline("pipeline", "m7g.large"));
  });

  it("builds from Image Builder's Amazon Linux 2023 for the servers' architecture", async () => {
    const recipe = mocks.props(mocks.one("aws:imagebuilder/imageRecipe:ImageRecipe"));
    expect(recipe.parentImage).to.equal(
      "arn:aws:imagebuilder:eu-west-1:aws:image/amazon-linux-2023-arm64/x.x.x",
    );
    const x86 = await pipeline("pipeline-x86", "c7i.xlarge");
    const x86Recipe = x86.mocks.props(x86.mocks.one("aws:imagebuilder/imageRecipe:ImageRecipe"));
    expect(x86Recipe.parentImage).to.match(/amazon-linux-2023-x86\/x\.x\.x$/);
  });

  it("runs builds in the private subnet, IMDSv2 only, with no inbound rule and HTTPS out", () => {
    const infra = mocks.props(
      mocks.one("aws:imagebuilder/infrastructureConfiguration:InfrastructureConfiguration"),
    );
    expect(infra.subnetId).to.equal("subnet-private-a");
    expect(infra.terminateInstanceOnFailure).to.equal(true);
    expect(infra.instanceMetadataOptions).to.deep.include({ httpTokens: "required" });
    const group = mocks.props(mocks.one("aws:ec2/securityGroup:SecurityGroup"));
    expect(group.ingress ?? []).to.deep.equal([]);
    expect(
      (group.egress as { fromPort: number; toPort: number }[]).map((e) => [e.fromPort, e.toPort]),
    ).to.deep.equal([[443, 443]]);
  });

  it("gives the build instance Image Builder's and Session Manager's instance policies, nothing else", () => {
    const arns = mocks
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .map((a) => mocks.props(a).policyArn)
      .sort();
    expect(arns).to.deep.equal([
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      "arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder",
    ]);
  });

  it("bakes the web stack and checks it before distributing the image", () => {
    const component = mocks.props(mocks.one("aws:imagebuilder/component:Component"));
    const document = parse(component.data as string) as {
      phases: { name: string; steps: { action: string; inputs: { commands: string[] } }[] }[];
    };
    expect(document.phases.map((p) => p.name)).to.deep.equal(["build", "validate"]);
    const build = document.phases[0].steps[0].inputs.commands[0];
    for (const piece of [
      "nginx",
      "php8.3-fpm",
      "pecl install -f redis-",
      "amazon-efs-utils",
      "codedeploy-install auto",
      "amazon-cloudwatch-agent",
      "global-bundle.pem",
    ]) {
      expect(build, piece).to.contain(piece);
    }
    expect(build).to.contain(`echo '${WORDPRESS_CORE.sha1}  /tmp/wordpress.tar.gz' | sha1sum -c -`);
    expect(build).to.contain("/storefront/");
  });

  it("rebuilds weekly when updates are available, and ships web and PHP logs to groups with retention", () => {
    const p = mocks.props(mocks.one("aws:imagebuilder/imagePipeline:ImagePipeline"));
    expect(p.schedule).to.deep.equal({
      scheduleExpression: "cron(0 3 ? * sun *)",
      pipelineExecutionStartCondition: "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE",
    });
    const groups = mocks.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => mocks.props(g));
    expect(groups).to.have.length(4);
    expect(groups.every((g) => g.retentionInDays === 30)).to.equal(true);
  });

  it("serves the image of the stack's release: a new release is a new image, nothing else makes one", async () => {
    expect(imageId).to.match(/^ami-[0-9a-f]{17}$/);
    const image = mocks.one("aws:imagebuilder/image:Image");
    expect(image.name).to.equal("acme-image-release-1");
    const next = await pipeline("pipeline-release-2", "m7g.large", 2);
    expect(next.mocks.one("aws:imagebuilder/image:Image").name).to.equal("acme-image-release-2");
    expect(next.imageId).not.to.equal(imageId);
  });
});
