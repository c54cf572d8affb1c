#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test with ctest. The integration tests
# start their own Postfix and Dovecot on loopback (a ctest fixture) and stop them at the end.
# `bash scripts/test.sh --sanitize` runs the same suite on the AddressSanitizer + LeakSanitizer + UBSan build:
# every rpa, plugin and unit-test process then fails on the first report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
dir=build
if [ "${1:-}" = "--sanitize" ]; then
  shift
  dir=build-sanitize
  bash scripts/build.sh --sanitize
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
else
  bash scripts/build.sh
fi
cd "$dir"
ctest --output-on-failure -j2 "$@"
