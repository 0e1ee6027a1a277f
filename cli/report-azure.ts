import * as ipaddr from "ipaddr.js";
import { vmSizeParts } from "../components/azure/shared/vm-sizes";
import { PAGE_VIEWS_PER_VCPU, THINK_TIME_SECONDS } from "../stacks/sizing";
import type { PlanResult } from "../runtime/plan-runner";
import type { RegisteredResource } from "../runtime/recording-monitor";

/*
 * The Azure half of `npm run report`: what may reach what, read from the plan's network security groups
 * the way Azure evaluates them, and the Azure tiers' settings, zones and capacity.
 *
 * Azure's rules ("Network security groups", How network security groups filter network traffic; Default
 * security rules):
 * - inbound traffic passes the subnet's NSG first, then the network interface's; both must allow it, and a
 *   subnet or NIC without an NSG allows everything;
 * - within one NSG, rules are processed by priority (lowest number first) and the first rule that matches
 *   decides; after the custom rules come the defaults AllowVnetInBound (65000), AllowAzureLoadBalancerInBound
 *   (65001) and DenyAllInBound (65500);
 * - a rule's source is an address prefix (a CIDR, a service tag such as AzureFrontDoor.Backend, Internet,
 *   VirtualNetwork or AzureLoadBalancer, or `*`) or application security groups: the network interfaces
 *   that joined them;
 * - NSG rules apply to a private endpoint only when its subnet has network policies for private endpoints
 *   enabled ("Manage network policies for private endpoints"); otherwise anything in the network reaches it.
 * Azure Bastion is reached by operators through its public address on 443 ("Working with NSG access and
 * Azure Bastion": ingress from the public internet on 443).
 *
 * Tiers are the kit's components: the gateway, the web and search scale sets, MySQL servers in the
 * delegated subnet, Azure Bastion, and the services behind private endpoints (Key Vault, Managed Redis,
 * the media share, the search snapshots' Blob storage). Infrastructure sources (AzureLoadBalancer probes,
 * GatewayManager) are not tiers and are not drawn.
 */

type Props = Record<string, unknown>;

export type AzureTier =
  | "cdn"
  | "internet"
  | "operators"
  | "gateway"
  | "web"
  | "search"
  | "db"
  | "cache"
  | "media"
  | "vault"
  | "snapshots"
  | "bastion";

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

/** Ports a private endpoint's service listens on, by its group id. */
const PRIVATE_LINK_PORTS: Readonly<Record<string, { tier: AzureTier; port: number }>> = {
  vault: { tier: "vault", port: 443 },
  redisEnterprise: { tier: "cache", port: 10000 },
  file: { tier: "media", port: 2049 },
  blob: { tier: "snapshots", port: 443 },
};

/** Where a tier's traffic lands: one network interface or endpoint kind in one subnet. */
interface Host {
  readonly tier: AzureTier;
  readonly subnetId: string;
  /** The NIC's own NSG, when it has one. */
  readonly nicNsgId?: string;
  /** Application security groups the NICs joined. */
  readonly asgIds: readonly string[];
  /** Only these ports are served (a private endpoint's service); none: whatever the rules name. */
  readonly ports?: readonly number[];
  /** A private endpoint: its subnet's network policies decide whether NSGs apply. */
  readonly privateEndpoint?: boolean;
  /** Front Door's origin points at this host (the gateway's public address). */
  readonly frontDoorOrigin?: boolean;
}

interface Rule {
  readonly priority: number;
  readonly allow: boolean;
  readonly protocol: string;
  readonly sources: readonly string[];
  readonly sourceAsgs: readonly string[];
  readonly ports: readonly string[];
  readonly destinations: readonly string[];
  readonly destinationAsgs: readonly string[];
}

interface Subnet {
  readonly prefix: string;
  readonly nsgId?: string;
  readonly endpointPolicies: boolean;
}

const lower = (s: unknown) => String(s ?? "").toLowerCase();
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const ids = (v: unknown): string[] => list(v).map((x) => lower((x as { id?: string }).id));

/** Azure's default inbound rules, after every custom rule. */
const DEFAULT_RULES: readonly Rule[] = [
  { priority: 65000, allow: true, sources: ["VirtualNetwork"], destinations: ["VirtualNetwork"] },
  { priority: 65001, allow: true, sources: ["AzureLoadBalancer"], destinations: ["*"] },
  { priority: 65500, allow: false, sources: ["*"], destinations: ["*"] },
].map((r) => ({ ...r, protocol: "*", sourceAsgs: [], ports: ["*"], destinationAsgs: [] }));

function toRule(p: Props): Rule | undefined {
  if (p.direction !== "Inbound") return undefined;
  return {
    priority: Number(p.priority),
    allow: p.access === "Allow",
    protocol: String(p.protocol ?? "*"),
    sources: [...list(p.sourceAddressPrefix), ...list(p.sourceAddressPrefixes)].map(String),
    sourceAsgs: ids(p.sourceApplicationSecurityGroups),
    ports: [...list(p.destinationPortRange), ...list(p.destinationPortRanges)].map(String),
    destinations: [...list(p.destinationAddressPrefix), ...list(p.destinationAddressPrefixes)].map(String),
    destinationAsgs: ids(p.destinationApplicationSecurityGroups),
  };
}

