import { resourceRule } from "../lib/define";
import { KMS_KEY } from "../lib/types";

/** KMS keys. */

export const kmsKeyRotation = resourceRule({
  id: "kms-key-rotation",
  description: "Symmetric encryption keys rotate automatically.",
  severity: "medium",
  remediation: "Set enableKeyRotation to true.",
  cis: "v3.0 3.6",
  pci: "3.2.1: 2.2, 3.5, 3.6, 3.6.4; 4.0: 3.7.4",
  types: [KMS_KEY],
  check(r, report) {
    const spec = String(r.props.customerMasterKeySpec ?? r.props.keySpec ?? "SYMMETRIC_DEFAULT");
    const usage = String(r.props.keyUsage ?? "ENCRYPT_DECRYPT");
    const external = r.props.customKeyStoreId !== undefined || r.props.xksKeyId !== undefined;
    if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT" || external) return;
    if (r.props.enableKeyRotation !== true) report("Automatic key rotation is off.");
  },
});
