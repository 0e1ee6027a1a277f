import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { serviceRole } from "../shared/service-role";
import { sessionManagerPolicy } from "./session-manager";

/** AWS-managed policies an instance may have: Session Manager, and the CloudWatch agent's metrics and logs. */
export const INSTANCE_POLICIES = {
  ssm: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  cloudWatchAgent: "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
  /** What an Image Builder build instance needs (Image Builder User Guide, "Instance profile"). */
  imageBuilder: "arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder",
} as const;

export interface InstanceRoleArgs {
  readonly description: string;
  readonly managedPolicies: readonly (keyof typeof INSTANCE_POLICIES)[];
  /**
   * Session Manager and the SSM agent without reading parameters (session-manager.ts): instead of the
   * `ssm` managed policy, whose `ssm:GetParameter(s)` covers every parameter of the account.
   * @default false
   */
  readonly sessionManager?: boolean;
}

/** An EC2 instance role and profile with nothing but the named managed policies: no static credentials. */
export class InstanceRole extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;
  readonly instanceProfileArn: pulumi.Output<string>;
  readonly instanceProfileName: pulumi.Output<string>;

  constructor(name: string, args: InstanceRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:compute:InstanceRole", name, {}, opts);
    const role = serviceRole(
      name,
      { service: "ec2.amazonaws.com", description: args.description },
      { parent: this },
    );
    for (const policy of args.managedPolicies) {
      new iam.RolePolicyAttachment(
        `${name}-${policy}`,
        { role: role.name, policyArn: INSTANCE_POLICIES[policy] },
        { parent: this },
      );
    }
    if (args.sessionManager) {
      const policy = new iam.Policy(
        `${name}-session-manager`,
        {
          description: "Session Manager and the SSM agent; reads no parameter",
          policy: JSON.stringify(sessionManagerPolicy()),
          tags: { Name: `${name}-session-manager` },
        },
        { parent: this },
      );
      new iam.RolePolicyAttachment(
        `${name}-session-manager`,
        { role: role.name, policyArn: policy.arn },
        { parent: this },
      );
    }
    const profile = new iam.InstanceProfile(
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
