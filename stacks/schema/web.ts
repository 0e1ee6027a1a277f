import { IANAZone } from "luxon";
import { z } from "zod";
import { instanceType, oneOf, wholeNumber } from "./fields";

/** ALB security policies that offer TLS 1.3 and 1.2 only (TLS 1.3-only policies break payment callbacks). */
export const TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
] as const;
export type TlsPolicy = (typeof TLS_POLICIES)[number];

const LOCAL_TIME_RULE = "a local date and time such as 2026-11-27T06:00 (no offset: timeZone says where)";
const localDateTime = z
  .string({ error: LOCAL_TIME_RULE })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { error: LOCAL_TIME_RULE });

const TIME_ZONE_RULE = "an IANA time zone such as Europe/Berlin or America/New_York";
const timeZone = z
  .string({ error: TIME_ZONE_RULE })
  .refine((zone) => IANAZone.isValidZone(zone), { error: TIME_ZONE_RULE });

export const campaignSchema = z.strictObject(
  {
    name: z
      .string({ error: "a short name: lowercase letters, digits and '-'" })
      .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, { error: "a short name: lowercase letters, digits and '-'" }),
    start: localDateTime,
    end: localDateTime,
    timeZone: timeZone.optional(),
    minSize: wholeNumber(1, 500),
    desiredCapacity: wholeNumber(1, 500).optional(),
    maxSize: wholeNumber(1, 500),
  },
  { error: "a campaign: name, start, end, timeZone, minSize, desiredCapacity, maxSize" },
);

export const webSchema = z.strictObject(
  {
    instanceType: instanceType.optional(),
    amiId: z
      .string({ error: "an AMI id such as ami-0123456789abcdef0" })
      .regex(/^ami-[0-9a-f]{8,17}$/, { error: "an AMI id such as ami-0123456789abcdef0" })
      .optional(),
    imageRelease: wholeNumber(1, 100000).optional(),
    rootVolumeGiB: wholeNumber(8, 1024).optional(),
    minSize: wholeNumber(1, 500).optional(),
    maxSize: wholeNumber(1, 500).optional(),
    desiredCapacity: wholeNumber(1, 500).optional(),
    cpuTargetPercent: wholeNumber(10, 90).optional(),
    requestsPerTarget: wholeNumber(10, 100000).optional(),
    healthCheckPath: z
      .string({ error: "an absolute URL path such as /health_check.php" })
      .regex(/^\/[^\s?#]*$/, { error: "an absolute URL path such as /health_check.php" })
      .optional(),
    healthCheckGraceSeconds: wholeNumber(0, 3600).optional(),
    deregistrationDelaySeconds: wholeNumber(0, 3600).optional(),
    idleTimeoutSeconds: wholeNumber(1, 4000).optional(),
    tlsPolicy: oneOf(TLS_POLICIES).optional(),
    refreshMinHealthyPercent: wholeNumber(0, 100).optional(),
    spot: z
      .strictObject(
        {
          enabled: z.boolean({ error: "true or false" }),
          instanceTypes: z
            .array(instanceType, { error: "a list of instance types" })
            .min(1, { error: "a list of one or more instance types" })
            .optional(),
          onDemandBaseCapacity: wholeNumber(0, 500).optional(),
        },
        { error: "a map with enabled, instanceTypes and onDemandBaseCapacity" },
      )
      .optional(),
    campaignLeadMinutes: wholeNumber(0, 1440).optional(),
    campaignTimeZone: timeZone.optional(),
    campaigns: z.array(campaignSchema, { error: "a list of campaigns" }).optional(),
  },
  { error: "a map of web tier settings" },
);

export type CampaignConfig = z.infer<typeof campaignSchema>;
