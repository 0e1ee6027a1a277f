import * as ipaddr from "ipaddr.js";

export interface ParsedCidr {
  readonly address: string;
  readonly prefixLength: number;
}

/**
 * Parses an IPv4 CIDR block that a VPC may use: a private (RFC 1918) network address, no host bits set.
 * Returns the reason it is unusable instead of throwing, so that every problem can be reported at once.
 */
export function parseVpcCidr(text: string): ParsedCidr | { readonly problem: string } {
  const [addressText] = text.split("/");
  if (!ipaddr.IPv4.isValidCIDR(text) || !ipaddr.IPv4.isValidFourPartDecimal(addressText)) {
    return { problem: "is not an IPv4 CIDR block" };
  }
  const [address, prefixLength] = ipaddr.IPv4.parseCIDR(text);
  const network = ipaddr.IPv4.networkAddressFromCIDR(text).toString();
  if (network !== address.toString()) {
    return { problem: `has host bits set (the network address is ${network}/${prefixLength})` };
  }
  if (address.range() !== "private") {
    return { problem: "is not in a private (RFC 1918) range" };
  }
  return { address: network, prefixLength };
}
