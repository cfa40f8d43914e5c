# shop-segments. Two commands set everything up on a fresh machine:
#   make run   - virtualenv + pinned deps, build the demo warehouse, write the segment exports
#   make test  - everything CI checks (lint, generated-files check, dbt build, pytest)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
PYTHON ?= python3
VENV := $(ROOT)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements.stamp
# The as-of date CI and `make test` pin, so results never depend on the day they run.
TEST_AS_OF ?= 2026-06-30
TEST_DIR := $(ROOT)/target/test-run

export SHOP_SEGMENTS_HOME := $(ROOT)
export DBT_PROFILES_DIR := $(ROOT)
export DBT_PROJECT_DIR := $(ROOT)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: setup run build publish export serve test lint docs generate preview clean help

help:
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

setup: $(STAMP) ## create .venv with the pinned dependencies (idempotent)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -c "import site, pathlib; pathlib.Path(site.getsitepackages()[0], 'shop_segments_env.pth').write_text(\"import os; os.environ.setdefault('SHOP_SEGMENTS_HOME', '$(ROOT)'); os.environ.setdefault('DBT_PROFILES_DIR', '$(ROOT)')\\n\")"
	touch $(STAMP)

# The BI copy (docs/bi.md) is published only after a successful build (the recipe stops at the
# first failure) and only for DuckDB targets.
build: setup ## dbt build of the demo shop into warehouse/shop_segments.duckdb, then publish the BI copy
	mkdir -p $(ROOT)/warehouse
	$(BIN)/dbt build
	if [ "$${DBT_TARGET:-duckdb}" = duckdb ]; then $(BIN)/python scripts/publish_serving.py; fi

publish: setup ## copy the marts and segment tables to warehouse/serving.duckdb for BI (atomic swap)
	$(BIN)/python scripts/publish_serving.py

export: setup ## snapshot every segment and write its CSVs (all four formats) + manifest into exports/
	$(BIN)/python scripts/export_segments.py --all --format standard,mailchimp,meta,google --wait 120

run: build export ## set up, build the demo warehouse and write the exports

serve: setup ## serve the latest export of each segment on 127.0.0.1:8765 (tokens: see docs/serving.md)
	$(BIN)/python scripts/serve_segments.py

lint: setup ## sqlfluff on models and macros, ruff on Python
	$(BIN)/sqlfluff lint --processes 2 models macros tests
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests

generate: setup ## regenerate segment models from segments.yml and the input contract doc's tables
	$(BIN)/python scripts/generate_segments.py
	$(BIN)/python scripts/generate_input_contract.py

preview: setup ## size, share and overlap of a definition on the built warehouse: NAME=<segment> or FILE=<yaml>
	$(BIN)/python scripts/preview_segment.py $(if $(NAME),--name '$(NAME)',) $(if $(FILE),'$(FILE)',)

docs: setup ## dbt docs generate into target/
	mkdir -p $(ROOT)/warehouse
	$(BIN)/dbt docs generate

test: setup lint ## everything CI checks
	$(BIN)/python scripts/generate_segments.py --check
	$(BIN)/python scripts/generate_input_contract.py --check
	rm -rf $(TEST_DIR) && mkdir -p $(TEST_DIR)
	DUCKDB_PATH=$(TEST_DIR)/ci.duckdb $(BIN)/dbt build --vars '{as_of_date: "$(TEST_AS_OF)"}' --target-path $(TEST_DIR)/target
	DUCKDB_PATH=$(TEST_DIR)/ci.duckdb $(BIN)/dbt docs generate --vars '{as_of_date: "$(TEST_AS_OF)"}' --target-path $(TEST_DIR)/target
	$(BIN)/python -m pytest -q tests

clean: ## remove build output (not .venv, not exports)
	rm -rf target logs warehouse/duckdb_tmp
