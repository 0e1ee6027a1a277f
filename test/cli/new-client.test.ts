import { expect } from "chai";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { InvalidClient, main, newClient } from "../../cli/new-client";
import { planStack } from "../../runtime/plan-runner";
import { readStackSettings, UsageError } from "../../runtime/stack-files";
import { POLICIES } from "../../policy/pack";
import { runStack } from "../../stacks/program";
import { capture } from "../capture";

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

/** The command as `npm run new-client` runs it, in this process, at a fixed time. */
async function run(argv: string[], cwd: string) {
  const out = capture();
  const err = capture();
  const status = await main([...argv, "--now", "2026-11-30T12:00:00Z"], {
    stdout: out.stream,
    stderr: err.stream,
    cwd,
  });
  return { status, stdout: out.text(), stderr: err.text() };
}

const SUBSCRIPTION = "3f2b8a41-5c7d-4e19-9a60-2d8e7b1c4f05";
const SSH_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMC9SqLPL3iafCpXTEAObfc3m/GLscgn5PhKyIUB/K2k ops@acme.example";
const ENTRA_IDENTITY = `/subscriptions/${SUBSCRIPTION}/resourceGroups/acme-shared/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acme-mysql-reader`;
/** The DBA group administering MySQL (a prod stack needs one) and its directory-reader identity. */
const ENTRA = [
  "--entra-admin-login",
  "acme-dba",
  "--entra-admin-object-id",
  "5e8d2c71-4a93-4b0f-8d26-1f7c9a3e6b42",
  "--entra-admin-identity-id",
  ENTRA_IDENTITY,
];
const AZURE = [
  "--cloud",
  "azure",
  "--region",
  "westeurope",
  "--subscription-id",
  SUBSCRIPTION,
  "--domain",
  "shop.acme.example",
  "--certificate-secret-id",
  "https://acme-certs.vault.azure.net/secrets/shop-tls",
  "--certificate-vault",
  "acme-shared/acme-certs",
  "--dns-zone",
  "acme-dns/acme.example",
  "--ssh-public-key",
  SSH_KEY,
  "--alert-email",
  "ops@acme.example",
  "--monthly-budget",
  "2500",
  ...ENTRA,
];

