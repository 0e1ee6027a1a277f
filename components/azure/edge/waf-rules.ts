import type * as azureInput from "@pulumi/azure-native/types/input";

/*
 * The custom rules of the Front Door WAF policy, as pure data: a per-IP rate limit over five minutes and
 * the kit's geo restriction. Both judge the address of the connection to Front Door (SocketAddr), not
 * RemoteAddr, which Front Door takes from X-Forwarded-For and a client can write ("Azure Web Application
 * Firewall on Azure Front Door: match variables").
 */

export interface GeoRestriction {
  readonly mode: "allow" | "deny";
  /** ISO 3166-1 alpha-2 country codes. */
  readonly countries: readonly string[];
}

/**
 * "Web application firewall string match values per match condition: 10" and "match conditions per custom
 * rule: 10" (Azure Front Door service limits, includes/front-door-limits.md).
 */
export const VALUES_PER_CONDITION = 10;
export const CONDITIONS_PER_RULE = 10;
/** Front Door's rate-limit rules count over one or five minutes (Front Door WAF rate limiting). */
export const RATE_LIMIT_WINDOW_MINUTES = 5;

type CustomRule = azureInput.frontdoor.CustomRuleArgs;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Contradictions in the rules' inputs, one line each (collected by the component's check). */
export function wafRuleProblems(rateLimit: number, geo?: GeoRestriction): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rateLimit) || rateLimit < 10) {
    problems.push(`waf.rateLimit ${rateLimit}: expected a whole number from 10`);
  }
  if (geo) {
    if (geo.countries.length === 0) problems.push("geoRestriction.countries is empty");
    const bad = geo.countries.filter((c) => !/^[A-Z]{2}$/.test(c));
    if (bad.length > 0)
      problems.push(`geoRestriction.countries ${bad.join(", ")}: expected ISO 3166-1 alpha-2 codes`);
    // An allow list is one rule whose conditions are all "not in this chunk" (ANDed): at most 10 of 10.
    const max = VALUES_PER_CONDITION * CONDITIONS_PER_RULE;
    if (geo.mode === "allow" && geo.countries.length > max) {
      problems.push(
        `geoRestriction.countries: ${geo.countries.length} countries; an allow list holds at most ${max}`,
      );
    }
    if (new Set(geo.countries).size !== geo.countries.length)
      problems.push("geoRestriction.countries repeats a country");
  }
  return problems;
}

/**
 * The rate limit first (priority 10), then the geo rules (20 and up). An allow list blocks a request whose
 * country is in none of the chunks (one rule, its conditions ANDed); a deny list blocks a request whose
 * country is in any chunk (one rule per chunk, since conditions cannot be ORed).
 */
export function frontDoorCustomRules(rateLimit: number, geo?: GeoRestriction): CustomRule[] {
  const rules: CustomRule[] = [
    {
      name: "RateLimitPerIp",
      priority: 10,
      enabledState: "Enabled",
      ruleType: "RateLimitRule",
      rateLimitDurationInMinutes: RATE_LIMIT_WINDOW_MINUTES,
      rateLimitThreshold: rateLimit,
      groupBy: [{ variableName: "SocketAddr" }],
      matchConditions: [
        { matchVariable: "SocketAddr", operator: "IPMatch", matchValue: ["0.0.0.0/0", "::/0"] },
      ],
      action: "Block",
    },
  ];
  if (!geo) return rules;
  const parts = chunks(geo.countries, VALUES_PER_CONDITION);
  const condition = (countries: string[], negate: boolean) => ({
    matchVariable: "SocketAddr",
    operator: "GeoMatch",
    negateCondition: negate,
    matchValue: countries,
  });
  if (geo.mode === "allow") {
    rules.push({
      name: "GeoAllowOnly",
      priority: 20,
      enabledState: "Enabled",
      ruleType: "MatchRule",
      matchConditions: parts.map((p) => condition(p, true)),
      action: "Block",
    });
  } else {
    parts.forEach((p, i) =>
      rules.push({
        name: `GeoDeny${i + 1}`,
        priority: 20 + i,
        enabledState: "Enabled",
        ruleType: "MatchRule",
        matchConditions: [condition(p, false)],
        action: "Block",
      }),
    );
  }
  return rules;
}
