import { expect } from "chai";
import {
  checkLogAnalyticsArgs,
  LogAnalytics,
  LogAnalyticsArgs,
} from "../../../../components/azure/operations/log-analytics";
import { NAMED_QUERIES } from "../../../../components/logs/log-tables";
import { MockSession, useMockCloud, valueOf } from "../../../mocks";

const ARGS: LogAnalyticsArgs = {
  resourceGroupName: "acme-prod",
  location: "westeurope",
  retentionInDays: 365,
  queries: { frontDoor: true, gateway: true, database: true, waf: "frontDoor" },
};

describe("components/azure/operations/log-analytics", () => {
  let mocks: MockSession;
  let logs: LogAnalytics;

  before(async () => {
    mocks = await useMockCloud("azure-log-analytics");
    logs = new LogAnalytics("acme-prod", ARGS);
    await valueOf(logs.workspaceId);
    await mocks.settle();
  });

  it("keeps every table for the environment's retention, on the pay-as-you-go plan, by RBAC", () => {
    const ws = mocks.props(mocks.one("azure-native:operationalinsights:Workspace"));
    expect(ws).to.deep.include({ retentionInDays: 365, sku: { name: "PerGB2018" }, location: "westeurope" });
    expect(ws.features).to.deep.equal({ enableLogAccessUsingOnlyResourcePermissions: true });
    expect(ws.workspaceCapping).to.equal(undefined);
    expect(String(ws.workspaceName)).to.match(/^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/);
  });

  it("plans without a refusal from the mock of Azure Resource Manager", () => {
    expect(mocks.rejections).to.deep.equal([]);
  });

  it("saves a search for each incident question in the workspace", () => {
    const searches = mocks.ofType("azure-native:operationalinsights:SavedSearch").map((r) => mocks.props(r));
    const ids = searches.map((s) => String(s.savedSearchId).replace(/^storefront-/, ""));
    for (const q of NAMED_QUERIES) expect(ids).to.include(q.name);
    expect(ids).to.include.members(["db-slow-queries", "db-connections-by-client", "db-aborted-connections"]);
    for (const s of searches) {
      expect(s.category).to.equal("Storefront incidents");
      expect(String(s.query)).to.match(/\| where TimeGenerated > ago\(1d\)/);
      expect(s.workspaceName).to.equal(
        mocks.props(mocks.one("azure-native:operationalinsights:Workspace")).name,
      );
    }
    expect(logs.savedSearchIds).to.have.members(ids);
  });
});

describe("components/azure/operations/log-analytics: arguments", () => {
  it("refuses a retention outside 30-730 days, a cap of zero and a WAF on a missing tier, at once", () => {
    expect(() =>
      checkLogAnalyticsArgs({
        ...ARGS,
        retentionInDays: 14,
        dailyQuotaGb: 0,
        queries: { frontDoor: false, gateway: true, database: false, waf: "frontDoor" },
      }),
    ).to.throw(
      "LogAnalytics: retentionInDays 14: a workspace keeps data 30 to 730 days; " +
        "dailyQuotaGb 0: must be positive (leave it out for no cap); " +
        "queries.waf frontDoor: the stack has no Front Door to log WAF blocks",
    );
    expect(() => checkLogAnalyticsArgs({ ...ARGS, retentionInDays: 731 })).to.throw(/30 to 730 days/);
    expect(() => checkLogAnalyticsArgs({ ...ARGS, retentionInDays: 730 })).not.to.throw();
  });
});
