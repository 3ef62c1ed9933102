#!/usr/bin/env bash
# Load benchmark of the API with a release build, in one run and on one dataset
# (bench/dataset.py main: 10,000 users, 100,000 posts of real-text vocabulary, 500,000 likes,
# 50,000 collects, 200,000 comments, 500,000 follows), loaded into SQLite and PostgreSQL alike.
# Set-ups: SQLite with no cache, SQLite + moka (in process), SQLite + moka + Redis, and
# PostgreSQL + moka + Redis. Each is measured on GET /health (the machine's ceiling, measured
# again for every set-up), single posts, the latest / tag / hot first pages anonymous and signed
# in (a random one of BENCH_SIGNED_IN_USERS users per request), a user, like/unlike toggling and
# the mixed workload (bench/lua-mixed.lua), with SQL statements per request (/metrics) and the
# server's heap after each row. Per set-up: the server's resident memory (at start, after the
# sign-ins, after the rows), and whether every counter matches its rows and the API's like counts
# match the rows (bench/check_counts.py; the run fails if not).
# Usage: bash bench/run.sh [seconds per row, default 10]
# Env (and those in bench/lib.sh):
#   BENCH_MODES="sqlite-none sqlite-moka sqlite-redis postgres-redis"  the set-ups to run
#     (database sqlite|postgres, cache none|moka|redis)
#   BENCH_CACHE_L1_BYTES=536870912  TIDINGS_CACHE_L1_BYTES of the moka and redis set-ups
#   BENCH_BASELINE_BIN=<an older tidings binary>: each set-up is measured for that binary too, in
#     the same run and on a copy of the same data (migrated by each binary itself), and the table
#     gains the ratio of this build to the baseline, row by row.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
MODES="${BENCH_MODES:-sqlite-none sqlite-moka sqlite-redis postgres-redis}"
L1_BYTES="${BENCH_CACHE_L1_BYTES:-536870912}"
OUT="$PWD/bench/out"
export TIDINGS_BIND="127.0.0.1:${BENCH_PORT:-18481}"
URL="http://$TIDINGS_BIND"
REDIS_PORT=16491
source bench/lib.sh
STARTED=$(date +%s)

need wrk redis
[[ " $MODES" == *" postgres-"* ]] && need postgres
rm -rf "$OUT" && mkdir -p "$OUT"
CURRENT_BIN=$(bench_binary)
BASELINE_BIN="${BENCH_BASELINE_BIN:-}"
# The data is made by the older binary when there is one (its schema is the older one; the
# current binary migrates its copy forward when it starts).
BIN="${BASELINE_BIN:-$CURRENT_BIN}"

make_dataset main "$OUT/dataset"
NEWEST_POST=100000 # the dataset's last post (bench/dataset.py main)
python3 - "$OUT/dataset/tags.csv" "$OUT/tags.txt" "$OUT/paths-tags.txt" <<'PY'
import csv, sys
names = [row["name"] for row in sorted(csv.DictReader(open(sys.argv[1])), key=lambda row: int(row["id"]))]
open(sys.argv[2], "w").write("\n".join(names) + "\n")  # most used first
open(sys.argv[3], "w").write("".join(f"/api/v1/tags/{name}/posts?limit=20\n" for name in names))
PY

# One database per backend, a copy of it for the baseline, and for each (database, binary) a
# data folder with the search index that binary builds (`tidings reindex`).
declare -A DATABASE
for mode in $MODES; do
  database=${mode%%-*}
  [ -n "${DATABASE[$database]:-}" ] && continue
  if [ "$database" = sqlite ]; then
    DATABASE[sqlite]=$(prepare_database sqlite bench "$OUT/dataset")
  else
    DATABASE[postgres]=$(prepare_database postgres tidings_bench "$OUT/dataset")
  fi
  if [ -n "$BASELINE_BIN" ]; then
    DATABASE[$database-baseline]=$(copy_database "${DATABASE[$database]}" "tidings_bench_baseline")
  fi
done

index() { # binary database-url data-dir
  mkdir -p "$3"
  TIDINGS_DATABASE_URL=$2 TIDINGS_DATA_DIR=$3 "$1" migrate >/dev/null
  TIDINGS_DATABASE_URL=$2 TIDINGS_DATA_DIR=$3 "$1" reindex >&2
}

