/*
 * The shop's deep health check, seen from outside: a Route 53 health check requests the site's deep path
 * (WordPress's login page, Magento's health_check.php: PHP, the database and the cache) over HTTPS through
 * the same name shoppers use, and a CloudWatch alarm in us-east-1 tells the alarm topic there when it fails
 * and when it recovers. The load balancer keeps its static check, so this one never replaces servers.
 */

/**
 * Where Route 53's health checkers run, and the country each region's addresses are in: the valid
 * `Regions` of a health check (Route 53 API reference, HealthCheckConfig, Regions: us-east-1 | us-west-1 |
 * us-west-2 | eu-west-1 | ap-southeast-1 | ap-southeast-2 | ap-northeast-1 | sa-east-1; at least 3,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html).
 */
export const HEALTH_CHECKER_REGIONS: Readonly<Record<string, string>> = {
  "eu-west-1": "IE",
  "us-east-1": "US",
  "us-west-2": "US",
  "us-west-1": "US",
  "ap-southeast-1": "SG",
  "ap-northeast-1": "JP",
  "ap-southeast-2": "AU",
  "sa-east-1": "BR",
};

/** Route 53 wants at least three checker regions (HealthCheckConfig, Regions: minimum 3 items). */
const MIN_REGIONS = 3;

export interface GeoRestriction {
  readonly mode: "allow" | "deny";
  readonly countries: readonly string[];
}

/**
 * Checker regions for a site behind a CDN that may refuse some countries. Route 53 calls an endpoint
 * healthy when more than 18% of its checkers do (Route 53 Developer Guide, "How Amazon Route 53 determines
 * whether a health check is healthy"), so with three regions one admitted region is enough; checkers in a
 * refused country always see the CDN's 403. Undefined when no checker region is admitted: the check would
 * never pass.
 */
export function healthCheckerRegions(geo?: GeoRestriction): string[] | undefined {
  const all = Object.keys(HEALTH_CHECKER_REGIONS);
  if (!geo) return all.slice(0, MIN_REGIONS);
  const admitted = all.filter((region) => {
    const listed = geo.countries.includes(HEALTH_CHECKER_REGIONS[region]);
    return geo.mode === "allow" ? listed : !listed;
  });
  if (admitted.length === 0) return undefined;
  const rest = all.filter((r) => !admitted.includes(r));
  return [...admitted, ...rest].slice(0, Math.max(MIN_REGIONS, admitted.length));
}
