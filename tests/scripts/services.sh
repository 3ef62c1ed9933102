#!/usr/bin/env bash
# Makes sure the database servers the test suites need are running on loopback.
# Starts them when installed but stopped; installs them with apt when missing and CI=true.
# Prints one line per backend: "<name> ready" or "<name> unavailable". Exit status is 0;
# the Makefile decides what to do with an unavailable backend.
set -u

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  local port=$1
  for _ in $(seq 1 60); do
    listening "$port" && return 0
    sleep 0.5
  done
  return 1
}

apt_updated=""
apt_install() {
  [ "${CI:-}" = "true" ] || return 1
  command -v apt-get >/dev/null || return 1
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

start_postgres() {
  listening 5432 && return 0
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql || return 1
    fresh_postgres=1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >/dev/null 2>&1 || true
  wait_for 5432 || return 1
  if [ -n "${fresh_postgres:-}" ]; then
    # A fresh Debian cluster has no password for postgres; give it the one the suite uses.
    su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null 2>&1 || true
  fi
}

start_mariadb() {
  listening 3306 && return 0
  if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
    apt_install mariadb-server || return 1
    fresh_mariadb=1
  fi
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1 || true
  wait_for 3306 || return 1
  if [ -n "${fresh_mariadb:-}" ]; then
    mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD(''); CREATE DATABASE IF NOT EXISTS test;" >/dev/null 2>&1 || true
  fi
}

# The cache tests start private redis-server processes of their own; they need the binaries.
ensure_redis() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  apt_install redis-server redis-tools || return 1
  command -v redis-server >/dev/null
}

# The Elasticsearch backend's tests run against osmem-server (PyPI): a static binary speaking
# the Elasticsearch REST API in memory. No real Elasticsearch installs from these registries;
# production runs real Elasticsearch. Installed into a venv under the tools folder.
OSMEM_VERSION=0.1.6
TOOLS_DIR="${TIDINGS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tidings-tools}"
ensure_osmem() {
  local venv="$TOOLS_DIR/osmem-$OSMEM_VERSION"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >/dev/null 2>&1 || { apt_install python3-venv && python3 -m venv "$venv" >/dev/null 2>&1; } || return 1
  fi
  if ! "$venv/bin/python" -c 'import osmem_server' >/dev/null 2>&1; then
    "$venv/bin/pip" install -q "osmem-server==$OSMEM_VERSION" >/dev/null 2>&1 || return 1
  fi
  osmem_bin=$("$venv/bin/python" -c 'import osmem_server; print(osmem_server.resolve_binary())' 2>/dev/null) || return 1
  [ -x "$osmem_bin" ]
}

# The mail tests capture SMTP with MailDev (npm), installed under the tools folder.
MAILDEV_VERSION=3
ensure_maildev() {
  local prefix="$TOOLS_DIR/maildev"
  maildev_bin="$prefix/node_modules/.bin/maildev"
  if [ ! -x "$maildev_bin" ]; then
    command -v npm >/dev/null || return 1
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund -s "maildev@$MAILDEV_VERSION" >/dev/null 2>&1 || return 1
  fi
  [ -x "$maildev_bin" ]
}

# The sign-in tests run a real OAuth2/OIDC provider: npm oauth2-mock-server, driven by
# tests/scripts/oauth-provider.mjs. Installed under the tools folder.
OAUTH_MOCK_VERSION=8.2.3
ensure_oauth_mock() {
  local prefix="$TOOLS_DIR/oauth2-mock-server-$OAUTH_MOCK_VERSION"
  oauth_mock_dir="$prefix/node_modules/oauth2-mock-server"
  if [ ! -f "$oauth_mock_dir/dist/index.mjs" ]; then
    command -v npm >/dev/null || return 1
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund -s "oauth2-mock-server@$OAUTH_MOCK_VERSION" >/dev/null 2>&1 || return 1
  fi
  [ -f "$oauth_mock_dir/dist/index.mjs" ] && command -v node >/dev/null
}

if start_postgres; then echo "postgres ready"; else echo "postgres unavailable"; fi
if start_mariadb; then echo "mysql ready"; else echo "mysql unavailable"; fi
if ensure_redis; then echo "redis ready"; else echo "redis unavailable"; fi
if ensure_osmem; then echo "osmem ready $osmem_bin"; else echo "osmem unavailable"; fi
if ensure_maildev; then echo "maildev ready $maildev_bin"; else echo "maildev unavailable"; fi
if ensure_oauth_mock; then echo "oauthmock ready $oauth_mock_dir"; else echo "oauthmock unavailable"; fi
exit 0
