# Shared by the benchmark scripts (source it after setting OUT, and URL or TIDINGS_BIND).
# Installs the tools, builds (or takes) the binary, starts and stops the server and the services
# under test, prepares datasets on SQLite and PostgreSQL, signs users in, and turns a wrk report
# into one TSV row.
#
# Environment every script understands:
#   BENCH_BIN=<path>           use this tidings binary instead of building one (cargo build --release)
#   BENCH_CONNECTIONS=32       wrk connections (-c); wrk always runs 2 threads
#   BENCH_PG_URL=postgres://postgres:postgres@127.0.0.1:5432   a PostgreSQL server (trust or that password)
#   BENCH_SIGNED_IN_USERS=300  users signed in for the rows that take a random user per request
#   BENCH_DATASET=<dir>        take the dataset (CSV files) from there, made by an earlier run of the
#                              same script (bench/out*/dataset, copied elsewhere), instead of making it

CONNECTIONS="${BENCH_CONNECTIONS:-32}"
PG_URL="${BENCH_PG_URL:-postgres://postgres:postgres@127.0.0.1:5432}"
SIGNED_IN_USERS="${BENCH_SIGNED_IN_USERS:-300}"
# Benchmarks sign many users in from one address, quickly: no abuse limits.
export TIDINGS_RATE_LIMIT_PER_IP=0 TIDINGS_RATE_LIMIT_PER_ACCOUNT=0
export TIDINGS_ACCESS_TOKEN_TTL_SECS=7200
export RUST_LOG="${RUST_LOG:-warn}"
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"

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

apt_updated=""
apt_install() {
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
    [ -n "$apt_updated" ] && return 1
    apt_updated=1
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
  fi
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# need wrk|redis|postgres|osmem …: installs or starts what is missing, or stops the run.
need() {
  for tool in "$@"; do
    case $tool in
      wrk) command -v wrk >/dev/null || { echo "installing wrk" >&2; apt_install wrk; } ;;
      redis) command -v redis-server >/dev/null && command -v redis-cli >/dev/null ||
        { echo "installing redis" >&2; apt_install redis-server redis-tools; } ;;
      postgres)
        command -v psql >/dev/null || { echo "installing the PostgreSQL client" >&2; apt_install postgresql-client; }
        local port
        port=$(python3 -c "import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).port or 5432)" "$PG_URL")
        if ! listening "$port" && [ "$port" = 5432 ]; then
          echo "PostgreSQL is not listening on $port: starting the local cluster" >&2
          if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
            apt_install postgresql || true
            pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >/dev/null 2>&1 || true
            su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null 2>&1 || true
          fi
          pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >/dev/null 2>&1 || true
          for _ in $(seq 1 60); do listening "$port" && break; sleep 0.5; done
        fi
        psql -X -q "$PG_URL/postgres" -c "select 1" >/dev/null || { echo "no PostgreSQL at $PG_URL (set BENCH_PG_URL)"; exit 1; } ;;
      osmem)
        # osmem-server (PyPI), the Elasticsearch stand-in of the tests, in the same venv they use.
        local venv="${TIDINGS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tidings-tools}/osmem-0.1.6"
        [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >/dev/null 2>&1 ||
          { apt_install python3-venv && python3 -m venv "$venv"; }
        "$venv/bin/python" -c 'import osmem_server' >/dev/null 2>&1 ||
          "$venv/bin/pip" install -q "osmem-server==0.1.6" >/dev/null 2>&1 || true
        OSMEM=$("$venv/bin/python" -c 'import osmem_server; print(osmem_server.resolve_binary())' 2>/dev/null) || true
        [ -n "$OSMEM" ] && [ -x "$OSMEM" ] || { echo "osmem-server could not be installed" >&2; exit 1; } ;;
    esac
  done
}

# The binary under test: BENCH_BIN, or a release build of this checkout.
# BUILD says which, for the report's first line.
BUILD="release build"
[ -n "${BENCH_BIN:-}" ] && BUILD="binary $BENCH_BIN"
bench_binary() {
  if [ -n "${BENCH_BIN:-}" ]; then
    [ -x "$BENCH_BIN" ] || { echo "BENCH_BIN=$BENCH_BIN is not an executable" >&2; exit 1; }
    echo "$BENCH_BIN"
    return
  fi
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
  # As the Makefile builds: apalis's SQL storages compile from their bundled offline query data.
  export SQLX_OFFLINE="${SQLX_OFFLINE:-true}" CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
  cargo build --release --bin tidings >&2
  echo "$CARGO_TARGET_DIR/release/tidings"
}

start_server() {
  if listening "${URL##*:}"; then
    echo "port ${URL##*:} is taken by another process: set BENCH_PORT to a free one" >&2
    exit 1
  fi
  "$BIN" serve >>"$OUT/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do
    kill -0 "$SERVER" 2>/dev/null || break
    curl -sf "$URL/api/v1/health" >/dev/null && return 0
    sleep 0.1
  done
  echo "server did not start" >&2
  tail -20 "$OUT/server.log" >&2
  exit 1
}

stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }

