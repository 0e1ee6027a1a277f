import type { PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../../lib/define";
import { arr, is, isOneOf, obj, refs } from "../../lib/azure";
import type { Resource } from "../../lib/rule";
import { BLOB_CONTAINER, FILE_SERVICE, FILE_SHARE, STORAGE_ACCOUNT } from "../../lib/azure-types";

/** Storage accounts (the NFS media share, the flow-log sink) and Azure Files shares. */

/**
 * An NFS-only premium file account reached only privately. NFS shares use network-level security, and
 * accounts serving them traditionally ran with "secure transfer required" off ("Require secure transfer
 * ... except when NFS Azure file shares are used with network-level security", Azure Storage docs); the
 * kit's servers mount with the AZNFS helper, which encrypts in transit (Encryption in transit for NFS
 * Azure file shares).
 */
function isPrivateNfsAccount(r: Resource): boolean {
  return is(r.props.kind, "FileStorage") && is(r.props.publicNetworkAccess, "Disabled");
}

export const storageSecureTransferTls12 = resourceRule({
  id: "storage-secure-transfer-tls12",
  description:
    "Storage accounts require secure transfer (private NFS-only accounts excepted) and TLS 1.2 or later.",
  severity: "high",
  remediation: 'Leave enableHttpsTrafficOnly true (its default) and set minimumTlsVersion: "TLS1_2".',
  cisAzure: "v3.0.0 4.1, 4.15",
  pci: "4.0: 4.2.1",
  references: "MCSB DP-3",
  types: [STORAGE_ACCOUNT],
  check(r, report) {
    if (r.props.enableHttpsTrafficOnly === false && !isPrivateNfsAccount(r))
      report("The account accepts unencrypted HTTP and SMB.");
    if (!isOneOf(r.props.minimumTlsVersion, ["TLS1_2", "TLS1_3"]))
      report("The account does not require TLS 1.2 (minimumTlsVersion is not TLS1_2).");
  },
});

export const storagePrivateOnly = resourceRule({
  id: "storage-private-only",
  description:
    "Storage accounts are closed to public networks: public network access disabled, or a firewall that denies by default and admits no address range.",
  severity: "critical",
  remediation:
    'Set publicNetworkAccess: "Disabled" and reach the account through a private endpoint; a log sink written by trusted Azure services keeps networkRuleSet { defaultAction: "Deny", bypass: "AzureServices" } with no ipRules.',
  cisAzure: "v3.0.0 4.6, 4.7",
  references: "MCSB NS-2",
  types: [STORAGE_ACCOUNT],
  check(r, report) {
    if (is(r.props.publicNetworkAccess, "Disabled")) return;
    const rules = obj(r.props.networkRuleSet);
    // networkRuleSet.defaultAction defaults to Allow: the public endpoint admits every network.
    if (!is(rules.defaultAction, "Deny")) report("The account's public endpoint admits every network.");
    else if (arr(rules.ipRules).length > 0) report("The account's firewall admits public address ranges.");
  },
});

export const storageNoSharedKeyNoAnonymous = resourceRule({
  id: "storage-no-shared-key-no-anonymous",
  description:
    "Storage accounts refuse shared-key authorization and anonymous blob access, and do not replicate to other tenants.",
  severity: "high",
  remediation:
    "Set allowSharedKeyAccess: false (Entra ID only), allowBlobPublicAccess: false and allowCrossTenantReplication: false.",
  cisAzure: "v3.0.0 4.16, 4.17",
  references: "MCSB IM-1",
  types: [STORAGE_ACCOUNT],
  check(r, report) {
    // allowSharedKeyAccess is null (allowed) unless set false (storage.StorageAccount inputs).
    if (r.props.allowSharedKeyAccess !== false)
      report("Shared-key (account key and SAS) authorization is allowed.");
    if (r.props.allowBlobPublicAccess === true) report("Containers may be opened to anonymous reads.");
    if (r.props.allowCrossTenantReplication === true) report("Objects may replicate to other tenants.");
  },
});

export const nfsShareRootSquashZrs = stackRule({
  id: "nfs-share-root-squash-zrs",
  description: "NFS file shares squash root and live on a zone-redundant premium account (Premium_ZRS).",
  severity: "medium",
  remediation:
    'Set rootSquash: "RootSquash" on the share and sku { name: "Premium_ZRS" } on its FileStorage account (the SKU is create-time only).',
  references: "MCSB PA-7; APRL",
  types: [FILE_SHARE, STORAGE_ACCOUNT],
  check(graph, report) {
    const accounts = new Set<PolicyResource>();
    for (const share of graph.ofTypes([FILE_SHARE])) {
      if (!is(share.props.enabledProtocols, "NFS")) continue;
      // rootSquash defaults to NoRootSquash: a client's root is root on the share.
      if (!isOneOf(share.props.rootSquash, ["RootSquash", "AllSquash"]))
        report("Clients' root users act as root on the share.", share.urn);
      refs(graph, share, "accountName", [STORAGE_ACCOUNT]).forEach((a) => accounts.add(a));
    }
    for (const account of accounts)
      if (!is(obj(account.props.sku).name, "Premium_ZRS"))
        report("The NFS share's account is not zone-redundant premium storage (Premium_ZRS).", account.urn);
  },
});

export const fileShareSoftDelete = resourceRule({
  id: "file-share-soft-delete",
  description: "Deleted file shares stay recoverable: share soft delete on, for a week or more.",
  severity: "medium",
  remediation:
    "Add a storage.FileServiceProperties with shareDeleteRetentionPolicy: { enabled: true, days: 14 } (1 to 365 days).",
  cisAzure: "v4.0.0 10.1.1",
  references: "MCSB BR-1",
  types: [FILE_SERVICE],
  check(r, report) {
    const policy = obj(r.props.shareDeleteRetentionPolicy);
    if (policy.enabled !== true) report("Deleted file shares cannot be recovered (share soft delete off).");
    else if (typeof policy.days === "number" && policy.days < 7)
      report(`Deleted file shares are kept ${policy.days} days, fewer than 7.`);
  },
});

export const blobContainerPrivate = resourceRule({
  id: "blob-container-private",
  description: "Blob containers allow no anonymous read access (the search snapshots' container).",
  severity: "high",
  remediation: 'Leave publicAccess unset or set it to "None".',
  cisAzure: "v3.0.0 4.17",
  references: "MCSB PA-1",
  types: [BLOB_CONTAINER],
  check(r, report) {
    // "None", or absent (ARM's default): anything else lets anyone read blobs or list the container.
    if (r.props.publicAccess !== undefined && !is(r.props.publicAccess, "None"))
      report(
        `The container allows anonymous ${is(r.props.publicAccess, "Container") ? "listing and reads" : "reads"}.`,
      );
  },
});
