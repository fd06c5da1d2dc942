import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_zorgcoordinator_logt_in_ziet_mijn_werk_en_logt_uit(inloggen, live_server):
    page = inloggen("zorgcoordinator")
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Deelnemers")
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    page.goto(f"{live_server.url}/deelnemers/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def test_mentor_schrijft_verslag_en_zorgcoordinator_ziet_wie_keek(inloggen, nieuwe_deelnemer):
    deelnemer = nieuwe_deelnemer  # the mentor's new student: its dossier and log hold only what this test does
    page = inloggen("mentor")
    page.get_by_role("link", name="Deelnemers", exact=True).click()
    page.get_by_label("Zoek op naam of studentnummer").fill(deelnemer.studentnummer)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=f"{deelnemer.achternaam}, {deelnemer.voornaam}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(deelnemer.naam)
    page.get_by_role("link", name="Nieuw verslag, notitie of document").click()
    page.get_by_label("Titel").fill("Gesprek in de browser")
    page.get_by_label("Tekst").fill("Afspraak: volgende week evalueren.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Gespreksverslag is opgeslagen.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    page = inloggen("zorgcoordinator")
    page.get_by_role("link", name="Deelnemers", exact=True).click()
    page.get_by_label("Zoek op naam of studentnummer").fill(deelnemer.studentnummer)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=f"{deelnemer.achternaam}, {deelnemer.voornaam}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(deelnemer.naam)
    expect(page.get_by_text("Gesprek in de browser").first).to_be_visible()
    page.get_by_role("link", name="Wie keek in dit dossier").click()
    log = page.locator("table")
    expect(log).to_contain_text("mentor")
    expect(log).to_contain_text("zorgcoordinator")
    assert deelnemer.dossieritems.get().titel == "Gesprek in de browser"
