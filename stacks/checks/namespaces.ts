import { closest, distance } from "fastest-levenshtein";
import type { ConfigProblem } from "../config-error";

/*
 * Keys of other namespaces in a stack file. The kit builds its AWS providers explicitly (region and
 * default tags from the project namespace), and Pulumi gives explicit providers none of the `aws:*`
 * settings ("explicit providers do not read configuration from the stack": Pulumi docs, Providers,
 * https://www.pulumi.com/docs/iac/concepts/resources/providers/#explicit-provider-configuration), so an
 * `aws:*` key would be silently ignored: it is an error naming the key, unless it agrees with the
 * stack's own setting. `fastly:*` configures the Fastly provider the CDN uses (the default one, or the
 * explicit one stacks/aws-program.ts hands them to under `pulumi:disable-default-providers`), `pulumi:*` is
 * Pulumi's own. Any other namespace is read by nothing; one close to a known namespace is a typo.
 */

const USED_NAMESPACES = ["aws", "fastly", "pulumi"] as const;

export type ProviderKeyMap = ReadonlyMap<string, { readonly secret: boolean; readonly value?: string }>;

/** `aws:*` settings the program hands to its explicit providers itself (stacks/program.ts). */
const AWS_HANDED_ON = new Set(["aws:profile"]);

const AWS_ADVICE: Readonly<Record<string, string>> = {
  "aws:defaultTags":
    "nothing: the kit's providers set the default tags themselves; put extra tags in storefront:tags",
};

export function namespaceProblems(
  providerKeys: ProviderKeyMap,
  values: Readonly<Record<string, unknown>>,
  project: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const known = [project, ...USED_NAMESPACES];
  for (const [fullKey, { secret, value }] of [...providerKeys].sort(([a], [b]) => a.localeCompare(b))) {
    const colon = fullKey.indexOf(":");
    const namespace = colon < 0 ? "" : fullKey.slice(0, colon);
    const key = fullKey.slice(colon + 1);
    if (namespace === "aws") {
      if (fullKey === "aws:region") {
        const region = values.region;
        if (secret || value !== region) {
          problems.push({
            key: fullKey,
            got: secret ? "a secret value" : JSON.stringify(value),
            expected: `nothing, or the stack's own ${project}:region (${JSON.stringify(region)}): the kit deploys to ${project}:region and ignores aws:region`,
          });
        }
        continue;
      }
      if (AWS_HANDED_ON.has(fullKey) && !secret) continue;
      problems.push({
        key: fullKey,
        got: "a setting",
        expected:
          AWS_ADVICE[fullKey] ??
          "nothing: the kit's AWS providers are explicit and do not read aws:* settings from the stack",
      });
      continue;
    }
    if ((USED_NAMESPACES as readonly string[]).includes(namespace)) continue;
    const best = closest(namespace, known);
    const near =
      namespace.length > 0 && distance(namespace, best) <= Math.max(2, Math.floor(namespace.length / 3));
    problems.push({
      key: fullKey,
      got: "a key of a namespace nothing reads",
      expected: near
        ? `"${best}:${key}" (did you mean it? namespaces read here: ${known.join(", ")})`
        : `a key of a namespace this program reads: ${known.join(", ")}`,
    });
  }
  return problems;
}
