#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test with ctest. The integration tests
# start their own Postfix and Dovecot on loopback (a ctest fixture) and stop them at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j2 "$@"
