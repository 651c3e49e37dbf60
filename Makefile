# Two entry points: `make demo` builds archive.db from the bundled fixture web and serves it;
# `make test` runs the whole test suite. Both set up everything they need first. `make test-quick`
# runs the tests that start no crawl, server, browser or Redis (pytest -m, pyproject.toml).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Browser tests drive Debian's Chromium; install it (and its driver) when it is missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-quick lint bench setup browser redis warc-corpus

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: setup
	$(BIN)/runarchive demo

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver; }

# The shared-frontier tests start their own Redis from Debian's redis-server package.
redis:
	@command -v redis-server >/dev/null || \
	  { $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server; }

# pywb's sample archives (GPL-3.0, never copied into the repository), from its release on PyPI.
warc-corpus: .cache/pywb/.unpacked
.cache/pywb/.unpacked:
	mkdir -p .cache/pywb
	$(BIN)/pip download --quiet --no-deps --no-binary :all: --dest .cache pywb==2.10.0 && \
	  tar -xzf .cache/pywb-2.10.0.tar.gz -C .cache/pywb --strip-components=1 \
	    pywb-2.10.0/sample_archive/warcs && touch $@ || echo "pywb's samples not fetched"

test: setup browser redis warc-corpus
	$(BIN)/ruff check .
	$(BIN)/pytest

QUICK := not e2e and not browser and not redis
test-quick: setup warc-corpus
	$(BIN)/ruff check .
	$(BIN)/pytest -m "$(QUICK)"

# The quality benchmarks; the public labelled data lives beside the repository by default.
EVAL ?= ../shared/eval-data
bench: setup
	$(BIN)/python bench/quotes.py --eval-data $(EVAL)
	$(BIN)/python bench/text.py $(EVAL)/article-extraction-benchmark
	$(BIN)/python bench/dates.py $(EVAL)/htmldate-dates

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
