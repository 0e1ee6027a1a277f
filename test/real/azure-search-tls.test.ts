import { expect } from "chai";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { CA_KEY_FROM_SEED } from "../../components/azure/search/first-boot";
import { IMDS_TOKEN_URL } from "../../components/azure/web/user-data";
import { PLATFORMS } from "../../components/web/platform";
import { CONFIG_FILES, Layout, magentoEnv, phpIni } from "../../components/web/templates";
import { sampleAzureUserData } from "../components/azure/web/fixtures";
import {
  AS_ROOT,
  Binaries,
  freePort,
  IN_CI,
  portOpen,
  requireBinaries,
  run,
  Server,
  serverEnv,
  tempDir,
  waitFor,
} from "./harness";

/*
 * Magento on Azure reaches its search cluster over verified TLS, for real. The cluster's certificates are
 * made by the search nodes' own first-boot code (components/azure/search/first-boot.ts: the CA derived from
 * the Key Vault seed): one node serves, and the web server trusts the CA copy another node published, as
 * on Azure. nginx stands in for OpenSearch on loopback (TLS 1.2/1.3, basic auth, `/_cluster/health`). The
 * web server's first boot runs as rendered, from its Key Vault token to the CA bundle, against a local
 * stand-in for IMDS and Key Vault; only the two base URLs and the pause between tries differ. Then PHP,
 * with the kit's php.ini and Magento's env.php pieces, connects the way Magento's OpenSearch client does:
 * PHP's curl extension with no CA option of its own (opensearch-php's default cURL handler sets none), so
 * libcurl verifies the server against what PHP configures (openssl.cafile).
 */

const CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOi.search.token";
const USER = "storefront_admin";
const PASSWORD = "Search-Pa55_word.~+=of-the-test";
const PLACEHOLDER = "pending: written by the first search node";
const platform = PLATFORMS.debian;

function bash(script: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", script], { stdio: ["ignore", "ignore", "pipe"], env: serverEnv() });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
  });
}

/**
 * A node's CA copy and certificate, issued by the search nodes' first-boot functions from a seed. With
 * `keyFrom`, the node starts with a copy of that node key, which first boot keeps (as on a re-run): for the
 * nodes whose CA copy alone is used here, this saves generating a 3072-bit RSA key (~0.5 s of CPU each).
 */
async function issue(seed: string, dir: string, address: string, keyFrom?: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  if (keyFrom !== undefined) fs.copyFileSync(keyFrom, `${dir}/node.key`);
  const result = await bash(
    `set -euo pipefail\n${CA_KEY_FROM_SEED}\nissue_certificates ${seed} acme-prod-search ${dir} ${address} 127.0.0.1\n`,
  );
  if (result.code !== 0) throw new Error(`issue_certificates failed: ${result.stderr}`);
}

interface Probe {
  readonly errno: number;
  readonly error: string;
  readonly status: number;
  readonly verifyResult: number;
  readonly body: string;
}

