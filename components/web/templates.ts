import { Platform } from "./platform";

/*
 * The configuration files a web server runs with, rendered from one set of templates for every platform
 * (see platform.ts): the nginx site of the profile, the PHP-FPM pool, PHP's settings, and the PHP files
 * that connect WordPress or Magento to the platform. Nothing here holds a secret: the PHP files read the
 * settings and secrets files first boot writes (readable by root and PHP's group only) on every request,
 * so a refreshed secret needs no restart.
 *
 * Pure functions: the first-boot script and the real-component tests render the same text.
 */

export type Profile = "wordpress" | "magento";

/** Where the rendered files point: the server's real directories, or a test's temporary ones. */
export interface Layout {
  /** The shop's code, e.g. `/var/www/html` (WordPress) or `/var/www/magento` (Magento: served from `pub/`). */
  readonly webRoot: string;
  /** Settings, secrets and the CA bundle, e.g. `/etc/storefront`. */
  readonly configDir: string;
  /** Directory of the static health-check file. */
  readonly healthRoot: string;
  /** nginx and PHP-FPM logs (the CloudWatch agent ships them). */
  readonly logDir: string;
  /** `listen` of the server block: a port, or address and port. */
  readonly listen: string;
  /** Where the pool listens. */
  readonly fpmSocket: string;
  /** nginx's FastCGI parameter file. */
  readonly fastcgiParams: string;
  /**
   * WordPress: the basic-auth file that unlocks the installer (user `setup`, the stack's setup token),
   * readable by nginx's workers only.
   */
  readonly installerPasswordFile: string;
}

/** The user name the operator signs in with to reach WordPress's installer. */
export const INSTALLER_USER = "setup";

/** Files in `Layout.configDir`. Secrets files are mode 0440, owned by root and PHP's group. */
export const CONFIG_FILES = {
  /** Non-secret settings: endpoints, database name, the site URL. */
  settings: "settings.json",
  /** The RDS-managed secret's value: `{"username": …, "password": …}`. */
  database: "database.json",
  /** The session cache's AUTH token. */
  sessionToken: "session-token",
  /** OpenSearch's master password (Magento). */
  searchPassword: "search-password",
  /** WordPress's keys and salts, shared by every server of the stack. */
  salts: "wordpress-salts.json",
  /** The CA bundle PHP trusts: the system's public CAs plus RDS's. */
  caBundle: "ca-bundle.pem",
  /** Magento: the env.php pieces the platform owns, merged by the deployment's env.php. */
  magentoEnv: "env.platform.php",
} as const;

/** The names WordPress's keys and salts go by, in wp-config.php and in the shared secret. */
export const WORDPRESS_SALT_KEYS = [
  "AUTH_KEY",
  "SECURE_AUTH_KEY",
  "LOGGED_IN_KEY",
  "NONCE_KEY",
  "AUTH_SALT",
  "SECURE_AUTH_SALT",
  "LOGGED_IN_SALT",
  "NONCE_SALT",
] as const;

/** The settings file's shape: what first boot knows from the stack. */
export interface SiteSettings {
  readonly profile: Profile;
  /** e.g. `https://shop.example.com`; empty without a domain (dev): the request's host then. */
  readonly siteUrl: string;
  readonly database: { readonly host: string; readonly port: number; readonly name: string };
  readonly sessions: { readonly host: string; readonly port: number };
  /** Magento's OpenSearch domain. */
  readonly search?: { readonly host: string; readonly port: number; readonly username: string };
}

/** The public path of the file the load balancer checks (served from `Layout.healthRoot`). */
export const HEALTH_CHECK_PATH = "/storefront-health.txt";

/**
 * Extensions served as static files with long cache headers. Not `txt` or `xml`: WordPress answers
 * `/robots.txt` and its sitemaps (`/wp-sitemap*.xml`, SEO plugins' `sitemap_index.xml`) itself when no
 * such file exists, so those fall back to the front controller instead of a 404.
 */
const STATIC_EXTENSIONS =
  "css|js|mjs|map|jpe?g|png|gif|webp|avif|svgz?|ico|woff2?|ttf|otf|eot|mp4|webm|mp3|ogg|pdf";

