#!/usr/bin/env bash
# Two server binaries side by side on one diagnosis page: requests/s, p50, p99 and the server's
# CPU time per request, in alternating rounds (this machine is noisy: compare within a round).
#
#   bench/compare_servers.sh OLD_BIN NEW_BIN [ROUNDS] [SECONDS]
#
# Each round starts each binary in turn on a fresh data folder and a free 127.0.0.1 port, posts
# PASTE_FILE (default: the first fixture of tests/fixtures/unseen), views the page twice (so it is
# kept), warms up 2 s, then runs wrk -t2 -c64 for SECONDS (default 6) and stops the server.
# CPU µs/request is the server's user + system time during the run (/proc/PID/stat) over the
# requests wrk completed. ACCEPT_ENCODING=br asks as a browser does (gzip, deflate, br).
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 2 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }
old="$1" new="$2" rounds="${3:-3}" secs="${4:-6}"
paste_file="${PASTE_FILE:-tests/fixtures/unseen/cases/u001.txt}"
for b in "$old" "$new"; do [ -x "$b" ] || { echo "compare_servers.sh: no binary at $b" >&2; exit 2; }; done
command -v wrk >/dev/null || { echo "compare_servers.sh: wrk is not installed" >&2; exit 2; }
headers=()
[ "${ACCEPT_ENCODING:-}" = br ] && headers=(-H "Accept-Encoding: gzip, deflate, br")
ticks="$(getconf CLK_TCK)"

work="$(mktemp -d "${TMPDIR:-/tmp}/oomlens-compare.XXXXXX")"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

one() {
  local bin="$1" port base jar home csrf answer page t0 t1 out
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  base="http://127.0.0.1:$port"
  rm -rf "$work/data"
  "$bin" serve --addr "127.0.0.1:$port" --data "$work/data" >"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do curl -fs -o /dev/null "$base/healthz" && break; sleep 0.1; done
  jar="$work/jar"
  home="$(curl -fsS -c "$jar" "$base/")"
  csrf="$(grep -o 'name="csrf" value="[^"]*"' <<<"$home" | head -n 1 | sed 's/.*value="//; s/"$//')"
  answer="$(curl -sS -o /dev/null -w '%{redirect_url}' -b "$jar" --data-urlencode "text@$paste_file" \
    --data-urlencode "csrf=$csrf" "$base/diagnose")"
  page="${answer#"$base"}"
  wrk -t2 -c64 -d2s "${headers[@]}" "$base$page" >/dev/null
  t0="$(cpu_ticks "$pid")"
  out="$(wrk -t2 -c64 -d"${secs}s" --latency "${headers[@]}" "$base$page")"
  t1="$(cpu_ticks "$pid")"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  awk -v name="$(basename "$bin")" -v t0="$t0" -v t1="$t1" -v hz="$ticks" '
    / 50%/ { p50 = $2 } / 99%/ { p99 = $2 } / requests in / { n = $1 } /^Requests\/sec:/ { rps = $2 }
    END { printf "%-24s %10.0f req/s  p50 %-8s p99 %-8s %6.1f µs CPU/request\n", name, rps, p50, p99, (t1 - t0) * 1e6 / hz / n }' <<<"$out"
}

for round in $(seq "$rounds"); do
  echo "round $round"
  one "$old"
  one "$new"
done
