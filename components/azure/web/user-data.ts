import { Platform, PLATFORMS } from "../../web/platform";
import {
  CONFIG_FILES,
  HEALTH_CHECK_PATH,
  nginxSite,
  phpIni,
  Profile,
  SiteSettings,
} from "../../web/templates";
import { CONFIG_DIR, phpPoolAndApp, serverLayout, UPLOAD_MAX_MIB, writeFile } from "../../web/user-data";

/*
 * First boot of the Azure web servers: the same design as on AWS (components/web/user-data.ts), from the
 * same templates (nginx site, PHP-FPM pool, PHP settings, sessions, wp-config.php / Magento's env.php
 * pieces, cron once across the fleet, the static health file last). What differs is where things come
 * from:
 * - secrets are read from Key Vault with the scale set's user-assigned managed identity: a token from the
 *   instance metadata service (IMDS), then Key Vault's REST API, into files only root and PHP's group read;
 * - the media shares are Azure Files NFS 4.1 shares, mounted through the AZNFS mount helper, which wraps
 *   the NFS traffic in TLS (stunnel) by default;
 * - sessions go to Azure Managed Redis over TLS with its access key;
 * - TLS to MySQL Flexible Server verifies the server against the roots Azure documents for it;
 * - Magento's search cluster (components/azure/search) has its own CA: first boot waits until the cluster
 *   has published its certificate in Key Vault and adds it to the bundle PHP trusts, so Magento's search
 *   client verifies the cluster, and reads the search user's password from Key Vault like every secret.
 */

/** The operating system the Azure fleet boots. */
export const AZURE_SERVER_PLATFORM: Platform = PLATFORMS.ubuntu2404;

/**
 * The roots Azure Database for MySQL Flexible Server's certificates chain to: DigiCert Global Root CA, and
 * after the rotation DigiCert Global Root G2 and Microsoft RSA Root Certificate Authority 2017 ("Changes in
 * the root certificate rotation for Azure Database for MySQL",
 * https://learn.microsoft.com/azure/mysql/flexible-server/concepts-root-certificate-rotation: "you must have
 * all three root certificates installed during the transition period"). Ubuntu's ca-certificates ships all
 * three under these names; first boot refuses to continue without them.
 */
export const MYSQL_ROOT_CERTIFICATES = [
  "/etc/ssl/certs/DigiCert_Global_Root_CA.pem",
  "/etc/ssl/certs/DigiCert_Global_Root_G2.pem",
  "/etc/ssl/certs/Microsoft_RSA_Root_Certificate_Authority_2017.pem",
] as const;

/**
 * Key Vault's data-plane API version for "Get Secret" (Key Vault REST API reference, Secrets - Get Secret:
 * `GET {vaultBaseUrl}/secrets/{secret-name}?api-version=7.4`).
 */
export const KEY_VAULT_API_VERSION = "7.4";
/**
 * The instance metadata service's token endpoint for managed identities ("How to use managed identities
 * for Azure resources on an Azure VM to acquire an access token": `GET
 * http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=...&client_id=...`,
 * header `Metadata: true`).
 */
export const IMDS_TOKEN_URL = "http://169.254.169.254/metadata/identity/oauth2/token";
/**
 * Mount options of an NFS Azure file share through AZNFS: NFS 4.1, and TLS unless `notls` is given
 * ("Encryption in transit for NFS Azure file shares", step 2a: `mount -t aznfs
 * <account>.file.core.windows.net:/<account>/<share> <dir> -o vers=4,minorversion=1,sec=sys,nconnect=4`).
 */
export const AZNFS_MOUNT_OPTIONS = "vers=4,minorversion=1,sec=sys,nconnect=4";

export interface AzureMediaMount {
  /** Where the web servers see the directory, e.g. `/var/www/html/wp-content/uploads`. */
  readonly path: string;
  /** Its directory in the share, e.g. `uploads` (one share holds every media directory of the stack). */
  readonly directory: string;
}

/** Where the share itself is mounted; each media directory is a bind mount of one of its directories. */
export const SHARE_MOUNT_POINT = "/mnt/storefront-media";

