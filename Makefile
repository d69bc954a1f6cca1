# Co-produce: `make run` and `make test` do all set-up on a fresh machine.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := COPRODUCE_ENV=$${COPRODUCE_ENV:-development} $(BIN)/flask --app coproduce
PORT := $${FLASK_RUN_PORT:-5000}

.PHONY: help run test lint install install-test assets translations db demo babel-extract bench clean

help: ## Show this list of commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-15s %s\n", $$1, $$2}'

$(BIN)/flask: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/flask ## Create .venv and install the application

$(VENV)/.test-deps: $(BIN)/flask pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install-test: $(VENV)/.test-deps ## Install what the tests need

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.package-lock.json ## Compile GOV.UK Frontend and our Sass into static/dist/
	node static/build.mjs

translations: $(BIN)/flask ## Compile the Welsh message catalogue
	$(BIN)/pybabel compile -d coproduce/translations --statistics

db: $(BIN)/flask ## Bring the database schema up to date
	$(FLASK) db upgrade

demo: db ## Load the fictional Glanmôr demo data
	$(FLASK) demo

run: install assets translations db ## Set up everything and serve at http://127.0.0.1:5000 (FLASK_RUN_PORT to change)
	$(FLASK) demo-if-empty
	@echo "Serving on http://127.0.0.1:$(PORT)/"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install-test assets translations ## Install test dependencies and run the whole suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install ## Measure speed and load at national scale (~9 min; not part of test): bench/results.md
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then \
			echo "--- installing Debian's wrk"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "make bench needs wrk: sudo apt-get install wrk"; exit 1; \
		fi; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: install-test ## Check the code with ruff
	$(BIN)/ruff check coproduce tests

babel-extract: install ## Gather translatable strings into the Welsh catalogue
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o coproduce/translations/messages.pot .
	$(BIN)/pybabel update -i coproduce/translations/messages.pot -d coproduce/translations -N

clean: ## Remove build output (not the database)
	rm -rf static/dist node_modules $(VENV)