# Resident memory of the running server, in MiB: "VmRSS VmHWM RssAnon RssFile" — all of it now,
# its peak, the part that is the process's own (heap: caches included) and the part that is
# mapped files (the search index, SQLite's pages), which the kernel can drop.
server_memory() {
  awk '/^(VmRSS|VmHWM|RssAnon|RssFile):/{kb[$1]=$2}
       END{printf "%.0f %.0f %.0f %.0f\n", kb["VmRSS:"]/1024, kb["VmHWM:"]/1024, kb["RssAnon:"]/1024, kb["RssFile:"]/1024}' \
    "/proc/$SERVER/status"
}

start_redis() { # port
  redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  REDIS=$!
  for _ in $(seq 1 50); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis did not start" >&2
  exit 1
}

stop_redis() { kill "$REDIS"; wait "$REDIS" 2>/dev/null || true; REDIS=""; }

# Registers one account through the API on a scratch SQLite database (a genuine argon2id hash
# of "bench-password") and prints its hash, so a dataset can give it to every user.
password_hash() {
  local dir="$OUT/hash-donor"
  mkdir -p "$dir"
  TIDINGS_DATABASE_URL="sqlite://$dir/donor.db?mode=rwc" TIDINGS_DATA_DIR="$dir" start_server
  curl -sf -X POST "$URL/api/v1/auth/register" -H 'content-type: application/json' \
    -d '{"name":"hashdonor","email":"hashdonor@example.com","password":"bench-password"}' >/dev/null ||
    { stop_server; echo "registering the password donor failed" >&2; exit 1; }
  stop_server
  python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select password_hash from users where name='hashdonor'\").fetchone()[0])" "$dir/donor.db" ||
    { echo "no password hash: registering through the API failed" >&2; exit 1; }
}

# make_dataset main|timeline DIR: the dataset's CSV files in DIR (or BENCH_DATASET's), made once.
make_dataset() {
  if [ -n "${BENCH_DATASET:-}" ]; then
    [ -f "$BENCH_DATASET/posts.csv" ] || { echo "BENCH_DATASET=$BENCH_DATASET holds no dataset" >&2; exit 1; }
    ln -s "$(realpath "$BENCH_DATASET")" "$2"
    return
  fi
  local hash
  hash=$(password_hash)
  python3 bench/dataset.py "$1" "$2" "$hash"
}

# prepare_database sqlite|postgres NAME DATASET_DIR → prints the database URL. The database is
# new, migrated by $BIN, and holds the dataset.
prepare_database() {
  local kind=$1 name=$2 dataset=$3 url
  if [ "$kind" = sqlite ]; then
    rm -f "$OUT/$name.db"*
    url="sqlite://$OUT/$name.db?mode=rwc"
    TIDINGS_DATABASE_URL="$url" "$BIN" migrate >/dev/null
    python3 bench/load.py sqlite "$OUT/$name.db" "$dataset"
  else
    psql -X -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null
    url="$PG_URL/$name"
    TIDINGS_DATABASE_URL="$url" "$BIN" migrate >/dev/null
    python3 bench/load.py postgres "$url" "$dataset"
  fi
  echo "$url"
}

# copy_database URL NEW_NAME → prints the copy's URL (a file copy, or CREATE DATABASE … TEMPLATE).
copy_database() {
  local url=$1 name=$2
  if [[ $url == sqlite://* ]]; then
    local path=${url#sqlite://}
    path=${path%%\?*}
    python3 -c "import sqlite3,sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))" "$path" "$OUT/$name.db"
    echo "sqlite://$OUT/$name.db?mode=rwc"
  else
    psql -X -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" \
      -c "CREATE DATABASE $name TEMPLATE ${url##*/}" >/dev/null
    echo "$PG_URL/$name"
  fi
}

# sql URL QUERY → the rows, tab-separated, on either backend.
sql() {
  local url=$1 query=$2
  if [[ $url == sqlite://* ]]; then
    local path=${url#sqlite://}
    python3 -c "import sqlite3,sys; [print(*row, sep='\t') for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]" "${path%%\?*}" "$query"
  else
    psql -X -q -At -F $'\t' "$url" -c "$query"
  fi
}

# An access token for a seeded user.
login() {
  curl -sf -X POST "$URL/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"bench-password\"}" | python3 -c "import json,sys; print(json.load(sys.stdin)['access_token'])"
}

# SQL statements the server has sent on behalf of requests so far.
queries() { curl -sf "$URL/metrics" | awk '/^tidings_db_queries_total /{print $2}'; }

# wrk_row REPORT MODE NAME [SQL_BEFORE SQL_AFTER] → MODE NAME req/s p50 p99 non-2xx [SQL/request]
wrk_row() { python3 bench/wrk_row.py "$@"; }

# measure MODE NAME wrk-arguments… → one TSV row (DURATION seconds, CONNECTIONS connections)
measure() {
  local mode=$1 name=$2
  shift 2
  local before after
  before=$(queries)
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" >"$OUT/${mode//[^a-z0-9_+-]/_}-$name.txt" 2>&1
  after=$(queries)
  wrk_row "$OUT/${mode//[^a-z0-9_+-]/_}-$name.txt" "$mode" "$name" "$before" "$after"
}

# warm_up wrk-arguments…: an unmeasured pass, so rows compare set-ups at steady state.
warm_up() { wrk -t2 -c"$CONNECTIONS" -d"${BENCH_WARM_UP:-3}s" "$@" >/dev/null 2>&1; }
