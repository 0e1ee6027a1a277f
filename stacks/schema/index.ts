import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { SUPPORTED_REGIONS } from "../regions";
import { bastionSchema } from "./bastion";
import { domainSchema } from "./domain";
import { storageSchema } from "./storage";
import { cacheSchema, databaseSchema, searchSchema } from "./data";
import { edgeSchema } from "./edge";
import { alertsSchema, backupsSchema, budgetSchema, logsSchema } from "./operations";
import { name, oneOf } from "./fields";
import { networkSchema } from "./network";
import { webSchema } from "./web";

/*
 * The shape of what a stack file may say, under the project namespace (`storefront:<key>`). Everything a
 * preset can fill is optional here; presets.ts holds the defaults and rules.ts the cross-field rules.
 */

export * from "./network";
export * from "./web";
export { CACHE_ENGINES, CacheEngine } from "./data";
export * from "./edge";
export { CURRENCIES } from "./operations";
export { EFS_IA_DAYS } from "./storage";

export const PROFILES = ["wordpress", "magento"] as const;
export const ENVIRONMENT_BASES = ["dev", "prod"] as const;

export type Profile = (typeof PROFILES)[number];
export type EnvironmentBase = (typeof ENVIRONMENT_BASES)[number];

const region = z
  .string({ error: "an AWS region code such as eu-west-1" })
  .refine((r) => SUPPORTED_REGIONS.includes(r), {
    error: (issue) =>
      `an AWS region of the commercial partition (${SUPPORTED_REGIONS.length} accepted, ` +
      `e.g. eu-west-1, us-east-1); closest: ${closest(String(issue.input), [...SUPPORTED_REGIONS])}`,
  });

const tagValue = z.string({ error: "a string of at most 256 characters" }).max(256, {
  error: "a string of at most 256 characters",
});
const tags = z.record(
  z
    .string()
    .min(1)
    .max(128)
    .refine((k) => !k.toLowerCase().startsWith("aws:"), { error: "a tag key that does not start with aws:" }),
  tagValue,
  { error: "a map of tag names to string values" },
);

/** Everything a stack file may state under the project namespace. */
export const stackConfigSchema = z.strictObject({
  client: name,
  environment: name,
  base: oneOf(ENVIRONMENT_BASES).optional(),
  profile: oneOf(PROFILES),
  region,
  tags: tags.optional(),
  domain: domainSchema.optional(),
  edge: edgeSchema.optional(),
  network: networkSchema.optional(),
  web: webSchema.optional(),
  storage: storageSchema.optional(),
  database: databaseSchema.optional(),
  cache: cacheSchema.optional(),
  search: searchSchema.optional(),
  bastion: bastionSchema.optional(),
  alerts: alertsSchema.optional(),
  budget: budgetSchema.optional(),
  logs: logsSchema.optional(),
  backups: backupsSchema.optional(),
});

export type RawStackConfig = z.infer<typeof stackConfigSchema>;