export interface AzureWebUserDataArgs {
  readonly profile: Profile;
  /** What PHP needs to know that is not secret: endpoints and the site's URL. */
  readonly settings: SiteSettings;
  /** The media share: its host, `<storage account>.file.core.windows.net` (a private endpoint answers it), and export `/<account>/<share>`. */
  readonly media: { readonly host: string; readonly exportPath: string };
  readonly mounts: readonly AzureMediaMount[];
  /** Key Vault's URI, `https://<vault>.vault.azure.net/`. */
  readonly keyVaultUri: string;
  /** Client id of the scale set's user-assigned identity: the one allowed to read the secrets. */
  readonly identityClientId: string;
  /** Names of the Key Vault secrets first boot reads. */
  readonly secrets: {
    /** The MySQL administrator login: a name, not a secret (ARM shows it). */
    readonly databaseUsername: string;
    /** The secret holding the MySQL password. */
    readonly databasePassword: string;
    /** The secret holding Azure Managed Redis's access key. */
    readonly sessionKey: string;
    /** WordPress: the secret holding the keys and salts as a JSON object. */
    readonly salts?: string;
    /** Magento: the secret holding the search cluster's password (with `settings.search`). */
    readonly searchPassword?: string;
    /**
     * Magento: the secret the search cluster's first node publishes its CA certificate in (public; a
     * placeholder until then). First boot waits for it and adds it to the bundle PHP trusts.
     */
    readonly searchCaCertificate?: string;
  };
  /** The shop's document root on the servers. */
  readonly webRoot: string;
  readonly staticMaxAgeSeconds: number;
  /** Lines run after configuration, before the health file appears. */
  readonly extraSteps?: readonly string[];
}

/** The search cluster's CA certificate on a server (public: mode 0644), beside the bundle it joins. */
export const SEARCH_CA_FILE = "search-ca.pem";
/**
 * How long first boot waits for the search cluster's first node to publish its CA certificate: the node
 * downloads OpenSearch and derives the CA before it writes the secret (components/azure/search/first-boot.ts),
 * which takes minutes when the web and search tiers are created together. 60 tries 20 s apart (20 minutes)
 * stay inside the scale set's default 30-minute repair grace period, so a server that gives up is replaced
 * rather than left serving a shop without search.
 */
export const SEARCH_CA_WAIT = { attempts: 60, seconds: 20 } as const;

/** Azure's limit on custom data: 64 KB, before base64 ("Custom data and cloud-init on Azure VMs"). */
export const CUSTOM_DATA_MAX_BYTES = 64 * 1024;

/** Packages first boot installs when the pinned image lacks them (Ubuntu 24.04's archive). */
const PACKAGES = [
  "nginx",
  "php8.3-fpm",
  "php8.3-cli",
  "php8.3-mysql",
  "php8.3-redis",
  "php8.3-curl",
  "php8.3-gd",
  "php8.3-intl",
  "php8.3-mbstring",
  "php8.3-xml",
  "php8.3-zip",
  "php8.3-bcmath",
  "php8.3-soap",
  "nfs-common",
  "python3",
  "curl",
  "ca-certificates",
];

