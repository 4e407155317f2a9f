#!/usr/bin/env bash
# Load on loopback, measured (issue 15, "Load and crash, measured").
#
#   bench/load.sh                 solo phases (static ceiling, diagnosis page, /search, /api/search),
#                                 then the 60 s mix, a table, RSS before/after and the issue's bounds
#   bench/load.sh --soak MINUTES  the mix only, in one-minute rounds, RSS after each round
#
# Starts its own server (target/release/oomlens, or $OOMLENS_BIN) on a free 127.0.0.1 port with a
# fresh data folder in a temp folder (its log goes there too), and stops it with SIGTERM at the end.
# Every phase is wrk at 64 connections, 2 threads, --latency, no Accept-Encoding (wrk's default),
# but diagnosis-br, which asks as a browser does (bench/accept_br.lua).
# The mix runs one wrk per route at the same time, splitting the 64 connections, so that each route
# gets its own figures; pastes are posted through the form by bench/post_paste.lua.
#
# Settings (environment):
#   OOMLENS_BIN           the server binary                         (target/release/oomlens)
#   SOLO_SECONDS          each solo phase                           (10)
#   MIX_SECONDS           the mix                                   (60)
#   WARMUP_SECONDS        the warm-up of each route before RSS is taken as the baseline  (2)
#   SOAK_ROUND_SECONDS    one round of --soak                       (60)
#   MIX_DIAG MIX_SEARCH MIX_GUIDE MIX_STATIC MIX_PASTE
#                         the mix's connections per route           (24 12 12 8 8)
#   PASTE_FILE            the paste to post (default: a PyTorch CUDA out-of-memory traceback)
#   KEEP_DATA=1           keep the temp folder (data and server log) and print its path
#
# Exit status: 0 when the measurement ran, whether the bounds are met or not; 1 when the server did
# not start, stopped answering or died; 2 when something needed is missing (wrk, curl, the binary).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

soak_minutes=""
while [ $# -gt 0 ]; do
  case "$1" in
    --soak) soak_minutes="${2:-}"; shift 2 || { usage >&2; exit 2; } ;;
    --soak=*) soak_minutes="${1#--soak=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "load.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ -n "$soak_minutes" ] && ! [[ "$soak_minutes" =~ ^[1-9][0-9]*$ ]]; then
  echo "load.sh: --soak takes a whole number of minutes, not '$soak_minutes'" >&2
  exit 2
fi

SOLO_SECONDS="${SOLO_SECONDS:-10}"
MIX_SECONDS="${MIX_SECONDS:-60}"
WARMUP_SECONDS="${WARMUP_SECONDS:-2}"
SOAK_ROUND_SECONDS="${SOAK_ROUND_SECONDS:-60}"
MIX_DIAG="${MIX_DIAG:-24}"
MIX_SEARCH="${MIX_SEARCH:-12}"
MIX_GUIDE="${MIX_GUIDE:-12}"
MIX_STATIC="${MIX_STATIC:-8}"
MIX_PASTE="${MIX_PASTE:-8}"
CONNECTIONS=64
THREADS=2
SEARCH_QUERY="out+of+memory"

binary="${OOMLENS_BIN:-target/release/oomlens}"
lua_script="bench/post_paste.lua"

# --- what is needed --------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  echo "load.sh: wrk is not installed. On Debian or Ubuntu: apt-get install wrk" >&2
  echo "         (elsewhere: your package manager's wrk, or build https://github.com/wg/wrk)" >&2
  exit 2
fi
if ! command -v curl >/dev/null 2>&1; then
  echo "load.sh: curl is not installed. On Debian or Ubuntu: apt-get install curl" >&2
  exit 2
fi
if [ ! -x "$binary" ]; then
  echo "load.sh: no server binary at $binary: run 'cargo build --release', or set OOMLENS_BIN" >&2
  exit 2
fi
[ -r "$lua_script" ] || { echo "load.sh: $lua_script is missing" >&2; exit 2; }
for n in "$MIX_DIAG" "$MIX_SEARCH" "$MIX_GUIDE" "$MIX_STATIC" "$MIX_PASTE"; do
  if ! [[ "$n" =~ ^[0-9]+$ ]] || [ "$n" -lt "$THREADS" ]; then
    echo "load.sh: each MIX_* connection count must be a number of at least $THREADS (wrk's threads)" >&2
    exit 2
  fi
