import type { ConfigProblem } from "./config-error";

/*
 * Which keys of the project namespace hold secrets. Only `alerts.webhookUrl` does: its URL carries the
 * on-call service's token. Everything else names or sizes things, and a name ends up in resource names,
 * default tags and plain-text state, so a `secure:` value there is refused rather than leaked.
 *
 * The Pulumi CLI passes config to the program decrypted, as one string per top-level key, and marks the
 * whole top-level key secret: `pulumi config set --secret --path alerts.webhookUrl ...` marks `alerts`.
 */

/** Key paths whose values are secret whatever form they are written in. */
export const SECRET_PATHS: readonly string[] = ["alerts.webhookUrl"];

/** Top-level keys that may be set as secrets (they hold a secret path). */
export const SECRET_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(SECRET_PATHS.map((p) => p.split(".")[0]));

/** What the offline plan holds in place of a `secure:` value: it has no key to decrypt one. */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-plan-secret";

/**
 * Valid stand-ins for secret values the offline plan cannot decrypt, so that what can be checked still
 * is; `pulumi preview` and `pulumi up` check the decrypted value itself.
 */
export const OFFLINE_STAND_INS: Readonly<Record<string, string>> = {
  "alerts.webhookUrl": "https://offline-plan.invalid/secret",
};

/** Whether a problem's key is, or lies inside, a value that is secret in this stack. */
export function isSecretKey(key: string, secretTopLevelKeys: ReadonlySet<string>): boolean {
  const top = key.split(/[.[]/)[0];
  if (secretTopLevelKeys.has(top)) return true;
  return SECRET_PATHS.some((p) => key === p || key.startsWith(`${p}.`) || key.startsWith(`${p}[`));
}

/** Problems as they may be shown: nothing found under a secret key is rendered. */
export function redactProblems(
  problems: readonly ConfigProblem[],
  secretTopLevelKeys: ReadonlySet<string>,
): ConfigProblem[] {
  return problems.map((p) =>
    isSecretKey(p.key, secretTopLevelKeys) && p.got !== "nothing" && !p.got.startsWith("nothing ")
      ? { ...p, got: "[secret]" }
      : p,
  );
}

/** Secret top-level keys that must be plain: they name things. One problem each. */
export function secretNamingKeys(secretTopLevelKeys: ReadonlySet<string>): ConfigProblem[] {
  return [...secretTopLevelKeys]
    .filter((k) => !SECRET_TOP_LEVEL_KEYS.has(k))
    .sort()
    .map((key) => ({
      key,
      got: "[secret]",
      expected:
        "a plain value: it names or sizes resources, so it would appear in resource names, tags and " +
        `plain-text state (only ${SECRET_PATHS.join(", ")} is a secret; pulumi config set without --secret)`,
    }));
}

/**
 * Replaces the offline placeholder at secret paths with a valid stand-in, so that an undecryptable
 * secret is not reported as malformed. Returns a copy; other values are left as they are.
 */
export function withOfflineStandIns(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy = structuredClone(values) as Record<string, unknown>;
  for (const [path, standIn] of Object.entries(OFFLINE_STAND_INS)) {
    const segments = path.split(".");
    let node: unknown = copy;
    for (const segment of segments.slice(0, -1)) {
      node =
        typeof node === "object" && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
    }
    const last = segments[segments.length - 1];
    if (
      typeof node === "object" &&
      node !== null &&
      (node as Record<string, unknown>)[last] === OFFLINE_SECRET_PLACEHOLDER
    ) {
      (node as Record<string, unknown>)[last] = standIn;
    }
  }
  return copy;
}
