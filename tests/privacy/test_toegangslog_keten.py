"""The access log's time comes from the database and its rows form a hash chain that
`manage.py controleer_toegangslog` walks (on PostgreSQL and SQLite)."""

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from privacy import append_only, keten
from privacy.models import Toegangslog

pytestmark = pytest.mark.django_db
alleen_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="alleen PostgreSQL: daar zet een trigger tijd en keten")


def regels(n, **velden):
    return Toegangslog.objects.bulk_create(
        [Toegangslog(actie="inzien", gebruikersnaam=f"keten{i}", deelnemer_id=i + 1, **velden) for i in range(n)])


def controleer(*args):
    uit = StringIO()
    call_command("controleer_toegangslog", *args, stdout=uit)
    return uit.getvalue()


def als_eigenaar(sql, params=()):
    """What the app's own role cannot do: change the log with its refusing triggers out of the way
    (here the test's database superuser; rolled back with the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # superuser only: triggers off
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = origin")
        else:
            for terug in append_only.WEIGERING_SQLITE_TERUG:
                cursor.execute(terug)
            cursor.execute(sql, params)
            for weer in append_only.WEIGERING_SQLITE:
                cursor.execute(weer)


def test_tijdstip_komt_van_de_database_niet_van_de_aanroeper():
    voor = timezone.now()
    regel = Toegangslog.objects.create(actie="inzien", gebruikersnaam="test",
                                       tijdstip=datetime(2001, 1, 1, tzinfo=UTC))
    opgeslagen = Toegangslog.objects.get(pk=regel.pk).tijdstip
    assert regel.tijdstip == opgeslagen  # handed back by the INSERT itself
    assert voor - timedelta(seconds=5) < opgeslagen < timezone.now() + timedelta(seconds=5)


def test_elke_regel_draagt_de_hash_van_de_vorige():
    eerste = Toegangslog.objects.create(actie="inzien", gebruikersnaam="a")
    tweede, derde = regels(2)
    assert tweede.volgnummer == eerste.volgnummer + 1 and derde.volgnummer == eerste.volgnummer + 2
    assert tweede.vorige_hash == eerste.hash and derde.vorige_hash == tweede.hash
    assert len({eerste.hash, tweede.hash, derde.hash}) == 3


def test_controle_meldt_een_ongeschonden_log_met_aantal_en_anker():
    regels(5)
    laatste = Toegangslog.objects.order_by("volgnummer").last()
    uit = controleer()
    assert f"Toegangslog in orde: {Toegangslog.objects.count()} regels, keten ongebroken." in uit
    assert f"{laatste.volgnummer}:{laatste.hash}" in uit
    assert "in orde" in controleer("--anker", f"{laatste.volgnummer}:{laatste.hash}")


def test_controle_meldt_de_eerste_achteraf_gewijzigde_regel():
    a, b, c, d = regels(4)
    als_eigenaar("UPDATE privacy_toegangslog SET deelnemer_id = 999 WHERE id IN (%s, %s)", [b.pk, d.pk])
    with pytest.raises(CommandError) as fout:
        controleer()
    melding = str(fout.value)
    assert f"Keten gebroken bij regel {b.volgnummer} (id {b.pk}," in melding
    assert "achteraf gewijzigd" in melding
    assert fout.value.returncode == 1


def test_controle_meldt_een_verwijderde_regel():
    a, b, c = regels(3)
    als_eigenaar("DELETE FROM privacy_toegangslog WHERE id = %s", [b.pk])
    with pytest.raises(CommandError, match=f"Keten gebroken bij regel {c.volgnummer} .*: de regels "
                                           f"{b.volgnummer} tot en met {b.volgnummer} ontbreken"):
        controleer()


def test_controle_meldt_een_regel_met_herberekende_hash_bij_de_volgende():
    # Who knows the algorithm can give a changed row a fitting hash; the next row still points at the old one.
    a, b, c = regels(3)
    waarden = list(Toegangslog.objects.filter(pk=b.pk).values_list(*keten.KETEN_VELDEN).get())
    waarden[keten.KETEN_VELDEN.index("gebruikersnaam")] = "vervalst"
    nieuwe_hash = keten.bereken_hash(b.vorige_hash, waarden)
    als_eigenaar("UPDATE privacy_toegangslog SET gebruikersnaam = 'vervalst', hash = %s WHERE id = %s",
                 [nieuwe_hash, b.pk])
    with pytest.raises(CommandError, match=f"bij regel {c.volgnummer} .*verwijst niet naar de hash van regel "
                                           f"{b.volgnummer}"):
        controleer()


def test_anker_vangt_verwijderde_laatste_regels():
    a, b, c = regels(3)
    als_eigenaar("DELETE FROM privacy_toegangslog WHERE id = %s", [c.pk])
    assert "in orde" in controleer()  # the chain alone cannot see a shortened tail
    with pytest.raises(CommandError, match=f"regel {c.volgnummer} van het anker bestaat niet meer"):
        controleer("--anker", f"{c.volgnummer}:{c.hash}")


def test_anker_met_andere_hash_wordt_gemeld():
    (a,) = regels(1)
    with pytest.raises(CommandError, match="verschilt van het anker"):
        controleer("--anker", f"{a.volgnummer}:{'f' * 64}")


def test_database_en_python_rekenen_dezelfde_hash_ook_voor_lastige_waarden():
    # On PostgreSQL the trigger computes the hash in SQL and controleer() in Python: they must agree.
    Toegangslog.objects.create(actie="zoeken", gebruikersnaam="ü€😀 a|b:c", omschrijving='regel\nnog "een" \\ -',
                               ip_adres="2001:DB8:0:0::1", gebruiker_id=0, deelnemer_id=None, rol="-", namens="5:x")
    Toegangslog.objects.create(actie="inzien", gebruikersnaam="", ip_adres="::ffff:192.0.2.1", laag="zorg")
    regels(2, ip_adres="192.0.2.7")
    assert "in orde" in controleer()


@alleen_postgres
def test_gelijktijdige_schrijvers_houden_de_keten_heel():
    """Four connections insert at once, each in transactions of several rows: the advisory lock in
    the trigger chains every row onto the last committed one."""
    instellingen = connection.settings_dict
    verbinding = {"host": instellingen["HOST"] or None, "port": instellingen["PORT"] or None,
                  "user": instellingen["USER"], "password": instellingen["PASSWORD"] or None,
                  "dbname": instellingen["NAME"], "options": "-c statement_timeout=30000"}
    fouten = []

    def schrijver(nummer):
        try:
            with psycopg.connect(**verbinding) as conn:
                for blok in range(5):
                    with conn.transaction():
                        for i in range(5):
                            conn.execute("INSERT INTO privacy_toegangslog (actie, uitkomst, gebruikersnaam, rol, "
                                         "namens, object_type, object_id, laag, omschrijving) VALUES ('inzien', "
                                         "'toegestaan', 'gelijktijdig', '', '', '', %s, '', '')",
                                         [f"{nummer}-{blok}-{i}"])
        except Exception as fout:  # reported below, in the test's own thread
            fouten.append(fout)

    draden = [threading.Thread(target=schrijver, args=(n,)) for n in range(4)]
    try:
        for draad in draden:
            draad.start()
        for draad in draden:
            draad.join()
        assert not fouten
        nieuw = Toegangslog.objects.filter(gebruikersnaam="gelijktijdig")
        assert nieuw.count() == 100
        assert "in orde" in controleer()
    finally:
        # Committed by other connections, so the test's rollback does not remove them: the tail goes
        # again, with the triggers off for this superuser session only (no table lock needed).
        with psycopg.connect(**verbinding) as conn:
            conn.execute("SET session_replication_role = replica")
            conn.execute("DELETE FROM privacy_toegangslog WHERE gebruikersnaam = 'gelijktijdig'")
