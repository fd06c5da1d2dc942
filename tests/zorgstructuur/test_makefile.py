"""`make run` on another port: the links in e-mails follow it (SITE_URL from PORT), unless SITE_URL is given;
`make demo-opnieuw` never touches a PostgreSQL database; `make bench` prints ratios and `make load` runs the
load test with what bench/ chose (the load test itself is never part of `make test`)."""

import importlib.util
import os
import random
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.test import override_settings

from zorgstructuur.demo import DEMO_WACHTWOORD

MAP = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(*argumenten, **omgeving) -> subprocess.CompletedProcess:
    """`make -n`: print the commands without running any."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT", "DATABASE_URL")} | omgeving
    return subprocess.run(["make", "-n", *argumenten], cwd=MAP, env=env, capture_output=True, text=True, check=False)


def runserver(uitvoer: str) -> str:
    return next(regel for regel in uitvoer.splitlines() if "SITE_URL=" in regel)


def test_site_url_volgt_de_poort():
    regel = runserver(make("run", "PORT=8080").stdout)
    assert 'SITE_URL="${SITE_URL:-http://127.0.0.1:8080}"' in regel
    assert "runserver 127.0.0.1:8080" in make("run", "PORT=8080").stdout


def test_standaardpoort_8000():
    assert "http://127.0.0.1:8000" in runserver(make("run").stdout)


def test_demo_opnieuw_raakt_postgresql_niet():
    resultaat = subprocess.run(["make", "demo-opnieuw"], cwd=MAP, capture_output=True, text=True, check=False,
                               env=os.environ | {"DATABASE_URL": "postgres://niemand@127.0.0.1:1/bestaat_niet"})
    assert resultaat.returncode != 0
    assert "verwijdert alleen het SQLite-bestand" in resultaat.stdout
    assert "rm -f zorgstructuur.sqlite3" in make("demo-opnieuw").stdout


# ---------------------------------------------------------------- make bench and make load (issue 12)

def _bench(module: str):
    """A module of bench/ (not a package: its scripts run as files)."""
    spec = importlib.util.spec_from_file_location(f"bench_{module}", MAP / "bench" / f"{module}.py")
    geladen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(geladen)
    return geladen


def test_load_draait_de_belastingtest_met_locust_uit_een_eigen_venv():
    uitvoer = make("--always-make", "load").stdout  # also the steps a fresh machine runs
    assert "PY=.venv/bin/python LOCUST=.venv/belasting/bin/locust bench/belasting.sh" in uitvoer
    assert ".venv/belasting/bin/pip install" in uitvoer  # not in the app's venv: gevent and a pytest plugin
    load = tomllib.loads((MAP / "pyproject.toml").read_text())["project"]["optional-dependencies"]["load"]
    assert load == ["locust==2.47.0"]
    assert "bench/belasting.sh" not in make("test").stdout


def test_bench_drukt_elke_pagina_ook_als_verhouding_tot_de_triviale_pagina_af():
    verhoudingen = _bench("run").verhoudingen
    regels = ["deelnemers: 40000 aantal", "pagina_triviaal_healthz: 2.0 ms", "pagina_dossier: 50.0 ms",
              "pagina_triviaal_ingelogd_overlegrun: 20.0 ms", "pagina_overleg: 30.0 ms", "agenda_pdf: 1.2 s"]
    assert verhoudingen(regels) == ["verhouding_dossier: 2.5 x", "verhouding_overleg: 1.5 x"]
    assert verhoudingen(["pagina_dossier: 50.0 ms"]) == []  # no trivial page measured: no ratio


def test_belastingcijfers_als_naam_waarde_eenheid():
    def run(per_s, p95, fouten=None):
        return {"totaal": {"aantal": 100, "per_s": per_s, "p50": 40.0, "p95": p95}, "fouten": fouten or {},
                "paginas": {"dossier": {"aantal": 60, "p50": 30, "p95": p95, "gemiddeld": 40.0},
                            "zoeken": {"aantal": 40, "p50": 30, "p95": p95 * 2, "gemiddeld": 60.0}}}

    regels = _bench("belasting_cijfers").regels(run(100.0, 90.0), run(55.0, 250.0, {"dossier: 404": 2}))
    assert "belasting_triviaal_doorvoer: 100.0 verzoeken/s" in regels
    assert "belasting_mix_p95: 250 ms" in regels
    assert "belasting_triviaal_fouten: 0 aantal" in regels and "belasting_mix_fouten: 2 aantal" in regels
    # The pages of the mix slowest first: where its p95 comes from.
    assert [r for r in regels if r.startswith("belasting_mix_") and r.endswith("_p95: 500 ms")] == [
        "belasting_mix_zoeken_p95: 500 ms"]
    assert regels.index("belasting_mix_zoeken_p95: 500 ms") < regels.index("belasting_mix_dossier_p95: 250 ms")
    assert "belasting_mix_zoeken_aandeel_tijd: 50 %" in regels  # 40 × 60 ms of 60 × 40 + 40 × 60 ms
    assert regels[-1] == "verhouding_doorvoer_mix_tot_triviaal: 55 %"


@pytest.mark.django_db
def test_belastingtest_vraagt_per_rol_alleen_wat_die_rol_mag(client):
    """Every request the load test's users make answers 200 for that user: a 403 or 404 would count as an
    error of the app, and the mix must be pages the roles really use."""
    gegevens = _bench("belasting_gegevens")
    gezien = set()
    for username in gegevens.ROLLEN:
        client.force_login(get_user_model().objects.get(username=username))
        for pagina, wat in gegevens.voor(username, random.Random(1)).items():
            gezien.add(pagina)
            for naam, url in wat["verzoeken"][:5]:
                assert client.get(url).status_code == 200, (username, naam, url)
    assert gezien == {"mijn_werk", "deelnemerslijst", "zoeken", "dossier", "aanmeldingen", "overleggen",
                      "smw_caseload", "rapportage"}


@pytest.mark.django_db
def test_demo_accounts_loggen_in_onder_de_productie_instellingen(client):
    """The bench database is filled under the test settings (MD5); gunicorn runs the production settings."""
    mentor = get_user_model().objects.get(username="mentor")
    inloggen = {"username": "mentor", "password": DEMO_WACHTWOORD}
    productie = override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS)
    with productie:
        assert client.post("/login/", inloggen).status_code == 200  # the form again: the hash is not read
    _bench("belasting_gegevens").inlogbaar(mentor)  # as make load runs it: under the test settings
    with productie:
        assert client.post("/login/", inloggen).status_code == 302
