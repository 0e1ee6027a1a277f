import type { PolicyResource } from "@pulumi/policy";
import { z } from "zod";
import { resourceRule, stackRule } from "../../lib/define";
import {
  admitsInternet,
  arr,
  carriesTcp,
  carriesUdp,
  covers,
  describePorts,
  is,
  NsgRule,
  nsgRulesOf,
  obj,
  refs,
} from "../../lib/azure";
import type { Resource, StackGraph } from "../../lib/rule";
import {
  APP_GATEWAY,
  BASTION_HOST,
  FLOW_LOG,
  LOAD_BALANCER,
  NAT_GATEWAY,
  NSG,
  NSG_TYPES,
  PRIVATE_DNS_ZONE_GROUP,
  PRIVATE_ENDPOINT,
  PUBLIC_IP,
  SECURITY_RULE,
  SUBNET,
  VNET,
  WORKSPACE,
} from "../../lib/azure-types";

/**
 * Azure virtual networks: network security groups (inline rules and SecurityRule resources alike),
 * subnets, flow logs and public addresses.
 */

const ADMIN_PORTS: ReadonlyArray<readonly [port: number, what: string]> = [
  [22, "SSH (22)"],
  [3389, "RDP (3389)"],
];

/** Admin ports an internet-facing TCP rule opens; empty when it opens none. */
function adminPortsOpened(rule: NsgRule): string[] {
  if (!admitsInternet(rule) || !carriesTcp(rule)) return [];
  return ADMIN_PORTS.filter(([port]) => covers(rule.ports, port)).map(([, what]) => what);
}

export const nsgNoPublicIngressAdminPorts = resourceRule({
  id: "nsg-no-public-ingress-admin-ports",
  description: "Network security groups do not admit SSH (22) or RDP (3389) from the internet.",
  severity: "critical",
  remediation:
    "Remove the rule, or admit 22 only from the Bastion subnet (AzureBastionSubnet's prefix); operators connect through Azure Bastion.",
  cisAzure: "v3.0.0 7.1, 7.2",
  references: "MCSB NS-1",
  types: NSG_TYPES,
  check(r, report) {
    for (const rule of nsgRulesOf(r)) {
      const opened = adminPortsOpened(rule);
      if (opened.length > 0) report(`Rule ${rule.name} admits ${opened.join(" and ")} from the internet.`);
    }
  },
});

export const nsgNoPublicIngressUdp = resourceRule({
  id: "nsg-no-public-ingress-udp",
  description: "Network security groups do not admit UDP from the internet.",
  severity: "high",
  remediation: "Set the rule's protocol to Tcp (the storefront serves nothing over UDP), or remove it.",
  cisAzure: "v3.0.0 7.3",
  references: "MCSB NS-1",
  types: NSG_TYPES,
  check(r, report) {
    for (const rule of nsgRulesOf(r)) {
      // A rule that also opens SSH or RDP is nsg-no-public-ingress-admin-ports' finding.
      if (admitsInternet(rule) && carriesUdp(rule) && adminPortsOpened(rule).length === 0)
        report(`Rule ${rule.name} admits UDP from the internet.`);
    }
  },
});

/** Web ports the internet may reach: HTTPS, and HTTP only to be redirected. */
const WEB_PORTS = [80, 443];

/**
 * Front Door's back ends, the service tag the gateway subnet admits HTTPS from ("Azure service tags",
 * AzureFrontDoor.Backend). Traffic from it is internet traffic that passed Front Door.
 */
const FRONT_DOOR_TAG = "azurefrontdoor.backend";

/** NSGs with the security rules of each, inline ones and SecurityRule resources joined to their group. */
export function nsgsWithRules(
  graph: StackGraph,
): Map<PolicyResource, { rule: NsgRule; on: PolicyResource }[]> {
  const groups = new Map<PolicyResource, { rule: NsgRule; on: PolicyResource }[]>();
  for (const nsg of graph.ofTypes([NSG]))
    groups.set(
      nsg,
      nsgRulesOf(nsg).map((rule) => ({ rule, on: nsg })),
    );
  for (const r of graph.ofTypes([SECURITY_RULE])) {
    // One entry per rule, shared by every NSG it names: callers may remember verdicts by entry.
    const entries = nsgRulesOf(r).map((rule) => ({ rule, on: r }));
    for (const nsg of refs(graph, r, "networkSecurityGroupName", [NSG])) groups.get(nsg)?.push(...entries);
  }
  return groups;
}

/** The NSGs that guard each subnet; subnets declared inline in a virtual network are left out. */
function subnetsByNsg(graph: StackGraph): Map<PolicyResource, PolicyResource[]> {
  const bySubnet = new Map<PolicyResource, PolicyResource[]>();
  for (const subnet of graph.ofTypes([SUBNET])) {
    for (const nsg of refs(graph, subnet, "networkSecurityGroup", [NSG])) {
      const list = bySubnet.get(nsg) ?? [];
      list.push(subnet);
      bySubnet.set(nsg, list);
    }
  }
  return bySubnet;
}

