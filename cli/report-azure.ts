import { vmSizeParts } from "../components/azure/shared/vm-sizes";
import { PAGE_VIEWS_PER_VCPU, THINK_TIME_SECONDS } from "../stacks/sizing";
import type { PlanResult } from "../runtime/plan-runner";
import { AzureNetworkModel, AzureTier, PRIVATE_LINK_PORTS } from "../runtime/azure-nsg";

export type { AzureTier } from "../runtime/azure-nsg";

/*
 * The Azure half of `npm run report`: what may reach what, read from the plan's network security groups
 * the way Azure evaluates them (runtime/azure-nsg.ts), and the Azure tiers' settings, zones and capacity.
 * Infrastructure sources (AzureLoadBalancer probes, GatewayManager) are not tiers and are not drawn.
 */

type Props = Record<string, unknown>;

export const AZURE_TIER_LABELS: Readonly<Record<string, string>> = {
  gateway: "Application Gateway",
  web: "Web servers (scale set)",
  search: "OpenSearch (scale set)",
  db: "MySQL Flexible Server",
  cache: "Managed Redis",
  media: "Azure Files (media)",
  vault: "Key Vault",
  snapshots: "Search snapshots (Blob)",
  bastion: "Azure Bastion",
};

const DATA_TIERS = new Set(["db", "cache", "media", "vault", "snapshots"]);

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Tiers that open connections: the data services behind private endpoints and MySQL only answer. */
const INITIATORS: readonly AzureTier[] = ["gateway", "web", "search", "bastion"];

/** Flows between tiers that the NSGs admit: [from, to, port], the tier sending first. */
export function azureFlows(plan: PlanResult): [string, string, number][] {
  const model = new AzureNetworkModel(plan);
  const present = new Set(model.hosts.map((h) => h.tier));
  const seen = new Set<string>();
  const result: [string, string, number][] = [];
  for (const host of model.hosts) {
    // Only the gateway and Bastion have public addresses; Front Door sends only to its origins. Bastion's
    // subnet has no NSG: it is drawn from the operators' side only (the note under the diagram names it).
    const initiators = INITIATORS.filter((t) => present.has(t));
    const sources: AzureTier[] =
      host.tier === "bastion"
        ? ["internet"]
        : [
            ...(host.frontDoorOrigin ? (["cdn"] as const) : []),
            ...(host.tier === "gateway" ? (["internet"] as const) : []),
            ...initiators,
          ];
    for (const port of model.candidatePorts(host)) {
      for (const source of sources) {
        // Bastion's public side is the operators'; the shoppers never use it.
        const from = host.tier === "bastion" && source === "internet" ? "operators" : source;
        if (from === host.tier) continue;
        const key = `${from}>${host.tier}>${port}`;
        if (seen.has(key) || !model.reaches(source, host, port)) continue;
        seen.add(key);
        result.push([from, host.tier, port]);
      }
    }
  }
  return result;
}

/** The Front Door's label: the WAF policy it enforces, when it has one. */
function cdnLabel(plan: PlanResult): string | undefined {
  if (!plan.registrations.some((r) => r.type === "azure-native:cdn:Profile")) return undefined;
  return plan.registrations.some((r) => r.type === "azure-native:cdn:SecurityPolicy")
    ? "Front Door + WAF"
    : "Front Door";
}

export function azureDiagram(plan: PlanResult): string {
  const lines = ["flowchart LR", "  shoppers((Shoppers))"];
  const cdn = cdnLabel(plan);
  if (cdn) lines.push(`  cdn[${cdn}]`, "  shoppers --> cdn");
  const edges = azureFlows(plan);
  const tiers = new Set(edges.flatMap(([from, to]) => [from, to]));
  for (const tier of tiers) {
    const label = AZURE_TIER_LABELS[tier];
    if (label) lines.push(`  ${tier}${DATA_TIERS.has(tier) ? `[("${label}")]` : `["${label}"]`}`);
  }
  if (tiers.has("operators")) lines.push("  operators((Operators))");
  for (const [from, to, port] of edges) {
    lines.push(`  ${from === "internet" ? "shoppers" : from} -->|${port}| ${to}`);
  }
  return lines.join("\n");
}

