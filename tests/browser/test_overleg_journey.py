"""Browser journey of a meeting (issue 10): the zorgcoördinator builds the agenda of today's intern zorgteam
from the candidates, holds the meeting, records the discussion with a handelingsadvies and the evaluation
date, a plan with two actions and the level decision; the mentor reads the advice in the dossier; the
taakdocent zorg finds their action on Mijn werk; six weeks later the case is an evaluation candidate.

Six weeks later: the live server runs in this process, so the test moves the app's calendar day
(`django.utils.timezone.localdate`, which every due date and overdue flag asks) 45 days ahead. Moments
(`timezone.now`) stay real, so sessions, the access log and the timeline keep their true times; nothing in
the database is dated back, so what the meeting recorded stays as recorded. The same agenda builder that
does not list the case before the evaluation date then lists it, three days overdue.
"""

import re
from datetime import time, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from aanmelding import services as aanmeldingen
from aanmelding.models import Problematiek
from overleg import services
from overleg.models import Overleg
from tests.aanmelding.conftest import VOLLEDIG
from tests.factories import als
from zorgstructuur.models import Team

pytestmark = pytest.mark.browser

VERSCHUIVING = timedelta(days=45)  # six weeks and three days


@pytest.fixture
def vandaag_iz(actors, nieuwe_deelnemer):
    """A new student of the mentor with an accepted IZ aanmelding (a candidate), and an intern zorgteam
    meeting today planned by the zorgcoördinator, chaired by her, minutes by the taakdocent zorg."""
    zc = actors["zorgcoordinator"]
    a = aanmeldingen.aanmelding_aanmaken(deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]), bestemming="iz",
                                         problematiek=[Problematiek.objects.first()], **VOLLEDIG)
    a = aanmeldingen.aanmelding_indienen(aanmelding=a, door=als(actors["mentor"]), versie=a.versie)
    aanmeldingen.aanmelding_accepteren(aanmelding=a, door=als(zc))
    team = Team.objects.get(naam="Intern zorgteam Gouda")
    overleg = services.overleg_plannen(team=team, door=als(zc), datum=timezone.localdate(),
                                       begintijd=time(8, 0), eindtijd=time(9, 0), plaats="Lokaal B1.12",
                                       voorzitter=zc, notulist=actors["taakdocent"])
    return overleg, nieuwe_deelnemer


def _kandidaat(page, deelnemer):
    return page.get_by_role("region", name="Kandidaten").get_by_role("listitem").filter(
        has=page.get_by_text(deelnemer.naam, exact=True))


