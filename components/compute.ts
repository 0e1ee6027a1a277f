import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/*
 * What web servers and the bastion share: the processor architecture an instance type implies, the
 * current Amazon Linux 2023 image for it, and an instance role that SSM can manage.
 */

export type Architecture = "arm64" | "x86_64";

/** Graviton families carry a `g` right after the generation (m7g, c6gn, t4g, r8gd); a1 is the first. */
export function architectureOf(instanceType: string): Architecture {
  const family = instanceType.split(".")[0];
  return family === "a1" || /^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

/** The newest Amazon Linux 2023 image (standard, not minimal) for the instance type's architecture. */
export function amazonLinux2023(
  instanceType: string,
  opts: pulumi.InvokeOutputOptions,
): pulumi.Output<string> {
  const architecture = architectureOf(instanceType);
  return aws.ec2
    .getAmiOutput(
      {
        owners: ["amazon"],
        mostRecent: true,
        filters: [
          { name: "name", values: [`al2023-ami-2023.*-kernel-*-${architecture}`] },
          { name: "architecture", values: [architecture] },
          { name: "virtualization-type", values: ["hvm"] },
        ],
      },
      opts,
    )
    .apply((ami) => ami.id);
}

/** AWS-managed policies an instance may have: Session Manager, and the CloudWatch agent's metrics and logs. */
export const INSTANCE_POLICIES = {
  ssm: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  cloudWatchAgent: "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
} as const;

export interface InstanceRoleArgs {
  readonly description: string;
  readonly managedPolicies: readonly (keyof typeof INSTANCE_POLICIES)[];
}

/** An EC2 instance role and profile with nothing but the named managed policies: no static credentials. */
export class InstanceRole extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;
  readonly instanceProfileArn: pulumi.Output<string>;
  readonly instanceProfileName: pulumi.Output<string>;

  constructor(name: string, args: InstanceRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:compute:InstanceRole", name, {}, opts);
    const role = new aws.iam.Role(
      name,
      {
        description: args.description,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        }),
        tags: { Name: name },
      },
      { parent: this },
    );
    for (const policy of args.managedPolicies) {
      new aws.iam.RolePolicyAttachment(
        `${name}-${policy}`,
        { role: role.name, policyArn: INSTANCE_POLICIES[policy] },
        { parent: this },
      );
    }
    const profile = new aws.iam.InstanceProfile(
      name,
      { role: role.name, tags: { Name: name } },
      { parent: this },
    );

    this.roleArn = role.arn;
    this.roleName = role.name;
    this.instanceProfileArn = profile.arn;
    this.instanceProfileName = profile.name;
    this.registerOutputs({ roleArn: this.roleArn, instanceProfileArn: this.instanceProfileArn });
  }
}
