/*
 * First-boot script of the web servers. It wires in what makes a server stateless and replaceable: shared
 * media mounted from EFS over TLS, with IAM authorisation, through the access points; PHP sessions in the
 * session cache over TLS, with the AUTH token read from SSM Parameter Store at boot, so no secret is ever
 * part of the launch template. The shop's code and PHP runtime come from the image or the deployment
 * pipeline; this script only connects them to the platform.
 */

export interface MediaMount {
  /** Where the web servers see the directory, e.g. `/var/www/html/wp-content/uploads`. */
  readonly path: string;
  readonly accessPointId: string;
}

export interface SessionStore {
  readonly host: string;
  readonly port: number;
  /** SSM SecureString parameter holding the AUTH token. */
  readonly authTokenParameterName: string;
  readonly region: string;
}

export interface WebUserDataArgs {
  readonly profile: string;
  readonly fileSystemId: string;
  readonly mounts: readonly MediaMount[];
  /** Present when the stack has a session cache. */
  readonly sessions?: SessionStore;
}

/** PHP's drop-in directory on Amazon Linux 2023, read by PHP-FPM and the CLI alike. */
export const PHP_SESSION_INI = "/etc/php.d/50-storefront-sessions.ini";

/** Returns the shell script; the launch template base64-encodes it. */
export function webUserData(args: WebUserDataArgs): string {
  return [
    "#!/bin/bash",
    `# Web server bootstrap (profile: ${args.profile}), run once by cloud-init at first boot.`,
    "set -euo pipefail",
    "",
    "dnf install -y amazon-efs-utils",
    "",
    ...mediaMounts(args.fileSystemId, args.mounts),
    ...(args.sessions ? ["", ...sessionConfig(args.sessions)] : []),
    "",
  ].join("\n");
}

function mediaMounts(fileSystemId: string, mounts: readonly MediaMount[]): string[] {
  const fstab = mounts.map(
    (m) => `${fileSystemId}:/ ${m.path} efs _netdev,noresvport,tls,iam,accesspoint=${m.accessPointId} 0 0`,
  );
  return [
    "# Shared media: EFS over TLS, IAM-authorised, through access points that pin owner and root directory.",
    ...mounts.map((m) => `mkdir -p ${m.path}`),
    ...fstab.map((line) => `grep -qxF '${line}' /etc/fstab || echo '${line}' >> /etc/fstab`),
    "# Mount targets may still be coming up when the first servers boot: retry for up to five minutes.",
    "for attempt in $(seq 1 20); do mount -a -t efs && break; sleep 15; done",
    ...mounts.map((m) => `mountpoint -q ${m.path}`),
  ];
}

function sessionConfig(s: SessionStore): string[] {
  return [
    "# PHP sessions: the session cache over TLS with AUTH. The token comes from Parameter Store (the",
    "# instance role's Session Manager policy may read it) and lands in a file only root and PHP can read.",
    `token=$(aws ssm get-parameter --region ${s.region} --name '${s.authTokenParameterName}' ` +
      "--with-decryption --query Parameter.Value --output text)",
    "mkdir -p /etc/php.d",
    `install -m 0640 -o root -g "$(getent group apache >/dev/null && echo apache || echo root)" /dev/null ${PHP_SESSION_INI}`,
    `cat > ${PHP_SESSION_INI} <<INI`,
    "session.save_handler = redis",
    `session.save_path = "tls://${s.host}:${s.port}?auth=\${token}"`,
    "INI",
  ];
}
