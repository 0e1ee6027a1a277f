import * as authorization from "@pulumi/azure-native/authorization";
import * as logic from "@pulumi/azure-native/logic";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { azureName, globalName } from "../shared/names";
import { privateAccess } from "../shared/private-link";
import { assignmentGuid, grantOn } from "../shared/roles";
import { MAX_SHARE_SNAPSHOTS, SNAPSHOT_ROLE_ACTIONS, snapshotWorkflowDefinition } from "./snapshot-schedule";

/**
 * A premium file share is provisioned from 100 GiB to 100 TiB ("Understand Azure Files billing",
 * provisioned v1 model for SSD file shares: minimum 100 GiB; "Azure Files scalability and performance
 * targets": 102,400 GiB per share).
 */
export const SHARE_QUOTA_GIB = { min: 100, max: 102400 } as const;

/** Soft-deleted shares are kept 1 to 365 days (Storage RP REST API, DeleteRetentionPolicy.days). */
export const SHARE_SOFT_DELETE_DAYS = { min: 1, max: 365 } as const;

/**
 * How the web servers mount the share, as neutral values their first boot turns into an fstab line:
 * `mount -t aznfs <host>:<exportPath> <dir> -o <mountOptions>`. The AZNFS mount helper wraps NFS 4.1 in
 * TLS through stunnel (encryption in transit is on by default for NFS 4.1 mounts through `aznfs`:
 * "Encryption in transit for NFS Azure file shares", https://learn.microsoft.com/azure/storage/files/encryption-in-transit-for-nfs-shares,
 * and https://github.com/Azure/AZNFS-mount). `nconnect=4` is Microsoft's recommended client setting for
 * premium NFS shares ("Improve performance for NFS Azure file shares").
 */
export interface MediaMount {
  readonly host: string;
  readonly exportPath: string;
  readonly mountType: "aznfs";
  readonly mountOptions: string;
}

export const NFS_MOUNT_OPTIONS = "vers=4,minorversion=1,sec=sys,nconnect=4";

export interface MediaShareArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /** A key unique to the stack: storage account names are global (`<name>.file.core.windows.net`). */
  readonly stackKey: string;
  /** The data subnet: the account's private endpoint goes here. */
  readonly subnetId: pulumi.Input<string>;
  readonly virtualNetworkId: pulumi.Input<string>;
  /** An existing `privatelink.file.core.windows.net` zone linked to the network; else one is made. */
  readonly privateDnsZoneId?: pulumi.Input<string>;
  /** Provisioned size of the share in GiB (premium shares are billed, and perform, by it). */
  readonly quotaGiB: number;
  /** Days a share snapshot is kept (dev a week, prod a month or more). */
  readonly snapshotRetentionDays: number;
  /**
   * When the daily snapshot is taken (UTC).
   * @default { hour: 2, minute: 30 }
   */
  readonly snapshotTimeUtc?: { readonly hour: number; readonly minute: number };
  /**
   * Days a deleted share stays recoverable.
   * @default 14
   */
  readonly softDeleteDays?: number;
  /** Pulumi `protect` on the account and the share. */
  readonly protect: boolean;
}

/** Every contradiction in the arguments, thrown at once before any resource is created. */
export function checkMediaShareArgs(args: MediaShareArgs): void {
  const problems: string[] = [];
  if (
    !Number.isInteger(args.quotaGiB) ||
    args.quotaGiB < SHARE_QUOTA_GIB.min ||
    args.quotaGiB > SHARE_QUOTA_GIB.max
  ) {
    problems.push(
      `quotaGiB ${args.quotaGiB}: ${SHARE_QUOTA_GIB.min} to ${SHARE_QUOTA_GIB.max} GiB for a premium share`,
    );
  }
  if (
    !Number.isInteger(args.snapshotRetentionDays) ||
    args.snapshotRetentionDays < 1 ||
    args.snapshotRetentionDays >= MAX_SHARE_SNAPSHOTS
  ) {
    problems.push(
      `snapshotRetentionDays ${args.snapshotRetentionDays}: 1 to ${MAX_SHARE_SNAPSHOTS - 1} (one snapshot a day, at most ${MAX_SHARE_SNAPSHOTS} per share)`,
    );
  }
  const time = args.snapshotTimeUtc;
  if (
    time &&
    !(
      Number.isInteger(time.hour) &&
      time.hour >= 0 &&
      time.hour <= 23 &&
      Number.isInteger(time.minute) &&
      time.minute >= 0 &&
      time.minute <= 59
    )
  ) {
    problems.push(`snapshotTimeUtc ${time.hour}:${time.minute}: hour 0-23 and minute 0-59`);
  }
  const soft = args.softDeleteDays ?? 14;
  if (!Number.isInteger(soft) || soft < SHARE_SOFT_DELETE_DAYS.min || soft > SHARE_SOFT_DELETE_DAYS.max) {
    problems.push(`softDeleteDays ${soft}: ${SHARE_SOFT_DELETE_DAYS.min} to ${SHARE_SOFT_DELETE_DAYS.max}`);
  }
  if (args.stackKey.trim() === "") problems.push("stackKey: empty; expected a key unique to the stack");
  if (problems.length > 0) throw new Error(`MediaShare: ${problems.join("; ")}`);
}

/**
 * Shared media on Azure Files premium NFS 4.1: a `FileStorage` account on zone-redundant SSD
 * (`Premium_ZRS`), public network access disabled and a default-deny network rule set, reached only
 * through a private endpoint in the data subnet; no shared-key access, no blob public access, TLS 1.2 at
 * least, infrastructure encryption (set at creation only). The share squashes root, so a compromised web
 * server cannot act as root on the media. A daily share snapshot with per-environment retention is taken
 * by a Logic App with its own identity, since Azure Backup does not cover NFS shares.
 */