/** Subnets (by their tiers) that no NSG guards: everything in the network reaches them. */
export function unguardedTiers(plan: PlanResult): string[] {
  const model = new AzureNetworkModel(plan);
  return [...new Set(model.hosts.filter((h) => model.unguarded(h)).map((h) => h.tier))];
}

export const AZURE_DIAGRAM_NOTE =
  "Arrows are what the network security groups admit between tiers (subnet and network interface rules, " +
  "evaluated as Azure does), labelled with their port; services behind private endpoints are drawn as themselves. " +
  "Nothing else is allowed.";

const all = (plan: PlanResult, type: string) => plan.resources.filter((r) => r.type === type);

/** Who may reach each private endpoint, by the same evaluation as the diagram. */
export function privateEndpointRows(plan: PlanResult): string[][] {
  const flows = azureFlows(plan);
  return all(plan, "azure-native:network:PrivateEndpoint").map((pe) => {
    const group = String(list((list(pe.props.privateLinkServiceConnections)[0] as Props)?.groupIds)[0]);
    const service = PRIVATE_LINK_PORTS[group];
    const from = service
      ? flows.filter(([, to, port]) => to === service.tier && port === service.port).map(([f]) => f)
      : [];
    return [
      pe.name,
      service ? `${AZURE_TIER_LABELS[service.tier]} (${group}, ${service.port})` : group,
      from.length ? from.join(", ") : "nobody",
    ];
  });
}

export function azureSettingsRows(plan: PlanResult): string[][] {
  const rows: string[][] = [];
  const add = (what: string, type: string, describe: (p: Props) => string) => {
    for (const r of all(plan, type)) rows.push([what, r.name, describe(r.props)]);
  };
  add("Front Door", "azure-native:cdn:Profile", (p) => `${(p.sku as Props)?.name}`);
  add(
    "Front Door origin",
    "azure-native:cdn:AFDOrigin",
    (p) => `${p.hostName} (host header ${p.originHostHeader})`,
  );
  add("Application Gateway", "azure-native:network:ApplicationGateway", (p) => {
    const auto = p.autoscaleConfiguration as Props | undefined;
    return `${(p.sku as Props)?.name}, zones ${list(p.zones).join(", ") || "none"}, ${(p.sslPolicy as Props)?.policyName ?? "default TLS policy"}, ${auto ? `${auto.minCapacity} to ${auto.maxCapacity} instances` : "fixed capacity"}`;
  });
  add("Scale set", "azure-native:compute:VirtualMachineScaleSet", (p) => {
    const security = ((p.virtualMachineProfile as Props)?.securityProfile ?? {}) as Props;
    return `${(p.sku as Props)?.name} × ${(p.sku as Props)?.capacity}, ${p.orchestrationMode} orchestration, zones ${list(p.zones).join(", ") || "none"}, ${security.securityType ?? "no Trusted Launch"}${security.encryptionAtHost ? ", encryption at host" : ""}`;
  });
  add("MySQL Flexible Server", "azure-native:dbformysql:Server", (p) => {
    const ha = (p.highAvailability as Props | undefined)?.mode;
    const backup = p.backup as Props | undefined;
    return p.createMode === "Replica"
      ? `read replica, ${(p.sku as Props)?.name} in zone ${p.availabilityZone ?? "any"}`
      : `MySQL ${p.version}, ${(p.sku as Props)?.tier} ${(p.sku as Props)?.name} in zone ${p.availabilityZone ?? "any"}, HA ${ha ?? "Disabled"}, backups ${backup?.backupRetentionDays} days${backup?.geoRedundantBackup === "Enabled" ? " geo-redundant" : ""}, private access`;
  });
  add(
    "Managed Redis",
    "azure-native:redisenterprise:RedisEnterprise",
    (p) =>
      `${(p.sku as Props)?.name}, high availability ${p.highAvailability ?? "Enabled"}, TLS ${p.minimumTlsVersion}+`,
  );
  add(
    "Media share",
    "azure-native:storage:FileShare",
    (p) => `${p.enabledProtocols} share of ${p.shareQuota} GiB`,
  );
  add("Key Vault", "azure-native:keyvault:Vault", (p) => {
    const props = (p.properties ?? {}) as Props;
    return `RBAC ${props.enableRbacAuthorization ? "on" : "off"}, purge protection ${props.enablePurgeProtection ? "on" : "off"}, public access ${props.publicNetworkAccess ?? "Enabled"}`;
  });
  add("Azure Bastion", "azure-native:network:BastionHost", (p) => `${(p.sku as Props)?.name}`);
  return rows;
}

