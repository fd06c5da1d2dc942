"""Browser journey of schoolmaatschappelijk werk: the SMW accepts a referral, registers two contacts with time,
closes with outcome and satisfaction; the referrer answers the one satisfaction question."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aanmelding import services
from aanmelding.models import Problematiek, SMWTraject
from tests.aanmelding.conftest import VOLLEDIG
from tests.factories import als

pytestmark = pytest.mark.browser


def test_smw_accepteert_registreert_twee_contacten_en_sluit_af_met_tevredenheid(inloggen, actors, nieuwe_deelnemer):
    deelnemer = nieuwe_deelnemer
    mentor = actors["mentor"]
    a = services.aanmelding_aanmaken(deelnemer=deelnemer, door=als(mentor), bestemming="smw",
                                     problematiek=[Problematiek.objects.first()], **VOLLEDIG)
    services.aanmelding_indienen(aanmelding=a, door=als(mentor), versie=a.versie)

    page = inloggen("smw")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanmeldingen").click()
    page.get_by_role("region", name="Te beoordelen").get_by_role("link", name=deelnemer.naam).click()
    page.get_by_role("link", name="Beoordelen").click()
    page.get_by_label("Accepteren").check()
    page.get_by_role("button", name="Besluit vastleggen").click()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="SMW").click()
    expect(page.get_by_role("heading", name="SMW-caseload")).to_be_visible()
    page.get_by_role("link", name=deelnemer.naam).click()
    vandaag = timezone.localdate().strftime("%d-%m-%Y")
    for minuten, soort, verslag in [(45, "Individueel gesprek", "Eerste gesprek: zorgen over geld."),
                                    (20, "Telefonisch", "")]:
        page.get_by_role("link", name="Contact vastleggen").click()
        page.get_by_label("Datum").fill(vandaag)
        page.get_by_label("Duur in minuten").fill(str(minuten))
        page.get_by_label("Soort contact").select_option(label=soort)
        page.get_by_label("Aard van de interventie").select_option(label="Psychosociale begeleiding")
        if verslag:
            page.get_by_label("Kort verslag").fill(verslag)
            page.get_by_label("Vertrouwelijk (alleen SMW)").check()
        page.get_by_role("button", name="Contact vastleggen").click()
        expect(page.get_by_text(f"Contact vastgelegd: {minuten} minuten.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("65 minuten")
    expect(page.locator("main")).to_contain_text("Eerste gesprek: zorgen over geld.")

    page.get_by_role("link", name="Afsluiten").click()
    page.get_by_label("Opgelost").check()
    page.get_by_role("group", name=re.compile("Tevredenheid van de deelnemer")).get_by_label("4").check()
    page.get_by_label("Opmerking van de deelnemer").fill("Fijn dat er iemand meedacht.")
    page.get_by_role("button", name="Afsluiten").click()
    expect(page.get_by_text("Het SMW-traject is afgesloten: opgelost.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    page = inloggen("mentor")
    page.get_by_role("region", name="Meldingen").get_by_role("link", name=re.compile("SMW-traject")).click()
    page.get_by_label("3").check()
    page.get_by_label("Opmerking").fill("Snel opgepakt.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", name="Dank u wel")).to_be_visible()

    traject = SMWTraject.objects.get(deelnemer=deelnemer)
    assert (traject.uitkomst, traject.tevredenheid_deelnemer, traject.tevredenheid_aanmelder) == ("opgelost", 4, 3)
    assert sorted(traject.contacten.values_list("minuten", flat=True)) == [20, 45]
