#!/usr/bin/env bash
# Home timeline benchmark with a release build, in one run and on one dataset
# (bench/dataset.py timeline: 10,000 writers with 3 posts each, readers following 10, 1,000 and
# 10,000 of them, and "star" followed by all 10,000), loaded into SQLite and PostgreSQL alike:
#   - GET /feed?limit=20 for the readers following 10, 1,000 and 10,000 people, next to GET
#     /health, with SQL statements per request, on: SQLite with timelines computed from SQL (no
#     Redis), SQLite + Redis timelines (fan-out + big-account pull), PostgreSQL + Redis;
#   - with Redis, the time from POST /posts by an author with 10,000 followers until the post is
#     in all 10,000 followers' Redis timelines (the fan-out job), over several posts.
# Usage: bash bench/timeline.sh [seconds per row, default 10]
# Env (and those in bench/lib.sh): BENCH_MODES="sqlite-sql sqlite-redis postgres-redis"
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
MODES="${BENCH_MODES:-sqlite-sql sqlite-redis postgres-redis}"
OUT="$PWD/bench/out-timeline"
export TIDINGS_BIND="127.0.0.1:${BENCH_PORT:-18482}"
URL="http://$TIDINGS_BIND"
REDIS_PORT=16492
source bench/lib.sh
STARTED=$(date +%s)

need wrk redis
[[ " $MODES" == *" postgres-"* ]] && need postgres
rm -rf "$OUT" && mkdir -p "$OUT"
BIN=$(bench_binary)
make_dataset timeline "$OUT/dataset"
declare -A DATABASE
for mode in $MODES; do
  database=${mode%%-*}
  [ -n "${DATABASE[$database]:-}" ] && continue
  if [ "$database" = sqlite ]; then
    DATABASE[sqlite]=$(prepare_database sqlite bench "$OUT/dataset")
  else
    DATABASE[postgres]=$(prepare_database postgres tidings_bench_timeline "$OUT/dataset")
  fi
done

fan_out() { # mode
  local token
  token=$(login star)
  # Every follower's timeline is built (as it is for anyone who read it lately): the marker.
  python3 -c "
for i in range(1, 10001):
    key = f'tidings:timeline:{i}'
    print(f'*4\r\n\$4\r\nZADD\r\n\${len(key)}\r\n{key}\r\n\$1\r\n0\r\n\$1\r\n0\r')
" | redis-cli -p "$REDIS_PORT" --pipe >/dev/null
  for _ in 1 2 3 4 5; do
    python3 - "$URL" "$token" "$REDIS_PORT" "$1" <<'PY'
import json, subprocess, sys, time, urllib.request
url, token, port, mode = sys.argv[1:]
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
print(f"fanout\t{mode}\t{(published - started) * 1000:.1f}\t{(done - started) * 1000:.1f}")
PY
  done
}

run_mode() { # mode key
  local database=${1%%-*} timelines=${1#*-} mode
  case $database in sqlite) mode=SQLite ;; postgres) mode=PostgreSQL ;; esac
  case $timelines in sql) mode="$mode · timelines from SQL" ;; redis) mode="$mode · Redis timelines" ;; esac
  export TIDINGS_DATABASE_URL=${DATABASE[$database]} TIDINGS_DATA_DIR="$OUT/data-$database"
  mkdir -p "$TIDINGS_DATA_DIR"
  unset TIDINGS_REDIS_URL
  if [ "$timelines" = redis ]; then
    [ -n "$REDIS" ] || start_redis "$REDIS_PORT"
    redis-cli -p "$REDIS_PORT" FLUSHALL >/dev/null
    export TIDINGS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/"
  fi
  start_server
  measure "$mode" health "$URL/api/v1/health"
  for following in 10 1000 10000; do
    local token
    token=$(login "reader$following")
    curl -sf -H "Authorization: Bearer $token" "$URL/api/v1/feed?limit=20" >/dev/null # builds it
    warm_up -H "Authorization: Bearer $token" "$URL/api/v1/feed?limit=20"
    measure "$mode" "following_$following" -H "Authorization: Bearer $token" "$URL/api/v1/feed?limit=20"
  done
  echo -e "memory\t$mode\t$(server_memory | tr ' ' '\t')"
  [ "$timelines" = redis ] && fan_out "$mode"
  stop_server
}

{
  for mode in $MODES; do run_mode "$mode"; done
} >"$OUT/results.tsv"

python3 - "$OUT/results.tsv" "$DURATION" "$CONNECTIONS" "$(( $(date +%s) - STARTED ))" "$BUILD" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().strip().splitlines()]
reads = [row for row in rows if row[0] not in ("fanout", "memory")]
ceilings = {mode: float(rps) for mode, name, rps, *_ in reads if name == "health"}
print(f"wrk -t2 -c{sys.argv[3]}, {sys.argv[2]} s per row, {sys.argv[-1]}, 2 cores shared by server, database, Redis and wrk. "
      "The ceiling is measured again for every set-up.")
print()
print("| set-up | request | req/s | p50 ms | p99 ms | errors | SQL/request | ratio to ceiling |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
labels = {"health": "`GET /health` (ceiling)"}
for mode, name, rps, p50, p99, errors, per_request in reads:
    label = labels.get(name) or f"`GET /feed?limit=20`, following {int(name.split('_')[1]):,}"
    print(f"| {mode} | {label} | {float(rps):,.0f} | {p50} | {p99} | {errors} | {per_request} | {float(rps) / ceilings[mode]:.3f} |")
print()
for mode in dict.fromkeys(row[1] for row in rows if row[0] == "fanout"):
    fanout = [row for row in rows if row[0] == "fanout" and row[1] == mode]
    publish = [float(row[2]) for row in fanout]
    reach = [float(row[3]) for row in fanout]
    print(f"Publishing to 10,000 followers ({mode}, {len(fanout)} posts): `POST /posts` answered in "
          f"{statistics.median(publish):.1f} ms (median); the post was in all 10,000 timelines after "
          f"{statistics.median(reach):.0f} ms median ({min(reach):.0f}–{max(reach):.0f} ms).")
print()
for row in rows:
    if row[0] == "memory":
        print(f"Server memory after the reads, {row[1]}: VmRSS {row[2]} MiB (heap {row[4]} MiB, mapped files {row[5]} MiB; peak {row[3]} MiB).")
print()
print(f"Whole run: {int(sys.argv[4]) // 60} min {int(sys.argv[4]) % 60} s.")
PY
