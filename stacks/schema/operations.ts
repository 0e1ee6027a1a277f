import { z } from "zod";
import { SUPPORTED_REGIONS } from "../regions";
import { numberIn, wholeNumber } from "./fields";

/*
 * Operations: who is alerted, what the stack may cost, how long logs and backups are kept.
 */

/*
 * SMTP caps an address's local part at 64 octets and its domain at 255, and a path at 256, so an
 * address at 254 (RFC 5321, 4.5.3.1.1-4.5.3.1.3: https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1).
 * AWS Budgets takes at most 10 email subscribers per notification ("A notification can have one SNS
 * subscriber and up to 10 email subscribers": AWS Billing and Cost Management API Reference,
 * NotificationWithSubscribers, https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_NotificationWithSubscribers.html),
 * and the budget notifies the same addresses as the alarms.
 */
const EMAIL_RULE =
  "an email address such as ops@example.com, at most 254 characters with at most 64 before the @ (RFC 5321)";
export const MAX_ALERT_EMAILS = 10;
const EMAILS_RULE = `a list of 1 to ${MAX_ALERT_EMAILS} email addresses (AWS Budgets notifies at most 10 email subscribers)`;
const email = z
  .string({ error: EMAIL_RULE })
  .max(254, { error: EMAIL_RULE })
  .refine((a) => a.lastIndexOf("@") <= 64, { error: EMAIL_RULE })
  .pipe(z.email({ error: EMAIL_RULE }));

const WEBHOOK_RULE = "an https:// URL of the on-call service's webhook";
const webhook = z.url({ error: WEBHOOK_RULE, protocol: /^https$/ });

export const alertsSchema = z.strictObject(
  {
    emails: z.array(email, { error: EMAILS_RULE }).max(MAX_ALERT_EMAILS, { error: EMAILS_RULE }).optional(),
    webhookUrl: webhook.optional(),
  },
  { error: "a map with emails and webhookUrl" },
);

/**
 * AWS Budgets counts cost in US dollars only: any other unit fails with "EUR is not in the supported unit
 * set: [USD]" (InvalidParameterException from CreateBudget; AWS Billing and Cost Management API reference,
 * Budget/Spend Unit, and e.g. awslabs/landing-zone-accelerator-on-aws#682).
 */
export const CURRENCIES = ["USD"] as const;
const CURRENCY_RULE = `"USD": AWS Budgets accepts amounts in US dollars only (state the amount in USD)`;
export type Currency = (typeof CURRENCIES)[number];

export const budgetSchema = z.strictObject(
  {
    monthlyAmount: z
      .number({ error: "a positive amount of money per month, such as 1500" })
      .positive({ error: "a positive amount of money per month, such as 1500" })
      .max(10000000, { error: "a positive amount of money per month, such as 1500" }),
    currency: z.enum(CURRENCIES, { error: CURRENCY_RULE }).optional(),
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
