import * as redisenterprise from "@pulumi/azure-native/redisenterprise";
import * as pulumi from "@pulumi/pulumi";
import { VaultRef, vaultSecret } from "../secrets/key-vault";
import { globalName } from "../shared/names";
import { privateAccess } from "../shared/private-link";

/**
 * Azure Managed Redis listens on 10000 only, with TLS when the database's client protocol is `Encrypted`
 * ("Azure Managed Redis: connect", https://learn.microsoft.com/azure/redis/; the `Database.port` default).
 */
export const MANAGED_REDIS_PORT = 10000;

/**
 * The SKU families of Azure Managed Redis. `Enterprise_*` and `EnterpriseFlash_*` in the same enum are the
 * Azure Cache for Redis Enterprise tiers, which retire on 2027-03-31 together with Basic/Standard/Premium
 * (2028-09-30): "What's new in Azure Cache for Redis" (October 2025 retirement notice) and "Migrate with
 * tooling - Redis Enterprise to Azure Managed Redis" (https://learn.microsoft.com/azure/redis/migrate/).
 */
export const MANAGED_REDIS_SKU = /^(Balanced_B|MemoryOptimized_M|ComputeOptimized_X|FlashOptimized_A)\d+$/;

/** The Key Vault secret holding the access key (the `AUTH` password). */
export const REDIS_ACCESS_KEY_SECRET = "redis-access-key";

/** The database of a cluster must be called `default` (Redis Enterprise REST API reference, Databases). */
const DATABASE_NAME = "default";

export interface ManagedRedisArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /** A key unique to the stack: the cluster's host name `<name>.<region>.redis.azure.net` is public. */
  readonly stackKey: string;
  /** e.g. `Balanced_B1` (dev), `Balanced_B5` or `MemoryOptimized_M10` (prod). */
  readonly skuName: string;
  /**
   * Two nodes with replicated shards; in a region with zones the nodes are spread over them (zone
   * redundancy is automatic, there is no zone list to give: "Reliability in Azure Managed Redis").
   */
  readonly highAvailability: boolean;
  /**
   * AOF persistence every second, so a restart of both nodes loses at most a second of sessions.
   * @default false
   */
  readonly persistence?: boolean;
  /** The data subnet: the cluster's private endpoint goes here. */
  readonly subnetId: pulumi.Input<string>;
  readonly virtualNetworkId: pulumi.Input<string>;
  /** An existing `privatelink.redis.azure.net` zone linked to the network; else one is made. */
  readonly privateDnsZoneId?: pulumi.Input<string>;
  /** The vault the access key is stored in for the web servers. */
  readonly vault: VaultRef;
}

/** Every contradiction in the arguments, thrown at once before any resource is created. */
export function checkManagedRedisArgs(args: ManagedRedisArgs): void {
  const problems: string[] = [];
  if (!MANAGED_REDIS_SKU.test(args.skuName)) {
    problems.push(
      /^Enterprise/.test(args.skuName)
        ? `skuName ${args.skuName}: an Azure Cache for Redis Enterprise tier, retiring on 2027-03-31; expected an Azure Managed Redis SKU such as Balanced_B1`
        : `skuName ${args.skuName}: expected an Azure Managed Redis SKU (Balanced_B*, MemoryOptimized_M*, ComputeOptimized_X*, FlashOptimized_A*)`,
    );
  }
  if (args.persistence && /^FlashOptimized_/.test(args.skuName)) {
    problems.push(`persistence: not offered on Flash Optimized SKUs (${args.skuName})`);
  }
  if (args.stackKey.trim() === "") problems.push("stackKey: empty; expected a key unique to the stack");
  if (problems.length > 0) throw new Error(`ManagedRedis: ${problems.join("; ")}`);
}

/**
 * PHP sessions in Azure Managed Redis (`Microsoft.Cache/redisEnterprise`; never the retiring
 * `Microsoft.Cache/redis`). TLS only (the database's client protocol is `Encrypted`, TLS 1.2 at least),
 * public network access disabled and a private endpoint in the data subnet, high availability in prod,
 * one endpoint (`EnterpriseCluster`) because PHP's session handler cannot follow cluster redirects, and
 * only keys with an expiry evicted.
 *
 * Authentication: access keys, kept in Key Vault. Entra ID tokens expire after about an hour and must be
 * renewed by the client, while phpredis's session handler (and Magento's) send one static password from
 * `session.save_path`, so a token would lock every server out at its first expiry. The primary key is read
 * from the cluster at each deployment and stored as a Key Vault secret only the web identity can read;
 * regenerating the key and running the deployment again rotates it.
 */
export class ManagedRedis extends pulumi.ComponentResource {
  readonly clusterId: pulumi.Output<string>;
  /** `<name>.<region>.redis.azure.net`, resolving to the private endpoint inside the network. */
  readonly host: pulumi.Output<string>;
  readonly port: number = MANAGED_REDIS_PORT;
  /** Clients must speak TLS (1.2 or later). */
  readonly tls = true;
  /** Versionless Key Vault URI of the access key (the password of `AUTH`). */
  readonly accessKeySecretUri: pulumi.Output<string>;

  constructor(name: string, args: ManagedRedisArgs, opts?: pulumi.ComponentResourceOptions) {
    checkManagedRedisArgs(args);
    super("storefront:azure/data:ManagedRedis", name, {}, opts);
    const child = { parent: this };

    const cluster = new redisenterprise.RedisEnterprise(
      `${name}-cluster`,
      {
        clusterName: globalName("azure-native:redisenterprise:RedisEnterprise", name, args.stackKey),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        sku: { name: args.skuName },
        highAvailability: args.highAvailability ? "Enabled" : "Disabled",
        minimumTlsVersion: "1.2",
        publicNetworkAccess: "Disabled",
      },
      child,
    );
    const database = new redisenterprise.Database(
      `${name}-database`,
      {
        clusterName: cluster.name,
        resourceGroupName: args.resourceGroupName,
        databaseName: DATABASE_NAME,
        clientProtocol: "Encrypted",
        port: MANAGED_REDIS_PORT,
        clusteringPolicy: "EnterpriseCluster",
        evictionPolicy: "VolatileLRU",
        accessKeysAuthentication: "Enabled",
        ...(args.persistence ? { persistence: { aofEnabled: true, aofFrequency: "1s" } } : {}),
      },
      child,
    );

    privateAccess(
      `${name}-redis`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        subnetId: args.subnetId,
        virtualNetworkId: args.virtualNetworkId,
        privateDnsZoneId: args.privateDnsZoneId,
        targetId: cluster.id,
        service: "redisEnterprise",
      },
      child,
    );

    const keys = redisenterprise.listDatabaseKeysOutput(
      { clusterName: cluster.name, databaseName: database.name, resourceGroupName: args.resourceGroupName },
      { parent: this },
    );
    this.accessKeySecretUri = vaultSecret(
      `${name}-access-key`,
      {
        vault: args.vault,
        secretName: REDIS_ACCESS_KEY_SECRET,
        value: pulumi.secret(keys.primaryKey),
        contentType: "text/plain",
      },
      child,
    ).uri;

    this.clusterId = cluster.id;
    this.host = cluster.hostName;
    this.registerOutputs({ host: this.host, accessKeySecretUri: this.accessKeySecretUri });
  }
}
