"""The role the app runs as on PostgreSQL may add to the access log and read it, and nothing more:
it cannot change or empty the log, nor switch off or drop the triggers that guard it."""

from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from psycopg.errors import InsufficientPrivilege

from privacy import databaserol

pytestmark = pytest.mark.django_db
alleen_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="alleen PostgreSQL: SQLite kent geen rollen en rechten")
INSERT = ("INSERT INTO privacy_toegangslog (tijdstip, actie, uitkomst, gebruikersnaam, rol, namens, object_type, "
          "object_id, laag, omschrijving) VALUES (%s, 'inzien', 'toegestaan', 'als_app_rol', '', '', '', '', '', '')")


@pytest.fixture(scope="module")
def app_url(django_db_setup, django_db_blocker):
    """The role as `make run` and CI make it: `maak_app_rol --url`, run by the owner (here the test
    database's superuser), outside the test transaction so that another connection can use it."""
    if connection.vendor != "postgresql":
        pytest.skip("alleen PostgreSQL")
    with django_db_blocker.unblock():
        uit = StringIO()
        call_command("maak_app_rol", url=True, stdout=uit, stderr=StringIO())
        yield uit.getvalue().strip()
        rol = f"{connection.settings_dict['NAME']}_app"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{rol}"; DROP ROLE "{rol}"')


@pytest.fixture
def als_app(app_url):
    """A connection as the app's role, in one transaction that is rolled back afterwards; every
    statement in its own savepoint (`with als_app.transaction():`) so one refusal does not end it."""
    conn = psycopg.connect(app_url, options="-c statement_timeout=10000")
    try:
        yield conn
    finally:
        conn.rollback()
        conn.close()


def geweigerd(conn, sql):
    with pytest.raises(InsufficientPrivilege), conn.transaction():
        conn.execute(sql)


@alleen_postgres
def test_app_rol_voegt_toe_en_leest_met_de_tijd_en_de_keten_van_de_database(als_app):
    with als_app.transaction():
        vorige = als_app.execute("SELECT max(volgnummer) FROM privacy_toegangslog").fetchone()[0] or 0
        als_app.execute(INSERT, [timezone.now() - timedelta(days=3650)])
        tijdstip, volgnummer, hash_ = als_app.execute(
            "SELECT tijdstip, volgnummer, hash FROM privacy_toegangslog WHERE gebruikersnaam = 'als_app_rol'"
        ).fetchone()
    assert abs(tijdstip - timezone.now()) < timedelta(minutes=1)  # not ten years ago
    assert volgnummer == vorige + 1 and len(hash_) == 64


@alleen_postgres
def test_app_rol_kan_het_log_niet_wijzigen_legen_of_verwijderen(als_app):
    geweigerd(als_app, "UPDATE privacy_toegangslog SET omschrijving = 'vervalst'")
    geweigerd(als_app, "DELETE FROM privacy_toegangslog")
    geweigerd(als_app, "TRUNCATE privacy_toegangslog")
    geweigerd(als_app, "DROP TABLE privacy_toegangslog")


@alleen_postgres
def test_app_rol_kan_de_triggers_niet_uitzetten_of_vervangen(als_app):
    geweigerd(als_app, "ALTER TABLE privacy_toegangslog DISABLE TRIGGER privacy_toegangslog_geen_wijziging")
    geweigerd(als_app, "ALTER TABLE privacy_toegangslog DISABLE TRIGGER ALL")
    geweigerd(als_app, "DROP TRIGGER privacy_toegangslog_keten ON privacy_toegangslog")
    geweigerd(als_app, "DROP FUNCTION privacy_toegangslog_append_only() CASCADE")
    geweigerd(als_app, "CREATE OR REPLACE FUNCTION privacy_toegangslog_keten() RETURNS trigger "
                       "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$")
    geweigerd(als_app, "CREATE TRIGGER eigen BEFORE INSERT ON privacy_toegangslog "
                       "FOR EACH ROW EXECUTE FUNCTION privacy_toegangslog_keten()")
    geweigerd(als_app, "SET session_replication_role = replica")  # would switch every trigger off


@alleen_postgres
def test_app_rol_bewerkt_de_andere_tabellen_gewoon(als_app, actors):
    with als_app.transaction():
        als_app.execute("UPDATE auth_user SET first_name = 'X' WHERE id = %s", [actors["mentor"].pk])
        als_app.execute("DELETE FROM django_session")
    geweigerd(als_app, "DELETE FROM django_migrations")  # the owner's record of the schema


@alleen_postgres
def test_maak_app_rol_weigert_de_eigen_rol_van_de_verbinding():
    with pytest.raises(CommandError, match="eigen rol nodig"):
        call_command("maak_app_rol", rol=connection.settings_dict["USER"], stderr=StringIO())


@alleen_postgres
def test_bezwaren_tegen_een_rol_die_het_log_kan_wijzigen():
    with connection.cursor() as cursor:
        assert any("superuser" in b for b in databaserol.bezwaren(cursor, connection.settings_dict["USER"]))


def test_url_voor_de_app_rol():
    instellingen = {"HOST": "db.school.nl", "PORT": 5432, "NAME": "zorg", "OPTIONS": {"sslmode": "require"}}
    assert databaserol.url(instellingen, "zorg_app", "w/8:@") == \
        "postgres://zorg_app:w%2F8%3A%40@db.school.nl:5432/zorg?sslmode=require"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite: geen rollen")
def test_maak_app_rol_laat_sqlite_met_rust():
    uit, fout = StringIO(), StringIO()
    call_command("maak_app_rol", url=True, stdout=uit, stderr=fout)
    assert uit.getvalue() == ""  # make run keeps its own DATABASE_URL
    assert "niet nodig" in fout.getvalue()
