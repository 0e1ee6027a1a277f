import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { parseVpcCidr } from "./cidr";
import { SUPPORTED_REGIONS } from "./regions";

/*
 * The shape of what a stack file may say, under the project namespace (`storefront:<key>`). Everything a
 * preset can fill is optional here; presets.ts holds the defaults and rules.ts the cross-field rules.
 * Every field's error message states what is accepted, because it is printed next to the bad value.
 */

export const PROFILES = ["wordpress", "magento"] as const;
export const ENVIRONMENT_BASES = ["dev", "prod"] as const;
export const NAT_STRATEGIES = ["single", "one-per-az", "none"] as const;
export const FLOW_LOG_TRAFFIC_TYPES = ["ALL", "REJECT"] as const;
/** The retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export type Profile = (typeof PROFILES)[number];
export type EnvironmentBase = (typeof ENVIRONMENT_BASES)[number];
export type NatStrategy = (typeof NAT_STRATEGIES)[number];
export type FlowLogTrafficType = (typeof FLOW_LOG_TRAFFIC_TYPES)[number];

const NAME_PATTERN = /^[a-z][a-z0-9-]{0,22}[a-z0-9]$/;
const NAME_RULE = "2-24 characters: lowercase letters, digits and '-', starting with a letter";

function oneOf<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of: ${values.join(", ")}` });
}

function wholeNumber(min: number, max: number) {
  const error = `a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

const name = z.string({ error: NAME_RULE }).regex(NAME_PATTERN, { error: NAME_RULE });

const region = z
  .string({ error: "an AWS region code such as eu-west-1" })
  .refine((r) => SUPPORTED_REGIONS.includes(r), {
    error: (issue) =>
      `an AWS region of the commercial partition (${SUPPORTED_REGIONS.length} accepted, ` +
      `e.g. eu-west-1, us-east-1); closest: ${closest(String(issue.input), [...SUPPORTED_REGIONS])}`,
  });

const VPC_CIDR_RULE = "a private IPv4 network address with a /16 to /24 prefix, such as 10.20.0.0/16";
const vpcCidr = z.string({ error: VPC_CIDR_RULE }).superRefine((text, ctx) => {
  const parsed = parseVpcCidr(text);
  if ("problem" in parsed) {
    ctx.addIssue({ code: "custom", message: `${VPC_CIDR_RULE} (the value ${parsed.problem})` });
  } else if (parsed.prefixLength < 16 || parsed.prefixLength > 24) {
    ctx.addIssue({ code: "custom", message: `${VPC_CIDR_RULE} (AWS allows /16 to /28 for a VPC)` });
  }
});

const AZ_RULE = "an availability zone name such as eu-west-1a";
const availabilityZone = z
  .string({ error: AZ_RULE })
  .regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { error: AZ_RULE });

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

export const flowLogsSchema = z.strictObject(
  {
    trafficType: oneOf(FLOW_LOG_TRAFFIC_TYPES).optional(),
    retentionDays: z
      .number({ error: `one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(", ")}` })
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        error: `one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
      })
      .optional(),
  },
  { error: "a map with trafficType and retentionDays" },
);

export const networkSchema = z.strictObject(
  {
    cidr: vpcCidr.optional(),
    azCount: wholeNumber(2, 6).optional(),
    availabilityZones: z
      .array(availabilityZone, { error: "a list of availability zone names" })
      .min(2, { error: "a list of 2 to 6 availability zone names" })
      .max(6, { error: "a list of 2 to 6 availability zone names" })
      .optional(),
    natGateways: oneOf(NAT_STRATEGIES).optional(),
    flowLogs: flowLogsSchema.optional(),
  },
  { error: "a map with cidr, azCount, availabilityZones, natGateways and flowLogs" },
);

/** Everything a stack file may state under the project namespace. */
export const stackConfigSchema = z.strictObject({
  client: name,
  environment: name,
  base: oneOf(ENVIRONMENT_BASES).optional(),
  profile: oneOf(PROFILES),
  region,
  tags: tags.optional(),
  network: networkSchema.optional(),
});

export type RawStackConfig = z.infer<typeof stackConfigSchema>;