export const nsgPublicIngressOnlyWebPorts = stackRule({
  id: "nsg-public-ingress-only-web-ports",
  description:
    "Only the application gateway's subnet admits the internet (or Front Door), and only on 443 (80 to redirect).",
  severity: "high",
  remediation:
    "Admit 443 (and 80) from AzureFrontDoor.Backend on the gateway subnet's NSG only; every other subnet admits the gateway or web subnet, never the internet.",
  cisAzure: "v3.0.0 7.4",
  references: "MCSB NS-1",
  types: [...NSG_TYPES, SUBNET, APP_GATEWAY],
  check(graph, report) {
    const gatewaySubnets = new Set(
      graph.ofTypes([APP_GATEWAY]).flatMap((gw) => refs(graph, gw, "gatewayIPConfigurations", [SUBNET])),
    );
    const guarded = subnetsByNsg(graph);
    for (const [nsg, rules] of nsgsWithRules(graph)) {
      const subnets = guarded.get(nsg) ?? [];
      for (const { rule, on } of rules) {
        const fromEdge =
          rule.inbound && rule.allow && rule.sources.some((s) => s.trim().toLowerCase() === FRONT_DOOR_TAG);
        if (!admitsInternet(rule) && !fromEdge) continue;
        // UDP and the admin ports are the other two rules' findings.
        if (rule.protocol === "udp" || (admitsInternet(rule) && carriesUdp(rule))) continue;
        if (adminPortsOpened(rule).length > 0) continue;
        const outside = rule.ports.filter(([from, to]) => !(from === to && WEB_PORTS.includes(from)));
        if (outside.length > 0)
          report(
            `Rule ${rule.name} admits port(s) ${describePorts(outside)} from the internet; only 443 and 80 may be.`,
            on.urn,
          );
        else if (subnets.some((s) => !gatewaySubnets.has(s)))
          report(
            `Rule ${rule.name} admits the internet to a subnet the application gateway is not in.`,
            on.urn,
          );
      }
    }
  },
});

/**
 * Subnets that take no NSG of the kit's own: the VPN/ExpressRoute gateway subnet ("Network security groups
 * on the gateway subnet aren't supported", VPN Gateway settings), Azure Firewall's and Route Server's
 * subnets, Azure Bastion's (managed by the service, whose NSG would need Bastion's exact rule set), and
 * subnets delegated to a PaaS service (MySQL flexible servers), which the service manages.
 */
const MANAGED_SUBNETS = [
  "gatewaysubnet",
  "azurefirewallsubnet",
  "azurefirewallmanagementsubnet",
  "routeserversubnet",
  "azurebastionsubnet",
];

function subnetName(subnet: Resource): string {
  return String(subnet.props.subnetName ?? subnet.props.name ?? subnet.name);
}

function isManagedSubnet(subnet: Resource): boolean {
  return (
    MANAGED_SUBNETS.includes(subnetName(subnet).toLowerCase()) || arr(subnet.props.delegations).length > 0
  );
}

/** Whether inbound rules end in a Deny of everything from anywhere, after every Allow. */
function endsInDenyAll(rules: readonly NsgRule[]): boolean {
  const inbound = rules.filter((r) => r.inbound);
  const denyAll = inbound.filter(
    (r) =>
      !r.allow &&
      r.protocol === "*" &&
      r.sources.some((s) => ["*", "any"].includes(s.trim().toLowerCase())) &&
      covers(r.ports, 0) &&
      covers(r.ports, 65535),
  );
  if (denyAll.length === 0) return false;
  const last = Math.min(...denyAll.map((r) => r.priority));
  return inbound.filter((r) => r.allow).every((r) => r.priority < last);
}

export const subnetHasNsg = stackRule({
  id: "subnet-has-nsg",
  description:
    "Every subnet the kit manages has a network security group whose inbound rules end in an explicit deny-all.",
  severity: "high",
  remediation:
    "Attach an NSG (networkSecurityGroup: { id }) and end its inbound rules with Deny * from * at priority 4096: Azure's default rules admit all traffic from inside the virtual network.",
  references: "MCSB NS-1",
  types: [SUBNET, ...NSG_TYPES],
  check(graph, report) {
    const withRules = nsgsWithRules(graph);
    const used = new Set<PolicyResource>();
    for (const subnet of graph.ofTypes([SUBNET])) {
      if (isManagedSubnet(subnet)) continue;
      const nsgs = refs(graph, subnet, "networkSecurityGroup", [NSG]);
      if (nsgs.length === 0 && obj(subnet.props.networkSecurityGroup).id === undefined)
        report("The subnet has no network security group.", subnet.urn);
      nsgs.forEach((n) => used.add(n));
    }
    for (const nsg of used) {
      const rules = (withRules.get(nsg) ?? []).map((x) => x.rule);
      if (!endsInDenyAll(rules))
        report("The network security group's inbound rules do not end in a deny-all rule.", nsg.urn);
    }
  },
});