/** Returns the shell script; the scale set base64-encodes it as custom data. */
export function azureWebUserData(args: AzureWebUserDataArgs): string {
  const search = args.settings.search;
  const { searchPassword, searchCaCertificate } = args.secrets;
  if (Boolean(search) !== Boolean(searchPassword) || Boolean(search) !== Boolean(searchCaCertificate)) {
    throw new Error(
      "azureWebUserData: settings.search, secrets.searchPassword and secrets.searchCaCertificate come together",
    );
  }
  const platform = AZURE_SERVER_PLATFORM;
  const layout = serverLayout(args.webRoot, platform);
  const group = platform.phpGroup;
  const vault = args.keyVaultUri.replace(/\/+$/, "");
  const script = [
    "#!/bin/bash",
    `# Web server first boot (profile: ${args.profile}, ${platform.name}, Azure), run once by cloud-init.`,
    "set -euo pipefail",
    "umask 027",
    `conf=${CONFIG_DIR}`,
    "export DEBIAN_FRONTEND=noninteractive",
    "",
    "# Software: a pinned image carries it; a bare Ubuntu image gets it from the archive.",
    `if ! command -v nginx >/dev/null || ! command -v ${platform.phpFpmBinary} >/dev/null; then`,
    "  apt-get update -q",
    `  apt-get install -y -q ${PACKAGES.join(" ")}`,
    "fi",
    "",
    ...mediaMounts(args.media, args.mounts, group),
    "",
    "# Settings and secrets: files only root and PHP's group can read; PHP reads them on every request.",
    `install -d -m 0750 -o root -g ${group} "$conf" ${layout.logDir}`,
    `chmod 0770 ${layout.logDir}`,
    "# A token for Key Vault from the instance metadata service, as the scale set's own identity.",
    'json_field() { python3 -c \'import json, sys; print(json.load(sys.stdin)[sys.argv[1]], end="")\' "$1"; }',
    `kv_token=$(curl -fsS --retry 10 --retry-connrefused -H Metadata:true \\`,
    `  '${IMDS_TOKEN_URL}?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&client_id=${args.identityClientId}' \\`,
    "  | json_field access_token)",
    "kv_secret() { # <name>: the secret's value",
    "  # The token goes to curl on its standard input, never on a command line other processes can read.",
    `  printf 'Authorization: Bearer %s\\n' "$kv_token" | curl -fsS --retry 5 -H @- \\`,
    `    "${vault}/secrets/$1?api-version=${KEY_VAULT_API_VERSION}" | json_field value`,
    "}",
    "secret_file() { # <file> <command…>: the command's output, readable by root and PHP's group only",
    "  local file=$1; shift",
    '  "$@" > "$file.new"',
    `  chgrp ${group} "$file.new"; chmod 0440 "$file.new"; mv -f "$file.new" "$file"`,
    "}",
    'database_json() { # the database\'s credentials as PHP reads them: {"username": …, "password": …}',
    `  kv_secret '${args.secrets.databasePassword}' | python3 -c \\`,
    `    'import json, sys; print(json.dumps({"username": sys.argv[1], "password": sys.stdin.read()}))' '${args.secrets.databaseUsername}'`,
    "}",
    `cat > "$conf/${CONFIG_FILES.settings}" <<'JSON'`,
    JSON.stringify(args.settings),
    "JSON",
    `chgrp ${group} "$conf/${CONFIG_FILES.settings}"`,
    `secret_file "$conf/${CONFIG_FILES.database}" database_json`,
    `secret_file "$conf/${CONFIG_FILES.sessionToken}" kv_secret '${args.secrets.sessionKey}'`,
    ...(args.secrets.salts
      ? [`secret_file "$conf/${CONFIG_FILES.salts}" kv_secret '${args.secrets.salts}'`]
      : []),
    ...(searchPassword && searchCaCertificate ? searchSecrets(searchPassword, searchCaCertificate) : []),
    "unset kv_token",
    "# TLS to the database is verified: the roots Azure's MySQL chains to must be in the bundle PHP trusts.",
    `for root in ${MYSQL_ROOT_CERTIFICATES.join(" ")}; do`,
    '  [ -s "$root" ] || { echo "missing MySQL root certificate $root" >&2; exit 1; }',
    "done",
    ...(searchCaCertificate
      ? [
          "# PHP's openssl.cafile is this bundle, and PHP's curl (Magento's search client) uses openssl.cafile",
          "# before curl.cainfo: the search cluster's CA joins the system's, so search is verified TLS too.",
          `cat ${platform.systemCaBundle} "$conf/${SEARCH_CA_FILE}" > "$conf/${CONFIG_FILES.caBundle}.new"`,
          `chmod 0644 "$conf/${CONFIG_FILES.caBundle}.new"; mv -f "$conf/${CONFIG_FILES.caBundle}.new" "$conf/${CONFIG_FILES.caBundle}"`,
        ]
      : [`install -m 0644 ${platform.systemCaBundle} "$conf/${CONFIG_FILES.caBundle}"`]),
    "",
    "# nginx, PHP-FPM and PHP. The pool holds as many workers as memory allows.",
    "umask 022",
    "rm -f /etc/nginx/sites-enabled/default",
    ...writeFile(
      `${platform.nginxSiteDir}/storefront.conf`,
      nginxSite({
        profile: args.profile,
        layout,
        staticMaxAgeSeconds: args.staticMaxAgeSeconds,
        uploadMaxMiB: UPLOAD_MAX_MIB,
      }),
    ),
    ...writeFile(
      `${platform.phpIniDir}/90-storefront.ini`,
      phpIni({ profile: args.profile, layout, uploadMaxMiB: UPLOAD_MAX_MIB }),
    ),
    "# The command line (cron, deployments) trusts the same CAs and limits as PHP-FPM.",
    `install -m 0644 ${platform.phpIniDir}/90-storefront.ini ${platform.phpCliIniDir}/90-storefront.ini`,
    ...phpPoolAndApp(args.profile, platform, args.webRoot, args.settings.sessions),
    ...(args.extraSteps ?? []),
    `systemctl enable ${platform.services.phpFpm} ${platform.services.nginx}`,
    `systemctl restart ${platform.services.phpFpm} ${platform.services.nginx}`,
    "",
    "# Last: the static file the gateway and the health extension check.",
    `install -d -m 0755 ${layout.healthRoot}`,
    `echo ok > ${layout.healthRoot}${HEALTH_CHECK_PATH}`,
    "",
  ].join("\n");
  return script;
}

