# gdbook: `make serve` to read the book with live reload, `make test` to check everything.
# Every target sets up what it needs first (a virtual environment in .venv from the pinned
# requirements.lock, and Temml and the math font from docs/package-lock.json) and skips what is up to date.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready

# mkdocs-jupyter 0.27 needs Python >= 3.12. Use the first one found: on PATH, or in pyenv.
PYTHON ?= $(shell for p in python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	"$$p" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { command -v "$$p"; break; }; done)

# (README.md, setup.py and LICENSE go into the wheel the site serves.)
BOOK_SOURCES := mkdocs.yml README.md setup.py LICENSE $(shell find docs gdbook -type f \
	-not -path 'docs/node_modules/*' -not -name '*.pyc' 2>/dev/null)

.PHONY: setup serve build pdf test unit pin lock bench clean

setup: $(READY)

$(READY): requirements.lock pyproject.toml docs/package-lock.json
	.ci/debian-packages
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 not found (mkdocs-jupyter 0.27 needs it); set PYTHON=/path/to/python3.12"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	cd docs && npm ci --omit=dev --no-audit --no-fund --loglevel=error
	touch $@

# The site is rebuilt when any source of it changed; site/.built marks a complete build.
build: site/.built

site/.built: $(READY) $(BOOK_SOURCES)
	$(PY) docs/scripts/build.py
	touch $@

# The site with a PDF of the whole book in each language, linked from its home page (Chromium
# prints it from the built pages: docs/scripts/pdf.py). build.py skips what is up to date.
pdf: $(READY)
	@.ci/debian-packages
	$(PY) docs/scripts/build.py --pdf

serve: $(READY)
	$(PY) docs/scripts/serve.py

# Unit tests and doctests of gdbook, then the checks of the built book and its PDFs, on every core
# (pytest-xdist; the session serves the site to the browser tests once, tests/conftest.py;
# worksteal: the browser tests vary from 0.1 to 5 s, and an idle worker takes a busy one's).
test: pdf
	$(PY) -m pytest -n auto --dist worksteal

# gdbook's own tests only: no site needed.
unit: $(READY)
	$(PY) -m pytest gdbook tests/unit

# After an intended change to what a chapter prints: rewrite the pinned outputs from the
# built site, then review `git diff tests/expected`.
pin: build
	$(PY) tests/pin_outputs.py

# Speed, weight, Lighthouse and reproducibility figures (needs Chromium; installs Lighthouse,
# a dev dependency in docs/package.json). Takes a few minutes.
bench: $(READY)
	cd docs && test -x node_modules/.bin/lighthouse || npm ci --no-audit --no-fund --loglevel=error
	$(PY) docs/scripts/bench.py

# Refresh the pinned dependency set (needs the network to the package index).
lock: $(READY)
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --strip-extras --upgrade -o requirements.lock requirements.in
	cd docs && npm update --no-audit --no-fund

clean:
	rm -rf site .cache .pytest_cache .hypothesis
