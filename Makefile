# vchain: `make demo` and `make test` work on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := examples/tomato-soup.chain.yaml

.PHONY: help install lock dot chromium demo test test-fast lint bench schema docs clean

help: ## List what this Makefile can do
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

LOCK := requirements.lock

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "vchain needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
	  --no-build-isolation -e .
	@touch $(STAMP)

lock: ## Refresh requirements.lock: the newest versions pyproject.toml allows, pinned
	@rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade \
	  pip setuptools wheel
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@{ echo "# The exact versions that make install, demo, test and CI use (every dependency,"; \
	   echo "# dev tools and the build backend included). Made by 'make lock' from the ranges"; \
	   echo "# in pyproject.toml; refresh it with 'make lock' and commit it with the change."; \
	   .lock-venv/bin/python -m pip freeze --all --exclude-editable --disable-pip-version-check \
	     | LC_ALL=C sort -f; } > $(LOCK)
	@rm -rf .lock-venv
	@echo "$(LOCK): $$(grep -vc '^#' $(LOCK)) packages pinned"

install: $(STAMP) dot chromium ## Create .venv and install vchain with its dev tools (Graphviz, Chromium)

dot: ## Install Graphviz's `dot` with apt-get when it is missing and we are root
	@if command -v dot >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Graphviz (dot) with apt-get..."; \
	  (apt-get install -y -qq graphviz >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null && apt-get install -y -qq graphviz >/dev/null)) && \
	  echo "Graphviz installed: $$(dot -V 2>&1)"; \
	else \
	  echo "Graphviz's dot is missing. Install it: 'sudo apt-get install graphviz'" \
	       "(Debian/Ubuntu), 'brew install graphviz' (macOS) or see https://graphviz.org/download/"; \
	  exit 1; \
	fi

chromium: ## Install Chromium (for the report's browser tests) with apt-get when missing and root
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Chromium with apt-get (for the report's browser tests)..."; \
	  (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null)) && \
	  echo "Chromium installed: $$(chromium --version 2>&1)" || \
	  echo "Chromium could not be installed: the report's browser tests will be skipped"; \
	else \
	  echo "Chromium is missing: the report's browser tests will be skipped. Install it:" \
	       "'sudo apt-get install chromium' (Debian/Ubuntu)"; \
	fi

demo: install ## Validate, analyze, rank, map and report the tomato soup example
	$(BIN)/vchain validate $(EXAMPLE) || true
	$(BIN)/vchain analyze $(EXAMPLE) || true
	$(BIN)/vchain leverage $(EXAMPLE) --top 5 || true
	$(BIN)/vchain map $(EXAMPLE) --out map.svg --leverage 5
	$(BIN)/vchain report $(EXAMPLE) -o report.html
	@echo "Open report.html (the whole chain for a partners' meeting: numbers, map, leverage points," \
	  "investment table, capitals, indicators, partner briefs) and map.svg"

lint: $(STAMP) ## ruff and mypy (strict on src/), and the import layers
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install lint ## Lint, then the whole test suite
	$(BIN)/python -m pytest -q

test-fast: $(STAMP) ## The test suite without lint
	$(BIN)/python -m pytest -q -x

bench: install ## Time validate, analyze, leverage and map on synthetic chains
	$(BIN)/python benchmarks/run.py

schema: $(STAMP) ## Regenerate schemas/chain.schema.json
	$(BIN)/vchain schema -o schemas/chain.schema.json

docs: install ## Regenerate docs/ (rules reference, example maps)
	$(BIN)/vchain rules --format markdown -o docs/rules.md
	$(BIN)/python -m vchain.render.docs

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist src/*.egg-info
