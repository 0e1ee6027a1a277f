import { Region } from "@pulumi/aws/types/enums";

/**
 * Regions of the commercial `aws` partition, taken from the AWS provider's own list so it moves with
 * provider upgrades. China, GovCloud, ISO and sovereign partitions lack services the kit relies on
 * (CloudFront with WAF, managed rule groups) and use other ARN formats.
 */
export const SUPPORTED_REGIONS: readonly string[] = Object.values(Region)
  .filter((r) => !/^(cn|us-gov|us-iso|eu-iso|eusc)/.test(r))
  .sort();

/**
 * Availability Zones a new account can use in each region of the commercial partition, as
 * `aws ec2 describe-availability-zones` lists them with state `available` (AZ IDs per region: "AWS
 * Availability Zones", https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html).
 * us-west-1 has a third zone that only accounts created before it closed to new customers can use, and
 * ap-northeast-1's `apne1-az3` is likewise closed, so the table keeps what every account gets. A region
 * missing here is assumed to have the three every newer region opens with.
 */
export const REGION_AZ_COUNT: Readonly<Record<string, number>> = {
  "af-south-1": 3,
  "ap-east-1": 3,
  "ap-east-2": 3,
  "ap-northeast-1": 3,
  "ap-northeast-2": 4,
  "ap-northeast-3": 3,
  "ap-south-1": 3,
  "ap-south-2": 3,
  "ap-southeast-1": 3,
  "ap-southeast-2": 3,
  "ap-southeast-3": 3,
  "ap-southeast-4": 3,
  "ap-southeast-5": 3,
  "ap-southeast-6": 3,
  "ap-southeast-7": 3,
  "ca-central-1": 3,
  "ca-west-1": 3,
  "eu-central-1": 3,
  "eu-central-2": 3,
  "eu-north-1": 3,
  "eu-south-1": 3,
  "eu-south-2": 3,
  "eu-west-1": 3,
  "eu-west-2": 3,
  "eu-west-3": 3,
  "il-central-1": 3,
  "me-central-1": 3,
  "me-south-1": 3,
  "mx-central-1": 3,
  "sa-east-1": 3,
  "us-east-1": 6,
  "us-east-2": 3,
  "us-west-1": 2,
  "us-west-2": 4,
};

/** Zone letters per region where they are not a, b, c... (closed zones leave gaps). */
const ZONE_LETTERS: Readonly<Record<string, string>> = {
  "us-west-1": "ac",
  "ap-northeast-1": "acd",
  "ca-central-1": "abd",
};

/** How many AZs a new account can use in `region`. */
export function azCount(region: string): number {
  return REGION_AZ_COUNT[region] ?? 3;
}

/** The AZ names a new account sees in `region`, in order. */
export function azNames(region: string): string[] {
  const letters = ZONE_LETTERS[region] ?? "abcdef".slice(0, azCount(region));
  return [...letters].map((l) => `${region}${l}`);
}

/**
 * The Fastly shield POP nearest each region's load balancers, for regions where the kit knows one (shield
 * codes as Fastly's shielding guide names them, "Shielding: choosing a shield location"). Elsewhere
 * `edge.fastly.shieldPop` must be stated.
 */
const FASTLY_SHIELDS: Readonly<Record<string, string>> = {
  "us-east-1": "iad-va-us",
  "us-east-2": "iad-va-us",
  "ca-central-1": "iad-va-us",
  "eu-west-1": "dub-dublin-ie",
  "eu-central-1": "frankfurt-de",
  "eu-central-2": "frankfurt-de",
  "eu-north-1": "frankfurt-de",
  "eu-west-3": "frankfurt-de",
  "ap-southeast-2": "wsi-australia-au",
};

export function defaultShieldPop(region: string): string | undefined {
  return FASTLY_SHIELDS[region];
}
