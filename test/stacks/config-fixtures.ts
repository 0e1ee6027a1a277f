import { formatProblem } from "../../stacks/config-error";
import { ConfigSource, validateStackConfig } from "../../stacks/load-config";

/** Shared fixtures of the configuration specs: a minimal dev stack, a valid prod one, and two helpers. */

export const DEV = { client: "acme", environment: "dev", profile: "wordpress", region: "eu-west-1" };
export const DOMAIN = { name: "shop.acme.example", hostedZoneId: "Z0ACMEEXAMPLE" };
export const PROD = { ...DEV, environment: "prod", domain: DOMAIN, alerts: { emails: ["ops@acme.example"] } };

type ProviderKeys = Map<string, { secret: boolean }>;

export function source(
  values: Record<string, unknown>,
  secretKeys: string[] = [],
  providerKeys?: ProviderKeys,
): ConfigSource {
  return {
    stack: "test",
    values,
    secretKeys: new Set(secretKeys),
    ...(providerKeys ? { providerKeys } : {}),
  };
}

/** The problem lines a configuration produces, as the user sees them. */
export function problems(
  values: Record<string, unknown>,
  secretKeys: string[] = [],
  providerKeys?: ProviderKeys,
): string[] {
  const result = validateStackConfig(source(values, secretKeys, providerKeys));
  return result.ok ? [] : result.problems.map(formatProblem);
}
