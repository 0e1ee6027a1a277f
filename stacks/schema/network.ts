import { z } from "zod";
import { parseVpcCidr } from "../cidr";
import { numberIn, oneOf, wholeNumber } from "./fields";

export const NAT_STRATEGIES = ["single", "one-per-az", "none"] as const;
export const FLOW_LOG_TRAFFIC_TYPES = ["ALL", "REJECT"] as const;
/** The retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export type NatStrategy = (typeof NAT_STRATEGIES)[number];
export type FlowLogTrafficType = (typeof FLOW_LOG_TRAFFIC_TYPES)[number];

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
    flowLogs: z
      .strictObject(
        {
          trafficType: oneOf(FLOW_LOG_TRAFFIC_TYPES).optional(),
          retentionDays: numberIn(LOG_RETENTION_DAYS, "CloudWatch Logs retention periods").optional(),
        },
        { error: "a map with trafficType and retentionDays" },
      )
      .optional(),
  },
  { error: "a map with cidr, azCount, availabilityZones, natGateways and flowLogs" },
);
