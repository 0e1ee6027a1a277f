import { expect } from "chai";
import { loadStackConfig } from "../../stacks/load-config";
import { DEV, PROD, problems, source } from "./config-fixtures";

describe("stacks/load-config: data tier", () => {
  describe("presets", () => {
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
  });

  describe("invalid input", () => {
    it("rejects prod with no reader or less than a week of backups", () => {
      expect(problems({ ...PROD, database: { readers: 0, backupRetentionDays: 3 } })).to.deep.equal([
        "database.readers: got 0; expected 1 or more in a prod environment (a reader in another AZ takes over when the writer fails)",
        "database.backupRetentionDays: got 3; expected 7 to 35 days in a prod environment",
      ]);
    });

    it("rejects a prod cache without a replica", () => {
      expect(problems({ ...PROD, cache: { replicas: 0 } })).to.deep.equal([
        "cache.replicas: got 0; expected 1 or more in a prod environment (a replica in another AZ takes over on failure)",
      ]);
    });

    it("rejects unknown engine versions", () => {
      expect(problems({ ...DEV, database: { engineVersion: "5.7.mysql_aurora.2.11.2" } })).to.deep.equal([
        'database.engineVersion: got "5.7.mysql_aurora.2.11.2"; expected an Aurora MySQL 8.0 version such as 8.0.mysql_aurora.3.08.2',
      ]);
      expect(problems({ ...DEV, cache: { engineVersion: "6.2" } })).to.have.length(1);
      expect(problems({ ...DEV, cache: { engine: "valkey", engineVersion: "7.1" } })).to.deep.equal([
        'cache.engineVersion: got "7.1"; expected a valkey version: 7.2, 8.0, 8.1',
      ]);
      expect(
        problems({ ...DEV, search: { enabled: true, engineVersion: "Elasticsearch_7.10" } })[0],
      ).to.match(/^search\.engineVersion: got "Elasticsearch_7\.10"; expected an OpenSearch version/);
    });

    it("rejects unknown instance classes and node types", () => {
      expect(problems({ ...DEV, database: { instanceClass: "r7g.large" } })).to.deep.equal([
        'database.instanceClass: got "r7g.large"; expected an RDS instance class such as db.r7g.large or db.t4g.medium',
      ]);
      expect(problems({ ...DEV, cache: { nodeType: "t4g.small" } })[0]).to.match(
        /^cache\.nodeType: got "t4g.small"/,
      );
      expect(problems({ ...DEV, search: { enabled: true, instanceType: "r7g.large" } })[0]).to.match(
        /^search\.instanceType: got "r7g.large"/,
      );
    });

    it("rejects Magento without search", () => {
      expect(problems({ ...DEV, profile: "magento", search: { enabled: false } })).to.deep.equal([
        "search.enabled: got false; expected true for the magento profile: Magento's catalogue search needs OpenSearch",
      ]);
    });

    it("keeps prod search on two nodes or more, spread evenly over the AZs", () => {
      const magento = { ...PROD, profile: "magento" };
      expect(problems({ ...magento, search: { instanceCount: 1 } })).to.deep.equal([
        "search.instanceCount: got 1; expected 2 or more data nodes in a prod environment, in different AZs",
      ]);
      expect(problems({ ...magento, search: { instanceCount: 4 } })).to.deep.equal([
        "search.instanceCount: got 4; expected a multiple of 3, so that every AZ holds as many data nodes",
      ]);
      expect(problems({ ...magento, search: { instanceCount: 6 } })).to.deep.equal([]);
    });

    it("rejects serverless capacity that contradicts itself and fractional steps", () => {
      expect(
        problems({ ...DEV, database: { serverless: { minCapacity: 8, maxCapacity: 4 } } }),
      ).to.deep.equal(["database.serverless.minCapacity: got 8; expected at most maxCapacity (4)"]);
      expect(
        problems({ ...DEV, database: { serverless: { minCapacity: 0.3, maxCapacity: 4 } } }),
      ).to.deep.equal([
        "database.serverless.minCapacity: got 0.3; expected Aurora capacity units from 0 to 256, in steps of 0.5",
      ]);
    });

    it("keeps every reader out of the writer's AZ: at most one reader per other AZ", () => {
      expect(problems({ ...PROD, network: { azCount: 2 }, database: { readers: 2 } })).to.deep.equal([
        "database.readers: got 2; expected at most 1 with 2 AZs: each reader takes an AZ other than the writer's",
      ]);
      expect(problems({ ...PROD, network: { azCount: 3 }, database: { readers: 2 } })).to.deep.equal([]);
    });

    it("rejects reader auto scaling below the fixed readers, and maintenance during backups", () => {
      expect(
        problems({
          ...PROD,
          database: {
            readers: 2,
            readerAutoScaling: { maxReaders: 1 },
            maintenanceWindow: "mon:02:30-mon:03:30",
          },
        }),
      ).to.deep.equal([
        "database.readerAutoScaling.maxReaders: got 1; expected at least database.readers (2)",
        'database.maintenanceWindow: got "mon:02:30-mon:03:30"; expected a window clear of the daily backup window ' +
          "(02:00-03:00), midnight and week end included (RDS: must not conflict with the preferred backup window)",
      ]);
    });

    it("rejects malformed windows", () => {
      expect(problems({ ...DEV, database: { backupWindow: "2am-3am" } })).to.deep.equal([
        'database.backupWindow: got "2am-3am"; expected a UTC window hh:mm-hh:mm such as 02:00-03:00',
      ]);
    });
  });
});
