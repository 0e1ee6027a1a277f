import type { EnvironmentBase, Profile } from "./schema";

/*
 * Capacity sizing from what a shop owner knows: how many people are on the site at the peak.
 *
 * The model (assumptions in the README):
 * - a shopper requests a page about every 20 seconds (think time), so peak page views per second are
 *   peak users / 20, unless the owner gives the figure;
 * - a vCPU of a current Graviton server serves 12 uncached Magento page views per second, or 20 WordPress
 *   ones, at the 70% CPU the fleet scales at (10,000 simultaneous Magento users on 10 four-vCPU servers,
 *   as in the case study, is 500 page views per second: 12.5 per vCPU);
 * - prod runs one server size per profile (Magento c7g.xlarge, WordPress m7g.large), dev t4g.medium;
 * - the fleet's maximum (at most 500) leaves 50% headroom over the computed peak, its minimum keeps a server per AZ
 *   (or 30% of the peak, whichever is more) so a morning rush does not wait for new servers;
 * - database, cache and search classes step up with peak traffic.
 */

export interface SizingInput {
  readonly peakUsers: number;
  /** Overrides peakUsers / 20. */
  readonly pageViewsPerSecond?: number;
  readonly profile: Profile;
  readonly base: EnvironmentBase;
  readonly azCount: number;
}

export interface Sizing {
  readonly pageViewsPerSecond: number;
  /** Present when the peak needs more servers than one fleet may hold: what it would take, uncapped. */
  readonly capped?: { readonly serversNeeded: number; readonly maxFleet: number };
  readonly web: {
    instanceType: string;
    minSize: number;
    maxSize: number;
    desiredCapacity: number;
    peakServers: number;
  };
  readonly database: { instanceClass: string; readers: number };
  readonly cache: { nodeType: string };
}

export const THINK_TIME_SECONDS = 20;
export const PAGE_VIEWS_PER_VCPU: Readonly<Record<Profile, number>> = { magento: 12, wordpress: 20 };
export const MAX_FLEET = 500;
/** One server size per profile in prod, so more shoppers always mean more servers, never fewer. */
const PROD_SERVER: Readonly<Record<Profile, { instanceType: string; vcpus: number }>> = {
  magento: { instanceType: "c7g.xlarge", vcpus: 4 },
  wordpress: { instanceType: "m7g.large", vcpus: 2 },
};
const DEV_SERVER = { instanceType: "t4g.medium", vcpus: 2 };

/** Steps by page views per second: the first whose limit the traffic stays under. */
function step<T>(pvps: number, steps: readonly (readonly [number, T])[]): T {
  return (steps.find(([limit]) => pvps <= limit) ?? steps[steps.length - 1])[1];
}

/**
 * The web fleet for a peak, on both clouds: enough servers of `server`'s size for the page views (capped at
 * MAX_FLEET), half as many again at most, and at least `prodFloor` servers (or 30% of the peak) in prod, one
 * in dev.
 */
function webFleet(
  pvps: number,
  profile: Profile,
  server: { readonly instanceType: string; readonly vcpus: number },
  prodFloor: number | undefined,
) {
  const serversNeeded = Math.ceil(Math.max(1, pvps / PAGE_VIEWS_PER_VCPU[profile]) / server.vcpus);
  const peakServers = Math.min(MAX_FLEET, serversNeeded);
  const minSize = prodFloor === undefined ? 1 : Math.max(prodFloor, Math.ceil(peakServers * 0.3));
  const maxSize = Math.min(MAX_FLEET, Math.max(minSize + 1, Math.ceil(peakServers * 1.5)));
  return {
    pageViewsPerSecond: Math.round(pvps * 10) / 10,
    ...(serversNeeded > MAX_FLEET ? { capped: { serversNeeded, maxFleet: MAX_FLEET } } : {}),
    web: {
      instanceType: server.instanceType,
      minSize: Math.min(minSize, maxSize),
      maxSize,
      desiredCapacity: Math.min(minSize, maxSize),
      peakServers,
    },
  };
}

export function sizeFor(input: SizingInput): Sizing {
  const pvps = input.pageViewsPerSecond ?? input.peakUsers / THINK_TIME_SECONDS;
  const prod = input.base === "prod";
  const server = prod ? PROD_SERVER[input.profile] : DEV_SERVER;
  return {
    ...webFleet(pvps, input.profile, server, prod ? input.azCount : undefined),
    database: {
      instanceClass: prod
        ? step(pvps, [
            [100, "db.r7g.large"],
            [500, "db.r7g.xlarge"],
            [2000, "db.r7g.2xlarge"],
            [Infinity, "db.r7g.4xlarge"],
          ] as const)
        : "db.t4g.medium",
      // Each reader takes an AZ other than the writer's (stacks/checks/data.ts).
      readers: prod
        ? Math.min(
            input.azCount - 1,
            step(pvps, [
              [250, 1],
              [1000, 2],
              [Infinity, 3],
            ] as const),
          )
        : 0,
    },
    cache: {
      nodeType: prod
        ? step(pvps, [
            [250, "cache.r7g.large"],
            [1000, "cache.r7g.xlarge"],
            [Infinity, "cache.r7g.2xlarge"],
          ] as const)
        : "cache.t4g.small",
    },
  };
}

