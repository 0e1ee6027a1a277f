import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { formatProblem } from "../stacks/config-error";
import { validateStackConfig } from "../stacks/load-config";
import { zonesOf } from "../stacks/azure-locations";
import { AZURE_ENVIRONMENT_PRESETS } from "../stacks/azure-presets";
import { ENVIRONMENT_PRESETS } from "../stacks/presets";
import { ENVIRONMENT_BASES, EnvironmentBase, Profile } from "../stacks/schema";
import { azureSizeFor, sizeFor } from "../stacks/sizing";
import { checkStackName, findProjectDir, projectName, UsageError } from "../runtime/stack-files";
import { Command, CommandIo, EXIT, runAsProcess, runCommand } from "./command";

/*
 * npm run new-client -- --client <name> --env <env> --profile <wordpress|magento> --region <region>
 *   [--cloud aws|azure] [--base dev|prod] [--domain <host>] [--peak-users <n>] [--page-views <per second>]
 *   [--alert-email <address> ...] [--cidr <block>] [--countries <ISO codes the shop sells to>]
 *   [--monthly-budget <amount>] (required for Azure: a budget on the stack's resource group)
 *   AWS:   [--hosted-zone <id>]
 *   Azure: --subscription-id <GUID> [--tenant-id <GUID>] [--resource-group <name>]
 *          [--certificate-secret-id <Key Vault secret id>] [--certificate-vault <resource group>/<vault>]
 *          [--dns-zone <resource group>/<zone>]
 *          [--ssh-public-key <OpenSSH public key> ...]
 *          [--entra-admin-login <group> --entra-admin-object-id <GUID> --entra-admin-identity-id <resource id>]
 *          (the Entra group administering MySQL: required for a prod stack)
 *
 * Writes Pulumi.<client>-<env>.yaml with only what differs from the presets (plus the sizes derived from
 * the peak, so they can be read and overridden), validated by the program's own schema (the chosen
 * cloud's). Never overwrites; writes nothing when anything is wrong. Exit status 0 written, 2 invalid.
 */

const USAGE =
  "usage: npm run new-client -- --client <name> --env <env> --profile <wordpress|magento> --region <region> " +
  "[--cloud aws|azure] [--base dev|prod] [--domain <host>] [--peak-users <n>] [--page-views <n>] " +
  "[--alert-email <address> ...] [--cidr <block>] [--countries DE,AT,...] [--monthly-budget <amount>]; " +
  "AWS: [--hosted-zone <id>]; " +
  "Azure: --subscription-id <GUID> --monthly-budget <amount> [--tenant-id <GUID>] [--resource-group <name>] " +
  "[--certificate-secret-id <Key Vault secret id>] [--certificate-vault <resource group>/<vault>] " +
  "[--dns-zone <resource group>/<zone>] [--ssh-public-key <key> ...] " +
  "[--entra-admin-login <group> --entra-admin-object-id <GUID> --entra-admin-identity-id <identity resource id>]";

interface Options {
  cloud?: string;
  "subscription-id"?: string;
  "tenant-id"?: string;
  "resource-group"?: string;
  "certificate-secret-id"?: string;
  "certificate-vault"?: string;
  "dns-zone"?: string;
  "ssh-public-key"?: string[];
  "entra-admin-login"?: string;
  "entra-admin-object-id"?: string;
  "entra-admin-identity-id"?: string;
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
  "monthly-budget"?: string;
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

/** Options only one cloud's stacks take, with what the other cloud takes instead. */
const AZURE_ONLY = [
  "subscription-id",
  "tenant-id",
  "resource-group",
  "certificate-secret-id",
  "certificate-vault",
  "dns-zone",
  "ssh-public-key",
  "entra-admin-login",
  "entra-admin-object-id",
  "entra-admin-identity-id",
] as const;
const AWS_ONLY: Readonly<Record<string, string>> = {
  "hosted-zone": "--dns-zone <resource group>/<zone> (an Azure DNS zone)",
};

/** Usage problems of the options, one line each: missing options, the other cloud's options. */
function usageProblems(o: Options): string[] {
  const problems: string[] = [];
  if (o.cloud !== undefined && o.cloud !== "aws" && o.cloud !== "azure") {
    problems.push(`--cloud: got "${o.cloud}"; expected aws or azure`);
  }
  const azure = o.cloud === "azure";
  // An Azure stack always gets a budget on its resource group: the client's amount, stated up front.
  const required = [
    "client",
    "env",
    "profile",
    "region",
    ...(azure ? ["subscription-id", "monthly-budget"] : []),
  ];
  const missing = required.filter((k) => !o[k as keyof Options]);
  if (missing.length > 0) problems.push(`missing ${missing.map((m) => `--${m}`).join(", ")}`);
  if (azure) {
    for (const [flag, instead] of Object.entries(AWS_ONLY)) {
      if (o[flag as keyof Options] !== undefined) {
        problems.push(`--${flag}: an option of AWS stacks; an Azure stack takes ${instead}`);
      }
    }
  } else if (o.cloud !== undefined && o.cloud !== "aws") {
    // An unknown cloud: its problem is said above.
  } else {
    for (const flag of AZURE_ONLY) {
      if (o[flag] !== undefined) problems.push(`--${flag}: an option of Azure stacks; add --cloud azure`);
    }
  }
  if (o["certificate-vault"] !== undefined && !/^[^/]+\/[^/]+$/.test(o["certificate-vault"])) {
    problems.push(
      `--certificate-vault: got "${o["certificate-vault"]}"; expected <resource group>/<vault name>, such as acme-shared/acme-certs`,
    );
  }
  if (o["dns-zone"] !== undefined && !/^[^/]+\/[^/]+$/.test(o["dns-zone"])) {
    problems.push(
      `--dns-zone: got "${o["dns-zone"]}"; expected <resource group>/<zone name>, such as dns-rg/acme.example`,
    );
  }
  return problems;
}

/** The stack file's values for the options, before validation. */
export function clientValues(o: Options, notes: string[] = [], now?: Date): Record<string, unknown> {
  const usage = usageProblems(o);
  if (usage.length > 0) throw new UsageError(usage.join("\nerror: "));
  if (o.cloud === "azure") return azureClientValues(o, notes, now);
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
  const budget = positiveNumber("monthly-budget", o["monthly-budget"]);
  if (budget !== undefined) values.budget = { monthlyAmount: budget };
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
    if (sizing.capped) notes.push(cappedNote(sizing.pageViewsPerSecond, sizing.capped));
    values.web = web;
    if (base === "prod") {
      values.database = sizing.database;
      values.cache = sizing.cache;
    }
  }
  return values;
}

