import { expect } from "chai";
import { loadStackConfig } from "../../stacks/load-config";
import { DEV, DOMAIN, PROD, source } from "./config-fixtures";

const FASTLY_KEY = new Map([["fastly:apiKey", { secret: true }]]);

describe("stacks/presets", () => {
  it("gives dev two AZs, one NAT gateway and two weeks of flow logs", () => {
    const c = loadStackConfig(source(DEV));
    expect(c.base).to.equal("dev");
    expect(c.network).to.deep.equal({
      cidr: "10.0.0.0/16",
      azCount: 2,
      natGateways: "single",
      flowLogs: { trafficType: "ALL", retentionDays: 14 },
    });
  });

  it("gives prod three AZs, a NAT gateway per AZ and a year of flow logs", () => {
    const c = loadStackConfig(source(PROD));
    expect(c.base).to.equal("prod");
    expect(c.network.azCount).to.equal(3);
    expect(c.network.natGateways).to.equal("one-per-az");
    expect(c.network.flowLogs.retentionDays).to.equal(365);
  });

  it("lets another environment name build on the preset it names", () => {
    const c = loadStackConfig(source({ ...PROD, environment: "preprod", base: "prod" }));
    expect(c.environment).to.equal("preprod");
    expect(c.base).to.equal("prod");
    expect(c.network.natGateways).to.equal("one-per-az");
  });

  it("keeps what the stack file states over the preset, key by key", () => {
    const c = loadStackConfig(
      source({ ...DEV, network: { cidr: "10.8.0.0/18", flowLogs: { trafficType: "REJECT" } } }),
    );
    expect(c.network.cidr).to.equal("10.8.0.0/18");
    expect(c.network.flowLogs).to.deep.equal({ trafficType: "REJECT", retentionDays: 14 });
    expect(c.network.azCount).to.equal(2);
  });

  it("takes the AZ count from an explicit zone list", () => {
    const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
    const c = loadStackConfig(source({ ...DEV, network: { availabilityZones: zones } }));
    expect(c.network.azCount).to.equal(3);
    expect(c.network.availabilityZones).to.deep.equal(zones);
  });

  it("sizes dev small and prod across every AZ", () => {
    const dev = loadStackConfig(source(DEV)).web;
    const prod = loadStackConfig(source(PROD)).web;
    expect([dev.instanceType, dev.minSize, dev.maxSize, dev.desiredCapacity]).to.deep.equal([
      "t4g.medium",
      1,
      3,
      1,
    ]);
    expect([prod.instanceType, prod.minSize, prod.maxSize, prod.desiredCapacity]).to.deep.equal([
      "m7g.large",
      3,
      12,
      3,
    ]);
    expect(prod.cpuTargetPercent).to.equal(70);
    expect(prod.refreshMinHealthyPercent).to.equal(90);
  });

  it("checks both profiles on the static health file, never through PHP and the database", () => {
    expect(loadStackConfig(source(DEV)).web.healthCheckPath).to.equal("/storefront-health.txt");
    expect(loadStackConfig(source({ ...DEV, profile: "magento" })).web.healthCheckPath).to.equal(
      "/storefront-health.txt",
    );
  });

  it("has no bastion unless asked, and an SSM-only one when enabled without SSH networks", () => {
    expect(loadStackConfig(source(DEV)).bastion).to.equal(undefined);
    expect(loadStackConfig(source({ ...DEV, bastion: { enabled: true } })).bastion).to.deep.equal({
      sshCidrs: [],
      instanceType: "t4g.nano",
    });
  });

  it("turns on Spot with the web instance type unless others are listed", () => {
    const web = loadStackConfig(source({ ...DEV, web: { spot: { enabled: true } } })).web;
    expect(web.spot).to.deep.equal({ instanceTypes: ["t4g.medium"], onDemandBaseCapacity: 0 });
  });

  it("creates the OpenSearch service-linked role only when the stack says so", () => {
    const magento = { ...DEV, profile: "magento" };
    expect(loadStackConfig(source(magento)).search?.createServiceLinkedRole).to.equal(undefined);
    expect(
      loadStackConfig(source({ ...magento, search: { createServiceLinkedRole: true } })).search
        ?.createServiceLinkedRole,
    ).to.equal(true);
  });

  it("runs a long-term support Aurora release by default (3.04 or 3.10, per the Aurora User Guide)", () => {
    for (const values of [DEV, PROD]) {
      expect(loadStackConfig(source(values)).database.engineVersion).to.match(
        /^8\.0\.mysql_aurora\.3\.(04|10)\.\d+$/,
      );
    }
  });

  it("gives dev a serverless writer alone and prod a provisioned writer with a reader", () => {
    const dev = loadStackConfig(source(DEV)).database;
    const prod = loadStackConfig(source(PROD)).database;
    expect([dev.serverless, dev.readers, dev.backupRetentionDays]).to.deep.equal([
      { minCapacity: 0.5, maxCapacity: 4 },
      0,
      1,
    ]);
    expect([prod.serverless, prod.instanceClass, prod.readers, prod.backupRetentionDays]).to.deep.equal([
      undefined,
      "db.r7g.large",
      1,
      30,
    ]);
  });

  it("switches dev to provisioned instances when an instance class is named", () => {
    const db = loadStackConfig(source({ ...DEV, database: { instanceClass: "db.t4g.large" } })).database;
    expect(db.serverless).to.equal(undefined);
    expect(db.instanceClass).to.equal("db.t4g.large");
  });

  it("gives prod a cache replica and a week of snapshots", () => {
    expect(loadStackConfig(source(PROD)).cache).to.deep.include({ replicas: 1, snapshotRetentionDays: 7 });
    expect(loadStackConfig(source(DEV)).cache).to.deep.include({
      replicas: 0,
      nodeType: "cache.t4g.small",
    });
  });

  it("has OpenSearch for Magento and none for WordPress unless asked", () => {
    expect(loadStackConfig(source(DEV)).search).to.equal(undefined);
    expect(loadStackConfig(source({ ...DEV, profile: "magento" })).search).to.deep.include({
      instanceCount: 1,
    });
    expect(loadStackConfig(source({ ...PROD, profile: "magento" })).search).to.deep.include({
      instanceCount: 3,
    });
    expect(loadStackConfig(source({ ...DEV, search: { enabled: true } })).search).to.not.equal(undefined);
    const masters = loadStackConfig(
      source({ ...DEV, profile: "magento", search: { dedicatedMasters: { enabled: true } } }),
    );
    expect(masters.search?.dedicatedMasterType).to.equal("m7g.large.search");
  });

  it("puts CloudFront in front of every stack with a domain, reaching the origin by its own name", () => {
    const config = loadStackConfig(source(PROD));
    expect(config.edge).to.deep.include({
      provider: "cloudfront",
      originHostname: "origin.shop.acme.example",
      priceClass: "PriceClass_All",
    });
    expect(config.waf).to.deep.equal({ rateLimit: 2000, botControl: false });
    expect(loadStackConfig(source({ ...DEV, domain: DOMAIN })).edge?.priceClass).to.equal("PriceClass_100");
  });

  it("runs dev without a CDN when there is no domain, or when asked", () => {
    expect(loadStackConfig(source(DEV)).edge).to.equal(undefined);
    expect(loadStackConfig(source({ ...DEV, domain: DOMAIN, edge: { enabled: false } })).edge).to.equal(
      undefined,
    );
  });

  it("knows whether the Fastly token is set as a secret, never its value", () => {
    const edge = { provider: "fastly", fastly: { shieldPop: "frankfurt-de" } };
    expect(loadStackConfig(source({ ...PROD, edge }, [], FASTLY_KEY)).edge?.fastly).to.deep.equal({
      shieldPop: "frankfurt-de",
      apiKey: "secret",
    });
  });

  it("keeps a week of daily backups in dev and dailies, weeklies and monthlies in prod", () => {
    expect(loadStackConfig({ stack: "t", values: DEV, secretKeys: new Set() }).backups).to.deep.equal({
      dailyRetentionDays: 7,
      weeklyRetentionDays: 0,
      monthlyRetentionDays: 0,
    });
    const prod = {
      ...DEV,
      environment: "prod",
      domain: { name: "shop.acme.example", hostedZoneId: "Z0ACMEEXAMPLE" },
      alerts: { emails: ["ops@acme.example"] },
    };
    expect(loadStackConfig({ stack: "t", values: prod, secretKeys: new Set() }).backups).to.deep.equal({
      dailyRetentionDays: 35,
      weeklyRetentionDays: 90,
      monthlyRetentionDays: 365,
    });
  });
});
