/*
 * Where things live on the operating systems the kit's web servers run. The same templates render for
 * every platform; only this table differs. Amazon Linux 2023 is what the image pipeline bakes and the
 * fleet boots; Debian is what the real-component tests run nginx, PHP-FPM, MariaDB and Redis on.
 */

export interface Platform {
  readonly name: string;
  /** The user PHP-FPM's pool runs as and the group that may read the secrets files. */
  readonly phpUser: string;
  readonly phpGroup: string;
  /** The user nginx's workers run as: the pool's socket is owned by it. */
  readonly nginxUser: string;
  /** Directory of server blocks included by the distribution's `nginx.conf` inside `http {}`. */
  readonly nginxSiteDir: string;
  /** Directory of PHP-FPM pools. */
  readonly phpFpmPoolDir: string;
  /** PHP ini drop-in directory scanned by PHP-FPM (and, on Amazon Linux, by the CLI too). */
  readonly phpIniDir: string;
  /** PHP ini drop-in directory of the command line, for cron and deployment hooks. */
  readonly phpCliIniDir: string;
  /** systemd units to restart once configuration is written. */
  readonly services: { readonly nginx: string; readonly phpFpm: string };
  /** Where the pool listens: nginx reaches PHP only through this socket. */
  readonly phpFpmSocket: string;
  /** The PHP-FPM binary, for `php-fpm -t`. */
  readonly phpFpmBinary: string;
  /** The operating system's CA bundle (public CAs: ElastiCache's certificates chain to Amazon's roots). */
  readonly systemCaBundle: string;
}

export const PLATFORMS = {
  al2023: {
    name: "Amazon Linux 2023",
    phpUser: "apache",
    phpGroup: "apache",
    nginxUser: "nginx",
    nginxSiteDir: "/etc/nginx/conf.d",
    phpFpmPoolDir: "/etc/php-fpm.d",
    phpIniDir: "/etc/php.d",
    phpCliIniDir: "/etc/php.d",
    services: { nginx: "nginx", phpFpm: "php-fpm" },
    phpFpmSocket: "/run/php-fpm/storefront.sock",
    phpFpmBinary: "/usr/sbin/php-fpm",
    systemCaBundle: "/etc/pki/tls/certs/ca-bundle.crt",
  },
  debian: {
    name: "Debian 12 (PHP 8.2)",
    phpUser: "www-data",
    phpGroup: "www-data",
    nginxUser: "www-data",
    nginxSiteDir: "/etc/nginx/conf.d",
    phpFpmPoolDir: "/etc/php/8.2/fpm/pool.d",
    phpIniDir: "/etc/php/8.2/fpm/conf.d",
    phpCliIniDir: "/etc/php/8.2/cli/conf.d",
    services: { nginx: "nginx", phpFpm: "php8.2-fpm" },
    phpFpmSocket: "/run/php/storefront.sock",
    phpFpmBinary: "/usr/sbin/php-fpm8.2",
    systemCaBundle: "/etc/ssl/certs/ca-certificates.crt",
  },
  /** What the Azure web fleet boots (components/azure/web/): Ubuntu 24.04 LTS with its PHP 8.3. */
  ubuntu2404: {
    name: "Ubuntu 24.04 LTS (PHP 8.3)",
    phpUser: "www-data",
    phpGroup: "www-data",
    nginxUser: "www-data",
    nginxSiteDir: "/etc/nginx/conf.d",
    phpFpmPoolDir: "/etc/php/8.3/fpm/pool.d",
    phpIniDir: "/etc/php/8.3/fpm/conf.d",
    phpCliIniDir: "/etc/php/8.3/cli/conf.d",
    services: { nginx: "nginx", phpFpm: "php8.3-fpm" },
    phpFpmSocket: "/run/php/storefront.sock",
    phpFpmBinary: "/usr/sbin/php-fpm8.3",
    systemCaBundle: "/etc/ssl/certs/ca-certificates.crt",
  },
} as const satisfies Record<string, Platform>;

export type PlatformName = keyof typeof PLATFORMS;
