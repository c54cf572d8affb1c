#!/usr/bin/env bash
# Configures and builds mailblock into ./build (warnings are errors when CI=true or MAILBLOCK_WERROR=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
werror=${MAILBLOCK_WERROR:-OFF}
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" -DMAILBLOCK_WERROR="$werror" >/dev/null
cmake --build build -j"$(nproc)"
