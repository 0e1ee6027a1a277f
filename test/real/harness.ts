import { ChildProcess, execFileSync, spawn, SpawnOptions } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/*
 * Real software for the real-component specs: nginx, PHP-FPM, MariaDB and Redis from Debian's packages,
 * run as this test's own processes on loopback and high ports in a temporary directory (no systemd).
 * Outside CI a missing binary skips the suite; in CI (CI=true) it fails it, so nothing is skipped there.
 */

export const IN_CI = process.env.CI === "true";
export const AS_ROOT = process.getuid?.() === 0;

/**
 * The environment a server's boot scripts run in: the system PATH cloud-init gives user data on Debian and
 * Ubuntu, so `python3`, `curl` and `openssl` are the distribution's, as on the VM. A workstation or CI PATH
 * may put a version manager's shim first (pyenv's `python3` is a shell script costing ~0.6 s a call, and
 * the Azure first boot calls python3 a dozen times).
 */
export function serverEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ...extra };
}

/** The first existing file among candidates (a glob-free search over known locations). */
function firstExisting(candidates: readonly string[]): string | undefined {
  return candidates.find((c) => fs.existsSync(c));
}

function phpVersioned(dir: string, prefix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && /\d/.test(f.slice(prefix.length)))
    .sort()
    .reverse()
    .map((f) => path.join(dir, f));
}

export interface Binaries {
  readonly nginx: string;
  readonly phpFpm: string;
  readonly php: string;
  readonly mariadbd: string;
  readonly mariadbInstallDb: string;
  readonly mariadb: string;
  readonly redisServer: string;
  readonly redisCli: string;
  readonly openssl: string;
  readonly shellcheck: string;
  /** `systemd-analyze verify` for the units first boot writes. */
  readonly systemdAnalyze: string;
  /** Debian's WordPress core. */
  readonly wordpress: string;
}

/** Finds every binary the specs need; returns the names of those missing. */
export function findBinaries(): { found: Partial<Binaries>; missing: string[] } {
  const wanted: Record<keyof Binaries, string[]> = {
    nginx: ["/usr/sbin/nginx"],
    phpFpm: ["/usr/sbin/php-fpm", ...phpVersioned("/usr/sbin", "php-fpm")],
    php: ["/usr/bin/php", ...phpVersioned("/usr/bin", "php")],
    mariadbd: ["/usr/sbin/mariadbd", "/usr/sbin/mysqld"],
    mariadbInstallDb: ["/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db"],
    mariadb: ["/usr/bin/mariadb", "/usr/bin/mysql"],
    redisServer: ["/usr/bin/redis-server"],
    redisCli: ["/usr/bin/redis-cli"],
    openssl: ["/usr/bin/openssl"],
    shellcheck: ["/usr/bin/shellcheck"],
    systemdAnalyze: ["/usr/bin/systemd-analyze"],
    wordpress: ["/usr/share/wordpress/wp-settings.php"],
  };
  const found: Partial<Record<keyof Binaries, string>> = {};
  const missing: string[] = [];
  for (const [key, candidates] of Object.entries(wanted) as [keyof Binaries, string[]][]) {
    const hit = firstExisting(candidates);
    if (hit) found[key] = key === "wordpress" ? path.dirname(hit) : hit;
    else missing.push(`${key} (${candidates[0]})`);
  }
  return { found, missing };
}

/** In a mocha `before`: the binaries, or a skip (outside CI) / a failure (in CI) naming what is missing. */
export function requireBinaries(ctx: Mocha.Context): Binaries {
  const { found, missing } = findBinaries();
  if (missing.length > 0) {
    const message = `missing real components: ${missing.join(", ")} (bash .ci/run installs them)`;
    if (IN_CI) throw new Error(message);
    console.warn(`  skipped: ${message}`);
    ctx.skip();
  }
  return found as Binaries;
}

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  // Servers running as their own users (nginx's workers, PHP's pool) traverse it.
  fs.chmodSync(dir, 0o755);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(
  file: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string } = {},
): string {
  try {
    return execFileSync(file, args, {
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.input !== undefined ? { input: opts.input } : {}),
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${path.basename(file)} ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`,
    );
  }
}

/** A long-running server owned by the test: its output is kept for failure messages. */
export class Server {
  readonly child: ChildProcess;
  output = "";

  constructor(
    readonly name: string,
    file: string,
    args: readonly string[],
    opts: SpawnOptions = {},
  ) {
    this.child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
    this.child.stdout?.on("data", (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on("data", (d: Buffer) => (this.output += d.toString()));
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  stop(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.kill("SIGTERM");
    });
  }
}

/** Waits until `ready()` holds, failing with the server's output if it exits or time runs out. */
export async function waitFor(
  server: Server,
  ready: () => boolean | Promise<boolean>,
  seconds = 30,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (server.exited) throw new Error(`${server.name} exited:\n${server.output}`);
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${server.name} did not become ready in ${seconds}s:\n${server.output}`);
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface Response {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export function get(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.setTimeout(20000, () => req.destroy(new Error(`GET ${urlPath} timed out`)));
  });
}

/**
 * A CA and a server certificate for 127.0.0.1 and localhost, made with the openssl CLI. The keys are EC
 * P-256: every server and client here (MariaDB, Redis, nginx, PHP's mysqlnd and phpredis, the mariadb and
 * redis-cli clients) takes them, and generating one costs milliseconds where an RSA 2048 key costs 0.1-0.4 s
 * of CPU (a random prime search), which each spec file paid twice. What the specs check (TLS required, the
 * chain and the name verified, the protocol versions) does not depend on the key type.
 */
export function makeCertificates(openssl: string, dir: string): { ca: string; cert: string; key: string } {
  const p = (f: string) => path.join(dir, f);
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  run(openssl, [
    "req",
    "-x509",
    ...ecKey,
    "-days",
    "2",
    "-subj",
    "/CN=storefront test CA",
    "-keyout",
    p("ca.key"),
    "-out",
    p("ca.pem"),
  ]);
  // The server's key and its certificate, signed by the CA, in one run (OpenSSL 3's `req -x509 -CA`).
  run(openssl, [
    "req",
    "-x509",
    ...ecKey,
    "-days",
    "2",
    "-subj",
    "/CN=localhost",
    "-addext",
    "basicConstraints=critical,CA:FALSE",
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
    "-CA",
    p("ca.pem"),
    "-CAkey",
    p("ca.key"),
    "-keyout",
    p("server.key"),
    "-out",
    p("server.pem"),
  ]);
  fs.chmodSync(p("server.key"), 0o644);
  return { ca: p("ca.pem"), cert: p("server.pem"), key: p("server.key") };
}

/** Writes a file only root and the group can read (as the first boot does); outside root, the user's. */
export function writeSecretFile(file: string, content: string, group: string): void {
  fs.writeFileSync(file, content, { mode: 0o440 });
  if (AS_ROOT) execFileSync("chgrp", [group, file]);
}
