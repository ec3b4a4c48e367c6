# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: setup db run serve serve-stop nginx postgres test unit lint format check browser bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(STAMP)

# Builds data/lkjip.duckdb (or $$LKJIP_DB) when it is missing or older than data/ and lkjip/.
db: setup
	$(BIN)/python -m lkjip build --if-stale

run: db
	$(BIN)/python -m streamlit run app.py --browser.gatherUsageStats false

# The production front (README "Server produksi"): nginx on $(PORT) in front of $(REPLIKA) replicas (default: one per
# core, 1-4); logs, pid files and the generated nginx.conf in $(RUN). LKJIP_HEADER_PENGGUNA names an outer proxy's
# user header (trusted from 127.0.0.1 only). PG=lokal: PostgreSQL as the system of record, a server of our own in
# $(RUN)/pg filled from the database file when new (PG=postgresql://...: that server).
PORT ?= 8080
REPLIKA ?=
RUN ?= .run
serve: db nginx $(if $(PG),postgres)
	$(BIN)/python -m lkjip.depan serve --run $(RUN) --port $(PORT) $(if $(REPLIKA),--replika $(REPLIKA)) \
	  $(if $(LKJIP_HEADER_PENGGUNA),--header-pengguna $(LKJIP_HEADER_PENGGUNA)) $(if $(PG),--pg $(PG))

serve-stop:
	$(BIN)/python -m lkjip.depan serve-stop --run $(RUN)

# Debian's nginx for `make serve` and its tests, like Chromium below
nginx:
	@if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then \
	  echo "nginx: $$(command -v nginx || echo /usr/sbin/nginx)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Memasang nginx dari Debian ..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) \
	    || echo "!!!!!!!! PERINGATAN: pemasangan nginx gagal; uji server produksi akan dilewati (gagal bila CI=true)."; \
	else \
	  echo "!!!!!!!! PERINGATAN: nginx tidak ada dan tidak dapat dipasang (perlu root dan apt-get)."; \
	  echo "!!!!!!!! Uji server produksi DILEWATI. Di CI (CI=true) hal ini adalah kegagalan."; \
	fi

# Debian's PostgreSQL server for the PostgreSQL back end's tests (issue 18); the tests start their own cluster
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "PostgreSQL: $$(ls -d /usr/lib/postgresql/*/bin | tail -1)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Memasang PostgreSQL dari Debian ..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	    || echo "!!!!!!!! PERINGATAN: pemasangan PostgreSQL gagal; uji PostgreSQL akan dilewati (gagal bila CI=true)."; \
	else \
	  echo "!!!!!!!! PERINGATAN: PostgreSQL tidak ada dan tidak dapat dipasang (perlu root dan apt-get)."; \
	  echo "!!!!!!!! Uji PostgreSQL DILEWATI. Di CI (CI=true) hal ini adalah kegagalan."; \
	fi

# Debian's Chromium for the browser tests; never `playwright install` (it cannot download here).
browser:
	@if [ -x "$(CHROMIUM)" ]; then \
	  echo "Chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Memasang Chromium dari Debian ..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "!!!!!!!! PERINGATAN: pemasangan Chromium gagal; uji browser akan dilewati (gagal bila CI=true)."; \
	else \
	  echo "!!!!!!!! PERINGATAN: Chromium tidak ada di $(CHROMIUM) dan tidak dapat dipasang (perlu root dan apt-get)."; \
	  echo "!!!!!!!! Uji browser DILEWATI. Di CI (CI=true) hal ini adalah kegagalan."; \
	fi

lint: setup
	$(BIN)/ruff check lkjip pages app.py tests
	$(BIN)/ruff format --check lkjip pages app.py tests

format: setup
	$(BIN)/ruff format lkjip pages app.py tests
	$(BIN)/ruff check --fix lkjip pages app.py tests

# One command checks everything: lint, format, then every test (unit, data, app, browser).
test: setup browser nginx postgres lint
	$(BIN)/python -m pytest

unit: setup
	$(BIN)/python -m pytest tests/unit tests/data

# Speed and memory as the data grows: real data and synthetic 100, 1.000 and 7.300 kecamatan (built once into
# $$LKJIP_BENCH_DIR, default /tmp/lkjip-bench; LKJIP_BENCH_SIZES=nyata,100 for fewer). Results: tests/bench/hasil.md.
bench: setup browser nginx postgres db
	$(BIN)/python tests/bench/bench.py
	LKJIP_BENCH_DB=$${LKJIP_BENCH_DB:-$${LKJIP_BENCH_DIR:-/tmp/lkjip-bench}/sintetis_7300.duckdb} \
	  $(BIN)/python tests/bench/depan.py
	LKJIP_BENCH_DB=$${LKJIP_BENCH_DB:-$${LKJIP_BENCH_DIR:-/tmp/lkjip-bench}/sintetis_7300.duckdb} \
	  $(BIN)/python tests/bench/pg.py

check: db
	$(BIN)/python -m lkjip check

clean:
	rm -rf $(VENV) data/lkjip.duckdb test-artifacts .pytest_cache .ruff_cache
