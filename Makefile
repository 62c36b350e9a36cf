# coprod: `make run` starts the system with the demo, `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run serve test check lint typecheck pytest pytest-postgres pytest-redis pytest-schema bench-import bench-load bench-faults clean

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

# gunicorn, a Celery worker and Celery beat against DATABASE_URL and CELERY_BROKER_URL (see docs/deploy.md).
serve: $(STAMP)
	bash scripts/serve.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# mypy with the Django and DRF plugins over coprod/ (settings and strictness in pyproject.toml).
typecheck: $(STAMP)
	$(VENV)/bin/mypy coprod

check: $(STAMP)
	DJANGO_SETTINGS_MODULE=coprod.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=coprod.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: $(STAMP)
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-pdf-tools.sh
	@echo "== pytest on SQLite =="
	$(VENV)/bin/pytest

# The browser tests drive pages and the phone's script, which do not change with the database: they run
# once, on SQLite, as schemathesis does.
pytest-postgres: $(STAMP)
	@bash scripts/ensure-pdf-tools.sh
	@echo "== pytest on PostgreSQL (throwaway cluster), without the browser tests =="
	bash scripts/with-postgres.sh $(VENV)/bin/pytest --ignore=tests/browser

# The tests that need a real broker and a worker process: Redis and PostgreSQL, both throwaway.
pytest-redis: $(STAMP)
	@echo "== pytest with Redis, a Celery worker and PostgreSQL (throwaway servers) =="
	COPROD_REQUIRE_SERVICES=1 bash scripts/with-postgres.sh bash scripts/with-redis.sh $(VENV)/bin/pytest tests/ops

# schemathesis against the OpenAPI schema, as a worker and as a unit manager, 60 examples per
# operation: minutes on SQLite, so it runs here once rather than in both database runs.
pytest-schema: $(STAMP)
	@echo "== schemathesis against the API schema (SQLite) =="
	env -u DATABASE_URL COPROD_SCHEMA_FUZZ=1 $(VENV)/bin/pytest tests/trust/test_api_fuzz.py

# The PostgreSQL run and schemathesis (on SQLite) share nothing, so they run side by side, one per
# core; make prints each one's output whole when it ends.
test: lint typecheck check pytest pytest-redis
	$(MAKE) --no-print-directory -j2 --output-sync=target pytest-postgres pytest-schema

bench-import: $(STAMP)
	$(PY) bench/import_england.py

bench-load: $(STAMP)
	$(PY) bench/load.py

# PostgreSQL restarted under load, then the Redis broker down for a minute while reports are asked for.
bench-faults: $(STAMP)
	$(PY) bench/fault_db_restart.py
	$(PY) bench/fault_broker_down.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .mypy_cache
