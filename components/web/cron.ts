import { Platform } from "./platform";
import { CONFIG_FILES, Layout, Profile } from "./templates";

/*
 * Cron exactly once across the fleet, with a lock in the session cache. Every server has a systemd timer
 * that fires each minute; the first server to take that minute's lock (Redis SET NX with an expiry, over
 * TLS with AUTH, through phpredis) runs the shop's scheduler, the others skip. A dead server holds no lock
 * beyond its minute, so the schedule keeps running on the survivors, and nothing has to elect a leader
 * or keep a dedicated cron server alive. WordPress's and Magento's schedulers tolerate an overrun into
 * the next minute (WP-Cron's doing_cron lock, Magento's per-group locks in the database).
 *
 * The same helper gives deployment hooks their "once per deployment" steps.
 */

/** The lock helper: `storefront-once <key> <seconds>` exits 0 for the one caller that takes the key. */
export const ONCE_HELPER = "/usr/local/bin/storefront-once";

/** The helper, a PHP CLI script: it reads the cache's address and token from the files first boot writes. */
export function onceHelper(layout: Layout): string {
  const dir = layout.configDir;
  return [
    "#!/usr/bin/env php",
    "<?php",
    "// storefront-once <key> <seconds>: exit 0 if this caller took the lock, 1 if another holds it, 2 on error.",
    "if ($argc !== 3 || !preg_match('/^[A-Za-z0-9:._-]{1,200}$/', $argv[1]) || (int) $argv[2] < 1) {",
    '    fwrite(STDERR, "usage: storefront-once <key> <seconds>\\n");',
    "    exit(2);",
    "}",
    `$settings = json_decode(file_get_contents('${dir}/${CONFIG_FILES.settings}'), true, 16, JSON_THROW_ON_ERROR);`,
    `$token = trim(file_get_contents('${dir}/${CONFIG_FILES.sessionToken}'));`,
    "$redis = new Redis();",
    "$redis->connect('tls://' . $settings['sessions']['host'], (int) $settings['sessions']['port'], 2.5);",
    "$redis->auth($token);",
    "$taken = $redis->set('storefront:once:' . $argv[1], gethostname(), ['nx', 'ex' => (int) $argv[2]]);",
    "exit($taken ? 0 : 1);",
    "",
  ].join("\n");
}

/** The scheduler command of each profile, run as PHP's user from the document root. */
export function cronCommand(profile: Profile, webRoot: string): string {
  return profile === "wordpress"
    ? `/usr/bin/php ${webRoot}/wp-cron.php`
    : `/usr/bin/php ${webRoot}/bin/magento cron:run`;
}

/** The systemd service and timer: every minute, on every server, the lock decides who runs. */
export function cronUnits(
  profile: Profile,
  platform: Platform,
  webRoot: string,
): { service: string; timer: string } {
  const command = cronCommand(profile, webRoot);
  return {
    service: [
      "[Unit]",
      `Description=Storefront ${profile} scheduler, once per minute across the fleet`,
      "After=network-online.target",
      "",
      "[Service]",
      "Type=oneshot",
      `User=${platform.phpUser}`,
      `Group=${platform.phpGroup}`,
      `WorkingDirectory=${webRoot}`,
      `ExecStart=/bin/sh -c '${ONCE_HELPER} cron-$$(date -u +%%Y%%m%%d%%H%%M) 120 && exec ${command}'`,
      "TimeoutStartSec=3600",
      "",
    ].join("\n"),
    timer: [
      "[Unit]",
      `Description=Storefront ${profile} scheduler tick`,
      "",
      "[Timer]",
      "OnCalendar=*-*-* *:*:00",
      "AccuracySec=1s",
      "",
      "[Install]",
      "WantedBy=timers.target",
      "",
    ].join("\n"),
  };
}

/** First-boot lines that install the helper and the scheduler's timer (quoted here-documents). */
export function cronSetup(profile: Profile, platform: Platform, layout: Layout): string[] {
  const units = cronUnits(profile, platform, layout.webRoot);
  const file = (path: string, content: string): string[] => [
    `cat > ${path} <<'STOREFRONT_EOF'`,
    content.trimEnd(),
    "STOREFRONT_EOF",
  ];
  return [
    "# Cron once per minute across the fleet: a lock in the session cache decides which server runs it.",
    ...file(ONCE_HELPER, onceHelper(layout)),
    `chmod 0755 ${ONCE_HELPER}`,
    ...file("/etc/systemd/system/storefront-cron.service", units.service),
    ...file("/etc/systemd/system/storefront-cron.timer", units.timer),
    "systemctl daemon-reload",
    "systemctl enable --now storefront-cron.timer",
  ];
}
