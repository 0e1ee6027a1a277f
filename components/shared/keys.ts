import * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";

/**
 * A customer-managed KMS key as every tier of the stack uses it: rotated yearly, deleted only after a
 * 30-day waiting period. Each data store gets its own, so access and audit stay per store.
 */
export function rotatingKey(
  name: string,
  description: string,
  opts: pulumi.CustomResourceOptions,
  policy?: pulumi.Input<string>,
): kms.Key {
  return new kms.Key(
    name,
    {
      description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      ...(policy ? { policy } : {}),
      tags: { Name: name },
    },
    opts,
  );
}