/** Zones of what has them: the gateway, the scale sets, MySQL's writer, standby and readers. */
export function azureZoneRows(plan: PlanResult): string[][] {
  const rows: string[][] = [];
  for (const gw of all(plan, "azure-native:network:ApplicationGateway")) {
    rows.push(["Application Gateway", list(gw.props.zones).join(", ") || "regional"]);
  }
  for (const vmss of all(plan, "azure-native:compute:VirtualMachineScaleSet")) {
    const balanced = vmss.props.zoneBalance ? ", balanced" : "";
    rows.push([vmss.name, `${list(vmss.props.zones).join(", ") || "regional"}${balanced}`]);
  }
  const db = all(plan, "azure-native:dbformysql:Server").map((s) => {
    const standby = (s.props.highAvailability as Props | undefined)?.standbyAvailabilityZone;
    const role = s.props.createMode === "Replica" ? "reader" : "writer";
    return `${role} ${s.props.availabilityZone ?? "any"}${standby ? ` (standby ${standby})` : ""}`;
  });
  if (db.length) rows.push(["MySQL", db.join(", ")]);
  for (const redis of all(plan, "azure-native:redisenterprise:RedisEnterprise")) {
    rows.push([
      "Managed Redis",
      redis.props.highAvailability === "Disabled" ? "one node" : "replicated (HA)",
    ]);
  }
  return rows;
}

export function azureCapacity(plan: PlanResult, profile: string): string {
  const web = all(plan, "azure-native:compute:VirtualMachineScaleSet").find(
    (r) => !r.urn.includes("storefront:azure/search:"),
  );
  const autoscale = all(plan, "azure-native:monitor:AutoscaleSetting")[0]?.props;
  if (!web || !autoscale) return "No web tier.";
  const size = String((web.props.sku as Props)?.name);
  const vcpus = vmSizeParts(size)?.vcpus ?? 2;
  const profiles = list(autoscale.profiles) as Props[];
  const normal = profiles.find((p) => !p.fixedDate) ?? profiles[0];
  const capacity = (normal?.capacity ?? {}) as Props;
  const cpu = (list(normal?.rules) as Props[])
    .map((r) => r.metricTrigger as Props)
    .filter((t) => t?.operator === "GreaterThan")
    .map((t) => t.threshold);
  const campaigns = profiles.filter((p) => p.fixedDate);
  const perVcpu = PAGE_VIEWS_PER_VCPU[profile as keyof typeof PAGE_VIEWS_PER_VCPU] ?? 12;
  const peak = Number(capacity.maximum) * vcpus * perVcpu;
  return [
    `- Web servers: ${size} (${vcpus} vCPUs), ${capacity.minimum} to ${capacity.maximum}, scaling out above ${cpu.join(" / ")}% CPU.`,
    `- Estimated capacity at the maximum: about ${peak} uncached page views per second (${peak * THINK_TIME_SECONDS} simultaneous shoppers at one page per ${THINK_TIME_SECONDS} s).`,
    ...(campaigns.length
      ? [
          `- Campaign profiles: ${campaigns
            .map((p) => {
              const c = p.capacity as Props;
              const when = p.fixedDate as Props;
              return `${p.name} from ${when.start} to ${when.end} (min ${c.minimum}, max ${c.maximum})`;
            })
            .join("; ")}.`,
        ]
      : ["- No campaign scheduled."]),
  ].join("\n");
}

/** The shop's address when the program does not export one: Front Door's custom domain or endpoint. */
export function azureSiteUrl(plan: PlanResult): string | undefined {
  const domain = all(plan, "azure-native:cdn:AFDCustomDomain")[0]?.props.hostName;
  const endpoint = all(plan, "azure-native:cdn:AFDEndpoint")[0]?.props.hostName;
  return domain || endpoint ? `https://${String(domain ?? endpoint)}` : undefined;
}

export function isAzurePlan(plan: PlanResult): boolean {
  return plan.registrations.some((r) => r.type.startsWith("azure-native:"));
}
