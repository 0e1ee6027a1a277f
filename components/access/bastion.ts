import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import { amazonLinux2023 } from "../compute/image";
import { InstanceRole } from "../compute/instance-role";

export interface BastionArgs {
  /** A public subnet when SSH is allowed from outside; a private one (egress through NAT) for SSM only. */
  readonly subnetId: pulumi.Input<string>;
  /** Give the instance a public address: only when SSH is allow-listed from outside. */
  readonly publicIp: boolean;
  readonly securityGroupId: pulumi.Input<string>;
  readonly instanceType: string;
  /** EC2 key pair for SSH; @default none (SSM Session Manager only) */
  readonly keyName?: string;
}

/**
 * An operator's way in: a small SSM-managed host. With no SSH networks configured it has no public
 * address and no inbound rule at all (Session Manager and port forwarding only); with them, SSH is open
 * to those networks alone. IMDSv2 only, encrypted root volume, role limited to Session Manager.
 */
export class Bastion extends pulumi.ComponentResource {
  readonly instanceId: pulumi.Output<string>;
  readonly publicIp: pulumi.Output<string | undefined>;

  constructor(name: string, args: BastionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:access:Bastion", name, {}, opts);

    const role = new InstanceRole(
      `${name}-role`,
      { description: "Bastion: managed by SSM Session Manager", managedPolicies: [], sessionManager: true },
      { parent: this },
    );
    const instance = new ec2.Instance(
      `${name}-host`,
      {
        ami: amazonLinux2023(args.instanceType, { parent: this }),
        instanceType: args.instanceType,
        subnetId: args.subnetId,
        vpcSecurityGroupIds: [args.securityGroupId],
        associatePublicIpAddress: args.publicIp,
        iamInstanceProfile: role.instanceProfileName,
        ...(args.keyName ? { keyName: args.keyName } : {}),
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        rootBlockDevice: { volumeType: "gp3", volumeSize: 8, encrypted: true, deleteOnTermination: true },
        monitoring: true,
        tags: { Name: `${name}-host`, role: "bastion" },
        volumeTags: { Name: `${name}-host`, role: "bastion" },
      },
      // The image is looked up when the bastion is created and kept: AWS publishing a newer Amazon Linux
      // must not replace the operators' host under them. `pulumi up --replace` moves it deliberately;
      // Session Manager patching keeps it current in between.
      { parent: this, ignoreChanges: ["ami"] },
    );

    this.instanceId = instance.id;
    this.publicIp = args.publicIp ? instance.publicIp : pulumi.output(undefined);
    this.registerOutputs({ instanceId: this.instanceId });
  }
}
