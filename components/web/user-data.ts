/*
 * First-boot script of the web servers. It prepares what makes a server stateless and replaceable: shared
 * media mounted from EFS over TLS, with IAM authorisation, through the access points. The shop's code and
 * PHP runtime come from the image or the deployment pipeline; this script only wires the platform in.
 */

export interface MediaMount {
  /** Where the web servers see the directory, e.g. `/var/www/html/wp-content/uploads`. */
  readonly path: string;
  readonly accessPointId: string;
}

export interface WebUserDataArgs {
  readonly profile: string;
  readonly fileSystemId: string;
  readonly mounts: readonly MediaMount[];
}

/** Returns the shell script; the launch template base64-encodes it. */
export function webUserData(args: WebUserDataArgs): string {
  const fstab = args.mounts.map(
    (m) =>
      `${args.fileSystemId}:/ ${m.path} efs _netdev,noresvport,tls,iam,accesspoint=${m.accessPointId} 0 0`,
  );
  return [
    "#!/bin/bash",
    `# Web server bootstrap (profile: ${args.profile}), run once by cloud-init at first boot.`,
    "set -euo pipefail",
    "",
    "dnf install -y amazon-efs-utils",
    "",
    "# Shared media: EFS over TLS, IAM-authorised, through access points that pin owner and root directory.",
    ...args.mounts.map((m) => `mkdir -p ${m.path}`),
    ...fstab.map((line) => `grep -qxF '${line}' /etc/fstab || echo '${line}' >> /etc/fstab`),
    "# Mount targets may still be coming up when the first servers boot: retry for up to five minutes.",
    "for attempt in $(seq 1 20); do mount -a -t efs && break; sleep 15; done",
    ...args.mounts.map((m) => `mountpoint -q ${m.path}`),
    "",
  ].join("\n");
}
