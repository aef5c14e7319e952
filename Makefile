# The targets the README names. Every recipe runs in bash with -e -u -o pipefail, so a failing
# command stops the target; each target can be run again safely.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Written once the project and its test dependencies are installed; pyproject.toml being
# newer than it means the dependencies changed and must be installed again.
INSTALLED := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
DEV := DJANGO_SETTINGS_MODULE=hubsite.settings.dev
# pytest-xdist workers for `make test` (JOBS=0 runs in one process), and extra pytest
# arguments, e.g. `make test PYTEST_ARGS="tests/hubsite -x"`; the rest lives in pyproject.toml.
JOBS ?= 2
PYTEST_ARGS ?=

.PHONY: help install chromium run test lint bench

help:
	@echo "make run    install, load the demo data and serve the site at http://127.0.0.1:8000"
	@echo "make test   install (with Chromium) and run the whole test suite"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make bench  run every benchmark in bench/"

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	@if [ ! -x $(PY) ]; then \
	  echo "Creating $(VENV)"; \
	  if ! $(PYTHON) -m venv $(VENV); then \
	    rm -rf $(VENV); \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	      echo "python3 -m venv needs Debian's python3-venv: installing it"; \
	      apt-get update -qq; \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	      $(PYTHON) -m venv $(VENV); \
	    else \
	      echo "Cannot create $(VENV): install python3-venv (apt-get install python3-venv)." >&2; \
	      exit 1; \
	    fi; \
	  fi; \
	fi
	@echo "Installing Python dependencies into $(VENV)"
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium"; \
	    apt-get update -qq; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "$(CHROMIUM) is missing: run 'sudo apt-get install chromium'," \
	      "or set MAILLAGE_SKIP_BROWSER=1 to skip the browser tests." >&2; \
	  fi; \
	fi

run: $(INSTALLED)
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py setup_portal
	$(DEV) $(PY) manage.py load_territories
	$(DEV) $(PY) manage.py load_demo
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

# DATABASE_URL, when set, is passed through: the suite then runs on PostgreSQL.
test: $(INSTALLED) chromium
	$(VENV)/bin/pytest -n $(JOBS) $(PYTEST_ARGS)

# Both checks run, so that one pass reports everything.
lint: $(INSTALLED)
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	exit $$status

# Every script in bench/ but common.py, the benchmarks' shared set-up.
bench: $(INSTALLED)
	@for script in bench/*.py; do \
	  [ "$$script" = bench/common.py ] && continue; \
	  echo "== $$script"; \
	  $(PY) "$$script"; \
	done
