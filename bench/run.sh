#!/usr/bin/env bash
# Load benchmark of the core API on the embedded default (SQLite, release build).
# Seeds 10,000 users / 100,000 posts / 500,000 likes / 500,000 follows, then measures each
# endpoint with wrk next to GET /health in the same run, and prints ratios to that ceiling.
# Usage: bash bench/run.sh [seconds per endpoint, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }

cargo build --release --bin tidings
BIN="$CARGO_TARGET_DIR/release/tidings"
OUT="bench/out"
rm -rf "$OUT" && mkdir -p "$OUT"
export TIDINGS_DATABASE_URL="sqlite://$PWD/$OUT/bench.db?mode=rwc"
export TIDINGS_DATA_DIR="$PWD/$OUT"
export TIDINGS_BIND="127.0.0.1:18181"
export TIDINGS_ACCESS_TOKEN_TTL_SECS=7200
export RUST_LOG=warn
"$BIN" migrate >/dev/null
# Register one real account through the API to obtain a genuine argon2id hash for every user.
"$BIN" serve >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://$TIDINGS_BIND/api/v1/health" >/dev/null && break; sleep 0.1; done
curl -sf -X POST "http://$TIDINGS_BIND/api/v1/auth/register" -H 'content-type: application/json' \
  -d '{"name":"hashdonor","email":"hashdonor@example.com","password":"bench-password"}' >/dev/null
kill $SERVER; wait $SERVER 2>/dev/null || true
HASH=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select password_hash from users where name='hashdonor'\").fetchone()[0])" "$OUT/bench.db")
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); [c.execute(f'delete from {t}') for t in ('users','user_stats','refresh_tokens')]; c.commit()" "$OUT/bench.db"
python3 bench/seed.py "$OUT/bench.db" "$HASH"

"$BIN" serve >"$OUT/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://$TIDINGS_BIND/api/v1/health" >/dev/null && break; sleep 0.1; done
TOKEN=$(curl -sf -X POST "http://$TIDINGS_BIND/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"login":"user1","password":"bench-password"}' | python3 -c "import json,sys; print(json.load(sys.stdin)['access_token'])")
export TOKEN

# name | wrk arguments
run() {
  local name=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" >"$OUT/$name.txt" 2>&1
  python3 - "$OUT/$name.txt" "$name" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = int(non2xx.group(1)) if non2xx else 0
print(f"{sys.argv[2]}\t{rps:.0f}\t{ms('50'):.2f}\t{ms('99'):.2f}\t{errors}")
PY
}

URL="http://$TIDINGS_BIND"
{
  run health "$URL/api/v1/health"
  run get_post -s bench/lua-random-post.lua "$URL"
  run list_posts_signed_in -H "Authorization: Bearer $TOKEN" "$URL/api/v1/posts?limit=20"
  run get_user -s bench/lua-random-user.lua "$URL"
  run like_unlike -s bench/lua-like-toggle.lua "$URL"
} >"$OUT/results.tsv"

python3 - "$OUT/results.tsv" "$DURATION" "$CONNECTIONS" <<'PY'
import sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().strip().splitlines()]
ceiling = float(rows[0][1])
labels = {
    "health": "`GET /api/v1/health` (ceiling)",
    "get_post": "`GET /api/v1/posts/{id}` (random of 100k)",
    "list_posts_signed_in": "`GET /api/v1/posts?limit=20` signed in (flags)",
    "get_user": "`GET /api/v1/users/{id}` (random of 10k)",
    "like_unlike": "`PUT`/`DELETE /api/v1/posts/{id}/like`",
}
print(f"wrk, 2 threads, {sys.argv[3]} connections, {sys.argv[2]} s per endpoint, release build, SQLite, 2 cores shared with wrk")
print()
print("| endpoint | req/s | p50 ms | p99 ms | non-2xx | ratio to ceiling |")
print("|---|---:|---:|---:|---:|---:|")
for name, rps, p50, p99, errors in rows:
    print(f"| {labels[name]} | {float(rps):,.0f} | {p50} | {p99} | {errors} | {float(rps) / ceiling:.2f} |")
PY