function cappedNote(pageViewsPerSecond: number, capped: { serversNeeded: number; maxFleet: number }): string {
  return (
    `the peak (${pageViewsPerSecond} page views per second) needs ${capped.serversNeeded} ` +
    `servers; web.maxSize is capped at ${capped.maxFleet}, the most one fleet may hold here: ` +
    "split the shop or raise the server size"
  );
}

/** An Azure stack's values (`storefront:cloud: azure`): Azure's vocabulary, sized with the Azure table. */
/** Days from the stack file's creation to its secrets' expiry: a year, the usual rotation period. */
export const SECRETS_LIFETIME_DAYS = 365;

function azureClientValues(o: Options, notes: string[], now?: Date): Record<string, unknown> {
  const peakUsers = positiveNumber("peak-users", o["peak-users"]);
  const pageViews = positiveNumber("page-views", o["page-views"]);
  const base = (o.base ?? ((ENVIRONMENT_BASES as readonly string[]).includes(o.env!) ? o.env : undefined)) as
    EnvironmentBase | undefined;
  const [dnsResourceGroup, dnsZone] = o["dns-zone"]?.split("/") ?? [];
  const [vaultResourceGroup, vaultName] = o["certificate-vault"]?.split("/") ?? [];
  const values: Record<string, unknown> = {
    cloud: "azure",
    client: o.client,
    environment: o.env,
    ...(o.base ? { base: o.base } : {}),
    profile: o.profile,
    region: o.region,
    azure: {
      subscriptionId: o["subscription-id"],
      ...(o["tenant-id"] !== undefined ? { tenantId: o["tenant-id"] } : {}),
      ...(o["resource-group"] !== undefined ? { resourceGroup: o["resource-group"] } : {}),
      ...(o["ssh-public-key"]?.length ? { sshPublicKeys: o["ssh-public-key"] } : {}),
      // The generated secrets expire a year from now: a fixed date in the file, moved forward on rotation.
      ...(now
        ? {
            secretsExpireOn: new Date(now.getTime() + SECRETS_LIFETIME_DAYS * 86_400_000)
              .toISOString()
              .slice(0, 10),
          }
        : {}),
    },
  };
  if (o.domain || o["certificate-secret-id"] || o["certificate-vault"] || o["dns-zone"]) {
    values.domain = {
      ...(o.domain ? { name: o.domain } : {}),
      ...(dnsZone ? { dnsZone: { resourceGroup: dnsResourceGroup, name: dnsZone } } : {}),
      ...(o["certificate-secret-id"] ? { certificateSecretId: o["certificate-secret-id"] } : {}),
      ...(vaultName ? { certificateVault: { resourceGroup: vaultResourceGroup, name: vaultName } } : {}),
    };
  }
  if (o.cidr) values.network = { cidr: o.cidr };
  if (o.countries)
    values.edge = {
      geoRestriction: { mode: "allow", countries: o.countries.split(",").map((c) => c.trim()) },
    };
  if (o["alert-email"]?.length) values.alerts = { emails: o["alert-email"] };
  // Required (usageProblems): in the subscription's billing currency; it notifies the alert emails.
  values.budget = { monthlyAmount: positiveNumber("monthly-budget", o["monthly-budget"]) };
  const entraAdmin =
    o["entra-admin-login"] || o["entra-admin-object-id"] || o["entra-admin-identity-id"]
      ? {
          entraAdmin: {
            ...(o["entra-admin-login"] !== undefined ? { login: o["entra-admin-login"] } : {}),
            ...(o["entra-admin-object-id"] !== undefined ? { objectId: o["entra-admin-object-id"] } : {}),
            ...(o["entra-admin-identity-id"] !== undefined
              ? { identityId: o["entra-admin-identity-id"] }
              : {}),
          },
        }
      : {};
  if ((peakUsers || pageViews) && base && (o.profile === "wordpress" || o.profile === "magento")) {
    // Zones as the stack will have them: the preset's count, of the zones the location has.
    const zoneCount = Math.min(AZURE_ENVIRONMENT_PRESETS[base].zoneCount, zonesOf(o.region!).length);
    const sizing = azureSizeFor({
      peakUsers: peakUsers ?? (pageViews ?? 0) * 20,
      ...(pageViews ? { pageViewsPerSecond: pageViews } : {}),
      profile: o.profile as Profile,
      base,
      zoneCount,
    });
    const { peakServers: _peak, ...web } = sizing.web;
    if (sizing.capped) notes.push(cappedNote(sizing.pageViewsPerSecond, sizing.capped));
    values.web = web;
    if (base === "prod") {
      values.database = sizing.database;
      values.cache = sizing.cache;
      if (o.profile === "magento") values.search = sizing.search;
    }
  }
  if (entraAdmin.entraAdmin) values.database = { ...(values.database as object | undefined), ...entraAdmin };
  return values;
}

