import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { POLICIES } from "../policy/pack";
import { clientValues } from "./new-client";
import { planFleet } from "./fleet";
import { runPolicies } from "../runtime/policy-runner";
import { planStack } from "../runtime/plan-runner";
import { findProjectDir, readStackSettings } from "../runtime/stack-files";
import { syntheticGraph } from "../runtime/synthetic-graph";

/*
 * npm run bench [-- --runs <n>] [--stacks dev,prod] [--fleet 1,10,50] [--fleet-cloud aws|azure|mixed]
 *   [--cdk-peer <dir>]
 *
 * How fast the offline plan is, as users meet it. Every figure is a wall-clock median of several runs on
 * this machine; the single plans run in fresh processes as CI runs them, interleaved run by run with
 * their references so that a change in the machine's load hits every row alike:
 * - the floor: a bare `require` of the five Pulumi packages the kit uses, as any Pulumi program pays;
 * - the AWS CDK + cdk-nag peer (bench/cdk-peer.cjs: the prod architecture synthesized and checked with
 *   the AwsSolutions pack, CDK's built-in template validation off) when it is installed outside the
 *   repository: `--cdk-peer <dir>` or STOREFRONT_CDK_PEER (see README, "Speed").
 * `--stacks` names the stacks planned one by one (default dev and prod; an Azure stack such as azure-prod
 * plans the same way, so `--stacks dev,prod,azure-dev,azure-prod` puts both clouds side by side), and the
 * policy pack is also timed on the first Azure stack's graph; `--fleet-cloud` generates the fleet's stacks
 * for AWS (default), Azure or both alternately, with `npm run new-client`'s own values.
 * Nothing here is asserted: the ratios go into the README with the machine they were measured on.
 */

const DIST = __dirname;
const PEER_APP = path.join(DIST, "..", "..", "bench", "cdk-peer.cjs");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Timed {
  readonly seconds: number;
  readonly mib: number;
}