describe("cli/new-client --cloud azure", () => {
  for (const [profile, env] of [
    ["magento", "prod"],
    ["wordpress", "prod"],
    ["magento", "dev"],
    ["wordpress", "dev"],
  ]) {
    it(`writes a ${profile} ${env} Azure stack that plans without a mandatory finding`, async () => {
      const dir = project();
      const countries = env === "prod" ? ["--countries", "DE,AT,CH"] : [];
      const r = await run(
        [
          "--client",
          "acme",
          "--env",
          env,
          "--profile",
          profile,
          "--peak-users",
          "8000",
          ...countries,
          ...AZURE,
        ],
        dir,
      );
      expect([r.status, r.stderr]).to.deep.equal([0, ""]);
      expect(r.stdout).to.contain(`Created Pulumi.acme-${env}.yaml.`);
      expect(r.stdout).to.contain(`az account set --subscription ${SUBSCRIPTION}`);
      const plan = await planStack(
        readStackSettings(dir, `acme-${env}`),
        () => runStack(new Date("2026-11-30T12:00:00Z")),
        { policies: POLICIES },
      );
      expect(plan.resources.some((res) => res.type === "azure-native:resources:ResourceGroup")).to.equal(
        true,
      );
      expect(plan.resources.filter((res) => res.type.startsWith("aws:"))).to.deep.equal([]);
      expect(plan.violations.filter((v) => v.enforcement === "mandatory")).to.deep.equal([]);
    });
  }

  it("writes Azure's vocabulary: the cloud, the subscription, the sizes of Azure's table", async () => {
    const dir = project();
    const r = await run(
      ["--client", "acme", "--env", "prod", "--profile", "magento", "--peak-users", "10000", ...AZURE],
      dir,
    );
    expect(r.status).to.equal(0);
    const doc = parse(readFileSync(path.join(dir, "Pulumi.acme-prod.yaml"), "utf8"));
    expect(doc.config["storefront:cloud"]).to.equal("azure");
    expect(doc.config["storefront:azure"]).to.deep.equal({
      subscriptionId: SUBSCRIPTION,
      sshPublicKeys: [SSH_KEY],
      // A year after the run's clock (the suite pins 2026-11-30T12:00:00Z).
      secretsExpireOn: "2027-11-30",
    });
    expect(doc.config["storefront:domain"]).to.deep.equal({
      name: "shop.acme.example",
      dnsZone: { resourceGroup: "acme-dns", name: "acme.example" },
      certificateSecretId: "https://acme-certs.vault.azure.net/secrets/shop-tls",
      certificateVault: { resourceGroup: "acme-shared", name: "acme-certs" },
    });
    // 10,000 shoppers are 500 page views per second: ten 4-vCPU servers at 12.5 per vCPU, one per zone at least.
    const web = doc.config["storefront:web"];
    expect(web.instanceType).to.equal("Standard_D4ps_v6");
    expect(web.minSize).to.be.at.least(3);
    expect(web.maxSize).to.be.at.least(15);
    // The search tier is Magento's; AWS keys never appear on an Azure stack.
    expect(Object.keys(doc.config["storefront:search"])).to.deep.equal(["instanceType"]);
    expect(doc.config["storefront:database"].tier).to.equal("GeneralPurpose");
    expect(doc.config["storefront:budget"]).to.deep.equal({ monthlyAmount: 2500 });
    expect(doc.config["storefront:database"].entraAdmin).to.deep.equal({
      login: "acme-dba",
      objectId: "5e8d2c71-4a93-4b0f-8d26-1f7c9a3e6b42",
      identityId: ENTRA_IDENTITY,
    });
    for (const key of ["instanceClass", "nodeType", "hostedZoneId"])
      expect(JSON.stringify(doc)).not.to.contain(key);
  });

  it("writes a dev stack's budget too, and refuses one that would notify nobody", async () => {
    const dir = project();
    const withoutEmails = AZURE.filter((a, i) => a !== "--alert-email" && AZURE[i - 1] !== "--alert-email");
    const args = ["--client", "acme", "--env", "dev", "--profile", "wordpress"];
    const refused = await run([...args, ...withoutEmails], dir);
    expect(refused.status).to.equal(2);
    expect(refused.stderr).to.contain(
      "alerts.emails: got []; expected at least one address: the budget notifies the alert emails",
    );
    const written = await run([...args, ...AZURE], dir);
    expect(written.status).to.equal(0);
    const doc = parse(readFileSync(path.join(dir, "Pulumi.acme-dev.yaml"), "utf8"));
    expect(doc.config["storefront:budget"]).to.deep.equal({ monthlyAmount: 2500 });
    const bad = await run(
      [...args, ...AZURE.slice(0, -2 - ENTRA.length), "--monthly-budget", "0"],
      project(),
    );
    expect(bad.stderr.split("\n")[0]).to.equal(
      'error: --monthly-budget: got "0"; expected a positive number',
    );
  });

  it("refuses a prod stack without the Entra group administering MySQL, and writes nothing", async () => {
    const dir = project();
    const withoutEntra = AZURE.slice(0, AZURE.length - ENTRA.length);
    const r = await run(["--client", "acme", "--env", "prod", "--profile", "magento", ...withoutEntra], dir);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain(
      "database.entraAdmin: got nothing; expected login, objectId and identityId of the Entra group that administers the database, in a prod environment",
    );
    expect(existsSync(path.join(dir, "Pulumi.acme-prod.yaml"))).to.equal(false);
  });

  it("answers usage problems one line each with exit 2, and writes nothing", async () => {
    const dir = project();
    const r = await run(
      ["--client", "acme", "--env", "dev", "--profile", "magento", "--region", "westeurope"].concat([
        "--cloud",
        "azure",
        "--hosted-zone",
        "Z0ACMEEXAMPLE",
      ]),
      dir,
    );
    expect(r.status).to.equal(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.slice(0, 2)).to.deep.equal([
      // An Azure stack always gets a budget: the client's amount is required like the subscription.
      "error: missing --subscription-id, --monthly-budget",
      "error: --hosted-zone: an option of AWS stacks; an Azure stack takes --dns-zone <resource group>/<zone> (an Azure DNS zone)",
    ]);
    expect(lines[2]).to.match(/^usage: npm run new-client -- /);
    expect(lines).to.have.length(3);
    expect(existsSync(path.join(dir, "Pulumi.acme-dev.yaml"))).to.equal(false);

    const aws = await run(
      ["--client", "acme", "--env", "dev", "--profile", "wordpress", "--region", "eu-west-1"].concat([
        "--subscription-id",
        SUBSCRIPTION,
      ]),
      dir,
    );
    expect(aws.status).to.equal(2);
    expect(aws.stderr.split("\n")[0]).to.equal(
      "error: --subscription-id: an option of Azure stacks; add --cloud azure",
    );
    const cloud = await run(
      ["--client", "acme", "--env", "dev", "--profile", "wordpress", "--cloud", "gcp"],
      dir,
    );
    expect(cloud.stderr.split("\n")[0]).to.equal('error: --cloud: got "gcp"; expected aws or azure');
    expect(existsSync(path.join(dir, "Pulumi.acme-dev.yaml"))).to.equal(false);
  });

  it("validates the subscription, tenant and resource group as the stack file's keys, one line each", async () => {
    const dir = project();
    const r = await run(
      [
        "--client",
        "acme",
        "--env",
        "dev",
        "--profile",
        "wordpress",
        "--cloud",
        "azure",
        "--region",
        "westeurope",
      ].concat([
        "--subscription-id",
        "not-a-guid",
        "--tenant-id",
        "1234",
        "--resource-group",
        "acme-rg.",
        "--monthly-budget",
        "900",
        "--alert-email",
        "ops@acme.example",
      ]),
      dir,
    );
    expect(r.status).to.equal(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).to.equal("error: the client's configuration would be invalid; nothing was written:");
    const keys = lines.slice(1).map((l) => /^ {2}([\w.]+): got (.*?); expected .+$/.exec(l)?.slice(1, 3));
    expect(keys).to.deep.equal([
      ["azure.subscriptionId", '"not-a-guid"'],
      ["azure.tenantId", '"1234"'],
      ["azure.resourceGroup", '"acme-rg."'],
    ]);
    expect(existsSync(path.join(dir, "Pulumi.acme-dev.yaml"))).to.equal(false);
  });

  it("lists the cloud and the Azure options in --help", async () => {
    const r = await run(["--help"], project());
    expect(r.status).to.equal(0);
    for (const flag of [
      "--cloud aws|azure",
      "--subscription-id <GUID>",
      "--tenant-id <GUID>",
      "--resource-group <name>",
      "--certificate-secret-id",
      "--certificate-vault <resource group>/<vault>",
      "--dns-zone",
      "--ssh-public-key",
    ]) {
      expect(r.stdout, flag).to.contain(flag);
    }
  });
});