/** vCPUs of current-generation instance sizes: 2 up to large, 4 per xlarge. */
export function vcpusOf(instanceType: string): number {
  const size = instanceType.split(".")[1] ?? "";
  const xlarge = /^(\d*)xlarge$/.exec(size);
  return xlarge ? 4 * Number(xlarge[1] || 1) : 2;
}

/*
 * The Azure table: the same model (think time, page views per vCPU, headroom, steps by page views per
 * second) in Azure's sizes. Each size is one Azure offers and fits what the kit enforces:
 * - web servers: Arm64 Cobalt 100 sizes, the Graviton equivalent, of the only Arm64 series Trusted Launch
 *   supports (Dpsv6, Dplsv6: "Trusted Launch for Azure virtual machines", Virtual machines sizes; the
 *   Dpsv5 generation is "currently not supported"): prod Magento Standard_D4ps_v6 (4 vCPUs, 16 GiB), prod
 *   WordPress Standard_D2ps_v6 (2 vCPUs, 8 GiB), dev Standard_D2pls_v6 (2 vCPUs, 4 GiB) ("Dpsv6 sizes
 *   series", "Dplsv6 sizes series");
 * - MySQL Flexible Server: General Purpose Dadsv5 compute sizes of 4 to 32 vCores (16 to 128 GiB, the
 *   memory of db.r7g.large to 4xlarge) with zone-redundant HA and readers; Burstable (no HA, no read
 *   replicas) stays dev's ("Azure Database for MySQL - Flexible Server service tiers", General Purpose);
 * - Azure Managed Redis: Balanced_B3, B5, B10 (3, 6, 12 GB; "What is Azure Managed Redis?", Tiers and SKUs;
 *   the names are azure-native 3.28's redisenterprise SkuName values);
 * - search nodes (Magento): x64 memory-optimized Esv5 sizes (OpenSearch runs its linux-x64 build; the E
 *   family supports Trusted Launch): Standard_E2s_v5, E4s_v5, E8s_v5 (16, 32, 64 GiB; "Esv5 sizes series").
 */

export interface AzureSizingInput {
  readonly peakUsers: number;
  readonly pageViewsPerSecond?: number;
  readonly profile: Profile;
  readonly base: EnvironmentBase;
  /** Availability zones the stack spreads over (0 in dev: regional placement). */
  readonly zoneCount: number;
}

export interface AzureSizing {
  readonly pageViewsPerSecond: number;
  readonly capped?: { readonly serversNeeded: number; readonly maxFleet: number };
  readonly web: {
    instanceType: string;
    minSize: number;
    maxSize: number;
    desiredCapacity: number;
    peakServers: number;
  };
  readonly database: { tier: "GeneralPurpose" | "Burstable"; sku: string; readers: number };
  readonly cache: { sku: string };
  readonly search: { instanceType: string };
}

const AZURE_PROD_SERVER: Readonly<Record<Profile, { instanceType: string; vcpus: number }>> = {
  magento: { instanceType: "Standard_D4ps_v6", vcpus: 4 },
  wordpress: { instanceType: "Standard_D2ps_v6", vcpus: 2 },
};
const AZURE_DEV_SERVER = { instanceType: "Standard_D2pls_v6", vcpus: 2 };

export function azureSizeFor(input: AzureSizingInput): AzureSizing {
  const prod = input.base === "prod";
  const server = prod ? AZURE_PROD_SERVER[input.profile] : AZURE_DEV_SERVER;
  const pvps = input.pageViewsPerSecond ?? input.peakUsers / THINK_TIME_SECONDS;
  return {
    // A server per zone in prod (at least 2: the kit's check for prod), or 30% of the peak.
    ...webFleet(pvps, input.profile, server, prod ? Math.max(input.zoneCount, 2) : undefined),
    database: prod
      ? {
          tier: "GeneralPurpose",
          sku: step(pvps, [
            [100, "Standard_D4ads_v5"],
            [500, "Standard_D8ads_v5"],
            [2000, "Standard_D16ads_v5"],
            [Infinity, "Standard_D32ads_v5"],
          ] as const),
          // Readers go to zones other than the writer's, as on AWS.
          readers: Math.max(
            0,
            Math.min(
              input.zoneCount - 1,
              step(pvps, [
                [250, 1],
                [1000, 2],
                [Infinity, 3],
              ] as const),
            ),
          ),
        }
      : { tier: "Burstable", sku: "Standard_B1ms", readers: 0 },
    cache: {
      sku: prod
        ? step(pvps, [
            [250, "Balanced_B3"],
            [1000, "Balanced_B5"],
            [Infinity, "Balanced_B10"],
          ] as const)
        : "Balanced_B0",
    },
    search: {
      instanceType: prod
        ? step(pvps, [
            [250, "Standard_E2s_v5"],
            [1000, "Standard_E4s_v5"],
            [Infinity, "Standard_E8s_v5"],
          ] as const)
        : "Standard_B2s_v2",
    },
  };
}
