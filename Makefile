# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export QT_API := pyside6

.PHONY: run test lint bench screenshot icons install-desktop uninstall-desktop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per set of extras, redone when pyproject.toml changes.
$(VENV)/.app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

$(VENV)/.bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	# torch is optional: the benchmarks skip what is not installed.
	-$(BIN)/python -m pip install --quiet "torch==2.13.0"
	touch $@

run: $(VENV)/.app
	$(BIN)/python -m playground

test: $(VENV)/.test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# ruff (pyflakes, bugbear, import order), import-linter's contracts (pyproject.toml), mypy on engine/ and the model.
lint: $(VENV)/.test
	$(BIN)/ruff check engine playground tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(VENV)/.bench
	$(BIN)/python benchmarks/run_all.py

screenshot: $(VENV)/.test
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshot.py all

# The icon's PNG sizes from its SVG (commit them).
icons: $(VENV)/.app
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/render_icons.py

# Per user, no root: the launcher entry (running this clone's venv), the icon, the session MIME type.
install-desktop: $(VENV)/.app
	$(BIN)/python -m playground.desktop install --exec "$(abspath $(BIN))/micrograd-playground"

uninstall-desktop:
	$(PYTHON) -m playground.desktop uninstall

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