# One measured row, then the server's heap (RssAnon, MiB) after it: where memory grows.
row() {
  measure "$@"
  echo -e "heap\t$1\t$2\t$(server_memory | cut -d' ' -f3)"
}

run_binary() { # set-up label, binary, database url, data dir, cache
  local mode=$1 cache=$5
  BIN=$2
  export TIDINGS_DATABASE_URL=$3 TIDINGS_DATA_DIR=$4
  unset TIDINGS_REDIS_URL
  export TIDINGS_CACHE_L1_BYTES=$L1_BYTES
  [ "$cache" = none ] && export TIDINGS_CACHE_L1_BYTES=0
  if [ "$cache" = redis ]; then
    export TIDINGS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/"
    redis-cli -p "$REDIS_PORT" FLUSHALL >/dev/null
  fi
  start_server
  echo -e "heap\t$mode\tstart\t$(server_memory | cut -d' ' -f3)"
  python3 bench/tokens.py "$URL" "$SIGNED_IN_USERS" "$OUT/tokens.txt"
  echo -e "heap\t$mode\tsign_ins\t$(server_memory | cut -d' ' -f3)"
  export BENCH_TOKENS="$OUT/tokens.txt" BENCH_TAGS="$OUT/tags.txt" BENCH_POSTS=$NEWEST_POST
  # Warm-up passes (not measured) so every set-up is compared at steady state.
  warm_up -s bench/lua-random-post.lua "$URL"
  BENCH_PATHS="$OUT/paths-tags.txt" warm_up -s bench/lua-paths.lua "$URL"
  row "$mode" health "$URL/api/v1/health"
  row "$mode" get_post_hot "$URL/api/v1/posts/$NEWEST_POST"
  row "$mode" get_post -s bench/lua-random-post.lua "$URL"
  row "$mode" list_latest_anonymous "$URL/api/v1/posts?limit=20"
  echo "/api/v1/posts?limit=20" >"$OUT/paths-latest.txt"
  echo "/api/v1/posts?sort=hot&limit=20" >"$OUT/paths-hot.txt"
  BENCH_PATHS="$OUT/paths-latest.txt" row "$mode" list_latest -s bench/lua-paths.lua "$URL"
  BENCH_PATHS="$OUT/paths-tags.txt" row "$mode" list_tag -s bench/lua-paths.lua "$URL"
  BENCH_PATHS="$OUT/paths-hot.txt" row "$mode" list_hot -s bench/lua-paths.lua "$URL"
  row "$mode" get_user -s bench/lua-random-user.lua "$URL"
  row "$mode" like_unlike -s bench/lua-like-toggle.lua "$URL"
  warm_up -s bench/lua-mixed.lua "$URL"
  row "$mode" mixed -s bench/lua-mixed.lua "$URL"
  grep '^mix:' "$OUT/${mode//[^a-z0-9_+-]/_}-mixed.txt" | sed "s/^/mix\t$mode\t/" || true
  echo -e "memory\t$mode\t$TIDINGS_CACHE_L1_BYTES\t$(server_memory | tr ' ' '\t')"
  local verdict
  verdict=$(python3 bench/check_counts.py "$TIDINGS_DATABASE_URL" "$URL" "$NEWEST_POST") || true
  echo -e "check\t$mode\t$verdict"
  stop_server
}

label() { # mode key → "SQLite · moka + Redis"
  local database=${1%%-*} cache=${1#*-}
  case $database in sqlite) database=SQLite ;; postgres) database=PostgreSQL ;; esac
  case $cache in none) cache="no cache" ;; moka) cache="moka" ;; redis) cache="moka + Redis" ;; esac
  echo "$database · $cache"
}

