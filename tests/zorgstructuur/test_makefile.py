"""`make run` on another port: the links in e-mails follow it (SITE_URL from PORT), unless SITE_URL is given;
`make demo-opnieuw` never touches a PostgreSQL database."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

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
