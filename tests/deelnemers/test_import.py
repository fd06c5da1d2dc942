"""Import from the administration's export: reading, validation, all-or-nothing, the command, the browser."""

import csv
import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from deelnemers.importeren import KOLOMMEN, importeer
from deelnemers.models import Deelnemer, Gebeurtenis, Import, Voorbeeldregel
from privacy.actor import Actor
from privacy.models import Toegangslog
from tests.conftest import laatste_logregel
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Instelling, Lidmaatschap, Locatie, Opleiding, Team

KOP = ["Studentnummer", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum", "Geslacht", "Postcode",
       "Locatie", "Opleiding", "Crebo", "Niveau", "Leerjaar", "Mentor"]


def rij(nummer, achternaam="Jansen", **anders):
    waarden = {
        "Studentnummer": str(nummer), "Roepnaam": "Sanne", "Tussenvoegsel": "", "Achternaam": achternaam,
        "Geboortedatum": "14-03-2007", "Geslacht": "V", "Postcode": "2801ab", "Locatie": "Gouda",
        "Opleiding": "Verzorgende-IG", "Crebo": "25655", "Niveau": "3", "Leerjaar": "2", "Mentor": "",
    }
    waarden.update(anders)
    return waarden


def als_csv(rijen, *, kop=KOP, scheiding=";", codering="utf-8", bom=False) -> bytes:
    tekst = io.StringIO()
    schrijver = csv.writer(tekst, delimiter=scheiding, lineterminator="\r\n")
    schrijver.writerow(kop)
    for r in rijen:
        schrijver.writerow([r.get(naam, "") for naam in kop])
    data = tekst.getvalue().encode(codering)
    return b"\xef\xbb\xbf" + data if bom else data


def lees(data, instelling, *, naam="export.csv", proefdraai=False, gedeeltelijk=False, door=None):
    """Import as a system actor, on behalf of the user `door` if given."""
    return importeer(io.BytesIO(data), bestandsnaam=naam, instelling=instelling,
                     door=Actor.systeemactor("test", door), proefdraai=proefdraai, gedeeltelijk=gedeeltelijk)


def tellingen(resultaat):
    return resultaat.nieuw, resultaat.gewijzigd, resultaat.ongewijzigd, resultaat.uitgeschreven


def deelnemers(instelling):
    return Deelnemer.objects.filter(instelling=instelling)


@pytest.fixture
def instelling(db):
    return Instelling.objects.create(naam="Testcollege Import")


@pytest.fixture
def gouda(instelling):
    return Locatie.objects.create(instelling=instelling, naam="Gouda")


@pytest.fixture
def mentor(db):
    return get_user_model().objects.create_user("j.devries", email="J.deVries@testcollege.example")


def _lid(instelling, username, functie, soort=Team.Soort.ORGANISATIE, **extra):
    user = get_user_model().objects.create_user(username, **extra)
    team = Team.objects.create(instelling=instelling, soort=soort, naam=f"Team {username}")
    Lidmaatschap.objects.create(team=team, gebruiker=user, functie=functie)
    return user


@pytest.fixture
def beheerder(instelling):
    return _lid(instelling, "imp.beheerder", Functie.BEHEERDER)


# ---------------------------------------------------------------- reading

@pytest.mark.django_db
@pytest.mark.parametrize("scheiding", [",", ";"])
def test_komma_en_puntkomma_worden_herkend(instelling, scheiding):
    data = als_csv([rij(1001, Achternaam="Jansen, de"), rij(1002)], scheiding=scheiding)
    resultaat = lees(data, instelling)
    assert resultaat.fouten == []
    assert resultaat.nieuw == 2
    assert deelnemers(instelling).get(studentnummer="1001").achternaam == "Jansen, de"


@pytest.mark.django_db
@pytest.mark.parametrize("bom", [False, True])
def test_utf8_met_en_zonder_bom(instelling, bom):
    data = als_csv([rij(1001, Roepnaam="Zoë", achternaam="Öztürk")], bom=bom)
    assert lees(data, instelling).fouten == []
    deelnemer = deelnemers(instelling).get()
    assert (deelnemer.studentnummer, deelnemer.voornaam, deelnemer.achternaam) == ("1001", "Zoë", "Öztürk")


@pytest.mark.django_db
def test_windows_1252_wordt_herkend(instelling):
    rijen = [rij(1, achternaam="Çelik"), rij(2, Roepnaam="Zoë", achternaam="Müller")]
    assert lees(als_csv(rijen, codering="cp1252"), instelling).fouten == []
    assert set(deelnemers(instelling).values_list("voornaam", "achternaam")) == {("Sanne", "Çelik"),
                                                                                ("Zoë", "Müller")}


@pytest.mark.django_db
@pytest.mark.parametrize("tekst", ["05-03-2008", "5-3-2008", "05/03/2008", "2008-03-05"])
def test_datumnotaties(instelling, tekst):
    assert lees(als_csv([rij(1, Geboortedatum=tekst)]), instelling).fouten == []
    assert deelnemers(instelling).get().geboortedatum == date(2008, 3, 5)


