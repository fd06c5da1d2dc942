#!/bin/sh
# `make load`: the app under gunicorn with the production settings (DEBUG off, static files through
# whitenoise) on the PostgreSQL bench database, as the app role, driven by locust (bench/locustfile.py):
# first eight users on the trivial logged-in page, then eight users mixing the roles' pages. Prints
# `name: value unit` lines (bench/belasting_cijfers.py). README, "Snelheid en belasting".
#
# Environment: PY (the app's python), LOCUST (locust's executable), BENCH_DATABASE_URL (else the database
# zorgstructuur_bench beside a PostgreSQL DATABASE_URL), WORKERS (2), WORKER_CLASS (sync; gthread takes
# THREADS), GEBRUIKERS (8), DUUR (30 s measured per run), OPWARMEN (5 s before that, not counted).
set -eu
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
LOCUST="${LOCUST:-.venv/belasting/bin/locust}"
WORKERS="${WORKERS:-2}"
WORKER_CLASS="${WORKER_CLASS:-sync}"
THREADS="${THREADS:-4}"
GEBRUIKERS="${GEBRUIKERS:-8}"
DUUR="${DUUR:-30}"
OPWARMEN="${OPWARMEN:-5}"

if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  case "${DATABASE_URL:-}" in
    postgres*) BENCH_DATABASE_URL="${DATABASE_URL%/*}/zorgstructuur_bench" ;;
    *) echo "make load meet op PostgreSQL: zet BENCH_DATABASE_URL of een PostgreSQL-DATABASE_URL." >&2; exit 2 ;;
  esac
fi
export BENCH_DATABASE_URL

WERK="$(mktemp -d)"
GUNICORN=""
opruimen() {
  if [ -n "$GUNICORN" ]; then kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true; fi
  rm -rf "$WERK"
}
trap opruimen EXIT
trap 'exit 130' INT TERM

# The database as make bench has it: created, migrated, filled up to the large-ROC size once, analysed.
"$PY" bench/gemeen.py
# What each role may ask for, chosen through the access policy.
"$PY" bench/belasting_gegevens.py "$WERK/gegevens.json"

# Production settings, on plain http at 127.0.0.1 (no TLS here, so no secure-only cookies or redirect).
export DJANGO_SETTINGS_MODULE=zorgstructuur.settings DEBUG=0 ALLOWED_HOSTS=127.0.0.1 \
  SECRET_KEY="belasting-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" SECURE_SSL_REDIRECT=0 \
  SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 MELDINGEN_PER_EMAIL=0 \
  STATIC_ROOT="$WERK/static" MEDIA_ROOT="$WERK/media"
# The app runs as the role that may only add to and read the access log (README, Productie); the owner
# (BENCH_DATABASE_URL) made it.
APP_URL="$(DATABASE_URL="$BENCH_DATABASE_URL" "$PY" manage.py maak_app_rol --url 2>/dev/null)"
"$PY" manage.py collectstatic --no-input --verbosity 0
POORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ADRES="http://127.0.0.1:$POORT"

DATABASE_URL="$APP_URL" "$(dirname "$PY")/gunicorn" zorgstructuur.wsgi --bind "127.0.0.1:$POORT" \
  --workers "$WORKERS" --worker-class "$WORKER_CLASS" --threads "$THREADS" --error-logfile "$WERK/gunicorn.log" &
GUNICORN=$!
for _ in $(seq 60); do
  curl -fsS "$ADRES/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$ADRES/healthz" >/dev/null || { cat "$WERK/gunicorn.log" >&2; exit 1; }
echo "belasting_gunicorn_workers: $WORKERS $WORKER_CLASS"
echo "belasting_gebruikers: $GEBRUIKERS aantal"
echo "belasting_meetduur: $DUUR s"

# Locust's exit code says only whether anything failed; belasting_cijfers.py reports that, after the figures.
# The locustfile stops the run DUUR seconds after the warm-up that follows the logins; --run-time is a backstop.
meet() {  # meet triviaal|mix
  BELASTING_SOORT="$1" BELASTING_GEGEVENS="$WERK/gegevens.json" BELASTING_UITVOER="$WERK/$1.json" \
  BELASTING_OPWARMEN="$OPWARMEN" BELASTING_DUUR="$DUUR" BELASTING_GEBRUIKERS="$GEBRUIKERS" "$LOCUST" -f bench/locustfile.py --headless \
    --host "$ADRES" -u "$GEBRUIKERS" -r "$GEBRUIKERS" --only-summary --loglevel WARNING \
    --run-time "$((OPWARMEN + DUUR + 120))s" \
    >"$WERK/locust-$1.log" 2>&1 || true
  [ -s "$WERK/$1.json" ] || { cat "$WERK/locust-$1.log" >&2; exit 1; }
}
meet triviaal
meet mix
"$PY" bench/belasting_cijfers.py "$WERK/triviaal.json" "$WERK/mix.json"
