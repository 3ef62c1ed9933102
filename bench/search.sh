#!/usr/bin/env bash
# Search and hot-list benchmark with a release build on SQLite and the main dataset
# (bench/dataset.py main: 100,000 posts, 7 % of them Chinese, words drawn Zipf-like from real
# text by bench/corpus.py). For each backend — tantivy (embedded) and Elasticsearch
# (osmem-server, the in-memory test server; production runs real Elasticsearch) — reindex
# throughput (documents/s), then, next to GET /health as the ceiling, with p50/p99:
#   GET /search with one common word (matching 2-15 % of posts), one rare word (3-30 posts),
#   two words seen together in a title, a quoted three-word phrase from a post, one Chinese word
#   — each row a random one of 40 such queries per request (bench/out-search/dataset/queries.tsv) —
#   and GET /posts?sort=hot: the first page and page 5 (through the cursors).
# Usage: bash bench/search.sh [seconds per row, default 10]
# Every search and hot row is measured under load (BENCH_CONNECTIONS, default 32, as the other
# benchmarks) and at light load (BENCH_LIGHT_CONNECTIONS, default 2: one request per wrk thread).
# Env (and those in bench/lib.sh): BENCH_ES_CONNECTIONS (wrk connections against osmem under load;
# default BENCH_CONNECTIONS — osmem is a test stand-in that can time out under many connections).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
LIGHT_CONNECTIONS="${BENCH_LIGHT_CONNECTIONS:-2}"
OUT="$PWD/bench/out-search"
export TIDINGS_BIND="127.0.0.1:${BENCH_PORT:-18483}"
URL="http://$TIDINGS_BIND"
ES_PORT=19291
source bench/lib.sh
STARTED=$(date +%s)

need wrk osmem
rm -rf "$OUT" && mkdir -p "$OUT"
BIN=$(bench_binary)
make_dataset main "$OUT/dataset"
export TIDINGS_DATA_DIR="$OUT/data"
export TIDINGS_DATABASE_URL
TIDINGS_DATABASE_URL=$(prepare_database sqlite bench "$OUT/dataset")
python3 - "$OUT/dataset/queries.tsv" "$OUT" <<'PY'
import collections, sys, urllib.parse
by_kind = collections.defaultdict(list)
for line in open(sys.argv[1], encoding="utf-8"):
    kind, _, query = line.rstrip("\n").split("\t")
    by_kind[kind].append(query)
for kind, queries in by_kind.items():
    with open(f"{sys.argv[2]}/paths-search-{kind}.txt", "w") as out:
        out.writelines(f"/api/v1/search?q={urllib.parse.quote(q)}&limit=20\n" for q in queries)
PY

# The hot list's page N (1-based) path, through the cursors of the pages before it.
hot_page_path() {
  python3 - "$URL" "$1" <<'PY'
import json, sys, urllib.parse, urllib.request
url, page = sys.argv[1], int(sys.argv[2])
path = "/api/v1/posts?sort=hot&limit=20"
for _ in range(page - 1):
    cursor = json.load(urllib.request.urlopen(url + path))["next_cursor"]
    path = f"/api/v1/posts?sort=hot&limit=20&cursor={urllib.parse.quote(cursor)}"
print(path)
PY
}

# Each search and hot row twice: under load (CONNECTIONS, like every other benchmark: req/s, and
# a latency that includes queueing) and at light load (LIGHT_CONNECTIONS: the latency of one
# request on a machine that is not saturated).
paths_row() { # backend name paths-file
  BENCH_PATHS=$3 measure "$1" "$2" -s bench/lua-paths.lua "$URL"
  BENCH_PATHS=$3 CONNECTIONS=$LIGHT_CONNECTIONS measure "$1" "$2@light" -s bench/lua-paths.lua "$URL"
}

# Each query alone, best of 3, one at a time: which queries cost the most (for the report).
slowest_queries() { # backend
  python3 - "$URL" "$1" "$OUT/dataset/queries.tsv" <<'PY'
import sys, time, urllib.parse, urllib.request
url, backend, queries = sys.argv[1:]
deadline = time.monotonic() + 90  # a slow backend gets a sample, not an hour
for line in open(queries, encoding="utf-8"):
    kind, matches, query = line.rstrip("\n").split("\t")
    if kind == "tag" or time.monotonic() > deadline:
        continue
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        try:
            urllib.request.urlopen(f"{url}/api/v1/search?q={urllib.parse.quote(query)}&limit=20", timeout=5).read()
        except OSError:
            break
        best = min(best, time.perf_counter() - started)
    print(f"query\t{backend}\t{kind}\t{matches}\t{query}\t{best * 1000:.1f}")
PY
}

run_backend() {
  local backend=$1
  local line
  line=$("$BIN" reindex)
  echo -e "reindex\t$backend\t$(sed -E 's/.*\(([0-9]+) documents\/s\).*/\1/' <<<"$line")"
  start_server
  hot_page_path 1 >"$OUT/paths-hot-1.txt"
  hot_page_path 5 >"$OUT/paths-hot-5.txt"
  # Warm-up (not measured): every query once and a little load.
  for kind in one_common one_rare two_words phrase chinese; do
    BENCH_PATHS="$OUT/paths-search-$kind.txt" warm_up -s bench/lua-paths.lua "$URL"
  done
  measure "$backend" health "$URL/api/v1/health"
  for kind in one_common one_rare two_words phrase chinese; do
    paths_row "$backend" "search_$kind" "$OUT/paths-search-$kind.txt"
  done
  paths_row "$backend" hot_first "$OUT/paths-hot-1.txt"
  paths_row "$backend" hot_page_5 "$OUT/paths-hot-5.txt"
  echo -e "memory\t$backend\t$(server_memory | tr ' ' '\t')"
  slowest_queries "$backend"
  stop_server
}