function inCidr(inner: string, outer: string): boolean {
  try {
    const [net, bits] = ipaddr.parseCIDR(outer);
    const [addr] = ipaddr.parseCIDR(inner.includes("/") ? inner : `${inner}/32`);
    return addr.kind() === net.kind() && addr.match(net, bits);
  } catch {
    return false;
  }
}

function portMatches(ranges: readonly string[], port: number): boolean {
  return ranges.some((r) => {
    if (r === "*") return true;
    const [low, high = low] = r.split("-").map(Number);
    return port >= low && port <= high;
  });
}

/** The network as the plan registered it: subnets, NSGs with their rules, hosts per tier. */
export class AzureNetworkModel {
  readonly subnets = new Map<string, Subnet>();
  readonly nsgRules = new Map<string, Rule[]>();
  readonly hosts: Host[] = [];
  readonly vnetPrefixes: string[] = [];

  constructor(readonly plan: PlanResult) {
    const byUrn = new Map(plan.registrations.map((r) => [r.urn, r]));
    const of = (type: string) => plan.registrations.filter((r) => r.type === type);
    for (const v of of("azure-native:network:VirtualNetwork")) {
      this.vnetPrefixes.push(
        ...list((v.inputs.addressSpace as Props | undefined)?.addressPrefixes).map(String),
      );
    }
    for (const nsg of of("azure-native:network:NetworkSecurityGroup")) {
      const rules = list(nsg.inputs.securityRules).flatMap((r) => toRule(r as Props) ?? []);
      this.nsgRules.set(lower(nsg.id), rules);
    }
    for (const rule of of("azure-native:network:SecurityRule")) {
      const nsg = this.nsgOf(rule, byUrn);
      const parsed = toRule(rule.inputs);
      if (nsg && parsed) this.nsgRules.get(nsg)?.push(parsed);
    }
    for (const rules of this.nsgRules.values()) rules.sort((a, b) => a.priority - b.priority);
    for (const s of of("azure-native:network:Subnet")) {
      const policies = String(s.inputs.privateEndpointNetworkPolicies ?? "Disabled");
      this.subnets.set(lower(s.id), {
        prefix: String(s.inputs.addressPrefix),
        ...(ids(s.inputs.networkSecurityGroup)[0] ? { nsgId: ids(s.inputs.networkSecurityGroup)[0] } : {}),
        // "Enabled" and "NetworkSecurityGroupEnabled" apply NSGs to private endpoints; "Disabled" and
        // "RouteTableEnabled" do not.
        endpointPolicies: policies === "Enabled" || policies === "NetworkSecurityGroupEnabled",
      });
    }
    this.readHosts(of);
  }

  /** The NSG a separate rule resource belongs to: its dependency on the NSG, else its id's parent. */
  private nsgOf(rule: RegisteredResource, byUrn: Map<string, RegisteredResource>): string | undefined {
    const dep = rule.propertyDependencies.networkSecurityGroupName?.find(
      (u) => byUrn.get(u)?.type === "azure-native:network:NetworkSecurityGroup",
    );
    if (dep) return lower(byUrn.get(dep)?.id);
    const parent = lower(rule.id).split("/securityrules/")[0];
    return this.nsgRules.has(parent) ? parent : undefined;
  }

  private readHosts(of: (type: string) => RegisteredResource[]): void {
    // Front Door's origins: the public addresses (and their resources) its origins name.
    const addresses = new Map(
      of("azure-native:network:PublicIPAddress").map((ip) => [lower(ip.id), ip] as const),
    );
    const origins = of("azure-native:cdn:AFDOrigin");
    const isOrigin = (ipId: string) => {
      const ip = addresses.get(ipId);
      return origins.some(
        (o) =>
          (ip?.outputs.ipAddress !== undefined && o.inputs.hostName === ip.outputs.ipAddress) ||
          (ip !== undefined && (o.propertyDependencies.hostName ?? []).includes(ip.urn)),
      );
    };
    for (const gw of of("azure-native:network:ApplicationGateway")) {
      const frontDoorOrigin = list(gw.inputs.frontendIPConfigurations).some((f) =>
        isOrigin(ids((f as Props).publicIPAddress)[0]),
      );
      for (const c of list(gw.inputs.gatewayIPConfigurations)) {
        this.hosts.push({
          tier: "gateway",
          subnetId: ids((c as Props).subnet)[0],
          asgIds: [],
          ...(frontDoorOrigin ? { frontDoorOrigin } : {}),
        });
      }
    }
    for (const vmss of of("azure-native:compute:VirtualMachineScaleSet")) {
      // The search cluster's scale set is the search tier; every other scale set serves the shop.
      const tier: AzureTier = vmss.urn.includes("storefront:azure/search:") ? "search" : "web";
      const profile = (vmss.inputs.virtualMachineProfile as Props | undefined)?.networkProfile as Props;
      for (const nic of list(profile?.networkInterfaceConfigurations) as Props[]) {
        const nicNsg = ids(nic.networkSecurityGroup)[0];
        for (const ip of list(nic.ipConfigurations) as Props[]) {
          this.hosts.push({
            tier,
            subnetId: ids(ip.subnet)[0],
            asgIds: ids(ip.applicationSecurityGroups),
            ...(nicNsg ? { nicNsgId: nicNsg } : {}),
          });
        }
      }
    }
    for (const server of of("azure-native:dbformysql:Server")) {
      const subnet = lower((server.inputs.network as Props | undefined)?.delegatedSubnetResourceId);
      if (subnet) this.hosts.push({ tier: "db", subnetId: subnet, asgIds: [], ports: [3306] });
    }
    for (const bastion of of("azure-native:network:BastionHost")) {
      for (const c of list(bastion.inputs.ipConfigurations) as Props[]) {
        this.hosts.push({ tier: "bastion", subnetId: ids(c.subnet)[0], asgIds: [], ports: [443] });
      }
    }
    for (const pe of of("azure-native:network:PrivateEndpoint")) {
      for (const c of list(pe.inputs.privateLinkServiceConnections) as Props[]) {
        const service = PRIVATE_LINK_PORTS[String(list(c.groupIds)[0])];
        if (!service) continue;
        this.hosts.push({
          tier: service.tier,
          subnetId: ids(pe.inputs.subnet)[0],
          asgIds: [],
          ports: [service.port],
          privateEndpoint: true,
        });
      }
    }
  }