def test_agenda_bespreking_advies_acties_en_evaluatie_na_zes_weken(inloggen, live_server, vandaag_iz):
    overleg, deelnemer = vandaag_iz
    evaluatie = overleg.datum + timedelta(weeks=6)
    volgende = Overleg.objects.filter(team=overleg.team, status=Overleg.Status.GEPLAND,
                                      datum__gt=overleg.datum).order_by("datum").first()
    assert volgende.datum < evaluatie, "the next IZ comes before the evaluation is due"

    # The zorgcoördinator builds the agenda from the candidates.
    page = inloggen("zorgcoordinator")
    page.goto(live_server.url + reverse("overleg:overleg", args=[overleg.pk]))
    page.get_by_role("link", name="Agenda bewerken").click()
    kandidaat = _kandidaat(page, deelnemer)
    expect(kandidaat).to_contain_text("Nieuwe aanmelding")
    kandidaat.get_by_role("button", name="Op de agenda").click()
    expect(page.get_by_role("region", name="Agenda")).to_contain_text(deelnemer.naam)
    expect(_kandidaat(page, deelnemer)).to_have_count(0)

    # She holds the meeting and opens the item.
    page.get_by_role("link", name=re.compile(r"^← Intern zorgteam Gouda")).click()
    page.get_by_role("button", name="Als gehouden vastleggen").click()
    expect(page.locator("dl")).to_contain_text("Gehouden")
    page.get_by_role("row").filter(has_text=deelnemer.naam).get_by_role("link", name="Bespreking").click()
    expect(page.get_by_role("heading", name=deelnemer.naam, level=1)).to_be_visible()

    # The discussion, the advice for the team and the evaluation date.
    advies = "Laat de deelnemer in de les vooraan zitten en bespreek elke week de planning."
    page.get_by_label("Analyse").fill("Verzuim na de herfstvakantie; thuis speelt een verhuizing.")
    page.get_by_label("Besluit", exact=True).fill("Wekelijks gesprek met de taakdocent zorg; evalueren over zes weken.")
    page.get_by_label("Handelingsadvies voor het team").fill(advies)
    page.get_by_label("Volgende evaluatie").fill(f"{evaluatie:%d-%m-%Y}")
    page.get_by_role("button", name="Bespreking vastleggen").click()
    expect(page.get_by_role("heading", name=re.compile(r"Verslag \(besproken\)"))).to_be_visible()

    # A plan van aanpak with two actions.
    plan = page.get_by_role("region", name="Plan van aanpak")
    for wie, wat, dagen in [("Ingrid Hoekstra", "Wekelijks gesprek plannen met de deelnemer", 14),
                            ("Karim Bennani", "Kennismaking SMW met deelnemer en ouders", 21)]:
        plan.get_by_label(re.compile(r"^Wie\b")).select_option(label=wie)
        plan.get_by_label(re.compile(r"^Wat\b")).fill(wat)
        plan.get_by_label("Uiterlijk op").fill(f"{overleg.datum + timedelta(days=dagen):%d-%m-%Y}")
        plan.get_by_role("button", name="Actie toevoegen").click()
        expect(page.get_by_role("region", name="Plan van aanpak")).to_contain_text(wat)

    # The level decision: the case stays in the intern zorgteam.
    niveau = page.get_by_role("region", name="Niveaubesluit")
    niveau.get_by_label("Blijft op dit niveau").check()
    niveau.get_by_role("button", name="Niveaubesluit vastleggen").click()
    expect(page.locator("#niveaubesluit")).to_contain_text("Blijft op dit niveau")
    page.get_by_role("button", name="Uitloggen").click()

    # The mentor reads the advice in the dossier (not the meeting).
    page = inloggen("mentor")
    page.goto(live_server.url + reverse("deelnemers:dossier", args=[deelnemer.pk]))
    page.get_by_role("link", name=f"Handelingsadvies Intern zorgteam Gouda {overleg.datum:%d-%m-%Y}").click()
    expect(page.locator("main")).to_contain_text(advies)
    page.get_by_role("button", name="Uitloggen").click()

    # The owner of the first action finds it on Mijn werk.
    page = inloggen("taakdocent")
    acties = page.get_by_role("region", name="Mijn acties")
    expect(acties.get_by_role("listitem").filter(has_text="Wekelijks gesprek plannen met de deelnemer")
           ).to_contain_text(deelnemer.naam)
    page.get_by_role("button", name="Uitloggen").click()

    # Before the evaluation date the next IZ does not list the case; six weeks later the next IZ does.
    page = inloggen("zorgcoordinator")
    page.goto(live_server.url + reverse("overleg:agenda_bewerken", args=[volgende.pk]))
    expect(page.get_by_role("heading", name="Kandidaten")).to_be_visible()
    expect(_kandidaat(page, deelnemer)).to_have_count(0)

    echte_localdate = timezone.localdate

    def later(value=None, timezone=None):
        if value is not None:
            return echte_localdate(value, timezone)
        return echte_localdate() + VERSCHUIVING

    with mock.patch("django.utils.timezone.localdate", later):
        dan = later()
        eerstvolgende = Overleg.objects.filter(team=overleg.team, status=Overleg.Status.GEPLAND,
                                               datum__gte=dan).order_by("datum").first()
        page.goto(live_server.url + reverse("overleg:agenda_bewerken", args=[eerstvolgende.pk]))
        kandidaat = _kandidaat(page, deelnemer)
        expect(kandidaat).to_contain_text("Evaluatie")
        expect(kandidaat).to_contain_text(f"3 dagen te laat (was {evaluatie:%d-%m-%Y})")
