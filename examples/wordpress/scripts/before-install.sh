#!/bin/bash
# Before the files are copied: the uploads mount must be there, or the copy would land on the root volume.
set -euo pipefail
mountpoint -q /var/www/html/wp-content/uploads