{
  TIDINGS_JOBS_IN_PROCESS=false run_backend tantivy
  "$OSMEM" -addr "127.0.0.1:$ES_PORT" -no-stdin-watch -no-ja </dev/null >/dev/null 2>&1 &
  ES=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$ES_PORT/" >/dev/null && break; sleep 0.1; done
  CONNECTIONS="${BENCH_ES_CONNECTIONS:-$CONNECTIONS}" TIDINGS_JOBS_IN_PROCESS=false \
    TIDINGS_ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT" run_backend elasticsearch
} >"$OUT/results.tsv"

python3 - "$OUT/results.tsv" "$DURATION" "$CONNECTIONS" "${BENCH_ES_CONNECTIONS:-$CONNECTIONS}" "$OUT/dataset/queries.tsv" "$(( $(date +%s) - STARTED ))" "$LIGHT_CONNECTIONS" "$BUILD" <<'PY'
import collections, statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().strip().splitlines()]
reindex = {row[1]: row[2] for row in rows if row[0] == "reindex"}
memory = {row[1]: row[2:] for row in rows if row[0] == "memory"}
reads = [row for row in rows if row[0] not in ("reindex", "memory", "query")]
singles = collections.defaultdict(list)
for row in rows:
    if row[0] == "query":
        singles[(row[1], row[2])].append((float(row[5]), row[4], int(row[3])))
ceilings = {backend: float(rps) for backend, name, rps, *_ in reads if name == "health"}
matches = collections.defaultdict(list)
for line in open(sys.argv[5], encoding="utf-8"):
    kind, count, query = line.rstrip("\n").split("\t")
    matches[kind].append(int(count))


def spread(kind):
    counts = matches[kind]
    return f"{len(counts)} queries, median {statistics.median(counts):,.0f} matching posts"


labels = {
    "health": "`GET /health` (ceiling)",
    "search_one_common": f"`GET /search`, one common word ({spread('one_common')})",
    "search_one_rare": f"`GET /search`, one rare word ({spread('one_rare')})",
    "search_two_words": f"`GET /search`, two words (of a title; {len(matches['two_words'])} queries)",
    "search_phrase": f"`GET /search`, a quoted three-word phrase ({len(matches['phrase'])} queries)",
    "search_chinese": f"`GET /search`, one Chinese word ({spread('chinese')} among the Chinese posts)",
    "hot_first": "`GET /posts?sort=hot&limit=20`, first page",
    "hot_page_5": "`GET /posts?sort=hot&limit=20`, page 5 (cursor)",
}
light = {(row[0], row[1].removesuffix("@light")): row for row in reads if row[1].endswith("@light")}
print(f"wrk -t2, {sys.argv[2]} s per row, {sys.argv[-1]}, SQLite, 100,000 posts, 2 cores shared by server, search server "
      f"and wrk; all requests anonymous. Under load: -c{sys.argv[3]} (osmem: -c{sys.argv[4]}); light load: -c{sys.argv[7]}.")
print()
print("| backend | request | req/s | p50 ms | p99 ms | errors | SQL/request | ratio to ceiling | light load: p50 ms | p99 ms |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for backend, name, rps, p50, p99, errors, per_request in reads:
    if name.endswith("@light"):
        continue
    quiet = light.get((backend, name))
    tail = f" {quiet[3]} | {quiet[4]} |" if quiet else " | |"
    if quiet and quiet[5] != "0":
        tail = f" {quiet[3]} | {quiet[4]} ({quiet[5]} errors) |"
    print(f"| {backend} | {labels[name]} | {float(rps):,.0f} | {p50} | {p99} | {errors} | {per_request} | {float(rps) / ceilings[backend]:.3f} |{tail}")
print()
print("Reindex of 100,000 posts: " + ", ".join(f"{backend} {int(rate):,} documents/s" for backend, rate in reindex.items()) + ".")
print("Server memory after the rows: " + ", ".join(f"{backend} VmRSS {rss} MiB (heap {anon} MiB, mapped files {mapped} MiB; peak {peak} MiB)"
                                                 for backend, (rss, peak, anon, mapped) in memory.items()) + ".")
print()
print("Each query alone (one at a time, best of 3), median and the three slowest per kind:")
print()
for (backend, kind), timings in singles.items():
    timings.sort(reverse=True)
    shown = lambda ms: "failed" if ms == float("inf") else f"{ms:.1f} ms"
    slowest = ", ".join(f"{query} {shown(ms)} ({count:,} posts)" for ms, query, count in timings[:3])
    print(f"- {backend}, {kind} ({len(timings)} queries): median {shown(statistics.median(t for t, _, _ in timings))}; "
          f"slowest: {slowest}")
print()
print(f"Whole run: {int(sys.argv[6]) // 60} min {int(sys.argv[6]) % 60} s.")
PY
