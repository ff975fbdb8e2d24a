# The two commands of the README: `make run` and `make test`. Everything else is their parts.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(BIN)/flask --app app
# where the UI strings are: extracted into translations/messages.pot by `make translations`
I18N_SOURCES := app.py config.py blueprints db domain web templates
CATALOGUES := $(wildcard translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)
CHROMIUM := /usr/bin/chromium

.PHONY: audit run dev wrk test test-unit test-e2e e2e-vendor test-postgres install install-dev compile-translations translations chromium bench lint clean

## run: set everything up and serve the app with the demo data on SQLite through gunicorn
## (gthread workers, one per core; HOST, PORT, WORKERS, THREADS override)
run: install compile-translations
	$(FLASK) init-db
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py 'app:create_app()'

## dev: the same with Flask's reloading development server (debug mode)
dev: install compile-translations
	$(FLASK) init-db
	$(FLASK) run --debug --host $(HOST) --port $(PORT)

## test: set up and run every test: tests/ (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) and e2e/
test: install-dev compile-translations chromium e2e-vendor
	$(BIN)/ruff check .
	$(BIN)/python .ci/audit.py
	$(BIN)/pytest -n auto tests e2e

test-unit: install-dev compile-translations
	$(BIN)/pytest -n auto tests

test-e2e: install-dev compile-translations chromium e2e-vendor
	$(BIN)/pytest -n auto e2e

## test-postgres: start a local PostgreSQL (installing it if needed) and run `make test` against it too
test-postgres:
	. .ci/postgres.sh && $(MAKE) test

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed-runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed-runtime
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

compile-translations: install $(COMPILED)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile --statistics -i $< -o $@

## translations: after changing UI strings, extract them and add them (empty) to every catalogue
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output --no-wrap \
		--project "STTS Toegangsbeheer" -o translations/messages.pot $(I18N_SOURCES)
	$(BIN)/pybabel update -i translations/messages.pot -d translations \
		--no-fuzzy-matching --ignore-obsolete --no-wrap --ignore-pot-creation-date

## e2e-vendor: the pinned axe-core (e2e/vendor/package.json, from the npm registry) the e2e suite injects
e2e-vendor: e2e/vendor/node_modules/.installed

e2e/vendor/node_modules/.installed: e2e/vendor/package.json e2e/vendor/package-lock.json
	cd e2e/vendor && npm ci --no-audit --no-fund --silent
	touch $@

## chromium: Debian's browser for the Playwright tests (the bundled download is not reachable)
chromium:
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

## bench: page weight and response times (numbers, not pass/fail); the scale part builds (or reuses)
## instance/bench/ and writes bench/RESULTS.md; STTS_BENCH_POSTGRESQL_URL adds PostgreSQL, 4 processes
bench: install-dev compile-translations chromium wrk
	$(BIN)/python -m bench

## wrk: Debian's HTTP load generator, for the bench
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)

lint: install-dev
	$(BIN)/ruff check .

## audit: bandit on the code, pip-audit on the pinned requirements (skipped with a message offline)
audit: install-dev
	$(BIN)/python .ci/audit.py

clean:
	rm -rf $(VENV) .pytest_cache $(COMPILED)
