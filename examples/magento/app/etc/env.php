<?php
// The deployment's env.php: the shop's own settings, with the platform's pieces (database over verified
// TLS, sessions and the default and full-page caches in the session cache over TLS with AUTH, each in its
// own database, OpenSearch) merged in from the file first boot writes on every server. Keep secrets out of the repository: CI writes app/etc/crypt.key from a CI secret
// into the revision (revisions are private and encrypted in the artifact bucket).
$platform = require '/etc/storefront/env.platform.php';
return array_replace_recursive([
    'backend' => ['frontName' => 'admin_storefront'],
    'crypt' => ['key' => trim((string) file_get_contents(__DIR__ . '/crypt.key'))],
    'MAGE_MODE' => 'production',
    'cache_types' => [
        'config' => 1, 'layout' => 1, 'block_html' => 1, 'collections' => 1, 'reflection' => 1,
        'db_ddl' => 1, 'eav' => 1, 'customer_notification' => 1, 'config_integration' => 1,
        'config_integration_api' => 1, 'full_page' => 1, 'translate' => 1, 'config_webservice' => 1,
    ],
    'cron_consumers_runner' => ['cron_run' => true, 'max_messages' => 10000],
    'install' => ['date' => 'Mon, 01 Jan 2024 00:00:00 +0000'],
], $platform);
