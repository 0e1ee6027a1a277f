#!/bin/bash
# After the files are copied: code is root's and read-only to PHP; OPcache never checks timestamps, so
# PHP-FPM reloads to pick up the new code (a graceful reload: requests in flight finish).
set -euo pipefail
find /var/www/html/wp-content -path /var/www/html/wp-content/uploads -prune -o -exec chown root:root {} +
systemctl reload php-fpm
