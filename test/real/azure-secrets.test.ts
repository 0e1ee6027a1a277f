import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { IMDS_TOKEN_URL } from "../../components/azure/web/user-data";
import { sampleAzureUserData } from "../components/azure/web/fixtures";
import { AS_ROOT, IN_CI, serverEnv, tempDir } from "./harness";

/*
 * The Azure first boot's secret steps run for real: bash, curl and python3 against a local stand-in for
 * the instance metadata service and Key Vault's REST API, which answer only the requests Azure would
 * answer (IMDS only with `Metadata: true` and the identity's client id, Key Vault only with that token).
 * The script is the rendered one, from its token request to `unset kv_token`; only the two base URLs
 * point at the stand-in.
 */

const CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOi.fake.token";
const SECRETS: Record<string, string> = {
  "mysql-admin-password": 'p@ss w0rd "quoted" \\ end',
  "redis-access-key": "cache-key-123=",
  "wordpress-salts": '{"AUTH_KEY":"a"}',
};

function runBash(script: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", script], { stdio: ["ignore", "ignore", "pipe"], env: serverEnv() });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe("test/real: the Azure first boot reads Key Vault secrets with the VM's identity", function () {
  this.timeout(30_000);
  let server: http.Server;
  let base: string;
  let dir: string;
  const seen: { url: string; auth?: string; metadata?: string }[] = [];

  before(async function () {
    if (!AS_ROOT || !fs.existsSync("/usr/bin/python3") || !fs.existsSync("/usr/bin/curl")) {
      if (IN_CI) throw new Error("needs root, python3 and curl");
      this.skip();
    }
    dir = tempDir("storefront-azure-secrets-");
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      seen.push({
        url: req.url ?? "",
        auth: req.headers.authorization,
        metadata: req.headers.metadata as string,
      });
      if (url.pathname === "/metadata/identity/oauth2/token") {
        const ok =
          req.headers.metadata === "true" &&
          url.searchParams.get("client_id") === CLIENT_ID &&
          url.searchParams.get("resource") === "https://vault.azure.net";
        res.writeHead(ok ? 200 : 400, { "content-type": "application/json" });
        res.end(
          JSON.stringify(ok ? { access_token: TOKEN, token_type: "Bearer" } : { error: "invalid_request" }),
        );
        return;
      }
      const secret = /^\/secrets\/([A-Za-z0-9-]+)$/.exec(url.pathname)?.[1];
      if (
        secret &&
        req.headers.authorization === `Bearer ${TOKEN}` &&
        url.searchParams.get("api-version") === "7.4"
      ) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ value: SECRETS[secret], id: `https://kv/secrets/${secret}/1` }));
        return;
      }
      res.writeHead(401);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes the credentials, the cache key and the salts into files only root and PHP's group read", async () => {
    const script = sampleAzureUserData("wordpress", { keyVaultUri: `${base}/` });
    const all = script.split("\n");
    const from = all.findIndex((l) => l.startsWith("json_field()"));
    const to = all.indexOf("unset kv_token");
    expect(from).to.be.greaterThan(0);
    expect(to).to.be.greaterThan(from);
    const steps = all
      .slice(from, to + 1)
      .join("\n")
      .replace(IMDS_TOKEN_URL, `${base}/metadata/identity/oauth2/token`);
    const conf = path.join(dir, "conf");
    fs.mkdirSync(conf);
    const result = await runBash(`set -euo pipefail\numask 027\nconf=${conf}\n${steps}\n`);
    expect(result.stderr).to.equal("");
    expect(result.code).to.equal(0);

    expect(JSON.parse(fs.readFileSync(path.join(conf, "database.json"), "utf8"))).to.deep.equal({
      username: "storefront",
      password: SECRETS["mysql-admin-password"],
    });
    expect(fs.readFileSync(path.join(conf, "session-token"), "utf8")).to.equal(SECRETS["redis-access-key"]);
    expect(fs.readFileSync(path.join(conf, "wordpress-salts.json"), "utf8")).to.equal(
      SECRETS["wordpress-salts"],
    );
    for (const file of ["database.json", "session-token", "wordpress-salts.json"]) {
      const stat = fs.statSync(path.join(conf, file));
      expect((stat.mode & 0o777).toString(8), file).to.equal("440");
    }
    expect(
      seen.filter((s) => s.url.startsWith("/secrets/")).every((s) => s.auth === `Bearer ${TOKEN}`),
    ).to.equal(true);
    expect(seen.filter((s) => s.url.startsWith("/metadata/")).every((s) => s.metadata === "true")).to.equal(
      true,
    );
  });

  it("stops first boot when Key Vault refuses, leaving no partial secret file", async () => {
    const script = sampleAzureUserData("wordpress", {
      keyVaultUri: `${base}/`,
      identityClientId: "someone-else",
    });
    const all = script.split("\n");
    const steps = all
      .slice(
        all.findIndex((l) => l.startsWith("json_field()")),
        all.indexOf("unset kv_token") + 1,
      )
      .join("\n")
      .replace(IMDS_TOKEN_URL, `${base}/metadata/identity/oauth2/token`);
    const conf = path.join(dir, "refused");
    fs.mkdirSync(conf);
    const result = await runBash(`set -euo pipefail\nconf=${conf}\n${steps}\n`);
    expect(result.code).to.not.equal(0);
    expect(fs.readdirSync(conf).filter((f) => !f.endsWith(".new") && f !== "settings.json")).to.deep.equal(
      [],
    );
  });
});
