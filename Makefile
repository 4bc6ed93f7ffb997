# The two commands a newcomer needs: `make run` and `make test`.
PYTHON_SYSTEM ?= python3
VENV := .venv
PYTHON := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

CATALOGS := $(patsubst %.po,%.mo,$(wildcard shop/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test bench migrate browser translations clean

$(VENV)/bin/python:
	$(PYTHON_SYSTEM) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PYTHON) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PYTHON) -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed

## run: install, migrate, load demo data into an empty shop, serve on http://127.0.0.1:5000
run: $(VENV)/.installed $(CATALOGS) migrate
	$(FLASK) seed-demo --if-empty --accounts
	$(FLASK) search reindex --if-missing
	SESSION_COOKIE_SECURE=0 $(FLASK) run --host $(HOST) --port $(PORT)

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

## test: install test tools and run the whole suite (PostgreSQL too when TEST_DATABASE_URL is set)
test: $(VENV)/.dev-installed $(CATALOGS) browser
	$(PYTHON) -m pytest $(PYTEST_ARGS)

## bench: load tests in bench/ (wrk against gunicorn); figures go to docs/performance.md by hand
bench: $(VENV)/.dev-installed $(CATALOGS)
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PYTHON) bench/catalog.py --products 10000
	$(PYTHON) bench/product_pages.py --products 10000
	$(PYTHON) bench/longtail.py --products 10000
	$(PYTHON) bench/longtail.py --products 100000 --cold-only
	$(PYTHON) bench/search.py --products 100000
	$(PYTHON) bench/checkout.py
	@echo "PostgreSQL: createdb ocop_bench; bench/*.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ocop_bench [--backend postgres]"

## browser: Debian's Chromium for the browser tests (Playwright never downloads one)
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need /usr/bin/chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

%.mo: %.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile -i $< -o $@

## translations: re-extract the strings to translate and merge them into each language's .po
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --omit-header -o shop/translations/messages.pot .
	$(VENV)/bin/pybabel update -i shop/translations/messages.pot -d shop/translations -N --ignore-obsolete

## clean: remove the virtualenv and caches (instance/, with the database and secret key, stays)
clean:
	rm -rf $(VENV) .pytest_cache
