# Tidings — the two commands are `make run` and `make test`; the rest are helpers.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# CI points this at a folder outside the clone so a fresh clone reuses the last build.
export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_INCREMENTAL ?= 0
# apalis's SQL storages use sqlx query macros: build them from their bundled offline data.
export SQLX_OFFLINE ?= true
CARGO ?= cargo
TIDINGS := $(CARGO_TARGET_DIR)/debug/tidings

.PHONY: run build web test test-rust test-fuzz test-unit test-sqlite test-postgres test-mysql test-web lint openapi bench bench-timeline bench-search bench-streams bench-profile clean

## make run: build the server and the web app, migrate + seed a SQLite database, serve on :8080
run: build web
	$(TIDINGS) serve --seed-demo

build:
	$(CARGO) build --bin tidings

# The web app is optional for the API: without Node.js the server shows a placeholder page.
web:
	@if command -v npm >/dev/null && [ -f web/package.json ]; then \
		cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build; \
	else \
		echo "npm not found: serving the API without the web app"; \
	fi

## make test: every suite, on every backend; CI=true refuses to skip any
test: lint test-rust test-fuzz test-web
	@echo "make test: all suites passed"

test-rust:
	$(CARGO) build --workspace
	$(CARGO) build --tests --workspace
	$(CARGO) test --workspace --lib --bins
	@services=$$(bash tests/scripts/services.sh); echo "$$services"; skipped=""; \
	if ! grep -q "^redis ready" <<<"$$services"; then \
		export TIDINGS_TEST_SKIP_REDIS=1; skipped="$$skipped redis-cache-tests"; \
	fi; \
	if grep -q "^osmem ready" <<<"$$services"; then \
		export TIDINGS_TEST_OSMEM=$$(grep "^osmem ready" <<<"$$services" | cut -d' ' -f3); \
	else \
		skipped="$$skipped elasticsearch-backend-tests"; \
	fi; \
	if grep -q "^maildev ready" <<<"$$services"; then \
		export TIDINGS_TEST_MAILDEV=$$(grep "^maildev ready" <<<"$$services" | cut -d' ' -f3); \
	else \
		skipped="$$skipped smtp-mail-tests"; \
	fi; \
	if grep -q "^oauthmock ready" <<<"$$services"; then \
		export TIDINGS_TEST_OAUTH_MOCK=$$(grep "^oauthmock ready" <<<"$$services" | cut -d' ' -f3); \
	else \
		skipped="$$skipped oauth-sign-in-tests"; \
	fi; \
	TIDINGS_TEST_DATABASE=sqlite $(CARGO) test -p tidings-tests --test api || exit 1; \
	for backend in postgres mysql; do \
		if [ $$backend = mysql ] && [ -n "$${TIDINGS_TEST_SKIP_REDIS:-}" ]; then \
			skipped="$$skipped mysql(its-job-queue-needs-redis)"; \
		elif grep -q "^$$backend ready" <<<"$$services"; then \
			TIDINGS_TEST_DATABASE=$$backend $(CARGO) test -p tidings-tests --test api || exit 1; \
		else \
			skipped="$$skipped $$backend"; \
		fi; \
	done; \
	if [ -n "$$skipped" ]; then \
		echo "SKIPPED TEST SUITES (SERVER NOT AVAILABLE):$$(tr a-z A-Z <<<"$$skipped")"; \
		if [ "$${CI:-}" = "true" ]; then echo "CI=true: skipping is not allowed"; exit 1; fi; \
	fi

## make test-fuzz: schemathesis over the OpenAPI document against a real server (no 5xx, every
## response matching its schema); property tests of the decoders run with the unit tests
test-fuzz: build
	@if command -v python3 >/dev/null; then bash tests/scripts/schemathesis.sh; \
	else echo "SKIPPED TEST SUITE: SCHEMATHESIS (no python3)"; [ "$${CI:-}" != "true" ]; fi

test-sqlite:
	TIDINGS_TEST_DATABASE=sqlite $(CARGO) test -p tidings-tests --test api

test-postgres:
	bash tests/scripts/services.sh
	TIDINGS_TEST_DATABASE=postgres $(CARGO) test -p tidings-tests --test api

test-mysql:
	bash tests/scripts/services.sh
	TIDINGS_TEST_DATABASE=mysql $(CARGO) test -p tidings-tests --test api

test-web: build
	@if [ -f web/package.json ]; then bash tests/scripts/web.sh; \
	else echo "SKIPPED TEST SUITE: WEB (no web/package.json)"; [ "$${CI:-}" != "true" ]; fi

lint:
	@if command -v python3 >/dev/null; then python3 tests/scripts/layers.py; fi
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## make openapi: regenerate the committed OpenAPI document from the code
openapi: build
	$(TIDINGS) openapi > openapi/openapi.json

## make bench: load benchmarks of the read and write paths and a mixed workload, on SQLite (no cache,
## moka, moka + Redis) and PostgreSQL + Redis (release build; see README, Performance).
## BENCH_SECONDS=N: seconds per row (default 10); BENCH_BIN=path: test that binary instead of building.
bench:
	bash bench/run.sh $(BENCH_SECONDS)

## make bench-search: search (common, rare, two-word, phrase, Chinese) and hot pages on tantivy and
## Elasticsearch (osmem), reindex throughput
bench-search:
	bash bench/search.sh $(BENCH_SECONDS)

## make bench-timeline: home timeline reads (following 10 / 1,000 / 10,000) and fan-out to 10,000
## followers, on SQLite and PostgreSQL
bench-timeline:
	bash bench/timeline.sh $(BENCH_SECONDS)

## make bench-streams: 1,000 idle notification streams (memory, CPU) and the time from a reply on
## one process to the event on another's stream, on PostgreSQL + Redis
bench-streams:
	bash bench/streams.sh

## make bench-profile: where a warm signed-in card page spends its time (perf record of the release
## build under wrk), grouped, with the hottest functions and folded stacks for a flame graph
bench-profile:
	bash bench/profile.sh $(BENCH_SECONDS)

clean:
	$(CARGO) clean
