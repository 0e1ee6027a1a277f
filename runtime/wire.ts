/*
 * Pulumi's wire form of property values: plain JSON, except objects carrying a signature key that mark
 * secrets, resource references, assets and unknowns. These helpers turn it into plain values for display
 * (secrets redacted) or for policy evaluation (secrets revealed, as the real engine hands them to policies).
 */

import "./sdk-internals"; // before the SDK loads
import * as pulumi from "@pulumi/pulumi";

const {
  specialSigKey: SIG_KEY,
  specialSecretSig: SECRET_SIG,
  specialResourceSig: RESOURCE_SIG,
  unknownValue: UNKNOWN,
} = pulumi.runtime;

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
