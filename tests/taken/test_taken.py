"""Background tasks (issue 12, point 4): the import, report downloads and sending a meeting run off the request.

The page of a task shows a progress bar while it runs and the result when it is done; a failed task says why
in Dutch and changed nothing; a task and its file are for the user who started it, and no one else. In the
test settings tasks run at once (the immediate backend); `test_proefdraai_door_de_databasebackend_en_worker`
runs one through the database backend and its real worker."""

import io
import json
import subprocess
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from deelnemers.models import Deelnemer, Import
from privacy.models import Toegangslog
from taken.models import Taak
from taken.uitvoeren import ALGEMENE_MELDING, Voortgang
from tests.conftest import laatste_logregel, logregels_sinds
from tests.taken.hulp import download

pytestmark = pytest.mark.django_db

KOP = "Studentnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Geslacht;Locatie;Opleiding;Crebo;Niveau;Leerjaar"
EXPORT = (f"{KOP}\r\n"
          "7710001;Zoë;;Çelik;03-04-2008;V;Gouda;Verzorgende-IG;25655;3;1\r\n"
          "7710002;Daan;van der;Meer;14-11-2007;M;Gouda;Verzorgende-IG;25655;3;2\r\n").encode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, data=EXPORT, naam="export.csv"):
    bestand = io.BytesIO(data)
    bestand.name = naam
    # A partial file: the demo's other students stay as they are.
    return client.post(reverse("deelnemers:importeren"), {"bestand": bestand, "gedeeltelijk": "on"})


def nieuw_geimporteerd():
    return Deelnemer.objects.filter(studentnummer__in=["7710001", "7710002"])


def taak_van(response) -> Taak:
    return Taak.objects.get(pk=response["Location"].split("/")[2])


def test_proefdraai_en_toepassen_lopen_als_taak(actors, client_als, media):
    client = client_als(actors["beheerder"])
    start = upload(client)
    assert start.status_code == 302 and start["Location"].startswith("/taken/")
    taak = taak_van(start)
    assert (taak.soort, taak.status, taak.totaal, taak.voortgang) == (Taak.Soort.PROEFDRAAI, Taak.Status.KLAAR, 2, 2)
    rapport = client.get(start["Location"], follow=True)
    assert rapport.redirect_chain[-1][0] == reverse("deelnemers:importeren_proefdraai",
                                                    args=[taak.resultaat["import_id"]])
    pagina = rapport.content.decode()
    assert "Proefdraai: zo zou de import uitpakken" in pagina and "Çelik" in pagina
    assert 'action="/deelnemers/importeren/toepassen/"' in pagina
    assert not nieuw_geimporteerd().exists()

    toepassen = client.post(reverse("deelnemers:importeren_toepassen"))
    assert toepassen["Location"].startswith("/taken/")
    pagina = client.get(toepassen["Location"], follow=True).content.decode()
    assert "Import toegepast: 2 nieuw" in pagina
    assert nieuw_geimporteerd().count() == 2
    assert list((media / "imports").iterdir()) == []  # the upload went with applying


