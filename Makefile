# The README's two commands: `make run` and `make test`. Each sets itself up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE_DB := .data/sample.db
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: run test lint lock bench fidelity clean sample

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
	$(BIN)/uv pip compile pyproject.toml --extra test --extra hub --universal --generate-hashes \
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

test: $(STAMP) lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

# How many rows of the corpus of real published plans (tests/corpus) the importer reads fully right.
fidelity: $(STAMP)
	$(BIN)/python -m tests.corpus.fidelity $(ARGS)

clean:
	rm -rf $(VENV) .data