/** WooCommerce's protected downloads: never served to a browser, only through PHP. */
export const WOOCOMMERCE_UPLOADS = "/wp-content/uploads/woocommerce_uploads/";

export interface NginxSiteOptions {
  readonly profile: Profile;
  readonly layout: Layout;
  /** Cache lifetime of static files and media, in seconds. */
  readonly staticMaxAgeSeconds: number;
  /** Largest upload PHP accepts, in MiB (nginx's body limit follows it). */
  readonly uploadMaxMiB: number;
}

/**
 * The nginx site: one server block (plus its upstream and the HTTPS map) in nginx's `http` context, for
 * the distribution's `conf.d/`. The load balancer terminates TLS; `X-Forwarded-Proto` tells PHP whether
 * the shopper's request was HTTPS (only the load balancer's group reaches the servers).
 */
export function nginxSite(o: NginxSiteOptions): string {
  const { layout } = o;
  const body = o.profile === "wordpress" ? wordpressLocations(o) : magentoLocations(o);
  return [
    `# Storefront site (${o.profile}): rendered by the kit; changes here are overwritten at boot.`,
    "upstream storefront_php {",
    `    server unix:${layout.fpmSocket};`,
    "}",
    "map $http_x_forwarded_proto $storefront_https {",
    '    default "";',
    "    https on;",
    "}",
    "server {",
    `    listen ${layout.listen} default_server;`,
    "    server_name _;",
    "    server_tokens off;",
    `    root ${o.profile === "wordpress" ? layout.webRoot : `${layout.webRoot}/pub`};`,
    "    index index.php;",
    "    autoindex off;",
    "    charset utf-8;",
    `    client_max_body_size ${o.uploadMaxMiB}m;`,
    `    access_log ${layout.logDir}/nginx-access.log;`,
    `    error_log ${layout.logDir}/nginx-error.log warn;`,
    "",
    "    # The load balancer's check: a static file first boot writes last, so a server is healthy only once",
    "    # it is configured, and a database or cache outage never makes Auto Scaling replace the fleet.",
    `    location = ${HEALTH_CHECK_PATH} {`,
    `        root ${layout.healthRoot};`,
    "        access_log off;",
    '        add_header Cache-Control "no-store" always;',
    "    }",
    "    location ^~ /.well-known/ {",
    "        try_files $uri =404;",
    "    }",
    "    # Dotfiles (.git, .env, .htaccess, .user.ini) are never served.",
    "    location ~ /\\. {",
    "        deny all;",
    "    }",
    ...body.map((line) => (line ? `    ${line}` : "")),
    "}",
    "",
  ].join("\n");
}

function fastcgi(layout: Layout, extra: readonly string[] = []): string[] {
  return [
    "    try_files $uri =404;",
    `    include ${layout.fastcgiParams};`,
    "    fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;",
    "    fastcgi_param DOCUMENT_ROOT $realpath_root;",
    "    fastcgi_param HTTPS $storefront_https if_not_empty;",
    '    fastcgi_param HTTP_PROXY "";',
    ...extra.map((line) => `    ${line}`),
    "    fastcgi_pass storefront_php;",
  ];
}

function cacheFor(seconds: number): string {
  return `add_header Cache-Control "public, max-age=${seconds}" always;`;
}

