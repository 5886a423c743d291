# Zenora: `make run` to try it, `make test` to test it. Both set up what they need first.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test audit lint format setup setup-dev clean-var check-services browser proxy

# Both lock files pin every package with its hashes: pip refuses anything else.
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/htmx.min.js: node_modules/.installed
	@mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

setup: $(VENV)/.installed static/vendor/htmx.min.js

setup-dev: $(VENV)/.installed-dev static/vendor/htmx.min.js

## make run: the app on http://127.0.0.1:$(PORT), with a worker and one beat; Ctrl-C stops all.
run: export DEBUG ?= 1
run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@exec $(PY) manage.py serve --port $(PORT)

## make test: lint, a vulnerability audit of the pinned packages, unit, integration and browser
## tests on PostgreSQL and Redis.
test: setup-dev check-services browser proxy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@$(PY) tests/audit_dependencies.py
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## make audit: only the vulnerability audit (one line when the advisory database is unreachable).
audit: setup-dev
	@$(PY) tests/audit_dependencies.py

check-services: $(VENV)/.installed
	@$(PY) tests/check_services.py

# Debian's Chromium drives the browser tests; nothing downloads a browser of its own.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests…"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)); \
	  else \
	    echo "The browser tests need Debian's Chromium: run 'sudo apt-get install chromium', then 'make test' again."; exit 1; \
	  fi; \
	fi

# Debian's nginx: the deployment tests check the shipped proxy config with it and run the
# scale-out (nginx in front of two daphnes) through it. Started by the tests, never as a service.
proxy:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's nginx for the deployment tests…"; \
	    (apt-get install -y -qq nginx >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq nginx)); \
	  else \
	    echo "The deployment tests need Debian's nginx: run 'sudo apt-get install nginx', then 'make test' again."; exit 1; \
	  fi; \
	fi

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
