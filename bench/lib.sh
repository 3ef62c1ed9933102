# Shared by the benchmark scripts (source it after setting BIN, OUT and URL).
# Starts and stops the server under test, mints the seed password hash, signs users in,
# and turns a wrk report into one TSV row.

SERVER=""
REDIS=""
ES=""
cleanup() {
  for pid in "$SERVER" "$REDIS" "$ES"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
  done
  return 0
}
trap cleanup EXIT

start_server() {
  "$BIN" serve >>"$OUT/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do curl -sf "$URL/api/v1/health" >/dev/null && return 0; sleep 0.1; done
  echo "server did not start"; tail -20 "$OUT/server.log"; exit 1
}

stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }

# Registers one account through the API (a genuine argon2id hash of "bench-password"), prints
# the hash and empties the user tables again, so a seed script can give it to every user.
password_hash() {
  start_server
  curl -sf -X POST "$URL/api/v1/auth/register" -H 'content-type: application/json' \
    -d '{"name":"hashdonor","email":"hashdonor@example.com","password":"bench-password"}' >/dev/null
  stop_server
  python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select password_hash from users where name='hashdonor'\").fetchone()[0])" "$OUT/bench.db"
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); [c.execute(f'delete from {t}') for t in ('users','user_stats','refresh_tokens')]; c.commit()" "$OUT/bench.db"
}

# An access token for a seeded user.
login() {
  curl -sf -X POST "$URL/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"bench-password\"}" | python3 -c "import json,sys; print(json.load(sys.stdin)['access_token'])"
}

# wrk_row REPORT MODE NAME [SQL_BEFORE SQL_AFTER] → MODE NAME req/s p50 p99 non-2xx [SQL/request]
wrk_row() { python3 bench/wrk_row.py "$@"; }
