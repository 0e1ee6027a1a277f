import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { Backups } from "./backups";
import { CostBudget } from "./budget";
import type { Database } from "./database";
import { CloudFrontEdge } from "./edge/cloudfront-edge";
import type { Edge } from "./edge/edge";
import { MonitoredStack } from "./observability/alarms";
import { Observability } from "./observability/observability";
import type { Search } from "./search";
import type { SessionCache } from "./session-cache";
import type { SharedStorage } from "./shared-storage";
import type { StorefrontArgs } from "./storefront-args";
import type { WebTier } from "./web-tier";

/*
 * The Storefront's operations wiring: backups of its data, alarms and a dashboard over its tiers, and its
 * budget. Kept apart from storefront.ts so that file stays about building the tiers themselves.
 */

/** The tag AWS Backup selects the stack's data by. */
export const BACKUP_TAG = "backup-plan";

/** The tiers operations watch and back up, and the edge details that live outside the stack's region. */
export interface OperatedTiers {
  readonly web: WebTier;
  readonly database: Database;
  readonly cache: SessionCache;
  readonly storage: SharedStorage;
  readonly search?: Search;
  readonly edge?: Edge;
  /** The us-east-1 provider, where CloudFront's metrics are. */
  readonly usEast1?: aws.Provider;
  /** The load balancer's own web ACL, where CloudFront does not front it. */
  readonly loadBalancerWebAclName?: pulumi.Output<string>;
}

export function wireOperations(
  parent: pulumi.Resource,
  name: string,
  args: StorefrontArgs,
  tiers: OperatedTiers,
): { backups: Backups; observability: Observability; budget?: CostBudget } {
  const backups = backupPlan(parent, name, args, tiers);
  const observability = monitoring(parent, name, args, tiers);
  const budget = args.operations.budget
    ? new CostBudget(
        `${name}-budget`,
        {
          ...args.operations.budget,
          tags: { client: args.tags.client, environment: args.tags.environment },
          emails: args.operations.alertEmails,
        },
        { parent },
      )
    : undefined;
  return { backups, observability, ...(budget ? { budget } : {}) };
}

/** AWS Backup for the database and the shared media, copied to a second region where configured. */
function backupPlan(
  parent: pulumi.Resource,
  name: string,
  args: StorefrontArgs,
  tiers: OperatedTiers,
): Backups {
  const { backups } = args.operations;
  const copyTo = backups.copyToRegion
    ? {
        region: backups.copyToRegion,
        provider: new aws.Provider(
          `${name}-${backups.copyToRegion}`,
          { region: backups.copyToRegion as aws.Region, defaultTags: { tags: { ...args.tags } } },
          { parent },
        ),
      }
    : undefined;
  return new Backups(
    `${name}-backups`,
    {
      resourceArns: [tiers.database.clusterArn, tiers.storage.fileSystemArn],
      selectionTag: { key: BACKUP_TAG, value: name },
      dailyRetentionDays: backups.dailyRetentionDays,
      weeklyRetentionDays: backups.weeklyRetentionDays,
      monthlyRetentionDays: backups.monthlyRetentionDays,
      ...(copyTo ? { copyTo } : {}),
      protect: args.protectData,
    },
    { parent },
  );
}

/** Alarms and a dashboard over every tier the stack has. */
function monitoring(
  parent: pulumi.Resource,
  name: string,
  args: StorefrontArgs,
  tiers: OperatedTiers,
): Observability {
  const members = tiers.cache.memberClusterIds;
  const cdn = tiers.edge instanceof CloudFrontEdge ? tiers.edge : undefined;
  const stack: MonitoredStack = {
    loadBalancer: {
      arnSuffix: tiers.web.loadBalancerArnSuffix,
      targetGroupArnSuffix: tiers.web.targetGroupArnSuffix,
    },
    autoScaling: { groupName: tiers.web.autoScalingGroupName, minSize: args.web.capacity.minSize },
    database: { clusterIdentifier: tiers.database.clusterIdentifier, readers: args.database.readers },
    cache: {
      primaryNodeId: members.apply((m) => m[0]),
      ...(args.cache.replicas > 0 ? { replicaNodeId: members.apply((m) => m[1]) } : {}),
    },
    fileSystem: { id: tiers.storage.fileSystemId },
    ...(tiers.search && args.search
      ? {
          search: {
            domainName: tiers.search.domainName,
            accountId: aws.getCallerIdentityOutput({}, { parent }).accountId,
            volumeGiB: args.search.volumeGiB,
            multiNode: args.search.instanceCount > 1,
          },
        }
      : {}),
    ...(cdn ? { cdn: { distributionId: cdn.serviceId, webAclName: cdn.webAclName } } : {}),
    ...(tiers.loadBalancerWebAclName
      ? { regionalWaf: { webAclName: tiers.loadBalancerWebAclName, region: args.region } }
      : {}),
  };
  return new Observability(
    `${name}-ops`,
    {
      region: args.region,
      stack,
      thresholds: args.operations.alarmThresholds,
      emails: args.operations.alertEmails,
      ...(args.operations.alertWebhookUrl ? { webhookUrl: args.operations.alertWebhookUrl } : {}),
      ...(tiers.usEast1 ? { globalProvider: tiers.usEast1 } : {}),
    },
    { parent },
  );
}
