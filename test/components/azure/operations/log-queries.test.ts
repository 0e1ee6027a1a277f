import { expect } from "chai";
import { DIAGNOSTIC_PROFILES } from "../../../../components/azure/operations/diagnostics";
import { savedQueries } from "../../../../components/azure/operations/log-queries";
import { NAMED_QUERIES } from "../../../../components/logs/log-tables";

const ALL = { frontDoor: true, gateway: true, database: true, waf: "frontDoor" } as const;

/** Quotes and brackets balance: a cheap guard against a broken query string (no Kusto engine here). */
function balanced(query: string): boolean {
  const unquoted = query.replace(/"[^"\n]*"/g, '""');
  if (/"/.test(unquoted.replace(/""/g, ""))) return false;
  let depth = 0;
  for (const ch of unquoted) {
    depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

describe("components/azure/operations/log-queries", () => {
  it("answers every incident question the AWS archive's Athena queries answer, under the same id", () => {
    const ids = savedQueries(ALL).map((q) => q.id);
    for (const aws of NAMED_QUERIES) expect(ids, aws.name).to.include(aws.name);
  });

  it("answers the database's questions too: slow statements, who connects, aborted connections", () => {
    const ids = savedQueries(ALL).map((q) => q.id);
    expect(ids).to.include.members(["db-slow-queries", "db-connections-by-client", "db-aborted-connections"]);
  });

  it("reads only log categories the diagnostic settings send", () => {
    const sent = new Set(
      Object.values(DIAGNOSTIC_PROFILES).flatMap((p) => p.logs.map((l) => l.toLowerCase())),
    );
    for (const q of [...savedQueries(ALL), ...savedQueries({ ...ALL, frontDoor: false, waf: "gateway" })]) {
      for (const [, category] of q.query.matchAll(/Category =~ "(\w+)"/g)) {
        expect(sent.has(category.toLowerCase()), `${q.id}: ${category}`).to.equal(true);
      }
      if (/^AGW/.test(q.query)) expect(DIAGNOSTIC_PROFILES.applicationGateway.dedicated, q.id).to.equal(true);
      expect(balanced(q.query), q.id).to.equal(true);
      expect(q.query, q.id).to.match(/ago\(1d\)/);
      expect(q.functionAlias, q.id).to.match(/^[A-Za-z_][A-Za-z0-9_]*$/);
    }
  });

  it("takes shoppers' addresses from Front Door when it fronts the gateway, else from the gateway", () => {
    const top = (o: Parameters<typeof savedQueries>[0]) =>
      savedQueries(o).find((q) => q.id === "top-client-ips")!;
    expect(top(ALL).query).to.contain("FrontDoorAccessLog");
    expect(top({ ...ALL, frontDoor: false, waf: "gateway" }).query).to.match(/^AGWAccessLogs/);
  });

  it("reads WAF blocks where the WAF runs", () => {
    const waf = (o: Parameters<typeof savedQueries>[0]) =>
      savedQueries(o).find((q) => q.id === "waf-blocks-by-rule");
    expect(waf(ALL)!.query).to.contain('action_s =~ "Block"');
    expect(waf({ ...ALL, waf: "gateway" })!.query).to.match(/^AGWFirewallLogs[\s\S]*"Blocked"/);
    expect(waf({ ...ALL, waf: undefined })).to.equal(undefined);
  });

  it("asks nothing about tiers the stack does not have", () => {
    expect(savedQueries({ frontDoor: false, gateway: false, database: false })).to.deep.equal([]);
  });
});
