import { cronSetup } from "./cron";
import { Platform, PLATFORMS } from "./platform";
import {
  CONFIG_FILES,
  HEALTH_CHECK_PATH,
  Layout,
  magentoEnv,
  nginxSite,
  phpFpmPool,
  phpIni,
  Profile,
  SECRETS_SCRIPT,
  secretsRefreshUnits,
  secretsScript,
  sessionIni,
  SiteSettings,
  FPM_SIZING,
  wpConfig,
} from "./templates";

/*
 * First-boot script of the web servers. The image carries the software (nginx, PHP-FPM with phpredis,
 * OPcache, the EFS and CodeDeploy agents, the RDS CA bundle, WordPress core); this script connects one
 * server to its stack, and is kept small because scale-out speed matters in a sale:
 * - shared media mounted from EFS over TLS, with IAM authorisation, through the access points;
 * - the settings file (endpoints, site URL) and the secrets files, read at boot from Secrets Manager and
 *   Parameter Store into files only root and PHP's group can read (no secret is part of the launch
 *   template);
 * - the nginx site, the PHP-FPM pool sized from the instance's memory, PHP's settings, sessions in the
 *   session cache over TLS with AUTH, and wp-config.php or Magento's platform env.php pieces;
 * - last, the static health-check file: the load balancer sees a server only once it is configured.
 */

export interface MediaMount {
  /** Where the web servers see the directory, e.g. `/var/www/html/wp-content/uploads`. */
  readonly path: string;
  readonly accessPointId: string;
}

export interface WebUserDataArgs {
  readonly profile: Profile;
  readonly region: string;
  readonly fileSystemId: string;
  readonly mounts: readonly MediaMount[];
  /** What PHP needs to know that is not secret: endpoints and the site's URL. */
  readonly settings: SiteSettings;
  /** Where the secrets are read from at boot; the instance role may read exactly these. */
  readonly secrets: {
    /** The RDS-managed master secret (Secrets Manager). */
    readonly databaseSecretArn: string;
    /** SSM SecureString parameter holding the session cache's AUTH token. */
    readonly sessionTokenParameter: string;
    /** WordPress: the Secrets Manager secret of the shared keys and salts. */
    readonly saltsSecretArn?: string;
    /** Magento: SSM SecureString parameter holding OpenSearch's master password. */
    readonly searchPasswordParameter?: string;
    /** WordPress: the Secrets Manager secret of the setup token that unlocks the installer. */
    readonly setupTokenSecretArn?: string;
  };
  /** The shop's document root on the servers. */
  readonly webRoot: string;
  readonly staticMaxAgeSeconds: number;
  /** Lines run after configuration, before the health file appears (e.g. the scheduler's setup). */
  readonly extraSteps?: readonly string[];
}

/** The operating system the fleet boots: the image pipeline bakes Amazon Linux 2023. */
export const SERVER_PLATFORM: Platform = PLATFORMS.al2023;
/** The kit's directory of settings and secrets on a server. */
export const CONFIG_DIR = "/etc/storefront";
/** Where the image keeps RDS's CA bundle. */
export const RDS_CA_BUNDLE = "/usr/local/share/storefront/rds-global-bundle.pem";
/** RDS's global CA bundle, fetched at boot only when an image does not carry it. */
export const RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
export const UPLOAD_MAX_MIB = 64;
/** EC2 accepts at most 16 KB of user data, before base64 encoding (EC2 User Guide, "Instance user data"). */
export const USER_DATA_MAX_BYTES = 16 * 1024;

/** Where the files of a server point. */
export function serverLayout(webRoot: string, platform: Platform = SERVER_PLATFORM): Layout {
  return {
    webRoot,
    configDir: CONFIG_DIR,
    healthRoot: "/var/www/storefront-health",
    logDir: "/var/log/storefront",
    listen: "80",
    fpmSocket: platform.phpFpmSocket,
    fastcgiParams: "/etc/nginx/fastcgi_params",
    installerPasswordFile: "/etc/nginx/storefront-installer.htpasswd",
  };
}