def test_proefdraai_door_de_databasebackend_en_worker(actors, client_als, media, settings, monkeypatch):
    """The production path: the request only queues the task; the page shows it waiting with a progress bar
    (script from a file, a refresh without script); the worker runs it; then the page leads to the report."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = client_als(actors["beheerder"])
    start = upload(client)
    taak = taak_van(start)
    assert taak.status == Taak.Status.WACHT and not Import.objects.filter(door=actors["beheerder"]).exists()
    pagina = client.get(start["Location"])
    html = pagina.content.decode()
    assert pagina.status_code == 200 and "Deze taak wacht op zijn beurt." in html
    assert '<progress id="taak-balk" max="100"' in html and "/static/js/taak.js" in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert "<script>" not in html  # no inline script (Content-Security-Policy)
    voortgang = client.get(reverse("taken:voortgang", args=[taak.pk])).json()
    assert voortgang == {"status": "wacht", "afgelopen": False, "voortgang": 0, "totaal": None, "procent": None}

    # The worker runs inside this test's transaction: it must not close the test's connection.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    taak.refresh_from_db()
    assert taak.status == Taak.Status.KLAAR
    rapport = client.get(start["Location"], follow=True).content.decode()
    assert "Proefdraai: zo zou de import uitpakken" in rapport and "Çelik" in rapport
    assert not nieuw_geimporteerd().exists()


def test_voortgang_terwijl_de_taak_loopt(actors, client_als, media):
    taak = Taak.objects.create(soort=Taak.Soort.PROEFDRAAI, omschrijving="Proefdraai van de import",
                               gebruiker=actors["beheerder"], status=Taak.Status.BEZIG)
    Voortgang(taak)(12000, 40000)  # what the import reports after a batch
    client = client_als(actors["beheerder"])
    stand = client.get(reverse("taken:voortgang", args=[taak.pk])).json()
    assert stand == {"status": "bezig", "afgelopen": False, "voortgang": 12000, "totaal": 40000, "procent": 30}
    html = client.get(reverse("taken:taak", args=[taak.pk])).content.decode()
    assert 'value="30"' in html and "12000 van 40000" in html and "Bezig" in html


def test_bestand_met_fouten_geeft_het_nederlandse_rapport(actors, client_als, media):
    client = client_als(actors["beheerder"])
    kapot = "Naam;Klas\r\nZoë;1A\r\n".encode()
    pagina = client.get(upload(client, kapot)["Location"], follow=True).content.decode()
    assert "Het bestand bevat fouten" in pagina and "ontbreekt" in pagina
    assert "importeren/toepassen" not in pagina  # nothing to apply
    assert list((media / "imports").iterdir()) == []


def test_mislukte_taak_zegt_waarom_en_verandert_niets(actors, client_als, media, monkeypatch):
    client = client_als(actors["beheerder"])
    client.get(upload(client)["Location"], follow=True)  # the dry run, and its report

    def stuk(*args, **kwargs):
        raise RuntimeError("schijf vol")  # after the new students were written, inside the import's transaction

    monkeypatch.setattr("deelnemers.importeren._vastleggen", stuk)
    start = client.post(reverse("deelnemers:importeren_toepassen"))
    pagina = client.get(start["Location"])
    html = pagina.content.decode()
    assert pagina.status_code == 200 and taak_van(start).status == Taak.Status.MISLUKT
    assert "Er ging iets mis bij het uitvoeren van deze taak; er is niets gewijzigd." in html
    assert ALGEMENE_MELDING.startswith("Er ging iets mis")
    assert "schijf vol" not in html and "Traceback" not in html
    assert not nieuw_geimporteerd().exists()


def test_mislukte_proefdraai_bewaart_het_bestand_niet(actors, client_als, media, monkeypatch):
    def stuk(*args, **kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr("deelnemers.importeren._vastleggen", stuk)
    client = client_als(actors["beheerder"])
    pagina = client.get(upload(client)["Location"]).content.decode()
    assert "Er ging iets mis bij het uitvoeren van deze taak; er is niets gewijzigd." in pagina
    assert list((media / "imports").iterdir()) == []  # no copy of the students' data is left behind


def test_export_via_taak_geeft_echte_xlsx_en_pdf(actors, client_als, media, tmp_path):
    client = client_als(actors["manager"])
    excel = download(client, reverse("rapportage:excel", args=["zorg"]))
    assert excel["Content-Disposition"].startswith("attachment;") and ".xlsx" in excel["Content-Disposition"]
    assert load_workbook(io.BytesIO(excel.content)).sheetnames[0] == "Voorblad"
    pdf = download(client, reverse("rapportage:pdf", args=["zorg"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    (tmp_path / "zorg.pdf").write_bytes(pdf.content)
    tekst = subprocess.run(["pdftotext", str(tmp_path / "zorg.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Deelnemers in zorg naar geslacht" in tekst
    # Kept privately: in the storage under the task, never under a public URL.
    for taak in Taak.objects.filter(gebruiker=actors["manager"]):
        assert taak.bestand.startswith(f"taken/{taak.pk}/") and default_storage.exists(taak.bestand)


def test_een_ander_krijgt_404_op_taak_voortgang_en_bestand(actors, client_als, media):
    eigen = client_als(actors["manager"])
    start = eigen.post(reverse("rapportage:excel", args=["zorg"]))
    taak = taak_van(start)
    assert eigen.get(start["Location"]).status_code == 200
    for rol in ("zorgcoordinator", "beheerder", "mentor"):
        ander = client_als(actors[rol])
        na = laatste_logregel()
        for naam in ("taken:taak", "taken:voortgang", "taken:bestand"):
            assert ander.get(reverse(naam, args=[taak.pk])).status_code == 404, (rol, naam)
        assert [r.uitkomst for r in logregels_sinds(na)] == [Toegangslog.Uitkomst.GEWEIGERD] * 3


def test_verlopen_taak_is_weg_met_zijn_bestand(actors, client_als, media):
    client = client_als(actors["manager"])
    taak = taak_van(client.post(reverse("rapportage:excel", args=["zorg"])))
    assert default_storage.exists(taak.bestand)
    Taak.objects.filter(pk=taak.pk).update(verloopt=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("taken:bestand", args=[taak.pk])).status_code == 404  # gone for its owner too
    uit = io.StringIO()
    call_command("taken_opruimen", stdout=uit)
    assert uit.getvalue().strip() == "1 verlopen taak verwijderd."
    assert not Taak.objects.filter(pk=taak.pk).exists() and not default_storage.exists(taak.bestand)
    assert not (media / "taken" / str(taak.pk)).exists()


def test_versturen_via_taak_meldt_voortgang(actors, client_als, django_capture_on_commit_callbacks, monkeypatch):
    from overleg.models import Overleg

    gemeld = []
    monkeypatch.setattr("taken.uitvoeren.Voortgang.__call__",
                        lambda self, gedaan, totaal=None: gemeld.append((gedaan, totaal)))
    overleg = Overleg.objects.filter(team__naam="Intern zorgteam Gouda", status="gepland",
                                     datum__gte=timezone.localdate()).first()
    with django_capture_on_commit_callbacks(execute=True):
        start = client_als(actors["zorgcoordinator"]).post(reverse("overleg:versturen", args=[overleg.pk]))
    taak = taak_van(start)
    assert (taak.soort, taak.status) == (Taak.Soort.VERSTUREN, Taak.Status.KLAAR)
    assert gemeld and gemeld[-1][0] == gemeld[-1][1] == len(gemeld)  # one step per recipient, to the last
    assert "verstuurd naar" in json.dumps(taak.resultaat)


# The polled progress: session, user, the task. No log row: it shows no personal data.
VOORTGANG_QUERIES = 3
# The status page: the same, and the user's functies for the menu.
TAAKPAGINA_QUERIES = 4
# The file: the same as the status page (the functies for the log row's role), and the access-log row.
BESTAND_QUERIES = 5


def test_aantal_queries_van_voortgang_pagina_en_bestand(actors, client_als, media, meet):
    from tests.conftest import aantal

    taak = taak_van(client_als(actors["manager"]).post(reverse("rapportage:excel", args=["zorg"])))
    meet(actors["manager"], reverse("taken:voortgang", args=[taak.pk]), VOORTGANG_QUERIES)
    meet(actors["manager"], reverse("taken:taak", args=[taak.pk]), TAAKPAGINA_QUERIES)
    meet(actors["manager"], reverse("taken:bestand", args=[taak.pk]), aantal(BESTAND_QUERIES))
