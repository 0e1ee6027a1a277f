/**
 * The media share's snapshot schedule as a Logic App (Consumption) workflow definition: pure data, so it is
 * tested without a cloud. Azure Backup does not protect NFS file shares ("Azure Files backup support
 * matrix": "Azure Backup currently doesn't support file shares with the NFS protocol"), so the kit takes
 * the share snapshots itself, through Azure Resource Manager, with the workflow's own managed identity:
 *
 * 1. `Take_snapshot`: `PUT <share id>?$expand=snapshots` creates a share snapshot (Storage resource provider
 *    REST API, File Shares - Create: `$expand` "snapshots"; what `az storage share-rm snapshot` sends);
 * 2. `List_shares`: `GET <account id>/fileServices/default/shares?$expand=snapshots` lists the share and its
 *    snapshots, each with `properties.snapshotTime` (File Shares - List);
 * 3. `Expired_snapshots`: those of this share older than the retention;
 * 4. `Delete_expired`: `DELETE <share id>` with the `x-ms-snapshot` header set to a snapshot's time deletes
 *    that snapshot only (File Shares - Delete, `x-ms-snapshot`).
 *
 * Resource ids come in as workflow parameters (`shareId`, `accountId`, `identityId`), so the definition
 * itself never changes between stacks.
 */

/** The Storage resource provider API version the workflow calls (the one azure-native 3.28 uses for shares). */
export const STORAGE_API_VERSION = "2024-01-01";

/**
 * A share holds at most 200 snapshots ("Azure Files scalability and performance targets", share snapshots
 * per share); one a day for the retention plus the one taken before pruning must stay under it.
 */
export const MAX_SHARE_SNAPSHOTS = 200;

export interface SnapshotScheduleArgs {
  /** Days a snapshot is kept. */
  readonly retentionDays: number;
  /** The daily run's hour (UTC). */
  readonly hourUtc: number;
  /** The daily run's minute. */
  readonly minuteUtc: number;
}

const ARM = "https://management.azure.com";

/** How every HTTP action authenticates: the user-assigned identity given as the `identityId` parameter. */
const AUTHENTICATION = {
  type: "ManagedServiceIdentity",
  identity: "@parameters('identityId')",
  audience: `${ARM}/`,
};

/** The workflow definition (Logic Apps workflow definition language, schema 2016-06-01). */
export function snapshotWorkflowDefinition(args: SnapshotScheduleArgs): Record<string, unknown> {
  const api = `api-version=${STORAGE_API_VERSION}`;
  return {
    $schema:
      "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
    contentVersion: "1.0.0.0",
    parameters: {
      shareId: { type: "String" },
      accountId: { type: "String" },
      identityId: { type: "String" },
    },
    triggers: {
      Daily: {
        type: "Recurrence",
        recurrence: {
          frequency: "Day",
          interval: 1,
          timeZone: "UTC",
          schedule: { hours: [args.hourUtc], minutes: [args.minuteUtc] },
        },
      },
    },
    actions: {
      Take_snapshot: {
        type: "Http",
        runAfter: {},
        inputs: {
          method: "PUT",
          uri: `${ARM}@{parameters('shareId')}?${api}&$expand=snapshots`,
          body: { properties: { metadata: { takenby: "storefront-snapshot-schedule" } } },
          authentication: AUTHENTICATION,
        },
      },
      // Listing and pruning run even when today's snapshot failed, so a failing day never stops expiry
      // from being enforced; the run still ends failed and shows in the workflow's run history.
      List_shares: {
        type: "Http",
        runAfter: { Take_snapshot: ["Succeeded", "Failed"] },
        inputs: {
          method: "GET",
          uri: `${ARM}@{parameters('accountId')}/fileServices/default/shares?${api}&$expand=snapshots`,
          authentication: AUTHENTICATION,
        },
      },
      Expired_snapshots: {
        type: "Query",
        runAfter: { List_shares: ["Succeeded"] },
        inputs: {
          from: "@body('List_shares')?['value']",
          where:
            "@and(" +
            "equals(item()?['name'], last(split(parameters('shareId'), '/'))), " +
            "not(empty(item()?['properties']?['snapshotTime'])), " +
            `less(ticks(item()?['properties']?['snapshotTime']), ticks(addDays(utcNow(), -${args.retentionDays}))))`,
        },
      },
      Delete_expired: {
        type: "Foreach",
        runAfter: { Expired_snapshots: ["Succeeded"] },
        foreach: "@body('Expired_snapshots')",
        actions: {
          Delete_snapshot: {
            type: "Http",
            runAfter: {},
            inputs: {
              method: "DELETE",
              uri: `${ARM}@{parameters('shareId')}?${api}`,
              headers: { "x-ms-snapshot": "@{items('Delete_expired')?['properties']?['snapshotTime']}" },
              authentication: AUTHENTICATION,
            },
          },
        },
      },
    },
    outputs: {},
  };
}

/**
 * The only ARM actions the schedule's identity holds, on the storage account alone: read, create (a
 * snapshot is a `shares/write` with `$expand=snapshots`) and delete shares ("Azure permissions for
 * Storage", Microsoft.Storage/storageAccounts/fileServices/shares/*). Deleting a share itself is within
 * `shares/delete` too; the file service's share soft delete keeps such a mistake recoverable.
 */
export const SNAPSHOT_ROLE_ACTIONS = [
  "Microsoft.Storage/storageAccounts/fileServices/shares/read",
  "Microsoft.Storage/storageAccounts/fileServices/shares/write",
  "Microsoft.Storage/storageAccounts/fileServices/shares/delete",
] as const;
