import { expect } from "chai";
import { checkStack, Node, patch, resourceRuleCases, rewire, stackRuleCases } from "../../harness";

const VAULT = "azure-native:keyvault:Vault";
const KEY = "azure-native:keyvault:Key";
const SECRET = "azure-native:keyvault:Secret";
const ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const VMSS = "azure-native:compute:VirtualMachineScaleSet";
const GATEWAY = "azure-native:network:ApplicationGateway";

const vault = {
  properties: {
    tenantId: "t",
    sku: { family: "A", name: "standard" },
    enableRbacAuthorization: true,
    enablePurgeProtection: true,
    softDeleteRetentionInDays: 90,
    publicNetworkAccess: "Disabled",
  },
};
const withProps = (p: Record<string, unknown>) => ({ properties: { ...vault.properties, ...p } });

const role = (guid: string) => `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const SECRETS_USER = role("4633458b-17de-408a-b874-0445c86b69e6");

describe("policy/rules/azure/key-vault", () => {
  resourceRuleCases("keyvault-recoverable-rbac-private", VAULT, vault, [
    [
      "no purge protection",
      withProps({ enablePurgeProtection: undefined }),
      ["Deleted or purged secrets cannot be recovered (soft delete or purge protection off)."],
    ],
    [
      "soft delete off",
      withProps({ enableSoftDelete: false }),
      ["Deleted or purged secrets cannot be recovered (soft delete or purge protection off)."],
    ],
    [
      "access policies",
      withProps({ enableRbacAuthorization: false }),
      ["The vault authorizes with access policies instead of Azure RBAC."],
    ],
    [
      "public access",
      withProps({ publicNetworkAccess: "Enabled" }),
      ["The vault is open to public networks."],
    ],
    [
      "nothing for a firewall that denies by default",
      withProps({ publicNetworkAccess: undefined, networkAcls: { defaultAction: "deny" } }),
      [],
    ],
  ]);

  const key = {
    properties: {
      kty: "RSA",
      rotationPolicy: {
        attributes: { expiryTime: "P1Y" },
        lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeBeforeExpiry: "P30D" } }],
      },
    },
  };
  // A MySQL server's customer-managed key rotates without expiring (MySQL refuses an expiration date).
  const mysqlKey = {
    properties: {
      kty: "RSA",
      keySize: 3072,
      rotationPolicy: {
        lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P1Y" } }],
      },
    },
  };
  const keys: Node[] = [
    { type: KEY, name: "key", props: key },
    { type: KEY, name: "db-key", props: mysqlKey },
    {
      type: "azure-native:dbformysql:Server",
      name: "db",
      props: { dataEncryption: { type: "AzureKeyVault", primaryKeyURI: "https://kv/keys/db-key" } },
      deps: { dataEncryption: ["db-key"] },
    },
  ];
  stackRuleCases("keyvault-key-rotation", keys, [
    [
      "no rotation policy",
      patch("key", { properties: { kty: "RSA" } }),
      ["key: The key is never rotated automatically."],
    ],
    [
      "only a notification",
      patch("key", {
        properties: {
          rotationPolicy: {
            attributes: { expiryTime: "P1Y" },
            lifetimeActions: [{ action: { type: "notify" } }],
          },
        },
      }),
      ["key: The key is never rotated automatically."],
    ],
    [
      "rotation without expiry",
      patch("key", {
        properties: {
          rotationPolicy: {
            lifetimeActions: [{ action: { type: "Rotate" }, trigger: { timeAfterCreate: "P90D" } }],
          },
        },
      }),
      ["key: The key never expires."],
    ],
    [
      "a non-expiring key no MySQL server uses",
      rewire("db", "dataEncryption", []),
      ["db-key: The key never expires."],
    ],
    [
      "a MySQL key that is never rotated",
      patch("db-key", { properties: { kty: "RSA", keySize: 3072 } }),
      ["db-key: The key is never rotated automatically."],
    ],
  ]);

  resourceRuleCases(
    "keyvault-secret-expiry",
    SECRET,
    { properties: { value: "Sup3rS3cret", attributes: { expires: 1893456000 } } },
    [
      [
        "a secret that never expires",
        { properties: { value: "Sup3rS3cret" } },
        ["The secret never expires."],
      ],
    ],
  );

  const readers: Node[] = [
    { type: VAULT, name: "kv", props: vault },
    { type: IDENTITY, name: "web-id", props: { principalId: "p-web" } },
    { type: IDENTITY, name: "gw-id", props: { principalId: "p-gw" } },
    { type: IDENTITY, name: "ops-id", props: { principalId: "p-ops" } },
    { type: VMSS, name: "web", deps: { identity: ["web-id"] } },
    { type: GATEWAY, name: "gw", deps: { identity: ["gw-id"] } },
    {
      type: ASSIGNMENT,
      name: "web-reads",
      props: { roleDefinitionId: SECRETS_USER },
      deps: { scope: ["kv"], principalId: ["web-id"] },
    },
    {
      type: ASSIGNMENT,
      name: "gw-reads",
      props: { roleDefinitionId: SECRETS_USER },
      deps: { scope: ["kv"], principalId: ["gw-id"] },
    },
  ];
  stackRuleCases("keyvault-secrets-read-by-workloads", readers, [
    [
      "another identity reading secrets",
      rewire("gw-reads", "principalId", ["ops-id"]),
      ["gw-reads: Key Vault Secrets User is granted to a principal that is not a workload's identity."],
    ],
    [
      "an administrator role for a literal principal",
      (nodes) =>
        rewire(
          "web-reads",
          "principalId",
          [],
        )(
          patch("web-reads", {
            roleDefinitionId: role("00482a5a-887f-4fb3-b363-3b7fe8e74483"),
            principalId: "00000000-user",
          })(nodes),
        ),
      ["web-reads: Key Vault Administrator is granted to a principal that is not a workload's identity."],
    ],
  ]);
  it("keyvault-secrets-read-by-workloads leaves other roles and scopes alone, and knows a literal principal id", () => {
    const reader = (props: Record<string, unknown>, deps: Record<string, string[]>): Node => ({
      type: ASSIGNMENT,
      name: "other",
      props,
      deps,
    });
    // Key Vault Crypto Service Encryption User: keys, not secrets.
    const crypto = reader(
      { roleDefinitionId: role("e147488a-f6f5-4113-8e2d-b22465e65bf6") },
      { scope: ["kv"], principalId: ["ops-id"] },
    );
    expect(checkStack("keyvault-secrets-read-by-workloads", [...readers, crypto])).to.deep.equal([]);
    const literal = reader(
      {
        roleDefinitionId: SECRETS_USER,
        principalId: "p-web",
        scope: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
      },
      {},
    );
    expect(checkStack("keyvault-secrets-read-by-workloads", [...readers, literal])).to.deep.equal([]);
  });
});
