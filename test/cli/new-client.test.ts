import { expect } from "chai";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { InvalidClient, newClient } from "../../cli/new-client";
import { planStack } from "../../runtime/plan-runner";
import { readStackSettings, UsageError } from "../../runtime/stack-files";
import { POLICIES } from "../../policy/pack";
import { runStack } from "../../stacks/program";

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "client-"));
  made.push(dir);
  copyFileSync("Pulumi.yaml", path.join(dir, "Pulumi.yaml"));
  return dir;
}

const BASE = [
  "--region",
  "eu-west-1",
  "--domain",
  "shop.acme.example",
  "--hosted-zone",
  "Z0ACMEEXAMPLE",
  "--alert-email",
  "ops@acme.example",
];

describe("cli/new-client", () => {
  for (const profile of ["wordpress", "magento"]) {
    for (const env of ["dev", "prod"]) {
      it(`writes a ${profile} ${env} stack that validates and plans without mandatory violations`, async () => {
        const dir = project();
        const countries = env === "prod" ? ["--countries", "DE,AT,CH"] : [];
        const args = [
          "--client",
          "acme",
          "--env",
          env,
          "--profile",
          profile,
          "--peak-users",
          "8000",
          ...countries,
        ];
        const result = newClient([...args, ...BASE], dir);
        expect(path.basename(result.file)).to.equal(`Pulumi.acme-${env}.yaml`);
        const plan = await planStack(readStackSettings(dir, `acme-${env}`), runStack, { policies: POLICIES });
        expect(plan.violations.filter((v) => v.enforcement === "mandatory")).to.deep.equal([]);
        if (env === "prod") expect(plan.violations).to.deep.equal([]);
      });
    }
  }

  it("writes only what differs from the presets, and the sizes derived from the peak", () => {
    const dir = project();
    newClient(
      ["--client", "acme", "--env", "prod", "--profile", "magento", "--peak-users", "10000", ...BASE],
      dir,
    );
    const doc = parse(readFileSync(path.join(dir, "Pulumi.acme-prod.yaml"), "utf8"));
    expect(Object.keys(doc.config).sort()).to.deep.equal(
      ["alerts", "cache", "client", "database", "domain", "environment", "profile", "region", "web"]
        .map((k) => `storefront:${k}`)
        .sort(),
    );
    expect(doc.config["storefront:web"]).to.deep.include({ instanceType: "c7g.xlarge", minSize: 4 });
  });

  it("refuses to overwrite an existing stack file", () => {
    const dir = project();
    const args = ["--client", "acme", "--env", "dev", "--profile", "wordpress", ...BASE];
    newClient(args, dir);
    const before = readFileSync(path.join(dir, "Pulumi.acme-dev.yaml"), "utf8");
    expect(() => newClient(args, dir)).to.throw(UsageError, /exists; not overwriting it/);
    expect(readFileSync(path.join(dir, "Pulumi.acme-dev.yaml"), "utf8")).to.equal(before);
  });

  it("writes nothing for invalid input, listing every problem", () => {
    const dir = project();
    let caught: unknown;
    try {
      newClient(["--client", "Acme", "--env", "prod", "--profile", "drupal", "--region", "eu-west-9"], dir);
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(InvalidClient);
    expect((caught as InvalidClient).problems.map((p) => p.split(":")[0])).to.include.members([
      "client",
      "profile",
      "region",
    ]);
    expect(existsSync(path.join(dir, "Pulumi.Acme-prod.yaml"))).to.equal(false);
  });

  it("rejects missing options and a non-positive peak", () => {
    expect(() => newClient(["--client", "acme"], project())).to.throw(
      UsageError,
      "missing --env, --profile, --region",
    );
    expect(() =>
      newClient(
        [
          "--client",
          "a1",
          "--env",
          "dev",
          "--profile",
          "wordpress",
          "--region",
          "eu-west-1",
          "--peak-users=0",
        ],
        project(),
      ),
    ).to.throw(UsageError, '--peak-users: got "0"; expected a positive number');
  });

  it("announces a size it had to cap instead of capping it silently", () => {
    const result = newClient(
      ["--client", "huge", "--env", "prod", "--profile", "wordpress", "--region", "eu-west-1"].concat([
        "--domain",
        "shop.huge.example",
        "--hosted-zone",
        "Z0HUGEEXAMPLE",
        "--alert-email",
        "ops@huge.example",
        "--peak-users",
        "1e12",
      ]),
      project(),
    );
    expect((result.values.web as { maxSize: number }).maxSize).to.equal(500);
    expect(result.notes).to.have.length(1);
    expect(result.notes[0]).to.match(/needs \d+ servers; web\.maxSize is capped at 500/);
  });
});
