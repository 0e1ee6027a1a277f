import { largestVpcPrefixLength, LARGEST_PUBLIC_SUBNET_MASK } from "../components/network-layout";
import { parseVpcCidr } from "./cidr";
import type { ConfigProblem } from "./config-error";
import { renderValue } from "./config-error";
import type { StackConfig } from "./stack-config";

/*
 * Rules that span several keys, checked on the resolved configuration (presets filled in). Each rule
 * returns the problems it finds; all rules run, so the user sees every problem at once.
 */

type Rule = (c: StackConfig) => ConfigProblem[];

const prodNatPerAz: Rule = (c) =>
  c.base === "prod" && c.network.natGateways !== "one-per-az"
    ? [
        {
          key: "network.natGateways",
          got: renderValue(c.network.natGateways),
          expected: `"one-per-az" in a prod environment (one NAT gateway per AZ keeps egress alive when an AZ fails)`,
        },
      ]
    : [];

const zonesInRegion: Rule = (c) => {
  const zones = c.network.availabilityZones;
  if (!zones || !c.region) return [];
  const problems: ConfigProblem[] = [];
  const outside = zones.filter((z) => !new RegExp(`^${c.region}[a-z]$`).test(z));
  if (outside.length > 0) {
    problems.push({
      key: "network.availabilityZones",
      got: renderValue(outside),
      expected: `zones of region ${c.region}, such as ${c.region}a`,
    });
  }
  if (new Set(zones).size !== zones.length) {
    problems.push({ key: "network.availabilityZones", got: renderValue(zones), expected: "distinct zones" });
  }
  return problems;
};

const cidrFitsZones: Rule = (c) => {
  const parsed = parseVpcCidr(c.network.cidr);
  if ("problem" in parsed) return [];
  const largest = largestVpcPrefixLength(c.network.azCount);
  return parsed.prefixLength > largest
    ? [
        {
          key: "network.cidr",
          got: renderValue(c.network.cidr),
          expected:
            `a /${largest} or larger block for ${c.network.azCount} AZs ` +
            `(each AZ's public subnet must be /${LARGEST_PUBLIC_SUBNET_MASK} or larger for the load balancer)`,
        },
      ]
    : [];
};

export const CROSS_FIELD_RULES: readonly Rule[] = [prodNatPerAz, zonesInRegion, cidrFitsZones];

export function crossFieldProblems(config: StackConfig): ConfigProblem[] {
  return CROSS_FIELD_RULES.flatMap((rule) => rule(config));
}
