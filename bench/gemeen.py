"""What every benchmark on the large-ROC database shares: which database, its preparation, and the timing.

Importing this module points Django at the bench database and sets Django up, so a bench script imports it
before any Django module. The database: BENCH_DATABASE_URL; without it the database `zorgstructuur_bench` on
the server of a PostgreSQL DATABASE_URL, else an SQLite file bench.sqlite3.

    .venv/bin/python bench/gemeen.py     # only the preparation (make load does this)
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HERHALINGEN = 15
# The trivial logged-in page every page is compared with: the manager's Mijn werk (base layout, no student data).
TRIVIAAL_GEBRUIKER, TRIVIAAL_URL = "manager", "/"
# Set by run.py once it has prepared the database, so the scripts after it skip the preparation.
VOORBEREID = "BENCH_VOORBEREID"


def bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    hoofd = os.environ.get("DATABASE_URL", "")
    if hoofd.startswith("postgres"):
        return hoofd.rsplit("/", 1)[0] + "/zorgstructuur_bench"
    return "sqlite:///bench.sqlite3"


os.environ["DATABASE_URL"] = bench_database_url()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgstructuur.settings_test")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402

# The test client needs Django's test environment (testserver host, template signals) in every script.
setup_test_environment()


def mediaan_ms(client, url, herhalingen=HERHALINGEN) -> float:
    """The median server time of a GET in milliseconds; anything but 200 stops the bench."""
    tijden = []
    for _ in range(herhalingen):
        begin = time.perf_counter()
        response = client.get(url)
        tijden.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(tijden)


def ingelogd(username: str):
    """A test client with a session of this demo user."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def triviaal_ingelogd_ms() -> float:
    """The trivial logged-in page, to measure in the same run as the pages it is compared with: the machine's
    speed of the moment cancels out of the ratio."""
    return mediaan_ms(ingelogd(TRIVIAAL_GEBRUIKER), TRIVIAAL_URL)


def zorg_voor_database():
    """Create the PostgreSQL bench database when it does not exist yet."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    import psycopg

    naam = connection.settings_dict["NAME"]
    params = {k: v for k, v in connection.get_connection_params().items() if k != "dbname"}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as beheer:
        if not beheer.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone():
            beheer.execute(f'CREATE DATABASE "{naam}"')


def voorbereiden():
    """The bench database at the large-ROC size: created, migrated, filled up with `demo --groot` (which only
    adds what is missing: an existing 40,000-student database is reused, never rebuilt) and analysed. Prints
    how long it took. Once per `make bench`: skipped when run.py has done it already."""
    if os.environ.get(VOORBEREID):
        return
    from django.core.management import call_command
    from django.db import connection

    zorg_voor_database()
    call_command("migrate", verbosity=0)
    begin = time.perf_counter()
    # BENCH_AANTAL: a smaller ROC while developing.
    call_command("demo", groot=True, force=True, verbosity=0, aantal=int(os.environ.get("BENCH_AANTAL", 40_000)),
                 stdout=io.StringIO())  # its "Demo klaar" line is no figure
    print(f"demo_groot_aanmaken: {time.perf_counter() - begin:.1f} s", flush=True)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would have them in production
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    voorbereiden()
