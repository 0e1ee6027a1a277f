import { Provider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  checkSessionCacheArgs,
  SessionCache,
  SessionCacheArgs,
} from "../../../components/data/session-cache";
import { MockSession, useMockCloud, valueOf } from "../../mocks";

const BASE: SessionCacheArgs = {
  subnetIds: ["subnet-iso-a", "subnet-iso-b"],
  securityGroupId: "sg-cache",
  engine: "redis",
  engineVersion: "7.1",
  nodeType: "cache.r7g.large",
  replicas: 1,
  snapshotRetentionDays: 7,
  maintenanceWindow: "sun:05:00-sun:06:00",
  logRetentionDays: 365,
  authTokenParameterName: "/storefront/acme/prod/sessions/auth-token",
};

async function cache(
  stack: string,
  args: SessionCacheArgs,
): Promise<{ mocks: MockSession; cache: SessionCache }> {
  const mocks = await useMockCloud(stack);
  const provider = new Provider(`${stack}-aws`, { region: "eu-west-1" });
  const c = new SessionCache(`${stack}-sessions`, args, { providers: { aws: provider } });
  await valueOf(c.primaryEndpoint);
  await mocks.settle();
  return { mocks, cache: c };
}

describe("components/data/session-cache", () => {
  describe("prod: a replica with failover", () => {
    let mocks: MockSession;
    let sessions: SessionCache;
    before(async () => ({ mocks, cache: sessions } = await cache("prod", BASE)));

    it("fails over to a replica in another AZ", () => {
      expect(mocks.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs).to.deep.include({
        numCacheClusters: 2,
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        snapshotRetentionLimit: 7,
      });
    });

    it("requires TLS and AUTH, and encrypts at rest with its own rotating key", () => {
      const group = mocks.one("aws:elasticache/replicationGroup:ReplicationGroup");
      expect(group.inputs).to.deep.include({
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        atRestEncryptionEnabled: true,
      });
      expect(group.propertyDependencies.kmsKeyId).to.deep.equal([mocks.one("aws:kms/key:Key").urn]);
      expect(group.propertyDependencies.authToken).to.deep.equal([
        mocks.one("random:index/randomPassword:RandomPassword").urn,
      ]);
    });

    it("lives in the isolated subnets behind the cache security group", () => {
      expect(mocks.one("aws:elasticache/subnetGroup:SubnetGroup").inputs.subnetIds).to.deep.equal([
        "subnet-iso-a",
        "subnet-iso-b",
      ]);
      expect(
        mocks.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs.securityGroupIds,
      ).to.deep.equal(["sg-cache"]);
      expect(mocks.one("aws:elasticache/parameterGroup:ParameterGroup").inputs.family).to.equal("redis7");
    });

    it("keeps the AUTH token secret: in the cache, in Parameter Store, and on the component", async () => {
      const token = mocks.one("random:index/randomPassword:RandomPassword");
      expect(token.inputs).to.deep.include({ length: 64, overrideSpecial: "-_.~" });
      const group = mocks.one("aws:elasticache/replicationGroup:ReplicationGroup");
      expect(JSON.stringify(group.inputs.authToken)).to.contain("1b47061264138c4ac30d75fd1eb44270");
      const parameter = mocks.one("aws:ssm/parameter:Parameter");
      expect(parameter.inputs).to.deep.include({ type: "SecureString", name: BASE.authTokenParameterName });
      expect(JSON.stringify(parameter.inputs.value)).to.contain("1b47061264138c4ac30d75fd1eb44270");
      // Encrypted with the cache's own key, not the account's aws/ssm key that any principal may use.
      const key = mocks.one("aws:kms/key:Key");
      expect(parameter.propertyDependencies.keyId).to.deep.equal([key.urn]);
      expect(await valueOf(sessions.keyArn)).to.equal(mocks.props(key).arn);
      expect(await pulumi.isSecret(sessions.authToken)).to.equal(true);
      expect(await pulumi.isSecret(sessions.primaryEndpoint)).to.equal(false);
    });
  });

  it("runs a single Valkey node without failover in dev, still encrypted and authenticated", async () => {
    const { mocks } = await cache("dev", { ...BASE, engine: "valkey", engineVersion: "8.0", replicas: 0 });
    const group = mocks.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs;
    expect(group).to.deep.include({
      engine: "valkey",
      numCacheClusters: 1,
      automaticFailoverEnabled: false,
      multiAzEnabled: false,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
    });
    expect(mocks.one("aws:elasticache/parameterGroup:ParameterGroup").inputs.family).to.equal("valkey8");
  });

  describe("names: clients the schema accepts with '--' (a--b)", () => {
    it("gives the parameter group a name ElastiCache accepts", async () => {
      // ElastiCache User Guide, parameter group naming: no two consecutive hyphens, no hyphen at the end.
      const { mocks } = await cache("a--b-prod", BASE);
      const group = mocks.one("aws:elasticache/parameterGroup:ParameterGroup");
      const name = String(mocks.props(group).name);
      expect(name).to.match(/^[a-z][a-z0-9-]*[a-z0-9]$/);
      expect(name).to.not.include("--");
    });
  });
});

describe("components/data/session-cache: checkSessionCacheArgs", () => {
  it("refuses more nodes than subnets (each node in its own AZ) and replica counts ElastiCache refuses", () => {
    expect(() => checkSessionCacheArgs({ ...BASE, replicas: 1 })).not.to.throw();
    expect(() => checkSessionCacheArgs({ ...BASE, replicas: 2 })).to.throw(
      "SessionCache: replicas 2: at most 1 with 2 subnets (each node in its own AZ)",
    );
    expect(() => checkSessionCacheArgs({ ...BASE, replicas: 6, subnetIds: pulumi.output(["a"]) })).to.throw(
      "SessionCache: replicas 6: a whole number from 0 to 5 (ElastiCache's limit per shard)",
    );
  });
});