@pytest.mark.django_db
def test_kolomnamen_ongeacht_hoofdletters_spaties_en_accenten(instelling):
    kop = [" studentNUMMER ", "voornaam", "ACHTERNAAM", "Geboorte datum", "geslacht", "locatie", "Opleiding ",
           "Crébo", "niveau", "leer_jaar"]
    waarden = dict(zip(kop, ["77", "Daan", "Bakker", "1-2-2006", "man", "Gouda", "Entree", "25253", "1", "1"],
                       strict=True))
    resultaat = lees(als_csv([waarden], kop=kop), instelling)
    assert resultaat.fouten == []
    assert resultaat.waarschuwingen == []
    d = deelnemers(instelling).get()
    assert (d.studentnummer, d.voornaam, d.achternaam, d.geboortedatum, d.geslacht, d.niveau, d.leerjaar) == (
        "77", "Daan", "Bakker", date(2006, 2, 1), "m", 1, 1)
    assert d.opleiding.crebo == "25253"


def test_standaardkolommen_dekken_de_administratie():
    namen = {naam for aliassen in KOLOMMEN.values() for naam in aliassen}
    assert {"Studentnummer", "Roepnaam", "Voornaam", "Tussenvoegsel", "Achternaam", "Geboortedatum",
            "Geslacht", "Straat", "Huisnummer", "Postcode", "Woonplaats", "Locatie", "Opleiding", "Crebo",
            "Niveau", "Leerjaar", "Mentor", "Vooropleiding", "Inschrijfdatum", "Uitschrijfdatum",
            "Woonsituatie", "Verzuim", "Etnische afkomst"} <= namen


@pytest.mark.django_db
def test_xlsx_met_echte_datumcellen_en_getallen(instelling):
    werkboek = Workbook()
    blad = werkboek.active
    blad.append(["Studentnummer", "Roepnaam", "Achternaam", "Geboortedatum", "Locatie", "Opleiding", "Niveau",
                 "Inschrijfdatum", "Verzuim"])
    blad.append([123456, "Fenna", "de Boer", datetime(2007, 11, 30), "Alphen", "Logistiek medewerker", 2,
                 "20-08-2024", 12.5])
    blad.append([])  # empty rows at the end of a sheet are skipped
    buffer = io.BytesIO()
    werkboek.save(buffer)
    resultaat = lees(buffer.getvalue(), instelling, naam="Export.XLSX")
    assert resultaat.fouten == []
    d = deelnemers(instelling).get()
    assert (d.studentnummer, d.geboortedatum, d.niveau, d.inschrijfdatum, d.ongeoorloofd_verzuim_uren) == (
        "123456", date(2007, 11, 30), 2, date(2024, 8, 20), 13)


@pytest.mark.django_db
def test_kapot_excelbestand_geeft_nette_fout(instelling):
    resultaat = lees(b"PK\x03\x04 geen echt werkboek", instelling, naam="export.xlsx")
    assert resultaat.fouten == [
        (None, "Het Excel-bestand kan niet worden gelezen. Sla het op als .xlsx of als CSV.")]


# ---------------------------------------------------------------- dry run and validation

@pytest.mark.django_db
def test_proefdraai_wijzigt_niets_maar_telt(instelling, beheerder):
    data = als_csv([rij(1), rij(2, Locatie="Alphen", Opleiding="Entree")])
    resultaat = lees(data, instelling, proefdraai=True, door=beheerder)
    assert tellingen(resultaat) == (2, 0, 0, 0)
    assert resultaat.nieuwe_locaties == ["Gouda", "Alphen"]
    assert not resultaat.toegepast
    assert not deelnemers(instelling).exists()
    assert not Locatie.objects.filter(instelling=instelling).exists()
    record = Import.objects.get(pk=resultaat.import_id)
    assert (record.proefdraai, record.nieuw, record.door, record.bestandsnaam) == (
        True, 2, beheerder, "export.csv")


@pytest.mark.django_db
def test_foute_rijen_met_rijnummer_en_nederlandse_melding(instelling):
    data = als_csv([
        rij(""),  # rij 2
        rij(1003, Geboortedatum="31-02-2024"),  # rij 3
        rij(1004),  # rij 4
        rij(1004),  # rij 5
        rij(1006, Niveau="5"),  # rij 6
        rij(1007, achternaam=""),  # rij 7
        rij(1008, Leerjaar="twee"),  # rij 8
        rij(1009),  # rij 9: goed
    ])
    resultaat = lees(data, instelling, proefdraai=True)
    assert resultaat.fouten == [
        (2, "Studentnummer ontbreekt."),
        (3, "Geboortedatum: 31-02-2024 is geen geldige datum."),
        (5, "Studentnummer 1004 komt meer dan eens voor (ook in rij 4)."),
        (6, "Niveau moet tussen 1 en 4 liggen, niet 5."),
        (7, "Achternaam ontbreekt."),
        (8, "Leerjaar 'twee' is geen getal."),
    ]
    assert resultaat.nieuw == 2