function wordpressLocations(o: NginxSiteOptions): string[] {
  const { layout } = o;
  return [
    "",
    "# WooCommerce's downloadable products: a browser never gets them from here (WooCommerce documents",
    "# denying this directory on nginx, since its .htaccess protects it only under Apache: Digital/Downloadable",
    "# Product Handling, https://woocommerce.com/document/digital-downloadable-product-handling/). PHP checks",
    "# the order and sends the file, or hands it back with X-Accel-Redirect, which only this internal",
    "# location serves.",
    `location ^~ ${WOOCOMMERCE_UPLOADS} {`,
    "    internal;",
    '    add_header Cache-Control "private, no-store" always;',
    "}",
    "# Uploads are files, never code: PHP there is refused, whatever its name.",
    "location ^~ /wp-content/uploads/ {",
    "    location ~ /\\. {",
    "        deny all;",
    "    }",
    "    location ~* \\.(?:php\\d*|phtml|phar|pl|py|cgi|sh)$ {",
    "        deny all;",
    "    }",
    "    try_files $uri =404;",
    `    ${cacheFor(o.staticMaxAgeSeconds)}`,
    "    access_log off;",
    "}",
    `location ~* \\.(?:${STATIC_EXTENSIONS})$ {`,
    "    try_files $uri =404;",
    `    ${cacheFor(o.staticMaxAgeSeconds)}`,
    "    access_log off;",
    "}",
    "# robots.txt and sitemaps: a file when one exists, else WordPress generates them.",
    "location ~* \\.(?:txt|xml|xsl)$ {",
    "    try_files $uri /index.php$is_args$args;",
    "}",
    "",
    "# Everything else goes through the front controller.",
    "location / {",
    "    try_files $uri $uri/ /index.php$is_args$args;",
    "}",
    "# PHP runs only for WordPress's entry points; wp-cron.php runs from the scheduler, xmlrpc.php never.",
    "location ~ ^/(?:index|wp-login|wp-comments-post|wp-signup|wp-activate|wp-trackback)\\.php$ {",
    ...fastcgi(layout),
    "}",
    "# The installer and setup only for the operator, who signs in as `setup` with the stack's setup token",
    "# (Secrets Manager): a new shop's installer is otherwise anyone's to claim, and certificate",
    "# transparency logs announce new domains to those who watch for fresh installs.",
    "location ~ ^/wp-admin/(?:install|setup-config)\\.php$ {",
    '    auth_basic "Storefront setup";',
    `    auth_basic_user_file ${layout.installerPasswordFile};`,
    ...fastcgi(layout),
    "}",
    "location ~ ^/wp-admin/(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_.-]+\\.php$ {",
    ...fastcgi(layout),
    "}",
    "location ~* \\.(?:php\\d*|phtml|phar)$ {",
    "    return 404;",
    "}",
  ];
}

/** After Magento's sample configuration (nginx.conf.sample in magento/magento2), for production mode. */
function magentoLocations(o: NginxSiteOptions): string[] {
  const { layout } = o;
  const images = "ico|jpe?g|png|gif|svgz?|webp|avif|js|css|eot|ttf|otf|woff2?|html|json|webmanifest";
  const archives = "zip|gz|gzip|bz2|csv|xml";
  const frame = 'add_header X-Frame-Options "SAMEORIGIN" always;';
  return [
    "error_page 404 403 = /errors/404.php;",
    "",
    "location / {",
    "    try_files $uri $uri/ /index.php$is_args$args;",
    "}",
    "# Sitemaps at the root: a file in pub/, else the one Magento generated into the shared media",
    '# (Adobe Commerce generates sitemaps with the path /media/, since the root is not writable: "Add site',
    '# map and search engine robots", https://experienceleague.adobe.com/docs/commerce-cloud-service/',
    "# user-guide/configure-store/robots-sitemap.html), else Magento. robots.txt is Magento's too: it",
    "# keeps its content in the database and answers /robots.txt through the front controller.",
    "location ~ ^/(?<storefront_sitemap>sitemap[A-Za-z0-9_.-]*\\.xml)$ {",
    "    try_files $uri /media/$storefront_sitemap /media/sitemap/$storefront_sitemap /index.php$is_args$args;",
    '    add_header Cache-Control "no-store" always;',
    "}",
    "location /pub/ {",
    "    location ~ ^/pub/media/(?:downloadable|customer|import|custom_options|theme_customization/.*\\.xml) {",
    "        deny all;",
    "    }",
    `    alias ${layout.webRoot}/pub/;`,
    `    ${frame}`,
    "}",
    "location /static/ {",
    "    # Static content signing: /static/version<n>/… is the same file.",
    "    location ~ ^/static/version\\d*/ {",
    "        rewrite ^/static/version\\d*/(.*)$ /static/$1 last;",
    "    }",
    `    location ~* \\.(?:${images})$ {`,
    `        ${cacheFor(o.staticMaxAgeSeconds)}`,
    `        ${frame}`,
    "        if (!-f $request_filename) {",
    "            rewrite ^/static/?(.*)$ /static.php?resource=$1 last;",
    "        }",
    "    }",
    `    location ~* \\.(?:${archives})$ {`,
    '        add_header Cache-Control "no-store" always;',
    `        ${frame}`,
    "        if (!-f $request_filename) {",
    "            rewrite ^/static/?(.*)$ /static.php?resource=$1 last;",
    "        }",
    "    }",
    "    if (!-f $request_filename) {",
    "        rewrite ^/static/?(.*)$ /static.php?resource=$1 last;",
    "    }",
    `    ${frame}`,
    "}",
    "location /media/ {",
    "    try_files $uri $uri/ /get.php$is_args$args;",
    "    location ~ ^/media/theme_customization/.*\\.xml {",
    "        deny all;",
    "    }",
    `    location ~* \\.(?:${images})$ {`,
    `        ${cacheFor(o.staticMaxAgeSeconds)}`,
    `        ${frame}`,
    "        try_files $uri $uri/ /get.php$is_args$args;",
    "    }",
    `    location ~* \\.(?:${archives})$ {`,
    '        add_header Cache-Control "no-store" always;',
    `        ${frame}`,
    "        try_files $uri $uri/ /get.php$is_args$args;",
    "    }",
    `    ${frame}`,
    "}",
    "location /media/customer/ {",
    "    deny all;",
    "}",
    "location /media/downloadable/ {",
    "    deny all;",
    "}",
    "location /media/import/ {",
    "    deny all;",
    "}",
    "location /media/custom_options/ {",
    "    deny all;",
    "}",
    "location /errors/ {",
    "    location ~* \\.xml$ {",
    "        deny all;",
    "    }",
    "}",
    "",
    "# PHP entry points of pub/ only; cron runs from the scheduler, never over HTTP.",
    "location ~ ^/(?:index|get|static|errors/report|errors/404|errors/503|health_check)\\.php$ {",
    ...fastcgi(layout, [
      "fastcgi_param MAGE_MODE production;",
      "fastcgi_buffers 16 16k;",
      "fastcgi_buffer_size 32k;",
      "fastcgi_read_timeout 600s;",
    ]),
    "}",
    "location ~* (?:\\.php\\d*$|\\.phtml$|\\.phar$|\\.htaccess$|\\.htpasswd$|\\.git) {",
    "    deny all;",
    "}",
  ];
}

