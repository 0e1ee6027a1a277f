import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { formatProblem } from "../stacks/config-error";
import { validateStackConfig } from "../stacks/load-config";
import { ENVIRONMENT_PRESETS } from "../stacks/presets";
import { ENVIRONMENT_BASES, EnvironmentBase, Profile } from "../stacks/schema";
import { sizeFor } from "../stacks/sizing";
import { checkStackName, findProjectDir, projectName, UsageError } from "../runtime/stack-files";
import { Command, EXIT, runAsProcess } from "./command";

/*
 * npm run new-client -- --client <name> --env <env> --profile <wordpress|magento> --region <region>
 *   [--base dev|prod] [--domain <host>] [--hosted-zone <id>] [--peak-users <n>] [--page-views <per second>]
 *   [--alert-email <address> ...] [--cidr <block>] [--countries <ISO codes the shop sells to>]
 *
 * Writes Pulumi.<client>-<env>.yaml with only what differs from the presets (plus the sizes derived from
 * the peak, so they can be read and overridden), validated by the program's own schema. Never
 * overwrites; writes nothing when anything is wrong. Exit status 0 written, 2 invalid.
 */

const USAGE =
  "usage: npm run new-client -- --client <name> --env <env> --profile <wordpress|magento> --region <region> " +
  "[--base dev|prod] [--domain <host>] [--hosted-zone <id>] [--peak-users <n>] [--page-views <n>] " +
  "[--alert-email <address> ...] [--cidr <block>] [--countries DE,AT,...]";

interface Options {
  client?: string;
  env?: string;
  profile?: string;
  region?: string;
  base?: string;
  domain?: string;
  "hosted-zone"?: string;
  "peak-users"?: string;
  "page-views"?: string;
  "alert-email"?: string[];
  cidr?: string;
  countries?: string;
  help?: boolean;
}

export interface NewClientResult {
  readonly stack: string;
  readonly file: string;
  readonly values: Record<string, unknown>;
  /** What the user should know about the file written (a capped size). */
  readonly notes: readonly string[];
}

function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${flag}: got "${text}"; expected a positive number`);
  return n;
}

/** The stack file's values for the options, before validation. */
export function clientValues(o: Options, notes: string[] = []): Record<string, unknown> {
  const missing = ["client", "env", "profile", "region"].filter((k) => !o[k as keyof Options]);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(", ")}`);
  const peakUsers = positiveNumber("peak-users", o["peak-users"]);
  const pageViews = positiveNumber("page-views", o["page-views"]);
  const base = (o.base ?? ((ENVIRONMENT_BASES as readonly string[]).includes(o.env!) ? o.env : undefined)) as
    EnvironmentBase | undefined;
  const values: Record<string, unknown> = {
    client: o.client,
    environment: o.env,
    ...(o.base ? { base: o.base } : {}),
    profile: o.profile,
    region: o.region,
  };
  if (o.domain)
    values.domain = { name: o.domain, ...(o["hosted-zone"] ? { hostedZoneId: o["hosted-zone"] } : {}) };
  if (o.cidr) values.network = { cidr: o.cidr };
  if (o.countries)
    values.edge = {
      geoRestriction: { mode: "allow", countries: o.countries.split(",").map((c) => c.trim()) },
    };
  if (o["alert-email"]?.length) values.alerts = { emails: o["alert-email"] };
  if ((peakUsers || pageViews) && base && (o.profile === "wordpress" || o.profile === "magento")) {
    const azCount = ENVIRONMENT_PRESETS[base].network.azCount;
    const sizing = sizeFor({
      peakUsers: peakUsers ?? (pageViews ?? 0) * 20,
      ...(pageViews ? { pageViewsPerSecond: pageViews } : {}),
      profile: o.profile as Profile,
      base,
      azCount,
    });
    const { peakServers: _peak, ...web } = sizing.web;
    if (sizing.capped) {
      notes.push(
        `the peak (${sizing.pageViewsPerSecond} page views per second) needs ${sizing.capped.serversNeeded} ` +
          `servers; web.maxSize is capped at ${sizing.capped.maxFleet}, the most one fleet may hold here: ` +
          "split the shop or raise the server size",
      );
    }
    values.web = web;
    if (base === "prod") {
      values.database = sizing.database;
      values.cache = sizing.cache;
    }
  }
  return values;
}

