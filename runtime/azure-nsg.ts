import * as ipaddr from "ipaddr.js";
import type { PlanResult } from "./plan-runner";
import type { RegisteredResource } from "./recording-monitor";

/*
 * What may reach what in an Azure plan, read from its network security groups the way Azure evaluates
 * them. The report draws its diagram from it (cli/report-azure.ts), and the specs check with it that every
 * flow the servers' first boot and the running shop need is admitted, and that nothing else is.
 *
 * Azure's rules ("Network security groups", How network security groups filter network traffic; Default
 * security rules):
 * - inbound traffic passes the subnet's NSG first, then the network interface's; outbound traffic the
 *   network interface's first, then the subnet's; every NSG on the way must allow it, and a subnet or NIC
 *   without an NSG allows everything;
 * - within one NSG, rules are processed by priority (lowest number first) and the first rule that matches
 *   decides; after the custom rules come the defaults: inbound AllowVnetInBound (65000),
 *   AllowAzureLoadBalancerInBound (65001), DenyAllInBound (65500); outbound AllowVnetOutBound (65000),
 *   AllowInternetOutBound (65001), DenyAllOutBound (65500);
 * - a rule's source or destination is an address prefix (a CIDR, a service tag such as
 *   AzureFrontDoor.Backend, Internet, VirtualNetwork, GatewayManager or AzureLoadBalancer, or `*`) or
 *   application security groups: "rules that specify an application security group as the source or
 *   destination are only applied to the network interfaces that are members of the application security
 *   group" ("Application security groups");
 * - the VirtualNetwork tag is the virtual network's address space and "the virtual IP address of the host"
 *   (168.63.129.16, where Azure's load balancer probes come from) ("Virtual network service tags");
 * - NSG rules apply to a private endpoint only when its subnet has network policies for private endpoints
 *   enabled ("Manage network policies for private endpoints"); otherwise anything in the network reaches it.
 *   A private endpoint may join application security groups ("What is a private endpoint?", Network
 *   security of private endpoints: network policies enable NSGs, UDRs and ASGs); it never opens a
 *   connection ("Outbound traffic denied from a private endpoint isn't a valid scenario");
 * - a subnet with default outbound access off reaches the internet only through a NAT gateway (or a
 *   public address, which the kit's servers never have) ("Default outbound access in Azure").
 * Azure Bastion is reached by operators through its public address on 443 ("Working with NSG access and
 * Azure Bastion": ingress from the public internet on 443).
 *
 * Tiers are the kit's components: the gateway, the web and search scale sets, MySQL servers in the
 * delegated subnet, Azure Bastion, and the services behind private endpoints (Key Vault, Managed Redis,
 * the media share, the search snapshots' Blob storage). Sources that are not hosts of the plan: Front Door
 * (`cdn`), shoppers (`internet`), operators, Azure's load balancer probes (`azure-lb`), Application
 * Gateway's control plane (`gateway-manager`), and `vnet`: an address of the virtual network that belongs
 * to no tier and no application security group (another VM dropped into the network).
 */

type Props = Record<string, unknown>;

export type AzureTier =
  | "cdn"
  | "internet"
  | "operators"
  | "azure-lb"
  | "gateway-manager"
  | "vnet"
  | "gateway"
  | "web"
  | "search"
  | "db"
  | "cache"
  | "media"
  | "vault"
  | "snapshots"
  | "bastion";

/** Ports a private endpoint's service listens on, by its group id. */
export const PRIVATE_LINK_PORTS: Readonly<Record<string, { tier: AzureTier; port: number }>> = {
  vault: { tier: "vault", port: 443 },
  redisEnterprise: { tier: "cache", port: 10000 },
  file: { tier: "media", port: 2049 },
  blob: { tier: "snapshots", port: 443 },
};

/** Where a tier's traffic lands: one network interface or endpoint kind in one subnet. */
export interface Host {
  readonly tier: AzureTier;
  readonly subnetId: string;
  /** The NIC's own NSG, when it has one. */
  readonly nicNsgId?: string;
  /** Application security groups the NICs (or the private endpoint) joined. */
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
  /** Egress to the internet: a NAT gateway, or Azure's default outbound access (not turned off). */
  readonly internetEgress: boolean;
}

interface Rules {
  readonly inbound: Rule[];
  readonly outbound: Rule[];
}

const lower = (s: unknown) => String(s ?? "").toLowerCase();
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const ids = (v: unknown): string[] => list(v).map((x) => lower((x as { id?: string }).id));

const defaults = (rules: Omit<Rule, "protocol" | "sourceAsgs" | "ports" | "destinationAsgs">[]) =>
  rules.map((r) => ({ ...r, protocol: "*", sourceAsgs: [], ports: ["*"], destinationAsgs: [] }));