/** PHP-FPM workers per server: what memory holds after the system's share, at least two. */
export function phpFpmChildren(memoryMiB: number, profile: Profile): number {
  const { reservedMiB, perChildMiB } = FPM_SIZING[profile];
  return Math.max(2, Math.floor((memoryMiB - reservedMiB) / perChildMiB));
}

/**
 * Memory kept for the system (nginx, agents, page cache) and what one PHP worker may use: WordPress
 * workers stay near 64 MiB, Magento's near 256 MiB under its 768 MiB memory_limit's typical use.
 */
export const FPM_SIZING: Readonly<Record<Profile, { reservedMiB: number; perChildMiB: number }>> = {
  wordpress: { reservedMiB: 768, perChildMiB: 96 },
  magento: { reservedMiB: 1024, perChildMiB: 256 },
};

export interface PoolOptions {
  readonly profile: Profile;
  readonly platform: Platform;
  readonly layout: Layout;
  /** A number, or a shell expansion (`${max_children}`) first boot fills in. */
  readonly maxChildren: number | string;
}

/**
 * The PHP-FPM pool: static (a dedicated server sized so every worker fits, so a traffic spike never waits
 * for forks), recycled after a thousand requests, reachable only through its socket by nginx.
 */
export function phpFpmPool(o: PoolOptions): string {
  const { platform, layout } = o;
  return [
    "; Storefront pool: rendered by the kit.",
    "[storefront]",
    `user = ${platform.phpUser}`,
    `group = ${platform.phpGroup}`,
    `listen = ${layout.fpmSocket}`,
    `listen.owner = ${platform.nginxUser}`,
    `listen.group = ${platform.nginxUser}`,
    "listen.mode = 0660",
    "pm = static",
    `pm.max_children = ${o.maxChildren}`,
    "pm.max_requests = 1000",
    `request_terminate_timeout = ${o.profile === "magento" ? 600 : 300}s`,
    "request_slowlog_timeout = 10s",
    `slowlog = ${layout.logDir}/php-fpm-slow.log`,
    "catch_workers_output = yes",
    "decorate_workers_output = no",
    "clear_env = yes",
    "security.limit_extensions = .php",
    `php_admin_value[error_log] = ${layout.logDir}/php-error.log`,
    "php_admin_flag[log_errors] = on",
    "",
  ].join("\n");
}

