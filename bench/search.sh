#!/usr/bin/env bash
# Search benchmark (kb crate): index build time, query latency p50/p99 over a fixed query set and peak
# memory, on the built-in library and on a generated library of N pages (default 100000, half English,
# half Chinese, lengths log-normal around 2.4 KB), with ripgrep over the same files for comparison.
#
#   bench/search.sh [N] [ROUNDS]
#
# Figures go to stdout; BENCHMARKS.md ("## Search") records a run.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
ROUNDS="${2:-10}"

cargo build --release -p kb --example search_bench
BIN=target/release/examples/search_bench
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if ! command -v rg >/dev/null 2>&1; then
  apt-get install -y -qq ripgrep >/dev/null
fi

peak() { awk -F': ' '/Maximum resident set size/ { printf "%.0f MiB", $2 / 1024 }' "$1"; }

# rg -i -F -l for each query of the set over DIR: p50 / p99 / max in ms.
rg_latency() {
  local dir="$1" times="$WORK/rg-times"
  : > "$times"
  rg -i -F -l -- warmup "$dir" >/dev/null || true
  while IFS= read -r q; do
    local t0 t1
    t0=$(date +%s%N)
    rg -i -F -l -- "$q" "$dir" >/dev/null || true
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 )) >> "$times"
  done < <("$BIN" queries)
  sort -n "$times" | awk '{ v[NR] = $1 } END {
    p50 = v[int(NR * 0.50 + 0.999)]; p99 = v[int(NR * 0.99 + 0.999)];
    printf "rg -i -F -l: %d queries: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, p50 / 1000, p99 / 1000, v[NR] / 1000 }'
}

echo "== built-in library (content/)"
/usr/bin/time -v "$BIN" run --rounds "$ROUNDS" 2> "$WORK/time-builtin"
echo "peak memory: $(peak "$WORK/time-builtin")"
rg_latency content

echo
echo "== generated library: $N pages"
"$BIN" generate "$WORK/lib" "$N"
du -sh --apparent-size "$WORK/lib" | awk '{ print "on disk: " $1 }'
/usr/bin/time -v "$BIN" run "$WORK/lib" --rounds "$ROUNDS" 2> "$WORK/time-gen"
echo "peak memory: $(peak "$WORK/time-gen")"
if [ "${INDEX_ON_DISK:-0}" = 1 ]; then
  echo "-- same library, index in a directory"
  /usr/bin/time -v "$BIN" run "$WORK/lib" --index-dir "$WORK/index" --rounds "$ROUNDS" 2> "$WORK/time-disk"
  echo "peak memory: $(peak "$WORK/time-disk")"
  du -sh "$WORK/index" | awk '{ print "index on disk: " $1 }'
fi
rg_latency "$WORK/lib"
