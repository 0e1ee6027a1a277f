import { Node, patch, resourceRuleCases, stackRuleCases } from "../../harness";

const ACCOUNT = "azure-native:storage:StorageAccount";
const SHARE = "azure-native:storage:FileShare";
const FILE_SERVICE = "azure-native:storage:FileServiceProperties";

const media = {
  kind: "FileStorage",
  sku: { name: "Premium_ZRS" },
  publicNetworkAccess: "Disabled",
  enableHttpsTrafficOnly: false,
  minimumTlsVersion: "TLS1_2",
  allowSharedKeyAccess: false,
  allowBlobPublicAccess: false,
};
const logSink = {
  kind: "StorageV2",
  sku: { name: "Standard_ZRS" },
  minimumTlsVersion: "TLS1_2",
  networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" },
  allowSharedKeyAccess: false,
};

describe("policy/rules/azure/storage", () => {
  resourceRuleCases("storage-secure-transfer-tls12", ACCOUNT, media, [
    [
      "plain transfer on an account open to networks",
      { ...media, publicNetworkAccess: "Enabled" },
      ["The account accepts unencrypted HTTP and SMB."],
    ],
    [
      "no minimum TLS version",
      { ...logSink, minimumTlsVersion: undefined },
      ["The account does not require TLS 1.2 (minimumTlsVersion is not TLS1_2)."],
    ],
    [
      "TLS 1.0",
      { ...logSink, minimumTlsVersion: "TLS1_0" },
      ["The account does not require TLS 1.2 (minimumTlsVersion is not TLS1_2)."],
    ],
  ]);

  resourceRuleCases("storage-private-only", ACCOUNT, media, [
    [
      "a public endpoint left open",
      { ...media, publicNetworkAccess: "Enabled" },
      ["The account's public endpoint admits every network."],
    ],
    ["nothing for a firewall denying by default (a log sink)", logSink, []],
    [
      "a firewall admitting an address range",
      {
        ...logSink,
        networkRuleSet: { defaultAction: "Deny", ipRules: [{ iPAddressOrRange: "203.0.113.0/24" }] },
      },
      ["The account's firewall admits public address ranges."],
    ],
    [
      "a firewall allowing by default",
      { ...logSink, networkRuleSet: { defaultAction: "Allow" } },
      ["The account's public endpoint admits every network."],
    ],
  ]);

  resourceRuleCases("storage-no-shared-key-no-anonymous", ACCOUNT, media, [
    [
      "shared keys at their default",
      { ...media, allowSharedKeyAccess: undefined },
      ["Shared-key (account key and SAS) authorization is allowed."],
    ],
    [
      "anonymous blobs",
      { ...media, allowBlobPublicAccess: true },
      ["Containers may be opened to anonymous reads."],
    ],
    [
      "cross-tenant replication",
      { ...media, allowCrossTenantReplication: true },
      ["Objects may replicate to other tenants."],
    ],
  ]);

  const shareGraph: Node[] = [
    { type: ACCOUNT, name: "media", props: media },
    {
      type: SHARE,
      name: "wp-content",
      props: { enabledProtocols: "NFS", rootSquash: "RootSquash" },
      deps: { accountName: ["media"] },
    },
  ];
  stackRuleCases("nfs-share-root-squash-zrs", shareGraph, [
    [
      "no root squash",
      patch("wp-content", { rootSquash: undefined }),
      ["wp-content: Clients' root users act as root on the share."],
    ],
    [
      "an LRS account",
      patch("media", { sku: { name: "Premium_LRS" } }),
      ["media: The NFS share's account is not zone-redundant premium storage (Premium_ZRS)."],
    ],
    ["nothing for an SMB share", patch("wp-content", { enabledProtocols: "SMB", rootSquash: undefined }), []],
  ]);

  resourceRuleCases(
    "file-share-soft-delete",
    FILE_SERVICE,
    { fileServicesName: "default", shareDeleteRetentionPolicy: { enabled: true, days: 14 } },
    [
      [
        "soft delete off",
        { fileServicesName: "default", shareDeleteRetentionPolicy: { enabled: false } },
        ["Deleted file shares cannot be recovered (share soft delete off)."],
      ],
      [
        "no retention policy",
        { fileServicesName: "default" },
        ["Deleted file shares cannot be recovered (share soft delete off)."],
      ],
      [
        "a retention of three days",
        { fileServicesName: "default", shareDeleteRetentionPolicy: { enabled: true, days: 3 } },
        ["Deleted file shares are kept 3 days, fewer than 7."],
      ],
    ],
  );
});

describe("policy/rules/azure/storage: blob containers", () => {
  const CONTAINER = "azure-native:storage:BlobContainer";
  resourceRuleCases(
    "blob-container-private",
    CONTAINER,
    { containerName: "snapshots", publicAccess: "None" },
    [
      ["nothing when publicAccess is left to ARM's default", { containerName: "snapshots" }, []],
      [
        "anonymous blob reads",
        { containerName: "snapshots", publicAccess: "Blob" },
        ["The container allows anonymous reads."],
      ],
      [
        "anonymous listing",
        { containerName: "snapshots", publicAccess: "Container" },
        ["The container allows anonymous listing and reads."],
      ],
    ],
  );
});
