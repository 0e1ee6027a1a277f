import { patch, resourceRuleCases, stackRuleCases } from "../harness";

describe("policy/rules/operations", () => {
  resourceRuleCases(
    "backup-vault-cmk",
    "aws:backup/vault:Vault",
    { kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/x" },
    [["the AWS-managed key", {}, ["The vault uses the AWS-managed backup key."]]],
  );
  const encrypted = {
    configuration: {
      enforceWorkgroupConfiguration: true,
      resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_S3" } },
    },
  };
  resourceRuleCases("athena-workgroup-encrypted", "aws:athena/workgroup:Workgroup", encrypted, [
    [
      "unencrypted results",
      { configuration: { resultConfiguration: {} } },
      ["Query results are not encrypted."],
    ],
    [
      "settings clients may override",
      { configuration: { ...encrypted.configuration, enforceWorkgroupConfiguration: false } },
      ["Clients may override the workgroup's result encryption."],
    ],
  ]);

  const BUDGET = "aws:budgets/budget:Budget";
  const notice = (threshold: number, extra: Record<string, unknown> = {}) => ({
    comparisonOperator: "GREATER_THAN",
    notificationType: "FORECASTED",
    threshold,
    thresholdType: "PERCENTAGE",
    subscriberEmailAddresses: ["ops@shop.example"],
    ...extra,
  });
  resourceRuleCases("budget-notifies", BUDGET, { limitAmount: "4900.00", notifications: [notice(100)] }, [
    [
      "a budget without notifications",
      { limitAmount: "4900.00" },
      ["No notification reaches anyone before the limit is spent."],
    ],
    [
      "a notification nobody receives",
      { limitAmount: "4900.00", notifications: [notice(80, { subscriberEmailAddresses: [] })] },
      ["No notification reaches anyone before the limit is spent."],
    ],
    [
      "a notification only past the limit",
      {
        limitAmount: "4900.00",
        notifications: [notice(150), notice(6000, { thresholdType: "ABSOLUTE_VALUE" })],
      },
      ["No notification reaches anyone before the limit is spent."],
    ],
  ]);

  const PLAN = "aws:backup/plan:Plan";
  const rule = (deleteAfter?: number, copyDays?: number) => ({
    ruleName: "daily",
    targetVaultName: "vault",
    schedule: "cron(0 3 * * ? *)",
    ...(deleteAfter ? { lifecycle: { deleteAfter } } : {}),
    copyActions: copyDays
      ? [
          {
            destinationVaultArn: "arn:aws:backup:eu-central-1:1:backup-vault:dr",
            lifecycle: { deleteAfter: copyDays },
          },
        ]
      : [],
  });
  resourceRuleCases("backup-plan-retention", PLAN, { rules: [rule(35, 35), rule()] }, [
    [
      "recovery points kept 3 days",
      { rules: [rule(3)] },
      ["Rules keeping recovery points under 7 days: daily."],
    ],
    ["copies kept 1 day", { rules: [rule(35, 1)] }, ["Rules keeping recovery points under 7 days: daily."]],
  ]);

  const WORKGROUP = "aws:athena/workgroup:Workgroup";
  const QUERY = "aws:athena/namedQuery:NamedQuery";
  stackRuleCases(
    "athena-query-in-stack-workgroup",
    [
      { type: WORKGROUP, name: "wg", props: { name: "shop-logs" } },
      { type: QUERY, name: "by-output", props: { workgroup: "shop-logs-x" }, deps: { workgroup: ["wg"] } },
      { type: QUERY, name: "by-name", props: { workgroup: "shop-logs" } },
    ],
    [
      [
        "a query in the primary workgroup",
        patch("by-name", { workgroup: undefined }),
        ["by-name: The query runs in primary, not a workgroup of the stack."],
      ],
      [
        "a query in a workgroup of another stack",
        patch("by-name", { workgroup: "other" }),
        ["by-name: The query runs in other, not a workgroup of the stack."],
      ],
    ],
  );

  const BUCKET = "aws:s3/bucket:Bucket";
  const TABLE = "aws:glue/catalogTable:CatalogTable";
  const DATABASE = "aws:glue/catalogDatabase:CatalogDatabase";
  stackRuleCases(
    "glue-table-in-stack-bucket",
    [
      { type: BUCKET, name: "logs", props: { bucket: "shop-logs-1" } },
      { type: DATABASE, name: "db", props: { name: "shop_logs" } },
      {
        type: TABLE,
        name: "alb",
        props: {
          storageDescriptor: { location: "s3://shop-logs-1/alb" },
          parameters: { "storage.location.template": "s3://shop-logs-1/alb/${day}" },
        },
      },
    ],
    [
      [
        "a table over someone else's bucket",
        patch("alb", { storageDescriptor: { location: "s3://elsewhere/alb" } }),
        ["alb: Reads from a bucket the stack does not hold: elsewhere."],
      ],
      [
        "a projection template over someone else's bucket",
        patch("alb", { parameters: { "storage.location.template": "s3://elsewhere/alb/${day}" } }),
        ["alb: Reads from a bucket the stack does not hold: elsewhere."],
      ],
      [
        "a database located in someone else's bucket",
        patch("db", { locationUri: "s3://elsewhere/" }),
        ["db: Reads from a bucket the stack does not hold: elsewhere."],
      ],
    ],
  );
});
