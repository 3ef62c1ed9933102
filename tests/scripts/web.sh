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

# The demo content seeded for the e2e has Chinese titles and names: without a CJK font Chromium
# draws them as empty boxes, and the screenshots cannot show whether those rows look right.
if [ -x "$CHROMIUM" ] && command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing a CJK font (fonts-wqy-microhei) for the end-to-end screenshots"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null ||
      echo "could not install fonts-wqy-microhei: Chinese text shows as boxes in the screenshots"
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
SERVER=""
PROVIDER=""
trap '[ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null; [ -z "$PROVIDER" ] || kill "$PROVIDER" 2>/dev/null; rm -rf "$WORK"' EXIT

# A real OAuth2 / OpenID Connect provider on loopback (npm oauth2-mock-server, see
# tests/scripts/oauth-provider.mjs), used by the server both as GitHub and as "Example ID".
# E2E_OAUTH_MOCK=<its package folder> skips the look-up through services.sh.
OAUTH_MOCK="${E2E_OAUTH_MOCK:-}"
if [ -z "$OAUTH_MOCK" ]; then
  OAUTH_MOCK=$(bash "$ROOT/tests/scripts/services.sh" 2>/dev/null | sed -n 's/^oauthmock ready //p' || true)
fi
OAUTH_ENV=()
if [ -n "$OAUTH_MOCK" ]; then
  # The provider exits when its standard input closes: this script holds the pipe (fd 3).
  mkfifo "$WORK/provider.stdin"
  node "$ROOT/tests/scripts/oauth-provider.mjs" "$OAUTH_MOCK" <"$WORK/provider.stdin" >"$WORK/provider.log" 2>&1 &
  PROVIDER=$!
  exec 3>"$WORK/provider.stdin"
  for _ in $(seq 1 100); do grep -q '^listening ' "$WORK/provider.log" && break; sleep 0.1; done
  PROVIDER_PORT=$(sed -n 's/^listening //p' "$WORK/provider.log")
fi
if [ -n "${PROVIDER_PORT:-}" ]; then
  P="http://127.0.0.1:$PROVIDER_PORT"
  OAUTH_ENV=(
    TIDINGS_OIDC_ISSUER="$P" TIDINGS_OIDC_CLIENT_ID=tidings-e2e TIDINGS_OIDC_CLIENT_SECRET=x
    TIDINGS_OIDC_NAME="Example ID"
    TIDINGS_GITHUB_CLIENT_ID=tidings-e2e-github TIDINGS_GITHUB_CLIENT_SECRET=x
    TIDINGS_GITHUB_AUTHORIZE_URL="$P/authorize" TIDINGS_GITHUB_TOKEN_URL="$P/token" TIDINGS_GITHUB_API_URL="$P"
    E2E_OAUTH_PROVIDER="$P"
  )
else
  echo "SKIPPED TEST STEPS: WEB END-TO-END SIGN-IN WITH A PROVIDER (OAUTH2-MOCK-SERVER UNAVAILABLE)"
  [ -z "$PROVIDER" ] || cat "$WORK/provider.log"
  [ "${CI:-}" != "true" ] || exit 1
fi

PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
env "${OAUTH_ENV[@]}" \
TIDINGS_BIND="127.0.0.1:$PORT" \
TIDINGS_DATABASE_URL="sqlite://$WORK/e2e.db?mode=rwc" \
TIDINGS_DATA_DIR="$WORK" \
TIDINGS_WEB_DIR="$ROOT/web/dist" \
TIDINGS_PUBLIC_URL="http://127.0.0.1:$PORT" \
RUST_LOG=warn "$BIN" serve --seed-demo >"$WORK/server.log" 2>&1 &
SERVER=$!
# The demo content (users, and posts from the bundled feed) is written before the server listens;
# the e2e reads one of its posts (imported feed HTML: code spans, numbered lists).
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.1; done
mkdir -p "$ROOT/target/e2e"
env "${OAUTH_ENV[@]}" \
TIDINGS_URL="http://127.0.0.1:$PORT" E2E_OUTBOX="$WORK/outbox" E2E_SCREENSHOTS="$ROOT/target/e2e" CHROMIUM="$CHROMIUM" npm run e2e || {
  echo "--- server log"; tail -50 "$WORK/server.log"
  [ -z "$PROVIDER" ] || { echo "--- provider log"; tail -20 "$WORK/provider.log"; }
  exit 1;
}