export interface PhpIniOptions {
  readonly profile: Profile;
  readonly layout: Layout;
  readonly uploadMaxMiB: number;
}

/**
 * PHP's production settings and OPcache: code changes only through deployments (which reload PHP-FPM),
 * so OPcache never checks timestamps. The CA bundle includes RDS's CAs: TLS to the database verifies the
 * server's certificate.
 */
export function phpIni(o: PhpIniOptions): string {
  const magento = o.profile === "magento";
  return [
    "; Storefront PHP settings: rendered by the kit.",
    "expose_php = Off",
    "display_errors = Off",
    "log_errors = On",
    `memory_limit = ${magento ? "768M" : "256M"}`,
    `max_execution_time = ${magento ? 600 : 120}`,
    `upload_max_filesize = ${o.uploadMaxMiB}M`,
    `post_max_size = ${o.uploadMaxMiB}M`,
    "realpath_cache_size = 10M",
    "realpath_cache_ttl = 7200",
    "date.timezone = UTC",
    `openssl.cafile = ${o.layout.configDir}/${CONFIG_FILES.caBundle}`,
    "session.use_strict_mode = 1",
    "session.cookie_httponly = 1",
    "session.cookie_samesite = Lax",
    "opcache.enable = 1",
    "opcache.enable_cli = 0",
    `opcache.memory_consumption = ${magento ? 512 : 256}`,
    "opcache.interned_strings_buffer = 32",
    `opcache.max_accelerated_files = ${magento ? 130987 : 20000}`,
    "opcache.validate_timestamps = 0",
    "opcache.save_comments = 1",
    "",
  ].join("\n");
}

/**
 * PHP sessions in the session cache over TLS with AUTH. `token` is the AUTH token, or the shell expansion
 * first boot fills in (the file is then mode 0440, root and PHP's group).
 */
export function sessionIni(host: string, port: number, token: string): string {
  return [
    "; Storefront sessions: rendered at boot.",
    "session.save_handler = redis",
    `session.save_path = "tls://${host}:${port}?auth=${token}&timeout=2.5&prefix=PHPREDIS_SESSION:"`,
    "redis.session.locking_enabled = 1",
    "",
  ].join("\n");
}

function phpReadJson(variable: string, file: string): string {
  return `$${variable} = json_decode(file_get_contents('${file}'), true, 16, JSON_THROW_ON_ERROR);`;
}

/**
 * WordPress's wp-config.php, for the directory above the document root (WordPress looks there), so a
 * deployment of the document root never overwrites it. Credentials, salts and endpoints are read from
 * the files first boot writes; the file itself holds no secret.
 */
