#!/usr/bin/env bash
# Where a warm card page spends its time: `perf record` of the release build (SQLite + moka)
# while wrk asks for the signed-in latest list (a random one of BENCH_SIGNED_IN_USERS users per
# request), then the samples grouped by what the code does (bench/profile_groups.py), the 25
# hottest functions, and a folded-stack file for a flame graph (bench/out-profile/stacks.folded;
# any flame-graph tool draws it).
# Usage: bash bench/profile.sh [seconds, default 10]
# Env (and those in bench/lib.sh): BENCH_PATH=/api/v1/posts?limit=20 (the page profiled), or
#   BENCH_WORKLOAD=mixed to profile the mixed workload (bench/lua-mixed.lua) instead
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
OUT="$PWD/bench/out-profile"
export TIDINGS_BIND="127.0.0.1:${BENCH_PORT:-18484}"
URL="http://$TIDINGS_BIND"
PAGE="${BENCH_PATH:-/api/v1/posts?limit=20}"
source bench/lib.sh

need wrk
command -v perf >/dev/null || { echo "installing perf" >&2; apt_install linux-perf; }
rm -rf "$OUT" && mkdir -p "$OUT"
BIN=$(bench_binary)
make_dataset main "$OUT/dataset"
export TIDINGS_DATABASE_URL
TIDINGS_DATABASE_URL=$(prepare_database sqlite bench "$OUT/dataset")
export TIDINGS_DATA_DIR="$OUT/data" TIDINGS_CACHE_L1_BYTES=536870912
mkdir -p "$TIDINGS_DATA_DIR"
"$BIN" reindex >/dev/null 2>&1
start_server
python3 bench/tokens.py "$URL" "$SIGNED_IN_USERS" "$OUT/tokens.txt"
echo "$PAGE" >"$OUT/paths.txt"
python3 -c "
import csv, sys
rows = sorted(csv.DictReader(open(sys.argv[1])), key=lambda row: int(row['id']))
print('\n'.join(row['name'] for row in rows))" "$OUT/dataset/tags.csv" >"$OUT/tags.txt"
export BENCH_TOKENS="$OUT/tokens.txt" BENCH_PATHS="$OUT/paths.txt" BENCH_TAGS="$OUT/tags.txt" BENCH_POSTS=100000
SCRIPT=bench/lua-paths.lua
[ "${BENCH_WORKLOAD:-}" = mixed ] && SCRIPT=bench/lua-mixed.lua
warm_up -s "$SCRIPT" "$URL"
wrk -t2 -c"$CONNECTIONS" -d"$((DURATION + 2))s" --latency -s "$SCRIPT" "$URL" >"$OUT/wrk.txt" 2>&1 &
WRK=$!
sleep 1
perf record -F 999 -g -p "$SERVER" -o "$OUT/perf.data" -- sleep "$DURATION" >/dev/null 2>&1
wait "$WRK"
perf script -i "$OUT/perf.data" 2>/dev/null | python3 bench/profile_groups.py "$OUT/stacks.folded"
echo
echo "hottest functions (self time):"
perf report -i "$OUT/perf.data" --no-children --sort sym --stdio 2>/dev/null |
  grep -E '^ +[0-9]' | head -25
echo
grep -E 'Requests/sec|Latency|50%|99%' "$OUT/wrk.txt"
