#!/bin/bash
# The server takes traffic again only if nginx serves the health file and WordPress answers without a
# server error through the front controller.
set -euo pipefail
curl -fsS -o /dev/null http://127.0.0.1/storefront-health.txt
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' http://127.0.0.1/)
if [ "$status" -ge 500 ]; then
  echo "WordPress answers $status" >&2
  exit 1
fi
