import type { EnvironmentBase, FlowLogTrafficType, NatStrategy, Profile } from "./schema";

/** A stack's configuration after validation, with every preset filled in. */
export interface StackConfig {
  readonly stack: string;
  readonly client: string;
  readonly environment: string;
  readonly base: EnvironmentBase;
  readonly profile: Profile;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly network: {
    readonly cidr: string;
    readonly azCount: number;
    /** Explicit zones; when absent the first `azCount` available zones of the region are used. */
    readonly availabilityZones?: readonly string[];
    readonly natGateways: NatStrategy;
    readonly flowLogs: { readonly trafficType: FlowLogTrafficType; readonly retentionDays: number };
  };
}
