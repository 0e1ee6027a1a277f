import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Command, CommandIo, EXIT, OutputError, runAsProcess, runCommand } from "./command";
import { markdownTable } from "./table";
import { PAGE_VIEWS_PER_VCPU, vcpusOf } from "../stacks/sizing";
import { planStack, PlannedResource, PlanResult } from "../runtime/plan-runner";
import {
  AZURE_DIAGRAM_NOTE,
  AZURE_TIER_LABELS,
  azureCapacity,
  azureDiagram,
  azureSettingsRows,
  azureSiteUrl,
  azureZoneRows,
  isAzurePlan,
  privateEndpointRows,
  unguardedTiers,
} from "./report-azure";
import { findProjectDir, readSmallFile, readStackSettings, UsageError } from "../runtime/stack-files";

/*
 * npm run -s report -- --stack <name> [--out <file> [--force]] [--now <ISO date and time>]
 *
 * A Markdown document for the client, drawn from the stack's actual offline plan: an architecture diagram
 * (Mermaid, rendered by GitHub and GitLab) whose flows are the firewall's rules, the AZ spread, the main
 * resources and their settings, capacity figures, the policy verdicts and the stack's outputs.
 */

type Props = Record<string, unknown>;

const TIER_LABELS: Record<string, string> = {
  alb: "Load balancer",
  web: "Web servers",
  efs: "Shared media (EFS)",
  db: "Aurora MySQL",
  cache: "Session cache",
  search: "OpenSearch",
  bastion: "Bastion",
};

function all(plan: PlanResult, type: string): PlannedResource[] {
  return plan.resources.filter((r) => r.type === type);
}

function first(plan: PlanResult, type: string): Props | undefined {
  return all(plan, type)[0]?.props;
}

