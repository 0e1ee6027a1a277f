import { z } from "zod";
import { hostname, instanceType, sourceCidr } from "./fields";

export const domainSchema = z.strictObject(
  {
    name: hostname,
    aliases: z.array(hostname, { error: "a list of further host names the shop answers to" }).optional(),
    hostedZoneId: z
      .string({ error: "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ" })
      .regex(/^Z[A-Z0-9]{4,32}$/, { error: "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ" })
      .optional(),
    certificateArn: z
      .string({ error: "the ARN of an issued ACM certificate in the stack's region" })
      .regex(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, {
        error: "the ARN of an issued ACM certificate in the stack's region",
      })
      .optional(),
  },
  { error: "a map with name, aliases, hostedZoneId and certificateArn" },
);

export const bastionSchema = z.strictObject(
  {
    enabled: z.boolean({ error: "true or false" }).optional(),
    sshCidrs: z.array(sourceCidr, { error: "a list of CIDR blocks allowed to reach SSH" }).optional(),
    keyName: z
      .string({ error: "the name of an EC2 key pair" })
      .min(1, { error: "the name of an EC2 key pair" })
      .optional(),
    instanceType: instanceType.optional(),
  },
  { error: "a map with enabled, sshCidrs, keyName and instanceType" },
);

/** Days after which EFS moves a file that nobody read to Infrequent Access. */
export const EFS_IA_DAYS = [1, 7, 14, 30, 60, 90, 180, 270, 365] as const;

export const storageSchema = z.strictObject(
  {
    transitionToIaDays: z
      .number({ error: `one of: ${EFS_IA_DAYS.join(", ")}` })
      .refine((d) => (EFS_IA_DAYS as readonly number[]).includes(d), {
        error: `one of: ${EFS_IA_DAYS.join(", ")}`,
      })
      .optional(),
  },
  { error: "a map with transitionToIaDays" },
);