{
  for mode in $MODES; do
    database=${mode%%-*}
    cache=${mode#*-}
    if [ "$cache" = redis ] && [ -z "$REDIS" ]; then start_redis "$REDIS_PORT"; fi
    [ -d "$OUT/data-$database" ] || index "$CURRENT_BIN" "${DATABASE[$database]}" "$OUT/data-$database"
    run_binary "$(label "$mode")" "$CURRENT_BIN" "${DATABASE[$database]}" "$OUT/data-$database" "$cache"
    if [ -n "$BASELINE_BIN" ]; then
      [ -d "$OUT/data-$database-baseline" ] ||
        index "$BASELINE_BIN" "${DATABASE[$database-baseline]}" "$OUT/data-$database-baseline"
      run_binary "$(label "$mode") (baseline)" "$BASELINE_BIN" "${DATABASE[$database-baseline]}" \
        "$OUT/data-$database-baseline" "$cache"
    fi
  done
} >"$OUT/results.tsv"

python3 - "$OUT/results.tsv" "$DURATION" "$CONNECTIONS" "$SIGNED_IN_USERS" "$(( $(date +%s) - STARTED ))" "$BUILD" <<'PY'
import sys
lines = [line.split("\t") for line in open(sys.argv[1]).read().strip().splitlines()]
rows = [row for row in lines if row[0] not in ("mix", "memory", "check", "heap")]
heap = {(row[1], row[2]): row[3] for row in lines if row[0] == "heap"}
users = sys.argv[4]
labels = {
    "health": "`GET /health` (ceiling)",
    "get_post_hot": "`GET /posts/{id}`, one hot post",
    "get_post": "`GET /posts/{id}`, skewed over 100k",
    "list_latest_anonymous": "`GET /posts?limit=20` anonymous",
    "list_latest": f"`GET /posts?limit=20` signed in ({users} users)",
    "list_tag": f"`GET /tags/{{name}}/posts?limit=20` signed in ({users} users, 50 tags)",
    "list_hot": f"`GET /posts?sort=hot&limit=20` signed in ({users} users)",
    "get_user": "`GET /users/{id}`",
    "like_unlike": f"`PUT`/`DELETE /posts/{{id}}/like` ({users} users, 2,000 posts)",
    "mixed": "mixed workload (70 % lists, 15 % posts, 10 % timelines, 5 % writes)",
}
ceilings = {mode: float(rps) for mode, name, rps, *_ in rows if name == "health"}
print(f"wrk -t2 -c{sys.argv[3]}, {sys.argv[2]} s per row, {sys.argv[-1]}, 2 cores shared by server, database, Redis and wrk; "
      f"100,000 posts. The ceiling is measured again for every set-up.")
print()
baseline = {(mode.removesuffix(" (baseline)"), name): float(rps) / ceilings[mode]
            for mode, name, rps, *_ in rows if mode.endswith(" (baseline)")}
header = "| set-up | request | req/s | p50 ms | p99 ms | errors | SQL/request | ratio to ceiling | heap MiB after |"
rule = "|---|---|---:|---:|---:|---:|---:|---:|---:|"
if baseline:
    header += " this build ÷ baseline |"
    rule += "---:|"
print(header)
print(rule)
for mode, name, rps, p50, p99, errors, per_request in rows:
    ratio = float(rps) / ceilings[mode]
    line = (f"| {mode} | {labels[name]} | {float(rps):,.0f} | {p50} | {p99} | {errors} | {per_request} | {ratio:.3f} "
            f"| {heap.get((mode, name), '')} |")
    if baseline:
        before = baseline.get((mode, name))
        line += f" {ratio / before:.2f} |" if before and not mode.endswith("(baseline)") else " |"
    print(line)
print()
for row in lines:
    if row[0] == "mix":
        print(f"Mixed workload as sent, {row[1]}: {row[2].removeprefix('mix: ')}.")
print()
print("Server memory in MiB (/proc/PID/status; mapped files are the search index and SQLite's pages; the "
      "heap after each row is in the table above):")
print()
print(f"| set-up | TIDINGS_CACHE_L1_BYTES | heap at start | heap after {users} sign-ins | VmRSS after the rows | "
      "of which heap (RssAnon) | of which mapped files (RssFile) | peak VmHWM |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for row in lines:
    if row[0] == "memory":
        print(f"| {row[1]} | {int(row[2]):,} | {heap.get((row[1], 'start'), '')} | {heap.get((row[1], 'sign_ins'), '')} "
              f"| {row[3]} | {row[5]} | {row[6]} | {row[4]} |")
print()
failed = False
for row in lines:
    if row[0] == "check":
        print(f"Counts after {row[1]}: {row[2]}{' — ' + row[3] if len(row) > 3 else ''}")
        failed |= row[2] != "ok"
print()
print(f"Whole run: {int(sys.argv[5]) // 60} min {int(sys.argv[5]) % 60} s.")
if failed:
    print("COUNTS DIFFER FROM THE ROWS: see above")
    sys.exit(1)
PY