export function newClient(argv: readonly string[], cwd: string): NewClientResult {
  let options: Options;
  try {
    options = parseArgs({
      args: [...argv],
      // --now is the runner's: a new stack file does not depend on the time.
      options: { ...OPTIONS, help: { type: "boolean", short: "h" }, now: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }).values as Options;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (options.help) throw new UsageError("help");
  if (options.client && options.env) checkStackName(`${options.client}-${options.env}`);

  const projectDir = findProjectDir(cwd);
  const project = projectName(projectDir);
  const stack = `${options.client}-${options.env}`;
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  const notes: string[] = [];
  const values = clientValues(options, notes);
  const result = validateStackConfig({ stack, values, secretKeys: new Set() });
  if (!result.ok) throw new InvalidClient(result.problems.map(formatProblem));
  if (existsSync(file))
    throw new UsageError(`${file} exists; not overwriting it (remove it first to start over)`);

  const config = Object.fromEntries(Object.entries(values).map(([k, v]) => [`${project}:${k}`, v]));
  const header =
    `# ${options.client}: ${options.profile} shop, ${options.env} environment.\n` +
    (values.web ? `# Sizes derived from the expected peak; override them freely.\n` : "");
  writeFileSync(file, header + stringify({ config }, { lineWidth: 0 }), { flag: "wx" });
  return { stack, file, values, notes };
}

export class InvalidClient extends Error {
  constructor(readonly problems: string[]) {
    super("invalid client configuration");
  }
}

function nextSteps(r: NewClientResult): string {
  return [
    `Created ${path.basename(r.file)}.`,
    "",
    "Next steps:",
    `  npm run plan -- --stack ${r.stack}            # check it offline, policy pack included`,
    `  npm run report -- --stack ${r.stack}          # the client's architecture document`,
    `  pulumi stack init ${r.stack}`,
    "  pulumi config set --secret --path alerts.webhookUrl https://...   # optional on-call webhook",
    "  pulumi config set --secret fastly:apiKey ...                       # only with edge.provider fastly",
    "  pulumi preview --policy-pack ./policy",
    "  pulumi up --policy-pack ./policy",
  ].join("\n");
}

/** Options newClient reads; the runner parses them too, for usage errors, --help and --now. */
const OPTIONS = {
  client: { type: "string" },
  env: { type: "string" },
  profile: { type: "string" },
  region: { type: "string" },
  base: { type: "string" },
  domain: { type: "string" },
  "hosted-zone": { type: "string" },
  "peak-users": { type: "string" },
  "page-views": { type: "string" },
  "alert-email": { type: "string", multiple: true },
  cidr: { type: "string" },
  countries: { type: "string" },
} as const;

export function newClientCommand(argv: readonly string[]): Command<Options> {
  return {
    usage: USAGE,
    options: OPTIONS,
    async run({ io, out, err }) {
      try {
        const result = newClient(argv, io.cwd);
        for (const note of result.notes) await err(`warning: ${note}\n`);
        await out(`${nextSteps(result)}\n`);
        return EXIT.clean;
      } catch (e) {
        if (e instanceof InvalidClient) {
          await err("error: the client's configuration would be invalid; nothing was written:\n");
          for (const line of e.problems) await err(`  ${line}\n`);
          return EXIT.invalid;
        }
        if (e instanceof UsageError) throw new UsageError(`${e.message}\n${USAGE}`);
        throw e;
      }
    },
  };
}

if (require.main === module) runAsProcess(newClientCommand(process.argv.slice(2)));
