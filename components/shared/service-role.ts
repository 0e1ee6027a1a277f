import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { autonamed } from "./names";

export interface ServiceRoleArgs {
  /** The AWS service principal that may assume the role, e.g. `backup.amazonaws.com`. */
  readonly service: string;
  /** Why the role exists, shown in the IAM console. */
  readonly description: string;
  /**
   * Confused-deputy guard: only requests on behalf of this account may assume the role. Services that
   * send `aws:SourceAccount` with AssumeRole honour it.
   * @default no condition
   */
  readonly sourceAccount?: pulumi.Input<string>;
}

/**
 * An IAM role one AWS service may assume, and nothing else: the trust policy every single-service role of
 * the kit shares. Permissions are attached by the caller.
 */
export function serviceRole(
  name: string,
  args: ServiceRoleArgs,
  opts: pulumi.CustomResourceOptions,
): iam.Role {
  return new iam.Role(
    autonamed("aws:iam/role:Role", name),
    {
      description: args.description,
      assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: args.service },
            Action: "sts:AssumeRole",
            ...(args.sourceAccount
              ? { Condition: { StringEquals: { "aws:SourceAccount": args.sourceAccount } } }
              : {}),
          },
        ],
      }),
      tags: { Name: name },
    },
    opts,
  );
}
