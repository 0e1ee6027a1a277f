import { z } from "zod";
import { oneOf, wholeNumber } from "./fields";

/*
 * The data tier: Aurora MySQL, the session cache and OpenSearch. Engine versions are checked against the
 * version families the kit is built and tested for, so a typo fails here rather than halfway through an
 * update.
 */

const AURORA_VERSION_RULE = "an Aurora MySQL 8.0 version such as 8.0.mysql_aurora.3.08.2";
const INSTANCE_CLASS_RULE = "an RDS instance class such as db.r7g.large or db.t4g.medium";
const WINDOW_RULE = "a UTC window hh:mm-hh:mm such as 02:00-03:00";
const WEEKLY_WINDOW_RULE = "a weekly UTC window ddd:hh:mm-ddd:hh:mm such as sun:03:30-sun:04:30";

const window = z.string({ error: WINDOW_RULE }).regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
  error: WINDOW_RULE,
});
const weeklyWindow = z
  .string({ error: WEEKLY_WINDOW_RULE })
  .regex(
    /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/,
    {
      error: WEEKLY_WINDOW_RULE,
    },
  );

const ACU_RULE = "Aurora capacity units from 0 to 256, in steps of 0.5";
const acu = z
  .number({ error: ACU_RULE })
  .min(0, { error: ACU_RULE })
  .max(256, { error: ACU_RULE })
  .refine((n) => Number.isInteger(n * 2), { error: ACU_RULE });

export const databaseSchema = z.strictObject(
  {
    engineVersion: z
      .string({ error: AURORA_VERSION_RULE })
      .regex(/^8\.0\.mysql_aurora\.3\.\d{2}\.\d+$/, { error: AURORA_VERSION_RULE })
      .optional(),
    instanceClass: z
      .string({ error: INSTANCE_CLASS_RULE })
      .regex(/^db\.[a-z]+\d+[a-z]*\.(micro|small|medium|large|\d*xlarge)$/, { error: INSTANCE_CLASS_RULE })
      .optional(),
    serverless: z
      .strictObject(
        { minCapacity: acu, maxCapacity: acu },
        { error: "a map with minCapacity and maxCapacity" },
      )
      .optional(),
    readers: wholeNumber(0, 15).optional(),
    readerAutoScaling: z
      .strictObject(
        { maxReaders: wholeNumber(1, 15), cpuTargetPercent: wholeNumber(10, 90).optional() },
        { error: "a map with maxReaders and cpuTargetPercent" },
      )
      .optional(),
    backupRetentionDays: wholeNumber(1, 35).optional(),
    backupWindow: window.optional(),
    maintenanceWindow: weeklyWindow.optional(),
  },
  { error: "a map of database settings" },
);

export const CACHE_ENGINES = ["redis", "valkey"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];
const CACHE_NODE_RULE = "an ElastiCache node type such as cache.t4g.small or cache.r7g.large";

export const cacheSchema = z.strictObject(
  {
    engine: oneOf(CACHE_ENGINES).optional(),
    engineVersion: z
      .string({ error: "a major.minor engine version: Redis 7.0 or 7.1, Valkey 7.2, 8.0 or 8.1" })
      .regex(/^(7\.[0-2]|8\.[01])$/, {
        error: "a major.minor engine version: Redis 7.0 or 7.1, Valkey 7.2, 8.0 or 8.1",
      })
      .optional(),
    nodeType: z
      .string({ error: CACHE_NODE_RULE })
      .regex(/^cache\.[a-z]+\d+[a-z]*\.(micro|small|medium|large|\d*xlarge)$/, { error: CACHE_NODE_RULE })
      .optional(),
    replicas: wholeNumber(0, 5).optional(),
    snapshotRetentionDays: wholeNumber(0, 35).optional(),
    maintenanceWindow: weeklyWindow.optional(),
  },
  { error: "a map of session cache settings" },
);

const SEARCH_VERSION_RULE = "an OpenSearch version such as OpenSearch_2.19";
const SEARCH_TYPE_RULE = "an OpenSearch instance type such as r7g.large.search or t3.medium.search";

export const searchSchema = z.strictObject(
  {
    enabled: z.boolean({ error: "true or false" }).optional(),
    engineVersion: z
      .string({ error: SEARCH_VERSION_RULE })
      .regex(/^OpenSearch_[23]\.\d+$/, { error: SEARCH_VERSION_RULE })
      .optional(),
    instanceType: z
      .string({ error: SEARCH_TYPE_RULE })
      .regex(/^[a-z]+\d+[a-z]*\.(micro|small|medium|large|\d*xlarge)\.search$/, { error: SEARCH_TYPE_RULE })
      .optional(),
    instanceCount: wholeNumber(1, 20).optional(),
    volumeGiB: wholeNumber(10, 3584).optional(),
    // The account's OpenSearch service-linked role: one per account, so only one stack may create it.
    createServiceLinkedRole: z.boolean({ error: "true or false" }).optional(),
    dedicatedMasters: z
      .strictObject(
        {
          enabled: z.boolean({ error: "true or false" }),
          instanceType: z
            .string({ error: SEARCH_TYPE_RULE })
            .regex(/^[a-z]+\d+[a-z]*\.(micro|small|medium|large|\d*xlarge)\.search$/, {
              error: SEARCH_TYPE_RULE,
            })
            .optional(),
        },
        { error: "a map with enabled and instanceType" },
      )
      .optional(),
  },
  { error: "a map of search settings" },
);