@pytest.mark.django_db
def test_ontbrekende_kolom_is_een_bestandsfout(instelling):
    kop = [naam for naam in KOP if naam != "Studentnummer"]
    resultaat = lees(als_csv([rij(1)], kop=kop), instelling)
    assert resultaat.fouten == [(1, "Kolom 'Studentnummer' ontbreekt.")]
    assert resultaat.rijen == 0


@pytest.mark.django_db
def test_onbekende_kolom_is_een_waarschuwing(instelling):
    resultaat = lees(als_csv([rij(1)], kop=[*KOP, "Schoenmaat"]), instelling)
    assert resultaat.fouten == []
    assert resultaat.waarschuwingen == [(1, "Kolom 'Schoenmaat' is onbekend en wordt niet ingelezen.")]


@pytest.mark.django_db
def test_een_foute_rij_en_er_verandert_niets(instelling):
    resultaat = lees(als_csv([rij(1), rij(2), rij(3, Geboortedatum="31-02-2024")]), instelling)
    assert len(resultaat.fouten) == 1
    assert not resultaat.toegepast
    assert not deelnemers(instelling).exists()
    assert not Locatie.objects.filter(instelling=instelling).exists()
    record = Import.objects.get(pk=resultaat.import_id)
    assert (record.proefdraai, record.fouten) == (False, 1)


@pytest.mark.django_db
def test_leeg_bestand(instelling):
    assert lees(b"", instelling).fouten == [(None, "Het bestand is leeg.")]
    assert lees(als_csv([]), instelling).fouten == [(None, "Het bestand bevat geen deelnemers.")]


# ---------------------------------------------------------------- applying

@pytest.mark.django_db
def test_nieuwe_deelnemers_krijgen_een_tijdlijnregel(instelling, beheerder):
    lees(als_csv([rij(1)]), instelling, door=beheerder)
    d = deelnemers(instelling).get()
    assert (d.status, d.postcode, d.geslacht, d.opleiding.naam, d.locatie.naam) == (
        "actief", "2801 AB", "v", "Verzorgende-IG", "Gouda")
    regel = Gebeurtenis.objects.get(deelnemer=d)
    assert (regel.omschrijving, regel.laag, regel.actor, regel.object_id) == (
        "Ingeschreven bij Verzorgende-IG", Laag.BASIS, beheerder, None)


@pytest.mark.django_db
def test_tweede_keer_toepassen_verandert_niets(instelling, mentor):
    data = als_csv([rij(1, Mentor="j.devries"), rij(2), rij(3, Geslacht="x", Niveau="")])
    assert lees(data, instelling).nieuw == 3
    bijgewerkt = dict(deelnemers(instelling).values_list("studentnummer", "bijgewerkt"))
    with CaptureQueriesContext(connection) as queries:
        resultaat = lees(data, instelling)
    assert tellingen(resultaat) == (0, 0, 3, 0)
    assert dict(deelnemers(instelling).values_list("studentnummer", "bijgewerkt")) == bijgewerkt
    # Only the run's own record: the Import row and its access-log row.
    schrijven = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))
                 and "deelnemers_import" not in q["sql"] and "privacy_toegangslog" not in q["sql"]]
    assert schrijven == []


@pytest.mark.django_db
def test_wijziging_wordt_bijgewerkt(instelling):
    lees(als_csv([rij(1), rij(2)]), instelling)
    resultaat = lees(als_csv([rij(1, achternaam="Visser"), rij(2)]), instelling)
    assert (resultaat.gewijzigd, resultaat.ongewijzigd) == (1, 1)
    assert deelnemers(instelling).get(studentnummer="1").achternaam == "Visser"


@pytest.mark.django_db
def test_volledig_bestand_schrijft_ontbrekende_uit(instelling):
    lees(als_csv([rij(1), rij(2), rij(3)]), instelling)
    resultaat = lees(als_csv([rij(1), rij(2)]), instelling)
    assert (resultaat.uitgeschreven, resultaat.ongewijzigd) == (1, 2)
    weg = deelnemers(instelling).get(studentnummer="3")
    assert (weg.status, weg.uitschrijfdatum) == ("uitgeschreven", timezone.localdate())
    regel = weg.gebeurtenissen.get(soort="uitgeschreven")
    assert (regel.omschrijving, regel.laag) == ("Uitgeschreven (volgens administratie)", "basis")


@pytest.mark.django_db
def test_gedeeltelijk_bestand_schrijft_niemand_uit(instelling):
    lees(als_csv([rij(1), rij(2), rij(3)]), instelling)
    resultaat = lees(als_csv([rij(1, achternaam="Visser")]), instelling, gedeeltelijk=True)
    assert (resultaat.gewijzigd, resultaat.uitgeschreven) == (1, 0)
    assert deelnemers(instelling).filter(status="actief").count() == 3


@pytest.mark.django_db
def test_andere_instelling_blijft_buiten_schot(instelling):
    andere = Deelnemer.objects.exclude(instelling=instelling).filter(status="actief").count()
    lees(als_csv([rij(1)]), instelling)
    assert Deelnemer.objects.exclude(instelling=instelling).filter(status="actief").count() == andere


