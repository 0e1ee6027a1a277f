import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { CLOUD_RULE } from "../cloud";
import { SUPPORTED_REGIONS } from "../regions";
import { bastionSchema } from "./bastion";
import { deliverySchema } from "./delivery";
import { domainSchema } from "./domain";
import { storageSchema } from "./storage";
import { cacheSchema, databaseSchema, searchSchema } from "./data";
import { edgeSchema } from "./edge";
import { alertsSchema, backupsSchema, budgetSchema, logsSchema } from "./operations";
import { environmentName, name, oneOf } from "./fields";
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
export { CURRENCIES, Currency } from "./operations";
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

/*
 * Tags reach every resource through the provider's default tags, so they must satisfy the strictest
 * service the stack tags. RDS and EFS are: letters, digits and white space of any script plus
 * `_ . : / = + - @` (pattern `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`), keys of 1-128 characters that do not
 * start with `aws:` (RDS: nor `rds:`), values of up to 256. So no control characters, bidi marks or
 * emoji. Sources: Amazon RDS API Reference, Tag (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_Tag.html);
 * Amazon EFS API Reference, Tag (https://docs.aws.amazon.com/efs/latest/ug/API_Tag.html).
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_KEY_RULE =
  "a tag key of 1 to 128 letters, digits, spaces and _ . : / = + - @, not starting with aws: or rds: " +
  "(the tag rules of RDS and EFS, which every resource's default tags must meet)";
const TAG_VALUE_RULE =
  "a tag value of at most 256 letters, digits, spaces and _ . : / = + - @ " +
  "(the tag rules of RDS and EFS, which every resource's default tags must meet)";
const tagValue = z
  .string({ error: TAG_VALUE_RULE })
  .max(256, { error: TAG_VALUE_RULE })
  .regex(TAG_CHARACTERS, { error: TAG_VALUE_RULE })
  .refine((v) => !/^(aws|rds):/i.test(v), { error: TAG_VALUE_RULE });
const tags = z.record(
  z
    .string({ error: TAG_KEY_RULE })
    .min(1, { error: TAG_KEY_RULE })
    .max(128, { error: TAG_KEY_RULE })
    .regex(TAG_CHARACTERS, { error: TAG_KEY_RULE })
    .refine((k) => !/^(aws|rds):/i.test(k), { error: TAG_KEY_RULE }),
  tagValue,
  { error: "a map of tag names to string values" },
);

/** Everything a stack file may state under the project namespace. */
export const stackConfigSchema = z.strictObject({
  // The cloud (stacks/cloud.ts): AWS stacks may say it; Azure stacks are validated by ./azure.ts.
  cloud: z.literal("aws", { error: CLOUD_RULE }).optional(),
  client: name,
  environment: environmentName,
  base: oneOf(ENVIRONMENT_BASES).optional(),
  profile: oneOf(PROFILES),
  region,
  tags: tags.optional(),
  domain: domainSchema.optional(),
  edge: edgeSchema.optional(),
  delivery: deliverySchema.optional(),
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
