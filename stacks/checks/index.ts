import type { ConfigProblem } from "../config-error";
import type { RawStackConfig } from "../schema";
import type { StackConfig } from "../stack-config";
import { bastionSources } from "./access";
import { cacheShape, databaseShape, searchShape } from "./data";
import { edgeCertificate, edgeNeedsDomain, fastlySettings, originHostname, prodNeedsEdge } from "./edge";
import { environmentBase } from "./identity";
import { cidrFitsZones, prodNatPerAz, zonesAvailable, zonesInRegion } from "./network";
import { backupCopyRegion, logLifecycle, prodAlerts } from "./operations";
import type { Check, RawCheck } from "./check";
import { campaignsValid, domainUsable, webCapacity } from "./web";

/*
 * Checks that span several keys. Raw checks read what the stack file says about choices that decide
 * how presets are filled in; the others run on the resolved configuration (presets filled in). All of
 * them run, so the user sees every problem at once.
 */

export const RAW_CHECKS: readonly RawCheck[] = [environmentBase, edgeNeedsDomain, bastionSources];

export const CROSS_FIELD_CHECKS: readonly Check[] = [
  prodNatPerAz,
  zonesInRegion,
  zonesAvailable,
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

export function rawProblems(raw: RawStackConfig): ConfigProblem[] {
  return RAW_CHECKS.flatMap((check) => check(raw));
}

export function crossFieldProblems(config: StackConfig): ConfigProblem[] {
  return CROSS_FIELD_CHECKS.flatMap((check) => check(config));
}

export { searchZoneCount } from "./data";