describe("test/real: Magento on Azure reaches its search cluster over verified TLS", function () {
  this.timeout(120_000);
  let bin: Binaries;
  let dir: string;
  let port: number;
  let nginx: Server;
  let vault: http.Server;
  let base: string;
  /** What the stand-in Key Vault answers for the CA secret: the placeholder this many times first. */
  let placeholderReads = 0;
  let caReads = 0;
  let publishedCa = "";
  let firstBoot: { code: number; stderr: string };
  let firstBootCaReads = 0;

  /** The rendered first boot, from the Key Vault token to the CA bundle, with `conf` in a directory. */
  const firstBootSteps = (conf: string, attempts?: number) => {
    const all = sampleAzureUserData("magento", {
      keyVaultUri: `${base}/`,
      settings: {
        profile: "magento",
        siteUrl: "https://shop.example.com",
        database: { host: "127.0.0.1", port: 3306, name: "storefront" },
        sessions: { host: "127.0.0.1", port: 10000 },
        // 127.0.0.1 stands for the internal load balancer's address: every node's certificate names both.
        search: { host: "127.0.0.1", port, username: USER },
      },
    }).split("\n");
    const from = all.findIndex((l) => l.startsWith("json_field()"));
    const to = all.findIndex((l) => l.includes(`mv -f "$conf/${CONFIG_FILES.caBundle}.new"`));
    expect(from).to.be.greaterThan(0);
    expect(to).to.be.greaterThan(from);
    const steps = all
      .slice(from, to + 1)
      .join("\n")
      .replace(IMDS_TOKEN_URL, `${base}/metadata/identity/oauth2/token`)
      .replace(/^ {2}sleep \d+$/m, "  sleep 0.05");
    // Fewer tries than on a server (the unit spec holds the real count), so giving up takes seconds.
    const tries = /seq 1 (\d+)/.exec(steps)?.[1];
    const shortened =
      attempts === undefined || tries === undefined
        ? steps
        : steps.replace(`seq 1 ${tries}`, `seq 1 ${attempts}`).replace(`-lt ${tries} `, `-lt ${attempts} `);
    fs.mkdirSync(conf, { recursive: true, mode: 0o750 });
    return `set -euo pipefail\numask 027\nconf=${conf}\n${shortened}\n`;
  };

  /** PHP with Debian's extensions and the kit's php.ini for a server whose settings live in `conf`. */
  const probe = (conf: string, password?: string): Probe => {
    const layout: Layout = {
      webRoot: `${dir}/www/magento`,
      configDir: conf,
      healthRoot: `${dir}/health`,
      logDir: `${dir}/log`,
      listen: "80",
      fpmSocket: `${dir}/php.sock`,
      fastcgiParams: "/etc/nginx/fastcgi_params",
      installerPasswordFile: `${dir}/htpasswd`,
    };
    const ini = path.join(conf, "php.d");
    fs.mkdirSync(ini, { recursive: true });
    fs.writeFileSync(`${ini}/90-storefront.ini`, phpIni({ profile: "magento", layout, uploadMaxMiB: 64 }));
    const env = `${conf}/${CONFIG_FILES.magentoEnv}`;
    fs.writeFileSync(env, magentoEnv(layout));
    // Syntax only: -n skips loading the extensions, which a lint does not use.
    run(bin.php, ["-n", "-l", env]);
    // Magento's SearchClient builds `<scheme>://<user>:<password>@<host>:<port>` from these settings, and
    // opensearch-php turns the URL's user and password into basic auth on a cURL handle without CA options.
    const code = [
      `$s = (require '${env}')['system']['default']['catalog']['search'];`,
      "$password = $argv[1] ?? $s['opensearch_password'];",
      "$host = preg_replace('/http[s]?:\\/\\//i', '', $s['opensearch_server_hostname']);",
      "$scheme = parse_url($s['opensearch_server_hostname'], PHP_URL_SCHEME);",
      "$ch = curl_init($scheme . '://' . $host . ':' . $s['opensearch_server_port'] . '/_cluster/health');",
      "curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);",
      "curl_setopt($ch, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);",
      "curl_setopt($ch, CURLOPT_USERPWD, $s['opensearch_username'] . ':' . $password);",
      "$body = curl_exec($ch);",
      "echo json_encode(['errno' => curl_errno($ch), 'error' => curl_error($ch),",
      "  'status' => curl_getinfo($ch, CURLINFO_RESPONSE_CODE),",
      "  'verifyResult' => curl_getinfo($ch, CURLINFO_SSL_VERIFYRESULT), 'body' => (string) $body]);",
    ].join("\n");
    const out = run(bin.php, ["-r", code, ...(password ? [password] : [])], {
      env: { ...process.env, PHP_INI_SCAN_DIR: `:${ini}` },
    });
    return JSON.parse(out) as Probe;
  };

  before(async function () {
    bin = requireBinaries(this);
    const curl = run(bin.php, ["-m"]).split("\n").includes("curl");
    if (!AS_ROOT || !curl || !fs.existsSync("/usr/bin/curl") || !fs.existsSync("/usr/bin/python3")) {
      const message = "needs root, PHP's curl extension (php-curl), curl and python3";
      if (IN_CI) throw new Error(message);
      console.warn(`  skipped: ${message}`);
      this.skip();
    }
    dir = tempDir("storefront-azure-search-");
    port = await freePort();

    // One seed, two nodes: the serving node's certificate, and the CA copy another node published.
    const seed = randomBytes(32).toString("hex");
    await issue(seed, `${dir}/node-a`, "10.60.6.4");
    await issue(seed, `${dir}/node-b`, "10.60.6.5", `${dir}/node-a/node.key`);
    expect(fs.readFileSync(`${dir}/node-a/ca.pem`, "utf8")).to.not.equal(
      fs.readFileSync(`${dir}/node-b/ca.pem`, "utf8"),
    );
    publishedCa = fs.readFileSync(`${dir}/node-b/ca.pem`, "utf8");

    const htpasswd = run(bin.openssl, ["passwd", "-apr1", PASSWORD]).trim();
    fs.writeFileSync(`${dir}/search.htpasswd`, `${USER}:${htpasswd}\n`, { mode: 0o644 });
    fs.mkdirSync(`${dir}/run`);
    fs.writeFileSync(`${dir}/health.json`, '{"cluster_name":"acme-prod-search","status":"green"}', {
      mode: 0o644,
    });
    const conf = `${dir}/nginx.conf`;
    fs.writeFileSync(
      conf,
      [
        "worker_processes 1;",
        "daemon off;",
        `pid ${dir}/run/nginx.pid;`,
        `error_log ${dir}/run/error.log warn;`,
        "events { worker_connections 16; }",
        "http {",
        "    access_log off;",
        `    client_body_temp_path ${dir}/run/body;`,
        `    proxy_temp_path ${dir}/run/proxy;`,
        `    fastcgi_temp_path ${dir}/run/fastcgi;`,
        `    uwsgi_temp_path ${dir}/run/uwsgi;`,
        `    scgi_temp_path ${dir}/run/scgi;`,
        "    server {",
        `        listen 127.0.0.1:${port} ssl;`,
        `        ssl_certificate ${dir}/node-a/node.pem;`,
        `        ssl_certificate_key ${dir}/node-a/node.key;`,
        "        ssl_protocols TLSv1.2 TLSv1.3;",
        '        auth_basic "OpenSearch";',
        `        auth_basic_user_file ${dir}/search.htpasswd;`,
        // A file, not `return`: nginx answers `return` before access checks, so auth would never run.
        "        location = /_cluster/health {",
        "            default_type application/json;",
        `            alias ${dir}/health.json;`,
        "        }",
        "    }",
        "}",
        "",
      ].join("\n"),
    );
    // nginx parses the configuration as it starts: one that fails stops it, and waitFor fails with its output.
    nginx = new Server("nginx", bin.nginx, ["-p", dir, "-c", conf]);
    await waitFor(nginx, () => portOpen(port));

    vault = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname === "/metadata/identity/oauth2/token") {
        const ok = req.headers.metadata === "true" && url.searchParams.get("client_id") === CLIENT_ID;
        res.writeHead(ok ? 200 : 400, { "content-type": "application/json" });
        res.end(JSON.stringify(ok ? { access_token: TOKEN } : { error: "invalid_request" }));
        return;
      }
      const name = /^\/secrets\/([A-Za-z0-9-]+)$/.exec(url.pathname)?.[1];
      if (!name || req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401);
        res.end();
        return;
      }
      let value: string | undefined;
      if (name === "search-ca-certificate") {
        caReads++;
        value = caReads <= placeholderReads ? PLACEHOLDER : publishedCa;
      } else {
        value = {
          "search-password": PASSWORD,
          "mysql-admin-password": "db-password",
          "redis-access-key": "cache-key",
        }[name];
      }
      if (value === undefined) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "SecretNotFound" } }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ value, id: `https://kv/secrets/${name}/1` }));
    });
    await new Promise<void>((resolve) => vault.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(vault.address() as { port: number }).port}`;

    // The first web server boots while the cluster's first node has not yet published its CA.
    placeholderReads = 2;
    firstBoot = await bash(firstBootSteps(`${dir}/server-1`));
    firstBootCaReads = caReads;
  });

  after(async () => {
    await nginx?.stop();
    vault?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    caReads = 0;
    placeholderReads = 0;
    publishedCa = fs.readFileSync(`${dir}/node-b/ca.pem`, "utf8");
  });

  it("waits out the placeholder, then PHP reaches search with the server verified, as the search user", () => {
    const conf = `${dir}/server-1`;
    expect(firstBoot.stderr).to.equal("");
    expect(firstBoot.code).to.equal(0);
    expect(firstBootCaReads).to.equal(3);
    // The bundle: every public CA of the system, then the cluster's.
    const bundle = fs.readFileSync(`${conf}/${CONFIG_FILES.caBundle}`, "utf8");
    expect(bundle.startsWith(fs.readFileSync(platform.systemCaBundle, "utf8"))).to.equal(true);
    expect(bundle.trimEnd().endsWith(publishedCa.trimEnd())).to.equal(true);
    expect((fs.statSync(`${conf}/${CONFIG_FILES.caBundle}`).mode & 0o777).toString(8)).to.equal("644");
    expect(fs.readFileSync(`${conf}/${CONFIG_FILES.searchPassword}`, "utf8")).to.equal(PASSWORD);
    expect((fs.statSync(`${conf}/${CONFIG_FILES.searchPassword}`).mode & 0o777).toString(8)).to.equal("440");

    const ok = probe(conf);
    expect(ok.error).to.equal("");
    expect(ok.errno).to.equal(0);
    expect(ok.verifyResult).to.equal(0); // X509_V_OK: the chain and the name were checked, and held
    expect(ok.status).to.equal(200);
    expect(JSON.parse(ok.body)).to.deep.include({ status: "green" });
    // The stub checks the credentials: the settings' user with another password is refused.
    expect(probe(conf, "not-the-password").status).to.equal(401);
  });

  it("refuses the cluster when the bundle holds only the system's CAs (no search CA joined it)", () => {
    // The first server's settings and secrets, with the bundle first boot wrote before search had a CA.
    const conf = `${dir}/server-2`;
    fs.cpSync(`${dir}/server-1`, conf, { recursive: true });
    fs.copyFileSync(platform.systemCaBundle, `${conf}/${CONFIG_FILES.caBundle}`);
    const refused = probe(conf);
    expect(refused.errno).to.equal(60); // CURLE_PEER_FAILED_VERIFICATION
    expect(refused.error).to.match(/certificate/i);
    expect(refused.status).to.equal(0);
  });

  it("refuses the cluster when Key Vault hands over another cluster's CA", async () => {
    await issue(randomBytes(32).toString("hex"), `${dir}/other`, "10.70.6.4", `${dir}/node-a/node.key`);
    publishedCa = fs.readFileSync(`${dir}/other/ca.pem`, "utf8");
    const conf = `${dir}/server-3`;
    const boot = await bash(firstBootSteps(conf));
    expect(boot.code).to.equal(0);
    const refused = probe(conf);
    expect(refused.errno).to.equal(60);
    expect(refused.status).to.equal(0);
  });

  it("stops first boot, with no bundle and no search password, when the CA never appears", async () => {
    placeholderReads = Number.MAX_SAFE_INTEGER;
    const conf = `${dir}/server-4`;
    const boot = await bash(firstBootSteps(conf, 3));
    expect(boot.code).to.not.equal(0);
    expect(boot.stderr).to.match(/no search CA certificate in Key Vault after \d+ minutes/);
    expect(caReads).to.equal(3);
    expect(fs.existsSync(`${conf}/${CONFIG_FILES.caBundle}`)).to.equal(false);
    expect(fs.existsSync(`${conf}/${CONFIG_FILES.searchPassword}`)).to.equal(false);
    expect(fs.existsSync(`${conf}/search-ca.pem`)).to.equal(false);
  });
});
