import type * as azureInput from "@pulumi/azure-native/types/input";
import type { EdgePaths, SecurityHeaders } from "../../edge/edge";

/*
 * The rule set's rules, as pure data: the path classes and security headers of the AWS edge
 * (components/edge/edge.ts) in Front Door's rules engine. The route caches nothing; one rule caches the
 * static paths for the kit's TTL, and only where no never-cache path matches, so cart, checkout, account
 * and admin pages are never cached whatever else they look like. A rule of order 0 runs for every
 * request ("Rule with order 0 is a special rule. It does not require any condition and actions listed in
 * it will always be applied": Microsoft.Cdn rules REST API, order) and sets the security headers.
 */

type Condition = azureInput.cdn.DeliveryRuleUrlPathConditionArgs;
type HeaderAction = azureInput.cdn.DeliveryRuleResponseHeaderActionArgs;
type RouteOverride = azureInput.cdn.DeliveryRuleRouteConfigurationOverrideActionArgs;

export interface RuleSpec {
  readonly name: string;
  readonly order: number;
  readonly conditions: Condition[];
  readonly actions: (HeaderAction | RouteOverride)[];
}

/**
 * A kit path pattern (`/wp-admin/*`, `/cart*`, `/xmlrpc.php`) as a UrlPath wildcard: without the leading
 * slash ("Don't include the leading slash": "Azure Front Door rules match conditions", Request path).
 */
export function wildcard(pattern: string): string {
  return pattern.replace(/^\/+/, "");
}

/** Seconds as Front Door's cache duration, `d.hh:mm:ss`. */
export function cacheDuration(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${days}.${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
}

function header(headerName: string, value: string): HeaderAction {
  return {
    name: "ModifyResponseHeader",
    parameters: {
      typeName: "DeliveryRuleHeaderActionParameters",
      headerAction: "Overwrite",
      headerName,
      value,
    },
  };
}

function paths(patterns: readonly string[], negate: boolean): Condition {
  return {
    name: "UrlPath",
    parameters: {
      typeName: "DeliveryRuleUrlPathMatchConditionParameters",
      operator: "Wildcard",
      negateCondition: negate,
      matchValues: patterns.map(wildcard),
      transforms: ["Lowercase"],
    },
  };
}

export function edgeRules(
  edgePaths: EdgePaths,
  staticTtlSeconds: number,
  headers: SecurityHeaders,
): RuleSpec[] {
  return [
    {
      name: "SecurityHeaders",
      order: 0,
      conditions: [],
      actions: [
        header("Strict-Transport-Security", `max-age=${headers.hstsMaxAgeSeconds}; includeSubDomains`),
        header("X-Content-Type-Options", "nosniff"),
        header("X-Frame-Options", headers.frameOptions),
        header("Referrer-Policy", headers.referrerPolicy),
      ],
    },
    {
      name: "CacheStaticPaths",
      order: 1,
      // Both conditions must hold: a static path, and none of the never-cache paths.
      conditions: [paths(edgePaths.static, false), paths(edgePaths.neverCache, true)],
      actions: [
        {
          name: "RouteConfigurationOverride",
          parameters: {
            typeName: "DeliveryRuleRouteConfigurationOverrideActionParameters",
            cacheConfiguration: {
              cacheBehavior: "OverrideAlways",
              cacheDuration: cacheDuration(staticTtlSeconds),
              queryStringCachingBehavior: "UseQueryString",
              isCompressionEnabled: "Enabled",
            },
          },
        },
      ],
    },
  ];
}
