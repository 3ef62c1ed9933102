#!/usr/bin/env bash
# Search benchmark, in one run with a release build on SQLite and the bench dataset
# (100,000 posts, bench/seed.py): for each backend — tantivy (embedded) and Elasticsearch
# (osmem-server, the in-memory test server; production runs real Elasticsearch) — reindex
# throughput (documents/s), then GET /search with a two-word query and GET /posts?sort=hot,
# next to GET /health as the ceiling.
# Usage: bash bench/search.sh [seconds per measurement, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
OSMEM=$(bash tests/scripts/services.sh | awk '/^osmem ready/{print $3}')
[ -n "$OSMEM" ] || { echo "osmem-server could not be installed"; exit 1; }

cargo build --release --bin tidings
BIN="$CARGO_TARGET_DIR/release/tidings"
OUT="$PWD/bench/out-search"
rm -rf "$OUT" && mkdir -p "$OUT"
export TIDINGS_DATABASE_URL="sqlite://$OUT/bench.db?mode=rwc"
export TIDINGS_DATA_DIR="$OUT"
export TIDINGS_BIND="127.0.0.1:18183"
export RUST_LOG=warn
URL="http://$TIDINGS_BIND"
ES_PORT=19201
source bench/lib.sh

"$BIN" migrate >/dev/null
python3 bench/seed.py "$OUT/bench.db" "not-a-real-hash" 2>&1

measure() { # backend name url
  local backend=$1 name=$2 url=$3
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$OUT/$backend-$name.txt" 2>&1
  wrk_row "$OUT/$backend-$name.txt" "$backend" "$name"
}

run_backend() {
  local backend=$1
  local line
  line=$("$BIN" reindex)
  echo -e "reindex\t$backend\t$(sed -E 's/.*\(([0-9]+) documents\/s\).*/\1/' <<<"$line")\t$line" >&2
  echo -e "reindex\t$backend\t$(sed -E 's/.*\(([0-9]+) documents\/s\).*/\1/' <<<"$line")"
  start_server
  measure "$backend" health "$URL/api/v1/health"
  measure "$backend" search "$URL/api/v1/search?q=cache%20ranking&limit=20"
  measure "$backend" hot "$URL/api/v1/posts?sort=hot&limit=20"
  stop_server
}

{
  TIDINGS_JOBS_IN_PROCESS=false run_backend tantivy
  "$OSMEM" -addr "127.0.0.1:$ES_PORT" -no-stdin-watch -no-ja </dev/null >/dev/null 2>&1 &
  ES=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$ES_PORT/" >/dev/null && break; sleep 0.1; done
  TIDINGS_JOBS_IN_PROCESS=false TIDINGS_ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT" run_backend elasticsearch
} >"$OUT/results.tsv"

python3 - "$OUT/results.tsv" "$DURATION" "$CONNECTIONS" <<'PY'
import sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().strip().splitlines()]
reindex = {row[1]: row[2] for row in rows if row[0] == "reindex"}
reads = [row for row in rows if row[0] != "reindex"]
ceilings = {backend: float(rps) for backend, name, rps, *_ in reads if name == "health"}
labels = {"health": "`GET /health` (ceiling)", "search": "`GET /search?q=cache ranking`",
          "hot": "`GET /posts?sort=hot`"}
print(f"wrk -t2 -c{sys.argv[3]}, {sys.argv[2]} s per row, release build, SQLite, 100,000 posts, 2 cores shared by server, search server and wrk.")
print()
print("| backend | request | req/s | p50 ms | p99 ms | non-2xx | ratio to ceiling |")
print("|---|---|---:|---:|---:|---:|---:|")
for backend, name, rps, p50, p99, errors in reads:
    print(f"| {backend} | {labels[name]} | {float(rps):,.0f} | {p50} | {p99} | {errors} | {float(rps) / ceilings[backend]:.2f} |")
print()
print("Reindex of 100,000 posts: " + ", ".join(f"{backend} {int(rate):,} documents/s" for backend, rate in reindex.items()) + ".")
PY
