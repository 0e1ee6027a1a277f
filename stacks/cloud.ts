/*
 * Which cloud a stack is built on: `storefront:cloud`, `aws` when the stack file says nothing, so every
 * stack file written before Azure stays valid and plans as it did.
 */

export const CLOUDS = ["aws", "azure"] as const;
export type Cloud = (typeof CLOUDS)[number];
export const DEFAULT_CLOUD: Cloud = "aws";

export const CLOUD_RULE = `one of: ${CLOUDS.join(", ")} (default aws)`;

/** The stack's cloud, or undefined when `storefront:cloud` holds something else (the schema says what). */
export function cloudOf(values: Readonly<Record<string, unknown>>): Cloud | undefined {
  const cloud = values.cloud ?? DEFAULT_CLOUD;
  return (CLOUDS as readonly unknown[]).includes(cloud) ? (cloud as Cloud) : undefined;
}
