#!/usr/bin/env bash
# The bulk-speed and big-attachment benchmark (not a test): builds in Release, starts smtp-sink and the project's
# Postfix (TLS + SASL) on loopback, and prints one table comparing our block with its peers in the same run.
#   bash bench/run.sh            # everything, including the 1 GB attachment (needs ~4 GB free in $TMPDIR)
#   BENCH_QUICK=1 bash bench/run.sh   # smaller counts and no 1 GB case, for a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
bash bench/build-release.sh

work=$(mktemp -d /tmp/mailblock-bench.XXXXXX)
chmod 755 "$work"  # Postfix and Dovecot run as their own users and must reach the servers folder
trap 'tests/servers/mailservers.sh stop "$work/servers" >/dev/null 2>&1 || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
MB_PORT_BASE=${MB_PORT_BASE:-22000} tests/servers/mailservers.sh start "$work/servers" >/dev/null
/usr/bin/python3 bench/bench.py "$work"
