import { expect } from "chai";
import { checkResource, resourceRuleCases } from "../../harness";

const GROUP = "azure-native:resources:ResourceGroup";
const ASSIGNMENT = "azure-native:authorization:RoleAssignment";

const tags = {
  client: "northwind",
  environment: "prod",
  "managed-by": "pulumi",
  "pulumi-stack": "azure-prod",
};
const role = (guid: string) => `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

describe("policy/rules/azure/resources", () => {
  resourceRuleCases("azure-resources-tagged", GROUP, { location: "westeurope", tags }, [
    ["no tags", { location: "westeurope" }, ["Tags missing: client, environment, managed-by."]],
    [
      "a missing managed-by tag",
      { tags: { client: "northwind", environment: "prod" } },
      ["Tags missing: managed-by."],
    ],
    [
      "nothing for tag names in another case",
      { tags: { Client: "n", Environment: "prod", "Managed-By": "pulumi" } },
      [],
    ],
  ]);
  resourceRuleCases(
    "azure-resources-tagged",
    GROUP,
    { tags: { ...tags, owner: "ops" } },
    [["a configured tag missing", { tags }, ["Tags missing: owner."]]],
    { requiredTags: ["client", "owner"] },
  );
  it("azure-resources-tagged skips types without a tags map", () => {
    expect(checkResource("azure-resources-tagged", "azure-native:network:Subnet", {})).to.deep.equal([]);
  });

  resourceRuleCases(
    "role-assignment-least-privilege",
    ASSIGNMENT,
    { roleDefinitionId: role("4633458b-17de-408a-b874-0445c86b69e6") },
    [
      [
        "Owner",
        { roleDefinitionId: role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635") },
        ["The assignment grants Owner."],
      ],
      [
        "Contributor in upper case",
        { roleDefinitionId: role("B24988AC-6180-42A0-AB88-20F7382DD24C") },
        ["The assignment grants Contributor."],
      ],
      [
        "User Access Administrator",
        { roleDefinitionId: role("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9") },
        ["The assignment grants User Access Administrator."],
      ],
    ],
  );
});
