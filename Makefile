# The two commands: `make book` and `make test`. Both create .venv from requirements.txt when missing.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
DATA   ?= data
JOBS   ?= 0

.PHONY: book test venv validate check bench clean baseline

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 2; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

## Build the book from $(DATA): execute changed notebooks into book/, then the HTML in _build/html.
book: venv
	$(PY) -m ipbook build --data $(DATA) --jobs $(JOBS)

## Every test: the linter, unit and property tests, nbval over book/, the browser test.
test: venv
	$(VENV)/bin/ruff check ipbook tests bench scripts
	$(PY) -m pytest

validate: venv
	$(PY) -m ipbook validate $(DATA)

check: venv
	$(PY) -m ipbook check $(DATA)

## Benchmarks (figures, never pass/fail): writes bench/results.md.
bench: venv
	$(PY) bench/run.py

clean:
	rm -rf _build
