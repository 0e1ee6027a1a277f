import { resourceRuleCases } from "../../harness";

const ROLE = "azure-native:authorization:RoleDefinition";
const ACCOUNT =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acmeprodmedia1a2b3c";

/** The media share's snapshot role, as the kit defines it. */
const snapshots = {
  roleName: "Storefront share snapshots (acmeprodmedia1a2b3c)",
  scope: ACCOUNT,
  assignableScopes: [ACCOUNT],
  permissions: [
    {
      actions: [
        "Microsoft.Storage/storageAccounts/fileServices/shares/read",
        "Microsoft.Storage/storageAccounts/fileServices/shares/write",
        "Microsoft.Storage/storageAccounts/fileServices/shares/delete",
      ],
      notActions: [],
    },
  ],
};

describe("policy/rules/azure/authorization", () => {
  resourceRuleCases("custom-role-narrow", ROLE, snapshots, [
    [
      "every action",
      { ...snapshots, permissions: [{ actions: ["*"] }] },
      ["The role allows every action (*), as Owner does."],
    ],
    [
      "the right to write role assignments",
      {
        ...snapshots,
        permissions: [{ actions: ["Microsoft.Authorization/roleAssignments/write"] }],
      },
      ["The role can change role assignments or definitions."],
    ],
    [
      "every authorization action",
      { ...snapshots, permissions: [{ actions: ["Microsoft.Authorization/*"] }] },
      ["The role can change role assignments or definitions."],
    ],
    [
      "nothing for reading role assignments",
      { ...snapshots, permissions: [{ actions: ["Microsoft.Authorization/roleAssignments/read"] }] },
      [],
    ],
    [
      "assignable to the whole subscription",
      { ...snapshots, assignableScopes: ["/subscriptions/s"] },
      ["The role is assignable to a whole subscription or management group."],
    ],
    [
      "assignable to a management group",
      { ...snapshots, assignableScopes: ["/providers/Microsoft.Management/managementGroups/shops"] },
      ["The role is assignable to a whole subscription or management group."],
    ],
    [
      "no assignable scope at all",
      { ...snapshots, assignableScopes: undefined },
      ["The role is assignable to a whole subscription or management group."],
    ],
  ]);
});
