import { stringify } from "yaml";
import { PLATFORMS } from "../web/platform";
import type { Profile } from "../web/templates";
import { RDS_CA_BUNDLE, RDS_CA_BUNDLE_URL } from "../web/user-data";

/*
 * What the web image bakes, as the scripts of an EC2 Image Builder component (an AWSTOE document with a
 * build and a validate phase). Pure: the pipeline component puts the document into Image Builder, the
 * tests run shellcheck on the scripts.
 */

/** PHP 8.3 from Amazon Linux 2023's own repositories (namespaced packages `php8.3-*`). */
export const PHP_VERSION = "8.3";

/**
 * The WordPress release the image carries, and its SHA-1 as the official Docker image pins it
 * (docker-library/wordpress, latest/php8.4/fpm/Dockerfile: version 6.8, sha1 c4d8b210…). A new release
 * is a code change here, reviewed like any other.
 */
export const WORDPRESS_CORE = { version: "6.8", sha1: "c4d8b210decd86dc1bf5deecb3a4a2e1b70024f6" } as const;

/** phpredis, built from PECL into the image (never at boot). */
export const PHPREDIS_VERSION = "6.1.0";

/** PHP extensions each profile needs beyond PHP's core (Magento 2.4 system requirements; WordPress's). */
const PHP_PACKAGES: Record<Profile, readonly string[]> = {
  wordpress: ["cli", "fpm", "mysqlnd", "opcache", "gd", "intl", "mbstring", "xml", "sodium", "devel"],
  magento: [
    "cli",
    "fpm",
    "mysqlnd",
    "opcache",
    "gd",
    "intl",
    "mbstring",
    "xml",
    "sodium",
    "soap",
    "bcmath",
    "devel",
  ],
};

/** Log files the CloudWatch agent ships, and the log group each goes to. */
export interface ShippedLog {
  readonly file: string;
  readonly logGroupName: string;
}

export interface ImageBuildArgs {
  readonly profile: Profile;
  readonly region: string;
  readonly logs: readonly ShippedLog[];
}

/** The build phase: packages, phpredis, agents, the RDS CA bundle and (WordPress) the pinned core. */
export function imageBuildScript(args: ImageBuildArgs): string {
  const platform = PLATFORMS.al2023;
  const php = PHP_PACKAGES[args.profile].map((p) => `php${PHP_VERSION}-${p}`).join(" ");
  const agentConfig = JSON.stringify({
    logs: {
      logs_collected: {
        files: {
          collect_list: args.logs.map((l) => ({
            file_path: l.file,
            log_group_name: l.logGroupName,
            log_stream_name: "{instance_id}",
            retention_in_days: -1,
          })),
        },
      },
    },
  });
  return [
    "#!/bin/bash",
    `# Storefront web image (${args.profile}): build phase.`,
    "set -euo pipefail",
    "dnf -y upgrade --releasever=latest",
    `dnf -y install nginx ${php} php-pear gcc make amazon-efs-utils amazon-cloudwatch-agent ruby wget tar`,
    "",
    "# phpredis, compiled here once, not on every server at boot.",
    "pecl channel-update pecl.php.net",
    `printf '\\n' | pecl install -f redis-${PHPREDIS_VERSION}`,
    `echo 'extension=redis.so' > ${platform.phpIniDir}/40-redis.ini`,
    "php -m | grep -qx redis",
    "",
    "# nginx serves only the kit's site: the distribution's default server goes.",
    "cat > /etc/nginx/nginx.conf <<'NGINX'",
    "user nginx;",
    "worker_processes auto;",
    "error_log /var/log/nginx/error.log notice;",
    "pid /run/nginx.pid;",
    "include /usr/share/nginx/modules/*.conf;",
    "events {",
    "    worker_connections 4096;",
    "}",
    "http {",
    "    include /etc/nginx/mime.types;",
    "    default_type application/octet-stream;",
    "    sendfile on;",
    "    tcp_nopush on;",
    "    keepalive_timeout 65;",
    "    gzip on;",
    "    gzip_types text/css application/javascript application/json image/svg+xml text/plain text/xml;",
    "    # The load balancer's addresses are the only clients; keep its connections open longer than it does.",
    "    keepalive_requests 10000;",
    "    include /etc/nginx/conf.d/*.conf;",
    "}",
    "NGINX",
    "",
    "# The CodeDeploy agent, from the region's bucket (CodeDeploy User Guide, 'Install the CodeDeploy agent').",
    `region=${args.region}`,
    'curl -fsS --retry 5 -o /tmp/codedeploy-install "https://aws-codedeploy-${region}.s3.${region}.amazonaws.com/latest/install"',
    "chmod +x /tmp/codedeploy-install",
    "/tmp/codedeploy-install auto",
    "rm -f /tmp/codedeploy-install",
    "systemctl enable codedeploy-agent",
    "",
    "# The CloudWatch agent ships the web and PHP logs.",
    "install -d -m 0755 /opt/aws/amazon-cloudwatch-agent/etc",
    "cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'JSON'",
    agentConfig,
    "JSON",
    "systemctl enable amazon-cloudwatch-agent",
    "",
    "# RDS's CA bundle: PHP verifies the database's certificate.",
    `curl -fsS --retry 5 --create-dirs -o ${RDS_CA_BUNDLE} ${RDS_CA_BUNDLE_URL}`,
    `grep -q 'BEGIN CERTIFICATE' ${RDS_CA_BUNDLE}`,
    ...(args.profile === "wordpress" ? wordpressCore() : []),
    "",
    "systemctl enable nginx php-fpm",
    "dnf clean all",
    "",
  ].join("\n");
}

