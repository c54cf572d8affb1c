#!/usr/bin/env bash
# clang-tidy over the product code (sdk/, blocks/, plugin/) with the checked-in .clang-tidy; any finding fails.
# Uses the compile commands of ./build (configured here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --checks
[ -f build/compile_commands.json ] || cmake -S . -B build >/dev/null
run-clang-tidy -quiet -p build -j"$(nproc)" "$PWD/(sdk|blocks|plugin)/" > build/clang-tidy.log 2>&1 || {
  sed 's/\x1b\[[0-9;]*m//g' build/clang-tidy.log | grep -E -A3 "(warning|error): " | head -200
  echo "static-checks: clang-tidy found problems (whole log: build/clang-tidy.log)" >&2
  exit 1
}
echo "static-checks: clang-tidy clean (sdk/, blocks/, plugin/)"