done
if [ $((MIX_DIAG + MIX_SEARCH + MIX_GUIDE + MIX_STATIC + MIX_PASTE)) -ne "$CONNECTIONS" ]; then
  echo "load.sh: note: the mix's connections add up to $((MIX_DIAG + MIX_SEARCH + MIX_GUIDE + MIX_STATIC + MIX_PASTE)), not $CONNECTIONS" >&2
fi

if [ -n "${PASTE_FILE:-}" ]; then
  paste_text="$(cat "$PASTE_FILE")"
else
  paste_text='Traceback (most recent call last):
  File "/home/lab/llm/train.py", line 212, in <module>
    main()
  File "/home/lab/llm/train.py", line 187, in main
    outputs = model(**batch)
  File "/opt/conda/lib/python3.11/site-packages/torch/nn/modules/module.py", line 1553, in _wrapped_call_impl
    return self._call_impl(*args, **kwargs)
  File "/opt/conda/lib/python3.11/site-packages/transformers/models/llama/modeling_llama.py", line 1209, in forward
    logits = logits.float()
torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.65 GiB of which 1.15 GiB is free. Including non-PyTorch memory, this process has 22.49 GiB memory in use. Of the allocated memory 20.87 GiB is allocated by PyTorch, and 1.13 GiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.  See documentation for Memory Management  (https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)'
fi

# --- the server --------------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/oomlens-load.XXXXXX")"
log="$work/server.log"
server_pid=""
wrk_pids=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local p
  for p in "${wrk_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 100); do server_running || break; sleep 0.1; done
    if server_running; then
      echo "load.sh: the server did not stop within 10 s of SIGTERM; sending SIGKILL" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP_DATA:-0}" = 1 ]; then
    echo "kept: $work (server log: $log)"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Whether the server process is still there and not a zombie (our child, not yet waited for).
server_running() {
  [ -n "$server_pid" ] && [ -r "/proc/$server_pid/status" ] &&
    ! grep -q '^State:[[:space:]]*Z' "/proc/$server_pid/status" 2>/dev/null
}

server_failed() {
  echo "load.sh: $*" >&2
  if [ -s "$log" ]; then
    echo "--- last lines of the server log ($log) ---" >&2
    tail -n 20 "$log" >&2
  fi
  exit 1
}

