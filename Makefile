# Two commands for a new machine: `make run` and `make test`. Only python3 (3.11+) is needed;
# the test set-up installs Debian's chromium and LibreOffice when they are missing.
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test install install-dev lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	$(BIN)/pybabel compile --statistics -d assess/translations
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pybabel compile --statistics -d assess/translations
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)
install-dev: $(STAMP_DEV)

# `make run PORT=8080` serves on another port; the demo's links follow it (or BASE_URL when set).
run: install
	PORT=$(PORT) $(BIN)/assess demo
	$(BIN)/assess run --host 127.0.0.1 --port $(PORT)

test: install-dev
	tools/ensure-test-tools
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/assess catalog lint controls/

bench: install-dev
	$(BIN)/python bench/catalog_load.py
	$(BIN)/python bench/scoring.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/vendor_page.py

clean:
	rm -rf $(VENV)
