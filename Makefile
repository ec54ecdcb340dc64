# Jenjang: two commands.
#   make demo   set up everything (uv, virtualenv, SQLite, demo data) and serve http://127.0.0.1:8000
#   make test   lint, then the whole test suite on SQLite and (when reachable, or when CI=true) on PostgreSQL
SHELL := /bin/bash
.DEFAULT_GOAL := demo

UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: demo setup serve test test-sqlite test-postgres lint check-deploy bench messages clean

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

setup: .venv/.synced
	$(RUN) jenjang migrate --noinput
	$(RUN) jenjang demo

serve: setup
	$(RUN) jenjang runserver $(HOST):$(PORT)

demo: serve

lint: .venv/.synced
	$(RUN) ruff check src tests bench scripts
	$(RUN) lint-imports
	$(RUN) mypy src/jenjang/domain

test-sqlite: .venv/.synced
	DATABASE_URL= $(RUN) pytest

# Runs on PostgreSQL whenever a server answers; with CI=true (or REQUIRE_POSTGRES=1) a missing server fails.
test-postgres: .venv/.synced
	@if $(RUN) python -m jenjang.config.pgcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(RUN) pytest; \
	elif [ "$${CI:-}" = "true" ] || [ "$${REQUIRE_POSTGRES:-}" = "1" ]; then \
		echo "PostgreSQL at $(PG_URL) is required but not reachable" >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(PG_URL): skipped the PostgreSQL run (CI requires it)"; \
	fi

test: lint test-sqlite test-postgres

check-deploy: .venv/.synced
	DJANGO_SETTINGS_MODULE=jenjang.config.settings.production SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
		ALLOWED_HOSTS=jenjang.example.go.id DATABASE_URL=$(PG_URL) $(RUN) jenjang check --deploy --fail-level WARNING

bench: .venv/.synced
	$(RUN) python -m bench --help

messages: .venv/.synced
	cd src/jenjang && $(abspath $(UV)) run --frozen jenjang makemessages -l en --no-obsolete --no-location --ignore 'static/*'
	cd src/jenjang && $(abspath $(UV)) run --frozen jenjang compilemessages -l en

clean:
	rm -rf var .venv .tools
