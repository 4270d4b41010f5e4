# RSE: `make run` to try it, `make test` to check it. Only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format messages bench clean

# Installer chatter stays out of a newcomer's way (-qq still shows errors).
PIP := $(PY) -m pip install -qq --disable-pip-version-check

$(STAMP): pyproject.toml
	@echo "Installing RSE and what it needs into $(VENV) (the first time takes a minute or two)..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip
	@$(PIP) -e '.[dev]'
	@touch $(STAMP)

# Anyone at these demo domains may sign up while trying RSE (RSE_SIGNUP_DOMAINS overrides).
run: export RSE_SIGNUP_DOMAINS ?= example.com,demo.rse.test
run: export RSE_DEBUG = 1
run: $(STAMP)
	@echo "Preparing the database and the demo company..."
	@$(PY) manage.py migrate --noinput -v0
	@echo
	@$(PY) manage.py demo -v0
	@echo "RSE is running on http://$(HOST):$(PORT)/  (Ctrl+C to stop; mail it sends is in var/mail/)"
	@$(PY) -m rse.serve --host $(HOST) --port $(PORT) --no-access-log --log-level warning

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-extract the French catalogue after changing strings (needs GNU gettext).
messages: $(STAMP)
	$(PY) manage.py makemessages -l fr --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=bench
	$(PY) manage.py compilemessages -l fr --ignore=.venv

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) var
