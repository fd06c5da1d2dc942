# Zorgstructuur — see README.md. Everything a fresh Debian machine needs is done by these targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# WeasyPrint (PDF) needs pango and harfbuzz-subset and a font.
SYSTEEMPAKKETTEN := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# The tests also drive Debian's chromium (browser journeys) and read PDFs with poppler.
TESTPAKKETTEN := $(SYSTEEMPAKKETTEN) chromium poppler-utils

.PHONY: run demo-opnieuw test bench load lint systeem systeem-test clean

$(VENV)/.stamp-run: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q .
	touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp-run pyproject.toml
	$(PY) -m pip install -q ".[test]"
	touch $@

systeem:
	@scripts/systeempakketten.sh $(SYSTEEMPAKKETTEN)

systeem-test:
	@scripts/systeempakketten.sh $(TESTPAKKETTEN)

# Migrations and the demo run as DATABASE_URL's role (the owner). On PostgreSQL the server then runs as
# <database>_app, which may only add to and read the access log (README, Productie); on SQLite
# maak_app_rol prints no URL and the server keeps the SQLite file. Links in e-mails follow PORT unless
# SITE_URL is given.
# The worker of the background tasks (README, Achtergrondtaken) runs beside the server, as the same role;
# Ctrl-C stops both (the trap also stops the worker when the server ends otherwise).
run: systeem $(VENV)/.stamp-run
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 MELDINGEN_PER_EMAIL=0 $(PY) manage.py demo
	APP_URL="$$(DEBUG=1 $(PY) manage.py maak_app_rol --url)" && \
	export DEBUG=1 DATABASE_URL="$${APP_URL:-$$DATABASE_URL}" SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" && \
	{ $(PY) manage.py db_worker --no-reload & WORKER=$$!; } && \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER' EXIT INT TERM && \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Start the demo afresh: only the SQLite file is removed. A PostgreSQL database is never dropped from here.
demo-opnieuw:
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "DATABASE_URL is gezet: make demo-opnieuw verwijdert alleen het SQLite-bestand. Maak de" \
	       "PostgreSQL-database zelf leeg (dropdb/createdb) en start dan 'make run'."; exit 1; fi
	rm -f zorgstructuur.sqlite3
	$(MAKE) run

test: systeem-test $(VENV)/.stamp-test
	$(VENV)/bin/pytest

lint: $(VENV)/.stamp-test
	$(VENV)/bin/ruff check .

bench: systeem $(VENV)/.stamp-test
	$(PY) bench/run.py

# Locust in a venv of its own: it brings gevent and registers a pytest plugin, neither wanted beside the app
# and its tests. The pin is pyproject.toml's optional group "load".
BELASTING := $(VENV)/belasting
$(BELASTING)/.stamp: $(VENV)/.stamp-run pyproject.toml
	$(PYTHON) -m venv $(BELASTING)
	$(BELASTING)/bin/pip install -q $$($(PY) -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["load"])')
	touch $@

# The load test on gunicorn and the PostgreSQL bench database (bench/belasting.sh; README, Snelheid en belasting).
load: systeem $(VENV)/.stamp-run $(BELASTING)/.stamp
	PY=$(PY) LOCUST=$(BELASTING)/bin/locust bench/belasting.sh

clean:
	rm -rf $(VENV) zorgstructuur.sqlite3 staticfiles .test-media