/** Runs node with `args` in a fresh process; returns seconds and peak memory in MiB. */
function timeProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Timed {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["-r", path.join(DIST, "bench-rss.js"), ...args], {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kb = Number(/bench-max-rss-kb=(\d+)/.exec(run.stderr)?.[1] ?? NaN);
  if (!Number.isFinite(kb)) throw new Error(`node ${args.join(" ")} failed (${run.status}): ${run.stderr}`);
  return { seconds, mib: kb / 1024 };
}

export type FleetCloud = "aws" | "azure" | "mixed";

/** The options `npm run new-client` takes for a generated Azure client (a placeholder subscription). */
const AZURE_CLIENT = {
  cloud: "azure",
  region: "westeurope",
  "subscription-id": "00000000-0000-4000-8000-00000000f1ee",
  "ssh-public-key": [
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMC9SqLPL3iafCpXTEAObfc3m/GLscgn5PhKyIUB/K2k ops@example.com",
  ],
  "monthly-budget": "1500",
  // The Entra group administering MySQL (a prod stack needs one), read through a placeholder identity.
  "entra-admin-login": "fleet-dba",
  "entra-admin-object-id": "00000000-0000-4000-8000-0000000db0a0",
  "entra-admin-identity-id":
    "/subscriptions/00000000-0000-4000-8000-00000000f1ee/resourceGroups/fleet-shared/providers/Microsoft.ManagedIdentity/userAssignedIdentities/fleet-mysql-directory-reader",
} as const;

/**
 * A project directory with `count` generated client stacks (half WordPress, half Magento, dev and prod),
 * on AWS, on Azure, or alternately on both.
 */
export function fleetDir(
  projectDir: string,
  count: number,
  cloud: FleetCloud = "aws",
): { dir: string; stacks: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), "fleet-"));
  copyFileSync(path.join(projectDir, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  const stacks: string[] = [];
  for (let i = 0; i < count; i++) {
    const env = i % 2 === 0 ? "dev" : "prod";
    const azure = cloud === "azure" || (cloud === "mixed" && Math.floor(i / 2) % 2 === 1);
    const values = clientValues({
      client: `client${i}`,
      env,
      profile: i % 4 < 2 ? "wordpress" : "magento",
      domain: `shop.client${i}.example`,
      "peak-users": String(1000 * ((i % 20) + 1)),
      "alert-email": ["ops@example.com"],
      ...(azure
        ? {
            ...AZURE_CLIENT,
            "ssh-public-key": [...AZURE_CLIENT["ssh-public-key"]],
            "certificate-secret-id": `https://client${i}-certs.vault.azure.net/secrets/shop-tls`,
            "certificate-vault": `client${i}-shared/client${i}-certs`,
          }
        : { region: "eu-west-1", "hosted-zone": "Z0FLEETEXAMPLE" }),
    });
    const config = Object.fromEntries(Object.entries(values).map(([k, v]) => [`storefront:${k}`, v]));
    writeFileSync(path.join(dir, `Pulumi.client${i}-${env}.yaml`), stringify({ config }));
    stacks.push(`client${i}-${env}`);
  }
  return { dir, stacks };
}

type Row = [string, string, string, string];

async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runs: { type: "string", default: "5" },
      stacks: { type: "string", default: "dev,prod" },
      fleet: { type: "string", default: "1,10,50" },
      "fleet-cloud": { type: "string", default: "aws" },
      "cdk-peer": { type: "string" },
    },
    strict: true,
  });
  const fleetCloud = values["fleet-cloud"] as FleetCloud;
  if (!["aws", "azure", "mixed"].includes(fleetCloud)) {
    throw new Error(`--fleet-cloud: got "${fleetCloud}"; expected aws, azure or mixed`);
  }
  const singleStacks = values.stacks.split(",").filter(Boolean);
  const runs = Math.max(1, Number(values.runs));
  const projectDir = findProjectDir(process.cwd());
  const peerDir = values["cdk-peer"] ?? process.env.STOREFRONT_CDK_PEER;
  const peer =
    peerDir && existsSync(path.join(peerDir, "node_modules", "aws-cdk-lib")) && existsSync(PEER_APP)
      ? peerDir
      : undefined;
  const rows: Row[] = [];
  const loadBefore = loadavg()[0];

  // Single plans, interleaved: one run of every measure per round.
  const measures: { label: string; args: string[]; env?: NodeJS.ProcessEnv }[] = [
    { label: "floor: load the five Pulumi packages", args: [path.join(DIST, "bench-floor.js")] },
    ...singleStacks.map((stack) => ({
      label: `plan: ${stack}`,
      args: [path.join(DIST, "plan.js"), "--stack", stack, "--json"],
    })),
    ...(peer
      ? [
          {
            label: "AWS CDK + cdk-nag: prod architecture",
            args: [PEER_APP, peer],
            env: { ...process.env, CDK_VALIDATION: "false" },
          },
        ]
      : []),
  ];
  const samples = measures.map(() => [] as Timed[]);
  for (let round = 0; round < runs; round++) {
    measures.forEach((m, i) => samples[i].push(timeProcess(m.args, projectDir, m.env)));
  }
  const medians = samples.map((s) => ({
    seconds: median(s.map((t) => t.seconds)),
    mib: median(s.map((t) => t.mib)),
  }));
  const floor = medians[0].seconds;
  const cdk = peer ? medians[measures.length - 1].seconds : undefined;
  measures.forEach((m, i) => {
    const { seconds, mib } = medians[i];
    const ratios = [`${(seconds / floor).toFixed(2)}x floor`];
    if (cdk !== undefined) ratios.push(`${(seconds / cdk).toFixed(2)}x CDK`);
    rows.push([m.label, `${seconds.toFixed(2)} s`, `${mib.toFixed(0)} MiB`, ratios.join(", ")]);
  });
  if (!peer) rows.push(["AWS CDK + cdk-nag", "not installed", "", "see README, Speed"]);

  // The fleet: long-lived workers, one per core.
  const sizes = values.fleet.split(",").map(Number);
  let one: number | undefined;
  for (const count of sizes) {
    const { dir, stacks } = fleetDir(projectDir, count, fleetCloud);
    try {
      const times: number[] = [];
      let cpu: number[] = [];
      let failed = 0;
      for (let r = 0; r < (count <= 10 ? runs : 1); r++) {
        const started = process.hrtime.bigint();
        const outcomes = await planFleet(dir, stacks, { concurrency: availableParallelism() });
        times.push(Number(process.hrtime.bigint() - started) / 1e9);
        failed = outcomes.filter((o) => o.status !== 0).length;
        cpu = outcomes.map((o) => o.cpuSeconds ?? NaN);
      }
      const seconds = median(times);
      if (count === 1) one = seconds;
      const marginal =
        one !== undefined && count > 1
          ? `, ${((seconds - one) / (count - 1)).toFixed(2)} s per added stack`
          : "";
      rows.push([
        `fleet: ${count} ${fleetCloud === "aws" ? "" : `${fleetCloud} `}stack(s)${count > 10 ? " (1 run)" : ""}`,
        `${seconds.toFixed(2)} s`,
        "",
        `${(seconds / count).toFixed(2)} s per stack${marginal}, ${median(cpu).toFixed(2)} s CPU per stack in a worker${failed ? `, ${failed} failed` : ""}`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runStack } = require("../stacks/program") as typeof import("../stacks/program");
  // The policy pack on copies of the prod graph, and of the first Azure stack's when one is planned.
  const azureStack = singleStacks.find((stack) => {
    const settings = readStackSettings(projectDir, stack);
    return settings.config[`${settings.project}:cloud`] === "azure";
  });
  const graphs: [string, string][] = [
    ["prod", ""],
    ...(azureStack ? [[azureStack, ` (${azureStack})`] as [string, string]] : []),
  ];
  for (const [stack, suffix] of graphs) {
    const planned = await planStack(readStackSettings(projectDir, stack), runStack);
    for (const size of [1000, 10000]) {
      const graph = syntheticGraph(planned.registrations, size);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        await runPolicies(graph, POLICIES);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      const ms = median(times);
      rows.push([
        `policy pack: ${size} resources${suffix}`,
        `${ms.toFixed(0)} ms`,
        "",
        `${((ms * 1000) / size).toFixed(1)} µs per resource`,
      ]);
    }
  }

  const header: Row = ["measure", "time", "peak memory", "note"];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const line = (r: Row) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  process.stdout.write(
    [
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; ` +
        `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after; medians of ${runs} interleaved runs.`,
      "",
      line(header),
      `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
      ...rows.map(line),
      "",
    ].join("\n"),
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = 1;
  });
}
