# NewsKG. `make run` builds the graph from seeds/ and serves it; `make test` installs and tests.
# Both set everything up on a fresh machine (a .venv here, Debian's chromium for browser tests and
# Debian's Virtuoso for the remote-store tests).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STORE  ?= data/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install chromium virtuoso yasgui run serve test check lint fmt typecheck imports golden bench bench-statements bench-extraction bench-events bench-serve clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

# Headless Chromium for the web-page tests, from Debian's packages (never a browser download).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "warning: could not install chromium; browser tests will be skipped"; }

# YASGUI for /yasgui, bundled in kg/web/static/yasgui/ (committed): fetch the pinned build again
# from npm and check it against the checksums in kg/web/static/yasgui/README.md.
YASGUI_VERSION := 4.6.2
yasgui:
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent @zazuko/yasgui@$(YASGUI_VERSION) >/dev/null \
	  && tar -xzf zazuko-yasgui-$(YASGUI_VERSION).tgz \
	  && cp package/build/yasgui.min.js package/build/yasgui.min.css $(CURDIR)/kg/web/static/yasgui/ \
	  && cd $(CURDIR)/kg/web/static/yasgui && grep -E '^    [0-9a-f]{64}  ' README.md | sed 's/^    //' | sha256sum -c -

# Virtuoso 7 for the remote-store tests, from Debian's packages; the tests start their own server
# on a free loopback port with a temporary database (tests/sparql_servers.py).
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  echo "installing Debian's virtuoso-opensource for the remote-store tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null) \
	  || echo "warning: could not install virtuoso-opensource; the Virtuoso tests will be skipped"; }

run: install
	$(VENV)/bin/kg serve seeds/ --store $(STORE) --host $(HOST) --port $(PORT)

serve: install
	$(VENV)/bin/kg serve --store $(STORE) --host $(HOST) --port $(PORT)

lint: install
	$(VENV)/bin/ruff check kg tests bench
	$(VENV)/bin/ruff format --check kg tests bench

fmt: install
	$(VENV)/bin/ruff check --fix kg tests bench
	$(VENV)/bin/ruff format kg tests bench

typecheck: install
	$(VENV)/bin/mypy kg

imports: install
	$(VENV)/bin/lint-imports

test: install chromium virtuoso lint typecheck imports
	$(PY) -m pytest

check: test

golden: install
	$(PY) -m pytest tests/test_golden.py --update-golden

bench-statements: install
	$(PY) bench/bench_statements.py

bench-extraction: install
	$(PY) bench/bench_extraction.py --final

bench-events: install
	$(PY) bench/bench_events.py --final
	$(PY) bench/bench_linking.py --final

bench-serve: install
	$(PY) bench/serve.py

bench: bench-statements bench-extraction bench-events bench-serve

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