export function wpConfig(layout: Layout): string {
  const dir = layout.configDir;
  return [
    "<?php",
    "// Storefront wp-config.php: rendered by the kit; settings and secrets come from the files first boot writes.",
    phpReadJson("storefront", `${dir}/${CONFIG_FILES.settings}`),
    phpReadJson("storefront_db", `${dir}/${CONFIG_FILES.database}`),
    phpReadJson("storefront_salts", `${dir}/${CONFIG_FILES.salts}`),
    "",
    "define('DB_NAME', $storefront['database']['name']);",
    "define('DB_USER', $storefront_db['username']);",
    "define('DB_PASSWORD', $storefront_db['password']);",
    "define('DB_HOST', $storefront['database']['host'] . ':' . $storefront['database']['port']);",
    "define('DB_CHARSET', 'utf8mb4');",
    "define('DB_COLLATE', '');",
    "// The database requires TLS: connect over TLS and verify its certificate (openssl.cafile holds RDS's CAs).",
    "define('MYSQL_CLIENT_FLAGS', MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT);",
    "",
    "// Keys and salts: one generated secret shared by every server, so a login works on any of them.",
    "foreach ($storefront_salts as $storefront_key => $storefront_value) {",
    `    if (in_array($storefront_key, ['${WORDPRESS_SALT_KEYS.join("', '")}'], true)) {`,
    "        define($storefront_key, $storefront_value);",
    "    }",
    "}",
    "",
    "// Without a domain (dev), the shop answers on the load balancer's name, whatever the request says.",
    "$storefront_url = $storefront['siteUrl'] !== '' ? $storefront['siteUrl']",
    "    : (($_SERVER['HTTPS'] ?? '') === 'on' ? 'https' : 'http') . '://' . ($_SERVER['HTTP_HOST'] ?? 'localhost');",
    "define('WP_HOME', $storefront_url);",
    "define('WP_SITEURL', $storefront_url);",
    "define('FORCE_SSL_ADMIN', str_starts_with($storefront_url, 'https://'));",
    "// Cron runs once per schedule from the fleet's scheduler, never on page loads.",
    "define('DISABLE_WP_CRON', true);",
    "// Code changes only through deployments: servers are replaceable copies of one revision.",
    "define('DISALLOW_FILE_EDIT', true);",
    "define('DISALLOW_FILE_MODS', true);",
    "define('AUTOMATIC_UPDATER_DISABLED', true);",
    "define('WP_DEBUG', false);",
    "unset($storefront, $storefront_db, $storefront_salts, $storefront_key, $storefront_value, $storefront_url);",
    "",
    "$table_prefix = 'wp_';",
    "",
    "if (!defined('ABSPATH')) {",
    `    define('ABSPATH', '${layout.webRoot}/');`,
    "}",
    "require_once ABSPATH . 'wp-settings.php';",
    "",
  ].join("\n");
}

/**
 * The pieces of Magento's app/etc/env.php the platform owns: the database over verified TLS, sessions,
 * the default cache and the full-page cache in the session cache over TLS with AUTH (each in its own
 * Redis database, so flushing a cache never logs shoppers out), and the search engine. The deployment's
 * env.php merges this array under its own (crypt key, install date, cache types). The cache backend is
 * the one Magento recommends since 2.3.5 (Adobe Commerce Configuration Guide, "Use Redis for default
 * cache": `Magento\Framework\Cache\Backend\Redis`); ElastiCache without cluster mode, as the kit runs
 * it, offers databases 0 to 15.
 */
/** Magento's Redis cache backend, as a PHP single-quoted string's source (backslashes doubled). */
const MAGENTO_REDIS_CACHE = "Magento\\\\Framework\\\\Cache\\\\Backend\\\\Redis";

export function magentoEnv(layout: Layout): string {
  const dir = layout.configDir;
  return [
    "<?php",
    "// Storefront: the env.php pieces the platform owns; rendered by the kit.",
    phpReadJson("storefront", `${dir}/${CONFIG_FILES.settings}`),
    phpReadJson("storefront_db", `${dir}/${CONFIG_FILES.database}`),
    `$storefront_token = trim(file_get_contents('${dir}/${CONFIG_FILES.sessionToken}'));`,
    `$storefront_search = is_readable('${dir}/${CONFIG_FILES.searchPassword}')`,
    `    ? trim(file_get_contents('${dir}/${CONFIG_FILES.searchPassword}')) : null;`,
    "$storefront_redis = fn (string $database, string $compress) => ['server' => 'tls://' . $storefront['sessions']['host'],",
    "    'port' => (string) $storefront['sessions']['port'], 'password' => $storefront_token, 'database' => $database,",
    "    'compress_data' => $compress, 'read_timeout' => '10', 'connect_retries' => '3'];",
    "$storefront_env = [",
    "    'db' => ['connection' => ['default' => [",
    "        'host' => $storefront['database']['host'] . ':' . $storefront['database']['port'],",
    "        'dbname' => $storefront['database']['name'],",
    "        'username' => $storefront_db['username'],",
    "        'password' => $storefront_db['password'],",
    "        'model' => 'mysql4',",
    "        'engine' => 'innodb',",
    "        'initStatements' => 'SET NAMES utf8mb4;',",
    "        'active' => '1',",
    "        'driver_options' => [",
    `            PDO::MYSQL_ATTR_SSL_CA => '${dir}/${CONFIG_FILES.caBundle}',`,
    "            PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true,",
    "        ],",
    "    ]]],",
    "    'session' => [",
    "        'save' => 'redis',",
    "        'redis' => [",
    "            'host' => 'tls://' . $storefront['sessions']['host'],",
    "            'port' => (string) $storefront['sessions']['port'],",
    "            'password' => $storefront_token,",
    "            'timeout' => '2.5',",
    "            'database' => '0',",
    "            'disable_locking' => '0',",
    "        ],",
    "    ],",
    "    'cache' => ['frontend' => [",
    `        'default' => ['id_prefix' => 'sf_', 'backend' => '${MAGENTO_REDIS_CACHE}',`,
    "            'backend_options' => $storefront_redis('1', '1')],",
    `        'page_cache' => ['id_prefix' => 'sf_', 'backend' => '${MAGENTO_REDIS_CACHE}',`,
    "            'backend_options' => $storefront_redis('2', '0')],",
    "    ]],",
    "];",
    "if (isset($storefront['search']) && $storefront_search !== null) {",
    "    $storefront_env['system']['default']['catalog']['search'] = [",
    "        'engine' => 'opensearch',",
    "        'opensearch_server_hostname' => 'https://' . $storefront['search']['host'],",
    "        'opensearch_server_port' => (string) $storefront['search']['port'],",
    "        'opensearch_enable_auth' => '1',",
    "        'opensearch_username' => $storefront['search']['username'],",
    "        'opensearch_password' => $storefront_search,",
    "    ];",
    "}",
    "return $storefront_env;",
    "",
  ].join("\n");
}

