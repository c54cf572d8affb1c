#!/usr/bin/env bash
# The demo: sends a real email through the Send email block to a local Postfix that this script starts on
# loopback (STARTTLS + authentication, its own config in a temporary folder), stores the same message in the
# account's Sent folder on a local Dovecot through the Save to Sent block, shows where the message landed
# (both places) and its headers, then stops the servers.
#   bash scripts/demo.sh --installed   the same with the installed package's rpa, plugin and example diagram
#   bash scripts/demo.sh --node-red    the same chain as a Node-RED flow (examples/node-red-flow.json) in a real
#                                      Node-RED on loopback; prints the editor's address (scripts/demo-node-red.py)
set -euo pipefail
cd "$(dirname "$0")/.."
rpa=$PWD/build/rpa
examples=$PWD  # the diagram names its attachment relative to this folder
if [ "${1:-}" = "--installed" ]; then
  rpa=/usr/bin/rpa
  examples=/usr/share/mailblock
  "$rpa" --version
  "$rpa" blocks
else
  bash scripts/install-deps.sh
  bash scripts/build.sh >/dev/null
fi

dir=$(mktemp -d /tmp/mailblock-demo.XXXXXX)
trap 'tests/servers/mailservers.sh stop "$dir" >/dev/null 2>&1 || true' EXIT
MB_PORT_BASE=${MB_PORT_BASE:-21000} tests/servers/mailservers.sh start "$dir" >/dev/null
# shellcheck disable=SC1091
source "$dir/env"

if [ "${1:-}" = "--node-red" ]; then
  bash scripts/install-node-red.sh
  MB_SERVERS_ENV="$dir/env" MB_RPA="$rpa" MB_NODE_RED_PORT="${MB_NODE_RED_PORT:-21880}" \
    /usr/bin/python3 scripts/demo-node-red.py
  exit
fi

echo "== rpa run examples/send-email.json"
echo "   Send email -> Postfix $MB_HOST:$MB_SMTP_STARTTLS_PORT (STARTTLS + AUTH)"
echo "   Save to Sent -> Dovecot $MB_HOST:$MB_IMAP_PORT (STARTTLS), server/login/password taken from the sent message"
(cd "$examples" && SMTP_PASSWORD="$MB_SMTP_PASSWORD" "$rpa" run examples/send-email.json \
  --var smtp_host="$MB_HOST" --var smtp_port="$MB_SMTP_STARTTLS_PORT" --var ca_file="$MB_CA_FILE" \
  --var login="$MB_SMTP_USER" --var imap_port="$MB_IMAP_PORT")

echo
# Postfix delivers one copy per recipient (the BCC one included: it is in the envelope, not the headers).
for _ in $(seq 1 100); do
  [ "$(find "$MB_MAIL_ROOT/new" -type f 2>/dev/null | wc -l)" -ge 4 ] && break
  sleep 0.1
done
echo "== delivered into $MB_MAIL_ROOT/new/:"
for f in "$MB_MAIL_ROOT"/new/*; do
  printf '  %-28s %s\n' "$(grep -m1 '^Delivered-To:' "$f" | cut -d' ' -f2 | tr -d '\r')" "$f"
done
ivan=$(grep -l -m1 '^Delivered-To: ivan@example.org' "$MB_MAIL_ROOT"/new/* | head -1)
echo
echo "== headers of $ivan (Postfix's trace headers first, then ours):"
sed -n '1,/^\r\{0,1\}$/p' "$ivan"
echo "== the same, decoded:"
/usr/bin/python3 - "$ivan" <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
for h in ("From", "To", "Cc", "Subject", "Message-ID"):
    print(f"  {h}: {m[h]}")
print("  Bcc header:", m["Bcc"])
print("  parts:", ", ".join(p.get_content_type() + (f" ({p.get_filename()})" if p.get_filename() else "") for p in m.walk()))
PY

sent_dir="$MB_IMAP_MAIL_ROOT/$MB_SMTP_USER/Maildir/.&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-/cur"
echo
echo "== stored in the Sent folder \"Отправленные\" (Maildir flag S = \\Seen):"
ls "$sent_dir"
