#!/usr/bin/env bash
# The Release build the benchmarks measure (./build-release), with the bench's tools installed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --bench  # smtp-sink and smtp-source come with postfix; valgrind for instructions.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build build-release -j2 >/dev/null
