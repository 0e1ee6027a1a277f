import * as authorization from "@pulumi/azure-native/authorization";
import { AzureBastion } from "../access/bastion";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_REDIS_PORT, ManagedRedis, REDIS_ACCESS_KEY_SECRET } from "../data/managed-redis";
import { MYSQL_DATABASE_NAME, MYSQL_PASSWORD_SECRET, MYSQL_PORT, MySql } from "../data/mysql";
import { FrontDoorEdge } from "../edge/front-door";
import { AzureNetwork } from "../network/network";
import { ResourceGroupBudget } from "../operations/budget";
import { DiagnosticTarget } from "../operations/diagnostics";
import { LogAnalytics } from "../operations/log-analytics";
import { Monitoring } from "../operations/monitoring";
import { SearchCluster } from "../search/search-cluster";
import { KeyVault, WORDPRESS_SALTS_SECRET } from "../secrets/key-vault";
import { azureName } from "../shared/names";
import { tagEveryResource } from "../shared/tags";
import { MediaShare } from "../storage/media-share";
import { azureWebUserData } from "../web/user-data";
import { AzureWebTier, gatewayPublicIp } from "../web/web-tier";
import { AzureStorefrontArgs } from "./storefront-args";

export { AzureStorefrontArgs } from "./storefront-args";

/** Every contradiction between the root's sections, thrown at once before any resource is created. */
export function checkAzureStorefrontArgs(args: AzureStorefrontArgs): void {
  const problems: string[] = [];
  // The database's password and the cache's access key are generated and kept in the stack's vault.
  if (args.database && !args.secrets)
    problems.push("database: needs secrets (its password lives in Key Vault)");
  if (args.cache && !args.secrets) problems.push("cache: needs secrets (its access key lives in Key Vault)");
  if (args.search && !args.secrets)
    problems.push("search: needs secrets (its admin password and CA seed live in Key Vault)");
  if (args.search && args.profile !== "magento")
    problems.push("search: only a magento stack has a search tier");
  const web = args.web;
  if (web) {
    const missing = (["secrets", "database", "cache", "media"] as const).filter((k) => !args[k]);
    if (missing.length > 0) problems.push(`web: needs ${missing.join(", ")} (first boot reads them)`);
  }
  if (args.edge && !web) problems.push("edge: needs web (Front Door's origin is the web tier's gateway)");
  // Front Door reaches a gateway without a certificate over plain HTTP: only a dev stack without a domain
  // (no host names of its own) may, never prod.
  if (args.edge && web && web.certificateSecretId === undefined) {
    if (args.edge.hostnames.length > 0)
      problems.push(
        "edge: needs web.certificateSecretId with host names (Front Door reaches the gateway over HTTPS)",
      );
    if (args.environment === "prod")
      problems.push("web: needs certificateSecretId in prod (plain HTTP to the gateway is for dev only)");
  }
  if (web && !web.certificateSecretId && web.certificateVaultId)
    problems.push("web: certificateVaultId without certificateSecretId");
  if (problems.length > 0) throw new Error(`AzureStorefront: ${problems.join("; ")}`);
}

/**
 * The Azure composition root: one per Azure stack. It builds every tier in the order they depend on each
 * other, read top-down: the stack's resource group, the network, then (as each tier lands) operations
 * (Log Analytics), secrets (Key Vault), data (MySQL, Managed Redis), storage (Azure Files), search, web
 * (Application Gateway, scale set), edge (Front Door), access (Bastion), and alerts and the budget over
 * all of them. azure-native has no provider default tags: a resource transformation on this component
 * puts the stack's tags on every taggable resource below it.
 */
export class AzureStorefront extends pulumi.ComponentResource {
  readonly resourceGroupName: pulumi.Output<string>;
  readonly resourceGroupId: pulumi.Output<string>;
  readonly network: AzureNetwork;
  readonly keyVault?: KeyVault;
  /** The vault in the paired region holding the geo-redundant backups' key (prod MySQL). */
  readonly geoKeyVault?: KeyVault;
  readonly database?: MySql;
  readonly sessions?: ManagedRedis;
  readonly media?: MediaShare;
  readonly web?: AzureWebTier;
  readonly edge?: FrontDoorEdge;
  readonly bastion?: AzureBastion;
  readonly search?: SearchCluster;
  readonly logs?: LogAnalytics;
  readonly monitoring?: Monitoring;

