#!/usr/bin/env bash
# The demo: sends a real email through the Send email block to a local Postfix that this script starts on
# loopback (STARTTLS + authentication, its own config in a temporary folder), shows where the message landed
# and its headers, then stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh >/dev/null

dir=$(mktemp -d /tmp/mailblock-demo.XXXXXX)
trap 'tests/servers/mailservers.sh stop "$dir" >/dev/null 2>&1 || true' EXIT
MB_PORT_BASE=${MB_PORT_BASE:-21000} tests/servers/mailservers.sh start "$dir" >/dev/null
# shellcheck disable=SC1091
source "$dir/env"

echo "== rpa run examples/send-email.json (Postfix on $MB_HOST:$MB_SMTP_STARTTLS_PORT, STARTTLS + AUTH)"
SMTP_PASSWORD="$MB_SMTP_PASSWORD" ./build/rpa run examples/send-email.json \
  --var smtp_host="$MB_HOST" --var smtp_port="$MB_SMTP_STARTTLS_PORT" --var ca_file="$MB_CA_FILE" \
  --var login="$MB_SMTP_USER" --var attachment="$PWD/examples/files/report.txt"

echo
for i in $(seq 1 50); do
  delivered=$(find "$MB_MAIL_ROOT" -path '*/new/*' -type f 2>/dev/null | sort)
  [ "$(echo "$delivered" | grep -c .)" -ge 4 ] && break
  sleep 0.2
done
echo "== delivered (one copy per recipient, BCC included by envelope only):"
echo "$delivered"
first=$(echo "$delivered" | grep '/example.org/ivan/' | head -1)
echo
echo "== headers of $first"
sed -n '1,/^\r\{0,1\}$/p' "$first"
