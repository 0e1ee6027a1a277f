// The CrossGuard policy pack: `pulumi preview --policy-pack ./policy`. Constructing it starts the policy
// server, so nothing else imports this file; the rules live in pack.ts and rules/.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, POLICIES } from "./pack";

new PolicyPack(PACK_NAME, {
  description: "Security rules for the storefront kit's stacks: CIS AWS Foundations and PCI DSS minded.",
  policies: POLICIES,
});
