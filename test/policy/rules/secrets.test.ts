import { expect } from "chai";
import { checkStack } from "../harness";

describe("policy/rules/secrets", () => {
  const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
  it("no-plaintext-secrets: passes tokens and passwords that come from generated secrets", () => {
    expect(
      checkStack("no-plaintext-secrets", [
        { type: "random:index/randomPassword:RandomPassword", name: "token" },
        { type: RG, name: "cache", props: { authToken: "x" }, deps: { authToken: ["token"] } },
        {
          type: "aws:opensearch/domain:Domain",
          name: "search",
          props: { advancedSecurityOptions: { masterUserOptions: { masterUserPassword: "y" } } },
          deps: { advancedSecurityOptions: ["token"] },
        },
      ]),
    ).to.deep.equal([]);
  });
  it("no-plaintext-secrets: accepts user data that reads a secret by its ARN at boot", () => {
    const userData = Buffer.from(
      "#!/bin/bash\naws secretsmanager get-secret-value --secret-id " +
        "'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-4e26-AbCdEf'\n",
    ).toString("base64");
    expect(
      checkStack("no-plaintext-secrets", [
        { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", props: { userData } },
      ]),
    ).to.deep.equal([]);
  });
  it("no-plaintext-secrets: flags a literal token and credentials in user data, without echoing them", () => {
    const userData = Buffer.from("#!/bin/bash\nexport DB_PASSWORD=Sup3rS3cret!\n").toString("base64");
    const violations = checkStack("no-plaintext-secrets", [
      { type: RG, name: "cache", props: { authToken: "literal-token-value" } },
      { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", props: { userData } },
    ]);
    expect(violations).to.deep.equal([
      "cache: authToken is a literal or comes from an unknown source, not a generated secret.",
      "lt: The user data contains something that looks like a credential.",
    ]);
    expect(violations.join()).not.to.match(/literal-token-value|Sup3rS3cret/);
  });
});
