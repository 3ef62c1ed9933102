#!/usr/bin/env bash
# The adversarial run over the OpenAPI document: schemathesis (PyPI) generates requests for every
# operation — valid ones, invalid ones, NUL bytes, huge numbers, odd strings — against a real
# `tidings serve` (SQLite, seeded demo data, a signed-in administrator's token). The bar: no server error
# (5xx) and every response matching its documented schema. Exit status is schemathesis's.
#
#   tests/scripts/schemathesis.sh [extra st arguments]      (TIDINGS_ST_MAX_EXAMPLES, default 25)
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
TOOLS_DIR="${TIDINGS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tidings-tools}"
venv="$TOOLS_DIR/schemathesis-$SCHEMATHESIS_VERSION"
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

binary="${CARGO_TARGET_DIR:-$PWD/target}/debug/tidings"
[ -x "$binary" ] || { echo "build the server first (cargo build --bin tidings)"; exit 1; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
export TIDINGS_BIND="127.0.0.1:$port" \
  TIDINGS_DATA_DIR="$work/data" \
  TIDINGS_DATABASE_URL="sqlite://$work/tidings.db?mode=rwc" \
  TIDINGS_WEB_DIR="$work/no-web-app" \
  TIDINGS_REQUIRE_CONFIRMED_EMAIL=false \
  TIDINGS_RATE_LIMIT_PER_IP=0 \
  TIDINGS_RATE_LIMIT_PER_ACCOUNT=0 \
  RUST_LOG="${RUST_LOG:-warn}"
"$binary" serve --seed-demo >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 300); do
  curl -sf "$url/health/ready" >/dev/null && break
  sleep 0.1
done
curl -sf "$url/health/ready" >/dev/null || { cat "$work/server.log"; exit 1; }

token=$(curl -sf -H 'content-type: application/json' \
  -d '{"name":"fuzzer","email":"fuzzer@example.com","password":"fuzzer-password-1"}' \
  "$url/api/v1/auth/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
# An administrator, so the moderation operations are fuzzed past their role check (the Rust
# suite walks them as a plain user). Promoted before its first request: no cache holds its role.
"$binary" create-admin fuzzer --email fuzzer@example.com --password unused >>"$work/server.log" 2>&1

status=0
# One worker: with two threads, Hypothesis' lambda descriptions (parsed with `ast` while another
# thread parses too) failed the run with "AST constructor recursion depth mismatch" — a crash of
# the tool, not a finding (seen 2026-11-30 on the OAuth callback's coverage phase).
# Operations that end the fuzzer's own session are left out (they would turn the rest of the run
# into 401s); the Rust suite covers them. The notification stream is left out too: it never ends
# by design, so every case would wait out the request timeout; the Rust suite drives it.
"$venv/bin/st" run openapi/openapi.json \
  --url "$url" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance \
  --exclude-path /api/v1/auth/logout \
  --exclude-path /api/v1/me/password \
  --exclude-path /api/v1/me/notifications/stream \
  --max-examples "${TIDINGS_ST_MAX_EXAMPLES:-40}" \
  --seed "${TIDINGS_ST_SEED:-20261130}" \
  --workers 1 \
  --request-timeout 30 \
  --no-color \
  --generation-database none \
  "$@" || status=$?
if grep -q "panicked" "$work/server.log"; then
  echo "the server panicked during the run:"
  grep -B2 -A10 "panicked" "$work/server.log" | head -60
  status=1
fi
exit $status
