# coprod: `make run` starts the system with the demo, `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check lint pytest pytest-postgres bench-import clean

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --requirement requirements.txt
	@touch $(STAMP)

run: $(STAMP)
	@bash scripts/ensure-pdf-tools.sh
	DEBUG=true $(PY) manage.py migrate --verbosity 0
	DEBUG=true $(PY) manage.py load_demo
	@echo "coprod is at http://127.0.0.1:8000/ (stop with Ctrl+C)"
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check: $(STAMP)
	DJANGO_SETTINGS_MODULE=coprod.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=coprod.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: $(STAMP)
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-pdf-tools.sh
	@echo "== pytest on SQLite =="
	$(VENV)/bin/pytest

pytest-postgres: $(STAMP)
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-pdf-tools.sh
	@echo "== pytest on PostgreSQL (throwaway cluster) =="
	bash scripts/with-postgres.sh $(VENV)/bin/pytest

test: lint check pytest pytest-postgres

bench-import: $(STAMP)
	$(PY) bench/import_england.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
