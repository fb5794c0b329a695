# The two commands: `make run` and `make test`. Both work on a fresh clone with no other step.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv installs exactly what uv.lock pins (with hashes); the stamp changes whenever the lock or pyproject.toml does.
UV := $(BIN)/uv
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml uv.lock scripts/uv-requirements.txt | sha256sum | cut -c1-12)
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
# The suite on two workers (pytest-xdist), each taking whole test modules, so that a module's shared live
# server and browser stay in one process; `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= --numprocesses 2 --dist loadfile

.PHONY: run test install lock system-deps system-test-deps lint bench bench-compare clean

run: $(STAMP) system-deps
	$(BIN)/cardapp db upgrade
	$(BIN)/cardapp decks stats
	$(BIN)/cardapp serve

test: $(STAMP) system-deps system-test-deps
	$(BIN)/ruff check cardapp tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy cardapp/domain cardapp/services
	$(BIN)/cardapp decks schema --check
	$(BIN)/cardapp i18n check
	$(BIN)/python -m compileall -q -j 0 cardapp tests >/dev/null
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(STAMP)

# uv itself comes from PyPI through pip, pinned by hash in scripts/uv-requirements.txt. --frozen: the
# lock is used as it is, never re-resolved; --inexact keeps uv and pip in the environment.
# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (it is on the machines this project is built on), Python never
# caches compiled modules, and every `cardapp serve` a test starts compiled Flask, SQLAlchemy and the
# rest again: 5-6 s per start instead of under 2 s. Python still reads .pyc files written here.
$(STAMP): pyproject.toml uv.lock scripts/uv-requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r scripts/uv-requirements.txt
	$(UV) sync --frozen --inexact --all-groups --quiet --compile-bytecode
	rm -f $(VENV)/.installed-*
	touch $@

# After a change to the dependencies in pyproject.toml: `make lock`, then commit uv.lock. To take the newest
# releases allowed: `make lock UPGRADE=1`.
lock:
	@test -x $(UV) || { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet -r scripts/uv-requirements.txt; }
	$(UV) lock $(if $(UPGRADE),--upgrade)
	echo "uv==$$($(UV) --version | cut -d' ' -f2)" | $(UV) pip compile - --generate-hashes --no-header --quiet \
		--python-version 3.11 -o scripts/uv-requirements.txt

# Pango and the DejaVu fonts, which the server's PDFs (printable cards) need, from Debian's packages, when missing.
system-deps:
	bash scripts/install-system-deps.sh

# Chromium, PostgreSQL and Redis binaries from Debian's packages, when missing.
system-test-deps:
	bash scripts/install-test-system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check cardapp tests bench

bench: $(STAMP)
	$(BIN)/python bench/idle_connections.py --connections 3000

# cardapp beside a minimal Flask-SocketIO server, pinned to cores (docs/performance.md); QUICK=1 for smaller shapes.
bench-compare: $(STAMP)
	$(BIN)/python bench/compare.py $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) instance .pytest_cache
