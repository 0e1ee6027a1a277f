import type { ConfigProblem } from "../config-error";
import type { StackConfig } from "../stack-config";
import { cacheShape, databaseShape, searchShape } from "./data";
import { edgeCertificate, fastlySettings, originHostname, prodNeedsEdge } from "./edge";
import { cidrFitsZones, prodNatPerAz, zonesInRegion } from "./network";
import { backupCopyRegion, logLifecycle, prodAlerts } from "./operations";
import type { Check } from "./check";
import { campaignsValid, domainUsable, webCapacity } from "./web";

/*
 * Checks that span several keys, run on the resolved configuration (presets filled in). All checks
 * run, so the user sees every problem at once.
 */

export const CROSS_FIELD_CHECKS: readonly Check[] = [
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
  return CROSS_FIELD_CHECKS.flatMap((rule) => rule(config));
}

export { searchZoneCount } from "./data";
