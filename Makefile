# The three commands of the README: `make atlas` (the main job), `make test` (the whole suite) and `make serve` (the web atlas).
# Each sets up what it needs on a fresh machine: a virtual environment with nnatlas and its
# extras, and (when run as root on Debian) the Noto CJK font for Chinese labels.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: atlas test setup fonts vendor serve lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[geo,web,dev]"
	touch $(STAMP)

# The web atlas's map library (Leaflet), from the npm registry at the version package-lock.json pins,
# copied with its licence into the package: the atlas loads nothing from a CDN.
VENDOR := src/nnatlas/web/static/vendor/leaflet/leaflet.js
$(VENDOR): package.json package-lock.json $(STAMP)
	npm ci --ignore-scripts --no-audit --no-fund --silent
	$(BIN)/python -m nnatlas.web.vendor
	touch $(VENDOR)

vendor: $(VENDOR)

setup: $(STAMP) fonts vendor

fonts:
	@if fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && apt-get install -y -qq fonts-noto-cjk) >/dev/null; \
	else echo "note: install the Noto CJK font (Debian: apt-get install fonts-noto-cjk) for Chinese labels"; fi

atlas: setup
	$(BIN)/nnatlas build --out atlas-output
	$(BIN)/nnatlas report --out atlas-output/report

test: setup
	$(BIN)/python -m pytest

serve: setup
	$(BIN)/nnatlas serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: setup
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/geo.py
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/panel.py
	$(BIN)/python benchmarks/diff.py
	$(BIN)/python benchmarks/serve.py
	$(BIN)/python benchmarks/web_browser.py

clean:
	rm -rf $(VENV) atlas-output .pytest_cache node_modules src/nnatlas/web/static/vendor
