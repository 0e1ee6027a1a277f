import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";

/*
 * Key paths and "did you mean" suggestions for stack-file problems, shared by the AWS and Azure
 * validation (this module loads no cloud's schema).
 */

/** "did you mean" for an unknown key, with the keys valid there. */
export function suggestion(unknown: string, valid: readonly string[]): string {
  const list = `valid keys here: ${valid.join(", ")}`;
  if (valid.length === 0) return list;
  const lower = valid.map((v) => v.toLowerCase());
  const best = closest(unknown.toLowerCase(), lower);
  const close = distance(unknown.toLowerCase(), best) <= Math.max(2, Math.floor(unknown.length / 3));
  return close ? `"${valid[lower.indexOf(best)]}" (did you mean it? ${list})` : list;
}

/** The keys a strict object accepts at `path` of the schema `root`. */
export function validKeysAt(path: readonly PropertyKey[], root: z.ZodType): string[] {
  let schema: z.ZodType = root;
  for (const segment of path) {
    const shape = objectShape(schema);
    if (!shape || !(String(segment) in shape)) return [];
    schema = shape[String(segment)];
  }
  return Object.keys(objectShape(schema) ?? {});
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : undefined;
}

/** `web.campaigns[2].name` for a path. */
export function keyPath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
      .join(".")
      .replace(/\.\[/g, "[") || "(root)"
  );
}
