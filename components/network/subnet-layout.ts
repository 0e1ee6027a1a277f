/**
 * How the VPC's address space is cut into subnets, per availability zone.
 *
 * Each AZ gets an equal, power-of-two share of the VPC. Inside it, the private (app) subnet takes half, the
 * isolated (data) subnet a quarter and the public subnet a sixteenth, allocated in that order so that every
 * block stays aligned and nothing overlaps. Web servers and their scaling need the most addresses; the
 * public tier only holds load balancer nodes, NAT gateways and the bastion.
 */
export interface SubnetLayout {
  /** Prefix length of each AZ's share of the VPC. */
  readonly azBlockMask: number;
  readonly privateMask: number;
  readonly isolatedMask: number;
  readonly publicMask: number;
}

/** An ALB needs a /27 or larger subnet (with at least 8 free addresses) in every AZ it serves. */
export const LARGEST_PUBLIC_SUBNET_MASK = 27;

export function subnetLayout(vpcPrefixLength: number, azCount: number): SubnetLayout {
  if (!Number.isInteger(azCount) || azCount < 1) {
    throw new RangeError(`azCount must be a positive whole number, got ${azCount}`);
  }
  const azBlockMask = vpcPrefixLength + Math.ceil(Math.log2(azCount));
  return {
    azBlockMask,
    privateMask: azBlockMask + 1,
    isolatedMask: azBlockMask + 2,
    publicMask: azBlockMask + 4,
  };
}

/** The largest VPC prefix length (smallest VPC) that still leaves every subnet usable for `azCount` AZs. */
export function largestVpcPrefixLength(azCount: number): number {
  return LARGEST_PUBLIC_SUBNET_MASK - subnetLayout(0, azCount).publicMask;
}
