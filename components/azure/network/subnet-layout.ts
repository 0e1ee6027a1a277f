import * as ipaddr from "ipaddr.js";

/**
 * How the virtual network's address space is cut into subnets, one per tier. Azure subnets are regional
 * (they span every zone), so there is no per-zone layout as on AWS: each tier gets one block, allocated
 * largest first so that every block stays aligned. Sizes follow Azure's rules for the services in them:
 *
 * - `gateway` /24: Application Gateway v2 needs a subnet of its own, and Microsoft recommends a /24 so the
 *   gateway can scale out to its 125 instances ("Application Gateway infrastructure configuration",
 *   Size of the subnet).
 * - `bastion` /26: the subnet must be named AzureBastionSubnet and be /26 or larger ("About Azure Bastion
 *   configuration settings", Azure Bastion subnet).
 * - `mysql` /24: MySQL Flexible Server's private access needs a subnet delegated to
 *   Microsoft.DBforMySQL/flexibleServers that holds nothing else ("Private Network Access using virtual
 *   network integration for Azure Database for MySQL - Flexible Server").
 * - `web` /22 (1019 usable addresses: Azure keeps 5 per subnet, "Azure Virtual Network FAQ"), `data` /24
 *   for private endpoints (Key Vault, Azure Files, Managed Redis), `search` /24 for the OpenSearch nodes.
 */
export const AZURE_SUBNETS = {
  web: { mask: 22, name: "web" },
  gateway: { mask: 24, name: "gateway" },
  data: { mask: 24, name: "data" },
  mysql: { mask: 24, name: "mysql" },
  search: { mask: 24, name: "search" },
  // The name is Azure's: Bastion deploys only into a subnet with exactly this name.
  bastion: { mask: 26, name: "AzureBastionSubnet" },
} as const;

export type AzureSubnetRole = keyof typeof AZURE_SUBNETS;

/** The smallest Application Gateway v2 subnet Microsoft recommends, and the smallest Bastion subnet. */
export const MIN_GATEWAY_SUBNET_MASK = 24;
export const MIN_BASTION_SUBNET_MASK = 26;

/** Every block of the layout fits into a /20: the largest VNet prefix length (smallest VNet) accepted. */
export const LARGEST_VNET_PREFIX_LENGTH = 20;

export type AzureSubnetLayout = Readonly<Record<AzureSubnetRole, string>>;

/** The subnets' address prefixes inside `vnetCidr` (an IPv4 network address with its prefix length). */
export function azureSubnetLayout(vnetCidr: string): AzureSubnetLayout {
  const [address, prefixLength] = ipaddr.IPv4.parseCIDR(vnetCidr);
  if (prefixLength > LARGEST_VNET_PREFIX_LENGTH) {
    throw new RangeError(
      `${vnetCidr} is smaller than a /${LARGEST_VNET_PREFIX_LENGTH}: the tiers' subnets do not fit`,
    );
  }
  const base = ipToInt(address.toString());
  const roles = (Object.keys(AZURE_SUBNETS) as AzureSubnetRole[]).sort(
    (a, b) => AZURE_SUBNETS[a].mask - AZURE_SUBNETS[b].mask,
  );
  let offset = 0;
  const layout = {} as Record<AzureSubnetRole, string>;
  for (const role of roles) {
    const size = 2 ** (32 - AZURE_SUBNETS[role].mask);
    offset = Math.ceil(offset / size) * size;
    layout[role] = `${intToIp(base + offset)}/${AZURE_SUBNETS[role].mask}`;
    offset += size;
  }
  return layout;
}

function ipToInt(ip: string): number {
  return ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}