@pytest.mark.django_db
def test_uitgeschreven_deelnemer_in_bestand_wordt_weer_actief(instelling):
    lees(als_csv([rij(1), rij(2)]), instelling)
    lees(als_csv([rij(1)]), instelling)
    resultaat = lees(als_csv([rij(1), rij(2)]), instelling)
    assert resultaat.gewijzigd == 1
    terug = deelnemers(instelling).get(studentnummer="2")
    assert (terug.status, terug.uitschrijfdatum) == ("actief", None)
    assert terug.gebeurtenissen.filter(omschrijving="Opnieuw ingeschreven bij Verzorgende-IG").exists()


@pytest.mark.django_db
def test_uitschrijfdatum_in_het_verleden_houdt_uitgeschreven(instelling):
    gisteren = f"{timezone.localdate() - timedelta(days=1):%d-%m-%Y}"
    morgen = f"{timezone.localdate() + timedelta(days=1):%d-%m-%Y}"
    kop = [*KOP, "Uitschrijfdatum"]
    lees(als_csv([rij(1), rij(2)], kop=kop), instelling)
    data = als_csv([rij(1, Uitschrijfdatum=gisteren), rij(2, Uitschrijfdatum=morgen)], kop=kop)
    resultaat = lees(data, instelling)
    assert resultaat.gewijzigd == 2
    assert dict(deelnemers(instelling).values_list("studentnummer", "status")) == {"1": "uitgeschreven",
                                                                                   "2": "actief"}


@pytest.mark.django_db
def test_nieuwe_locaties_en_opleidingen_worden_aangemaakt(instelling, gouda):
    bestaand = Opleiding.objects.create(locatie=gouda, naam="Entree", crebo="")
    resultaat = lees(als_csv([
        rij(1, Locatie="gouda", Opleiding="ENTREE", Crebo="25253"),
        rij(2, Locatie="Alphen", Opleiding="Software Developer", Crebo="25604"),
        rij(3, Locatie="Alphen", Opleiding="software developer"),
    ]), instelling)
    assert resultaat.nieuwe_locaties == ["Alphen"]
    assert resultaat.nieuwe_opleidingen == ["Software Developer (crebo 25604), locatie Alphen"]
    bestaand.refresh_from_db()
    assert bestaand.crebo == "25253"
    assert deelnemers(instelling).get(studentnummer="1").opleiding == bestaand
    software = Opleiding.objects.get(locatie__instelling=instelling, naam="Software Developer")
    assert (software.crebo, software.locatie.naam, software.deelnemers.count()) == ("25604", "Alphen", 2)


@pytest.mark.django_db
def test_mentor_op_email_of_gebruikersnaam(instelling, mentor):
    lees(als_csv([rij(1, Mentor="j.devries@TESTCOLLEGE.example"), rij(2, Mentor="J.DeVries")]), instelling)
    assert set(deelnemers(instelling).values_list("mentor", flat=True)) == {mentor.pk}


@pytest.mark.django_db
def test_onbekende_mentor_is_een_waarschuwing(instelling):
    resultaat = lees(als_csv([rij(1, Mentor="niemand@testcollege.example")]), instelling)
    assert resultaat.fouten == []
    assert resultaat.waarschuwingen == [
        (2, "Mentor 'niemand@testcollege.example' is onbekend; de deelnemer wordt zonder mentor ingelezen.")]
    assert deelnemers(instelling).get().mentor is None


@pytest.mark.django_db
def test_etnische_afkomst_alleen_als_de_instelling_dat_registreert(instelling):
    kop = [*KOP, "Etnische afkomst"]
    resultaat = lees(als_csv([rij(1, **{"Etnische afkomst": "Surinaams"})], kop=kop), instelling)
    assert deelnemers(instelling).get().etnische_afkomst == ""
    assert "registreert geen etnische afkomst" in resultaat.waarschuwingen[0][1]
    instelling.etnische_afkomst_registreren = True
    instelling.save()
    lees(als_csv([rij(1, **{"Etnische afkomst": "Surinaams"})], kop=kop), instelling)
    assert deelnemers(instelling).get().etnische_afkomst == "Surinaams"


# ---------------------------------------------------------------- management command

@pytest.fixture
def exportbestand(tmp_path):
    def schrijf(rijen, naam="export.csv"):
        pad = tmp_path / naam
        pad.write_bytes(als_csv(rijen, codering="cp1252"))
        return str(pad)

    return schrijf


@pytest.mark.django_db
def test_opdracht_toont_rapport_en_past_toe(instelling, exportbestand):
    uit = io.StringIO()
    call_command("importeer_deelnemers", exportbestand([rij(1), rij(2, Mentor="onbekend")]),
                 instelling=instelling.naam, stdout=uit)
    tekst = uit.getvalue()
    assert "Import toegepast." in tekst
    assert "Nieuw:          2" in tekst
    assert "Nieuwe locaties (1):\n  Gouda" in tekst
    assert "Rij 3: Mentor 'onbekend' is onbekend" in tekst
    assert deelnemers(instelling).count() == 2