  /** The tiers whose hosts sit in the network (sources by address or application security group). */
  private sourceMatches(rule: Rule, source: AzureTier, sourceHosts: readonly Host[]): boolean {
    if (rule.sourceAsgs.length > 0) {
      return sourceHosts.some((h) => h.asgIds.some((a) => rule.sourceAsgs.includes(a)));
    }
    return rule.sources.some((s) => {
      if (s === "*" || s === "Any") return true;
      if (s === "Internet") return source === "internet" || source === "operators";
      if (s === "AzureFrontDoor.Backend") return source === "cdn";
      if (s === "VirtualNetwork") return sourceHosts.length > 0;
      return sourceHosts.some((h) => {
        const prefix = this.subnets.get(h.subnetId)?.prefix;
        return prefix !== undefined && inCidr(prefix, s);
      });
    });
  }

  private destinationMatches(rule: Rule, host: Host): boolean {
    if (rule.destinationAsgs.length > 0) return host.asgIds.some((a) => rule.destinationAsgs.includes(a));
    const prefix = this.subnets.get(host.subnetId)?.prefix ?? "";
    return rule.destinations.some(
      (d) =>
        d === "*" ||
        d === "Any" ||
        (d === "VirtualNetwork" && this.vnetPrefixes.some((v) => inCidr(prefix, v))) ||
        inCidr(prefix, d),
    );
  }

  /** The first matching rule's verdict, custom rules then Azure's defaults; no NSG allows everything. */
  private allows(nsgId: string | undefined, source: AzureTier, port: number, host: Host): boolean {
    if (!nsgId) return true;
    const sourceHosts = this.hosts.filter((h) => h.tier === source);
    for (const rule of [...(this.nsgRules.get(nsgId) ?? []), ...DEFAULT_RULES]) {
      if (rule.protocol !== "*" && rule.protocol !== "Tcp") continue;
      if (!portMatches(rule.ports, port)) continue;
      if (!this.destinationMatches(rule, host)) continue;
      if (!this.sourceMatches(rule, source, sourceHosts)) continue;
      return rule.allow;
    }
    return false;
  }

  /** Whether `source` may open a TCP connection to `host` on `port`: subnet NSG, then the NIC's. */
  reaches(source: AzureTier, host: Host, port: number): boolean {
    const subnet = this.subnets.get(host.subnetId);
    const subnetNsg = host.privateEndpoint && !subnet?.endpointPolicies ? undefined : subnet?.nsgId;
    return this.allows(subnetNsg, source, port, host) && this.allows(host.nicNsgId, source, port, host);
  }

  /** Whether neither the host's subnet nor its NIC has an NSG (everything in the network reaches it). */
  unguarded(host: Host): boolean {
    const subnet = this.subnets.get(host.subnetId);
    const subnetNsg = host.privateEndpoint && !subnet?.endpointPolicies ? undefined : subnet?.nsgId;
    return !subnetNsg && !host.nicNsgId;
  }

  /** Ports worth asking about for a host: its service's, or those its NSGs' allow rules name. */
  candidatePorts(host: Host): number[] {
    if (host.ports) return [...host.ports];
    const nsgs = [this.subnets.get(host.subnetId)?.nsgId, host.nicNsgId].filter(Boolean) as string[];
    const ports = nsgs
      .flatMap((n) => this.nsgRules.get(n) ?? [])
      .filter((r) => r.allow)
      .flatMap((r) => r.ports)
      .filter((p) => /^\d+$/.test(p))
      .map(Number);
    return [...new Set(ports)].sort((a, b) => a - b);
  }
}

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
