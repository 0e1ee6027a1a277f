/*
 * Pulumi's wire form of property values: plain JSON, except objects carrying a signature key that mark
 * secrets, resource references, assets and unknowns. These helpers turn it into plain values for display
 * (secrets redacted) or for policy evaluation (secrets revealed, as the real engine hands them to policies).
 */

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const REDACTED = "[secret]";
export const UNKNOWN_VALUE = "[unknown]";

export type SecretMode = "redact" | "reveal";

export function fromWire(value: unknown, secrets: SecretMode): unknown {
  if (value === UNKNOWN) return UNKNOWN_VALUE;
  if (Array.isArray(value)) return value.map((v) => fromWire(v, secrets));
  if (typeof value !== "object" || value === null) return value;
  const obj = value as Record<string, unknown>;
  switch (obj[SIG_KEY]) {
    case undefined:
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fromWire(v, secrets)]));
    case SECRET_SIG:
      return secrets === "redact" ? REDACTED : fromWire(obj.value, secrets);
    case RESOURCE_SIG:
      return obj.urn;
    default:
      // Assets and archives: their path, text or URI says enough.
      return obj.path ?? obj.text ?? obj.uri ?? "[asset]";
  }
}

export function isSecretWire(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** Wraps a wire value as a secret. */
export function secretWire(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}
