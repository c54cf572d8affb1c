#!/usr/bin/env bash
# Configures and builds mailblock into ./build (warnings are errors when CI=true or MAILBLOCK_WERROR=ON).
# `bash scripts/build.sh --sanitize` builds the AddressSanitizer + UBSan variant into ./build-sanitize instead.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
sanitize=OFF
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-sanitize
  sanitize=ON
fi
werror=${MAILBLOCK_WERROR:-OFF}
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" -DMAILBLOCK_WERROR="$werror" \
  -DMAILBLOCK_SANITIZE="$sanitize" >/dev/null
cmake --build "$dir" -j"$(nproc)"
