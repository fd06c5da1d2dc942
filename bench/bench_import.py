"""Benchmark: importing a 40,000-row administration export (semicolon separated, Windows-1252).

Measures the dry run, the first apply and a second apply of the same file (nothing changes),
and the peak memory of the process. Runs in its own scratch database (the test database name
with the suffix "_bench"), which it removes afterwards, so it never touches real data.

    DJANGO_SETTINGS_MODULE=zorgstructuur.settings_test DATABASE_URL=postgres://... \\
        .venv/bin/python bench/bench_import.py [--aantal 40000]
"""

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgstructuur.settings_test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from deelnemers.importeren import importeer  # noqa: E402
from privacy.actor import Actor  # noqa: E402
from zorgstructuur import demo_namen as namen  # noqa: E402
from zorgstructuur.models import Instelling  # noqa: E402

KOP = ["Studentnummer", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum", "Geslacht", "Straat",
       "Huisnummer", "Postcode", "Woonplaats", "Locatie", "Opleiding", "Crebo", "Niveau", "Leerjaar",
       "Mentor", "Vooropleiding", "Inschrijfdatum", "Uitschrijfdatum", "Woonsituatie", "Verzuim"]
LOCATIES = ["Gouda", "Alphen", "Woerden", "Zoetermeer"]
MENTOREN = 500


def schrijf_export(pad: Path, aantal: int, jaar_later: int = 0) -> None:
    """A realistic export as a Dutch school's administration writes it: ';' and cp1252 (Zoë, Öztürk).
    `jaar_later`: the same students a school year on (every leerjaar one up), so every row changes."""
    rng = random.Random(40_000)
    with pad.open("w", encoding="cp1252", newline="") as uit:
        schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
        schrijver.writerow(KOP)
        for n in range(aantal):
            vrouw = rng.random() < 0.5
            tussenvoegsel, achternaam = rng.choice(namen.ACHTERNAMEN)
            plaats, postcode = rng.choice(namen.WOONPLAATSEN)
            opleiding = n % 40
            niveau = 1 + opleiding % 4
            leerjaar = rng.randint(1, 3) + jaar_later
            schrijver.writerow([
                3_000_000 + n, rng.choice(namen.VOORNAMEN_V if vrouw else namen.VOORNAMEN_M), tussenvoegsel,
                achternaam, f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(2001, 2009)}",
                "V" if vrouw else "M", rng.choice(namen.STRATEN), rng.randint(1, 180),
                f"{postcode} {rng.choice('ABCDEHJKLMNPRS')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}", plaats,
                LOCATIES[opleiding % len(LOCATIES)], f"Opleiding {opleiding + 1:02d}", str(25000 + opleiding),
                niveau, leerjaar, f"staf{n % MENTOREN:03d}@roc.example", rng.choice(namen.VOOROPLEIDINGEN),
                f"20-08-{date.today().year - leerjaar}", "", rng.choice(namen.WOONSITUATIES),
                rng.choice([0, 0, 0, 2, 4, 8, 16, 32]),
            ])


def maak_basis():
    User = get_user_model()
    User.objects.bulk_create(
        User(username=f"staf{n:03d}", email=f"staf{n:03d}@roc.example") for n in range(MENTOREN))
    return Instelling.objects.create(naam="ROC Benchmark"), User.objects.create(username="bench.beheerder")


def meet(naam: str, pad: Path, **opties):
    begin = time.perf_counter()
    with pad.open("rb") as bestand:
        resultaat = importeer(bestand, bestandsnaam=pad.name, **opties)
    print(f"{naam}: {time.perf_counter() - begin:.1f} s", flush=True)
    if resultaat.fouten:
        sys.exit(f"{naam}: onverwachte fouten, bijvoorbeeld {resultaat.fouten[:3]}")
    return resultaat


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=40_000)
    aantal = parser.parse_args().aantal

    # A scratch database of its own: never the test database of a run that may be going on.
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor != "sqlite":
        test["NAME"] = f"test_{connection.settings_dict['NAME']}_bench"
    oude_naam = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with tempfile.TemporaryDirectory() as map_:
            pad = Path(map_) / "export_administratie.csv"
            schrijf_export(pad, aantal)
            instelling, door = maak_basis()
            opties = {"instelling": instelling, "door": Actor.systeemactor("bench", door), "gedeeltelijk": False}
            proef = meet(f"import_proefdraai_{aantal}", pad, proefdraai=True, **opties)
            eerste = meet(f"import_toepassen_{aantal}", pad, proefdraai=False, **opties)
            tweede = meet(f"import_opnieuw_{aantal}", pad, proefdraai=False, **opties)
            # A new school year: every row changes (leerjaar), the import's heaviest regular case.
            schrijf_export(pad, aantal, jaar_later=1)
            alles = meet(f"import_alles_gewijzigd_proefdraai_{aantal}", pad, proefdraai=True, **opties)
            # ru_maxrss is in kilobytes on Linux: the whole process, Django included.
            print(f"import_piekgeheugen: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
            gemeten = (proef.nieuw, eerste.nieuw, tweede.ongewijzigd, tweede.gewijzigd, alles.gewijzigd)
            if gemeten != (aantal, aantal, aantal, 0, aantal):
                sys.exit(f"Onverwachte aantallen: proefdraai {proef.samenvatting()}, toepassen "
                         f"{eerste.samenvatting()}, opnieuw {tweede.samenvatting()}")
    finally:
        connection.creation.destroy_test_db(oude_naam, verbosity=0)


if __name__ == "__main__":
    main()
