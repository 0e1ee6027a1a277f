import { resourceRuleCases } from "../harness";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

describe("policy/rules/cloudwatch", () => {
  resourceRuleCases("log-group-retention", LOG_GROUP, { retentionInDays: 400 }, [
    ["no retention (forever)", {}, ["The log group keeps events forever."]],
    ["retention 0 (forever)", { retentionInDays: 0 }, ["The log group keeps events forever."]],
    ["two weeks", { retentionInDays: 14 }, ["Events are kept 14 day(s); at least 365 required."]],
  ]);
  resourceRuleCases(
    "log-group-retention",
    LOG_GROUP,
    { retentionInDays: 30 },
    [
      [
        "a week under a 30-day minimum",
        { retentionInDays: 7 },
        ["Events are kept 7 day(s); at least 30 required."],
      ],
    ],
    { minimumDays: 30 },
  );
  resourceRuleCases("log-group-cmk", LOG_GROUP, { kmsKeyId: "arn:aws:kms:eu-west-1:1:key/x" }, [
    [
      "no key",
      { retentionInDays: 30 },
      ["The log group is encrypted with the service's key, not one of yours."],
    ],
  ]);
  resourceRuleCases(
    "alarm-has-actions",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    { alarmActions: ["arn:aws:sns:eu-west-1:1:alarms"] },
    [
      ["no action", { alarmActions: [] }, ["The alarm has no action: nobody hears of it."]],
      [
        "actions turned off",
        { alarmActions: ["arn:aws:sns:eu-west-1:1:alarms"], actionsEnabled: false },
        ["The alarm has no action: nobody hears of it."],
      ],
    ],
  );
  resourceRuleCases(
    "firehose-encrypted",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    { destination: "extended_s3", serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } },
    [
      [
        "no encryption",
        { destination: "extended_s3" },
        ["The delivery stream does not encrypt records at rest."],
      ],
      [
        "nothing for a stream reading a Kinesis stream",
        { kinesisSourceConfiguration: { kinesisStreamArn: "x" } },
        [],
      ],
    ],
  );

  const LRP = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";
  const doc = (statement: Record<string, unknown>) => ({
    policyDocument: JSON.stringify({ Statement: [statement] }),
  });
  const GRANT = {
    Effect: "Allow",
    Principal: { Service: "es.amazonaws.com" },
    Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
    Resource: ["arn:aws:logs:eu-west-1:111122223333:log-group:search-app:*"],
    Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
  };
  resourceRuleCases("log-resource-policy-scoped", LRP, doc(GRANT), [
    [
      "a service grant without a source condition",
      doc({ ...GRANT, Condition: undefined }),
      ["A statement grants a service without an aws:SourceAccount or aws:SourceArn condition."],
    ],
    [
      "a grant to everyone",
      doc({ ...GRANT, Principal: "*", Condition: undefined }),
      ["A statement grants everyone (`*`)."],
    ],
    [
      "a grant on every log group",
      doc({ ...GRANT, Resource: "arn:aws:logs:eu-west-1:111122223333:log-group:*" }),
      ["A statement grants every log group of the account."],
    ],
  ]);
});
