import { expect } from "chai";
import {
  SNAPSHOT_ROLE_ACTIONS,
  STORAGE_API_VERSION,
  snapshotWorkflowDefinition,
} from "../../../../components/azure/storage/snapshot-schedule";

/*
 * The workflow's expiry filter is evaluated here with a small interpreter of the Logic Apps expression
 * functions it uses (and, equals, not, empty, less, ticks, addDays, utcNow, last, split, item, parameters),
 * written from the workflow definition language reference ("Reference guide to workflow expression
 * functions in Azure Logic Apps"), so the filter is shown to pick exactly the expired snapshots of this
 * share: never the live share (no snapshotTime), never another share's snapshots.
 */

type Value = unknown;
type Node =
  | { kind: "call"; name: string; args: Node[]; path: { optional: boolean; key: string }[] }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number };

function parse(source: string): Node {
  let i = 0;
  const ws = () => {
    while (source[i] === " ") i++;
  };
  const expr = (): Node => {
    ws();
    if (source[i] === "'") {
      const end = source.indexOf("'", i + 1);
      const value = source.slice(i + 1, end);
      i = end + 1;
      return { kind: "string", value };
    }
    const number = /^-?\d+/.exec(source.slice(i));
    if (number) {
      i += number[0].length;
      return { kind: "number", value: Number(number[0]) };
    }
    const name = /^[A-Za-z]+/.exec(source.slice(i))![0];
    i += name.length;
    expect(source[i], `'(' after ${name}`).to.equal("(");
    i++;
    const args: Node[] = [];
    ws();
    while (source[i] !== ")") {
      args.push(expr());
      ws();
      if (source[i] === ",") i++;
      ws();
    }
    i++;
    const path: { optional: boolean; key: string }[] = [];
    while (source[i] === "?" || source[i] === "[") {
      const optional = source[i] === "?";
      if (optional) i++;
      i++; // [
      const key = expr() as { value: string };
      i++; // ]
      path.push({ optional, key: key.value });
    }
    return { kind: "call", name, args, path };
  };
  expect(source[0]).to.equal("@");
  i = 1;
  const node = expr();
  expect(i, `the whole expression is parsed: ${source.slice(i)}`).to.equal(source.length);
  return node;
}

function evaluate(node: Node, scope: { item: Value; parameters: Record<string, string>; now: Date }): Value {
  if (node.kind !== "call") return node.value;
  const a = node.args.map((n) => evaluate(n, scope));
  const functions: Record<string, () => Value> = {
    and: () => a.every(Boolean),
    not: () => !a[0],
    equals: () => a[0] === a[1],
    empty: () => a[0] === undefined || a[0] === null || a[0] === "",
    less: () => (a[0] as number) < (a[1] as number),
    // 100-nanosecond intervals since 0001-01-01; only the order matters here.
    ticks: () => Date.parse(a[0] as string) * 10000 + 621355968000000000,
    addDays: () => new Date(Date.parse(a[0] as string) + (a[1] as number) * 86400000).toISOString(),
    utcNow: () => scope.now.toISOString(),
    split: () => (a[0] as string).split(a[1] as string),
    last: () => (a[0] as unknown[])[(a[0] as unknown[]).length - 1],
    item: () => scope.item,
    parameters: () => scope.parameters[a[0] as string],
  };
  expect(functions, `a function the interpreter knows: ${node.name}`).to.have.property(node.name);
  let value = functions[node.name]();
  for (const step of node.path) {
    value = value === undefined || value === null ? undefined : (value as Record<string, Value>)[step.key];
  }
  return value;
}

const SHARE =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct/fileServices/default/shares/media";

describe("components/azure/storage/snapshot-schedule", () => {
  const definition = snapshotWorkflowDefinition({ retentionDays: 30, hourUtc: 2, minuteUtc: 30 }) as {
    parameters: Record<string, unknown>;
    triggers: { Daily: { recurrence: Record<string, unknown> } };
    actions: Record<
      string,
      { type: string; runAfter: Record<string, string[]>; inputs?: Record<string, unknown> }
    >;
  };

  it("runs daily at the given UTC time", () => {
    expect(definition.triggers.Daily.recurrence).to.deep.equal({
      frequency: "Day",
      interval: 1,
      timeZone: "UTC",
      schedule: { hours: [2], minutes: [30] },
    });
  });

  it("takes the snapshot through ARM with $expand=snapshots, as the workflow's user-assigned identity", () => {
    const take = definition.actions.Take_snapshot.inputs!;
    expect(take.method).to.equal("PUT");
    expect(take.uri).to.equal(
      `https://management.azure.com@{parameters('shareId')}?api-version=${STORAGE_API_VERSION}&$expand=snapshots`,
    );
    expect(take.authentication).to.deep.equal({
      type: "ManagedServiceIdentity",
      identity: "@parameters('identityId')",
      audience: "https://management.azure.com/",
    });
    expect(Object.keys(definition.parameters).sort()).to.deep.equal(["accountId", "identityId", "shareId"]);
  });

  it("prunes even on a day the snapshot failed, and deletes each expired snapshot by its time only", () => {
    expect(definition.actions.List_shares.runAfter).to.deep.equal({ Take_snapshot: ["Succeeded", "Failed"] });
    const loop = definition.actions.Delete_expired as unknown as {
      foreach: string;
      actions: {
        Delete_snapshot: { inputs: { method: string; uri: string; headers: Record<string, string> } };
      };
    };
    expect(loop.foreach).to.equal("@body('Expired_snapshots')");
    const del = loop.actions.Delete_snapshot.inputs;
    expect(del.method).to.equal("DELETE");
    expect(del.uri).not.to.include("$expand");
    expect(del.headers["x-ms-snapshot"]).to.equal(
      "@{items('Delete_expired')?['properties']?['snapshotTime']}",
    );
  });

  it("selects exactly this share's snapshots older than the retention", () => {
    const where = parse((definition.actions.Expired_snapshots.inputs as { where: string }).where);
    const now = new Date("2026-11-30T02:30:00Z");
    const listed = [
      { name: "media", properties: {} }, // the live share
      { name: "media", properties: { snapshotTime: "2026-11-29T02:30:01.0000000Z" } },
      { name: "media", properties: { snapshotTime: "2026-10-31T02:31:00.0000000Z" } }, // 29.99 days
      { name: "media", properties: { snapshotTime: "2026-10-30T02:29:00.0000000Z" } }, // 31 days
      { name: "media", properties: { snapshotTime: "2026-06-01T02:30:00.0000000Z" } },
      { name: "other", properties: { snapshotTime: "2026-01-01T00:00:00.0000000Z" } },
    ];
    const expired = listed.filter((item) => evaluate(where, { item, parameters: { shareId: SHARE }, now }));
    expect(expired.map((s) => (s.properties as { snapshotTime: string }).snapshotTime)).to.deep.equal([
      "2026-10-30T02:29:00.0000000Z",
      "2026-06-01T02:30:00.0000000Z",
    ]);
  });

  it("follows the retention it is given", () => {
    const week = snapshotWorkflowDefinition({
      retentionDays: 7,
      hourUtc: 0,
      minuteUtc: 0,
    }) as typeof definition;
    expect(String(week.actions.Expired_snapshots.inputs!.where)).to.include("addDays(utcNow(), -7)");
  });

  it("asks for share actions only", () => {
    for (const action of SNAPSHOT_ROLE_ACTIONS) {
      expect(action).to.match(
        /^Microsoft\.Storage\/storageAccounts\/fileServices\/shares\/(read|write|delete)$/,
      );
    }
  });
});
