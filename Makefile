# RSE: `make run` to try it, `make test` to check it. Only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Anyone at these demo domains may sign up while trying RSE (RSE_SIGNUP_DOMAINS overrides).
run: export RSE_SIGNUP_DOMAINS ?= example.com,demo.rse.test
run: $(STAMP)
	RSE_DEBUG=1 $(PY) manage.py migrate --noinput -v0
	RSE_DEBUG=1 $(PY) manage.py demo
	@echo "Serving RSE on http://$(HOST):$(PORT)/ (HTTP and WebSocket). Ctrl+C to stop."
	@echo "Mail sent by RSE is written to var/mail/."
	RSE_DEBUG=1 $(PY) -m rse.serve --host $(HOST) --port $(PORT) --no-access-log

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
