#!/bin/bash
# After the files are copied on one server. Schema and data upgrades, maintenance mode and the cache flush
# are fleet-wide, so they run once per deployment: on the server that takes the deployment's lock in the
# session cache. The others only reload PHP-FPM (OPcache never checks timestamps).
set -euo pipefail
cd /var/www/magento
magento() { runuser -u apache -- php bin/magento --no-ansi "$@"; }
chown -R apache:apache generated pub/static
if storefront-once "deploy-${DEPLOYMENT_ID:?CodeDeploy sets DEPLOYMENT_ID}-upgrade" 3600; then
  # setup:db:status exits non-zero when modules' schema or data are ahead of the database.
  if ! magento setup:db:status; then
    magento maintenance:enable
    magento setup:upgrade --keep-generated --no-interaction
    magento maintenance:disable
  fi
  magento cache:flush
fi
systemctl reload php-fpm