  constructor(name: string, args: AzureStorefrontArgs, opts?: pulumi.ComponentResourceOptions) {
    checkAzureStorefrontArgs(args);
    super(
      "storefront:azure/storefront:AzureStorefront",
      name,
      {},
      {
        ...opts,
        transformations: [...(opts?.transformations ?? []), tagEveryResource(args.tags)],
      },
    );
    const child = { parent: this };
    const location = args.location;

    // --- Resource group: the stack's scope for tags, RBAC, the budget and `pulumi destroy`. ---
    const group = new resources.ResourceGroup(
      `${name}-rg`,
      {
        resourceGroupName:
          args.resourceGroupName ?? azureName("azure-native:resources:ResourceGroup", `${name}-rg`),
        location,
      },
      child,
    );
    const rg = group.name;

    // --- Operations, part 1: the Log Analytics workspace every tier's diagnostics go to (azops). ---
    const ops = args.operations;
    if (ops) {
      this.logs = new LogAnalytics(
        `${name}-logs`,
        {
          resourceGroupName: rg,
          location,
          retentionInDays: ops.logRetentionDays,
          // Every Azure storefront serves through the application gateway; with Front Door in front, the
          // top clients and WAF blocks come from Front Door's logs (its WAF has the per-IP limit).
          queries: {
            gateway: true,
            database: args.database !== undefined,
            frontDoor: args.edge !== undefined && args.web !== undefined,
            waf: args.edge && args.web ? "frontDoor" : "gateway",
          },
        },
        child,
      );
    }
    const workspace = this.logs
      ? { id: this.logs.workspaceId, customerId: this.logs.customerId, location }
      : undefined;

    // --- Network: VNet, subnets per tier, NSGs, NAT, flow logs, private DNS zones. ---
    this.network = new AzureNetwork(
      `${name}-network`,
      {
        resourceGroupName: rg,
        location,
        addressSpace: args.network.addressSpace,
        // Bastion opens SSH from AzureBastionSubnet once the access tier is wired (azweb).
        // SSH from AzureBastionSubnet to the servers, for the SKUs that run there.
        bastion: args.access !== undefined && args.access.sku !== "Developer",
        // Behind Front Door the gateway admits only its back end; without it, shoppers directly.
        gatewaySources: args.edge ? "frontDoor" : "internet",
        // A gateway without a certificate (dev without a domain) listens on 80 only.
        gatewayPlainHttp: args.web !== undefined && args.web.certificateSecretId === undefined,
        search: args.profile === "magento",
        // The gateway subnet admits 443 (and Application Gateway's own traffic) only with a web tier.
        gateway: args.web !== undefined,
        flowLogs: {
          retentionDays: args.network.flowLogRetentionDays,
          ...(args.network.networkWatcher ? { networkWatcher: args.network.networkWatcher } : {}),
          ...(workspace ? { workspace } : {}),
        },
        stackKey: args.stackKey,
      },
      child,
    );

    // --- Secrets: Key Vault (azdata). Every secret the stack generates lives here; the web tier's
    // identities get Secrets User on this vault from the web tier itself. ---
    const placed = {
      resourceGroupName: rg,
      location,
      stackKey: args.stackKey,
      virtualNetworkId: this.network.virtualNetworkId,
    };
    const client = authorization.getClientConfigOutput({ parent: this });
    if (args.secrets) {
      // MySQL's customer-managed key lives here too: the vault lets trusted services (MySQL) through.
      this.keyVault = new KeyVault(
        `${name}-secrets`,
        {
          ...args.secrets,
          ...placed,
          tenantId: client.tenantId,
          subnetId: this.network.subnetIds.data,
          privateDnsZoneId: this.network.privateDnsZoneIds.vault,
          endpointSecurityGroupIds: [this.network.endpointSecurityGroupIds.vault],
          wordpressSalts: args.profile === "wordpress",
          trustedServices: args.database !== undefined,
        },
        child,
      );
      // Geo-redundant MySQL backups are encrypted with a key in the paired region, in a vault there that
      // holds only that key; its private endpoint sits in the stack's network like the main vault's.
      const paired = args.database?.geoRedundantBackup ? args.database.pairedRegion : undefined;
      if (paired !== undefined) {
        this.geoKeyVault = new KeyVault(
          `${name}-geo-keys`,
          {
            ...args.secrets,
            ...placed,
            location: paired,
            privateEndpointLocation: location,
            tenantId: client.tenantId,
            subnetId: this.network.subnetIds.data,
            privateDnsZoneId: this.network.privateDnsZoneIds.vault,
            trustedServices: true,
          },
          child,
        );
      }
    }
    const vault = this.keyVault?.ref;

    // --- Data: MySQL Flexible Server, Azure Managed Redis (azdata). Their diagnostic settings are made
    // with the other tiers' in operations, part 2. ---
    if (args.database && vault !== undefined) {
      this.database = new MySql(
        `${name}-db`,
        {
          ...args.database,
          ...placed,
          delegatedSubnetId: this.network.subnetIds.mysql,
          privateDnsZoneId: this.network.mysqlDnsZoneId,
          vault,
          // The server's Entra tenant is the deployment's (the tenant the vault and identities live in).
          entraAdministrator: args.database.entraAdministrator
            ? { ...args.database.entraAdministrator, tenantId: client.tenantId }
            : undefined,
          customerManagedKey: {
            vault,
            ...(this.geoKeyVault ? { geoBackupVault: this.geoKeyVault.ref } : {}),
          },
        },
        child,
      );
    }
    if (args.cache && vault !== undefined) {
      this.sessions = new ManagedRedis(
        `${name}-sessions`,
        {
          ...args.cache,
          ...placed,
          subnetId: this.network.subnetIds.data,
          privateDnsZoneId: this.network.privateDnsZoneIds.redis,
          vault,
        },
        child,
      );
    }

    // --- Shared media: Azure Files NFS (azdata). ---
    if (args.media) {
      this.media = new MediaShare(
        `${name}-media`,
        {
          ...args.media,
          ...placed,
          subnetId: this.network.subnetIds.data,
          privateDnsZoneId: this.network.privateDnsZoneIds.file,
        },
        child,
      );
    }

    // --- Search: OpenSearch on a private scale set, Magento only (azops). ---
    const searchSubnetId = this.network.subnetIds.search;
    if (args.search && this.keyVault && searchSubnetId) {
      this.search = new SearchCluster(
        `${name}-search`,
        {
          ...args.search,
          resourceGroupName: rg,
          location,
          subnet: { id: searchSubnetId, cidr: this.network.subnetPrefixes.search },
          webSubnetCidr: this.network.subnetPrefixes.web,
          // The nodes' own NSG admits SSH from Bastion's subnet as the network tier's does (both must allow).
          ...(this.network.subnetIds.bastion
            ? { bastionSubnetCidr: this.network.subnetPrefixes.bastion }
            : {}),
          applicationSecurityGroupIds: [this.network.searchSecurityGroupId],
          privateEndpointSubnetId: this.network.subnetIds.data,
          ...(this.network.endpointSecurityGroupIds.snapshots
            ? { snapshotEndpointSecurityGroupIds: [this.network.endpointSecurityGroupIds.snapshots] }
            : {}),
          blobPrivateDnsZoneId: this.network.privateDnsZoneIds.blob,
          keyVault: {
            id: this.keyVault.vaultId,
            name: this.keyVault.vaultName,
            uri: this.keyVault.vaultUri,
            ...(args.secrets?.secretExpires !== undefined
              ? { secretExpires: args.secrets.secretExpires }
              : {}),
          },
          stackKey: args.stackKey,
        },
        child,
      );
    }

    // --- Web: Application Gateway, scale set, autoscale, first boot (azweb). The gateway's address comes
    // first: Front Door's origin points at it, and the gateway's WAF takes Front Door's id. ---
    const web = args.web;
    if (web && this.keyVault && this.database && this.sessions && this.media) {
      const client = authorization.getClientConfigOutput({ parent: this });
      const gatewayIp = gatewayPublicIp(
        `${name}-web-gw-ip`,
        { resourceGroupName: rg, location, ...(web.zones ? { zones: web.zones } : {}) },
        child,
      );

      // --- Edge: Front Door Premium + WAF (azweb). ---
      if (args.edge) {
        const { originHostHeader, ...edge } = args.edge;
        this.edge = new FrontDoorEdge(
          `${name}-edge`,
          {
            ...edge,
            resourceGroupName: rg,
            stackKey: args.stackKey,
            origin: {
              hostName: gatewayIp.ipAddress.apply((a) => a ?? ""),
              ...((originHostHeader ?? edge.hostnames[0])
                ? { hostHeader: originHostHeader ?? edge.hostnames[0] }
                : {}),
              protocol: web.certificateSecretId ? "Https" : "Http",
            },
            healthCheckPath: web.healthCheckPath,
          },
          child,
        );
      }

      const vaultUri = this.keyVault.vaultUri;
      const database = this.database;
      const profile = args.profile;
      // Magento reaches search at the cluster's internal load balancer, as its one user, over TLS verified
      // against the CA the cluster publishes in Key Vault (first boot reads both secrets by name).
      const search = this.search;
      const data = pulumi.all([vaultUri, database.host, this.sessions.host, this.media.mount]);
      this.web = new AzureWebTier(
        `${name}-web`,
        {
          resourceGroupName: rg,
          location,
          subscriptionId: client.subscriptionId,
          publicIp: gatewayIp,
          gatewaySubnetId: this.network.subnetIds.gateway,
          webSubnetId: this.network.subnetIds.web,
          webApplicationSecurityGroupId: this.network.webSecurityGroupId,
          ...(web.zones ? { zones: web.zones } : {}),
          ...(web.certificateSecretId
            ? {
                https: {
                  certificateSecretId: web.certificateSecretId,
                  keyVaultId: web.certificateVaultId ?? this.keyVault.vaultId,
                },
              }
            : {}),
          ...(this.edge ? { frontDoorId: this.edge.frontDoorId } : {}),
          gateway: web.gateway ?? {},
          waf: { rateLimit: web.rateLimit },
          healthCheckPath: web.healthCheckPath,
          servers: {
            ...web.servers,
            keyVaultId: this.keyVault.vaultId,
            // First boot asks IMDS for a token as the servers' own identity, which the tier creates.
            customData: (identityClientId) =>
              pulumi.all([data, identityClientId]).apply(([[uri, dbHost, cacheHost, mount], clientId]) =>
                azureWebUserData({
                  profile,
                  webRoot: web.webRoot,
                  staticMaxAgeSeconds: web.staticMaxAgeSeconds,
                  media: { host: mount.host, exportPath: mount.exportPath },
                  mounts: web.mediaDirectories,
                  keyVaultUri: uri,
                  identityClientId: clientId,
                  settings: {
                    profile,
                    siteUrl: web.siteUrl ?? "",
                    database: { host: dbHost, port: MYSQL_PORT, name: MYSQL_DATABASE_NAME },
                    sessions: { host: cacheHost, port: MANAGED_REDIS_PORT },
                    ...(search
                      ? { search: { host: search.host, port: search.port, username: search.adminUserName } }
                      : {}),
                  },
                  secrets: {
                    databaseUsername: database.administratorLogin,
                    databasePassword: MYSQL_PASSWORD_SECRET,
                    sessionKey: REDIS_ACCESS_KEY_SECRET,
                    ...(profile === "wordpress" ? { salts: WORDPRESS_SALTS_SECRET } : {}),
                    ...(search
                      ? {
                          searchPassword: search.passwordSecretName,
                          searchCaCertificate: search.caCertificateSecretName,
                        }
                      : {}),
                  },
                }),
              ),
          },
          capacity: web.capacity,
          ...(web.scaling ? { scaling: web.scaling } : {}),
          ...(web.campaigns ? { campaigns: web.campaigns } : {}),
          ...(web.upgrade ? { upgrade: web.upgrade } : {}),
        },
        child,
      );
    }

    // --- Access: Azure Bastion or none (azweb). ---
    if (args.access) {
      this.bastion = new AzureBastion(
        `${name}-bastion`,
        {
          resourceGroupName: rg,
          location,
          ...args.access,
          virtualNetworkId: this.network.virtualNetworkId,
          ...(args.access.sku !== "Developer" && this.network.subnetIds.bastion
            ? { bastionSubnetId: this.network.subnetIds.bastion }
            : {}),
        },
        child,
      );
    }

    // --- Operations, part 2: diagnostic settings, alerts, action group, saved queries, budget (azops). ---
    // Each resource goes to the workspace once, through the one helper (MySQL's slow and audit logs land in
    // AzureDiagnostics, where the saved searches read them, with its metrics in AzureMetrics).
    if (ops && this.logs) {
      const diagnostics: DiagnosticTarget[] = [
        ...Object.entries(this.network.networkSecurityGroupIds).map(([role, resourceId]) => ({
          role: `${role.toLowerCase()}-subnet-nsg`,
          kind: "networkSecurityGroup" as const,
          resourceId: resourceId!,
        })),
        {
          role: "flow-log-storage",
          kind: "blobService",
          resourceId: pulumi.interpolate`${this.network.flowLogStorageAccountId}/blobServices/default`,
        },
        ...(this.database?.diagnosticTargets ?? []).map((t, i) => ({
          role: i === 0 ? "mysql" : `mysql-reader-${i}`,
          kind: "mysqlServer" as const,
          resourceId: t.resourceId,
        })),
        ...(this.keyVault
          ? [{ role: "vault", kind: "keyVault" as const, resourceId: this.keyVault.vaultId }]
          : []),
        ...(this.geoKeyVault
          ? [{ role: "geo-vault", kind: "keyVault" as const, resourceId: this.geoKeyVault.vaultId }]
          : []),
        ...(this.sessions
          ? [
              { role: "cache", kind: "redisCluster" as const, resourceId: this.sessions.clusterId },
              {
                role: "sessions",
                kind: "redisDatabase" as const,
                resourceId: pulumi.interpolate`${this.sessions.clusterId}/databases/default`,
              },
            ]
          : []),
        ...(this.media
          ? [
              {
                role: "media",
                kind: "fileService" as const,
                resourceId: pulumi.interpolate`${this.media.accountId}/fileServices/default`,
              },
            ]
          : []),
        ...(this.search?.diagnosticTargets ?? []),
        ...(this.web
          ? [
              { role: "gateway", kind: "applicationGateway" as const, resourceId: this.web.gatewayId },
              { role: "web-servers", kind: "scaleSet" as const, resourceId: this.web.scaleSetId },
            ]
          : []),
        ...(this.edge
          ? [{ role: "front-door", kind: "frontDoor" as const, resourceId: this.edge.serviceId }]
          : []),
        ...(this.bastion
          ? [{ role: "bastion", kind: "bastion" as const, resourceId: this.bastion.bastionId }]
          : []),
      ];
      this.monitoring = new Monitoring(
        `${name}-monitoring`,
        {
          resourceGroupName: rg,
          location,
          workspaceId: this.logs.workspaceId,
          diagnostics,
          stack: {
            ...(this.web
              ? { gateway: { id: this.web.gatewayId }, scaleSet: { id: this.web.scaleSetId } }
              : {}),
            ...(this.edge ? { frontDoor: { id: this.edge.serviceId } } : {}),
            ...(this.database
              ? {
                  database: {
                    id: this.database.serverId,
                    replicaIds: this.database.diagnosticTargets.slice(1).map((t) => t.resourceId),
                  },
                }
              : {}),
            ...(this.sessions ? { cache: { id: this.sessions.clusterId } } : {}),
            ...(this.media && args.media
              ? {
                  media: {
                    fileServiceId: pulumi.interpolate`${this.media.accountId}/fileServices/default`,
                    shareName: this.media.shareId.apply((id) => id.split("/").pop() ?? ""),
                    quotaGiB: args.media.quotaGiB,
                  },
                }
              : {}),
            ...(this.search ? { search: { loadBalancerId: this.search.loadBalancerId } } : {}),
          },
          thresholds: ops.thresholds,
          ...(ops.azureThresholds ? { azureThresholds: ops.azureThresholds } : {}),
          emails: ops.emails,
          ...(ops.webhookUrl ? { webhookUrl: ops.webhookUrl } : {}),
          ...(ops.alertSeverity !== undefined ? { severity: ops.alertSeverity } : {}),
        },
        child,
      );
      if (ops.budget) {
        new ResourceGroupBudget(
          `${name}-budget`,
          { resourceGroupId: group.id, emails: ops.emails, ...ops.budget },
          child,
        );
      }
    }

    this.resourceGroupName = rg;
    this.resourceGroupId = group.id;
    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      virtualNetworkId: this.network.virtualNetworkId,
    });
  }
}
