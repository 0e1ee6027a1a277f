import { resourceRuleCases } from "../harness";

const TOPIC = "aws:sns/topic:Topic";
const open = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sns:Publish" }] });
const scoped = JSON.stringify({
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
    },
  ],
});

describe("policy/rules/sns", () => {
  resourceRuleCases("sns-topic-encrypted", TOPIC, { kmsMasterKeyId: "arn:aws:kms:eu-west-1:1:key/x" }, [
    ["a topic without a key", {}, ["The topic is not encrypted at rest."]],
  ]);
  resourceRuleCases("sns-topic-policy-not-public", TOPIC, { policy: scoped }, [
    [
      "a policy open to anyone",
      { policy: open },
      ["A statement allows anyone to use the topic without a condition."],
    ],
  ]);
  resourceRuleCases("sns-topic-policy-not-public", "aws:sns/topicPolicy:TopicPolicy", { policy: scoped }, [
    [
      "a topic policy resource open to anyone",
      { policy: open },
      ["A statement allows anyone to use the topic without a condition."],
    ],
  ]);
  resourceRuleCases(
    "sns-subscription-encrypted-transport",
    "aws:sns/topicSubscription:TopicSubscription",
    { protocol: "https", endpoint: "https://hooks.example/x" },
    [
      [
        "an http endpoint",
        { protocol: "http" },
        ["The subscription delivers notifications over plain HTTP."],
      ],
    ],
  );
});
