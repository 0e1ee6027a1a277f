import { z } from "zod";
import { hostname } from "./fields";

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
