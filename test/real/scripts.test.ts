import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Binaries, requireBinaries, run, tempDir } from "./harness";
import { sampleUserData } from "../components/web/fixtures";
import { sampleAzureUserData } from "../components/azure/web/fixtures";
import { imageBuildScript, imageValidateScript } from "../../components/compute/image-build";
import { cronUnits } from "../../components/web/cron";
import { PLATFORMS } from "../../components/web/platform";
import { secretsRefreshUnits, secretsScript } from "../../components/web/templates";
import { serverLayout } from "../../components/web/user-data";

/*
 * shellcheck on every script the kit generates or ships: the web servers' first boot for both profiles,
 * and the example deployment hooks.
 */

const ROOT = path.resolve(__dirname, "../..");

/** Shell scripts shipped in the repository's examples. */
function shippedScripts(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".sh"))
    .map((e) => path.join(e.parentPath, e.name));
}

export const GENERATED_SCRIPTS: Record<string, () => string> = {
  "user data (wordpress)": () => sampleUserData("wordpress"),
  "user data (magento)": () => sampleUserData("magento"),
  // Also inside user data, but in a here-document, which shellcheck does not read.
  ...Object.fromEntries(
    (["wordpress", "magento"] as const).map((profile) => [
      `secrets script (${profile})`,
      () =>
        secretsScript({
          layout: serverLayout(profile === "wordpress" ? "/var/www/html" : "/var/www/magento"),
          region: "eu-west-1",
          phpGroup: "apache",
          nginxGroup: "nginx",
          secrets: {
            databaseSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1",
            sessionTokenParameter: "/storefront/acme/prod/sessions/auth-token",
            ...(profile === "wordpress"
              ? {
                  saltsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:salts",
                  setupTokenSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:setup",
                }
              : { searchPasswordParameter: "/storefront/acme/prod/search/master-password" }),
          },
        }),
    ]),
  ),
  "Azure user data (wordpress)": () => sampleAzureUserData("wordpress"),
  "Azure user data (magento)": () => sampleAzureUserData("magento"),
  ...Object.fromEntries(
    (["wordpress", "magento"] as const).flatMap((profile) => [
      [
        `image build (${profile})`,
        () =>
          imageBuildScript({
            profile,
            region: "eu-west-1",
            logs: [{ file: "/var/log/storefront/php-error.log", logGroupName: "/sf/php-error" }],
          }),
      ],
      [`image validation (${profile})`, () => imageValidateScript(profile)],
    ]),
  ),
};

describe("test/real: shellcheck on every generated and shipped script", function () {
  this.timeout(60_000);
  let bin: Binaries;
  let dir: string;
  before(function () {
    bin = requireBinaries(this);
    dir = tempDir("storefront-scripts-");
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  for (const [name, render] of Object.entries(GENERATED_SCRIPTS)) {
    it(name, () => {
      const file = path.join(dir, `${name.replace(/\W+/g, "-")}.sh`);
      fs.writeFileSync(file, render());
      run(bin.shellcheck, ["--shell=bash", "--severity=style", file]);
    });
  }

  it("systemd units: the secrets refresh and the scheduler, as systemd-analyze verify reads them", () => {
    // The units' commands must exist for verify: the secrets script's path points into the test's directory.
    const script = path.join(dir, "storefront-secrets");
    fs.writeFileSync(script, "#!/bin/sh\n", { mode: 0o755 });
    const units = {
      "storefront-secrets": secretsRefreshUnits(script),
      "storefront-cron": cronUnits("wordpress", PLATFORMS.debian, "/var/www/html"),
    };
    const files = Object.entries(units).flatMap(([name, { service, timer }]) => {
      fs.writeFileSync(path.join(dir, `${name}.service`), service);
      fs.writeFileSync(path.join(dir, `${name}.timer`), timer);
      return [path.join(dir, `${name}.timer`), path.join(dir, `${name}.service`)];
    });
    // verify only warns about unknown keys or bad values: any output fails the spec.
    const verify = spawnSync(bin.systemdAnalyze, ["verify", "--man=no", ...files], { encoding: "utf8" });
    expect(`${verify.stdout}${verify.stderr}`).to.equal("");
    expect(verify.status).to.equal(0);
  });

  it("the example deployment hooks", () => {
    const scripts = shippedScripts(path.join(ROOT, "examples"));
    // Exactly the hooks the examples' appspec.yml files name, and at least the three each deployment runs.
    const named = ["magento", "wordpress"].flatMap((app) =>
      [
        ...fs
          .readFileSync(path.join(ROOT, "examples", app, "appspec.yml"), "utf8")
          .matchAll(/location: (\S+)/g),
      ].map((m) => path.join("examples", app, m[1])),
    );
    expect(named).to.have.length(6);
    expect(scripts.map((f) => path.relative(ROOT, f)).sort()).to.deep.equal(named.sort());
    run(bin.shellcheck, ["--severity=style", "--external-sources", ...scripts]);
  });
});
