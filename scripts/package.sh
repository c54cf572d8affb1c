#!/usr/bin/env bash
# Builds the Debian packages mailblock_<version>_<arch>.deb and mailblock-dev_<version>_all.deb into
# ./build-package (Release, prefix /usr, no build-tree paths in the binaries).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build-package -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DMAILBLOCK_BUILD_TREE_PLUGINS=OFF -DMAILBLOCK_TESTS=OFF -DMAILBLOCK_WERROR="$([ "${CI:-}" = true ] && echo ON || echo OFF)" >/dev/null
cmake --build build-package -j"$(nproc)"
(cd build-package && rm -f ./*.deb && cpack -G DEB >/dev/null)
ls -1 build-package/*.deb
