import type { EnvironmentBase, FlowLogTrafficType, NatStrategy } from "./schema";

/**
 * Environment presets: what a stack gets when its file does not say otherwise. Dev is cheap, prod is
 * fault tolerant; neither is insecure. Secure settings that hold for every stack live in the components,
 * not here.
 */
export interface NetworkPreset {
  readonly cidr: string;
  readonly azCount: number;
  readonly natGateways: NatStrategy;
  readonly flowLogs: { readonly trafficType: FlowLogTrafficType; readonly retentionDays: number };
}

export interface EnvironmentPreset {
  readonly network: NetworkPreset;
}

export const ENVIRONMENT_PRESETS: Readonly<Record<EnvironmentBase, EnvironmentPreset>> = {
  dev: {
    network: {
      cidr: "10.0.0.0/16",
      azCount: 2,
      // One NAT gateway: private subnets lose egress if its AZ fails, which dev can live with.
      natGateways: "single",
      flowLogs: { trafficType: "ALL", retentionDays: 14 },
    },
  },
  prod: {
    network: {
      cidr: "10.0.0.0/16",
      azCount: 3,
      natGateways: "one-per-az",
      // A year of flow logs covers PCI DSS 10.5.1's retention of audit trails.
      flowLogs: { trafficType: "ALL", retentionDays: 365 },
    },
  },
};