/** The program's own validation of the chosen cloud's stack file (Azure's is loaded only for Azure). */
function validationProblems(stack: string, values: Record<string, unknown>): string[] {
  const source = { stack, values, secretKeys: new Set<string>() };
  if (values.cloud === "azure") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const azureConfig = require("../stacks/azure-config") as typeof import("../stacks/azure-config");
    const result = azureConfig.validateAzureStackConfig(source);
    return result.ok ? [] : result.problems.map(formatProblem);
  }
  const result = validateStackConfig(source);
  return result.ok ? [] : result.problems.map(formatProblem);
}

export function newClient(argv: readonly string[], cwd: string, now?: Date): NewClientResult {
  let options: Options;
  try {
    options = parseArgs({
      args: [...argv],
      // --now is the runner's: an Azure stack's secrets expire a year after it (azure.secretsExpireOn).
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
  const values = clientValues(options, notes, now);
  const problems = validationProblems(stack, values);
  if (problems.length > 0) throw new InvalidClient(problems);
  if (existsSync(file))
    throw new UsageError(`${file} exists; not overwriting it (remove it first to start over)`);

  const config = Object.fromEntries(Object.entries(values).map(([k, v]) => [`${project}:${k}`, v]));
  const header =
    `# ${options.client}: ${options.profile} shop, ${options.env} environment${values.cloud === "azure" ? ", on Azure" : ""}.\n` +
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
  if (r.values.cloud === "azure") {
    const azure = r.values.azure as { subscriptionId: string };
    return [
      `Created ${path.basename(r.file)}.`,
      "",
      "Next steps:",
      `  npm run plan -- --stack ${r.stack}            # check it offline, policy pack included`,
      `  npm run report -- --stack ${r.stack}          # the client's architecture document`,
      "  az login",
      `  az account set --subscription ${azure.subscriptionId}`,
      `  pulumi stack init ${r.stack}`,
      "  pulumi config set --secret --path alerts.webhookUrl https://...   # optional on-call webhook",
      "  pulumi preview --policy-pack ./policy",
      "  pulumi up --policy-pack ./policy",
    ].join("\n");
  }
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
  cloud: { type: "string" },
  "subscription-id": { type: "string" },
  "tenant-id": { type: "string" },
  "resource-group": { type: "string" },
  "certificate-secret-id": { type: "string" },
  "certificate-vault": { type: "string" },
  "dns-zone": { type: "string" },
  "ssh-public-key": { type: "string", multiple: true },
  "entra-admin-login": { type: "string" },
  "entra-admin-object-id": { type: "string" },
  "entra-admin-identity-id": { type: "string" },
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
  "monthly-budget": { type: "string" },
} as const;

export function newClientCommand(argv: readonly string[]): Command<Options> {
  return {
    usage: USAGE,
    options: OPTIONS,
    async run({ io, out, err, now }) {
      try {
        const result = newClient(argv, io.cwd, now);
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

/** Runs the command in this process; returns the exit status. */
export function main(argv: readonly string[], io: Partial<CommandIo> = {}): Promise<number> {
  return runCommand(newClientCommand(argv), argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    ...io,
  });
}

if (require.main === module) runAsProcess(newClientCommand(process.argv.slice(2)));
