#!/usr/bin/env bash
# Fuzzes mailblock's parsers with libFuzzer (targets in tests/fuzz/fuzz_<name>.cpp).
#
#   bash scripts/fuzz.sh TARGET SECONDS [LIBFUZZER_FLAG...]   one target, e.g. `bash scripts/fuzz.sh diagram 60`
#   bash scripts/fuzz.sh all SECONDS [LIBFUZZER_FLAG...]      every target in turn, SECONDS each
#   bash scripts/fuzz.sh list                                 the targets
#
# Builds ./build-fuzz when needed (Clang; the libraries with -fsanitize=fuzzer-no-link,address,undefined, the
# targets with -fsanitize=fuzzer,address,undefined). Each run starts from the checked-in seeds,
# tests/fuzz/corpus/TARGET, copied into a working corpus under build-fuzz/corpus/TARGET that keeps what
# earlier runs found (the checked-in folder never grows). Exits non-zero if any run finds a crash, a leak, a
# timeout or runs out of memory, and prints the path of the saved input; add that file to
# tests/fuzz/corpus/TARGET once the bug is fixed, and ctest replays it on every build (fuzz_replay_TARGET).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(diagram address_list smtp_reply imap_response value_conversion message_roundtrip dns_answer autoconfig_xml
  oauth_answers)
build=build-fuzz

# -max_len per target: long enough to reach each parser's bounds that matter, short enough to stay fast.
max_len() {
  case "$1" in
    diagram) echo 16384 ;;         # nested JSON, many blocks and ports
    address_list) echo 4096 ;;     # 254-octet addresses, many items
    smtp_reply) echo 20000 ;;      # an 8 KB reply line, 200 continuation lines
    imap_response) echo 16384 ;;   # literals and long lines
    value_conversion) echo 4096 ;; # JSON values and texts
    message_roundtrip) echo 12000 ;; # lines past 998 octets, long subjects, names
    dns_answer) echo 4096 ;;       # UDP answers are at most a few KB
    autoconfig_xml) echo 16384 ;;  # documents with entities and many servers
    oauth_answers) echo 8192 ;;    # JSON answers, query strings, the store
    *) echo 4096 ;;
  esac
}

usage() {
  echo "usage: bash scripts/fuzz.sh TARGET|all SECONDS [LIBFUZZER_FLAG...]   (targets: ${targets[*]})" >&2
  exit 2
}

build_targets() {
  if [ ! -f "$build/CMakeCache.txt" ]; then
    local flags='-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1'
    CC=clang CXX=clang++ cmake -S . -B "$build" -DMAILBLOCK_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" >/dev/null
  else
    cmake -S . -B "$build" >/dev/null  # picks up targets added since (make alone would not know them)
  fi
  # Only the fuzz targets: the rest of the tree (the plugin links with --no-undefined) is not built here.
  local names=()
  for t in "$@"; do names+=("fuzz_$t"); done
  mkdir -p "$build/logs"
  if ! cmake --build "$build" -j"$(nproc)" --target "${names[@]}" >"$build/logs/build.log" 2>&1; then
    tail -30 "$build/logs/build.log" >&2
    echo "building the fuzz targets failed (log: $build/logs/build.log)" >&2
    exit 2
  fi
}

# Runs one target; returns non-zero when it found something.
run_target() {
  local name=$1 seconds=$2
  shift 2
  local binary="$build/tests/fuzz/fuzz_$name"
  local seeds="tests/fuzz/corpus/$name"
  local work="$build/corpus/$name"
  local artifacts="$build/artifacts/$name/"
  local log="$build/logs/$name.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  cp -n "$seeds"/* "$work"/ 2>/dev/null || true
  local before
  before=$(ls -1 "$artifacts" | wc -l)
  echo "== fuzz_$name: ${seconds}s, -max_len=$(max_len "$name"), corpus $work (log: $log)"
  local status=0
  # intercept_tls_get_addr=0: a sanitizer-runtime flake at exit, see scripts/test.sh
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1:intercept_tls_get_addr=0}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}" \
    "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$name")" \
      -artifact_prefix="$artifacts" -print_final_stats=1 "$@" "$work" >"$log" 2>&1 || status=$?
  grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true
  grep -E 'stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
  local after
  after=$(ls -1 "$artifacts" | wc -l)
  if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
    echo "!! fuzz_$name found a problem (exit $status). Last lines of $log:" >&2
    grep -E 'ERROR|SUMMARY|fuzz check failed|terminate called|what\(\)' "$log" | head -5 >&2 || true
    grep -E 'Test unit written to' "$log" >&2 || ls -1t "$artifacts" | head -3 | sed "s|^|   artifact: $artifacts|" >&2
    return 1
  fi
  return 0
}

[ $# -ge 1 ] || usage
if [ "$1" = "list" ]; then
  printf '%s\n' "${targets[@]}"
  exit 0
fi
[ $# -ge 2 ] || usage
target=$1
seconds=$2
shift 2
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

if [ "$target" = "all" ]; then
  selected=("${targets[@]}")
else
  found=no
  for t in "${targets[@]}"; do [ "$t" = "$target" ] && found=yes; done
  [ "$found" = yes ] || usage
  selected=("$target")
fi

build_targets "${selected[@]}"
failed=()
for t in "${selected[@]}"; do
  run_target "$t" "$seconds" "$@" || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzzing clean: ${selected[*]}"