/** Flows between tiers, read from the firewall's ingress rules: [from, to, port]. */
export function flows(plan: PlanResult): [string, string, number][] {
  const tierOf = new Map(
    plan.registrations
      .filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup")
      .map((g) => [g.urn, String((g.inputs.tags as Props | undefined)?.tier ?? "")]),
  );
  const seen = new Set<string>();
  const result: [string, string, number][] = [];
  for (const rule of plan.registrations.filter(
    (r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  )) {
    const to = tierOf.get(rule.propertyDependencies.securityGroupId?.[0] ?? "");
    const sourceGroup = rule.propertyDependencies.referencedSecurityGroupId?.[0];
    const from = sourceGroup
      ? tierOf.get(sourceGroup)
      : rule.inputs.prefixListId !== undefined
        ? "cdn"
        : rule.inputs.cidrIpv4 === "0.0.0.0/0"
          ? "internet"
          : "operators";
    const port = Number(rule.inputs.fromPort);
    const key = `${from}>${to}>${port}`;
    if (from && to && !seen.has(key)) {
      seen.add(key);
      result.push([from, to, port]);
    }
  }
  return result;
}

export function diagram(plan: PlanResult): string {
  const cdn = all(plan, "aws:cloudfront/distribution:Distribution").length
    ? "CloudFront + WAF"
    : all(plan, "fastly:index/serviceVcl:ServiceVcl").length
      ? "Fastly"
      : undefined;
  const lines = ["flowchart LR", "  shoppers((Shoppers))"];
  if (cdn) lines.push(`  cdn[${cdn}]`, "  shoppers --> cdn");
  const edges = flows(plan);
  const tiers = new Set(edges.flatMap(([from, to]) => [from, to]));
  for (const tier of tiers) {
    if (TIER_LABELS[tier]) {
      const shape = ["efs", "db", "cache", "search"].includes(tier)
        ? `[("${TIER_LABELS[tier]}")]`
        : `["${TIER_LABELS[tier]}"]`;
      lines.push(`  ${tier}${shape}`);
    }
  }
  if (tiers.has("operators")) lines.push("  operators((Operators))");
  for (const [from, to, port] of edges) {
    const source = from === "internet" ? "shoppers" : from;
    lines.push(`  ${source} -->|${port}| ${to}`);
  }
  return lines.join("\n");
}

const table = markdownTable;

function settingsRows(plan: PlanResult): string[][] {
  const rows: string[][] = [];
  const add = (what: string, type: string, describe: (p: Props) => string) => {
    for (const r of all(plan, type)) rows.push([what, r.name, describe(r.props)]);
  };
  add(
    "Load balancer",
    "aws:lb/loadBalancer:LoadBalancer",
    (p) =>
      `deletion protection ${p.enableDeletionProtection ? "on" : "off"}, invalid headers dropped, access logs ${(p.accessLogs as Props)?.enabled ? "on" : "off"}`,
  );
  add(
    "HTTPS listener",
    "aws:lb/listener:Listener",
    (p) => `${p.protocol} ${p.port}${p.sslPolicy ? `, ${p.sslPolicy}` : ""}`,
  );
  add(
    "Web servers",
    "aws:autoscaling/group:Group",
    (p) => `min ${p.minSize}, desired ${p.desiredCapacity}, max ${p.maxSize}, ELB health checks`,
  );
  add(
    "Launch template",
    "aws:ec2/launchTemplate:LaunchTemplate",
    (p) => `${p.instanceType}, IMDSv2 required, encrypted gp3`,
  );
  add(
    "Database cluster",
    "aws:rds/cluster:Cluster",
    (p) =>
      `${p.engine} ${p.engineVersion}, backups ${p.backupRetentionPeriod} days, encrypted, deletion protection ${p.deletionProtection ? "on" : "off"}`,
  );
  add(
    "Database instance",
    "aws:rds/clusterInstance:ClusterInstance",
    (p) => `${p.instanceClass} in ${p.availabilityZone}`,
  );
  add(
    "Session cache",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    (p) =>
      `${p.engine} ${p.engineVersion} on ${p.nodeType}, ${p.numCacheClusters} node(s), failover ${p.automaticFailoverEnabled ? "on" : "off"}, TLS and AUTH`,
  );
  add("Search", "aws:opensearch/domain:Domain", (p) => {
    const c = p.clusterConfig as Props;
    return `${p.engineVersion}, ${c.instanceCount} × ${c.instanceType}, zone awareness ${c.zoneAwarenessEnabled ? "on" : "off"}`;
  });
  add("Shared media", "aws:efs/fileSystem:FileSystem", (p) => `encrypted, ${p.throughputMode} throughput`);
  add(
    "CDN",
    "aws:cloudfront/distribution:Distribution",
    (p) => `${(p.aliases as string[]).join(", ")}, ${p.priceClass}, ${p.httpVersion}`,
  );
  add(
    "CDN",
    "fastly:index/serviceVcl:ServiceVcl",
    (p) => `${(p.domains as { name: string }[]).map((d) => d.name).join(", ")}`,
  );
  add("Backups", "aws:backup/plan:Plan", (p) =>
    (p.rules as Props[])
      .map((r) => `${r.ruleName} kept ${(r.lifecycle as Props).deleteAfter} days`)
      .join(", "),
  );
  return rows;
}

/** AZ spread of what has a zone: the network, database instances, cache nodes. */
function azRows(plan: PlanResult): string[][] {
  const zones = (plan.outputs.availabilityZones as string[] | undefined) ?? [];
  const rows = [["Network (public, private and isolated subnets)", zones.join(", ")]];
  const db = all(plan, "aws:rds/clusterInstance:ClusterInstance").map(
    (i) => `${i.name.split("-").pop()}: ${i.props.availabilityZone}`,
  );
  if (db.length) rows.push(["Database instances", db.join(", ")]);
  const asg = first(plan, "aws:autoscaling/group:Group");
  if (asg) rows.push(["Web servers", `spread over ${(asg.vpcZoneIdentifiers as string[]).length} AZs`]);
  const cache = first(plan, "aws:elasticache/replicationGroup:ReplicationGroup");
  if (cache)
    rows.push([
      "Session cache",
      cache.multiAzEnabled ? `${cache.numCacheClusters} nodes, multi-AZ` : "one node",
    ]);
  return rows;
}

function capacity(plan: PlanResult, profile: string): string {
  const asg = first(plan, "aws:autoscaling/group:Group");
  const lt = first(plan, "aws:ec2/launchTemplate:LaunchTemplate");
  const cpu = all(plan, "aws:autoscaling/policy:Policy")
    .map((p) => (p.props.targetTrackingConfiguration as Props)?.targetValue)
    .filter(Boolean);
  const schedules = all(plan, "aws:autoscaling/schedule:Schedule").map((s) => s.props);
  if (!asg || !lt) return "No web tier.";
  const vcpus = vcpusOf(String(lt.instanceType));
  const perVcpu = PAGE_VIEWS_PER_VCPU[profile as keyof typeof PAGE_VIEWS_PER_VCPU] ?? 12;
  const peak = Number(asg.maxSize) * vcpus * perVcpu;
  return [
    `- Web servers: ${lt.instanceType} (${vcpus} vCPUs), ${asg.minSize} to ${asg.maxSize}, scaling at ${cpu.join(" / ")} (CPU % / requests per server).`,
    `- Estimated capacity at the maximum: about ${peak} uncached page views per second (${peak * 20} simultaneous shoppers at one page per 20 s).`,
    ...(schedules.length
      ? [
          `- Campaign schedule: ${schedules.map((s) => `${s.scheduledActionName} at ${s.startTime} (min ${s.minSize}, max ${s.maxSize})`).join("; ")}.`,
        ]
      : ["- No campaign scheduled."]),
  ].join("\n");
}

/** What differs between the clouds' reports: the diagram and the tables that read cloud resources. */
interface CloudSections {
  readonly site: unknown;
  readonly diagram: string;
  readonly note: string;
  readonly zoneHeader: string;
  readonly zones: string[][];
  readonly extra: string[];
  readonly settings: string[][];
  readonly capacity: string;
}

function awsSections(plan: PlanResult, profile: string): CloudSections {
  return {
    site: plan.outputs.siteUrl,
    diagram: diagram(plan),
    note: "Arrows are the security group rules between tiers, labelled with their port; nothing else is allowed.",
    zoneHeader: "Availability zones",
    zones: azRows(plan),
    extra: [],
    settings: settingsRows(plan),
    capacity: capacity(plan, profile),
  };
}

function azureSections(plan: PlanResult, profile: string): CloudSections {
  const endpoints = privateEndpointRows(plan);
  const unguarded = unguardedTiers(plan).map((t) => AZURE_TIER_LABELS[t] ?? t);
  return {
    site: plan.outputs.siteUrl ?? azureSiteUrl(plan),
    diagram: azureDiagram(plan),
    note:
      AZURE_DIAGRAM_NOTE +
      (unguarded.length
        ? ` No network security group guards the subnet of: ${unguarded.join(", ")}; every tier in the network reaches it.`
        : ""),
    zoneHeader: "Availability zones",
    zones: azureZoneRows(plan),
    extra: endpoints.length
      ? ["## Private endpoints", "", table(["Endpoint", "Service", "Reachable from"], endpoints), ""]
      : [],
    settings: azureSettingsRows(plan),
    capacity: azureCapacity(plan, profile),
  };
}

/** An output's value in a table cell: lists joined, maps as JSON. */
function cell(v: unknown): string {
  if (Array.isArray(v)) return v.join(", ");
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function renderReport(
  plan: PlanResult,
  meta: { client: string; environment: string; profile: string; region: string },
): string {
  const sections = isAzurePlan(plan) ? azureSections(plan, meta.profile) : awsSections(plan, meta.profile);
  const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory").length;
  const verdict =
    plan.violations.length === 0
      ? `All ${plan.policiesRun} security rules pass.`
      : `${plan.violations.length} finding(s), ${mandatory} mandatory, from ${plan.policiesRun} security rules.`;
  return [
    `# ${meta.client}: ${meta.environment} storefront`,
    "",
    `${meta.profile === "magento" ? "Magento" : "WordPress"} in ${meta.region}, ${plan.resources.length} resources. ` +
      `Site: ${sections.site ?? "n/a"}. ${verdict}`,
    "",
    "## Architecture",
    "",
    "```mermaid",
    sections.diagram,
    "```",
    "",
    sections.note,
    "",
    ...sections.extra,
    `## ${sections.zoneHeader}`,
    "",
    table(["Tier", "Spread"], sections.zones),
    "",
    "## Main resources",
    "",
    table(["What", "Name", "Settings"], sections.settings),
    "",
    "## Capacity",
    "",
    sections.capacity,
    "",
    "## Security verdicts",
    "",
    verdict,
    "",
    ...(plan.violations.length
      ? [
          table(
            ["Rule", "Severity", "Enforcement", "Resource", "Finding"],
            plan.violations.map((v) => [
              v.policy,
              v.severity,
              v.enforcement,
              v.urn.split("::").pop() ?? "",
              v.message,
            ]),
          ),
          "",
        ]
      : []),
    "## Outputs",
    "",
    table(
      ["Output", "Value"],
      Object.entries(plan.outputs).map(([k, v]) => [k, cell(v)]),
    ),
    "",
  ].join("\n");
}

/** The first line of every report: how the command knows a file is one it wrote. */
export const REPORT_MARKER =
  "<!-- storefront report: written by npm run report; it may overwrite this file -->";

interface ReportOptions {
  stack?: string;
  out?: string;
  force?: boolean;
}

/**
 * Refuses to overwrite what the report did not write: a stack file, or any existing file that does not
 * start with the report's marker, unless --force says so. Never the stack file the report reads.
 */
function checkOutFile(out: string, stackFile: string, force: boolean): void {
  const target = path.resolve(out);
  if (target === path.resolve(stackFile) || /^Pulumi(\..+)?\.ya?ml$/.test(path.basename(target))) {
    if (target === path.resolve(stackFile) || !force) {
      throw new UsageError(`--out ${out}: a Pulumi project or stack file; the report never overwrites one`);
    }
  }
  if (!existsSync(target) || force) return;
  let head = "";
  try {
    head = readSmallFile(target, 64 * 1024 * 1024).split("\n", 1)[0];
  } catch (e) {
    throw new UsageError(
      `--out ${out}: exists and is not a report this command wrote (${(e as Error).message})`,
    );
  }
  if (head !== REPORT_MARKER) {
    throw new UsageError(
      `--out ${out}: exists and is not a report this command wrote; --force overwrites it`,
    );
  }
}

export const reportCommand: Command<ReportOptions> = {
  usage: "usage: npm run -s report -- --stack <name> [--out <file> [--force]] [--now <ISO date and time>]",
  options: { stack: { type: "string", short: "s" }, out: { type: "string" }, force: { type: "boolean" } },
  async run({ options, now, io, out }) {
    if (!options.stack) throw new UsageError("--stack is required");
    const settings = readStackSettings(findProjectDir(io.cwd), options.stack);
    if (options.out) checkOutFile(options.out, settings.file, options.force ?? false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runStack } = require("../stacks/program") as typeof import("../stacks/program");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { POLICIES } = require("../policy/pack") as typeof import("../policy/pack");
    const plan = await planStack(settings, () => runStack(now), { policies: POLICIES });
    const o = plan.outputs as Record<string, string>;
    const markdown = `${REPORT_MARKER}\n\n${renderReport(plan, {
      client: o.client,
      environment: o.environment,
      profile: o.profile,
      region: o.region,
    })}`;
    if (!options.out) {
      await out(markdown);
      return EXIT.clean;
    }
    try {
      writeFileSync(options.out, markdown);
    } catch (e) {
      throw new OutputError(
        `--out ${options.out}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    return EXIT.clean;
  },
};

/** Runs the command in this process; returns the exit status. */
export function main(argv: readonly string[], io: Partial<CommandIo> = {}): Promise<number> {
  return runCommand(reportCommand, argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    ...io,
  });
}

if (require.main === module) runAsProcess(reportCommand);
