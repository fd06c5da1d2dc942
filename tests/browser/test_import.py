import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from deelnemers.models import Deelnemer
from tests.browser.test_toegankelijkheid import schendingen

pytestmark = pytest.mark.browser

# Students of its own (77000xx): the import adds them to the shared demo, and no other test reads them.
EXPORT = (
    "Studentnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Geslacht;Locatie;Opleiding;Crebo;Niveau;"
    "Leerjaar;Mentor\r\n"
    "7700001;Zoë;;Çelik;03-04-2008;V;Gouda;Verzorgende-IG;25655;3;1;mentor\r\n"
    "7700002;Daan;van der;Meer;14-11-2007;M;Gouda;Verzorgende-IG;25655;3;2;onbekend@example.nl\r\n"
)


def worker_draait():
    """The worker of the background tasks takes what is waiting, once (make run keeps one running)."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_beheerder_importeert_export_in_de_browser(inloggen, tmp_path, settings):
    # As in production: the request only queues the dry run; its page shows the progress until the worker ran it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    bestand = tmp_path / "export.csv"
    bestand.write_bytes(EXPORT.encode("cp1252"))
    page = inloggen("beheerder")
    page.get_by_role("link", name="Importeren", exact=True).click()
    page.get_by_label("Exportbestand uit de administratie").set_input_files(str(bestand))
    page.get_by_label("Gedeeltelijk bestand").check()
    page.get_by_role("button", name="Proefdraai").click()
    expect(page.get_by_role("heading", name="Proefdraai van de import")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Voortgang")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("wacht op zijn beurt")
    assert schendingen(page) == []  # the progress page, as axe-core reads it
    worker_draait()
    # The page asks every second how far the task is; once done, it goes on to the report by itself.
    expect(page.get_by_role("heading", name="Proefdraai: zo zou de import uitpakken")).to_be_visible()
    expect(page.get_by_text("onbekend@example.nl").first).to_be_visible()  # unknown mentor: a warning
    nieuw = page.get_by_role("region", name="Nieuwe deelnemers (2)")
    expect(nieuw.get_by_role("row", name="7700001 Zoë Çelik")).to_be_visible()
    assert schendingen(page) == []  # the report page, as axe-core reads it
    assert not Deelnemer.objects.filter(studentnummer="7700001").exists()
    page.get_by_role("button", name="Toepassen").click()
    expect(page.get_by_role("heading", name="Import toepassen")).to_be_visible()
    worker_draait()
    expect(page.get_by_role("status")).to_contain_text("Import toegepast: 2 nieuw")
    nieuw = Deelnemer.objects.get(studentnummer="7700001")
    assert (nieuw.voornaam, nieuw.achternaam, nieuw.mentor.username) == ("Zoë", "Çelik", "mentor")
