# Each target sets up what it needs in .venv (a hidden folder, so Sphinx ignores it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: book student test serve benchmark clean assignments

## book: build the website into _build/html (re-runs only chapters that changed)
book: $(VENV)/.book
	$(BIN)/jupyter-book build -W -n --keep-going .

## student: the student edition (every solution left out) into _build/student/_build/html;
## it starts from the executed chapters of `make book` when they exist
student: $(VENV)/.book
	@if [ -d _build/.jupyter_cache ] && [ ! -d _build/student/_build/.jupyter_cache ]; then \
	  mkdir -p _build/student/_build && cp -r _build/.jupyter_cache _build/student/_build/; fi
	ORIGAMI_EDITION=student $(BIN)/jupyter-book build -W -n --keep-going . --path-output _build/student

## assignments: otter-grader student notebooks and autograder zips (Gradescope-compatible) for every
## teaching chapter into _build/assignments/<chapter>/, and the graders' rubrics as _build/assignments/rubrics.csv
assignments: $(VENV)/.test
	$(BIN)/python -m origami.assignments _toc.yml _build/assignments

## test: the whole test suite, including a strict build of the book from an empty cache
test: $(VENV)/.test
	$(BIN)/python -m pytest

## serve: preview the built book at http://127.0.0.1:$(PORT)
serve:
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## benchmark: time the exact regions against regioncam and grid sampling (2-D), and against
## affinitree in 3 to 6 dimensions
benchmark: $(VENV)/.test
	$(BIN)/python benchmarks/bench_regions.py
	$(BIN)/python benchmarks/bench_regions_nd.py

clean:
	rm -rf _build

$(VENV)/.book: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: $(VENV)/.book requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@
