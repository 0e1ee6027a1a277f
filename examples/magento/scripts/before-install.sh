#!/bin/bash
# Before the files are copied: the shared media and var mounts must be there.
set -euo pipefail
mountpoint -q /var/www/magento/pub/media
mountpoint -q /var/www/magento/var
