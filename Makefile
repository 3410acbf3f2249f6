# The two commands of the README's Quick start are `make demo` and `make test`.
# Everything installs into .venv (Python) and frontend/node_modules (Node): nothing global.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CATALOG := $(BIN)/catalog
DATA_DIR ?= instance
RUN := CATALOG_DATA_DIR=$(DATA_DIR) $(CATALOG)

.PHONY: demo serve test test-backend test-frontend test-e2e lint typecheck api-types check-api-types bench clean

## Start the catalog with its demo content on http://127.0.0.1:5000 (installs on first run).
demo: $(BIN)/.installed frontend/dist/index.html $(DATA_DIR)/.demo-loaded
	$(RUN) serve --host 127.0.0.1 --port 5000

serve: $(BIN)/.installed frontend/dist/index.html
	$(RUN) serve

## Install what the tests need and run the whole suite.
test: test-backend test-frontend check-api-types test-e2e

test-backend: $(BIN)/.installed-test
	$(BIN)/pytest -q --ignore=tests/e2e

## Browser tests: Debian's Chromium (apt-get install chromium) against a real server; skipped
## without Chromium unless CATALOG_TEST_REQUIRE_BROWSER=1. Screenshots: tests/e2e/artifacts/.
test-e2e: $(BIN)/.installed-test frontend/dist/index.html
	$(BIN)/pytest -q tests/e2e

test-frontend: frontend/node_modules/.installed
	cd frontend && npm run typecheck && npm test

lint: $(BIN)/.installed-test frontend/node_modules/.installed
	$(BIN)/ruff check catalog tests migrations bench
	$(BIN)/ruff format --check catalog tests migrations bench
	$(BIN)/mypy

## The front end's types come from the OpenAPI document; this proves they are current.
check-api-types: $(BIN)/.installed frontend/node_modules/.installed
	@tmp=$$(mktemp -d) && CATALOG_DATA_DIR=$$tmp $(CATALOG) openapi --output $$tmp/openapi.json \
	  && if ! cmp -s $$tmp/openapi.json frontend/openapi.json; then \
	    echo "frontend/openapi.json is out of date: run 'make api-types' and commit the result"; \
	    rm -rf $$tmp; exit 1; fi; rm -rf $$tmp; echo "API types are current."

api-types: $(BIN)/.installed frontend/node_modules/.installed
	@tmp=$$(mktemp -d) && CATALOG_DATA_DIR=$$tmp $(CATALOG) openapi --output frontend/openapi.json; rm -rf $$tmp
	cd frontend && npm run gen:api

bench: $(BIN)/.installed-test
	$(BIN)/python bench/run.py

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
	  || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(BIN)/.installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(BIN)/.installed-test: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(shell find frontend/src -type f 2>/dev/null) frontend/index.html
	cd frontend && npm run build

$(DATA_DIR)/.demo-loaded: $(BIN)/.installed
	$(RUN) demo
	@touch $@

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