export class MediaShare extends pulumi.ComponentResource {
  readonly accountId: pulumi.Output<string>;
  readonly accountName: pulumi.Output<string>;
  readonly shareId: pulumi.Output<string>;
  readonly mount: pulumi.Output<MediaMount>;

  constructor(name: string, args: MediaShareArgs, opts?: pulumi.ComponentResourceOptions) {
    checkMediaShareArgs(args);
    super("storefront:azure/storage:MediaShare", name, {}, opts);
    const child = { parent: this };
    const kept = { parent: this, protect: args.protect };

    const account = new storage.StorageAccount(
      `${name}-account`,
      {
        accountName: globalName("azure-native:storage:StorageAccount", name, args.stackKey),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        kind: "FileStorage",
        sku: { name: "Premium_ZRS" },
        publicNetworkAccess: "Disabled",
        networkRuleSet: { defaultAction: "Deny", bypass: "None", ipRules: [], virtualNetworkRules: [] },
        // Secure transfer applies to REST and SMB; it "doesn't apply to TCP", so NFS mounts are unaffected
        // ("Require secure transfer to ensure secure connections", current revision).
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        allowBlobPublicAccess: false,
        allowCrossTenantReplication: false,
        // Double encryption at rest; ARM accepts it only when the account is created ("Enable
        // infrastructure encryption for double encryption of data").
        encryption: {
          keySource: "Microsoft.Storage",
          requireInfrastructureEncryption: true,
          services: { file: { enabled: true, keyType: "Account" } },
        },
      },
      kept,
    );

    // Encryption in transit cannot be *required* from here: the NFS `encryptionInTransit.required` switch
    // of the file service arrived in Storage API 2025-01-01 ("Microsoft.Storage storageAccounts/fileServices
    // change log": 2025-01-01 added ProtocolSettings.nfs), and azure-native 3.28 builds FileServiceProperties
    // on 2024-01-01, whose protocol settings have `smb` only. The guarantee until then: private endpoint only,
    // and the web servers mount through `aznfs` (TLS).
    new storage.FileServiceProperties(
      `${name}-file-service`,
      {
        accountName: account.name,
        resourceGroupName: args.resourceGroupName,
        fileServicesName: "default",
        shareDeleteRetentionPolicy: { enabled: true, days: args.softDeleteDays ?? 14 },
      },
      child,
    );

    const share = new storage.FileShare(
      `${name}-share`,
      {
        accountName: account.name,
        resourceGroupName: args.resourceGroupName,
        shareName: azureName("azure-native:storage:FileShare", "media"),
        enabledProtocols: "NFS",
        rootSquash: "RootSquash",
        shareQuota: args.quotaGiB,
      },
      kept,
    );

    privateAccess(
      `${name}-files`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        subnetId: args.subnetId,
        virtualNetworkId: args.virtualNetworkId,
        privateDnsZoneId: args.privateDnsZoneId,
        targetId: account.id,
        service: "file",
      },
      child,
    );

    // The snapshot schedule: its own identity, a custom role holding only the share actions, granted on
    // this account alone, and the workflow.
    const identity = new managedidentity.UserAssignedIdentity(
      `${name}-snapshots-identity`,
      {
        resourceName: azureName("azure-native:managedidentity:UserAssignedIdentity", `${name}-snapshots`),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
      },
      child,
    );
    const role = new authorization.RoleDefinition(
      `${name}-snapshots-role`,
      {
        // Custom role ids and names are unique in the whole tenant: both derive from the stack.
        roleDefinitionId: assignmentGuid(args.stackKey, `${name}-snapshots-role`),
        roleName: pulumi.interpolate`Storefront share snapshots (${account.name})`,
        description: "Take, list and expire snapshots of the storefront's media share",
        scope: account.id,
        assignableScopes: [account.id],
        permissions: [{ actions: [...SNAPSHOT_ROLE_ACTIONS], notActions: [] }],
      },
      child,
    );
    const grant = grantOn(
      `${name}-snapshots-grant`,
      {
        scope: account.id,
        roleDefinitionId: role.id,
        principalId: identity.principalId,
        description: "The media share's snapshot schedule, on this account only",
      },
      child,
    );
    const time = args.snapshotTimeUtc ?? { hour: 2, minute: 30 };
    new logic.Workflow(
      `${name}-snapshots`,
      {
        workflowName: azureName("azure-native:logic:Workflow", `${name}-snapshots`),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        state: "Enabled",
        identity: {
          type: "UserAssigned",
          userAssignedIdentities: [identity.id],
        },
        definition: snapshotWorkflowDefinition({
          retentionDays: args.snapshotRetentionDays,
          hourUtc: time.hour,
          minuteUtc: time.minute,
        }),
        parameters: {
          shareId: { type: "String", value: share.id },
          accountId: { type: "String", value: account.id },
          identityId: { type: "String", value: identity.id },
        },
      },
      { ...child, dependsOn: [grant] },
    );

    this.accountId = account.id;
    this.accountName = account.name;
    this.shareId = share.id;
    this.mount = pulumi.all([account.name, share.name]).apply(([accountName, shareName]) => ({
      host: `${accountName}.file.core.windows.net`,
      exportPath: `/${accountName}/${shareName}`,
      mountType: "aznfs" as const,
      mountOptions: NFS_MOUNT_OPTIONS,
    }));
    this.registerOutputs({ shareId: this.shareId, mount: this.mount });
  }
}