/** Returns the shell script; the launch template base64-encodes it. */
export function webUserData(args: WebUserDataArgs): string {
  const platform = SERVER_PLATFORM;
  const layout = serverLayout(args.webRoot, platform);
  const group = platform.phpGroup;
  const conf = layout.configDir;
  const refreshUnits = secretsRefreshUnits();
  const script = [
    "#!/bin/bash",
    `# Web server first boot (profile: ${args.profile}, ${platform.name}), run once by cloud-init.`,
    "set -euo pipefail",
    "umask 027",
    `conf=${conf}`,
    "",
    ...mediaMounts(args.fileSystemId, args.mounts),
    "",
    "# Settings and secrets: files only root and PHP's group can read; PHP reads them on every request.",
    `install -d -m 0750 -o root -g ${group} "$conf" ${layout.logDir}`,
    `chmod 0770 ${layout.logDir}`,
    `cat > "$conf/${CONFIG_FILES.settings}" <<'JSON'`,
    JSON.stringify(args.settings),
    "JSON",
    `chgrp ${group} "$conf/${CONFIG_FILES.settings}"`,
    "# The secrets script reads them now and, for the database RDS rotates, every minute from a timer.",
    ...writeFile(
      SECRETS_SCRIPT,
      secretsScript({
        layout,
        region: args.region,
        phpGroup: group,
        nginxGroup: platform.nginxUser,
        secrets: args.secrets,
      }),
    ),
    `chmod 0700 ${SECRETS_SCRIPT}`,
    "# The role's permissions may still be propagating when the first servers boot: retry for five minutes.",
    `for _ in $(seq 1 20); do ${SECRETS_SCRIPT} all && break; sleep 15; done`,
    "# One test per line: `set -e` ignores a failure on the left of `&&`.",
    `[ -s "$conf/${CONFIG_FILES.database}" ]`,
    `[ -s "$conf/${CONFIG_FILES.sessionToken}" ]`,
    ...writeFile("/etc/systemd/system/storefront-secrets.service", refreshUnits.service),
    ...writeFile("/etc/systemd/system/storefront-secrets.timer", refreshUnits.timer),
    "# TLS to the database is verified: PHP trusts the system's CAs plus RDS's.",
    `[ -s ${RDS_CA_BUNDLE} ] || curl -fsS --retry 5 -o ${RDS_CA_BUNDLE} --create-dirs ${RDS_CA_BUNDLE_URL}`,
    `cat ${platform.systemCaBundle} ${RDS_CA_BUNDLE} > "$conf/${CONFIG_FILES.caBundle}"`,
    `chmod 0644 "$conf/${CONFIG_FILES.caBundle}"`,
    "",
    "# nginx, PHP-FPM and PHP. The pool holds as many workers as memory allows.",
    "umask 022",
    ...writeFile(
      `${platform.nginxSiteDir}/storefront.conf`,
      withoutComments(
        nginxSite({
          profile: args.profile,
          layout,
          staticMaxAgeSeconds: args.staticMaxAgeSeconds,
          uploadMaxMiB: UPLOAD_MAX_MIB,
        }),
      ),
    ),
    ...writeFile(
      `${platform.phpIniDir}/90-storefront.ini`,
      phpIni({
        profile: args.profile,
        layout,
        uploadMaxMiB: UPLOAD_MAX_MIB,
      }),
    ),
    ...phpPoolAndApp(args.profile, platform, args.webRoot, args.settings.sessions),
    "systemctl enable --now storefront-secrets.timer",
    ...(args.extraSteps ?? []),
    `systemctl enable ${platform.services.phpFpm} ${platform.services.nginx}`,
    `systemctl restart ${platform.services.phpFpm} ${platform.services.nginx}`,
    "",
    "# Last: the static file the load balancer checks.",
    `install -d -m 0755 ${layout.healthRoot}`,
    `echo ok > ${layout.healthRoot}${HEALTH_CHECK_PATH}`,
    "",
  ].join("\n");
  const bytes = Buffer.byteLength(script);
  if (bytes > USER_DATA_MAX_BYTES)
    throw new Error(`web user data is ${bytes} bytes; EC2 accepts at most ${USER_DATA_MAX_BYTES}`);
  return script;
}

