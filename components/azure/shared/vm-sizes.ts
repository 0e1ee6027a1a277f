/*
 * What Azure accepts of a VM size for the kit's servers. Every scale set the kit builds (web servers,
 * search nodes) sets `securityProfile.securityType: TrustedLaunch` (secure boot, vTPM) and encryption at
 * host, so its size must belong to a family that supports Trusted Launch.
 *
 * Source: "Trusted Launch for Azure virtual machines", Virtual machines sizes
 * (https://learn.microsoft.com/azure/virtual-machines/trusted-launch, revision of 2025-04-21): supported
 * are the B, D, F, Fx, E, Eb and L families and, of the Arm64 sizes, only Dpsv6, Dplsv6 and Epsv6;
 * "currently not supported": Dpsv5, Dpdsv5, Dplsv5, Dpldsv5 (the first Arm64 generation) and the M family;
 * "not supported" (no Generation 2 VMs): the A family, Dv2, Dv3 and the DC/EC confidential families. The
 * revision of 2022 also listed Epsv5 and Epdsv5 (the first Arm64 generation's memory-optimized sizes)
 * among the "sizes not supported yet"; the 2025 revision names only Epsv6 as a supported Arm64 E size.
 *
 * Encryption at host has no family list: "The complete list of supported VM sizes can be pulled
 * programmatically" (Resource SKUs, capability EncryptionAtHostSupported; "Server-side encryption of Azure
 * Disk Storage", Encryption at host). The sizes the kit chooses itself (stacks/azure-presets.ts,
 * stacks/sizing.ts) are current generations that advertise it; a size the stack file names is checked only
 * against the Trusted Launch list above.
 */

/**
 * A VM size's parts ("Azure virtual machine sizes naming conventions"): `Standard_` + family letters +
 * vCPUs (a constrained size adds `-<active vCPUs>`) + lowercase additive features + an optional
 * accelerator + a version: `Standard_D4ps_v6` is family D, 4 vCPUs, features `ps`, version `v6`.
 */
export interface VmSizeParts {
  readonly family: string;
  readonly vcpus: number;
  readonly features: string;
  readonly version: string;
  /** The series the documentation names: family + features + version (`Dpsv6`). */
  readonly series: string;
}

const VM_SIZE = /^Standard_([A-Z]{1,3})(\d+)(?:-\d+)?([a-z]*)(?:_[A-Z]\d+)?(?:_(v\d+))?$/;

export function vmSizeParts(size: string): VmSizeParts | undefined {
  const m = VM_SIZE.exec(size);
  if (!m) return undefined;
  const [, family, vcpus, features, version = ""] = m;
  return { family, vcpus: Number(vcpus), features, version, series: `${family}${features}${version}` };
}

/** The "p" feature letter is an Arm64 processor (naming conventions). */
export function isArm64Size(size: string): boolean {
  return vmSizeParts(size)?.features.includes("p") ?? false;
}

/** Series Trusted Launch does not support (yet), by the page above. */
const TRUSTED_LAUNCH_UNSUPPORTED_SERIES = new Set([
  "Dpsv5",
  "Dpdsv5",
  "Dplsv5",
  "Dpldsv5",
  "Epsv5",
  "Epdsv5",
  // Dv2 and Dv3 (no premium-storage "s"): Generation 1 only.
  "Dv2",
  "Dv3",
]);
/** Families Trusted Launch does not support: A (Generation 1 only), M (not yet), DC and EC (confidential). */
const TRUSTED_LAUNCH_UNSUPPORTED_FAMILIES = new Set(["A", "M", "DC", "EC"]);

/** Why Trusted Launch cannot run on `size`, or undefined when its family supports it. */
export function trustedLaunchProblem(size: string): string | undefined {
  const parts = vmSizeParts(size);
  if (!parts) return undefined;
  if (TRUSTED_LAUNCH_UNSUPPORTED_FAMILIES.has(parts.family)) {
    return `the ${parts.family} family does not support Trusted Launch`;
  }
  if (TRUSTED_LAUNCH_UNSUPPORTED_SERIES.has(parts.series)) {
    return `the ${parts.series} series does not support Trusted Launch`;
  }
  return undefined;
}

/** The wording a check prints next to a refused size. */
export const TRUSTED_LAUNCH_SIZE_RULE =
  'a VM size whose family supports Trusted Launch ("Trusted Launch for Azure virtual machines"): not Dpsv5, Dpdsv5, Dplsv5, Dpldsv5, Epsv5, Epdsv5, Dv2, Dv3 or the A, M, DC and EC families; Arm64 servers take Dpsv6 or Dplsv6, such as Standard_D2ps_v6';
