import { z } from "zod";
import { SUPPORTED_REGIONS } from "../regions";
import { numberIn, wholeNumber } from "./fields";

/*
 * Operations: who is alerted, what the stack may cost, how long logs and backups are kept.
 */

const EMAIL_RULE = "an email address such as ops@example.com";
const email = z.email({ error: EMAIL_RULE });

const WEBHOOK_RULE = "an https:// URL of the on-call service's webhook";
const webhook = z.url({ error: WEBHOOK_RULE, protocol: /^https$/ });

export const alertsSchema = z.strictObject(
  {
    emails: z.array(email, { error: "a list of email addresses" }).optional(),
    webhookUrl: webhook.optional(),
  },
  { error: "a map with emails and webhookUrl" },
);

export const CURRENCIES = ["USD", "EUR", "GBP", "JPY", "AUD", "CAD", "CHF"] as const;

export const budgetSchema = z.strictObject(
  {
    monthlyAmount: z
      .number({ error: "a positive amount of money per month, such as 1500" })
      .positive({ error: "a positive amount of money per month, such as 1500" })
      .max(10000000, { error: "a positive amount of money per month, such as 1500" }),
    currency: z.enum(CURRENCIES, { error: `one of: ${CURRENCIES.join(", ")}` }).optional(),
  },
  { error: "a map with monthlyAmount and currency" },
);

export const logsSchema = z.strictObject(
  {
    infrequentAccessDays: wholeNumber(30, 3650).optional(),
    glacierDays: wholeNumber(60, 3650).optional(),
    expireDays: wholeNumber(1, 3650).optional(),
  },
  { error: "a map with infrequentAccessDays, glacierDays and expireDays" },
);

export const backupsSchema = z.strictObject(
  {
    dailyRetentionDays: wholeNumber(1, 35).optional(),
    weeklyRetentionDays: numberIn(
      [0, 28, 35, 42, 56, 90, 180],
      "weekly retention periods in days (0 turns weekly off)",
    ).optional(),
    monthlyRetentionDays: numberIn(
      [0, 90, 180, 365, 730, 1095, 2555],
      "monthly retention periods in days (0 turns monthly off)",
    ).optional(),
    copyToRegion: z
      .string({ error: "an AWS region code such as eu-central-1" })
      .refine((r) => SUPPORTED_REGIONS.includes(r), {
        error: "an AWS region of the commercial partition, such as eu-central-1",
      })
      .optional(),
  },
  { error: "a map with dailyRetentionDays, weeklyRetentionDays, monthlyRetentionDays and copyToRegion" },
);
