# The README's two commands: `make run` and `make test`. Each sets itself up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE_DB := .data/sample.db
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: run test lint lock bench fidelity clean sample report-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs are reproducible: the exact versions (and hashes) of requirements.lock, then ragtrack
# itself. pyproject.toml keeps the ranges for people installing the package; `make lock`
# re-resolves the lock from them.
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra pdf --extra hub --universal --generate-hashes \
		--python-version 3.11 --quiet -o requirements.lock

$(SAMPLE_DB): | $(STAMP)
	mkdir -p .data
	$(BIN)/ragtrack --db $(SAMPLE_DB) import samples/*.txt

sample: $(SAMPLE_DB)

run: $(STAMP) $(SAMPLE_DB)
	$(BIN)/ragtrack --db $(SAMPLE_DB)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# What the report tests need from the system: Chromium (axe-core checks the HTML report), Pango
# (WeasyPrint's PDF) and fonts metric-compatible with Arial. Installed from Debian's packages when
# running as root (as CI does); elsewhere the tests that need them skip and say what is missing.
REPORT_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation
report-packages:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ! dpkg -s $(REPORT_PACKAGES) >/dev/null 2>&1; then \
		echo "Installing $(REPORT_PACKAGES) for the report tests"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			$(REPORT_PACKAGES); } >/dev/null 2>&1 || echo "Could not install them: the browser and PDF report tests will skip"; \
	fi

test: $(STAMP) lint report-packages
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

# A long randomized run of many laptops syncing while things go wrong (kills, damaged files, clock
# skew, restores, clones); not part of `make test`. SOAK_MINUTES=30 by default.
soak: $(STAMP)
	$(BIN)/python bench/soak.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# How many rows of the corpus of real published plans (tests/corpus) the importer reads fully right.
fidelity: $(STAMP)
	$(BIN)/python -m tests.corpus.fidelity $(ARGS)

clean:
	rm -rf $(VENV) .data
