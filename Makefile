VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CLIENTS := tests/clients/node_modules/.installed

.PHONY: run test lint bench bench-gateway soak fmt

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The real coding clients the end-to-end tests drive (Claude Code, Codex CLI, Continue CLI).
$(CLIENTS): tests/clients/package.json tests/clients/package-lock.json
	cd tests/clients && npm ci --no-audit --no-fund --loglevel=error
	touch $(CLIENTS)

run: $(STAMP)
	$(VENV)/bin/veil serve

test: $(STAMP) $(CLIENTS)
	$(PY) -m pytest -n 2 -q

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy && $(VENV)/bin/veil scan --baseline .veil-baseline .

fmt: $(STAMP)
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]' && $(PY) bench/scan_bench.py $(ARGS)

bench-gateway: $(STAMP)
	$(PY) bench/gateway_bench.py $(ARGS)

# 10 minutes at 32 connections over every route; ARGS="--minutes 1" for a short one.
soak: $(STAMP)
	$(PY) bench/soak.py $(ARGS)
