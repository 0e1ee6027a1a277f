import { expect } from "chai";
import { execFile, execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import { onceHelper } from "../../components/web/cron";
import { PLATFORMS } from "../../components/web/platform";
import { withoutComments } from "../../components/web/user-data";
import {
  CONFIG_FILES,
  HEALTH_CHECK_PATH,
  Layout,
  magentoEnv,
  nginxSite,
  phpFpmPool,
  phpIni,
  Profile,
  secretsScript,
  sessionIni,
  SiteSettings,
  WOOCOMMERCE_UPLOADS,
  WORDPRESS_SALT_KEYS,
  wpConfig,
} from "../../components/web/templates";
import {
  AS_ROOT,
  Binaries,
  freePort,
  get,
  Response,
  makeCertificates,
  portOpen,
  requireBinaries,
  run,
  Server,
  tempDir,
  waitFor,
  writeSecretFile,
} from "./harness";

/*
 * The kit's rendered web server configuration, run with real nginx, PHP-FPM, MariaDB (TLS required) and
 * Redis (TLS and AUTH) from Debian's packages, serving Debian's WordPress. The templates are the ones
 * first boot writes on Amazon Linux; only the platform table's row and the directories differ.
 */

const platform = PLATFORMS.debian;
const DB = { name: "storefront", user: "storefront_admin", password: "db-Pass_0f-the-secret" };
const TOKEN = "auth-token_with.only~url-safe-characters-0123456789";
const SITE_URL = "https://shop.example.test";
const DB_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-abc-Xy12";
/** The group the secrets files belong to: PHP's, or outside root the test user's own. */
const SECRETS_GROUP = AS_ROOT ? platform.phpGroup : execFileSync("id", ["-gn"], { encoding: "utf8" }).trim();

/**
 * A stand-in for the AWS CLI's `secretsmanager get-secret-value` and `ssm get-parameter`: it answers
 * `--output text` with the file named after the secret or parameter, and fails as the CLI does when
 * there is none.
 */
function fakeAwsCli(dir: string): { bin: string; store: string; put(id: string, value: string): void } {
  const bin = `${dir}/fake-bin`;
  const store = `${dir}/fake-secrets`;
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(store, { recursive: true });
  fs.writeFileSync(
    `${bin}/aws`,
    [
      "#!/bin/bash",
      'id=""',
      'while [ $# -gt 0 ]; do case "$1" in --secret-id|--name) id=$2; shift ;; esac; shift; done',
      'file="$FAKE_SECRETS/$(printf %s "$id" | tr -c "A-Za-z0-9" _)"',
      '[ -f "$file" ] || { echo "An error occurred (ResourceNotFoundException)" >&2; exit 254; }',
      'cat "$file"',
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  return {
    bin,
    store,
    put: (id, value) => fs.writeFileSync(`${store}/${id.replace(/[^A-Za-z0-9]/g, "_")}`, `${value}\n`),
  };
}
const STATIC_MAX_AGE = 604800;

interface Stack {
  readonly dir: string;
  readonly layout: Layout;
  readonly certs: { ca: string; cert: string; key: string };
  readonly ports: { http: number; db: number; redis: number };
  readonly servers: Server[];
  readonly phpEnv: NodeJS.ProcessEnv;
  readonly fpmConfig: string;
  /** The stand-in AWS CLI the secrets script reads from, and the script. */
  readonly aws: ReturnType<typeof fakeAwsCli>;
  readonly secretsScript: string;
}

const SALTS_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:salts-Ab12";
const SETUP_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:setup-Cd34";
const TOKEN_PARAMETER = "/storefront/acme/test/sessions/auth-token";
const SETUP_TOKEN = "Setup0token0of0the0stack0abcdefg";
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** A form POST, for WordPress's installer. */
function post(
  port: number,
  urlPath: string,
  form: string,
  headers: Record<string, string>,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: urlPath,
        method: "POST",
        headers: {
          ...headers,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(form),
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.setTimeout(60000, () => req.destroy(new Error(`POST ${urlPath} timed out`)));
    req.end(form);
  });
}

/** Runs the secrets script as first boot (`all`) or the timer (`database`) does, against the stand-in. */
function runSecrets(stack: Stack, what: "all" | "database") {
  return spawnSync(stack.secretsScript, [what], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${stack.aws.bin}:${process.env.PATH}`, FAKE_SECRETS: stack.aws.store },
  });
}

/** Renders one profile's files into `dir` as first boot would; returns the nginx and PHP-FPM main configs. */
function renderConfig(dir: string, profile: Profile, layout: Layout, settings: SiteSettings) {
  const conf = layout.configDir;
  for (const d of [
    conf,
    layout.healthRoot,
    layout.logDir,
    `${dir}/run`,
    `${dir}/sites`,
    `${dir}/pool.d`,
    `${dir}/php.d`,
  ]) {
    fs.mkdirSync(d, { recursive: true, mode: 0o755 });
  }
  fs.chmodSync(layout.logDir, 0o777);
  fs.writeFileSync(
    `${dir}/sites/storefront.conf`,
    nginxSite({ profile, layout, staticMaxAgeSeconds: STATIC_MAX_AGE, uploadMaxMiB: 64 }),
  );
  fs.writeFileSync(
    `${dir}/pool.d/storefront.conf`,
    phpFpmPool({ profile, platform, layout, maxChildren: 4 }),
  );
  fs.writeFileSync(`${dir}/php.d/90-storefront.ini`, phpIni({ profile, layout, uploadMaxMiB: 64 }));
  writeSecretFile(
    `${dir}/php.d/50-storefront-sessions.ini`,
    sessionIni("127.0.0.1", settings.sessions.port, TOKEN),
    platform.phpGroup,
  );
  fs.writeFileSync(`${conf}/${CONFIG_FILES.settings}`, JSON.stringify(settings));
  writeSecretFile(
    `${conf}/${CONFIG_FILES.database}`,
    JSON.stringify({ username: DB.user, password: DB.password }),
    platform.phpGroup,
  );
  writeSecretFile(`${conf}/${CONFIG_FILES.sessionToken}`, TOKEN, platform.phpGroup);
  const salts = Object.fromEntries(WORDPRESS_SALT_KEYS.map((k, i) => [k, `salt-${i}-${"x".repeat(56)}`]));
  writeSecretFile(`${conf}/${CONFIG_FILES.salts}`, JSON.stringify(salts), platform.phpGroup);
  fs.writeFileSync(`${layout.healthRoot}${HEALTH_CHECK_PATH}`, "ok\n");

  const nginxConf = `${dir}/nginx.conf`;
  fs.writeFileSync(
    nginxConf,
    [
      ...(AS_ROOT ? [`user ${platform.nginxUser};`] : []),
      "worker_processes 1;",
      "daemon off;",
      `pid ${dir}/run/nginx.pid;`,
      `error_log ${layout.logDir}/nginx-main.log warn;`,
      "events { worker_connections 64; }",
      "http {",
      "    include /etc/nginx/mime.types;",
      "    default_type application/octet-stream;",
      `    client_body_temp_path ${dir}/run/body;`,
      `    fastcgi_temp_path ${dir}/run/fastcgi;`,
      `    proxy_temp_path ${dir}/run/proxy;`,
      `    uwsgi_temp_path ${dir}/run/uwsgi;`,
      `    scgi_temp_path ${dir}/run/scgi;`,
      `    include ${dir}/sites/*.conf;`,
      "}",
      "",
    ].join("\n"),
  );
  const fpmConfig = `${dir}/php-fpm.conf`;
  fs.writeFileSync(
    fpmConfig,
    [
      "[global]",
      `pid = ${dir}/run/php-fpm.pid`,
      `error_log = ${layout.logDir}/php-fpm.log`,
      "daemonize = no",
      `include = ${dir}/pool.d/*.conf`,
      "",
    ].join("\n"),
  );
  // PHP reads Debian's own drop-ins (the extensions) and then the kit's.
  const phpEnv = { ...process.env, PHP_INI_SCAN_DIR: `:${dir}/php.d` };
  return { nginxConf, fpmConfig, phpEnv };
}

/**
 * A copy of Debian's WordPress (its symlinks followed): hard links where the file system allows them, which
 * costs a tenth of copying 56 MB. The spec only adds files and removes wp-config.php (which unlinks its own
 * name), and PHP-FPM's workers cannot write root's files, so Debian's files are never written through a link.
 */
function copyWordPress(source: string, target: string): void {
  try {
    run("cp", ["-rlL", source, target]);
  } catch {
    // Another file system, or hard links to other users' files refused (fs.protected_hardlinks).
    fs.rmSync(target, { recursive: true, force: true });
    run("cp", ["-rL", source, target]);
  }
}

function fpmArgs(fpmConfig: string, extra: string[] = []): string[] {
  return ["--fpm-config", fpmConfig, ...(AS_ROOT ? ["--allow-to-run-as-root"] : []), ...extra];
}

function layoutFor(dir: string, webRoot: string, httpPort: number): Layout {
  return {
    webRoot,
    configDir: `${dir}/etc`,
    healthRoot: `${dir}/health`,
    logDir: `${dir}/log`,
    listen: `127.0.0.1:${httpPort}`,
    fpmSocket: `${dir}/run/php-fpm.sock`,
    fastcgiParams: "/etc/nginx/fastcgi_params",
    installerPasswordFile: `${dir}/installer.htpasswd`,
  };
}

async function startDatabase(
  bin: Binaries,
  dir: string,
  certs: Stack["certs"],
  port: number,
): Promise<Server> {
  const data = `${dir}/mariadb`;
  const socket = `${dir}/run/mariadb.sock`;
  const user = AS_ROOT ? ["--user=root"] : [];
  run(bin.mariadbInstallDb, [
    "--no-defaults",
    `--datadir=${data}`,
    "--auth-root-authentication-method=socket",
    "--skip-test-db",
    ...user,
  ]);
  const server = new Server("mariadb", bin.mariadbd, [
    "--no-defaults",
    `--datadir=${data}`,
    `--socket=${socket}`,
    `--port=${port}`,
    "--bind-address=127.0.0.1",
    `--pid-file=${dir}/run/mariadb.pid`,
    "--skip-log-error",
    `--ssl-ca=${certs.ca}`,
    `--ssl-cert=${certs.cert}`,
    `--ssl-key=${certs.key}`,
    "--require-secure-transport=ON",
    ...user,
  ]);
  await waitFor(server, () => fs.existsSync(socket) && portOpen(port), 60);
  run(bin.mariadb, [
    "--no-defaults",
    `--socket=${socket}`,
    // Socket authentication: root, or the user who ran the install (a CI runner's own user).
    `-u${AS_ROOT ? "root" : os.userInfo().username}`,
    "-e",
    `CREATE DATABASE ${DB.name} CHARACTER SET utf8mb4;` +
      `CREATE USER '${DB.user}'@'127.0.0.1' IDENTIFIED BY '${DB.password}' REQUIRE SSL;` +
      `GRANT ALL ON ${DB.name}.* TO '${DB.user}'@'127.0.0.1';`,
  ]);
  return server;
}

async function startRedis(bin: Binaries, dir: string, certs: Stack["certs"], port: number): Promise<Server> {
  const server = new Server("redis", bin.redisServer, [
    "--port",
    "0",
    "--tls-port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--tls-cert-file",
    certs.cert,
    "--tls-key-file",
    certs.key,
    "--tls-ca-cert-file",
    certs.ca,
    "--tls-auth-clients",
    "no",
    "--requirepass",
    TOKEN,
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
  ]);
  await waitFor(server, () => portOpen(port));
  return server;
}

/** SQL as the database's administrator, over its socket (as the RDS rotation would, from outside). */
function sqlAsAdmin(bin: Binaries, dir: string, statement: string): void {
  run(bin.mariadb, [
    "--no-defaults",
    `--socket=${dir}/run/mariadb.sock`,
    `-u${AS_ROOT ? "root" : os.userInfo().username}`,
    "-e",
    statement,
  ]);
}

function redisCli(bin: Binaries, stack: Stack, args: string[], auth = true): string {
  return run(bin.redisCli, [
    "--tls",
    "--cacert",
    stack.certs.ca,
    "-h",
    "127.0.0.1",
    "-p",
    String(stack.ports.redis),
    ...(auth ? ["--no-auth-warning", "-a", TOKEN] : []),
    ...args,
  ]).trim();
}

describe("test/real: WordPress on real nginx, PHP-FPM, MariaDB and Redis", function () {
  this.timeout(180_000);
  let bin: Binaries;
  let stack: Stack;

  before(async function () {
    bin = requireBinaries(this);
    const dir = tempDir("storefront-real-");
    const certs = makeCertificates(bin.openssl, dir);
    const ports = { http: await freePort(), db: await freePort(), redis: await freePort() };
    const webRoot = `${dir}/www/html`;
    const layout = layoutFor(dir, webRoot, ports.http);
    const settings: SiteSettings = {
      profile: "wordpress",
      siteUrl: SITE_URL,
      database: { host: "127.0.0.1", port: ports.db, name: DB.name },
      sessions: { host: "127.0.0.1", port: ports.redis },
    };
    const { nginxConf, fpmConfig, phpEnv } = renderConfig(dir, "wordpress", layout, settings);
    // PHP trusts the test CA the way servers trust the system's CAs plus RDS's.
    fs.copyFileSync(certs.ca, `${layout.configDir}/${CONFIG_FILES.caBundle}`);

    // Debian's WordPress core as the document root; wp-config.php one level up, where first boot puts it.
    fs.mkdirSync(`${dir}/www`, { mode: 0o755 });
    copyWordPress(bin.wordpress, webRoot);
    fs.rmSync(`${webRoot}/wp-config.php`);
    fs.writeFileSync(`${dir}/www/wp-config.php`, wpConfig(layout));
    fs.mkdirSync(`${webRoot}/wp-content/uploads`, { recursive: true });
    fs.writeFileSync(`${webRoot}/wp-content/uploads/shell.php`, "<?php echo 'EXECUTED-' . 'IN-UPLOADS';");
    fs.writeFileSync(`${webRoot}/wp-content/plugins/direct.php`, "<?php echo 'EXECUTED-' . 'IN-PLUGINS';");
    fs.writeFileSync(`${webRoot}/.env`, "SECRET=dotfile\n");
    // A WooCommerce downloadable product, and a probe that hands it to nginx as WooCommerce's
    // X-Accel-Redirect download method does once PHP has checked the order.
    fs.mkdirSync(`${webRoot}${WOOCOMMERCE_UPLOADS}2026/11`, { recursive: true });
    fs.writeFileSync(`${webRoot}${WOOCOMMERCE_UPLOADS}2026/11/ebook.pdf`, "PAID-" + "CONTENT\n");
    fs.writeFileSync(
      `${webRoot}/wp-admin/storefront-download.php`,
      `<?php header('X-Accel-Redirect: ${WOOCOMMERCE_UPLOADS}2026/11/ebook.pdf');\n`,
    );
    // A probe where the site's rules allow PHP: it loads wp-config.php through WordPress's SHORTINIT,
    // asks the database for its TLS cipher, and stores a session.
    fs.writeFileSync(
      `${webRoot}/wp-admin/storefront-probe.php`,
      [
        "<?php",
        "define('SHORTINIT', true);",
        "require dirname(__DIR__) . '/wp-load.php';",
        "global $wpdb;",
        "$cipher = $wpdb->get_row(\"SHOW SESSION STATUS LIKE 'Ssl_cipher'\", ARRAY_N);",
        "$user = $wpdb->get_var('SELECT CURRENT_USER()');",
        "session_start();",
        "$_SESSION['probe'] = 'storefront-session';",
        "header('Content-Type: application/json');",
        "echo json_encode(['cipher' => $cipher[1] ?? null, 'user' => $user, 'session' => session_id(),",
        "  'cron' => DISABLE_WP_CRON, 'sslAdmin' => FORCE_SSL_ADMIN, 'home' => WP_HOME]);",
        "",
      ].join("\n"),
    );

    // The secrets files as first boot writes them: the secrets script, reading a stand-in for the AWS CLI.
    const aws = fakeAwsCli(dir);
    const conf = layout.configDir;
    aws.put(DB_SECRET_ARN, fs.readFileSync(`${conf}/${CONFIG_FILES.database}`, "utf8"));
    aws.put(TOKEN_PARAMETER, TOKEN);
    aws.put(SALTS_SECRET_ARN, fs.readFileSync(`${conf}/${CONFIG_FILES.salts}`, "utf8"));
    aws.put(SETUP_SECRET_ARN, SETUP_TOKEN);
    const script = `${dir}/storefront-secrets`;
    fs.writeFileSync(
      script,
      secretsScript({
        layout,
        region: "eu-west-1",
        phpGroup: SECRETS_GROUP,
        nginxGroup: SECRETS_GROUP,
        secrets: {
          databaseSecretArn: DB_SECRET_ARN,
          sessionTokenParameter: TOKEN_PARAMETER,
          saltsSecretArn: SALTS_SECRET_ARN,
          setupTokenSecretArn: SETUP_SECRET_ARN,
        },
      }),
      { mode: 0o700 },
    );

    const servers: Server[] = [];
    stack = { dir, layout, certs, ports, servers, phpEnv, fpmConfig, aws, secretsScript: script };
    const boot = runSecrets(stack, "all");
    expect(boot.status, boot.stderr).to.equal(0);
    servers.push(await startDatabase(bin, dir, certs, ports.db));
    servers.push(await startRedis(bin, dir, certs, ports.redis));
    // No separate -t run first: a server that cannot parse its configuration exits at once, and waitFor
    // fails with its output (the last describe runs nginx -t and php-fpm -t on every rendered file).
    const fpm = new Server("php-fpm", bin.phpFpm, fpmArgs(fpmConfig, ["--nodaemonize"]), { env: phpEnv });
    servers.push(fpm);
    await waitFor(fpm, () => fs.existsSync(layout.fpmSocket));
    const nginx = new Server("nginx", bin.nginx, ["-p", dir, "-c", nginxConf]);
    servers.push(nginx);
    await waitFor(nginx, () => portOpen(ports.http));
  });

  after(async () => {
    if (!stack) return;
    for (const server of [...stack.servers].reverse()) await server.stop();
    fs.rmSync(stack.dir, { recursive: true, force: true });
  });

  it("answers the load balancer's health check with the static file", async () => {
    const res = await get(stack.ports.http, HEALTH_CHECK_PATH);
    expect(res.status).to.equal(200);
    expect(res.body.trim()).to.equal("ok");
    expect(res.headers["cache-control"]).to.equal("no-store");
  });

  it("locks WordPress's installer and setup: nobody without the stack's setup token can claim the shop", async () => {
    const headers = { Host: "shop.example.test", "X-Forwarded-Proto": "https" };
    for (const p of ["/wp-admin/install.php", "/wp-admin/install.php?step=2", "/wp-admin/setup-config.php"]) {
      const attempts: Record<string, string>[] = [
        {},
        { Authorization: basic("setup", "guess") },
        { Authorization: basic("admin", SETUP_TOKEN) },
      ];
      for (const auth of attempts) {
        const res = await get(stack.ports.http, p, { ...headers, ...auth });
        expect(res.status, `${p} ${JSON.stringify(auth)}`).to.equal(401);
        expect(res.headers["www-authenticate"]).to.equal('Basic realm="Storefront setup"');
        expect(res.body).not.to.contain("Installation");
      }
    }
    // nginx reads the hash the secrets script wrote, never the token itself.
    const htpasswd = fs.readFileSync(stack.layout.installerPasswordFile, "utf8");
    expect(htpasswd).to.match(/^setup:\$apr1\$[^\n]+\n$/);
    expect(htpasswd).not.to.contain(SETUP_TOKEN);
    expect(fs.statSync(stack.layout.installerPasswordFile).mode & 0o777).to.equal(0o440);
  });

  it("routes the site through the front controller to WordPress's installer on the shop's URL, for the operator", async () => {
    const front = await get(stack.ports.http, "/", {
      Host: "shop.example.test",
      "X-Forwarded-Proto": "https",
    });
    expect(front.status, front.body).to.equal(302);
    expect(front.headers.location).to.equal(`${SITE_URL}/wp-admin/install.php`);
    const installer = await get(stack.ports.http, "/wp-admin/install.php", {
      Host: "shop.example.test",
      "X-Forwarded-Proto": "https",
      Authorization: basic("setup", SETUP_TOKEN),
    });
    expect(installer.status, installer.body.slice(0, 2000)).to.equal(200);
    expect(installer.body).to.match(/<title>WordPress &rsaquo; Installation<\/title>/);
    expect(installer.body).not.to.contain("Error establishing a database connection");
  });

  it("connects PHP to MariaDB over TLS with the credentials from the secret file", async () => {
    const res = await get(stack.ports.http, "/wp-admin/storefront-probe.php", {
      "X-Forwarded-Proto": "https",
    });
    expect(res.status, res.body).to.equal(200);
    const probe = JSON.parse(res.body) as Record<string, unknown>;
    expect(probe.cipher, "TLS cipher of PHP's database session").to.be.a("string").and.not.equal("");
    expect(probe.user).to.equal(`${DB.user}@127.0.0.1`);
    expect(probe.cron, "DISABLE_WP_CRON").to.equal(true);
    expect(probe.sslAdmin, "FORCE_SSL_ADMIN").to.equal(true);
    expect(probe.home).to.equal(SITE_URL);
  });

  it("verifies the database's certificate: with a CA bundle that lacks its CA, WordPress cannot connect", async () => {
    const bundle = `${stack.layout.configDir}/${CONFIG_FILES.caBundle}`;
    const other = makeCertificates(bin.openssl, fs.mkdtempSync(`${stack.dir}/other-ca-`));
    try {
      fs.copyFileSync(other.ca, bundle);
      const res = await get(stack.ports.http, "/wp-admin/storefront-probe.php");
      expect(res.body).not.to.match(/"cipher":"[^"]+"/);
    } finally {
      fs.copyFileSync(stack.certs.ca, bundle);
    }
    const again = await get(stack.ports.http, "/wp-admin/storefront-probe.php");
    expect(again.body).to.match(/"cipher":"[^"]+"/);
  });

  it("re-reads the database credentials RDS rotates: PHP uses the new password without a restart", async () => {
    const conf = stack.layout.configDir;
    const dbFile = `${conf}/${CONFIG_FILES.database}`;
    const original = fs.readFileSync(dbFile, "utf8");
    const { aws } = stack;
    const refresh = () => runSecrets(stack, "database");
    const probeUser = async () => {
      const res = await get(stack.ports.http, "/wp-admin/storefront-probe.php");
      return res.body.match(/"user":"([^"]+)"/)?.[1];
    };
    const fpmPid = fs.readFileSync(`${stack.dir}/run/php-fpm.pid`, "utf8");
    const rotated = { username: DB.user, password: "rotated_by-RDS-0123456789" };
    try {
      aws.put(DB_SECRET_ARN, JSON.stringify({ username: DB.user, password: DB.password }));
      expect(refresh().status).to.equal(0);
      const before = fs.statSync(dbFile);
      // Nothing changed at the source: the file stays as it is.
      const same = refresh();
      expect(same.status, same.stderr).to.equal(0);
      expect(same.stdout).to.equal("");
      expect(fs.statSync(dbFile).ino).to.equal(before.ino);
      expect(await probeUser()).to.equal(`${DB.user}@127.0.0.1`);

      // RDS rotates: the database takes a new password and the secret holds it; the old copy fails.
      sqlAsAdmin(bin, stack.dir, `ALTER USER '${DB.user}'@'127.0.0.1' IDENTIFIED BY '${rotated.password}'`);
      aws.put(DB_SECRET_ARN, JSON.stringify(rotated));
      expect(await probeUser(), "the boot-time copy after a rotation").to.equal(undefined);
      const updated = refresh();
      expect(updated.status, updated.stderr).to.equal(0);
      expect(updated.stdout).to.contain("database.json updated");
      const after = fs.statSync(dbFile);
      expect(after.ino, "replaced by a rename, never rewritten in place").not.to.equal(before.ino);
      expect(after.mode & 0o777).to.equal(0o440);
      expect(after.gid).to.equal(before.gid);
      expect(JSON.parse(fs.readFileSync(dbFile, "utf8"))).to.deep.equal(rotated);
      expect(await probeUser()).to.equal(`${DB.user}@127.0.0.1`);
      expect(fs.readFileSync(`${stack.dir}/run/php-fpm.pid`, "utf8"), "PHP-FPM was not restarted").to.equal(
        fpmPid,
      );

      // A failed or garbled read (throttling, an error page) never replaces a working file.
      for (const garbage of ["<html>Rate exceeded</html>", JSON.stringify({ username: DB.user })]) {
        aws.put(DB_SECRET_ARN, garbage);
        const failed = refresh();
        expect(failed.status).to.equal(1);
        expect(failed.stderr).to.contain("could not read database.json; the current file stays");
        expect(JSON.parse(fs.readFileSync(dbFile, "utf8"))).to.deep.equal(rotated);
      }
      fs.rmSync(`${aws.store}/${DB_SECRET_ARN.replace(/[^A-Za-z0-9]/g, "_")}`);
      expect(refresh().status).to.equal(1);
      expect(JSON.parse(fs.readFileSync(dbFile, "utf8"))).to.deep.equal(rotated);
      expect(fs.readdirSync(conf).filter((f) => f.startsWith(`${CONFIG_FILES.database}.`))).to.deep.equal([]);
      expect(await probeUser()).to.equal(`${DB.user}@127.0.0.1`);
    } finally {
      sqlAsAdmin(bin, stack.dir, `ALTER USER '${DB.user}'@'127.0.0.1' IDENTIFIED BY '${DB.password}'`);
      fs.rmSync(dbFile, { force: true });
      writeSecretFile(dbFile, original, platform.phpGroup);
    }
  });

  it("keeps PHP sessions in Redis over TLS with AUTH", async () => {
    const res = await get(stack.ports.http, "/wp-admin/storefront-probe.php");
    const { session } = JSON.parse(res.body) as { session: string };
    expect(session).to.match(/^[a-z0-9,-]{20,}$/i);
    expect(redisCli(bin, stack, ["GET", `PHPREDIS_SESSION:${session}`])).to.contain("storefront-session");
    // The same server refuses a client without the token.
    expect(redisCli(bin, stack, ["GET", `PHPREDIS_SESSION:${session}`], false)).to.match(/NOAUTH/);
  });

  it("never executes PHP in uploads or outside WordPress's entry points, nor serves dotfiles", async () => {
    const upload = await get(stack.ports.http, "/wp-content/uploads/shell.php");
    expect(upload.status).to.equal(403);
    expect(upload.body).not.to.contain("EXECUTED-IN-UPLOADS");
    const plugin = await get(stack.ports.http, "/wp-content/plugins/direct.php");
    expect(plugin.status).to.equal(404);
    expect(plugin.body).not.to.contain("EXECUTED-IN-PLUGINS");
    for (const p of ["/.env", "/wp-content/uploads/.htaccess", "/xmlrpc.php", "/wp-cron.php"]) {
      const res = await get(stack.ports.http, p);
      expect(res.status, p).to.be.oneOf([403, 404]);
    }
  });

  it("never serves WooCommerce's protected downloads to a browser, only through PHP", async () => {
    for (const p of [
      `${WOOCOMMERCE_UPLOADS}2026/11/ebook.pdf`,
      "/wp-content/uploads//woocommerce_uploads/2026/11/ebook.pdf",
      "/wp-content/uploads/%77oocommerce_uploads/2026/11/ebook.pdf",
    ]) {
      const res = await get(stack.ports.http, p);
      expect(res.status, p).to.be.oneOf([403, 404]);
      expect(res.body, p).not.to.contain("PAID-CONTENT");
    }
    const download = await get(stack.ports.http, "/wp-admin/storefront-download.php");
    expect(download.status, download.body).to.equal(200);
    expect(download.body).to.equal("PAID-CONTENT\n");
    expect(download.headers["cache-control"]).to.equal("private, no-store");
  });

  it("lets WordPress answer robots.txt and its sitemaps (not a static 404)", async () => {
    for (const p of [
      "/robots.txt",
      "/wp-sitemap.xml",
      "/wp-sitemap-posts-post-1.xml",
      "/sitemap_index.xml",
    ]) {
      const res = await get(stack.ports.http, p, { Host: "shop.example.test", "X-Forwarded-Proto": "https" });
      // Not installed yet: WordPress itself answers every request with its installer.
      expect(res.status, `${p}: ${res.body.slice(0, 300)}`).to.equal(302);
      expect(res.headers.location, p).to.equal(`${SITE_URL}/wp-admin/install.php`);
    }
  });

  it("serves static files with long cache headers", async () => {
    const res = await get(stack.ports.http, "/wp-includes/images/blank.gif");
    expect(res.status).to.equal(200);
    expect(res.headers["cache-control"]).to.equal(`public, max-age=${STATIC_MAX_AGE}`);
  });

  it("runs cron once across the fleet: of servers racing for a minute's lock in Redis, exactly one wins", async () => {
    const helper = `${stack.dir}/storefront-once`;
    fs.writeFileSync(helper, onceHelper(stack.layout), { mode: 0o755 });
    const race = () =>
      new Promise<number>((resolve) =>
        execFile(bin.php, [helper, "cron-202611271200", "120"], { env: stack.phpEnv }, (error) =>
          resolve(error ? Number((error as { code?: number }).code ?? -1) : 0),
        ),
      );
    const codes = await Promise.all([race(), race(), race(), race()]);
    expect(
      codes.filter((c) => c === 0),
      `exit codes ${codes.join(",")}`,
    ).to.have.length(1);
    expect(codes.filter((c) => c === 1)).to.have.length(3);
    // The next minute is free again, so a dead server never holds the schedule.
    expect(
      await new Promise<number>((resolve) =>
        execFile(bin.php, [helper, "cron-202611271201", "120"], { env: stack.phpEnv }, (e) =>
          resolve(e ? 1 : 0),
        ),
      ),
    ).to.equal(0);
    expect(redisCli(bin, stack, ["TTL", "storefront:once:cron-202611271200"])).to.match(/^(1[01]\d|120)$/);
  });

  it("refuses a database client without TLS, as Aurora does", () => {
    expect(() =>
      run(bin.mariadb, [
        "--no-defaults",
        "-h",
        "127.0.0.1",
        "-P",
        String(stack.ports.db),
        `-u${DB.user}`,
        `-p${DB.password}`,
        "--skip-ssl",
        "-e",
        "SELECT 1",
      ]),
    ).to.throw(/secure transport|SSL|Access denied/i);
  });

  it("gives Magento the database over verified TLS through the platform's env.php pieces", () => {
    const envFile = `${stack.layout.configDir}/${CONFIG_FILES.magentoEnv}`;
    fs.writeFileSync(envFile, magentoEnv(stack.layout));
    const script = [
      `$env = require '${envFile}';`,
      "$c = $env['db']['connection']['default'];",
      "[$host, $port] = explode(':', $c['host']);",
      "$pdo = new PDO(\"mysql:host=$host;port=$port;dbname={$c['dbname']}\", $c['username'], $c['password'], $c['driver_options']);",
      "echo json_encode(['cipher' => $pdo->query(\"SHOW SESSION STATUS LIKE 'Ssl_cipher'\")->fetch()[1],",
      "  'session' => $env['session']['redis']['host']]);",
    ].join("\n");
    const out = JSON.parse(run(bin.php, ["-r", script], { env: stack.phpEnv })) as Record<string, string>;
    expect(out.cipher).to.be.a("string").and.not.equal("");
    expect(out.session).to.equal("tls://127.0.0.1");
  });

  it("gives Magento its default and full-page caches in Redis over TLS with AUTH, apart from sessions", () => {
    const envFile = `${stack.layout.configDir}/${CONFIG_FILES.magentoEnv}`;
    fs.writeFileSync(envFile, magentoEnv(stack.layout));
    // Each cache's backend options used as Magento's Redis backend uses them with phpredis: connect to
    // the server (tls://), AUTH, SELECT the database, write a key.
    const script = [
      `$env = require '${envFile}';`,
      "$out = [];",
      "foreach (['default', 'page_cache'] as $name) {",
      "  $cache = $env['cache']['frontend'][$name];",
      "  $o = $cache['backend_options'];",
      "  $r = new Redis();",
      "  $r->connect($o['server'], (int) $o['port'], 2.5);",
      "  $r->auth($o['password']);",
      "  $r->select((int) $o['database']);",
      "  $r->set('storefront-probe-' . $name, 'cached');",
      "  $out[$name] = ['backend' => $cache['backend'], 'database' => $o['database'], 'server' => $o['server']];",
      "}",
      "$out['sessions'] = $env['session']['redis']['database'];",
      "echo json_encode($out);",
    ].join("\n");
    const out = JSON.parse(run(bin.php, ["-r", script], { env: stack.phpEnv })) as Record<
      string,
      { backend: string; database: string; server: string }
    > & { sessions: string };
    for (const [name, database] of [
      ["default", "1"],
      ["page_cache", "2"],
    ] as const) {
      expect(out[name].backend, name).to.equal("Magento\\Framework\\Cache\\Backend\\Redis");
      expect(out[name].server, name).to.equal("tls://127.0.0.1");
      expect(out[name].database, name).to.equal(database);
      expect(redisCli(bin, stack, ["-n", database, "GET", `storefront-probe-${name}`])).to.equal("cached");
      expect(redisCli(bin, stack, ["-n", out.sessions, "EXISTS", `storefront-probe-${name}`])).to.equal("0");
    }
    expect(out.sessions).to.equal("0");
  });

  // Last: it installs WordPress, which every spec above expects not to be.
  it("lets the operator install WordPress with the setup token; robots.txt and sitemaps are then WordPress's", async () => {
    const headers = { Host: "shop.example.test", "X-Forwarded-Proto": "https" };
    const form = new URLSearchParams({
      weblog_title: "Storefront",
      user_name: "owner",
      admin_password: "Operator-Chosen-Password-2026!",
      admin_password2: "Operator-Chosen-Password-2026!",
      admin_email: "owner@shop.example.test",
      blog_public: "1",
      language: "",
    }).toString();
    const stranger = await post(stack.ports.http, "/wp-admin/install.php?step=2", form, headers);
    expect(stranger.status).to.equal(401);
    const operator = await post(stack.ports.http, "/wp-admin/install.php?step=2", form, {
      ...headers,
      Authorization: basic("setup", SETUP_TOKEN),
    });
    expect(operator.status, operator.body.slice(0, 2000)).to.equal(200);
    expect(operator.body).to.contain("WordPress has been installed");

    // The installer's own check of pretty permalinks requests the shop's public URL, which does not
    // resolve here, so it keeps plain ones; the operator then picks pretty permalinks, as shops do (and
    // WordPress answers /robots.txt and /wp-sitemap.xml only with them).
    fs.writeFileSync(
      `${stack.layout.webRoot}/wp-admin/storefront-permalinks.php`,
      "<?php require dirname(__DIR__) . '/wp-load.php'; global $wp_rewrite;\n" +
        "$wp_rewrite->set_permalink_structure('/%postname%/'); flush_rewrite_rules(); echo 'ok';\n",
    );
    expect((await get(stack.ports.http, "/wp-admin/storefront-permalinks.php", headers)).body).to.equal("ok");

    const robots = await get(stack.ports.http, "/robots.txt", headers);
    expect(robots.status, `${robots.headers.location} ${robots.body}`).to.equal(200);
    expect(robots.body).to.contain("User-agent: *");
    expect(robots.body).to.contain(`Sitemap: ${SITE_URL}/wp-sitemap.xml`);
    const sitemap = await get(stack.ports.http, "/wp-sitemap.xml", headers);
    expect(sitemap.status, `${sitemap.headers.location} ${sitemap.body.slice(0, 500)}`).to.equal(200);
    expect(sitemap.body).to.contain("<sitemapindex");
    // Installed: the installer stays locked.
    expect((await get(stack.ports.http, "/wp-admin/install.php", headers)).status).to.equal(401);
  });
});

describe("test/real: Magento's nginx site on real nginx and PHP-FPM", function () {
  this.timeout(60_000);
  let dir: string;
  let port: number;
  const servers: Server[] = [];

  before(async function () {
    const bin = requireBinaries(this);
    dir = tempDir("storefront-magento-");
    port = await freePort();
    const layout = layoutFor(dir, `${dir}/www/magento`, port);
    const { nginxConf, fpmConfig, phpEnv } = renderConfig(dir, "magento", layout, {
      profile: "magento",
      siteUrl: SITE_URL,
      database: { host: "127.0.0.1", port: 3306, name: DB.name },
      sessions: { host: "127.0.0.1", port: 6379 },
    });
    // Magento's front controller stands in as a probe that says which URL reached it.
    const pub = `${layout.webRoot}/pub`;
    fs.mkdirSync(`${pub}/media/downloadable/files`, { recursive: true });
    fs.writeFileSync(`${pub}/index.php`, "<?php echo 'MAGENTO-FRONT ', $_SERVER['REQUEST_URI'];\n");
    // A sitemap generated with the path /media/ (shared media, so every server has it).
    fs.writeFileSync(`${pub}/media/sitemap.xml`, "<urlset>MEDIA-SITEMAP</urlset>\n");
    fs.writeFileSync(`${pub}/media/downloadable/files/paid.zip`, "PAID-" + "CONTENT");
    const fpm = new Server("php-fpm", bin.phpFpm, fpmArgs(fpmConfig, ["--nodaemonize"]), { env: phpEnv });
    servers.push(fpm);
    await waitFor(fpm, () => fs.existsSync(layout.fpmSocket));
    const nginx = new Server("nginx", bin.nginx, ["-p", dir, "-c", nginxConf]);
    servers.push(nginx);
    await waitFor(nginx, () => portOpen(port));
  });

  after(async () => {
    for (const server of [...servers].reverse()) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lets Magento answer robots.txt through its front controller", async () => {
    const res = await get(port, "/robots.txt");
    expect(res.status).to.equal(200);
    expect(res.body).to.equal("MAGENTO-FRONT /robots.txt");
  });

  it("serves a sitemap generated into the shared media at the root, and passes others to Magento", async () => {
    const res = await get(port, "/sitemap.xml");
    expect(res.status, res.body).to.equal(200);
    expect(res.body).to.contain("MEDIA-SITEMAP");
    const media = await get(port, "/media/sitemap.xml");
    expect(media.body).to.contain("MEDIA-SITEMAP");
    const missing = await get(port, "/sitemap_2.xml");
    expect(missing.body).to.equal("MAGENTO-FRONT /sitemap_2.xml");
  });

  it("never serves downloadable products from media", async () => {
    const res = await get(port, "/media/downloadable/files/paid.zip");
    expect(res.status).to.be.oneOf([403, 404]);
    expect(res.body).not.to.contain("PAID-CONTENT");
  });
});

describe("test/real: every rendered file passes nginx -t and php-fpm -t", function () {
  this.timeout(60_000);
  let bin: Binaries;
  before(function () {
    bin = requireBinaries(this);
  });

  for (const profile of ["wordpress", "magento"] as const) {
    it(`${profile}: the nginx site, the PHP-FPM pool and PHP's settings`, () => {
      const dir = tempDir(`storefront-${profile}-`);
      try {
        const layout = layoutFor(
          dir,
          profile === "wordpress" ? `${dir}/www/html` : `${dir}/www/magento`,
          18080,
        );
        const { nginxConf, fpmConfig, phpEnv } = renderConfig(dir, profile, layout, {
          profile,
          siteUrl: SITE_URL,
          database: { host: "127.0.0.1", port: 3306, name: DB.name },
          sessions: { host: "127.0.0.1", port: 6379 },
        });
        run(bin.nginx, ["-t", "-p", dir, "-c", nginxConf]);
        // The site as user data writes it: without comments and indentation.
        const site = `${dir}/sites/storefront.conf`;
        fs.writeFileSync(site, withoutComments(fs.readFileSync(site, "utf8")));
        run(bin.nginx, ["-t", "-p", dir, "-c", nginxConf]);
        run(bin.phpFpm, fpmArgs(fpmConfig, ["-t"]), { env: phpEnv });
        // PHP's settings parse and take effect.
        const ini = run(
          bin.php,
          ["-r", "echo ini_get('opcache.validate_timestamps'), '|', ini_get('expose_php');"],
          {
            env: phpEnv,
          },
        );
        expect(ini).to.equal("0|");
        for (const file of [wpConfig(layout), magentoEnv(layout)]) {
          fs.writeFileSync(`${dir}/lint.php`, file);
          // Syntax only: -n skips loading the extensions, which a lint does not use.
          run(bin.php, ["-n", "-l", `${dir}/lint.php`]);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