@pytest.mark.django_db
def test_opdracht_proefdraai(instelling, exportbestand):
    uit = io.StringIO()
    call_command("importeer_deelnemers", exportbestand([rij(1)]), "--dry-run", "--gedeeltelijk",
                 "--instelling", instelling.naam, stdout=uit)
    assert "Proefdraai" in uit.getvalue()
    assert not deelnemers(instelling).exists()


@pytest.mark.django_db
def test_opdracht_met_fouten_stopt_met_foutcode(instelling, exportbestand):
    uit = io.StringIO()
    with pytest.raises(CommandError, match="1 fout"):
        call_command("importeer_deelnemers", exportbestand([rij(1), rij(2, Niveau="5")]),
                     instelling=instelling.naam, stdout=uit)
    assert "Rij 3: Niveau moet tussen 1 en 4 liggen, niet 5." in uit.getvalue()
    assert not deelnemers(instelling).exists()


@pytest.mark.django_db
def test_opdracht_vraagt_instelling_als_er_meer_zijn(instelling, exportbestand):
    assert Instelling.objects.count() > 1
    with pytest.raises(CommandError, match="--instelling"):
        call_command("importeer_deelnemers", exportbestand([rij(1)]), stdout=io.StringIO())


@pytest.mark.django_db
def test_opdracht_onbekend_bestand(instelling):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("importeer_deelnemers", "/bestaat/niet.csv", instelling=instelling.naam)


# ---------------------------------------------------------------- browser

@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, data, naam="export.csv", **velden):
    bestand = io.BytesIO(data)
    bestand.name = naam
    return client.post(reverse("deelnemers:importeren"), {"bestand": bestand, **velden}, follow=True)


@pytest.mark.django_db
def test_beheerder_proefdraai_en_toepassen(client, instelling, beheerder, media):
    client.force_login(beheerder)
    rijen = [rij(1, achternaam="Çelik"), rij(2, Locatie="Alphen", Mentor="onbekend")]
    data = als_csv(rijen, codering="cp1252")
    response = upload(client, data)
    assert response.status_code == 200
    pagina = response.content.decode()
    assert "Proefdraai: zo zou de import uitpakken" in pagina
    assert "<th scope=\"row\">Nieuw</th><td><a href=\"#lijst-nieuw\">2</a></td>" in pagina
    assert "Alphen" in pagina and "Mentor &#x27;onbekend&#x27; is onbekend" in pagina
    assert not deelnemers(instelling).exists()
    assert len(list((media / "imports").iterdir())) == 1

    response = client.post(reverse("deelnemers:importeren_toepassen"))
    assert response.status_code == 302
    assert set(deelnemers(instelling).values_list("achternaam", flat=True)) == {"Çelik", "Jansen"}
    assert list((media / "imports").iterdir()) == []
    assert list(Import.objects.filter(instelling=instelling).values_list("proefdraai", "nieuw")) == [
        (False, 2), (True, 2)]
    assert list(Toegangslog.objects.filter(object_type="import").values_list("actie", flat=True)
                .order_by("tijdstip")) == ["aanmaken", "inzien", "wijzigen"]  # inzien: the report
    assert response["Location"].startswith("/taken/")  # the task's page: done, it leads back with the outcome
    pagina = client.get(response["Location"], follow=True).content.decode()
    assert "Import toegepast: 2 nieuw" in pagina


@pytest.mark.django_db
def test_superuser_kiest_de_instelling(client, instelling, media):
    admin = get_user_model().objects.create_superuser("imp.admin", "admin@testcollege.example", "x" * 12)
    client.force_login(admin)
    assert "Kies de instelling." in upload(client, als_csv([rij(1)])).content.decode()
    response = upload(client, als_csv([rij(1)]), instelling=instelling.pk)
    assert "Proefdraai" in response.content.decode()
    client.post(reverse("deelnemers:importeren_toepassen"))
    assert deelnemers(instelling).count() == 1


@pytest.mark.django_db
def test_toepassen_geweigerd_na_proefdraai_met_fouten(client, instelling, beheerder, media):
    client.force_login(beheerder)
    response = upload(client, als_csv([rij(1), rij(1)]))
    assert "Het bestand bevat fouten" in response.content.decode()
    assert "Toepassen</button>" not in response.content.decode()
    response = client.post(reverse("deelnemers:importeren_toepassen"), follow=True)
    assert "Er is geen gecontroleerd bestand om toe te passen" in response.content.decode()
    assert not deelnemers(instelling).exists()
    assert not (media / "imports").exists() or list((media / "imports").iterdir()) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("naam", "data", "melding"), [
    ("export.pdf", b"%PDF-1.4", "Alleen CSV-bestanden (.csv) en Excel-bestanden (.xlsx)"),
    ("export.csv", b"", "Het bestand is leeg."),
    ("export.xlsx", b"Studentnummer;Achternaam", "Dit is geen Excel-bestand"),
    ("export.csv", b"\x00\x01\x02", "Dit is geen CSV-bestand"),
])
def test_verkeerd_bestand_geeft_nederlandse_melding(client, beheerder, media, naam, data, melding):
    client.force_login(beheerder)
    response = upload(client, data, naam=naam)
    assert response.status_code == 200
    assert melding in response.content.decode()


