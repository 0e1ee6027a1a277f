import { z } from "zod";
import { resourceRule } from "../../lib/define";
import { is, isProduction } from "../../lib/azure";
import { REDIS_CACHE, REDIS_DATABASE, REDIS_ENTERPRISE } from "../../lib/azure-types";

/** Azure Managed Redis (redisenterprise), the sessions store; Azure Cache for Redis is retiring. */

export const redisPrivateTls = resourceRule({
  id: "redis-private-tls",
  description:
    "Managed Redis clusters are private (no public network access), require TLS 1.2, and their databases speak TLS only.",
  severity: "critical",
  remediation:
    'Set publicNetworkAccess: "Disabled" with a private endpoint, minimumTlsVersion: "1.2" on the cluster, clientProtocol: "Encrypted" on the database.',
  pci: "4.0: 1.4.1, 4.2.1",
  references: "MCSB NS-2, DP-3",
  types: [REDIS_ENTERPRISE, REDIS_DATABASE],
  check(r, report) {
    if (r.type === REDIS_DATABASE) {
      // clientProtocol defaults to Encrypted (redisenterprise.Database inputs).
      if (is(r.props.clientProtocol, "Plaintext")) report("Clients may connect without TLS.");
      return;
    }
    // publicNetworkAccess is a required input: "Only 'Enabled' or 'Disabled' can be set".
    if (!is(r.props.publicNetworkAccess, "Disabled")) report("Public network access is enabled.");
    else if (r.props.minimumTlsVersion !== undefined && !is(r.props.minimumTlsVersion, "1.2"))
      report("The cluster accepts TLS older than 1.2.");
  },
});

export const redisHighAvailability = resourceRule({
  id: "redis-high-availability",
  description:
    "Production Redis replicates its data (high availability on), and the stack uses Azure Managed Redis, not the retiring Azure Cache for Redis.",
  severity: "medium",
  remediation:
    'Leave highAvailability "Enabled" in production; replace redis.Redis with redisenterprise.RedisEnterprise (no new Azure Cache for Redis instances from 2026-10-01).',
  references: "APRL",
  config: z.object({
    productionEnvironments: z
      .array(z.string())
      .default(["prod"])
      .describe("Values of the environment tag that mark production resources."),
  }),
  types: [REDIS_ENTERPRISE, REDIS_CACHE],
  check(r, report, config) {
    if (r.type === REDIS_CACHE) {
      report("Azure Cache for Redis is retiring; use Azure Managed Redis.");
      return;
    }
    // highAvailability is "Enabled by default" (redisenterprise.RedisEnterprise inputs).
    if (isProduction(r, config.productionEnvironments) && is(r.props.highAvailability, "Disabled"))
      report("The production cluster does not replicate its data.");
  },
});
