import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main } from "../../cli/plan";
import { POLICIES } from "../../policy/pack";
import { capture } from "../capture";

/*
 * The plan command end to end, run in this process through its main(argv) on the sources (so a spec
 * tests the code as edited, not a stale build) with in-memory streams. Each distinct command line is
 * planned once per file and its outcome shared by the cases that read it. What only a process shows (a
 * whole document through a pipe, the process's STOREFRONT_NOW, a full disk on stdout) runs the command
 * from its sources in a process of its own; one piped prod plan serves both the pipe and the environment.
 */

const PROCESS = `"${process.execPath}" -r "${path.resolve("runtime/ts-register.cjs")}" "${path.resolve("cli/plan.ts")}"`;
/** Before every campaign of the prod example stack: the plan is the same whatever today's date. */
const NOW = "2026-11-30T12:00:00Z";

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const runs = new Map<string, Promise<Run>>();

/** Runs `plan` with these arguments once per spec file; later calls with the same arguments share it. */
function plan(...args: string[]): Promise<Run> {
  const key = JSON.stringify(args);
  let run = runs.get(key);
  if (!run) {
    const out = capture();
    const err = capture();
    run = main(args, { stdout: out.stream, stderr: err.stream, cwd: process.cwd() }).then((status) => ({
      status,
      stdout: out.text(),
      stderr: err.text(),
    }));
    runs.set(key, run);
  }
  return run;
}

let piped: { stdout: string } | undefined;

/** `plan --stack prod --json | cat` in a process of its own whose STOREFRONT_NOW is after the summer sale. */
function pipedProdPlan(): { stdout: string } {
  piped ??= spawnSync("sh", ["-c", `${PROCESS} --stack prod --json | cat`], {
    encoding: "utf8",
    env: { ...process.env, STOREFRONT_NOW: "2027-07-10T00:00:00Z" },
  });
  return piped;
}

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function stackFile(body: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "plan-"));
  made.push(dir);
  const file = path.join(dir, "Pulumi.test.yaml");
  writeFileSync(file, body);
  return file;
}