@pytest.mark.django_db
def test_te_groot_bestand(client, instelling, beheerder, media, settings):
    settings.MAX_UPLOAD_MB = 1
    client.force_login(beheerder)
    response = upload(client, b"x" * (1024 * 1024 + 1))
    assert "Het bestand is groter dan 1 MB." in response.content.decode()


@pytest.mark.django_db
def test_mentor_mag_niet_importeren(client, instelling, media):
    client.force_login(_lid(instelling, "imp.mentor", Functie.MENTOR, soort=Team.Soort.TEAMOVERLEG))
    assert client.get(reverse("deelnemers:importeren")).status_code == 403
    assert upload(client, als_csv([rij(1)])).status_code == 403
    assert client.post(reverse("deelnemers:importeren_toepassen")).status_code == 403
    assert not deelnemers(instelling).exists()


@pytest.mark.django_db
def test_toepassen_alleen_met_post(client, beheerder):
    client.force_login(beheerder)
    assert client.get(reverse("deelnemers:importeren_toepassen")).status_code == 405


@pytest.mark.django_db
def test_aantal_queries_groeit_niet_met_het_aantal_rijen(instelling):
    def queries_voor(aantal, begin):
        data = als_csv([rij(begin + n) for n in range(aantal)])
        with CaptureQueriesContext(connection) as queries:
            assert lees(data, instelling, proefdraai=True).nieuw == aantal
        return [q["sql"] for q in queries.captured_queries]

    klein, groot = queries_voor(20, 1000), queries_voor(400, 5000)
    # Reads: users, locaties, opleidingen, one SELECT of students per batch, the active students.
    lezen = [len([sql for sql in lijst if sql.startswith("SELECT")]) for lijst in (klein, groot)]
    assert lezen[0] == lezen[1]
    # Writes are bulk: SQLite splits a bulk INSERT by its parameter limit, PostgreSQL does not.
    assert len(groot) < 400 / 10


@pytest.mark.django_db
def test_gewijzigde_gegevens_komen_op_de_tijdlijn_zonder_waarden(instelling, mentor):
    lees(als_csv([rij(1)]), instelling)
    lees(als_csv([rij(1, Mentor="j.devries", Postcode="2802 CD")]), instelling)
    d = deelnemers(instelling).get()
    regel = Gebeurtenis.objects.filter(deelnemer=d, soort="gegevens").get()
    assert "mentor / SLB-er" in regel.omschrijving and "postcode" in regel.omschrijving
    assert "2802" not in regel.omschrijving and "devries" not in regel.omschrijving


# ---------------------------------------------------------------- the access log: browser and command alike

def importregels(na: int) -> list[Toegangslog]:
    """The rows the import writes; reading its report ("inzien") is the browser's own."""
    return list(Toegangslog.objects.filter(id__gt=na, object_type="import").exclude(actie="inzien").order_by("id"))



def inhoud(regels) -> list[tuple]:
    return [(r.actie, r.uitkomst, r.deelnemer_id, r.omschrijving) for r in regels]


@pytest.mark.django_db
def test_opdracht_schrijft_dezelfde_logregels_als_de_browser(client, instelling, beheerder, media, exportbestand):
    rijen = [rij(1), rij(2, Locatie="Alphen")]
    client.force_login(beheerder)
    begin = laatste_logregel()
    upload(client, als_csv(rijen, codering="cp1252"))
    client.post(reverse("deelnemers:importeren_toepassen"))
    browser = importregels(na=begin)

    andere = Instelling.objects.create(naam="Testcollege Opdrachtregel")
    begin = laatste_logregel()
    pad = exportbestand(rijen)
    call_command("importeer_deelnemers", pad, "--dry-run", instelling=andere.naam, stdout=io.StringIO())
    call_command("importeer_deelnemers", pad, instelling=andere.naam, stdout=io.StringIO())
    opdracht = importregels(na=begin)

    telling = "2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 uitgeschreven, 0 fouten"
    assert inhoud(opdracht) == inhoud(browser) == [
        ("aanmaken", "toegestaan", None, f"proefdraai import deelnemers: {telling}"),
        ("wijzigen", "toegestaan", None, f"import deelnemers toegepast: {telling}"),
    ]
    assert {(r.gebruikersnaam, r.rol) for r in browser} == {("imp.beheerder", "Functioneel beheerder")}
    assert {(r.gebruikersnaam, r.rol, r.gebruiker_id) for r in opdracht} == {
        ("(systeem: importeer_deelnemers)", "systeem (importeer_deelnemers)", None)}
    # Each row names the Import record of its run.
    runs = Import.objects.filter(instelling=andere).order_by("tijdstip", "id").values_list("pk", flat=True)
    assert [r.object_id for r in opdracht] == [str(pk) for pk in runs]


@pytest.mark.django_db
def test_opdracht_namens_een_gebruiker(instelling, beheerder, exportbestand):
    begin = laatste_logregel()
    call_command("importeer_deelnemers", exportbestand([rij(1)]), "--door", beheerder.username,
                 instelling=instelling.naam, stdout=io.StringIO())
    [regel] = importregels(na=begin)
    assert (regel.actie, regel.gebruikersnaam, regel.gebruiker_id, regel.rol) == (
        "wijzigen", "imp.beheerder", beheerder.pk, "systeem (importeer_deelnemers)")
    assert Import.objects.get(instelling=instelling).door == beheerder
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("importeer_deelnemers", exportbestand([rij(1)]), "--door", "niemand",
                     instelling=instelling.naam, stdout=io.StringIO())


