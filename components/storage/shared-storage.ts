import * as efs from "@pulumi/aws/efs";
import * as pulumi from "@pulumi/pulumi";
import { rotatingKey } from "../shared/keys";
import { autonamed } from "../shared/names";
import { knownLength, repeated, throwIfProblems } from "../shared/check-args";

/** POSIX identity files are created with: the `apache` user PHP-FPM runs as on Amazon Linux 2023. */
export const WEB_POSIX_ID = 48;

export interface SharedStorageArgs {
  /** Subnets of the web servers, one per AZ; each gets a mount target. */
  readonly subnetIds: pulumi.Input<string[]>;
  /** How many subnets there are (the AZ count): mount targets are created per AZ. */
  readonly subnetCount: number;
  readonly securityGroupId: pulumi.Input<string>;
  /** The web servers' role: the only principal allowed to mount, and only through the access points. */
  readonly clientRoleArn: pulumi.Input<string>;
  /** One access point per media directory, rooted at `/<key>` on the file system. */
  readonly accessPointKeys: readonly string[];
  /** Days without access before a file moves to Infrequent Access. */
  readonly transitionToIaDays: number;
  /** Pulumi `protect` on the file system and its key. */
  readonly protect: boolean;
  /**
   * EFS's own daily backups; turn off where an AWS Backup plan already covers the file system.
   * @default true
   */
  readonly automaticBackups?: boolean;
  /** Extra tags of the file system, such as the one a backup plan selects by. */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Every contradiction in the arguments, thrown at once before any resource is created: one mount target
 * per subnet, so the count and a known list must agree; access points keyed by directory, once each.
 */
export function checkSharedStorageArgs(args: SharedStorageArgs): void {
  const listed = knownLength(args.subnetIds);
  throwIfProblems("SharedStorage", [
    (!Number.isInteger(args.subnetCount) || args.subnetCount < 1) &&
      `subnetCount ${args.subnetCount}: a whole number, 1 or more (one mount target per AZ)`,
    listed !== undefined &&
      listed !== args.subnetCount &&
      `subnetCount ${args.subnetCount}: the number of subnetIds (${listed})`,
    args.accessPointKeys.length === 0 && "accessPointKeys []: one directory or more",
    repeated(args.accessPointKeys).length > 0 &&
      `accessPointKeys ${JSON.stringify(repeated(args.accessPointKeys))}: each directory once`,
  ]);
}

/**
 * Shared media on EFS: uploads and generated media live here so web servers stay stateless. Encrypted
 * at rest with the stack's own rotating KMS key, reachable only over TLS, only by the web servers' role,
 * only through access points that pin the POSIX identity and root directory; backed up by AWS Backup.
 */
export class SharedStorage extends pulumi.ComponentResource {
  readonly fileSystemId: pulumi.Output<string>;
  readonly fileSystemArn: pulumi.Output<string>;
  /** Access point ids by key. */
  readonly accessPointIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: SharedStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    checkSharedStorageArgs(args);
    super("storefront:storage:SharedStorage", name, {}, opts);

    const key = rotatingKey(`${name}-key`, `Encrypts the shared media file system ${name}`, {
      parent: this,
      protect: args.protect,
    });
    const fs = new efs.FileSystem(
      autonamed("aws:efs/fileSystem:FileSystem", `${name}-fs`),
      {
        encrypted: true,
        kmsKeyId: key.arn,
        performanceMode: "generalPurpose",
        // Elastic throughput follows campaign peaks without provisioning or burst credits.
        throughputMode: "elastic",
        lifecyclePolicies: [
          { transitionToIa: `AFTER_${args.transitionToIaDays}_DAYS` },
          { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" },
        ],
        tags: { ...args.tags, Name: `${name}-fs` },
      },
      { parent: this, protect: args.protect },
    );

    new efs.BackupPolicy(
      `${name}-backup`,
      {
        fileSystemId: fs.id,
        backupPolicy: { status: args.automaticBackups === false ? "DISABLED" : "ENABLED" },
      },
      { parent: this },
    );

    const mountTargets = Array.from(
      { length: args.subnetCount },
      (_, i) =>
        new efs.MountTarget(
          `${name}-mount-${i}`,
          {
            fileSystemId: fs.id,
            subnetId: pulumi.output(args.subnetIds).apply((ids) => ids[i]),
            securityGroups: [args.securityGroupId],
          },
          { parent: this },
        ),
    );

    const accessPoints = args.accessPointKeys.map(
      (apKey) =>
        new efs.AccessPoint(
          `${name}-ap-${apKey}`,
          {
            fileSystemId: fs.id,
            posixUser: { uid: WEB_POSIX_ID, gid: WEB_POSIX_ID },
            rootDirectory: {
              path: `/${apKey}`,
              creationInfo: { ownerUid: WEB_POSIX_ID, ownerGid: WEB_POSIX_ID, permissions: "0755" },
            },
            tags: { Name: `${name}-ap-${apKey}` },
          },
          { parent: this, dependsOn: mountTargets },
        ),
    );

    new efs.FileSystemPolicy(
      `${name}-policy`,
      {
        fileSystemId: fs.id,
        // Lockout check on: a policy that locks out every client is rejected instead of applied.
        bypassPolicyLockoutSafetyCheck: false,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: { AWS: "*" },
              Action: "*",
              Resource: fs.arn,
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
              Sid: "WebServersThroughAccessPoints",
              Effect: "Allow",
              Principal: { AWS: args.clientRoleArn },
              Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
              Resource: fs.arn,
              Condition: {
                StringEquals: { "elasticfilesystem:AccessPointArn": accessPoints.map((ap) => ap.arn) },
              },
            },
          ],
        }),
      },
      { parent: this },
    );

    this.fileSystemId = fs.id;
    this.fileSystemArn = fs.arn;
    this.accessPointIds = Object.fromEntries(args.accessPointKeys.map((k, i) => [k, accessPoints[i].id]));
    this.registerOutputs({ fileSystemId: this.fileSystemId, accessPointIds: this.accessPointIds });
  }
}
