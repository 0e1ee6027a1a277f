import type { StorefrontArgs } from "../components/storefront/storefront";
import type { StorefrontEdgeArgs } from "../components/storefront/storefront-args";
import { campaignSchedule } from "./campaigns";
import { searchZoneCount } from "./checks";
import { ENVIRONMENT_PRESETS, PROFILE_PRESETS } from "./presets";
import type { StackConfig } from "./stack-config";
import { healthCheckerRegions } from "../components/operations/site-check";
import { physicalName } from "../components/shared/names";

/**
 * Maps a validated stack configuration onto the composition root's arguments. `now` decides which
 * campaign windows still lie ahead; notes say what was left out.
 */
export function storefrontArgs(c: StackConfig, now: Date): { args: StorefrontArgs; notes: string[] } {
  const { web } = c;
  const capacity = { minSize: web.minSize, maxSize: web.maxSize, desiredCapacity: web.desiredCapacity };
  const campaigns = campaignSchedule(
    web.campaigns,
    capacity,
    web.campaignLeadMinutes,
    web.campaignTimeZone,
    now,
  );
  const profile = PROFILE_PRESETS[c.profile];
  const preset = ENVIRONMENT_PRESETS[c.base];
  const notes = [...campaigns.notes];
  const siteCheckRegions = healthCheckerRegions(
    c.edge?.provider === "cloudfront" ? c.edge.geoRestriction : undefined,
  );
  const siteCheck =
    c.domain && siteCheckRegions
      ? { path: profile.deepHealthCheckPath, regions: siteCheckRegions }
      : undefined;
  if (c.domain && !siteCheckRegions) {
    notes.push(
      "edge.geoRestriction refuses every country Route 53's health checkers run from: the shop's deep health check (and its alarm) is left out",
    );
  }
  if (!c.domain) {
    notes.push("no domain configured: the load balancer serves plain HTTP on its own DNS name (dev only)");
  }
  if (c.edge && c.domain?.certificateArn && !c.domain.hostedZoneId) {
    notes.push(
      `domain.certificateArn must also cover ${c.edge.originHostname}, the name the CDN reaches the load balancer by`,
    );
  }

  const args: StorefrontArgs = {
    region: c.region,
    tags: stackTags(c),
    waf: c.waf,
    network: {
      cidrBlock: c.network.cidr,
      azCount: c.network.azCount,
      ...(c.network.availabilityZones ? { availabilityZoneNames: c.network.availabilityZones } : {}),
      region: c.region,
      natGateways: c.network.natGateways,
      flowLogs: c.network.flowLogs,
    },
    ...(c.domain ? { domain: { ...c.domain, aliases: c.domain.aliases ?? [] } } : {}),
    ...(c.edge ? { edge: edgeArgs(c.edge, profile.edgePaths) } : {}),
    web: {
      instanceType: web.instanceType,
      ...(web.amiId ? { amiId: web.amiId } : {}),
      imageRelease: web.imageRelease,
      rootVolumeGiB: web.rootVolumeGiB,
      capacity,
      scaling: {
        cpuTargetPercent: web.cpuTargetPercent,
        ...(web.requestsPerTarget !== undefined ? { requestsPerTarget: web.requestsPerTarget } : {}),
      },
      ...(web.spot ? { spot: web.spot } : {}),
      schedule: campaigns.actions,
      healthCheck: { path: web.healthCheckPath, graceSeconds: web.healthCheckGraceSeconds },
      deregistrationDelaySeconds: web.deregistrationDelaySeconds,
      idleTimeoutSeconds: web.idleTimeoutSeconds,
      tlsPolicy: web.tlsPolicy,
      refreshMinHealthyPercent: web.refreshMinHealthyPercent,
    },
    delivery: deliveryArgs(c.delivery),
    media: { profile: c.profile, webRoot: profile.webRoot, mounts: profile.mediaMounts },
    storage: c.storage,
    logs: { lifecycle: c.logs, serviceLogRetentionDays: preset.serviceLogRetentionDays },
    database: {
      engineVersion: c.database.engineVersion,
      instanceClass: c.database.instanceClass,
      ...(c.database.serverless ? { serverless: c.database.serverless } : {}),
      readers: c.database.readers,
      ...(c.database.readerAutoScaling ? { readerAutoScaling: c.database.readerAutoScaling } : {}),
      backupRetentionDays: c.database.backupRetentionDays,
      backupWindow: c.database.backupWindow,
      maintenanceWindow: c.database.maintenanceWindow,
    },
    cache: { ...c.cache, logRetentionDays: preset.serviceLogRetentionDays },
    ...(c.search
      ? {
          search: {
            domainName: searchDomainName(c),
            engineVersion: c.search.engineVersion,
            instanceType: c.search.instanceType,
            instanceCount: c.search.instanceCount,
            zoneCount: searchZoneCount(c.search.instanceCount, c.network.azCount),
            volumeGiB: c.search.volumeGiB,
            ...(c.search.dedicatedMasterType ? { dedicatedMasterType: c.search.dedicatedMasterType } : {}),
            ...(c.search.createServiceLinkedRole ? { createServiceLinkedRole: true } : {}),
            logRetentionDays: preset.serviceLogRetentionDays,
          },
        }
      : {}),
    parameterPath: `/storefront/${c.client}/${c.environment}`,
    ...(c.bastion ? { bastion: c.bastion } : {}),
    protectData: c.protectData,
    operations: {
      alarmThresholds: preset.alarms,
      alertEmails: c.alerts.emails,
      ...(c.alerts.webhookUrl ? { alertWebhookUrl: c.alerts.webhookUrl } : {}),
      ...(c.budget ? { budget: c.budget } : {}),
      ...(siteCheck ? { siteCheck } : {}),
      backups: c.backups,
    },
  };
  return { args, notes };
}

