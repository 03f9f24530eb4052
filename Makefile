# The two commands of the README work on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
MANIFEST := dbt/target/manifest.json

.PHONY: install manifest demo test screenshot dev bench bench-ingest lint format clean

$(BIN)/.installed: setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# dbt's manifest is a build artefact: parsed here, never committed or prepared by hand.
$(MANIFEST): $(BIN)/.installed $(shell find dbt/models dbt/macros -type f) dbt/dbt_project.yml dbt/profiles.yml
	cd dbt && ../$(BIN)/dbt parse --profiles-dir . --quiet
	touch $@

manifest: $(MANIFEST)

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

demo: manifest $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/aivo demo

test: manifest
	$(BIN)/python -m aivo_assets_tests.system_deps
	$(BIN)/pytest -n 2 --dist loadfile

# Refresh docs/img/lineage.png from the browser test (a plain `make test` leaves docs/ alone).
screenshot: manifest
	$(BIN)/python -m aivo_assets_tests.system_deps
	REFRESH_LINEAGE_SCREENSHOT=1 $(BIN)/pytest aivo_assets_tests/test_dagster_ui.py -k browser

dev: manifest $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml

bench: manifest $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python benches/run.py

# aivo ingest vs. a bare confluent-kafka JSON consumer on ~200k events (local tansu broker).
bench-ingest: $(BIN)/.installed
	$(BIN)/python benches/ingest_throughput.py

lint:
	$(BIN)/ruff check aivo_assets aivo_assets_tests benches
	$(BIN)/ruff format --check aivo_assets aivo_assets_tests benches

format:
	$(BIN)/ruff format aivo_assets aivo_assets_tests benches
	$(BIN)/ruff check --fix aivo_assets aivo_assets_tests benches

clean:
	rm -rf data .dagster_home dbt/target dbt/logs
