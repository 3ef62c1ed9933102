#!/usr/bin/env bash
# Live notifications with a release build, on PostgreSQL + Redis with two `tidings serve`
# processes (A takes writes, B holds the streams):
#   - 1,000 idle event streams open on B: B's resident memory before and after (per stream) and
#     its CPU time while they idle;
#   - the time from a reply's POST on A to its `notification` event on a stream held on B,
#     median and p99 over BENCH_STREAM_REPLIES replies (default 300).
# Usage: bash bench/streams.sh    Env (and those in bench/lib.sh): BENCH_STREAMS=1000
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$PWD/bench/out-streams"
PORT_A="${BENCH_PORT:-18492}"
PORT_B=$((PORT_A + 1))
REDIS_PORT=16502
URL="http://127.0.0.1:$PORT_A"
source bench/lib.sh

need redis postgres
rm -rf "$OUT" && mkdir -p "$OUT"
BIN=$(bench_binary)
database=tidings_bench_streams
psql -X -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
start_redis "$REDIS_PORT"
export TIDINGS_DATABASE_URL="$PG_URL/$database" TIDINGS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export TIDINGS_REQUIRE_CONFIRMED_EMAIL=false TIDINGS_DATA_DIR="$OUT/data"
export TIDINGS_JWT_SECRET="bench-secret-that-is-long-enough-for-hs256-use"
healthy() { for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$1/api/v1/health" >/dev/null && return; sleep 0.1; done; }
# One after the other: the first migrates the new database.
TIDINGS_BIND="127.0.0.1:$PORT_A" "$BIN" serve >>"$OUT/a.log" 2>&1 &
A=$!
trap 'kill $A ${B:-} 2>/dev/null; cleanup' EXIT
healthy "$PORT_A"
TIDINGS_BIND="127.0.0.1:$PORT_B" TIDINGS_JOBS_IN_PROCESS=false "$BIN" serve >>"$OUT/b.log" 2>&1 &
B=$!
healthy "$PORT_B"
python3 bench/streams.py "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "$B" \
  "${BENCH_STREAMS:-1000}" "${BENCH_STREAM_REPLIES:-300}" | tee "$OUT/result.txt"