/** Azure's default rules, after every custom rule. */
const DEFAULT_INBOUND: readonly Rule[] = defaults([
  { priority: 65000, allow: true, sources: ["VirtualNetwork"], destinations: ["VirtualNetwork"] },
  { priority: 65001, allow: true, sources: ["AzureLoadBalancer"], destinations: ["*"] },
  { priority: 65500, allow: false, sources: ["*"], destinations: ["*"] },
]);
const DEFAULT_OUTBOUND: readonly Rule[] = defaults([
  { priority: 65000, allow: true, sources: ["VirtualNetwork"], destinations: ["VirtualNetwork"] },
  { priority: 65001, allow: true, sources: ["*"], destinations: ["Internet"] },
  { priority: 65500, allow: false, sources: ["*"], destinations: ["*"] },
]);

function toRule(p: Props): Rule {
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

/** Sources that are no host of the plan, and the service tags that name them. */
const TAGGED: Partial<Record<AzureTier, readonly string[]>> = {
  cdn: ["AzureFrontDoor.Backend", "Internet"],
  internet: ["Internet"],
  operators: ["Internet"],
  "azure-lb": ["AzureLoadBalancer", "VirtualNetwork"],
  "gateway-manager": ["GatewayManager"],
  vnet: ["VirtualNetwork"],
};

/** The network as the plan registered it: subnets, NSGs with their rules, hosts per tier. */
export class AzureNetworkModel {
  readonly subnets = new Map<string, Subnet>();
  readonly nsgRules = new Map<string, Rules>();
  readonly hosts: Host[] = [];
  readonly vnetPrefixes: string[] = [];

  constructor(readonly plan: PlanResult) {
    const byUrn = new Map(plan.registrations.map((r) => [r.urn, r]));
    const byType = new Map<string, RegisteredResource[]>();
    for (const r of plan.registrations) {
      const found = byType.get(r.type);
      if (found) found.push(r);
      else byType.set(r.type, [r]);
    }
    const of = (type: string) => byType.get(type) ?? [];
    for (const v of of("azure-native:network:VirtualNetwork")) {
      this.vnetPrefixes.push(
        ...list((v.inputs.addressSpace as Props | undefined)?.addressPrefixes).map(String),
      );
    }
    for (const nsg of of("azure-native:network:NetworkSecurityGroup")) {
      const rules: Rules = { inbound: [], outbound: [] };
      for (const r of list(nsg.inputs.securityRules) as Props[]) this.add(rules, r);
      this.nsgRules.set(lower(nsg.id), rules);
    }
    for (const rule of of("azure-native:network:SecurityRule")) {
      const nsg = this.nsgOf(rule, byUrn);
      const rules = nsg ? this.nsgRules.get(nsg) : undefined;
      if (rules) this.add(rules, rule.inputs);
    }
    for (const { inbound, outbound } of this.nsgRules.values()) {
      inbound.sort((a, b) => a.priority - b.priority);
      outbound.sort((a, b) => a.priority - b.priority);
    }
    for (const s of of("azure-native:network:Subnet")) {
      const policies = String(s.inputs.privateEndpointNetworkPolicies ?? "Disabled");
      this.subnets.set(lower(s.id), {
        prefix: String(s.inputs.addressPrefix),
        ...(ids(s.inputs.networkSecurityGroup)[0] ? { nsgId: ids(s.inputs.networkSecurityGroup)[0] } : {}),
        // "Enabled" and "NetworkSecurityGroupEnabled" apply NSGs to private endpoints; "Disabled" and
        // "RouteTableEnabled" do not.
        endpointPolicies: policies === "Enabled" || policies === "NetworkSecurityGroupEnabled",
        internetEgress: ids(s.inputs.natGateway)[0] !== undefined || s.inputs.defaultOutboundAccess !== false,
      });
    }
    this.readHosts(of);
  }

  private add(rules: Rules, p: Props): void {
    if (p.direction === "Inbound") rules.inbound.push(toRule(p));
    else if (p.direction === "Outbound") rules.outbound.push(toRule(p));
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
          asgIds: ids(pe.inputs.applicationSecurityGroups),
          ports: [service.port],
          privateEndpoint: true,
        });
      }
    }
  }

  /** Whether a rule's source names `source`: one host of the plan, or a source outside it. */
  private sourceMatches(rule: Rule, source: Host | AzureTier): boolean {
    if (typeof source === "string") {
      if (rule.sourceAsgs.length > 0) return false;
      const tags = TAGGED[source] ?? [];
      return rule.sources.some(
        (s) =>
          s === "*" ||
          s === "Any" ||
          tags.includes(s) ||
          (source === "vnet" && this.vnetPrefixes.some((v) => inCidr(v, s))) ||
          (tags.includes("Internet") && s === "0.0.0.0/0"),
      );
    }
    return this.addressMatches(rule.sources, rule.sourceAsgs, source);
  }

  /** Whether prefixes or application security groups name a host of the plan. */
  private addressMatches(prefixes: readonly string[], asgs: readonly string[], host: Host): boolean {
    if (asgs.length > 0) return host.asgIds.some((a) => asgs.includes(a));
    const prefix = this.subnets.get(host.subnetId)?.prefix ?? "";
    return prefixes.some(
      (d) =>
        d === "*" ||
        d === "Any" ||
        (d === "VirtualNetwork" && this.vnetPrefixes.some((v) => inCidr(prefix, v))) ||
        inCidr(prefix, d),
    );
  }

  /** The first matching rule's verdict, custom rules then Azure's defaults; no NSG allows everything. */
  private decides(
    rules: readonly Rule[],
    port: number,
    source: (r: Rule) => boolean,
    destination: (r: Rule) => boolean,
  ): boolean {
    for (const rule of rules) {
      if (rule.protocol !== "*" && rule.protocol !== "Tcp") continue;
      if (!portMatches(rule.ports, port)) continue;
      if (!destination(rule) || !source(rule)) continue;
      return rule.allow;
    }
    return false;
  }

  private inboundAllows(nsgId: string | undefined, source: Host | AzureTier, port: number, host: Host) {
    if (!nsgId) return true;
    return this.decides(
      [...(this.nsgRules.get(nsgId)?.inbound ?? []), ...DEFAULT_INBOUND],
      port,
      (r) => this.sourceMatches(r, source),
      (r) => this.addressMatches(r.destinations, r.destinationAsgs, host),
    );
  }

  private outboundAllows(nsgId: string | undefined, source: Host, port: number, to: (r: Rule) => boolean) {
    if (!nsgId) return true;
    return this.decides(
      [...(this.nsgRules.get(nsgId)?.outbound ?? []), ...DEFAULT_OUTBOUND],
      port,
      (r) => this.addressMatches(r.sources, r.sourceAsgs, source),
      to,
    );
  }

  /** The NSG of a host's subnet that applies to it (none for a private endpoint without network policies). */
  private subnetNsg(host: Host): string | undefined {
    const subnet = this.subnets.get(host.subnetId);
    return host.privateEndpoint && !subnet?.endpointPolicies ? undefined : subnet?.nsgId;
  }

  /**
   * Whether `source` may open a TCP connection to `host` on `port`: for a tier of the plan, some host of it
   * passes its NIC's then its subnet's outbound rules, and the destination's subnet's then NIC's inbound
   * rules; for a source outside the plan, the inbound rules alone.
   */
  reaches(source: AzureTier, host: Host, port: number): boolean {
    // A service behind an endpoint (or Bastion) answers on its own ports only.
    if (host.ports && !host.ports.includes(port)) return false;
    const inbound = (from: Host | AzureTier) =>
      this.inboundAllows(this.subnetNsg(host), from, port, host) &&
      this.inboundAllows(host.nicNsgId, from, port, host);
    const senders = this.hosts.filter((h) => h.tier === source && !h.privateEndpoint);
    if (senders.length === 0) return TAGGED[source] !== undefined && inbound(source);
    const to = (r: Rule) => this.addressMatches(r.destinations, r.destinationAsgs, host);
    return senders.some(
      (s) =>
        this.outboundAllows(s.nicNsgId, s, port, to) &&
        this.outboundAllows(this.subnets.get(s.subnetId)?.nsgId, s, port, to) &&
        inbound(s),
    );
  }

  /** Whether `source` reaches `to` on `port`: some host of the tier `to`. */
  tierReaches(source: AzureTier, to: AzureTier, port: number): boolean {
    return this.hosts.some((h) => h.tier === to && this.reaches(source, h, port));
  }

  /**
   * Whether every host of `tier` may open a connection to the internet on `port`: its outbound rules admit
   * it, and its subnet has a way out (a NAT gateway, or default outbound access left on).
   */
  reachesInternet(tier: AzureTier, port: number): boolean {
    const senders = this.hosts.filter((h) => h.tier === tier);
    const to = (r: Rule) =>
      r.destinationAsgs.length === 0 &&
      r.destinations.some((d) => d === "*" || d === "Any" || d === "Internet" || d === "0.0.0.0/0");
    return (
      senders.length > 0 &&
      senders.every(
        (s) =>
          this.subnets.get(s.subnetId)?.internetEgress === true &&
          this.outboundAllows(s.nicNsgId, s, port, to) &&
          this.outboundAllows(this.subnets.get(s.subnetId)?.nsgId, s, port, to),
      )
    );
  }

  /** Whether neither the host's subnet nor its NIC has an NSG (everything in the network reaches it). */
  unguarded(host: Host): boolean {
    return !this.subnetNsg(host) && !host.nicNsgId;
  }

  /** Ports worth asking about for a host: its service's, or those its NSGs' allow rules name. */
  candidatePorts(host: Host): number[] {
    if (host.ports) return [...host.ports];
    const nsgs = [this.subnets.get(host.subnetId)?.nsgId, host.nicNsgId].filter(Boolean) as string[];
    const ports = nsgs
      .flatMap((n) => this.nsgRules.get(n)?.inbound ?? [])
      .filter((r) => r.allow)
      .flatMap((r) => r.ports)
      .filter((p) => /^\d+$/.test(p))
      .map(Number);
    return [...new Set(ports)].sort((a, b) => a - b);
  }
}
