# Two commands do all the set-up (see README.md): `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
CHROMIUM := /usr/lib/chromium/chromium

.PHONY: run test check soak browser bench echo-model clean

run: $(VENV)/.installed
	$(VENV)/bin/workbench serve --port $(PORT)

test: $(VENV)/.installed-test browser
	$(PY) -m pytest -n 2 --dist loadgroup -q

# Long fault-injection and load variants of the reliability tests (not part of make test).
soak: $(VENV)/.installed-test browser
	$(PY) -m pytest -n 2 --dist loadgroup -q -m soak

# Static checks: lint, formatting and types (CI runs this before the tests).
check: $(VENV)/.installed-test
	$(VENV)/bin/ruff check workbench tests benchmarks
	$(VENV)/bin/ruff format --check workbench tests benchmarks
	$(VENV)/bin/mypy

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# Debian's Chromium for the real-browser tests (Playwright never downloads a browser here).
browser:
	@test -x $(CHROMIUM) || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

# Speed figures (not tests), one table: engine vs argostranslate, glossary overhead, first
# rows, Add term, many articles, concurrent sessions, edit-save, translation
# memory, the editor (benchmarks/bench_all.py).
bench: $(VENV)/.installed-test browser
	$(PY) benchmarks/bench_all.py

# A German->English "echo" package (copies its input) to try the app without the real model.
echo-model: $(VENV)/.installed
	$(PY) -m workbench.testmodels echo build/echo-de_en.argosmodel

clean:
	rm -rf $(VENV) build .pytest_cache