/** The deployment path: CI through OIDC when the stack names it; a sale keeps 75% serving by default. */
function deliveryArgs(d: StackConfig["delivery"]): StorefrontArgs["delivery"] {
  const common = {
    minimumHealthyPercent: d?.minimumHealthyPercent ?? 75,
    createOidcProvider: d?.createOidcProvider ?? false,
  };
  if (!d) return common;
  return d.provider === "github"
    ? { ...common, ci: { provider: "github", repository: d.repository, branch: d.branch ?? "main" } }
    : {
        ...common,
        ci: {
          provider: "bitbucket",
          workspace: d.workspace,
          workspaceUuid: d.workspaceUuid,
          repositoryUuid: d.repositoryUuid,
          deploymentEnvironmentUuid: d.deploymentEnvironmentUuid,
        },
      };
}

/** Tags on every resource of the stack, through the provider's default tags. User tags cannot override. */
export function stackTags(c: StackConfig): Record<string, string> {
  return {
    ...c.tags,
    client: c.client,
    environment: c.environment,
    profile: c.profile,
    "managed-by": "pulumi",
    "pulumi-stack": c.stack,
  };
}

function edgeArgs(
  edge: NonNullable<StackConfig["edge"]>,
  paths: StorefrontEdgeArgs["paths"],
): StorefrontEdgeArgs {
  const common = { originHostname: edge.originHostname, paths, staticTtlSeconds: edge.staticTtlSeconds };
  if (edge.provider === "fastly") {
    const fastly = edge.fastly!;
    return {
      ...common,
      implementation: "fastly",
      fastly: {
        shieldPop: fastly.shieldPop!,
        ...(fastly.ngwafWorkspaceId ? { ngwafWorkspaceId: fastly.ngwafWorkspaceId } : {}),
      },
    };
  }
  return {
    ...common,
    implementation: "cloudfront",
    cloudfront: {
      priceClass: edge.priceClass,
      ...(edge.geoRestriction ? { geoRestriction: edge.geoRestriction } : {}),
      ...(edge.certificateArn ? { certificateArn: edge.certificateArn } : {}),
    },
  };
}

/** OpenSearch domain names are 3-28 characters and unique per account and region: cut with a hash. */
function searchDomainName(c: StackConfig): string {
  return physicalName("aws:opensearch/domain:Domain", storefrontName(c));
}

/**
 * Name of the composition root; every resource name of the stack derives from it. Unambiguous: the
 * environment holds no '-' (stacks/schema/fields.ts), so two stacks never share it.
 */
export function storefrontName(c: StackConfig): string {
  return `${c.client}-${c.environment}`;
}
