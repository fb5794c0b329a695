# The two commands: `make run` and `make test`. Both work on a fresh clone with no other step.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: run test install system-test-deps lint bench clean

run: $(STAMP)
	$(BIN)/cardapp db upgrade
	$(BIN)/cardapp decks stats
	$(BIN)/cardapp serve

test: $(STAMP) system-test-deps
	$(BIN)/ruff check cardapp tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy cardapp/domain cardapp/services
	$(BIN)/cardapp decks schema --check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e . --group dev
	rm -f $(VENV)/.installed-*
	touch $@

# Chromium, PostgreSQL and Redis binaries from Debian's packages, when missing.
system-test-deps:
	bash scripts/install-test-system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check cardapp tests bench

bench: $(STAMP)
	$(BIN)/python bench/idle_connections.py --connections 3000

clean:
	rm -rf $(VENV) instance .pytest_cache
