#!/usr/bin/env bash
# Instructions a mailing row costs the client, counted by callgrind (user space only: the kernel's share is not in
# it). Rates and CPU times on this shared VM move with its load and with what a system call costs at the moment
# (smtp-source's CPU per message went from 23 µs to 161 µs between two runs of the same day); an instruction count
# is the same on every run, so it shows what a change to the client's own work did. Both clients send N plain
# 1 KB messages over one connection to smtp-sink, once with N = 200 and once with N = 1200: the difference over
# 1000 is the cost of a message, and what is left of the first run is the cost of starting.
#   bash bench/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash bench/build-release.sh
work=$(mktemp -d /tmp/mailblock-instructions.XXXXXX)
sink=""
trap '[ -n "$sink" ] && kill "$sink" 2>/dev/null; rm -rf "$work"' EXIT
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
smtp-sink -u postfix "127.0.0.1:$port" 1000 >/dev/null 2>&1 &
sink=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done

body=$(/usr/bin/python3 -c 'print("\r\n".join(("This is a mailing, a line of text for volume. " * 2)[:62] for _ in range(16)))')
/usr/bin/python3 - "$work" "$port" "$body" <<'PY'
import json, sys
work, port, body = sys.argv[1], int(sys.argv[2]), sys.argv[3]
inputs = {"server": "127.0.0.1", "port": port, "sender_email": "robot@mailblock.test", "recipient": {"$var": "to"},
          "subject": "Mailing", "body": body, "timeout": 30, "messages_per_connection": 100000}
json.dump({"start": {"next": "send"}, "variables": {"to": ""}, "blocks": {"send": {"type": "mail.send", "inputs": inputs}}},
          open(f"{work}/mailing.json", "w"))
for n in (200, 1200):
    open(f"{work}/rows{n}.csv", "w").write("to\n" + "".join(f"user{i}@example.org\n" for i in range(n)))
PY

# Instructions of one whole process under callgrind.
count() {
  valgrind --tool=callgrind --callgrind-out-file="$work/out" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/err"
}
row() {  # name, count for 200, count for 1200
  awk -v name="$1" -v a="$2" -v b="$3" 'BEGIN { per = (b - a) / 1000; printf "| %s | %.0f k | %.1f M |\n", name, per / 1000, (a - 200 * per) / 1e6 }'
}
echo "| client | instructions a message | instructions to start |"
echo "|---|---|---|"
export MAILBLOCK_PLUGIN_PATH=build-release/plugin
rpa_args() { echo build-release/rpa run "$work/mailing.json" --each "$work/rows$1.csv" --journal "$work/journal$1" --journal-sync os; }
# shellcheck disable=SC2046  # the words of the command line, split on purpose (no spaces in them)
row "mailblock \`rpa run --each\` (journal, \`--journal-sync os\`)" "$(count $(rpa_args 200))" "$(count $(rpa_args 1200))"
source_args() { echo smtp-source -d -s 1 -m "$1" -l 1024 -f robot@mailblock.test -t user@example.org "127.0.0.1:$port"; }
# shellcheck disable=SC2046
row "\`smtp-source -d -s 1 -m N -l 1024\` (reference)" "$(count $(source_args 200))" "$(count $(source_args 1200))"
