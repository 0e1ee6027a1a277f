import { expect } from "chai";
import { DEV, problems } from "../config-fixtures";

describe("stacks/schema/data", () => {
  it("rejects engine versions outside the engine's supported families", () => {
    expect(problems({ ...DEV, database: { engineVersion: "5.7.mysql_aurora.2.11.2" } })).to.deep.equal([
      'database.engineVersion: got "5.7.mysql_aurora.2.11.2"; expected an Aurora MySQL 8.0 version such as 8.0.mysql_aurora.3.08.2',
    ]);
    expect(problems({ ...DEV, search: { enabled: true, engineVersion: "Elasticsearch_7.10" } })[0]).to.match(
      /^search\.engineVersion: got "Elasticsearch_7\.10"; expected an OpenSearch version/,
    );
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

  it("rejects serverless capacity in fractional steps", () => {
    expect(
      problems({ ...DEV, database: { serverless: { minCapacity: 0.3, maxCapacity: 4 } } }),
    ).to.deep.equal([
      "database.serverless.minCapacity: got 0.3; expected Aurora capacity units from 0 to 256, in steps of 0.5",
    ]);
  });

  it("rejects malformed windows", () => {
    expect(problems({ ...DEV, database: { backupWindow: "2am-3am" } })).to.deep.equal([
      'database.backupWindow: got "2am-3am"; expected a UTC window hh:mm-hh:mm such as 02:00-03:00',
    ]);
  });

  it("gives the dedicated master type a message in the house format", () => {
    expect(
      problems({
        ...DEV,
        search: { enabled: true, dedicatedMasters: { enabled: true, instanceType: "m7g" } },
      }),
    ).to.deep.equal([
      'search.dedicatedMasters.instanceType: got "m7g"; expected an OpenSearch instance type such as r7g.large.search or t3.medium.search',
    ]);
  });
});