/**
 * Magento's search secrets. The CA certificate is a placeholder until the cluster's first node has derived
 * the CA and published it, so first boot reads it until it parses as a certificate (`openssl x509` prints
 * only the certificate, or fails); the password is read after it, when the nodes already use it.
 */
function searchSecrets(passwordSecret: string, caSecret: string): string[] {
  const { attempts, seconds } = SEARCH_CA_WAIT;
  const ca = `"$conf/${SEARCH_CA_FILE}`;
  return [
    "# The search cluster's CA certificate (public), once its first node has published it in Key Vault.",
    `search_ca() { kv_secret '${caSecret}' | openssl x509 2>/dev/null; }`,
    `for attempt in $(seq 1 ${attempts}); do`,
    `  if search_ca > ${ca}.new"; then break; fi`,
    `  [ "$attempt" -lt ${attempts} ] || { echo "no search CA certificate in Key Vault after ${(attempts * seconds) / 60} minutes" >&2; exit 1; }`,
    `  sleep ${seconds}`,
    "done",
    `chmod 0644 ${ca}.new"; mv -f ${ca}.new" ${ca}"`,
    `secret_file "$conf/${CONFIG_FILES.searchPassword}" kv_secret '${passwordSecret}'`,
  ];
}

function mediaMounts(
  media: AzureWebUserDataArgs["media"],
  mounts: readonly AzureMediaMount[],
  group: string,
): string[] {
  const share = `${media.host}:${media.exportPath} ${SHARE_MOUNT_POINT} aznfs ${AZNFS_MOUNT_OPTIONS},_netdev,nofail 0 0`;
  const binds = mounts.map(
    (m) =>
      `${SHARE_MOUNT_POINT}/${m.directory} ${m.path} none bind,_netdev,nofail,x-systemd.requires-mounts-for=${SHARE_MOUNT_POINT} 0 0`,
  );
  const fstab = (line: string) => `grep -qxF '${line}' /etc/fstab || echo '${line}' >> /etc/fstab`;
  return [
    "# Shared media: the Azure Files NFS 4.1 share through the AZNFS mount helper, which wraps NFS in TLS",
    "# (stunnel); each media directory is a bind mount of a directory of the share.",
    "if ! command -v mount.aznfs >/dev/null; then",
    "  # shellcheck disable=SC1091",
    '  distro=$(. /etc/os-release && echo "$ID/$VERSION_ID")',
    '  curl -fsS --retry 5 -o /tmp/packages-microsoft-prod.deb "https://packages.microsoft.com/config/$distro/packages-microsoft-prod.deb"',
    "  dpkg -i /tmp/packages-microsoft-prod.deb && rm -f /tmp/packages-microsoft-prod.deb",
    "  apt-get update -q",
    "  AZNFS_NONINTERACTIVE_INSTALL=1 apt-get install -y -q aznfs",
    "fi",
    `mkdir -p ${SHARE_MOUNT_POINT}`,
    fstab(share),
    "# The private endpoint's name may still be coming up when the first servers boot: retry for five minutes.",
    `for _ in $(seq 1 20); do mountpoint -q ${SHARE_MOUNT_POINT} || mount ${SHARE_MOUNT_POINT} || true; mountpoint -q ${SHARE_MOUNT_POINT} && break; sleep 15; done`,
    `mountpoint -q ${SHARE_MOUNT_POINT}`,
    "# The share squashes root: its directories are made by PHP's user (the share's root must admit it).",
    "media_dir() { # <directory>: the share's directory, made once by whichever server boots first",
    `  [ -d "${SHARE_MOUNT_POINT}/$1" ] || mkdir -p "${SHARE_MOUNT_POINT}/$1" 2>/dev/null || runuser -u ${group} -- mkdir -p "${SHARE_MOUNT_POINT}/$1" \\`,
    `    || { echo "cannot create ${SHARE_MOUNT_POINT}/$1: the share's root must be writable by root or ${group}" >&2; exit 1; }`,
    "}",
    ...mounts.flatMap((m) => [`media_dir ${m.directory}`, `mkdir -p ${m.path}`]),
    ...binds.map(fstab),
    ...mounts.flatMap((m) => [`mountpoint -q ${m.path} || mount ${m.path}`, `mountpoint -q ${m.path}`]),
  ];
}
