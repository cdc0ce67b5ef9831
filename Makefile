# Win-Loss Studio. `make run` opens the app on the demo program; `make test`
# runs the test suite. Both set up what they need first (see `make help`).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.NOTPARALLEL:
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.setup-done
# Debian packages `make test` makes sure of (scripts/system-deps.sh profiles):
# `ci` adds PostgreSQL so its tests run; TEST_DEPS=qt skips it (they are skipped).
TEST_DEPS ?= ci
PYTEST_ARGS ?=
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup run check-display screenshot test bench clean

help:
	@echo "make run         set up, then open the app on the demo program"
	@echo "make test        set up, then run the test suite (.venv/bin/python -m pytest)"
	@echo "make screenshot  set up, then write the gallery: one PNG per area and main dialog of the demo into docs/ (no display needed)"
	@echo "make bench       set up, then run the benchmarks (benchmarks/run.py)"
	@echo "make setup       Qt's Debian libraries, .venv and the project with its test extras"
	@echo "make clean       remove .venv"

setup: $(STAMP)

# Redone only when pyproject.toml (or the list of system packages) changes.
$(STAMP): pyproject.toml scripts/system-deps.sh
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  found=$$($(PYTHON) --version 2>&1) || found="no working $(PYTHON)"; \
	  echo "make setup: Win-Loss Studio needs Python 3.11 or newer as '$(PYTHON)'; found: $$found." >&2; \
	  echo "make setup: on Debian 12: sudo apt-get install python3 python3-venv (or: make PYTHON=/path/to/python3.11 ...)" >&2; \
	  exit 1; }
	scripts/system-deps.sh qt
	@if [ ! -x $(VENV)/bin/python ] || ! $(VENV)/bin/python -m pip --version >/dev/null 2>&1; then \
	  rm -rf $(VENV); \
	  echo "$(PYTHON) -m venv $(VENV)"; \
	  if ! $(PYTHON) -m venv $(VENV) >/dev/null 2>&1; then \
	    rm -rf $(VENV); \
	    echo "make setup: '$(PYTHON) -m venv' failed; on Debian it needs the python3-venv package." >&2; \
	    scripts/system-deps.sh venv; \
	    $(PYTHON) -m venv $(VENV); \
	  fi; \
	fi
	@# Editable installs from pyproject.toml need pip 21.3 or newer.
	@$(VENV)/bin/python -c 'import pip, sys; sys.exit(tuple(map(int, pip.__version__.split(".")[:2])) < (21, 3))' \
	  || $(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q --progress-bar off -e '.[test]'
	@touch $@

check-display:
	@if [ "$$(uname -s)" = Linux ] && [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}$${QT_QPA_PLATFORM:-}" ]; then \
	  echo "make run: there is no display here; try 'xvfb-run -a make run' (needs: scripts/system-deps.sh window) or 'make screenshot'." >&2; \
	  exit 1; fi

run: check-display setup
	scripts/system-deps.sh desktop
	$(VENV)/bin/winloss --demo

screenshot: setup
	$(VENV)/bin/python scripts/gallery.py docs

test: setup
	scripts/system-deps.sh $(TEST_DEPS)
	$(VENV)/bin/python -m pytest$(if $(PYTEST_ARGS), $(PYTEST_ARGS))

bench: setup
	$(VENV)/bin/python benchmarks/run.py

clean:
	rm -rf $(VENV) *.egg-info