@pytest.mark.django_db
def test_afgebroken_import_komt_ook_in_het_log(instelling, exportbestand):
    begin = laatste_logregel()
    with pytest.raises(CommandError):
        call_command("importeer_deelnemers", exportbestand([rij(1), rij(1)]), instelling=instelling.naam,
                     stdout=io.StringIO())
    assert inhoud(importregels(na=begin)) == [
        ("wijzigen", "toegestaan", None,
         "import deelnemers afgebroken: 1 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 uitgeschreven, 1 fouten")]
    assert not deelnemers(instelling).exists()


@pytest.mark.django_db
def test_tijdlijnregels_van_de_import_hebben_een_soort(instelling):
    lees(als_csv([rij(1), rij(2)]), instelling)
    lees(als_csv([rij(1, achternaam="Visser")]), instelling)
    soorten = set(Gebeurtenis.objects.filter(deelnemer__instelling=instelling).values_list("soort", flat=True))
    assert soorten == {Gebeurtenis.Soort.INGESCHREVEN, Gebeurtenis.Soort.GEGEVENS, Gebeurtenis.Soort.UITGESCHREVEN}


# ---------------------------------------------------------------- the report: who is new, changes, leaves

def _rapport(client, response):
    """The report page the upload redirects to."""
    assert response.redirect_chain[-1][0].startswith("/deelnemers/importeren/proefdraai/")
    return response.content.decode()


def _sectie(pagina: str, soort: str) -> str:
    begin = pagina.index(f'id="lijst-{soort}"')
    return pagina[begin:pagina.index("</section>", begin)]


@pytest.mark.django_db
def test_rapport_toont_wie_nieuw_is_wat_verandert_en_wie_vertrekt(client, instelling, beheerder, media):
    lees(als_csv([rij(1001, Roepnaam="Anna"), rij(1002, Roepnaam="Bram", Postcode="2801AA"),
                  rij(1003, Roepnaam="Cas", achternaam="Smit")]), instelling)
    bram = deelnemers(instelling).get(studentnummer="1002")
    cas = deelnemers(instelling).get(studentnummer="1003")
    client.force_login(beheerder)
    begin = laatste_logregel()

    response = upload(client, als_csv([rij(1001, Roepnaam="Anna"), rij(1002, Roepnaam="Bram", Postcode="2411XY"),
                                       rij(1004, Roepnaam="Dirk", achternaam="Visser")]))
    pagina = _rapport(client, response)

    assert "1004" in _sectie(pagina, "nieuw") and "Dirk Visser" in _sectie(pagina, "nieuw")
    gewijzigd = _sectie(pagina, "gewijzigd")
    assert "1002" in gewijzigd and "Bram Jansen" in gewijzigd and "postcode" in gewijzigd
    # The names of the changed fields, never the values: not the old address, not the new one.
    assert "2801" not in pagina and "2411" not in pagina
    assert "1003" in _sectie(pagina, "uitgeschreven") and "Cas Smit" in _sectie(pagina, "uitgeschreven")
    assert "Anna" not in pagina  # unchanged students are counted, not listed
    assert 'action="/deelnemers/importeren/toepassen/"' in pagina

    # Whose names the beheerder saw: the page, and each existing student it named.
    gelezen = Toegangslog.objects.filter(id__gt=begin, actie="inzien")
    assert set(gelezen.exclude(deelnemer_id=None).values_list("deelnemer_id", flat=True)) == {bram.pk, cas.pk}
    assert gelezen.filter(object_type="import", deelnemer_id=None).count() == 1


@pytest.mark.django_db
def test_rapport_bladert_per_lijst(client, instelling, beheerder, media):
    lees(als_csv([rij(1), rij(2)]), instelling)
    client.force_login(beheerder)
    response = upload(client, als_csv([rij(nummer) for nummer in range(1001, 1121)]))
    pagina = _rapport(client, response)
    nieuw = _sectie(pagina, "nieuw")
    assert "Nieuwe deelnemers (120)" in nieuw and "1–50 van 120" in nieuw
    assert "<td>1050</td>" in nieuw and "<td>1051</td>" not in nieuw
    assert "Volgende 50" in nieuw and "Vorige 50" not in nieuw
    assert "1–2 van" not in _sectie(pagina, "uitgeschreven")  # two students: one page, no pager

    url = response.redirect_chain[-1][0]
    derde = client.get(url, {"nieuw": 3}).content.decode()
    nieuw = _sectie(derde, "nieuw")
    assert "101–120 van 120" in nieuw and "<td>1101</td>" in nieuw and "<td>1100</td>" not in nieuw
    assert "Vorige 50" in nieuw and "Volgende 50" not in nieuw
    assert "<td>1</td>" in _sectie(derde, "uitgeschreven")  # the other list stays on its page
    assert client.get(url, {"nieuw": "999"}).status_code == 200  # beyond the end: the last page


