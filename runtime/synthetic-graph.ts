import type { RegisteredResource } from "./recording-monitor";

/**
 * A synthetic resource graph of `size` resources: copies of a real plan's registrations, each copy's URNs
 * (and the parents and dependencies naming them) suffixed with the copy's number. Ids and inputs are kept
 * as they are, so every literal reference names the same resource in every copy: the worst case for a
 * stack rule that joins by id. The bench measures the pack on it; a spec holds the Azure joins to it.
 */
export function syntheticGraph(base: readonly RegisteredResource[], size: number): RegisteredResource[] {
  const copies = Math.ceil(size / base.length);
  const out: RegisteredResource[] = [];
  for (let c = 0; c < copies; c++) {
    const rename = (urn: string) => `${urn}-${c}`;
    for (const r of base) {
      out.push({
        ...r,
        urn: rename(r.urn),
        ...(r.parent ? { parent: rename(r.parent) } : {}),
        dependencies: r.dependencies.map(rename),
        propertyDependencies: Object.fromEntries(
          Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map(rename)]),
        ),
      });
    }
  }
  return out.slice(0, size);
}
