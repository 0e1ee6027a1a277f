import { expect } from "chai";
import { SkuName } from "@pulumi/azure-native/types/enums/redisenterprise";
import { azureSizeFor, sizeFor, vcpusOf } from "../../stacks/sizing";

const PROD = { profile: "magento" as const, base: "prod" as const, azCount: 3 };

describe("stacks/sizing", () => {
  it("sizes the case study: 10,000 Magento shoppers need about ten four-vCPU servers at 70% CPU", () => {
    const s = sizeFor({ ...PROD, peakUsers: 10000 });
    expect(s.pageViewsPerSecond).to.equal(500);
    expect(s.web.instanceType).to.equal("c7g.xlarge");
    expect(s.web.peakServers).to.be.within(10, 11);
    expect(s.web.maxSize).to.be.greaterThanOrEqual(Math.ceil(s.web.peakServers * 1.5));
  });

  it("never gives fewer servers, a smaller database or fewer readers to more shoppers", () => {
    const classes = ["db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge", "db.r7g.4xlarge"];
    for (const profile of ["magento", "wordpress"] as const) {
      let previous = sizeFor({ ...PROD, profile, peakUsers: 10 });
      for (let users = 100; users <= 2_000_000; users = Math.ceil(users * 1.3)) {
        const next = sizeFor({ ...PROD, profile, peakUsers: users });
        expect(next.web.maxSize, `${profile} ${users}`).to.be.at.least(previous.web.maxSize);
        expect(next.web.minSize, `${profile} ${users}`).to.be.at.least(previous.web.minSize);
        expect(classes.indexOf(next.database.instanceClass)).to.be.at.least(
          classes.indexOf(previous.database.instanceClass),
        );
        expect(next.database.readers).to.be.at.least(previous.database.readers);
        previous = next;
      }
    }
  });

  it("keeps within the limits: a server per AZ in prod, at most 500 servers, min ≤ desired ≤ max", () => {
    for (const users of [1, 50, 5000, 50_000_000]) {
      const s = sizeFor({ ...PROD, peakUsers: users });
      expect(s.web.minSize).to.be.at.least(3);
      expect(s.web.maxSize).to.be.at.most(500);
      expect(s.web.desiredCapacity).to.be.within(s.web.minSize, s.web.maxSize);
    }
    const dev = sizeFor({ ...PROD, base: "dev", peakUsers: 200 });
    expect([dev.web.instanceType, dev.web.minSize, dev.database.readers]).to.deep.equal(["t4g.medium", 1, 0]);
  });

  it("takes page views per second over the think-time estimate when given", () => {
    expect(sizeFor({ ...PROD, peakUsers: 10000, pageViewsPerSecond: 1200 }).pageViewsPerSecond).to.equal(
      1200,
    );
  });

  it("knows the vCPUs of instance sizes", () => {
    expect(["t4g.medium", "m7g.large", "c7g.xlarge", "c7g.4xlarge"].map(vcpusOf)).to.deep.equal([
      2, 2, 4, 16,
    ]);
  });
});

/*
 * What Azure offers, as Microsoft documents it (copied from the documents, not from the table under test):
 * - MySQL Flexible Server compute sizes per tier ("Azure Database for MySQL - Flexible Server service tiers");
 * - web servers: Dpsv6 and Dplsv6, the Arm64 series Trusted Launch supports ("Trusted Launch for Azure
 *   virtual machines"; "Dpsv6 sizes series", "Dplsv6 sizes series");
 * - search nodes: Esv5 sizes, x64 ("Esv5 sizes series");
 * - Managed Redis SKUs: the SkuName values of azure-native's redisenterprise module (the SDK the kit deploys with).
 */
const MYSQL_SIZES = {
  Burstable: ["B1ms", "B2s", "B2ms", "B4ms", "B8ms", "B12ms", "B16ms", "B20ms"],
  GeneralPurpose: [2, 4, 8, 16, 32, 48, 64].flatMap((n) => [`D${n}ads_v5`, `D${n}ds_v4`]).concat("D96ds_v5"),
};
const WEB_SIZES = [2, 4, 8, 16, 32, 48, 64, 96].flatMap((n) => [
  `Standard_D${n}ps_v6`,
  `Standard_D${n}pls_v6`,
]);
const SEARCH_SIZES = [2, 4, 8, 16, 20, 32, 48, 64, 96].map((n) => `Standard_E${n}s_v5`);
const REDIS_SKUS = new Set<string>(Object.values(SkuName));
const AZ_PROD = { profile: "magento" as const, base: "prod" as const, zoneCount: 3 };

