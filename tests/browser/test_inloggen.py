import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_zorgcoordinator_logt_in_ziet_mijn_werk_en_logt_uit(inloggen, live_server):
    page = inloggen("zorgcoordinator")
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Deelnemers")
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    page.goto(f"{live_server.url}/deelnemers/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def test_mentor_schrijft_verslag_en_zorgcoordinator_ziet_wie_keek(inloggen, live_server):
    page = inloggen("mentor")
    page.get_by_role("link", name="Deelnemers", exact=True).click()
    page.locator("table tbody tr a").first.click()
    naam = page.get_by_role("heading", level=1).inner_text()
    studentnummer = page.locator("dl.gegevens dd").first.inner_text()
    page.get_by_role("link", name="Nieuw verslag, notitie of document").click()
    page.get_by_label("Titel").fill("Gesprek in de browser")
    page.get_by_label("Tekst").fill("Afspraak: volgende week evalueren.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Gespreksverslag is opgeslagen.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    page = inloggen("zorgcoordinator")
    page.get_by_role("link", name="Deelnemers", exact=True).click()
    page.get_by_label("Zoek op naam of studentnummer").fill(studentnummer)
    page.get_by_role("button", name="Zoeken").click()
    page.locator("table tbody tr a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(naam)
    expect(page.get_by_text("Gesprek in de browser").first).to_be_visible()
    page.get_by_role("link", name="Wie keek in dit dossier").click()
    expect(page.locator("table")).to_contain_text("mentor")
