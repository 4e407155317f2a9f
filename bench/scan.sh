#!/usr/bin/env bash
# Times `oomlens diagnose --json` on a generated 100 MB training log against
# `grep -c 'out of memory'` on the same file, and reports peak memory (RSS).
#
#   bench/scan.sh                 # uses target/release/oomlens (built if missing)
#   OOMLENS_BIN=path bench/scan.sh
#   BENCH_USE_EXAMPLE=1 bench/scan.sh   # streams through triage's `scan` example instead
#   BENCH_MB=100 BENCH_RUNS=3 bench/scan.sh
#
# The log: tqdm progress lines, INFO step lines, Python tracebacks, and a few hundred memory
# errors of different kinds (PyTorch 1.x/2.x, CUDA error, TensorFlow, NCCL, host OOM killer,
# DataLoader, vLLM), plus nvidia-smi tables. Deterministic (seeded).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
mb="${BENCH_MB:-100}"
runs="${BENCH_RUNS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/train.log"

python3 "$root/bench/genlog.py" "$log" "$((mb * 1000))"

if [[ "${BENCH_USE_EXAMPLE:-0}" == 1 ]]; then
    (cd "$root" && cargo build --quiet --release -p triage --example scan)
    cmd=("$root/target/release/examples/scan" "$log")
else
    bin="${OOMLENS_BIN:-$root/target/release/oomlens}"
    if [[ ! -x "$bin" ]]; then
        (cd "$root" && cargo build --quiet --release -p server --bin oomlens)
    fi
    cmd=("$bin" diagnose --json "$log")
fi

size=$(stat -c %s "$log")
echo "file: $((size / 1000000)) MB ($size bytes), $(wc -l < "$log") lines"
echo "grep -c 'out of memory': $(grep -c 'out of memory' "$log") lines"

# best of $runs: elapsed seconds (nanosecond clock) and peak RSS in KiB (/usr/bin/time -v)
measure() {
    local best_ns="" best_kb=""
    for _ in $(seq "$runs"); do
        local t0 t1 kb
        t0=$(date +%s%N)
        "$@" > "$work/out" || true
        t1=$(date +%s%N)
        if [[ -z "$best_ns" ]] || (( t1 - t0 < best_ns )); then best_ns=$((t1 - t0)); fi
        /usr/bin/time -v "$@" > "$work/out" 2> "$work/time" || true
        kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
        if [[ -z "$best_kb" ]] || (( kb < best_kb )); then best_kb=$kb; fi
    done
    awk -v ns="$best_ns" -v kb="$best_kb" 'BEGIN {printf "%.3f %d\n", ns / 1e9, kb}'
}

cat "$log" > /dev/null # warm the page cache
read -r grep_s grep_kb < <(measure grep -c 'out of memory' "$log")
read -r scan_s scan_kb < <(measure "${cmd[@]}")
"${cmd[@]}" > "$work/report.json" || true
events=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(len(r['events']), 'events,', r.get('summary', {}).get('errors'), 'errors')" "$work/report.json" 2>/dev/null || echo "?")

echo "grep:   ${grep_s}s  peak RSS $((grep_kb / 1024)) MiB"
echo "triage: ${scan_s}s  peak RSS $((scan_kb / 1024)) MiB  ($events)  [${cmd[*]/$log/FILE}]"
awk -v a="$scan_s" -v b="$grep_s" -v m="$scan_kb" -v f="$size" \
    'BEGIN {printf "ratio: %.2fx grep time, peak memory %.3fx the file\n", (b > 0 ? a / b : 0), m * 1024 / f}'
