import { largestVpcPrefixLength, LARGEST_PUBLIC_SUBNET_MASK } from "../../components/network/subnet-layout";
import { parseVpcCidr } from "../cidr";
import { azCount, azNames } from "../regions";
import type { ConfigProblem } from "../config-error";
import { problem, Check } from "./check";

export const prodNatPerAz: Check = (c) =>
  c.base === "prod" && c.network.natGateways !== "one-per-az"
    ? [
        problem(
          "network.natGateways",
          c.network.natGateways,
          `"one-per-az" in a prod environment (one NAT gateway per AZ keeps egress alive when an AZ fails)`,
        ),
      ]
    : [];

export const zonesInRegion: Check = (c) => {
  const zones = c.network.availabilityZones;
  if (!zones) return [];
  const problems: ConfigProblem[] = [];
  if (zones.length !== c.network.azCount) {
    problems.push({
      key: "network.availabilityZones",
      got: `${zones.length} zone(s)`,
      expected: `${c.network.azCount} zones, as network.azCount says (or leave azCount out)`,
    });
  }
  const outside = !c.region ? [] : zones.filter((z) => !new RegExp(`^${c.region}[a-z]$`).test(z));
  if (outside.length > 0) {
    problems.push(
      problem("network.availabilityZones", outside, `zones of region ${c.region}, such as ${c.region}a`),
    );
  }
  if (new Set(zones).size !== zones.length) {
    problems.push(problem("network.availabilityZones", zones, "distinct zones"));
  }
  return problems;
};

/** A VPC cannot span more AZs than its region offers (awsx fails on the missing zones at `pulumi up`). */
export const zonesAvailable: Check = (c) => {
  if (!c.region || c.network.availabilityZones) return [];
  const available = azCount(c.region);
  return c.network.azCount > available
    ? [
        problem(
          "network.azCount",
          c.network.azCount,
          `at most ${available}: region ${c.region} has ${available} Availability Zones (${azNames(c.region).join(", ")})`,
        ),
      ]
    : [];
};

export const cidrFitsZones: Check = (c) => {
  const parsed = parseVpcCidr(c.network.cidr);
  if ("problem" in parsed) return [];
  const largest = largestVpcPrefixLength(c.network.azCount);
  return parsed.prefixLength > largest
    ? [
        problem(
          "network.cidr",
          c.network.cidr,
          `a /${largest} or larger block for ${c.network.azCount} AZs ` +
            `(each AZ's public subnet must be /${LARGEST_PUBLIC_SUBNET_MASK} or larger for the load balancer)`,
        ),
      ]
    : [];
};
