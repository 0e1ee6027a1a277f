import type * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { MockCloud } from "../../runtime/mock-cloud";

function register(cloud: MockCloud, type: string, name: string, inputs: Record<string, unknown> = {}) {
  const args = {
    type,
    name,
    inputs,
    custom: true,
    provider: undefined,
  } as unknown as pulumi.runtime.MockResourceArgs;
  return cloud.newResource(args);
}

describe("runtime/mock-cloud: what the engine and AWS refuse", () => {
  it("refuses an autonamed load balancer whose name and random suffix pass 32 characters, as the engine does", () => {
    const cloud = new MockCloud();
    register(cloud, "aws:lb/loadBalancer:LoadBalancer", "northwind-staging-web-alb");
    expect(cloud.rejections).to.have.length(1);
    expect(cloud.rejections[0].got).to.include(
      "name 'northwind-staging-web-alb-' plus 7 random chars is longer than maximum length 32",
    );
    expect(cloud.rejections[0].key).to.equal("client");
  });

  it("accepts a load balancer name that fits, and names it <logical>-<7 characters>", () => {
    const cloud = new MockCloud();
    const { state } = register(cloud, "aws:lb/loadBalancer:LoadBalancer", "acme-prod-web-alb");
    expect(cloud.rejections).to.deep.equal([]);
    expect(String(state.name)).to.match(/^acme-prod-web-alb-[0-9a-f]{7}$/);
  });

  it("refuses RDS and ElastiCache identifiers with '--', and a load balancer named internal-*", () => {
    const cloud = new MockCloud();
    register(cloud, "aws:rds/cluster:Cluster", "a--b-db");
    register(cloud, "aws:elasticache/replicationGroup:ReplicationGroup", "x", { replicationGroupId: "a--b" });
    register(cloud, "aws:lb/loadBalancer:LoadBalancer", "x", { name: "internal-shop" });
    expect(cloud.rejections.map((r) => r.got)).to.have.length(3);
    expect(cloud.rejections[2].got).to.include('starting with "internal-"');
  });

  it("refuses '--' in an ElastiCache parameter group and in an Aurora final snapshot identifier", () => {
    const cloud = new MockCloud();
    register(cloud, "aws:elasticache/parameterGroup:ParameterGroup", "a--b-prod-sessions-params");
    register(cloud, "aws:rds/cluster:Cluster", "a-b-prod-db-cluster", {
      finalSnapshotIdentifier: "a--b-prod-db-final",
    });
    register(cloud, "aws:rds/cluster:Cluster", "c-prod-db-cluster", {
      finalSnapshotIdentifier: "c-prod-db-final",
    });
    const lines = cloud.rejections.map((r) => r.got);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(
      /^aws:elasticache\/parameterGroup:ParameterGroup "a--b-prod-sessions-params": name "a--b-prod-sessions-params-[0-9a-f]{7}" is holding '--'/,
    );
    expect(lines[1]).to.equal(
      "aws:rds/cluster:Cluster \"a-b-prod-db-cluster\": finalSnapshotIdentifier \"a--b-prod-db-final\" is holding '--' or ending with '-'",
    );
  });

  it("refuses Image Builder names over 128 characters or with characters outside letters, digits, '-', '_'", () => {
    const cloud = new MockCloud();
    register(cloud, "aws:imagebuilder/component:Component", "c", { name: "a".repeat(129) });
    register(cloud, "aws:imagebuilder/imageRecipe:ImageRecipe", "r", { name: "shop.recipe" });
    register(cloud, "aws:imagebuilder/imagePipeline:ImagePipeline", "acme-prod-image-pipeline");
    const lines = cloud.rejections.map((r) => r.got);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.include("longer than 128 characters (129)");
    expect(lines[1]).to.include('"shop.recipe" is not only letters, digits');
  });

  it("refuses S3 bucket names with a reserved prefix or suffix, as S3 does", () => {
    const cloud = new MockCloud();
    register(cloud, "aws:s3/bucket:Bucket", "xn--shop-prod-logs");
    register(cloud, "aws:s3/bucket:Bucket", "b", { bucket: "shop-s3alias" });
    register(cloud, "aws:s3/bucket:Bucket", "c", { bucket: "amzn-s3-demo-shop" });
    register(cloud, "aws:s3/bucket:Bucket", "acme-prod-logs");
    const lines = cloud.rejections.map((r) => r.got);
    expect(lines).to.have.length(3);
    expect(lines[0]).to.include('starting with "xn--"');
    expect(lines[1]).to.include('ending with "-s3alias"');
    expect(lines[2]).to.include('starting with "amzn-s3-demo-"');
  });

  it("refuses resources and invokes on a default provider that pulumi:disable-default-providers names", () => {
    const cloud = new MockCloud({ disabledDefaultProviders: ["random", "awsx"] });
    const component = { type: "awsx:ec2:Vpc", name: "vpc", inputs: {}, custom: false } as unknown;
    cloud.newResource(component as pulumi.runtime.MockResourceArgs);
    register(cloud, "random:index/randomPassword:RandomPassword", "pw", { length: 16 });
    cloud.newResource({
      type: "random:index/randomPassword:RandomPassword",
      name: "explicit",
      inputs: { length: 16 },
      custom: true,
      provider: "urn:pulumi:test::storefront::pulumi:providers:random::r::id-1",
    } as unknown as pulumi.runtime.MockResourceArgs);
    register(cloud, "aws:sns/topic:Topic", "topic");
    expect(cloud.rejections.map((r) => [r.key, r.got])).to.deep.equal([
      [
        "pulumi:disable-default-providers",
        "awsx:ec2:Vpc \"vpc\" without an explicit provider: default provider for 'awsx' disabled",
      ],
      [
        "pulumi:disable-default-providers",
        "random:index/randomPassword:RandomPassword \"pw\" without an explicit provider: default provider for 'random' disabled",
      ],
    ]);
    const everything = new MockCloud({ disabledDefaultProviders: ["*"] });
    everything.call({ token: "aws:index/getRegion:getRegion", inputs: {} } as pulumi.runtime.MockCallArgs);
    expect(everything.rejections.map((r) => r.key)).to.deep.equal(["pulumi:disable-default-providers"]);
  });

  it("refuses explicit names over the limit: OpenSearch 28, backup selection 50, Firehose 64", () => {
    const cloud = new MockCloud();
    register(cloud, "aws:opensearch/domain:Domain", "s", { domainName: "a".repeat(29) });
    register(cloud, "aws:backup/selection:Selection", "s", { name: "a".repeat(51) });
    register(cloud, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "f", {
      name: "a".repeat(65),
    });
    expect(cloud.rejections).to.have.length(3);
  });

  it("autonames an EFS creation token and checks it against 64 characters", () => {
    const cloud = new MockCloud();
    register(cloud, "aws:efs/fileSystem:FileSystem", "x".repeat(57));
    expect(cloud.rejections).to.have.length(1);
  });

  it("answers getAvailabilityZones with the zones the region really has", () => {
    const cloud = new MockCloud();
    const zones = (region: string) => {
      const provider = `urn:pulumi:s::p::pulumi:providers:aws::p-${region}`;
      const { id } = cloud.newResource({
        type: "pulumi:providers:aws",
        name: `p-${region}`,
        inputs: { region },
        custom: true,
      } as unknown as pulumi.runtime.MockResourceArgs);
      const answer = cloud.call({
        token: "aws:index/getAvailabilityZones:getAvailabilityZones",
        inputs: {},
        provider: `${provider}::${id}`,
      } as unknown as pulumi.runtime.MockCallArgs);
      return answer.names as string[];
    };
    expect(zones("us-west-1")).to.deep.equal(["us-west-1a", "us-west-1c"]);
    expect(zones("eu-west-1")).to.have.length(3);
    expect(zones("us-east-1")).to.have.length(6);
  });

  it("refuses a VPC over more zones than the stack region has, naming network.azCount", () => {
    const cloud = new MockCloud();
    cloud.newResource({
      type: "pulumi:providers:aws",
      name: "p",
      inputs: { region: "us-west-1" },
      custom: true,
    } as unknown as pulumi.runtime.MockResourceArgs);
    cloud.newResource({
      type: "awsx:ec2:Vpc",
      name: "vpc",
      inputs: { numberOfAvailabilityZones: 3 },
      custom: false,
    } as unknown as pulumi.runtime.MockResourceArgs);
    expect(cloud.rejections.map((r) => r.key)).to.deep.equal(["network.azCount"]);
  });
});
