#!/bin/bash
# The server takes traffic again only if nginx serves the health file and Magento's own check passes.
set -euo pipefail
curl -fsS -o /dev/null http://127.0.0.1/storefront-health.txt
curl -fsS -o /dev/null -H 'X-Forwarded-Proto: https' http://127.0.0.1/health_check.php