export const subnetNoDefaultOutbound = resourceRule({
  id: "subnet-no-default-outbound",
  description: "Subnets turn default outbound access off; egress leaves through the NAT gateway.",
  severity: "medium",
  remediation:
    "Set defaultOutboundAccess: false and attach the NAT gateway (Azure retires default outbound access for new virtual networks).",
  references: "MCSB NS-1",
  types: [SUBNET, VNET],
  check(r, report) {
    if (r.type === SUBNET) {
      if (r.props.defaultOutboundAccess !== false) report("Default outbound access is on.");
      return;
    }
    for (const s of arr(r.props.subnets))
      if (s.defaultOutboundAccess !== false)
        report(`Subnet ${String(s.name ?? "?")} has default outbound access on.`);
  },
});

export const vnetFlowLogsEnabled = stackRule({
  id: "vnet-flow-logs-enabled",
  description:
    "Every virtual network has an enabled flow log kept for at least the configured days and sent to Log Analytics.",
  severity: "high",
  remediation:
    "Add a network.FlowLog targeting the virtual network (in the region's Network Watcher) with retentionPolicy { enabled: true, days: 90 } and traffic analytics to the workspace.",
  cisAzure: "v3.0.0 6.1.5, 7.5",
  references: "MCSB LT-4",
  config: z.object({
    // "Ensure that Network Security Group Flow Log retention period is 'greater than 90 days'" (CIS 7.5);
    // a retention of 0 days keeps the logs forever (RetentionPolicyParameters.days).
    minimumRetentionDays: z.int().min(1).max(365).default(90).describe("Days of flow logs to keep at least."),
  }),
  types: [VNET, FLOW_LOG, WORKSPACE],
  check(graph, report, config) {
    const logsOf = new Map<PolicyResource, PolicyResource[]>();
    for (const log of graph.ofTypes([FLOW_LOG]))
      for (const vnet of refs(graph, log, "targetResourceId", [VNET]))
        logsOf.set(vnet, [...(logsOf.get(vnet) ?? []), log]);
    for (const vnet of graph.ofTypes([VNET])) {
      const logs = (logsOf.get(vnet) ?? []).filter((l) => l.props.enabled !== false);
      if (logs.length === 0) {
        report("No enabled flow log records the virtual network's traffic.", vnet.urn);
        continue;
      }
      for (const log of logs) {
        const retention = obj(log.props.retentionPolicy);
        const days = Number(retention.days ?? 0);
        if (retention.enabled !== true || (days !== 0 && days < config.minimumRetentionDays))
          report(`The flow log keeps its records less than ${config.minimumRetentionDays} days.`, log.urn);
        const analytics = obj(
          obj(log.props.flowAnalyticsConfiguration).networkWatcherFlowAnalyticsConfiguration,
        );
        if (analytics.enabled !== true || !analytics.workspaceResourceId)
          report("The flow log is not sent to Log Analytics (traffic analytics off).", log.urn);
      }
    }
  },
});

export const publicIpZoneRedundant = stackRule({
  id: "public-ip-zone-redundant",
  description:
    "Public IP addresses are Standard and zone-redundant (zones 1, 2 and 3), except a NAT gateway's, which lives in its gateway's zone.",
  severity: "medium",
  remediation:
    'Set sku: { name: "Standard" } and zones: ["1", "2", "3"] (Basic public IPs are retired; zones are create-time only).',
  references: "APRL",
  types: [PUBLIC_IP, NAT_GATEWAY],
  check(graph, report) {
    // A NAT gateway is a zonal resource (the Standard SKU is the only one of the SDK's Microsoft.Network
    // API version: NatGatewaySkuName): "A NAT gateway resource assigned to an availability zone can connect
    // to public IP addresses from the same zone or zone-redundant public IP addresses ... a no-zone NAT
    // gateway ... zonal, no-zone or zone-redundant" ("Azure NAT Gateway and availability zones"). Its
    // address spreading over three zones keeps nothing alive when the gateway's own zone fails, so the zone
    // half of this rule does not judge it.
    const natAddresses = new Set(
      graph.ofTypes([NAT_GATEWAY]).flatMap((nat) => refs(graph, nat, "publicIpAddresses", [PUBLIC_IP])),
    );
    for (const ip of graph.ofTypes([PUBLIC_IP])) {
      if (!is(obj(ip.props.sku).name, "Standard"))
        report("The address is not a Standard SKU address.", ip.urn);
      else if (arr(ip.props.zones).length < 2 && !natAddresses.has(ip))
        report("The address lives in fewer than two zones.", ip.urn);
    }
  },
});

