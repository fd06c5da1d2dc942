"""Browser journeys of issue 9: (1) the consent gate leads somewhere — the zorgcoördinator escalates an
IZ case to the ZAT without consent, records consent from the refusal in one click and comes back to find
what she typed; (2) the mentor submits an incomplete aanmelding and sees every missing field at once."""

import re

import pytest
from playwright.sync_api import expect

from .test_toegankelijkheid import schendingen

pytestmark = pytest.mark.browser

REDEN = "Meervoudige problematiek; het intern zorgteam wil de partners erbij."
GEDAAN = "Vier gesprekken met de taakdocent zorg, verzuimafspraken gemaakt."
EFFECT = "Verzuim daalde kort, sinds oktober weer hoog."


@pytest.fixture
def iz_casus_zonder_toestemming(actors, nieuwe_deelnemer):
    """The test's own case: a new student of the demo mentor at the intern zorgteam, without consent."""
    from tests.factories import als
    from zorgstructuur import services
    from zorgstructuur.models import Zorgniveau

    niveau = Zorgniveau.objects.get(instelling=nieuwe_deelnemer.instelling, soort=Zorgniveau.Soort.INTERN_ZORGTEAM)
    services.traject_starten(deelnemer=nieuwe_deelnemer, door=als(actors["zorgcoordinator"]), niveau=niveau,
                             reden="Aanmelding via het teamoverleg.")
    return nieuwe_deelnemer


def test_zorgcoordinator_legt_vanuit_de_weigering_toestemming_vast_en_vindt_haar_tekst_terug(
        inloggen, live_server, iz_casus_zonder_toestemming):
    deelnemer = iz_casus_zonder_toestemming
    page = inloggen("zorgcoordinator")
    page.goto(f"{live_server.url}/deelnemers/{deelnemer.pk}/zorgtraject/")
    page.get_by_role("link", name=re.compile("^Opschalen naar")).click()
    expect(page.get_by_role("heading", name="Opschalen (interventieformulier)")).to_be_visible()
    page.get_by_label("Waarom").fill(REDEN)
    page.get_by_label("Wat is op het huidige niveau gedaan").fill(GEDAAN)
    page.get_by_label("Met welk effect").fill(EFFECT)
    page.get_by_label("Geldige toestemming").check()
    page.get_by_role("button", name="Vastleggen", exact=True).click()

    omweg = page.locator("#toestemming-omweg")
    expect(omweg).to_contain_text("Niet vastgelegd")
    expect(omweg).to_have_attribute("role", "alert")
    expect(page.get_by_label("Waarom")).to_have_value(REDEN)
    assert schendingen(page) == []
    # Enter in a field still submits the decision (the detour is not the form's default button).
    with page.expect_navigation():
        page.get_by_label("Toelichting (anoniem of veiligheid)").press("Enter")
    assert page.url.endswith(f"/deelnemers/{deelnemer.pk}/zorgtraject/opschalen/")
    expect(omweg).to_contain_text("Niet vastgelegd")
    omweg.get_by_role("button", name="Toestemming vastleggen").click()  # one click

    expect(page.get_by_role("heading", name=f"Toestemming {deelnemer.naam}")).to_be_visible()
    expect(page.locator("#toestemming-nu")).to_contain_text("Nu géén geldige toestemming")
    assert REDEN not in page.url
    assert schendingen(page) == []
    from aanmelding.models import Toestemming

    gever = Toestemming.GegevenDoor(Toestemming.vereiste_gever(deelnemer.leeftijd())).label
    page.get_by_label(gever).check()
    page.get_by_label("Schriftelijk").check()
    page.get_by_label("Ja, bespreking in het ZAT").check()
    page.get_by_label("GGZ Midden-Holland").check()
    page.get_by_label("Welke informatie mag gedeeld worden").fill("Verzuim en het verslag van het IZ")
    page.get_by_role("main").get_by_role("button", name="Toestemming vastleggen").click()

    # Back at the decision, with what she typed.
    expect(page.get_by_role("heading", name="Opschalen (interventieformulier)")).to_be_visible()
    expect(page.get_by_text("De toestemming is vastgelegd: geldig voor bespreking in het ZAT")).to_be_visible()
    expect(page.get_by_text("Wat u eerder in dit formulier typte, staat er weer.")).to_be_visible()
    expect(page.get_by_label("Waarom")).to_have_value(REDEN)
    expect(page.get_by_label("Wat is op het huidige niveau gedaan")).to_have_value(GEDAAN)
    expect(page.get_by_label("Met welk effect")).to_have_value(EFFECT)
    expect(page.get_by_label("Geldige toestemming")).to_be_checked()
    expect(page.locator("#toestemming-omweg")).to_have_count(0)
    page.get_by_role("button", name="Vastleggen", exact=True).click()
    expect(page.locator("#huidig-niveau")).to_have_text("ZAT")


def test_mentor_ziet_alle_ontbrekende_velden_in_een_keer(inloggen, live_server, nieuwe_deelnemer):
    deelnemer = nieuwe_deelnemer
    page = inloggen("mentor")
    page.goto(f"{live_server.url}/deelnemers/{deelnemer.pk}/aanmelden/")
    expect(page.get_by_text("zijn verplicht om in te dienen")).to_be_visible()
    expect(page.get_by_role("textbox", name="Hulpvraag", exact=True)).to_have_attribute("aria-required", "true")
    expect(page.get_by_role("group", name="Soort vraag (verplicht)")).to_be_visible()
    page.get_by_label("Hoe wordt het probleem ervaren, en door wie").fill("Zegt zelf erg moe te zijn.")
    page.get_by_role("button", name="Indienen").click()

    overzicht = page.locator("#foutenoverzicht")
    expect(overzicht).to_be_visible()
    velden = ["Aanmelden bij", "Soort problematiek", "Beschrijving van het probleem",
              "Hoe lang bestaat het probleem al", "Wat is er al gedaan", "Met welk effect", "Hulpvraag", "Soort vraag",
              "Gemeld bij de verwijsindex (VIR)"]
    expect(overzicht.get_by_role("listitem")).to_have_count(len(velden))
    assert not deelnemer.aanmeldingen.exists()  # without a destination no concept: the page keeps it all
    for veld in velden:
        expect(overzicht.get_by_role("link", name=veld, exact=True)).to_be_visible()
    assert schendingen(page) == []
    # Each field is marked where it is, and is flagged invalid for screen readers.
    expect(page.get_by_role("textbox", name="Hulpvraag", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Formuleer de hulpvraag.").last).to_be_visible()
    expect(page.get_by_label("Hoe wordt het probleem ervaren, en door wie")).to_have_value("Zegt zelf erg moe te zijn.")
    # The summary's links take the user to the field.
    overzicht.get_by_role("link", name="Hulpvraag", exact=True).click()
    expect(page.get_by_role("textbox", name="Hulpvraag", exact=True)).to_be_focused()