function wordpressCore(): string[] {
  const { version, sha1 } = WORDPRESS_CORE;
  return [
    "",
    `# WordPress ${version}, checksum-verified; a deployment adds wp-content (themes and plugins).`,
    `curl -fsS --retry 5 -o /tmp/wordpress.tar.gz https://wordpress.org/wordpress-${version}.tar.gz`,
    `echo '${sha1}  /tmp/wordpress.tar.gz' | sha1sum -c -`,
    "install -d -m 0755 /var/www/html",
    "tar -xzf /tmp/wordpress.tar.gz -C /var/www/html --strip-components=1",
    "rm -f /tmp/wordpress.tar.gz /var/www/html/wp-config-sample.php",
    "chown -R root:root /var/www/html",
  ];
}

/** The validate phase: what a server of this image must have before the image is distributed. */
export function imageValidateScript(profile: Profile): string {
  return [
    "#!/bin/bash",
    `# Storefront web image (${profile}): validate phase.`,
    "set -euo pipefail",
    "nginx -t",
    "php-fpm -t",
    "for extension in redis mysqli pdo_mysql 'Zend OPcache' mbstring intl gd; do",
    '  php -m | grep -qix "$extension"',
    "done",
    "test -x /usr/sbin/mount.efs",
    "systemctl is-enabled codedeploy-agent amazon-cloudwatch-agent",
    `test -s ${RDS_CA_BUNDLE}`,
    ...(profile === "wordpress" ? ["test -f /var/www/html/wp-settings.php"] : []),
    "",
  ].join("\n");
}

/** The Image Builder component document (AWSTOE, schema 1.0). */
export function imageComponentDocument(args: ImageBuildArgs): string {
  return stringify({
    name: `storefront-web-${args.profile}`,
    description: `nginx, PHP-FPM ${PHP_VERSION} with phpredis and OPcache, EFS, CodeDeploy and CloudWatch agents`,
    schemaVersion: 1.0,
    phases: [
      {
        name: "build",
        steps: [{ name: "Bake", action: "ExecuteBash", inputs: { commands: [imageBuildScript(args)] } }],
      },
      {
        name: "validate",
        steps: [
          { name: "Check", action: "ExecuteBash", inputs: { commands: [imageValidateScript(args.profile)] } },
        ],
      },
    ],
  });
}
