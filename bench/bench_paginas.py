"""Server time of the list and dossier pages at the large-ROC size, beside a trivial page.

Run through `make bench`. Uses BENCH_DATABASE_URL; without it the database `zorgstructuur_bench`
on the server of a PostgreSQL DATABASE_URL, else an SQLite file bench.sqlite3. The data
(demo --groot) is made once and reused. Prints `name: value unit` lines.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
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

from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

HERHALINGEN = 15


def mediaan_ms(client, url):
    tijden = []
    for _ in range(HERHALINGEN):
        begin = time.perf_counter()
        response = client.get(url)
        tijden.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(tijden)


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


def main():
    setup_test_environment()
    zorg_voor_database()
    call_command("migrate", verbosity=0)
    begin = time.perf_counter()
    call_command("demo", groot=True, force=True, verbosity=0)
    print(f"demo_groot_aanmaken: {time.perf_counter() - begin:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would have them in production
        cursor.execute("ANALYZE")

    from django.contrib.auth import get_user_model

    from deelnemers.models import Deelnemer

    print(f"deelnemers: {Deelnemer.objects.count()} aantal")
    client = Client()
    client.force_login(get_user_model().objects.get(username="manager"))
    triviaal_ingelogd = mediaan_ms(client, "/")  # the manager's Mijn werk: base layout, no student data
    client.force_login(get_user_model().objects.get(username="zorgcoordinator"))
    zwaarste = Deelnemer.objects.annotate(n=Count("dossieritems")).order_by("-n").first()
    triviaal = mediaan_ms(client, "/healthz")
    mijn_werk = mediaan_ms(client, "/")  # the zorgcoördinator's: counts over 40,000 students
    lijst = mediaan_ms(client, "/deelnemers/")
    zoeken = mediaan_ms(client, "/deelnemers/?q=de+vries")
    dossier = mediaan_ms(client, f"/deelnemers/{zwaarste.pk}/")
    print(f"pagina_triviaal_healthz: {triviaal:.1f} ms")
    print(f"pagina_triviaal_ingelogd: {triviaal_ingelogd:.1f} ms")
    print(f"pagina_mijn_werk_zorgcoordinator: {mijn_werk:.1f} ms")
    print(f"pagina_deelnemerslijst: {lijst:.1f} ms")
    print(f"pagina_deelnemerslijst_zoeken: {zoeken:.1f} ms")
    print(f"pagina_dossier: {dossier:.1f} ms")
    print(f"verhouding_lijst_tot_triviaal_ingelogd: {lijst / triviaal_ingelogd:.1f} x")
    print(f"verhouding_dossier_tot_triviaal_ingelogd: {dossier / triviaal_ingelogd:.1f} x")


if __name__ == "__main__":
    main()
