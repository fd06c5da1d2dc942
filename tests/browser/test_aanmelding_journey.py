"""Browser journey of the care route: the mentor files an aanmelding for the intern zorgteam, the taakdocent
zorg accepts it, the zorgtraject shows level intern zorgteam, the mentor sees "geaccepteerd"."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_mentor_meldt_aan_taakdocent_accepteert_traject_in_intern_zorgteam(inloggen, nieuwe_deelnemer):
    deelnemer = nieuwe_deelnemer  # the mentor's new student in Verzorgende-IG: no aanmelding, no traject
    page = inloggen("mentor")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanmeldingen").click()
    page.get_by_role("link", name="Nieuwe aanmelding").click()
    page.get_by_label("Zoek op naam of studentnummer").fill(deelnemer.studentnummer)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=deelnemer.naam).click()
    expect(page.get_by_role("heading", name="Aanmeldformulier")).to_be_visible()
    expect(page.locator("main")).to_contain_text(deelnemer.studentnummer)  # prefilled, not retyped

    page.get_by_label("Intern zorgteam", exact=True).check()
    page.get_by_label("Verzuim", exact=True).check()
    page.get_by_label("Beschrijving van het probleem").fill("Komt sinds de herfstvakantie vaak te laat.")
    page.get_by_label("Hoe lang bestaat het probleem al").select_option(label="Eén tot drie maanden")
    page.get_by_label("Wat is er al gedaan").fill("Twee gesprekken en afspraken over melden.")
    page.get_by_label("Met welk effect").fill("Een week beter, daarna terugval.")
    page.get_by_role("textbox", name="Hulpvraag", exact=True).fill("Wat speelt er en hoe kunnen we helpen?")
    page.get_by_label("Gezamenlijke aanpak").check()
    page.get_by_label("Gemeld bij de verwijsindex (VIR)").select_option(label="Nee")
    page.get_by_label("Is de deelnemer geïnformeerd over de aanmelding").select_option(label="Ja")
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_text("De aanmelding voor Intern zorgteam is ingediend.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    page = inloggen("taakdocent")
    # Mijn werk names the waiting aanmelding's student (the notification of it is this line).
    wacht = page.get_by_role("region", name=re.compile("Aanmeldingen die op uw beoordeling wachten"))
    expect(wacht.get_by_role("link", name=deelnemer.naam)).to_be_visible()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanmeldingen").click()
    page.get_by_role("region", name="Te beoordelen").get_by_role("link", name=deelnemer.naam).click()
    page.get_by_role("link", name="Beoordelen").click()
    page.get_by_label("Accepteren").check()
    page.get_by_label("Bericht aan de aanmelder").fill("Komt dinsdag in het intern zorgteam.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("heading", name=f"Zorgtraject {deelnemer.naam}")).to_be_visible()
    expect(page.locator("#huidig-niveau")).to_have_text("Intern zorgteam")
    page.get_by_role("button", name="Uitloggen").click()

    page = inloggen("mentor")
    meldingen = page.get_by_role("region", name="Meldingen")
    expect(meldingen.get_by_role("link", name=f"Uw aanmelding voor Intern zorgteam is geaccepteerd: {deelnemer.naam}")
           ).to_be_visible()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanmeldingen").click()
    rij = page.get_by_role("region", name="Mijn aanmeldingen").get_by_role("row").filter(has_text=deelnemer.naam)
    expect(rij).to_contain_text("Geaccepteerd")
    expect(rij).to_contain_text("Komt dinsdag in het intern zorgteam.")
    aanmelding = deelnemer.aanmeldingen.get()  # what the browser made, in the shared database
    assert (aanmelding.status, aanmelding.aanmelder.username) == ("geaccepteerd", "mentor")
    assert deelnemer.zorgtrajecten.get().niveau.naam == "Intern zorgteam"
