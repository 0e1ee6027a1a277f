import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { defaultEnforcement, POLICIES } from "../../policy/pack";
import { RULES } from "../../policy/rules";

/** The core rules of the security catalogue (../shared/policy-catalogue.md, rows marked ●). */
export const CORE_RULE_IDS = [
  "sg-no-public-ingress-admin-ports", "sg-no-public-ingress-all-ports", "sg-public-ingress-only-web-ports",
  "sg-no-public-ingress-data-ports", "default-sg-restrict-all", "nacl-no-public-ingress-admin-ports",
  "vpc-flow-logs-enabled", "subnet-no-auto-public-ip", "imdsv2-required", "ec2-ebs-encrypted", "ec2-no-public-ip",
  "ec2-detailed-monitoring", "asg-uses-launch-template", "asg-launch-template-hardened",
  "bastion-ssh-allowlisted-cidrs", "ssh-only-from-bastion", "alb-listener-https-only", "alb-listener-tls-policy",
  "alb-drop-invalid-headers", "alb-access-logs", "alb-deletion-protection", "alb-waf-association",
  "efs-encrypted-at-rest", "efs-encryption-in-transit", "efs-backup-enabled", "elasticache-encryption-at-rest",
  "elasticache-encryption-in-transit", "elasticache-auth", "elasticache-multi-az", "elasticache-automatic-failover",
  "elasticache-snapshot-retention", "rds-storage-encrypted", "rds-not-publicly-accessible", "rds-deletion-protection",
  "rds-backup-retention", "rds-iam-auth", "rds-multi-az", "rds-log-exports", "rds-performance-insights",
  "rds-auto-minor-version-upgrade", "rds-managed-master-password", "data-tier-sg-only-from-app-tier",
  "data-tier-in-private-subnets", "opensearch-encryption-at-rest", "opensearch-node-to-node-encryption",
  "opensearch-https-tls12", "opensearch-in-vpc", "opensearch-fine-grained-access",
  "opensearch-access-policy-no-anonymous", "opensearch-logging", "cloudfront-viewer-https", "cloudfront-viewer-tls",
  "cloudfront-origin-https-only", "cloudfront-waf", "cloudfront-geo-restriction", "cloudfront-access-logging",
  "cloudfront-s3-origin-access-control", "wafv2-webacl-has-rules", "wafv2-logging", "s3-public-access-block",
  "s3-no-public-acl", "s3-encryption-at-rest", "s3-versioning", "s3-tls-only-policy", "iam-no-admin-star-policy",
  "iam-no-admin-managed-attachment", "iam-no-wildcard-actions", "iam-no-inline-policies", "no-plaintext-secrets",
  "kms-key-rotation",
]; // prettier-ignore

const CATALOGUE = path.resolve("../shared/policy-catalogue.md");

describe("policy/pack", () => {
  it("has every core rule of the catalogue", () => {
    const names = POLICIES.map((p) => p.name);
    expect(CORE_RULE_IDS.filter((id) => !names.includes(id))).to.deep.equal([]);
  });

  it("lists the catalogue's core rules as the catalogue does", function () {
    if (!existsSync(CATALOGUE)) this.skip();
    const core = readFileSync(CATALOGUE, "utf8")
      .split("\n")
      .filter((line) => /^\| \d+ \| `[a-z0-9-]+` \| ● \|/.test(line))
      .map((line) => /`([a-z0-9-]+)`/.exec(line)![1]);
    expect(core.sort()).to.deep.equal([...CORE_RULE_IDS].sort());
  });

  it("gives every rule a unique kebab-case name and the metadata a reviewer needs", () => {
    expect(new Set(POLICIES.map((p) => p.name)).size).to.equal(POLICIES.length);
    for (const p of POLICIES) {
      expect(p.name, p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.description, p.name).to.match(/^[A-Z].*\.$/);
      expect(p.remediationSteps, p.name).to.be.a("string").with.length.greaterThan(10);
      expect(["low", "medium", "high", "critical"], p.name).to.include(p.severity);
    }
  });

  it("references CIS or PCI DSS wherever the catalogue maps the rule", () => {
    const unmapped = ["ec2-detailed-monitoring", "asg-uses-launch-template", "alb-deletion-protection",
      "elasticache-multi-az", "elasticache-automatic-failover", "rds-deletion-protection", "rds-performance-insights",
      "cloudfront-geo-restriction"]; // prettier-ignore
    for (const p of POLICIES) {
      if (unmapped.includes(p.name)) continue;
      expect(p.framework?.name, p.name).to.match(/^(PCI DSS|CIS AWS Foundations Benchmark)$/);
      expect(p.tags?.length, p.name).to.be.greaterThan(0);
    }
  });

  it("makes critical and high rules mandatory and the rest advisory by default", () => {
    for (const rule of RULES) {
      const level = POLICIES.find((p) => p.name === rule.id)!.enforcementLevel;
      expect(level, rule.id).to.equal(defaultEnforcement(rule));
      expect(level, rule.id).to.equal(
        ["critical", "high"].includes(rule.severity) ? "mandatory" : "advisory",
      );
    }
  });

  it("has tests naming every rule", () => {
    const specs = readdirSync("test/policy")
      .filter((f) => f.endsWith(".test.ts") && f !== "pack.test.ts")
      .map((f) => readFileSync(path.join("test/policy", f), "utf8"))
      .join("\n");
    expect(POLICIES.map((p) => p.name).filter((name) => !specs.includes(`"${name}"`))).to.deep.equal([]);
  });

  it("starts as a CrossGuard analyzer from its own directory", async () => {
    // The analyzer announces the port it listens on; the engine would connect there.
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], {
      cwd: path.resolve("policy"),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]);
      });
      child.on("exit", (code) => reject(new Error(`the pack exited with ${code} before listening`)));
      setTimeout(() => reject(new Error("the pack did not announce a port")), 20000);
    }).finally(() => child.kill());
    expect(firstLine.trim()).to.match(/^\d+$/);
  });
});