/**
 * The steps both clouds' first boots share once the secrets are in `$conf`: the PHP-FPM pool sized from the
 * server's memory, PHP's sessions in Redis with the AUTH token (in a file only PHP's group reads), the
 * application's configuration (`wp-config.php` or Magento's `env.php` pieces) and cron once across the fleet.
 */
export function phpPoolAndApp(
  profile: Profile,
  platform: Platform,
  webRoot: string,
  sessions: { readonly host: string; readonly port: number },
): string[] {
  const layout = serverLayout(webRoot, platform);
  const sizing = FPM_SIZING[profile];
  return [
    `memory_mib=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)`,
    `max_children=$(( (memory_mib - ${sizing.reservedMiB}) / ${sizing.perChildMiB} ))`,
    'if [ "$max_children" -lt 2 ]; then max_children=2; fi',
    `rm -f ${platform.phpFpmPoolDir}/www.conf`,
    `cat > ${platform.phpFpmPoolDir}/storefront.conf <<POOL`,
    phpFpmPool({ profile, platform, layout, maxChildren: "${max_children}" }).trimEnd(),
    "POOL",
    `token=$(cat "$conf/${CONFIG_FILES.sessionToken}")`,
    `install -m 0640 -o root -g ${platform.phpGroup} /dev/null ${platform.phpIniDir}/50-storefront-sessions.ini`,
    `cat > ${platform.phpIniDir}/50-storefront-sessions.ini <<INI`,
    sessionIni(sessions.host, sessions.port, "${token}").trimEnd(),
    "INI",
    "unset token",
    ...(profile === "wordpress"
      ? writeFile(`${parentDir(webRoot)}/wp-config.php`, wpConfig(layout))
      : writeFile(`$conf/${CONFIG_FILES.magentoEnv}`, magentoEnv(layout))),
    ...cronSetup(profile, platform, layout),
  ];
}

export function parentDir(path: string): string {
  return path.replace(/\/[^/]+\/?$/, "") || "/";
}

/**
 * The nginx site without its comment lines (but the first) and indentation, which nginx ignores: the
 * kit's source (templates.ts) is the readable copy, and user data has 16 KB for everything.
 */
export function withoutComments(config: string): string {
  return config
    .split("\n")
    .filter((line, i) => i === 0 || !/^\s*#/.test(line))
    .map((line) => line.trimStart())
    .join("\n");
}

/** A file written verbatim: a quoted here-document, so the shell expands nothing in it. */
export function writeFile(path: string, content: string): string[] {
  const marker = "STOREFRONT_EOF";
  if (content.split("\n").includes(marker)) throw new Error(`${path}: content contains the marker ${marker}`);
  return [`cat > "${path}" <<'${marker}'`, content.trimEnd(), marker];
}

function mediaMounts(fileSystemId: string, mounts: readonly MediaMount[]): string[] {
  const fstab = mounts.map(
    (m) => `${fileSystemId}:/ ${m.path} efs _netdev,noresvport,tls,iam,accesspoint=${m.accessPointId} 0 0`,
  );
  return [
    "# Shared media: EFS over TLS, IAM-authorised, through access points that pin owner and root directory.",
    "command -v mount.efs >/dev/null || dnf install -y amazon-efs-utils",
    ...mounts.map((m) => `mkdir -p ${m.path}`),
    ...fstab.map((line) => `grep -qxF '${line}' /etc/fstab || echo '${line}' >> /etc/fstab`),
    "# Mount targets may still be coming up when the first servers boot: retry for up to five minutes.",
    "for _ in $(seq 1 20); do mount -a -t efs && break; sleep 15; done",
    ...mounts.map((m) => `mountpoint -q ${m.path}`),
  ];
}
