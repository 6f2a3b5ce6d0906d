# One task runner. `make run` and `make test` are the README's two commands;
# both create .venv and install the pinned lock file on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install chromium postgresql run test lint fix bench lock clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Oversight needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	touch $(STAMP)

# The browser test drives Debian's chromium; install it where it is missing.
chromium:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the browser test"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The shared-store tests start a throwaway cluster of Debian's postgresql.
postgresql:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		echo "installing Debian's postgresql for the shared-store tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

PORT ?= 8501

# `oversight serve` seeds a first start with the demo and loads what the pages
# import before the server listens, so the first page does not wait for either.
run: install
	$(BIN)/oversight serve --port $(PORT)

# The whole suite on each store: the embedded DuckDB, then PostgreSQL.
test: install chromium postgresql
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto
	$(BIN)/python -m pytest -n auto --store=postgresql

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fix: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install chromium
	@for f in bench/[!_]*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# Re-pin every dependency (needs network to PyPI).
lock: install
	$(PIP) install uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--no-header --output-file requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
