import { expect } from "chai";
import { checkResource, resourceRuleCases } from "../harness";

const DOMAIN = "aws:opensearch/domain:Domain";

const GOOD_DOMAIN = {
  encryptAtRest: { enabled: true },
  nodeToNodeEncryption: { enabled: true },
  domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
  vpcOptions: { subnetIds: ["subnet-a"], securityGroupIds: ["sg-1"] },
  advancedSecurityOptions: { enabled: true },
  accessPolicies: JSON.stringify({
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "es:ESHttp*" }],
  }),
  logPublishingOptions: [{ logType: "ES_APPLICATION_LOGS" }, { logType: "AUDIT_LOGS" }],
};

describe("policy/rules/opensearch", () => {
  resourceRuleCases("opensearch-encryption-at-rest", DOMAIN, GOOD_DOMAIN, [
    [
      "no encryption at rest",
      { ...GOOD_DOMAIN, encryptAtRest: { enabled: false } },
      ["Data at rest is not encrypted."],
    ],
  ]);
  resourceRuleCases("opensearch-node-to-node-encryption", "aws:elasticsearch/domain:Domain", GOOD_DOMAIN, [
    [
      "plain node traffic",
      { ...GOOD_DOMAIN, nodeToNodeEncryption: undefined },
      ["Traffic between nodes is not encrypted."],
    ],
  ]);
  resourceRuleCases("opensearch-https-tls12", DOMAIN, GOOD_DOMAIN, [
    [
      "HTTPS not enforced",
      { ...GOOD_DOMAIN, domainEndpointOptions: { enforceHttps: false } },
      ["HTTPS is not enforced."],
    ],
    [
      "TLS 1.0 allowed",
      {
        ...GOOD_DOMAIN,
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" },
      },
      ["The TLS policy allows versions below 1.2."],
    ],
  ]);
  resourceRuleCases("opensearch-in-vpc", DOMAIN, GOOD_DOMAIN, [
    ["a public endpoint", { ...GOOD_DOMAIN, vpcOptions: undefined }, ["The domain has a public endpoint."]],
  ]);
  resourceRuleCases("opensearch-fine-grained-access", DOMAIN, GOOD_DOMAIN, [
    [
      "no fine-grained access control",
      { ...GOOD_DOMAIN, advancedSecurityOptions: { enabled: false } },
      ["Fine-grained access control is off."],
    ],
  ]);
  resourceRuleCases("opensearch-access-policy-no-anonymous", DOMAIN, GOOD_DOMAIN, [
    [
      "an open policy on a public domain",
      { ...GOOD_DOMAIN, vpcOptions: undefined },
      ["The access policy lets anyone in, with no condition."],
    ],
  ]);
  it("opensearch-access-policy-no-anonymous accepts an IP condition on a public domain", () => {
    const conditioned = JSON.stringify({
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "es:*",
          Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } },
        },
      ],
    });
    expect(
      checkResource("opensearch-access-policy-no-anonymous", DOMAIN, {
        ...GOOD_DOMAIN,
        vpcOptions: undefined,
        accessPolicies: conditioned,
      }),
    ).to.deep.equal([]);
  });
  resourceRuleCases("opensearch-logging", DOMAIN, GOOD_DOMAIN, [
    [
      "no audit logs under FGAC",
      { ...GOOD_DOMAIN, logPublishingOptions: [{ logType: "ES_APPLICATION_LOGS" }] },
      ["Logs not published: AUDIT_LOGS."],
    ],
  ]);

  const ha = {
    ...GOOD_DOMAIN,
    encryptAtRest: { enabled: true, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/x" },
    clusterConfig: {
      instanceCount: 3,
      zoneAwarenessEnabled: true,
      dedicatedMasterEnabled: true,
      dedicatedMasterCount: 3,
    },
  };
  resourceRuleCases("opensearch-cmk", DOMAIN, ha, [
    [
      "the AWS-managed key",
      { ...ha, encryptAtRest: { enabled: true } },
      ["Data at rest is encrypted with the AWS-managed key."],
    ],
  ]);
  resourceRuleCases("opensearch-ha", DOMAIN, ha, [
    [
      "no zone awareness",
      { ...ha, clusterConfig: { ...ha.clusterConfig, zoneAwarenessEnabled: false } },
      ["The data nodes are not spread over zones."],
    ],
    [
      "no dedicated masters",
      { ...ha, clusterConfig: { ...ha.clusterConfig, dedicatedMasterEnabled: false } },
      ["The domain has no three dedicated master nodes: a node loss can stall the cluster."],
    ],
    ["nothing for a single-node domain", { ...ha, clusterConfig: { instanceCount: 1 } }, []],
  ]);
});
