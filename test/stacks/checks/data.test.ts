import { expect } from "chai";
import { DEV, PROD, problems } from "../config-fixtures";

describe("stacks/checks/data", () => {
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

  it("rejects a cache engine version of the other engine, or none the engine runs", () => {
    expect(problems({ ...DEV, cache: { engineVersion: "6.2" } })).to.have.length(1);
    expect(problems({ ...DEV, cache: { engine: "valkey", engineVersion: "7.1" } })).to.deep.equal([
      'cache.engineVersion: got "7.1"; expected a valkey version: 7.2, 8.0, 8.1',
    ]);
  });

  it("rejects serverless capacity that contradicts itself", () => {
    expect(problems({ ...DEV, database: { serverless: { minCapacity: 8, maxCapacity: 4 } } })).to.deep.equal([
      "database.serverless.minCapacity: got 8; expected at most maxCapacity (4)",
    ]);
  });
});
