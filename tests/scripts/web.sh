#!/usr/bin/env bash
# Web app suites: type-check + build, Vitest, then the end-to-end run in Debian's Chromium
# against a real `tidings serve` on a temporary database. Screenshots go to target/e2e/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/tidings"

# Vite needs Node.js >= 20.19 (Debian's own nodejs package is older, so it is not installed here).
if ! command -v npm >/dev/null; then
  echo "SKIPPED TEST SUITE: WEB (NODE.JS/NPM NOT INSTALLED)"
  [ "${CI:-}" != "true" ] || exit 1
  exit 0
fi
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the end-to-end tests"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

cd web
npm ci --no-audit --no-fund --loglevel=error
npm run build
npm test

if [ ! -x "$CHROMIUM" ]; then
  echo "SKIPPED TEST SUITE: WEB END-TO-END (CHROMIUM NOT INSTALLED)"
  [ "${CI:-}" != "true" ] || exit 1
  exit 0
fi

WORK=$(mktemp -d)
PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
TIDINGS_BIND="127.0.0.1:$PORT" \
TIDINGS_DATABASE_URL="sqlite://$WORK/e2e.db?mode=rwc" \
TIDINGS_DATA_DIR="$WORK" \
TIDINGS_WEB_DIR="$ROOT/web/dist" \
TIDINGS_PUBLIC_URL="http://127.0.0.1:$PORT" \
RUST_LOG=warn "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.1; done
mkdir -p "$ROOT/target/e2e"
TIDINGS_URL="http://127.0.0.1:$PORT" E2E_OUTBOX="$WORK/outbox" E2E_SCREENSHOTS="$ROOT/target/e2e" CHROMIUM="$CHROMIUM" npm run e2e || {
  echo "--- server log"; tail -50 "$WORK/server.log"; exit 1;
}
