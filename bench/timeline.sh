#!/usr/bin/env bash
# Home timeline benchmark, in one run with a release build on SQLite:
#   - GET /feed?limit=20 for users following 10, 1,000 and 10,000 people, with timelines in
#     Redis (fan-out + big-account pull) and computed from SQL (no Redis), next to GET /health;
#   - the time from POST /posts by an author with 10,000 followers until the post is in all
#     10,000 followers' Redis timelines (the fan-out job), over several posts.
# Usage: bash bench/timeline.sh [seconds per measurement, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
command -v redis-server >/dev/null || { echo "installing redis"; apt-get install -y -qq redis-server redis-tools >/dev/null; }

cargo build --release --bin tidings
BIN="$CARGO_TARGET_DIR/release/tidings"
OUT="$PWD/bench/out-timeline"
rm -rf "$OUT" && mkdir -p "$OUT"
export TIDINGS_DATABASE_URL="sqlite://$OUT/bench.db?mode=rwc"
export TIDINGS_DATA_DIR="$OUT"
export TIDINGS_BIND="127.0.0.1:18182"
export TIDINGS_ACCESS_TOKEN_TTL_SECS=7200
export RUST_LOG=warn
URL="http://$TIDINGS_BIND"
REDIS_PORT=16392
source bench/lib.sh

"$BIN" migrate >/dev/null
HASH=$(password_hash)
python3 bench/seed_timeline.py "$OUT/bench.db" "$HASH"

measure() { # mode name url [token]
  local mode=$1 name=$2 url=$3 token=${4:-}
  local header=()
  [ -n "$token" ] && header=(-H "Authorization: Bearer $token")
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${header[@]}" "$url" >"$OUT/$mode-$name.txt" 2>&1
  wrk_row "$OUT/$mode-$name.txt" "$mode" "$name"
}

run_reads() {
  local mode=$1
  start_server
  measure "$mode" health "$URL/api/v1/health"
  for following in 10 1000 10000; do
    local token
    token=$(login "reader$following")
    curl -sf -H "Authorization: Bearer $token" "$URL/api/v1/feed?limit=20" >/dev/null # builds it
    measure "$mode" "following_$following" "$URL/api/v1/feed?limit=20" "$token"
  done
  stop_server
}

fan_out() {
  start_server
  local token
  token=$(login star)
  # Every follower's timeline is built (as it is for anyone who read it lately): the marker.
  python3 -c "
for i in range(1, 10001):
    key = f'tidings:timeline:{i}'
    print(f'*4\r\n\$4\r\nZADD\r\n\${len(key)}\r\n{key}\r\n\$1\r\n0\r\n\$1\r\n0\r')
" | redis-cli -p "$REDIS_PORT" --pipe >/dev/null
  for run in 1 2 3 4 5; do
    python3 - "$URL" "$token" "$REDIS_PORT" <<'PY'
import json, subprocess, sys, time, urllib.request
url, token, port = sys.argv[1:]
request = urllib.request.Request(f"{url}/api/v1/posts", method="POST",
    data=json.dumps({"title": "to 10,000 followers", "content": "fan-out benchmark"}).encode(),
    headers={"content-type": "application/json", "authorization": f"Bearer {token}"})
started = time.perf_counter()
post = json.load(urllib.request.urlopen(request))["id"]
published = time.perf_counter()
script = "local n=0 for i=1,10000 do if redis.call('ZSCORE','tidings:timeline:'..i, ARGV[1]) then n=n+1 end end return n"
while True:
    reached = int(subprocess.run(["redis-cli", "-p", port, "EVAL", script, "0", str(post)], capture_output=True, text=True).stdout.strip() or 0)
    if reached == 10000:
        break
    if time.perf_counter() - started > 60:
        sys.exit(f"only {reached} timelines after 60 s")
    time.sleep(0.002)
done = time.perf_counter()
print(f"fanout\tpost_{post}\t{(published - started) * 1000:.1f}\t{(done - started) * 1000:.1f}")
PY
  done
  stop_server
}

{
  run_reads sql
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  REDIS=$!
  sleep 0.5
  export TIDINGS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/"
  run_reads redis
  fan_out
} >"$OUT/results.tsv"

python3 - "$OUT/results.tsv" "$DURATION" "$CONNECTIONS" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().strip().splitlines()]
reads = [row for row in rows if row[0] != "fanout"]
fanout = [row for row in rows if row[0] == "fanout"]
ceilings = {mode: float(rps) for mode, name, rps, *_ in reads if name == "health"}
print(f"wrk -t2 -c{sys.argv[3]}, {sys.argv[2]} s per row, release build, SQLite, 2 cores shared by server and wrk.")
print()
print("| timelines | request | req/s | p50 ms | p99 ms | non-2xx | ratio to ceiling |")
print("|---|---|---:|---:|---:|---:|---:|")
labels = {"health": "`GET /health` (ceiling)"}
for mode, name, rps, p50, p99, errors in reads:
    label = labels.get(name) or f"`GET /feed?limit=20`, following {int(name.split('_')[1]):,}"
    print(f"| {mode} | {label} | {float(rps):,.0f} | {p50} | {p99} | {errors} | {float(rps) / ceilings[mode]:.2f} |")
print()
publish = [float(row[2]) for row in fanout]
reach = [float(row[3]) for row in fanout]
print(f"Publishing to 10,000 followers (Redis timelines, {len(fanout)} posts): `POST /posts` answered in "
      f"{statistics.median(publish):.1f} ms (median); the post was in all 10,000 timelines after "
      f"{statistics.median(reach):.0f} ms median ({min(reach):.0f}–{max(reach):.0f} ms).")
PY
