import { Region } from "@pulumi/aws/types/enums";

/**
 * Regions of the commercial `aws` partition, taken from the AWS provider's own list so it moves with
 * provider upgrades. China, GovCloud, ISO and sovereign partitions lack services the kit relies on
 * (CloudFront with WAF, managed rule groups) and use other ARN formats.
 */
export const SUPPORTED_REGIONS: readonly string[] = Object.values(Region)
  .filter((r) => !/^(cn|us-gov|us-iso|eu-iso|eusc)/.test(r))
  .sort();
