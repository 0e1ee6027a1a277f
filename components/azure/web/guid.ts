import { createHash } from "node:crypto";

/**
 * A GUID derived from the parts: the same parts always give the same GUID. Role assignments are named by
 * a GUID ("Naming rules and restrictions for Azure resources", Microsoft.Authorization roleAssignments), and
 * a random one would replace the assignment on every run.
 */
export function stableGuid(...parts: readonly string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