@pytest.mark.django_db
def test_rapport_alleen_voor_wie_de_proefdraai_deed(client, instelling, beheerder, media):
    client.force_login(beheerder)
    url = upload(client, als_csv([rij(1001)])).redirect_chain[-1][0]
    collega = _lid(instelling, "imp.collega", Functie.BEHEERDER)
    client.force_login(collega)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_regels_van_de_proefdraai_verdwijnen_na_toepassen_en_bij_een_nieuwe_proefdraai(
        client, instelling, beheerder, media):
    client.force_login(beheerder)
    upload(client, als_csv([rij(1001)]))
    eerste = Import.objects.get(proefdraai=True)
    assert eerste.voorbeeld.filter(soort="nieuw").count() == 1
    upload(client, als_csv([rij(1001), rij(1002)]))
    assert not eerste.voorbeeld.exists()
    tweede = Import.objects.filter(proefdraai=True).latest("id")
    assert tweede.voorbeeld.filter(soort="nieuw").count() == 2
    client.post(reverse("deelnemers:importeren_toepassen"))
    assert not Voorbeeldregel.objects.exists()


@pytest.mark.django_db
def test_proefdraai_met_fouten_toont_de_fouten_en_geen_toepassen(client, instelling, beheerder, media):
    client.force_login(beheerder)
    pagina = _rapport(client, upload(client, als_csv([rij(1001), rij(1002, Niveau="9")])))
    assert "Het bestand bevat fouten" in pagina
    assert "Niveau moet tussen 1 en 4 liggen" in _sectie(pagina, "fout")
    assert "importeren/toepassen" not in pagina


@pytest.mark.django_db
def test_opdracht_noemt_de_eerste_deelnemers_per_soort(instelling, exportbestand):
    lees(als_csv([rij(1), rij(2)]), instelling)
    uit = io.StringIO()
    rijen = [rij(1, Postcode="2411XY")] + [rij(nummer, Roepnaam="Noor") for nummer in range(1001, 1031)]
    call_command("importeer_deelnemers", exportbestand(rijen), "--dry-run", instelling=instelling.naam, stdout=uit)
    tekst = uit.getvalue()
    assert "Nieuw (de eerste 20 van 30):\n  1001  Noor Jansen" in tekst
    assert "Gewijzigd (1):\n  1  Sanne Jansen  (postcode)" in tekst
    assert "Uitgeschreven (1):\n  2  Sanne Jansen" in tekst
    assert not Voorbeeldregel.objects.exists()  # the command keeps no lines


# ---------------------------------------------------------------- the sample export in docs/

@pytest.mark.django_db
@pytest.mark.parametrize("naam", ["voorbeeld-export.csv", "voorbeeld-export.xlsx"])
def test_voorbeeldexport_past_bij_de_demo(naam):
    """docs/voorbeeld-export.* is the demo's administration a little later: six new students, five whose
    data changed, three who left; the rest as they are (within the school year the demo was made for)."""
    from zorgstructuur.demo import INSTELLING

    pad = Path(__file__).resolve().parents[2] / "docs" / naam
    with pad.open("rb") as bestand:
        resultaat = importeer(bestand, bestandsnaam=naam, instelling=Instelling.objects.get(naam=INSTELLING),
                              door=Actor.systeemactor("test"), proefdraai=True)
    assert resultaat.fouten == [] and resultaat.waarschuwingen == []
    assert (resultaat.nieuw, resultaat.uitgeschreven) == (6, 3)
    assert resultaat.gewijzigd >= 5 and resultaat.gewijzigd + resultaat.ongewijzigd == 197
    assert {nummer for _rij, nummer, _naam, _velden in resultaat.voorbeeld["gewijzigd"]} >= {
        "2400005", "2400012", "2400033", "2400077", "2400120"}


@pytest.mark.django_db
def test_rapport_queries_groeien_niet_met_het_bestand(client, instelling, beheerder, media):
    """Per page: session, user and profile, the import record, per list a count and a page, the new
    locaties/opleidingen, the access-log rows, the recent imports — the same for 10 rows as for 200."""
    client.force_login(beheerder)

    def queries(aantal):
        url = upload(client, als_csv([rij(nummer) for nummer in range(1, aantal + 1)])).redirect_chain[-1][0]
        with CaptureQueriesContext(connection) as vastgelegd:
            assert client.get(url).status_code == 200
        return len(vastgelegd)

    assert queries(10) == queries(200)


@pytest.mark.django_db
def test_rapport_met_een_nul_teken_in_een_foute_cel(client, instelling, beheerder, media):
    """A message that quotes a cell with NUL is stored without it (PostgreSQL refuses NUL in text)."""
    client.force_login(beheerder)
    rijen = [rij(nummer) for nummer in range(1001, 1101)] + [rij(2000, Niveau="9\x00")]
    pagina = _rapport(client, upload(client, als_csv(rijen)))
    assert "Niveau &#x27;9&#x27; is geen getal" in _sectie(pagina, "fout")
