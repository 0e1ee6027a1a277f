import { Provider } from "@pulumi/aws/provider";
import { expect } from "chai";
import { checkSearchArgs, Search, SearchArgs } from "../../../components/data/search";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

const BASE: SearchArgs = {
  domainName: "acme-prod",
  subnetIds: ["subnet-iso-a", "subnet-iso-b", "subnet-iso-c"],
  securityGroupId: "sg-search",
  engineVersion: "OpenSearch_2.19",
  instanceType: "r7g.large.search",
  instanceCount: 3,
  zoneCount: 3,
  volumeGiB: 100,
  masterPasswordParameterName: "/storefront/acme/prod/search/master-password",
  logRetentionDays: 365,
};

async function search(stack: string, args: SearchArgs): Promise<MockSession> {
  const mocks = await useMockCloud(stack);
  const provider = new Provider(`${stack}-aws`, { region: "eu-west-1" });
  const s = new Search(`${stack}-search`, args, { providers: { aws: provider } });
  await valueOf(s.endpoint);
  await mocks.settle();
  return mocks;
}

describe("components/data/search", () => {
  let mocks: MockSession;
  let domain: Record<string, unknown>;
  before(async () => {
    mocks = await search("prod", BASE);
    domain = mocks.props(mocks.one("aws:opensearch/domain:Domain"));
  });

  it("encrypts at rest with its own key and between nodes, and serves HTTPS with TLS 1.2 only", () => {
    expect((domain.encryptAtRest as { enabled: boolean }).enabled).to.equal(true);
    expect(mocks.one("aws:opensearch/domain:Domain").propertyDependencies.encryptAtRest).to.deep.equal([
      mocks.one("aws:kms/key:Key").urn,
    ]);
    expect(domain.nodeToNodeEncryption).to.deep.equal({ enabled: true });
    expect(domain.domainEndpointOptions).to.deep.equal({
      enforceHttps: true,
      tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10",
    });
  });

  it("controls access finely with a generated master password, published only as a SecureString", () => {
    const security = domain.advancedSecurityOptions as Record<string, unknown>;
    expect(security).to.deep.include({ enabled: true, internalUserDatabaseEnabled: true });
    const master = security.masterUserOptions as Record<string, unknown>;
    expect(master.masterUserName).to.equal("storefront_admin");
    const password = mocks.one("random:index/randomPassword:RandomPassword");
    expect(master.masterUserPassword).to.equal(mocks.props(password).result);
    expect(mocks.one("aws:ssm/parameter:Parameter").inputs).to.deep.include({
      type: "SecureString",
      name: BASE.masterPasswordParameterName,
    });
    // Encrypted with the domain's own key, not the account's aws/ssm key that any principal may use.
    const key = mocks.one("aws:kms/key:Key");
    expect(mocks.one("aws:ssm/parameter:Parameter").propertyDependencies.keyId).to.deep.equal([key.urn]);
  });

  it("spreads three data nodes over three AZs on gp3, inside the VPC only", () => {
    expect(domain.clusterConfig).to.deep.include({
      instanceType: "r7g.large.search",
      instanceCount: 3,
      zoneAwarenessEnabled: true,
      zoneAwarenessConfig: { availabilityZoneCount: 3 },
      dedicatedMasterEnabled: false,
    });
    expect(domain.ebsOptions).to.deep.equal({ ebsEnabled: true, volumeType: "gp3", volumeSize: 100 });
    expect(domain.vpcOptions).to.deep.equal({
      subnetIds: ["subnet-iso-a", "subnet-iso-b", "subnet-iso-c"],
      securityGroupIds: ["sg-search"],
    });
  });

  it("publishes application, slow and audit logs to CloudWatch Logs, which lets the service write", () => {
    const options = domain.logPublishingOptions as { logType: string; enabled: boolean }[];
    expect(options.map((o) => o.logType)).to.deep.equal([
      "ES_APPLICATION_LOGS",
      "INDEX_SLOW_LOGS",
      "SEARCH_SLOW_LOGS",
      "AUDIT_LOGS",
    ]);
    expect(options.every((o) => o.enabled)).to.equal(true);
    const policy = JSON.parse(
      mocks.props(mocks.one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy")).policyDocument as string,
    );
    expect(policy.Statement[0].Principal).to.deep.equal({ Service: "es.amazonaws.com" });
    expect(policy.Statement[0].Resource).to.have.length(4);
    // Only this account's domain may write into the log groups (no confused deputy).
    expect(Object.keys(policy.Statement[0].Condition).sort()).to.deep.equal(["ArnLike", "StringEquals"]);
    expect(policy.Statement[0].Condition.StringEquals["aws:SourceAccount"]).to.match(/^\d{12}$/);
    expect(policy.Statement[0].Condition.ArnLike["aws:SourceArn"]).to.match(
      /^arn:aws:es:[a-z0-9-]+:\d{12}:domain\//,
    );
    expect(mocks.one("aws:opensearch/domain:Domain").dependencies).to.include(
      mocks.one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy").urn,
    );
  });

  it("runs one node in one subnet without zone awareness in dev, with dedicated masters when asked", async () => {
    const dev = await search("dev", {
      ...BASE,
      instanceType: "t3.medium.search",
      instanceCount: 1,
      zoneCount: 1,
      dedicatedMasterType: "m7g.large.search",
    });
    const props = dev.props(dev.one("aws:opensearch/domain:Domain"));
    expect(props.clusterConfig).to.deep.include({
      instanceCount: 1,
      zoneAwarenessEnabled: false,
      dedicatedMasterEnabled: true,
      dedicatedMasterType: "m7g.large.search",
      dedicatedMasterCount: 3,
    });
    expect((props.vpcOptions as { subnetIds: string[] }).subnetIds).to.deep.equal(["subnet-iso-a"]);
  });
});

describe("components/data/search: the account's OpenSearch service-linked role", () => {
  it("is left alone by default: it is account-wide, a one-time prerequisite (docs/DEPLOYING.md)", async () => {
    const mocks = await search("slr-default", BASE);
    expect(mocks.ofType("aws:iam/serviceLinkedRole:ServiceLinkedRole")).to.deep.equal([]);
  });

  it("is created, before the domain, when the stack says so", async () => {
    const mocks = await search("slr-create", { ...BASE, createServiceLinkedRole: true });
    const role = mocks.one("aws:iam/serviceLinkedRole:ServiceLinkedRole");
    expect(role.inputs.awsServiceName).to.equal("opensearchservice.amazonaws.com");
    expect(mocks.one("aws:opensearch/domain:Domain").dependencies).to.include(role.urn);
  });
});

describe("components/data/search: checkSearchArgs", () => {
  it("refuses data nodes that do not spread evenly, and subnets that are not one per zone, at once", () => {
    expect(() => checkSearchArgs({ ...BASE, zoneCount: 3, instanceCount: 6 })).not.to.throw();
    expect(() =>
      checkSearchArgs({ ...BASE, zoneCount: 3, instanceCount: 4, subnetIds: ["a", "b"] }),
    ).to.throw(
      "Search: instanceCount 4: a multiple of zoneCount (3); subnetIds: 3 subnets or more, one per zone (got 2)",
    );
    expect(() => checkSearchArgs({ ...BASE, zoneCount: 4, instanceCount: 4 })).to.throw(
      /zoneCount 4: 1, 2 or 3/,
    );
  });
});
