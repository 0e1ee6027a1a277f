import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { planStack, PlanResult } from "../../runtime/plan-runner";
import { flows, renderReport } from "../../cli/report";
import { readStackSettings } from "../../runtime/stack-files";
import { POLICIES } from "../../policy/pack";
import { runStack } from "../../stacks/program";

describe("cli/fleet", () => {
  it("plans every stack, one line each, and exits 1 when one of them is broken", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fleet-"));
    for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"])
      copyFileSync(f, path.join(dir, f));
    writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config:\n  storefront:client: Broken\n");
    const run = spawnSync(process.execPath, [path.resolve("dist/cli/fleet.js"), "--concurrency", "2"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.status).to.equal(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).to.match(
      /^broken\s+FAILED\s+[\d.]+ s\s+error: invalid configuration for stack "broken":/,
    );
    expect(lines[1]).to.match(/^dev\s+ok\s+[\d.]+ s\s+\d+ resources\s+7 violation\(s\), 0 mandatory$/);
    expect(lines[2]).to.match(/^prod\s+ok\s+[\d.]+ s\s+\d+ resources\s+0 violation\(s\), 0 mandatory$/);
    expect(lines[lines.length - 1]).to.match(/^3 stack\(s\), \d+ resources, 1 failing, [\d.]+ s in all$/);
  });

  it("exits 0 when every stack plans cleanly", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fleet-"));
    for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml"]) copyFileSync(f, path.join(dir, f));
    const run = spawnSync(process.execPath, [path.resolve("dist/cli/fleet.js")], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.status).to.equal(0);
  });
});

describe("cli/report", () => {
  let plan: PlanResult;
  let report: string;
  before(async () => {
    plan = await planStack(readStackSettings(process.cwd(), "harbor-prod"), runStack, { policies: POLICIES });
    report = renderReport(plan, {
      client: "harbor",
      environment: "prod",
      profile: "magento",
      region: "eu-central-1",
    });
  });

  it("draws the flows between tiers from the firewall's actual rules", () => {
    expect(flows(plan)).to.deep.include.members([
      ["cdn", "alb", 443],
      ["alb", "web", 80],
      ["web", "db", 3306],
      ["web", "cache", 6379],
      ["web", "search", 443],
      ["web", "efs", 2049],
      ["operators", "bastion", 22],
      ["bastion", "web", 22],
    ]);
    expect(report).to.contain("```mermaid\nflowchart LR\n");
    expect(report).to.contain("  web -->|3306| db");
    expect(report).to.contain("  cdn[CloudFront + WAF]");
  });

  it("tabulates the AZ spread, the main resources, the capacity and the outputs", () => {
    expect(report).to.contain(
      "| Network (public, private and isolated subnets) | eu-central-1a, eu-central-1b, eu-central-1c |",
    );
    expect(report).to.match(
      /\| Search \| harbor-prod-search-domain \| OpenSearch_2\.19, 3 × r7g\.large\.search, zone awareness on \|/,
    );
    expect(report).to.match(/- Web servers: c7g\.xlarge \(4 vCPUs\), 3 to 24/);
    expect(report).to.contain("| siteUrl | https://www.harbor.example |");
  });

  it("gives the policy verdict of the stack it was given", () => {
    expect(report).to.contain("All 70 security rules pass.");
  });
});
