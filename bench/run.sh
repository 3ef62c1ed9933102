#!/usr/bin/env bash
# Load benchmark of the API on SQLite with a release build, in one run:
#   three cache set-ups — none, moka (in process), moka + Redis — each measured on
#   GET /posts/{id}, GET /posts?limit=20 signed in, GET /users/{id}, PUT/DELETE like,
#   next to GET /health (the machine's ceiling), with SQL statements per request from /metrics.
# Dataset: 10,000 users, 100,000 posts, 500,000 likes, 50 follows per user (bench/seed.py).
# Usage: bash bench/run.sh [seconds per measurement, default 10]
# BENCH_BASELINE_BIN=<an older tidings binary>: each set-up is measured for that binary too, in
# the same run and on a copy of the same data (migrated by each binary itself), and the table
# gains the ratio of this build to the baseline, row by row.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
command -v redis-server >/dev/null || { echo "installing redis"; apt-get install -y -qq redis-server >/dev/null; }

cargo build --release --bin tidings
CURRENT_BIN="$CARGO_TARGET_DIR/release/tidings"
BASELINE_BIN="${BENCH_BASELINE_BIN:-}"
# The data is made by the older binary when there is one (its schema is the older one; the
# current binary migrates its copy forward when it starts).
BIN="${BASELINE_BIN:-$CURRENT_BIN}"
OUT="$PWD/bench/out"
rm -rf "$OUT" && mkdir -p "$OUT"
export TIDINGS_DATABASE_URL="sqlite://$OUT/bench.db?mode=rwc"
export TIDINGS_DATA_DIR="$OUT"
export TIDINGS_BIND="127.0.0.1:18181"
export TIDINGS_ACCESS_TOKEN_TTL_SECS=7200
export RUST_LOG=warn
URL="http://$TIDINGS_BIND"
REDIS_PORT=16391
source bench/lib.sh

"$BIN" migrate >/dev/null
HASH=$(password_hash)
python3 bench/seed.py "$OUT/bench.db" "$HASH"
if [ -n "$BASELINE_BIN" ]; then cp "$OUT/bench.db" "$OUT/bench-baseline.db"; fi
BENCH_DB_URL="$TIDINGS_DATABASE_URL"

queries() { curl -sf "$URL/metrics" | awk '/^tidings_db_queries_total /{print $2}'; }

# mode | name | wrk arguments…  → one TSV row
measure() {
  local mode=$1 name=$2; shift 2
  local before after
  before=$(queries)
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" >"$OUT/$mode-$name.txt" 2>&1
  after=$(queries)
  wrk_row "$OUT/$mode-$name.txt" "$mode" "$name" "$before" "$after"
}

run_mode() {
  local mode=$1
  run_binary "$mode" "$CURRENT_BIN" "$BENCH_DB_URL"
  if [ -n "$BASELINE_BIN" ]; then
    run_binary "$mode (baseline)" "$BASELINE_BIN" "sqlite://$OUT/bench-baseline.db?mode=rwc"
  fi
}

run_binary() {
  local mode=$1
  BIN=$2
  export TIDINGS_DATABASE_URL=$3
  if [ -n "${TIDINGS_REDIS_URL:-}" ]; then redis-cli -p "$REDIS_PORT" FLUSHALL >/dev/null; fi
  start_server
  local token
  token=$(curl -sf -X POST "$URL/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"login":"user1","password":"bench-password"}' | python3 -c "import json,sys; print(json.load(sys.stdin)['access_token'])")
  export TOKEN="$token"
  # Warm-up pass (not measured) so every set-up is compared at steady state.
  wrk -t2 -c"$CONNECTIONS" -d3s -s bench/lua-random-post.lua "$URL" >/dev/null 2>&1
  measure "$mode" health "$URL/api/v1/health"
  measure "$mode" get_post_hot "$URL/api/v1/posts/100000"
  measure "$mode" get_post -s bench/lua-random-post.lua "$URL"
  measure "$mode" list_posts_signed_in -H "Authorization: Bearer $TOKEN" "$URL/api/v1/posts?limit=20"
  measure "$mode" get_user -s bench/lua-random-user.lua "$URL"
  measure "$mode" like_unlike -s bench/lua-like-toggle.lua "$URL"
  stop_server
}

{
  TIDINGS_CACHE_L1_BYTES=0 run_mode none
  TIDINGS_CACHE_L1_BYTES=536870912 run_mode moka
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  REDIS=$!
  sleep 0.5
  TIDINGS_CACHE_L1_BYTES=536870912 TIDINGS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/" run_mode moka+redis
} >"$OUT/results.tsv"

python3 - "$OUT/results.tsv" "$DURATION" "$CONNECTIONS" <<'PY'
import sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().strip().splitlines()]
labels = {
    "health": "`GET /health` (ceiling)",
    "get_post_hot": "`GET /posts/{id}`, one hot post",
    "get_post": "`GET /posts/{id}`, skewed over 100k",
    "list_posts_signed_in": "`GET /posts?limit=20` signed in",
    "get_user": "`GET /users/{id}`",
    "like_unlike": "`PUT`/`DELETE /posts/{id}/like`",
}
ceilings = {mode: float(rps) for mode, name, rps, *_ in rows if name == "health"}
print(f"wrk -t2 -c{sys.argv[3]}, {sys.argv[2]} s per row, release build, SQLite, 2 cores shared by server and wrk.")
print()
baseline = {(mode.removesuffix(" (baseline)"), name): float(rps) / ceilings[mode]
            for mode, name, rps, *_ in rows if mode.endswith(" (baseline)")}
header = "| cache | endpoint | req/s | p50 ms | p99 ms | non-2xx | SQL/request | ratio to ceiling |"
rule = "|---|---|---:|---:|---:|---:|---:|---:|"
if baseline:
    header += " this build ÷ baseline |"
    rule += "---:|"
print(header)
print(rule)
for mode, name, rps, p50, p99, errors, per_request in rows:
    ratio = float(rps) / ceilings[mode]
    line = f"| {mode} | {labels[name]} | {float(rps):,.0f} | {p50} | {p99} | {errors} | {per_request} | {ratio:.2f} |"
    if baseline:
        before = baseline.get((mode, name))
        line += f" {ratio / before:.2f} |" if before and not mode.endswith("(baseline)") else " |"
    print(line)
PY
