#!/usr/bin/env bash
# Times the site's pages over real HTTP against the release binary, and weighs a result page.
#   bench/site.sh [REQUESTS]      (default 200 requests per route, one at a time)
# Prints p50 / p99 latency per route (curl's time_total, loopback) and the page weight of a result
# page (HTML + CSS, uncompressed). Starts and stops its own server on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-200}"
binary="${OOMLENS_BIN:-target/release/oomlens}"
[ -x "$binary" ] || cargo build --release -q
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
"$binary" serve --addr "127.0.0.1:$port" --data "$data/data" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

result="$(curl -s -o /dev/null -w '%{redirect_url}' -X POST --data-urlencode "text@app/examples/pytorch-other-process.txt" "$base/diagnose")"
result="${result#"$base"}"

percentiles() { sort -n | awk '{ v[NR] = $1 } END { printf "p50 %.2f ms  p99 %.2f ms  (n=%d)\n", v[int(NR*0.5)]*1000, v[int(NR*0.99)]*1000, NR }'; }
for route in "/" "/kb" "/kb/fragmentation" "/search?q=expandable_segments" "/search?q=%E6%A2%AF%E5%BA%A6%E7%B4%AF%E7%A7%AF" "/api/search?q=batch+size" "$result"; do
  printf '%-45s ' "GET $route"
  for _ in $(seq "$requests"); do curl -s -o /dev/null -w '%{time_total}\n' "$base$route"; done | percentiles
done
printf '%-45s ' "POST /api/diagnose (seed message)"
for _ in $(seq "$requests"); do
  curl -s -o /dev/null -w '%{time_total}\n' -H 'content-type: text/plain' --data-binary @app/examples/pytorch-cuda.txt "$base/api/diagnose"
done | percentiles

html_bytes="$(curl -s -H 'accept-encoding: identity' "$base$result" | wc -c)"
css_href="$(curl -s "$base$result" | grep -o '/assets/style.css?v=[0-9a-f]*' | head -1)"
css_bytes="$(curl -s -H 'accept-encoding: identity' "$base$css_href" | wc -c)"
css_gzip="$(curl -s -H 'accept-encoding: gzip' "$base$css_href" | wc -c)"
echo "result page: HTML $html_bytes B + CSS $css_bytes B = $((html_bytes + css_bytes)) B uncompressed (CSS gzipped: $css_gzip B); no JavaScript required"