/** For subnet rules of other modules: whether a subnet is one the service manages. */
export { isManagedSubnet };

/** Service tags of Azure's own infrastructure (probes and control plane), never a person's SSH client. */
const PLATFORM_SOURCES = ["azureloadbalancer", "gatewaymanager"];

export const bastionOnlySshPath = stackRule({
  id: "bastion-only-ssh-path",
  description:
    "SSH and RDP reach servers only from the Azure Bastion subnet, and Bastion hands out no shareable links.",
  severity: "high",
  remediation:
    "Admit 22 only from AzureBastionSubnet's prefix (no other network or tag), and leave enableShareableLink off on the Bastion host.",
  cisAzure: "v3.0.0 8.1",
  references: "MCSB PA-5",
  types: [...NSG_TYPES, BASTION_HOST],
  check(graph, report) {
    const bastionPrefixes = new Set(
      graph
        .ofTypes([SUBNET])
        .filter((s) => subnetName(s).toLowerCase() === "azurebastionsubnet")
        .flatMap((s) => [
          ...(typeof s.props.addressPrefix === "string" ? [s.props.addressPrefix] : []),
          ...arr<string>(s.props.addressPrefixes),
        ]),
    );
    for (const [, rules] of nsgsWithRules(graph))
      for (const { rule, on } of rules) {
        if (!rule.inbound || !rule.allow || !carriesTcp(rule)) continue;
        if (!ADMIN_PORTS.some(([port]) => covers(rule.ports, port))) continue;
        // From the internet it is nsg-no-public-ingress-admin-ports' finding.
        if (admitsInternet(rule)) continue;
        // Platform sources no one logs in from: the load balancer's health probes and Application Gateway's
        // control plane, which gateway subnets must admit on every port ("Application Gateway
        // infrastructure configuration", Network security groups).
        if (
          rule.sources.length > 0 &&
          rule.sources.every((s) => PLATFORM_SOURCES.includes(s.trim().toLowerCase()))
        )
          continue;
        if (rule.sourceGroups.length > 0 || rule.sources.some((s) => !bastionPrefixes.has(s.trim())))
          report(`Rule ${rule.name} admits SSH or RDP from outside the Bastion subnet.`, on.urn);
      }
    for (const b of graph.ofTypes([BASTION_HOST]))
      if (b.props.enableShareableLink === true)
        report("Shareable links let anyone holding one connect to servers.", b.urn);
  },
});

export const loadBalancerInternalStandard = resourceRule({
  id: "load-balancer-internal-standard",
  description:
    "Load balancers are Standard (zone-redundant, closed to inbound by default) and internal: no public frontend.",
  severity: "high",
  remediation:
    'Use sku: { name: "Standard" } and frontends with a subnet and a private address, never a public IP address or prefix.',
  references: "MCSB NS-2; the Basic SKU retired on 30 September 2025 (Azure Load Balancer SKUs)",
  types: [LOAD_BALANCER],
  check(r, report) {
    if (!is(obj(r.props.sku).name, "Standard")) report("The load balancer is not of the Standard SKU.");
    const frontends = arr(r.props.frontendIPConfigurations);
    const publicOnes = frontends.filter(
      (f) => f.publicIPAddress !== undefined || f.publicIPPrefix !== undefined,
    );
    if (publicOnes.length > 0)
      report(`Frontend(s) ${publicOnes.map((f) => String(f.name)).join(", ")} face the internet.`);
  },
});

export const privateEndpointDnsZoneGroup = stackRule({
  id: "private-endpoint-dns-zone-group",
  description:
    "Every private endpoint registers its address in a private DNS zone (a DNS zone group), so clients resolve the service to it.",
  severity: "medium",
  remediation:
    "Add a network.PrivateDnsZoneGroup on the endpoint with the service's privatelink zone (privatelink.vaultcore.azure.net, privatelink.file.core.windows.net, …) linked to the virtual network.",
  references: "MCSB NS-2",
  types: [PRIVATE_ENDPOINT, PRIVATE_DNS_ZONE_GROUP],
  check(graph, report) {
    const registered = new Set(
      graph
        .ofTypes([PRIVATE_DNS_ZONE_GROUP])
        .filter((g) => arr(g.props.privateDnsZoneConfigs).length > 0)
        .flatMap((g) => refs(graph, g, "privateEndpointName", [PRIVATE_ENDPOINT])),
    );
    // customDnsConfigs is no exemption: Azure reports it as an output of every endpoint.
    for (const pe of graph.ofTypes([PRIVATE_ENDPOINT]))
      if (!registered.has(pe))
        report(
          "Clients resolve the service's public name: no private DNS zone holds the endpoint's address.",
          pe.urn,
        );
  },
});