/** Where the secrets script lives on a server. */
export const SECRETS_SCRIPT = "/usr/local/sbin/storefront-secrets";

export interface SecretsScriptOptions {
  readonly layout: Layout;
  readonly region: string;
  /** The group that may read the secrets files: PHP's. */
  readonly phpGroup: string;
  readonly secrets: {
    /** The RDS-managed master secret (Secrets Manager): rotated by RDS every seven days. */
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
  /** The group nginx's workers run as: they read the installer's basic-auth file. */
  readonly nginxGroup: string;
}

/**
 * `storefront-secrets [all|database]`: reads the stack's secrets into the files PHP reads. First boot
 * runs it for everything; a systemd timer runs it for the database every minute, because RDS rotates
 * the managed master secret every seven days and a server that kept the boot-time copy would lose its
 * database at the first rotation. Each file is replaced atomically (a temporary file in the same
 * directory, renamed over it) and only when the source answered with a valid, different value: PHP
 * reads the files on every request, so it picks up a new password without a restart, and a failed read
 * (throttling, a network blip) never blanks a working file.
 */
export function secretsScript(o: SecretsScriptOptions): string {
  const conf = o.layout.configDir;
  const s = o.secrets;
  const secret = (id: string) => `secret '${id}'`;
  const parameter = (name: string) => `parameter '${name}'`;
  return [
    "#!/bin/bash",
    "# storefront-secrets [all|database]: the stack's secrets into files only root and PHP's group read.",
    '# shellcheck disable=SC2317 # secret and parameter run through refresh\'s "$@"',
    "set -euo pipefail",
    "umask 077",
    `region=${o.region}`,
    `conf=${conf}`,
    `group=${o.phpGroup}`,
    "",
    'secret() { aws secretsmanager get-secret-value --region "$region" --secret-id "$1" --query SecretString --output text; }',
    "parameter() {",
    '  aws ssm get-parameter --region "$region" --name "$1" --with-decryption --query Parameter.Value --output text',
    "}",
    "# valid <check> <file>: so an error page or an empty answer never replaces a working file.",
    // JSON is a core extension, always enabled, as of PHP 8.0 (php.net, "JSON: Installation",
    // https://www.php.net/manual/en/json.installation.php), so `php -n` (no ini files) still has it.
    "# php -n: no ini files nor extensions to load, a third of the CPU (JSON is in PHP's core since 8.0).",
    "# shellcheck disable=SC2016 # PHP's variables, not the shell's",
    "valid() {",
    "  case $1 in",
    "    credentials) php -n -r '$v = json_decode(file_get_contents($argv[1]), true);",
    '      exit(isset($v["username"], $v["password"]) && $v["password"] !== "" ? 0 : 1);\' "$2" ;;',
    "    object) php -n -r 'exit(is_array(json_decode(file_get_contents($argv[1]), true)) ? 0 : 1);' \"$2\" ;;",
    '    *) [ -s "$2" ] ;;',
    "  esac",
    "}",
    "",
    "# refresh <file> <check> <command…>: the command's output replaces the file when valid and different.",
    "refresh() {",
    "  local file=$1 check=$2 tmp",
    "  shift 2",
    '  tmp=$(mktemp "$file.XXXXXX")',
    '  if ! "$@" > "$tmp" 2>/dev/null || ! valid "$check" "$tmp"; then',
    '    rm -f "$tmp"',
    '    echo "storefront-secrets: could not read ${file##*/}; the current file stays" >&2',
    "    return 1",
    "  fi",
    '  if cmp -s "$tmp" "$file"; then rm -f "$tmp"; return 0; fi',
    '  if ! { chgrp "$group" "$tmp" && chmod 0440 "$tmp" && mv -f "$tmp" "$file"; }; then',
    '    rm -f "$tmp"',
    "    return 1",
    "  fi",
    '  echo "storefront-secrets: ${file##*/} updated"',
    "}",
    "",
    ...(s.setupTokenSecretArn
      ? [
          `# installer <secret>: nginx's basic-auth file for WordPress's installer (user ${INSTALLER_USER}, the token hashed).`,
          "installer() {",
          `  local file=${o.layout.installerPasswordFile} token hash tmp`,
          '  tmp=$(mktemp "$file.XXXXXX")',
          '  if token=$(secret "$1") && [ -n "$token" ] &&',
          '    hash=$(printf \'%s\\n\' "$token" | openssl passwd -apr1 -stdin) && [ -n "$hash" ] &&',
          `    printf '${INSTALLER_USER}:%s\\n' "$hash" > "$tmp" &&`,
          `    chgrp ${o.nginxGroup} "$tmp" && chmod 0440 "$tmp" && mv -f "$tmp" "$file"; then`,
          "    return 0",
          "  fi",
          '  rm -f "$tmp"',
          '  echo "storefront-secrets: could not read the setup token; the installer stays locked" >&2',
          "  return 1",
          "}",
          "",
        ]
      : []),
    'install -d -m 0750 -g "$group" "$conf"',
    "status=0",
    `refresh "$conf/${CONFIG_FILES.database}" credentials ${secret(s.databaseSecretArn)} || status=1`,
    'if [ "${1:-all}" = all ]; then',
    `  refresh "$conf/${CONFIG_FILES.sessionToken}" nonempty ${parameter(s.sessionTokenParameter)} || status=1`,
    ...(s.saltsSecretArn
      ? [`  refresh "$conf/${CONFIG_FILES.salts}" object ${secret(s.saltsSecretArn)} || status=1`]
      : []),
    ...(s.searchPasswordParameter
      ? [
          `  refresh "$conf/${CONFIG_FILES.searchPassword}" nonempty ${parameter(s.searchPasswordParameter)} || status=1`,
        ]
      : []),
    ...(s.setupTokenSecretArn ? [`  installer '${s.setupTokenSecretArn}' || status=1`] : []),
    "fi",
    'exit "$status"',
    "",
  ].join("\n");
}

/** The timer that re-reads the database's credentials every minute (RDS rotates them). */
export function secretsRefreshUnits(script: string = SECRETS_SCRIPT): { service: string; timer: string } {
  return {
    service: [
      "[Unit]",
      "Description=Storefront: re-read the database credentials RDS rotates",
      "Wants=network-online.target",
      "After=network-online.target",
      "",
      "[Service]",
      "Type=oneshot",
      `ExecStart=${script} database`,
      "",
    ].join("\n"),
    timer: [
      "[Unit]",
      "Description=Storefront: re-read the database credentials every minute",
      "",
      "[Timer]",
      "OnBootSec=1min",
      "OnUnitActiveSec=1min",
      "AccuracySec=5s",
      "",
      "[Install]",
      "WantedBy=timers.target",
      "",
    ].join("\n"),
  };
}
