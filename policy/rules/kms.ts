import { resourceRule } from "../lib/define";
import { isAnyone, statements } from "../lib/props";
import { KMS_KEY, KMS_KEY_POLICY } from "../lib/types";

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

export const kmsKeyPolicyNoWildcardPrincipal = resourceRule({
  id: "kms-key-policy-no-wildcard-principal",
  description: "Key policies allow nothing to everyone (`*`) without a condition.",
  severity: "high",
  remediation:
    "Name the account root or the roles that use the key, or add a condition (e.g. kms:CallerAccount).",
  pci: "3.2.1: 7.2.1; 4.0: 3.6.1, 7.2.1",
  types: [KMS_KEY, KMS_KEY_POLICY],
  check(r, report) {
    const open = statements(r.props.policy).some(
      (s) => s.effect === "Allow" && isAnyone(s.principal) && s.condition === undefined,
    );
    if (open) report("A statement allows anyone to use or manage the key without a condition.");
  },
});

export const kmsNoBypassLockoutCheck = resourceRule({
  id: "kms-no-bypass-lockout-check",
  description: "Keys keep KMS's check that a key policy does not lock its account out.",
  severity: "high",
  remediation: "Remove bypassPolicyLockoutSafetyCheck (or set it to false).",
  pci: "4.0: 3.6.1",
  types: [KMS_KEY, KMS_KEY_POLICY],
  check(r, report) {
    if (r.props.bypassPolicyLockoutSafetyCheck === true)
      report("The policy lockout safety check is bypassed.");
  },
});
