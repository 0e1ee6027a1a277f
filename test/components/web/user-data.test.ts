import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CONFIG_DIR, USER_DATA_MAX_BYTES } from "../../../components/web/user-data";
import { sampleUserData } from "./fixtures";

describe("components/web/user-data", () => {
  const script = sampleUserData("magento");
  const lines = script.split("\n");

  it("is a bash script that stops at the first failure and creates nothing world-readable by default", () => {
    expect(lines[0]).to.equal("#!/bin/bash");
    expect(lines).to.include.members(["set -euo pipefail", "umask 027"]);
  });

  it("fits EC2's 16 KB user data limit for both profiles", () => {
    for (const profile of ["wordpress", "magento"] as const) {
      expect(Buffer.byteLength(sampleUserData(profile)), profile).to.be.below(USER_DATA_MAX_BYTES);
    }
  });

  it("mounts every media directory from EFS over TLS with IAM through its access point", () => {
    expect(lines).to.include.members([
      "mkdir -p /var/www/magento/pub/media",
      "mkdir -p /var/www/magento/var",
      "grep -qxF 'fs-0123:/ /var/www/magento/pub/media efs _netdev,noresvport,tls,iam,accesspoint=fsap-media 0 0' " +
        "/etc/fstab || echo 'fs-0123:/ /var/www/magento/pub/media efs _netdev,noresvport,tls,iam,accesspoint=fsap-media 0 0' >> /etc/fstab",
      "mountpoint -q /var/www/magento/var",
    ]);
  });

  it("reads the database secret and the AUTH token at boot into files only root and PHP's group read", () => {
    expect(lines).to.include(
      `refresh "$conf/database.json" credentials secret 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1' || status=1`,
    );
    expect(lines).to.include(`  refresh "$conf/session-token" nonempty parameter '/sf/auth' || status=1`);
    expect(lines).to.include("group=apache");
    expect(lines).to.include(`conf=${CONFIG_DIR}`);
    // First boot runs the script for everything, retrying while the role's permissions propagate,
    // and fails when the files are still missing.
    const run = lines.indexOf(
      "for _ in $(seq 1 20); do /usr/local/sbin/storefront-secrets all && break; sleep 15; done",
    );
    expect(run).to.be.greaterThan(0);
    expect(lines.slice(run + 2, run + 4)).to.deep.equal([
      '[ -s "$conf/database.json" ]',
      '[ -s "$conf/session-token" ]',
    ]);
  });

  it("stops first boot, before the health file, when the secrets are still missing after the retries", () => {
    const checks = lines.filter((l) => l.startsWith('[ -s "$conf/'));
    expect(checks).to.have.length(2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storefront-boot-"));
    const boot = (files: string[]) => {
      for (const f of files) fs.writeFileSync(path.join(dir, f), "x\n");
      return spawnSync(
        "bash",
        ["-c", ["set -euo pipefail", `conf=${dir}`, ...checks, "echo CONTINUED"].join("\n")],
        {
          encoding: "utf8",
        },
      );
    };
    try {
      for (const present of [[], ["session-token"]]) {
        const r = boot(present);
        expect(r.status, present.join()).not.to.equal(0);
        expect(r.stdout).not.to.contain("CONTINUED");
      }
      expect(boot(["database.json"]).stdout).to.contain("CONTINUED");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("locks WordPress's installer behind the stack's setup token, readable by nginx's workers only", () => {
    const wordpress = sampleUserData("wordpress").split("\n");
    expect(wordpress).to.include(
      "  installer 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:setup' || status=1",
    );
    expect(wordpress).to.include("  local file=/etc/nginx/storefront-installer.htpasswd token hash tmp");
    expect(wordpress).to.include('    chgrp nginx "$tmp" && chmod 0440 "$tmp" && mv -f "$tmp" "$file"; then');
    expect(wordpress).to.include("auth_basic_user_file /etc/nginx/storefront-installer.htpasswd;");
    expect(script).not.to.contain("installer");
  });

  it("re-reads the database credentials RDS rotates every minute, from a timer", () => {
    expect(lines).to.include("ExecStart=/usr/local/sbin/storefront-secrets database");
    expect(lines).to.include.members(["OnBootSec=1min", "OnUnitActiveSec=1min"]);
    expect(lines).to.include("systemctl enable --now storefront-secrets.timer");
  });

  it("writes sessions to the cache over TLS with the token expanded at boot, never in the script", () => {
    expect(lines).to.include.members([
      "cat > /etc/php.d/50-storefront-sessions.ini <<INI",
      "session.save_handler = redis",
      'session.save_path = "tls://master.sessions.euw1.cache.amazonaws.com:6379?auth=${token}&timeout=2.5&prefix=PHPREDIS_SESSION:"',
    ]);
  });

  it("sizes the PHP-FPM pool from the instance's memory", () => {
    expect(lines).to.include("max_children=$(( (memory_mib - 1024) / 256 ))");
    expect(lines).to.include("pm.max_children = ${max_children}");
  });

  it("writes wp-config.php above the document root for WordPress, and the env.php pieces for Magento", () => {
    const wordpress = sampleUserData("wordpress");
    expect(wordpress).to.contain("cat > \"/var/www/wp-config.php\" <<'STOREFRONT_EOF'");
    expect(wordpress).to.contain(
      `refresh "$conf/wordpress-salts.json" object secret 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:salts'`,
    );
    expect(script).to.contain("cat > \"$conf/env.platform.php\" <<'STOREFRONT_EOF'");
    expect(script).to.contain(`refresh "$conf/search-password" nonempty parameter '/sf/search'`);
  });

  it("writes the health-check file last, after the services restarted", () => {
    const restart = lines.findIndex((l) => l.startsWith("systemctl restart"));
    const health = lines.indexOf("echo ok > /var/www/storefront-health/storefront-health.txt");
    expect(restart).to.be.greaterThan(0);
    expect(health).to.be.greaterThan(restart);
  });

  it("runs the shop's scheduler from a timer on every server, behind the fleet-wide lock", () => {
    for (const [profile, command] of [
      ["wordpress", "/usr/bin/php /var/www/html/wp-cron.php"],
      ["magento", "/usr/bin/php /var/www/magento/bin/magento cron:run"],
    ] as const) {
      const lines = sampleUserData(profile).split("\n");
      expect(lines).to.include("systemctl enable --now storefront-cron.timer");
      expect(lines).to.include(
        `ExecStart=/bin/sh -c '/usr/local/bin/storefront-once cron-$$(date -u +%%Y%%m%%d%%H%%M) 120 && exec ${command}'`,
      );
      expect(lines).to.include("User=apache");
    }
  });
});
