import type { ConfigProblem } from "../config-error";
import type { StackConfig } from "../stack-config";
import { cacheShape, databaseShape, searchShape } from "./data";
import { edgeCertificate, fastlySettings, originHostname, prodNeedsEdge } from "./edge";
import { cidrFitsZones, prodNatPerAz, zonesInRegion } from "./network";
import { backupCopyRegion, logLifecycle, prodAlerts } from "./operations";
import type { Rule } from "./rule";
import { campaignsValid, domainUsable, webCapacity } from "./web";

/*
 * Rules that span several keys, checked on the resolved configuration (presets filled in). All rules
 * run, so the user sees every problem at once.
 */

export const CROSS_FIELD_RULES: readonly Rule[] = [
  prodNatPerAz,
  zonesInRegion,
  cidrFitsZones,
  webCapacity,
  campaignsValid,
  domainUsable,
  databaseShape,
  cacheShape,
  searchShape,
  prodNeedsEdge,
  edgeCertificate,
  originHostname,
  fastlySettings,
  logLifecycle,
  prodAlerts,
  backupCopyRegion,
];

export function crossFieldProblems(config: StackConfig): ConfigProblem[] {
  return CROSS_FIELD_RULES.flatMap((rule) => rule(config));
}

export { searchZoneCount } from "./data";