describe("cli/plan", () => {
  it("prints the dev plan as a tree with counts and a summary, exit 0", async () => {
    const { status, stdout, stderr } = await plan("--stack", "dev");
    expect(stderr).to.equal("");
    expect(status).to.equal(0);
    const lines = stdout.split("\n").map((l) => l.replace(/ {2,}/g, "  ").trimEnd());
    expect(lines[0]).to.match(/^Offline plan of stack "dev" \(project storefront, .*Pulumi\.dev\.yaml\)$/);
    expect(lines).to.include.members([
      " +  pulumi:pulumi:Stack  storefront-dev",
      " +  ├─ pulumi:providers:aws  northwind-dev-aws",
      " +  └─ storefront:index:Storefront  northwind-dev",
      " +  ├─ storefront:network:Network  northwind-dev-network",
      " +  │  ├─ awsx:ec2:Vpc  northwind-dev-network-vpc",
      " +  ├─ storefront:web:WebTier  northwind-dev-web",
      " +  ├─ storefront:edge:CloudFrontEdge  northwind-dev-cdn",
      "  1  awsx:ec2:Vpc",
      `Policy checks: ${POLICIES.filter((p) => p.enforcementLevel !== "disabled").length} rule(s) run`,
      "  [advisory] rds-backup-retention (medium) northwind-dev-db-cluster",
      "  Backups are kept 1 day(s); at least 7 required.",
    ]);
    const count = lines.filter((l) => l.startsWith(" +  ")).length;
    expect(lines).to.include(`Summary: ${count} resources to create; 13 policy violation(s), 0 mandatory.`);
  });

  it("prints the contract's JSON document for prod with the VPC and the network resources", async () => {
    const { status, stdout } = await plan("--stack", "prod", "--json", "--now", NOW);
    expect(status).to.equal(0);
    const doc = JSON.parse(stdout);
    expect(doc).to.have.keys([
      "stack",
      "project",
      "resources",
      "violations",
      "warnings",
      "outputs",
      "summary",
    ]);
    expect(doc.warnings).to.deep.equal([]);
    expect(doc.stack).to.equal("prod");
    expect(doc.project).to.equal("storefront");
    expect(doc.violations).to.deep.equal([]);
    for (const r of doc.resources) expect(r).to.have.keys(["urn", "type", "name", "parent", "props"]);
    const types = doc.resources.map((r: { type: string }) => r.type);
    expect(types).to.include.members([
      "awsx:ec2:Vpc",
      "aws:ec2/flowLog:FlowLog",
      "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
      "aws:cloudwatch/logGroup:LogGroup",
    ]);
    const vpc = doc.resources.find((r: { type: string }) => r.type === "awsx:ec2:Vpc");
    expect(vpc.props.privateSubnetIds).to.have.length(3);
    expect(vpc.parent).to.equal(
      "urn:pulumi:prod::storefront::storefront:index:Storefront$storefront:network:Network::northwind-prod-network",
    );
    expect(doc.summary.resources).to.equal(doc.resources.length);
    expect(doc.summary.violations).to.deep.equal({ total: 0, mandatory: 0, advisory: 0 });
  });

  it("writes the whole document into a pipe before it exits", async () => {
    const piped = pipedProdPlan();
    expect(piped.stdout.length).to.be.greaterThan(65536);
    expect(() => JSON.parse(piped.stdout)).not.to.throw();
  });

  it("gives the same answer every time, so plans can be diffed", async () => {
    expect((await plan("--stack", "prod", "--json")).stdout).to.equal(
      (await plan("--stack", "prod", "--json", "--now", NOW)).stdout,
    );
  });

  it("rejects invalid configuration with one line per problem and exit 2, no stack trace", async () => {
    const file = stackFile(
      [
        "config:",
        "  storefront:client: northwind",
        "  storefront:environment: prod",
        "  storefront:profile: wordpress",
        "  storefront:region: eu-west-9",
        "  storefront:netwrok: {}",
        "  storefront:network:",
        "    cidr: 10.0.0.0/33",
        "    azCount: 12",
        "    natGateways: single",
      ].join("\n"),
    );
    const { status, stdout, stderr } = await plan("--stack", "test", "--config-file", file);
    expect(status).to.equal(2);
    expect(stdout).to.equal("");
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).to.equal('error: invalid configuration for stack "test":');
    expect(lines.slice(1).map((l) => l.trim().split(":")[0])).to.deep.equal([
      "region",
      "network.cidr",
      "network.azCount",
      "netwrok",
      "network.natGateways",
      "domain",
      "alerts.emails",
    ]);
    expect(stderr).not.to.match(/\n\s+at /);
  });

  it("reads Pulumi's secure values without being able to decrypt them, and never prints them", async () => {
    const file = stackFile(
      [
        "config:",
        "  storefront:client: northwind",
        "  storefront:environment: dev",
        "  storefront:profile: wordpress",
        "  storefront:region: eu-west-1",
        "  storefront:tags:",
        "    secure: v1:AAAABBBBCCCC",
      ].join("\n"),
    );
    const { status, stderr } = await plan("--stack", "test", "--config-file", file);
    expect(status).to.equal(2);
    expect(stderr).to.contain("tags: got [secret]; expected a plain value");
    expect(stderr).not.to.contain("AAAABBBBCCCC");
  });

  const usage: [string, string[], RegExp][] = [
    ["an unknown option", ["--stak", "dev"], /^error: Unknown option '--stak'/],
    ["a missing --stack", ["--json"], /^error: --stack is required/],
    [
      "a stack without a file",
      ["--stack", "nope"],
      /^error: no stack file .*Pulumi\.nope\.yaml; stacks here: azure-dev, azure-prod, dev, harbor-prod, prod/,
    ],
  ];
  for (const [what, args, message] of usage) {
    it(`answers ${what} with a usage error and exit 2`, async () => {
      const { status, stderr } = await plan(...args);
      expect(status).to.equal(2);
      expect(stderr).to.match(message);
    });
  }

  it("exits 1 when a policy made mandatory by the policy configuration is violated", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "policy-"));
    made.push(dir);
    const config = path.join(dir, "policy-config.json");
    writeFileSync(
      config,
      JSON.stringify({ "rds-backup-retention": { enforcementLevel: "mandatory", minimumDays: 7 } }),
    );
    const { status, stdout } = await plan("--stack", "dev", "--json", "--policy-config", config);
    expect(status).to.equal(1);
    const doc = JSON.parse(stdout);
    expect(
      doc.violations.filter((v: { enforcement: string }) => v.enforcement === "mandatory"),
    ).to.deep.equal([
      {
        policy: "rds-backup-retention",
        severity: "medium",
        enforcement: "mandatory",
        urn: "urn:pulumi:dev::storefront::storefront:index:Storefront$storefront:data:Database$aws:rds/cluster:Cluster::northwind-dev-db-cluster",
        message: "Backups are kept 1 day(s); at least 7 required.",
      },
    ]);
  });

  it("lets the policy configuration disable a rule, and --no-policies skip the pack", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "policy-"));
    made.push(dir);
    const config = path.join(dir, "policy-config.json");
    writeFileSync(config, JSON.stringify({ "rds-backup-retention": "disabled" }));
    const disabled = JSON.parse((await plan("--stack", "dev", "--json", "--policy-config", config)).stdout);
    expect(disabled.summary.policiesRun).to.equal(
      POLICIES.filter((p) => p.enforcementLevel !== "disabled").length - 1,
    );
    expect(disabled.violations.map((v: { policy: string }) => v.policy)).not.to.include(
      "rds-backup-retention",
    );
    const none = JSON.parse((await plan("--stack", "dev", "--json", "--no-policies")).stdout);
    expect([none.summary.policiesRun, none.violations]).to.deep.equal([0, []]);
  });

  it("rejects a policy configuration that is not JSON with exit 2", async () => {
    const file = stackFile("not json");
    const { status, stderr } = await plan("--stack", "dev", "--policy-config", file);
    expect(status).to.equal(2);
    expect(stderr).to.match(/not a readable JSON policy configuration/);
  });

  it("refuses a policy configuration that is a FIFO, a device, a directory or over 1 MiB: exit 2, one line", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "plan-policy-config-"));
    try {
      const fifo = path.join(dir, "fifo.json");
      spawnSync("mkfifo", [fifo]);
      const big = path.join(dir, "big.json");
      writeFileSync(big, `{"x": "${"a".repeat(1024 * 1024)}"}`);
      for (const [file, reason] of [
        [fifo, "not a regular file"],
        ["/dev/zero", "not a regular file"],
        [dir, "not a regular file"],
        [big, "a configuration file holds at most 1048576"],
      ]) {
        const { status, stderr } = await plan("--stack", "dev", "--policy-config", file);
        expect(status, file).to.equal(2);
        // One line, naming the file and the reason.
        expect(stderr.split("\n"), file).to.have.length(2);
        expect(stderr, file).to.match(/\n$/);
        expect(stderr.startsWith(`error: ${file}: `), stderr).to.equal(true);
        expect(stderr, file).to.contain(reason);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("plans at the time --now gives, so campaigns over by then are announced", async () => {
    const later = JSON.parse(
      (await plan("--stack", "prod", "--json", "--now", "2027-07-10T00:00:00Z")).stdout,
    );
    expect(later.warnings).to.deep.equal([
      "campaign summer-sale-2027 ended 2027-07-07T22:59:00Z: no capacity is scheduled for it",
    ]);
  });

  it("takes the time from STOREFRONT_NOW when --now is not given", async () => {
    // After the prod stack's summer sale: the process's clock, not the suite's pinned date, decided.
    expect(JSON.parse(pipedProdPlan().stdout).warnings).to.have.length(1);
  });

  it("answers a --now that is not a date and time with exit 2", async () => {
    const { status, stderr } = await plan("--stack", "dev", "--now", "tomorrow");
    expect(status).to.equal(2);
    expect(stderr).to.equal(
      'error: --now: got "tomorrow"; expected an ISO 8601 date and time such as 2026-11-27T06:00:00Z\n',
    );
  });

  it("fails when its output cannot be written (a full disk)", function () {
    if (!existsSync("/dev/full")) this.skip();
    const run = spawnSync("sh", ["-c", `${PROCESS} --stack dev --no-policies > /dev/full`], {
      encoding: "utf8",
    });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.match(/^error: cannot write to standard output \(ENOSPC\)/);
  });

  it("points at the line of a stack file that is not YAML", async () => {
    const file = stackFile("config:\n  storefront:client: [unclosed\n");
    const { status, stderr } = await plan("--stack", "test", "--config-file", file);
    expect(status).to.equal(2);
    expect(stderr).to.match(/^error: .*Pulumi\.test\.yaml:\d+:\d+: not valid YAML/);
  });
});
