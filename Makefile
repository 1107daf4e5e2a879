# The commands in the README. Every target installs what it needs by itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# nbgrader runs alembic as a program: the venv's bin/ must be on PATH.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: install book serve test bench clean release lab

## install: create .venv and install nnlib with the book, grading and test extras (idempotent)
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[book,grading,test]"
	touch $@

## book: build the online book into _build/html (tests/conftest.py builds it this way too)
# Executed notebooks are cached by their own text only: when nnlib changed since
# the cache was stamped, drop the cache so that every chapter runs again.
# --all rereads every page (executing stays cached): with nothing changed, Sphinx
# would not copy the vendored scripts of html_extra_path again.
JCACHE := _build/.jupyter_cache
book: install assets
	@if [ -d $(JCACHE) ] && { [ ! -f $(JCACHE)/.nnlib-stamp ] || \
	  [ -n "$$(find nnlib -type f ! -path '*/__pycache__/*' -newer $(JCACHE)/.nnlib-stamp)" ]; }; then \
	  echo "nnlib changed since the chapters were executed: running them again"; rm -rf $(JCACHE); fi
	@mkdir -p _build && touch _build/.nnlib-stamp.new
	@# One BLAS thread: the chapters' small products gain nothing from two, multithreaded
	@# sums round differently from run to run, and the numbers quoted in the prose must
	@# come out the same every time.
	OPENBLAS_NUM_THREADS=1 $(BIN)/jupyter-book build . --all --warningiserror --keep-going
	@mkdir -p $(JCACHE) && mv _build/.nnlib-stamp.new $(JCACHE)/.nnlib-stamp
	@echo "The book is in _build/html/index.html (make serve to browse it)."

## serve: serve the built book on http://127.0.0.1:8000
serve:
	@test -f _build/html/index.html || { echo "No book yet: run 'make book' first."; exit 1; }
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

## test: run every test (library, book, exercises, grading, browser)
test: install assets browser sandbox
	$(BIN)/python -m pytest

.PHONY: assets browser
## assets: vendor MathJax 3 and the ipywidgets HTML manager from npm
## (package-lock.json) into book/_extra/vendor/, which the book serves itself.
## Font Awesome's SVG icons stay in node_modules/: the build draws the few icons
## the theme shows from them into _static/icons.css (book/_ext/nncourse_book.py).
VENDOR := book/_extra/vendor
assets: $(VENDOR)/.done

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

$(VENDOR)/.done: node_modules/.package-lock.json
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/mathjax $(VENDOR)/@jupyter-widgets/html-manager/dist
	@# MathJax: the tex-chtml component and what it may load at run time
	@# (TeX extensions, fonts, menu, accessibility, the SVG output a reader can pick)
	cp -R node_modules/mathjax/es5/tex-chtml.js node_modules/mathjax/es5/input \
	  node_modules/mathjax/es5/output node_modules/mathjax/es5/ui node_modules/mathjax/es5/a11y \
	  node_modules/mathjax/es5/sre node_modules/mathjax/es5/adaptors \
	  node_modules/mathjax/LICENSE $(VENDOR)/mathjax/
	@# the HTML manager's plain bundle (1.9 MB; the AMD one, 3.6 MB, also needs require.js and
	@# serves only custom widgets, which the book has none of), with the icon fonts it fetches
	@# from its own folder
	cp node_modules/@jupyter-widgets/html-manager/dist/embed.js \
	  node_modules/@jupyter-widgets/html-manager/dist/*.woff2 \
	  node_modules/@jupyter-widgets/html-manager/dist/*.woff \
	  node_modules/@jupyter-widgets/html-manager/dist/*.ttf \
	  node_modules/@jupyter-widgets/html-manager/dist/*.eot \
	  node_modules/@jupyter-widgets/html-manager/dist/*.svg \
	  $(VENDOR)/@jupyter-widgets/html-manager/dist/
	touch $@

## browser: Debian's Chromium for the browser tests (Playwright's own download is not reachable)
browser:
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

.PHONY: sandbox
## sandbox: Debian's bubblewrap, in which `nncourse grade` runs every student's kernel (see GRADING.md)
sandbox:
	@command -v bwrap >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y bubblewrap; }

.PHONY: fair
## fair: grade EVERY variant of tests/assignments/variants_*.py through `nncourse grade`, sandbox
## included (make test grades the reference, every correct variant and a fourth of the mistakes);
## the last counts are in tests/README.md
fair: install sandbox
	FAIR_GRADING=all $(BIN)/python -m pytest tests/test_fair_grading.py -q

## bench: run every benchmark (not part of make test); results in benchmarks/README.md
bench: install sandbox
	for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf _build .pytest_cache

## release: regenerate the student release exercises/ from solutions/ with nbgrader
## (commit the result; tests/test_exercises.py checks that it is up to date)
release: install
	$(BIN)/nbgrader generate_assignment "[0-9][0-9]_*" --force --log-level=WARN
	@echo "exercises/ regenerated from solutions/."

## lab: JupyterLab on the repository, with nbgrader's extensions (formgrader, validate)
lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(if $(filter 0,$(shell id -u)),--allow-root)