describe("stacks/sizing: the Azure table", () => {
  it("gives only sizes Azure offers, for every profile, environment and peak", () => {
    for (const profile of ["magento", "wordpress"] as const) {
      for (const base of ["dev", "prod"] as const) {
        for (let users = 10; users <= 5_000_000; users = Math.ceil(users * 1.7)) {
          const s = azureSizeFor({ profile, base, zoneCount: base === "prod" ? 3 : 0, peakUsers: users });
          const at = `${profile} ${base} ${users}`;
          expect(WEB_SIZES, at).to.include(s.web.instanceType);
          expect(
            MYSQL_SIZES[s.database.tier].map((n) => `Standard_${n}`),
            at,
          ).to.include(s.database.sku);
          expect(REDIS_SKUS.has(s.cache.sku), `${at}: ${s.cache.sku}`).to.equal(true);
          if (base === "prod") expect(SEARCH_SIZES, at).to.include(s.search.instanceType);
        }
      }
    }
  });

  it("fits the kit's rules: prod has HA-capable MySQL and a server per zone, dev's Burstable tier has no readers", () => {
    for (const users of [1, 500, 10_000, 400_000]) {
      const prod = azureSizeFor({ ...AZ_PROD, peakUsers: users });
      // "High availability isn't supported in the burstable tier"; Burstable has no read replicas either.
      expect(prod.database.tier).to.equal("GeneralPurpose");
      expect(prod.web.minSize).to.be.at.least(3);
      expect(prod.web.desiredCapacity).to.be.within(prod.web.minSize, prod.web.maxSize);
      // Readers go to zones other than the writer's.
      expect(prod.database.readers).to.be.within(1, 2);
      // An in-zone prod cache keeps its replica: at least the preset's Balanced_B3 (3 GB).
      expect(["Balanced_B0", "Balanced_B1"]).not.to.include(prod.cache.sku);
      const dev = azureSizeFor({ ...AZ_PROD, base: "dev", zoneCount: 0, peakUsers: users });
      expect([dev.database.tier, dev.database.readers, dev.web.minSize]).to.deep.equal(["Burstable", 0, 1]);
    }
  });

  it("sizes the case study as on AWS: 10,000 Magento shoppers, about ten four-vCPU servers", () => {
    const s = azureSizeFor({ ...AZ_PROD, peakUsers: 10000 });
    expect(s.pageViewsPerSecond).to.equal(500);
    expect(s.web.instanceType).to.equal("Standard_D4ps_v6");
    expect(s.web.peakServers).to.be.within(10, 11);
    expect(s.web.maxSize).to.be.at.least(Math.ceil(s.web.peakServers * 1.5));
  });

  it("never gives fewer servers or smaller data tiers to more shoppers", () => {
    const order = (list: readonly string[], v: string) => list.indexOf(v);
    const mysql = MYSQL_SIZES.GeneralPurpose.map((n) => `Standard_${n}`).sort(
      (a, b) => Number(/\d+/.exec(a)) - Number(/\d+/.exec(b)),
    );
    const redis = ["Balanced_B3", "Balanced_B5", "Balanced_B10", "Balanced_B20"];
    let previous = azureSizeFor({ ...AZ_PROD, peakUsers: 10 });
    for (let users = 100; users <= 2_000_000; users = Math.ceil(users * 1.3)) {
      const next = azureSizeFor({ ...AZ_PROD, peakUsers: users });
      expect(next.web.maxSize).to.be.at.least(previous.web.maxSize);
      expect(next.web.minSize).to.be.at.least(previous.web.minSize);
      expect(Number(/\d+/.exec(next.database.sku))).to.be.at.least(Number(/\d+/.exec(previous.database.sku)));
      expect(order(mysql, next.database.sku)).to.be.at.least(0);
      expect(order(redis, next.cache.sku)).to.be.at.least(order(redis, previous.cache.sku));
      expect(Number(/\d+/.exec(next.search.instanceType))).to.be.at.least(
        Number(/\d+/.exec(previous.search.instanceType)),
      );
      expect(next.database.readers).to.be.at.least(previous.database.readers);
      previous = next;
    }
  });
});