# The server must be alive, and must still answer /healthz with 200.
check_server() {
  if ! server_running; then
    local status=0
    wait "$server_pid" 2>/dev/null || status=$?
    server_pid=""
    if [ "$status" -gt 128 ]; then
      server_failed "the server died ($1): killed by signal $((status - 128))"
    fi
    server_failed "the server died ($1): exit status $status"
  fi
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base/healthz" || true)"
  [ "$code" = 200 ] || server_failed "the server answers /healthz with '$code' ($1)"
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo 0; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo 0; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
  else
    local p
    for _ in $(seq 50); do
      p=$((20000 + RANDOM % 40000))
      if ! (: <"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    echo 0
  fi
}

start_server() {
  local attempt
  for attempt in 1 2 3; do
    port="$(free_port)"
    base="http://127.0.0.1:$port"
    "$binary" serve --addr "127.0.0.1:$port" --data "$work/data" >>"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 300); do
      [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/healthz" || true)" = 200 ] && return 0
      server_running || break
      sleep 0.1
    done
    if server_running; then
      server_failed "the server did not answer /healthz with 200 within 30 s"
    fi
    wait "$server_pid" 2>/dev/null || true
    # Another process may have taken the port between the check and the bind: try another one.
    if ! grep -qi 'in use' "$log"; then break; fi
    echo "load.sh: port $port was taken; trying another (attempt $attempt)" >&2
  done
  server_pid=""
  server_failed "the server did not start"
}

start_server
echo "server: $binary (pid $server_pid) on $base, data and log in $work"

# --- data ----------------------------------------------------------------------------------------
jar="$work/cookies.txt"
home="$(curl -fsS -c "$jar" "$base/")" || server_failed "GET / failed"
csrf="$(grep -o 'name="csrf" value="[^"]*"' <<<"$home" | head -n 1 | sed 's/.*value="//; s/"$//' || true)"
cookie="$(awk '$6 == "oomlens_csrf" { print $7 }' "$jar" | tail -n 1)"
[ -n "$csrf" ] || server_failed "no hidden csrf field on the home page"
[ -n "$cookie" ] || server_failed "no oomlens_csrf cookie set by the home page"
css="$(grep -o '<link[^>]*rel="stylesheet"[^>]*>' <<<"$home" | grep -o 'href="[^"]*"' | head -n 1 | sed 's/^href="//; s/"$//' || true)"
[ -n "$css" ] || server_failed "no <link rel=\"stylesheet\" href=...> on the home page"

answer="$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -b "$jar" -c "$jar" \
  --data-urlencode "text=$paste_text" --data-urlencode "csrf=$csrf" "$base/diagnose")" ||
  server_failed "POST /diagnose failed"
diag="$(sed 's/^[0-9]* //; s#^https\{0,1\}://[^/]*##' <<<"$answer")"
[ "${answer%% *}" = 303 ] && [[ "$diag" == /d/* ]] ||
  server_failed "POST /diagnose answered '$answer', not a 303 to /d/{id}"

guide="$(curl -fsS "$base/kb" | grep -o 'href="/kb/[^"#?]*"' | head -n 1 | sed 's/^href="//; s/"$//' || true)"
[ -n "$guide" ] || server_failed "no /kb/<slug> link on /kb"

search="/search?q=$SEARCH_QUERY"
api_search="/api/search?q=$SEARCH_QUERY"
for route in "$css" "$diag" "$search" "$api_search" "$guide"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "$base$route" || true)"
  [ "$code" = 200 ] || server_failed "GET $route answers $code before the load"
done
echo "routes: static $css, diagnosis $diag, search $search, api $api_search, guide $guide"

# --- wrk -------------------------------------------------------------------------------------
# Results, by "phase|route": requests/s, p50 ms, p99 ms, errors, requests, connections.
declare -A R_RPS R_P50 R_P99 R_ERR R_REQ R_CONN
rows=()
total_errors=0
pastes_acknowledged=0
run_number=0

# Starts wrk in the background: wrk_start NAME CONNECTIONS SECONDS ROUTE [lua]. Output: $work/NAME.wrk
wrk_start() {
  local name="$1" conns="$2" secs="$3" route="$4" script="${5:-}"
  local args=(-t "$THREADS" -c "$conns" -d "${secs}s" --latency)
  run_number=$((run_number + 1))
  if [ -n "$script" ]; then
    BENCH_CSRF="$csrf" BENCH_COOKIE="$cookie" BENCH_PASTE_TEXT="$paste_text" \
      BENCH_NONCE="$$-$run_number" \
      wrk "${args[@]}" -s "$script" "$base$route" >"$work/$name.wrk" 2>&1 &
  else
    wrk "${args[@]}" "$base$route" >"$work/$name.wrk" 2>&1 &
  fi
  wrk_pids+=($!)
}

wrk_wait() {
  local p
  for p in "${wrk_pids[@]}"; do wait "$p" || true; done
  wrk_pids=()
}

# wrk's output -> "requests/s p50_ms p99_ms errors requests", or nothing when it has no figures.
parse_wrk() {
  awk '
    function ms(v,   n, u) {
      n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n / 1000
      if (u == "ms") return n
      if (u == "s") return n * 1000
      if (u == "m") return n * 60000
      if (u == "h") return n * 3600000
      return -1
    }
    /^[ \t]*50%[ \t]/ { p50 = ms($2) }
    /^[ \t]*99%[ \t]/ { p99 = ms($2) }
    / requests in / { requests = $1 + 0 }
    /^Requests\/sec:/ { rps = $2 + 0; seen = 1 }
    /Socket errors:/ {
      for (i = 1; i <= NF; i++) if ($i ~ /^(connect|read|write|timeout)$/) socket += $(i + 1) + 0
    }
    /Non-2xx or 3xx responses:/ { status += $NF + 0 }
    END {
      if (seen) printf "%.1f %.3f %.3f %d %d\n", rps, p50, p99, socket + status, requests
    }' "$1"
}

# Records wrk's figures for phase|route: record PHASE LABEL NAME CONNECTIONS
record() {
  local phase="$1" label="$2" name="$3" conns="$4" key figures rps p50 p99 err req
  key="$phase|$label"
  figures="$(parse_wrk "$work/$name.wrk")"
  if [ -z "$figures" ]; then
    echo "load.sh: wrk gave no figures for $phase $label:" >&2
    sed 's/^/    /' "$work/$name.wrk" >&2
    check_server "after $phase $label"
    figures="0 0 0 1 0"
  fi
  read -r rps p50 p99 err req <<<"$figures"
  R_RPS[$key]="$rps" R_P50[$key]="$p50" R_P99[$key]="$p99" R_ERR[$key]="$err" R_REQ[$key]="$req"
  R_CONN[$key]="$conns"
  rows+=("$key")
  total_errors=$((total_errors + err))
  if [ "$label" = "paste" ]; then
    # Answered 2xx/3xx: wrk's completed requests less its non-2xx/3xx (socket errors are not counted
    # as completed).
    local non
    non="$(awk '/Non-2xx or 3xx responses:/ { print $NF + 0 }' "$work/$name.wrk")"
    pastes_acknowledged=$((pastes_acknowledged + req - ${non:-0}))
  fi
}

solo() { # solo PHASE LABEL SECONDS ROUTE [lua]
  local name="$1-$2"
  wrk_start "$name" "$CONNECTIONS" "$3" "$4" "${5:-}"
  wrk_wait
  record "$1" "$2" "$name" "$CONNECTIONS"
  check_server "after $1 $2"
}

mix() { # mix PHASE SECONDS
  local phase="$1" secs="$2"
  wrk_start "$phase-diagnosis" "$MIX_DIAG" "$secs" "$diag"
  wrk_start "$phase-search" "$MIX_SEARCH" "$secs" "$search"
  wrk_start "$phase-guide" "$MIX_GUIDE" "$secs" "$guide"
  wrk_start "$phase-static" "$MIX_STATIC" "$secs" "$css"
  wrk_start "$phase-paste" "$MIX_PASTE" "$secs" /diagnose "$lua_script"
  wrk_wait
  record "$phase" diagnosis "$phase-diagnosis" "$MIX_DIAG"
  record "$phase" search "$phase-search" "$MIX_SEARCH"
  record "$phase" guide "$phase-guide" "$MIX_GUIDE"
  record "$phase" static "$phase-static" "$MIX_STATIC"
  record "$phase" paste "$phase-paste" "$MIX_PASTE"
  check_server "after $phase"
}

route_of() {
  case "$1" in
    static) echo "GET $css" ;;
    diagnosis) echo "GET $diag" ;;
    diagnosis-br) echo "GET $diag (Accept-Encoding: br)" ;;
    search) echo "GET $search" ;;
    api-search) echo "GET $api_search" ;;
    search-varied) echo "GET /search?q=(a new query each time)" ;;
    guide) echo "GET $guide" ;;
    paste) echo "POST /diagnose (form)" ;;
    *) echo "$1" ;;
  esac
}

print_table() {
  printf '%-8s %-13s %-44s %5s %10s %9s %9s %7s\n' phase route request conns 'req/s' 'p50 ms' 'p99 ms' errors
  local key phase label
  for key in "${rows[@]}"; do
    phase="${key%%|*}" label="${key#*|}"
    printf '%-8s %-13s %-44s %5s %10.0f %9.2f %9.2f %7d\n' "$phase" "$label" "$(route_of "$label")" \
      "${R_CONN[$key]}" "${R_RPS[$key]}" "${R_P50[$key]}" "${R_P99[$key]}" "${R_ERR[$key]}"
  done
}

pastes_stored() {
  curl -s --max-time 10 "$base/metrics" | awk '$1 == "oomlens_pastes" { print $2 + 0 }' | tail -n 1
}

verdict() { if [ "$1" = 1 ]; then echo "met"; else echo "NOT met"; fi; }
# not_above PERCENT A B: whether B is at most PERCENT% above A. RSS is held to this: growth is
# what a leak shows; a fall is memory the allocator (mimalloc) handed back to the system, and is
# printed beside it.
not_above() { awk -v p="$1" -v a="$2" -v b="$3" 'BEGIN { print (a > 0 && b - a <= a * p / 100) ? 1 : 0 }'; }
change() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%+.1f%%", (b - a) * 100 / a; else print "n/a" }'; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print "n/a" }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 < b + 0) ? 1 : 0 }'; }

log_summary() {
  local statuses
  statuses="$(grep -o 'status=[0-9]*' "$log" | sort | uniq -c | awk '{ printf "%s%s x%s", sep, substr($2, 8), $1; sep = ", " }' || true)"
  echo "server log: $(wc -l <"$log") lines, $(du -h "$log" | cut -f1); statuses: ${statuses:-none}"
  local problems
  problems="$(grep -E ' (WARN|ERROR) |panicked|status=5[0-9][0-9]' "$log" | grep -v 'status=[1-4][0-9][0-9]' || true)"
  if [ -n "$problems" ]; then
    echo "server log: $(wc -l <<<"$problems") WARN/ERROR/panic/5xx lines; the first 10:"
    head -n 10 <<<"$problems" | sed 's/^/    /'
  else
    echo "server log: no WARN, ERROR, panic or 5xx lines"
  fi
}

# --- warm-up ---------------------------------------------------------------------------------
rss_start="$(rss_kib)"
pastes_before="$(pastes_stored)"
echo "RSS at start (after one paste): $(mib "$rss_start")"
echo "warm-up: each route alone for ${WARMUP_SECONDS} s at $CONNECTIONS connections"
solo warm-up static "$WARMUP_SECONDS" "$css"
solo warm-up diagnosis "$WARMUP_SECONDS" "$diag"
solo warm-up diagnosis-br "$WARMUP_SECONDS" "$diag" bench/accept_br.lua
solo warm-up search "$WARMUP_SECONDS" "$search"
solo warm-up api-search "$WARMUP_SECONDS" "$api_search"
solo warm-up guide "$WARMUP_SECONDS" "$guide"
solo warm-up paste "$WARMUP_SECONDS" /diagnose "$lua_script"
solo warm-up search-varied "$WARMUP_SECONDS" /search bench/vary_query.lua
rss_warm="$(rss_kib)"
echo "RSS after warm-up: $(mib "$rss_warm")"

# --- soak ------------------------------------------------------------------------------------
if [ -n "$soak_minutes" ]; then
  echo
  echo "soak: the mix for $soak_minutes round(s) of ${SOAK_ROUND_SECONDS} s (diagnosis $MIX_DIAG, search $MIX_SEARCH, guide $MIX_GUIDE, static $MIX_STATIC, paste $MIX_PASTE connections)"
  printf '%-6s %10s %11s %11s %11s %11s %7s %8s %12s\n' round 'req/s' 'diag p99' 'search p99' 'guide p99' 'paste p99' errors pastes RSS
  rss_first=""
  rss_all=()
  for round in $(seq "$soak_minutes"); do
    mix "soak$round" "$SOAK_ROUND_SECONDS"
    rss="$(rss_kib)"
    [ -n "$rss_first" ] || rss_first="$rss"
    rss_all+=("$rss")
    total_rps=0 round_errors=0
    for label in diagnosis search guide static paste; do
      key="soak$round|$label"
      total_rps="$(awk -v a="$total_rps" -v b="${R_RPS[$key]}" 'BEGIN { print a + b }')"
      round_errors=$((round_errors + ${R_ERR[$key]}))
    done
    printf '%-6s %10.0f %8.2f ms %8.2f ms %8.2f ms %8.2f ms %7d %8s %12s\n' "$round" "$total_rps" \
      "${R_P99[soak$round|diagnosis]}" "${R_P99[soak$round|search]}" "${R_P99[soak$round|guide]}" \
      "${R_P99[soak$round|paste]}" "$round_errors" "$(pastes_stored)" "$(mib "$rss")"
  done
  echo
  echo "per route, every round:"
  print_table
  echo
  flat=1 rise=0 fall=0
  for rss in "${rss_all[@]}"; do
    [ "$(not_above 10 "$rss_first" "$rss")" = 1 ] || flat=0
    rise="$(awk -v a="$rss_first" -v b="$rss" -v w="$rise" 'BEGIN { d = (b - a) * 100 / a; print (d > w) ? d : w }')"
    fall="$(awk -v a="$rss_first" -v b="$rss" -v w="$fall" 'BEGIN { d = (a - b) * 100 / a; print (d > w) ? d : w }')"
  done
  echo "RSS: start $(mib "$rss_start"), after warm-up $(mib "$rss_warm"), after round 1 $(mib "$rss_first"), at the end $(mib "$(rss_kib)"), peak (VmHWM) $(mib "$(hwm_kib)")"
  printf 'pastes: %s stored now (%s before the warm-up), %s acknowledged by wrk\n' "$(pastes_stored)" "$pastes_before" "$pastes_acknowledged"
  log_summary
  echo
  echo "bounds:"
  printf '  %-62s %s\n' "0 errors (socket errors + non-2xx/3xx, all runs): $total_errors" "$(verdict "$([ "$total_errors" = 0 ] && echo 1 || echo 0)")"
  printf '  %-62s %s\n' "RSS no round over 10% above round 1's (rise $(printf '%.1f' "$rise")%, fall $(printf '%.1f' "$fall")%)" "$(verdict "$flat")"
  exit 0
fi

# --- solo phases and the mix -----------------------------------------------------------------
echo "solo: each route alone for ${SOLO_SECONDS} s at $CONNECTIONS connections"
solo solo static "$SOLO_SECONDS" "$css"
solo solo diagnosis "$SOLO_SECONDS" "$diag"
# as a browser asks: compressed (br), from the kept compressed page
solo solo diagnosis-br "$SOLO_SECONDS" "$diag" bench/accept_br.lua
solo solo search "$SOLO_SECONDS" "$search"
solo solo api-search "$SOLO_SECONDS" "$api_search"
# every request a different query: no kept page answers it (what distinct searches cost)
solo solo search-varied "$SOLO_SECONDS" /search bench/vary_query.lua
echo "mix: ${MIX_SECONDS} s, one wrk per route at once (diagnosis $MIX_DIAG, search $MIX_SEARCH, guide $MIX_GUIDE, static $MIX_STATIC, paste $MIX_PASTE connections)"
mix mix "$MIX_SECONDS"
rss_end="$(rss_kib)"
pastes_end="$(pastes_stored)"

echo
print_table
echo
ceiling="${R_RPS[solo|static]}"
diag_ratio="$(percent "${R_RPS[solo|diagnosis]}" "$ceiling")"
search_ratio="$(percent "${R_RPS[solo|search]}" "$ceiling")"
api_ratio="$(percent "${R_RPS[solo|api-search]}" "$ceiling")"
printf 'against the static ceiling (%.0f req/s, solo): diagnosis %s%%, /search %s%%, /api/search %s%%\n' \
  "$ceiling" "$diag_ratio" "$search_ratio" "$api_ratio"
echo "RSS: start $(mib "$rss_start"), after warm-up $(mib "$rss_warm"), at the end $(mib "$rss_end"), peak (VmHWM) $(mib "$(hwm_kib)")"
stored_new=$(( ${pastes_end:-0} - ${pastes_before:-0} ))
echo "pastes: ${pastes_end:-?} stored (oomlens_pastes), $stored_new of them during the runs; $pastes_acknowledged acknowledged (2xx/3xx) by wrk"
log_summary

echo
echo "bounds (issue 15), measured in this run:"
bound() { printf '  %-66s %s\n' "$1" "$(verdict "$2")"; }
bound "0 errors (socket errors + non-2xx/3xx, all runs): $total_errors" "$([ "$total_errors" = 0 ] && echo 1 || echo 0)"
bound "diagnosis solo req/s >= 50% of static: $diag_ratio%" \
  "$(awk -v a="${R_RPS[solo|diagnosis]}" -v b="$ceiling" 'BEGIN { print (b > 0 && a >= b / 2) ? 1 : 0 }')"
bound "diagnosis p99 < 5 ms at $CONNECTIONS connections (solo): $(printf '%.2f' "${R_P99[solo|diagnosis]}") ms" \
  "$(lt "${R_P99[solo|diagnosis]}" 5)"
bound "/search p99 < 10 ms at $CONNECTIONS connections (solo): $(printf '%.2f' "${R_P99[solo|search]}") ms" \
  "$(lt "${R_P99[solo|search]}" 10)"
printf '  %-66s %s\n' "diagnosis as a browser asks (br), p99 (no bound): $(printf '%.2f' "${R_P99[solo|diagnosis-br]}") ms" "measured"
printf '  %-66s %s\n' "/search p99, a different query each request (no bound; see BENCHMARKS.md): $(printf '%.2f' "${R_P99[solo|search-varied]}") ms" "measured"
bound "RSS at the end at most 10% above after warm-up: $(mib "$rss_warm") -> $(mib "$rss_end") ($(change "$rss_warm" "$rss_end"))" \
  "$(not_above 10 "$rss_warm" "$rss_end")"
echo "check: every acknowledged paste stored ($stored_new stored >= $pastes_acknowledged acknowledged): $(verdict "$([ "$stored_new" -ge "$pastes_acknowledged" ] && echo 1 || echo 0)")"
exit 0
