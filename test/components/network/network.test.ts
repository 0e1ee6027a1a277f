import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { checkNetworkArgs, Network, NetworkArgs } from "../../../components/network/network";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

const DEV: NetworkArgs = {
  cidrBlock: "10.40.0.0/16",
  azCount: 2,
  region: "eu-west-1",
  natGateways: "single",
  flowLogs: { trafficType: "ALL", retentionDays: 14 },
};
const PROD: NetworkArgs = {
  ...DEV,
  azCount: 3,
  natGateways: "one-per-az",
  flowLogs: { trafficType: "ALL", retentionDays: 365 },
};

describe("components/network/network", () => {
  for (const [env, args] of [
    ["dev", DEV],
    ["prod", PROD],
  ] as const) {
    describe(env, () => {
      let mocks: MockSession;
      let network: Network;

      before(async () => {
        mocks = await useMockCloud(env);
        const provider = new Provider(`${env}-aws`, { region: "eu-west-1" });
        network = new Network(`acme-${env}-network`, args, { providers: { aws: provider } });
        await valueOf(network.vpcId);
        await mocks.settle();
      });

      it("builds the VPC with awsx's Auto strategy over the configured AZs", () => {
        const vpc = mocks.props(mocks.one("awsx:ec2:Vpc"));
        expect(vpc.subnetStrategy).to.equal("Auto");
        expect(vpc.numberOfAvailabilityZones).to.equal(args.azCount);
        expect(vpc.cidrBlock).to.equal("10.40.0.0/16");
        expect(vpc.enableDnsHostnames).to.equal(true);
      });

      it("gives every AZ a private, an isolated and a public subnet, largest first", () => {
        const specs = mocks.props(mocks.one("awsx:ec2:Vpc")).subnetSpecs as Record<string, unknown>[];
        expect(specs.map((s) => [s.type, s.tags])).to.deep.equal([
          ["Private", { tier: "private" }],
          ["Isolated", { tier: "isolated" }],
          ["Public", { tier: "public" }],
        ]);
        const masks = specs.map((s) => s.cidrMask as number);
        expect(masks).to.deep.equal([...masks].sort((a, b) => a - b));
      });

      it(`uses the ${args.natGateways} NAT strategy`, () => {
        const expected = env === "prod" ? "OnePerAz" : "Single";
        expect(mocks.props(mocks.one("awsx:ec2:Vpc")).natGateways).to.deep.equal({ strategy: expected });
      });

      it("exposes one subnet per AZ and tier, and the AZ names", async () => {
        expect(await valueOf(network.privateSubnetIds)).to.have.length(args.azCount);
        expect(await valueOf(network.isolatedSubnetIds)).to.have.length(args.azCount);
        expect(await valueOf(network.publicSubnetIds)).to.have.length(args.azCount);
        const zones = await valueOf(network.availabilityZones);
        expect(zones).to.deep.equal(["eu-west-1a", "eu-west-1b", "eu-west-1c"].slice(0, args.azCount));
      });

      it("routes S3 through a gateway endpoint on the VPC's route tables", () => {
        const vpc = mocks.props(mocks.one("awsx:ec2:Vpc"));
        expect(vpc.vpcEndpointStrategy).to.equal("Auto");
        expect(vpc.vpcEndpointSpecs).to.deep.equal([
          { serviceName: "com.amazonaws.eu-west-1.s3", vpcEndpointType: "Gateway" },
        ]);
      });

      it("closes the default security group", () => {
        const sg = mocks.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        expect(sg.inputs.ingress).to.deep.equal([]);
        expect(sg.inputs.egress).to.deep.equal([]);
        expect(sg.propertyDependencies.vpcId).to.deep.equal([mocks.one("awsx:ec2:Vpc").urn]);
      });

      it("logs all VPC traffic to a log group with the configured retention", () => {
        const flowLog = mocks.one("aws:ec2/flowLog:FlowLog");
        const group = mocks.one("aws:cloudwatch/logGroup:LogGroup");
        expect(flowLog.inputs.trafficType).to.equal("ALL");
        expect(flowLog.inputs.logDestinationType).to.equal("cloud-watch-logs");
        expect(flowLog.propertyDependencies.vpcId).to.deep.equal([mocks.one("awsx:ec2:Vpc").urn]);
        expect(flowLog.propertyDependencies.logDestination).to.deep.equal([group.urn]);
        expect(group.inputs.retentionInDays).to.equal(args.flowLogs.retentionDays);
      });

      it("lets only this account's flow logs assume a role that writes to that one group", () => {
        const role = mocks.props(mocks.one("aws:iam/role:Role"));
        const trust = JSON.parse(role.assumeRolePolicy as string);
        expect(trust.Statement[0].Principal).to.deep.equal({ Service: "vpc-flow-logs.amazonaws.com" });
        expect(trust.Statement[0].Condition).to.deep.equal({
          StringEquals: { "aws:SourceAccount": "111122223333" },
        });
        const policy = JSON.parse(mocks.props(mocks.one("aws:iam/policy:Policy")).policy as string);
        const group = mocks.props(mocks.one("aws:cloudwatch/logGroup:LogGroup"));
        expect(policy.Statement).to.have.length(1);
        expect(policy.Statement[0].Resource).to.deep.equal([group.arn, `${group.arn}:*`]);
        expect(mocks.ofType("aws:iam/rolePolicy:RolePolicy")).to.have.length(0);
        expect(mocks.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.have.length(1);
      });

      it("parents every child to the component and derives its name from the component's", () => {
        const component = mocks.one("storefront:network:Network");
        const children = mocks.recorder.registrations.filter(
          (r) => r !== component && r.type !== "pulumi:providers:aws",
        );
        expect(children.length).to.be.greaterThan(5);
        for (const child of children) {
          expect(child.parent, child.urn).to.equal(component.urn);
          expect(child.name.startsWith(`acme-${env}-network-`), child.name).to.equal(true);
        }
      });
    });
  }

  it("uses explicitly named zones instead of looking them up", async () => {
    const mocks = await useMockCloud("zones");
    const zones = ["eu-west-1b", "eu-west-1c"];
    const provider = new Provider("zones-aws", { region: "eu-west-1" });
    const network = new Network("z-network", { ...DEV, availabilityZoneNames: zones }, { provider });
    expect(await valueOf(network.availabilityZones)).to.deep.equal(zones);
    await mocks.settle();
    const vpc = mocks.props(mocks.one("awsx:ec2:Vpc"));
    expect(vpc.availabilityZoneNames).to.deep.equal(zones);
    expect(vpc).not.to.have.property("numberOfAvailabilityZones");
  });
});

describe("components/network/network: checkNetworkArgs", () => {
  it("refuses named zones that contradict the AZ count, repeat, or lie outside the region, at once", () => {
    expect(() =>
      checkNetworkArgs({ ...DEV, availabilityZoneNames: ["eu-west-1a", "eu-west-1b"] }),
    ).not.to.throw();
    expect(() =>
      checkNetworkArgs({
        ...DEV,
        azCount: 3,
        availabilityZoneNames: ["eu-west-1a", "eu-west-1a", "us-east-1a"],
      }),
    ).to.throw(
      'Network: availabilityZoneNames ["eu-west-1a","eu-west-1a","us-east-1a"]: distinct zones; ' +
        'availabilityZoneNames ["eu-west-1a","eu-west-1a","us-east-1a"]: zones of region eu-west-1',
    );
    expect(() => checkNetworkArgs({ ...DEV, availabilityZoneNames: ["eu-west-1a"] })).to.throw(
      'Network: availabilityZoneNames ["eu-west-1a"]: 2 zones, as azCount says',
    );
    expect(() => checkNetworkArgs({ ...DEV, azCount: 1 })).to.throw(
      "Network: azCount 1: a whole number, 2 or more",
    );
  });
});
