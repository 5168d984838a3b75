# Each target sets up what it needs in .venv (a hidden folder, so Sphinx ignores it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: book student pdf student-repository student-bundle assignments test serve benchmark clean

## book: build the website into _build/html (re-runs only chapters that changed)
book: $(VENV)/.book
	$(BIN)/jupyter-book build -W -n --keep-going .

## student: the student edition (no solutions, no instructors page, no route to the full
## repository) into _build/student/_build/html; it starts from the executed chapters of
## `make book` when they exist. REPOSITORY=https://github.com/ORG/NAME names the repository
## its launch and GitHub buttons open (the one `make student-repository` exports); without
## it the edition has no launch or repository buttons.
REPOSITORY ?=
student: $(VENV)/.book
	@if [ -d _build/.jupyter_cache ] && [ ! -d _build/student/_build/.jupyter_cache ]; then \
	  mkdir -p _build/student/_build && cp -r _build/.jupyter_cache _build/student/_build/; fi
	ORIGAMI_EDITION=student ORIGAMI_REPOSITORY="$(REPOSITORY)" \
	  $(BIN)/jupyter-book build -W -n --keep-going . --path-output _build/student

## pdf: the PDF edition, _build/pdf/book.pdf (EDITION=student: the student edition, from
## `make student`, _build/pdf/book-student.pdf): Chromium (/usr/bin/chromium) prints the built
## site as one document (book/_ext/pdf_edition.py); a copy goes to the site's root, where the
## footer of every page links it
EDITION ?= full
PDF_SITE = $(if $(filter student,$(EDITION)),_build/student/_build/html,_build/html)
PDF_NAME = $(if $(filter student,$(EDITION)),book-student.pdf,book.pdf)
pdf: $(VENV)/.test
	$(MAKE) $(if $(filter student,$(EDITION)),student,book)
	$(BIN)/python book/_ext/pdf_edition.py $(PDF_SITE) _build/pdf/$(PDF_NAME) --edition $(EDITION)
	cp _build/pdf/$(PDF_NAME) $(PDF_SITE)/$(PDF_NAME)

## student-repository: the folder to push as REPOSITORY, into _build/student-repository
## (chapters as notebooks with outputs and answer cells, the library, requirements, Binder files)
student-repository: student
	$(BIN)/python -m origami_book.handout repository _build/student/_build/html _build/student-repository \
	  --repository "$(REPOSITORY)"

## student-bundle: the zip to hand out, _build/student-bundle.zip (notebooks with outputs,
## the library as a wheel, pinned requirements, a README)
student-bundle: student
	$(BIN)/python -m origami_book.handout bundle _build/student/_build/html _build/student-bundle.zip

## assignments: otter-grader student notebooks and autograder zips (Gradescope-compatible) for every
## teaching chapter into _build/assignments/<chapter>/, and the graders' rubrics as _build/assignments/rubrics.csv
assignments: $(VENV)/.test
	$(BIN)/python -m origami_book.assignments _toc.yml _build/assignments

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

# The browser tests' JavaScript (axe-core, pinned in tests/package-lock.json) goes into
# tests/node_modules; it is used by the tests only, never part of the site.
$(VENV)/.test: $(VENV)/.book requirements-test.txt tests/package.json tests/package-lock.json
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	cd tests && npm ci --no-audit --no-fund --loglevel=error
	touch $@
