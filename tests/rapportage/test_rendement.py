"""The Rendement overview: time per level, closed cases by result, returns to a higher level within a year."""

from datetime import date

import pytest

from aanmelding.models import SMWContact, SMWContactsoort, SMWInterventie, SMWTraject
from rapportage.overzichten.rendement import RendementOverzicht
from tests.conftest import aantal
from tests.factories import (
    AgendapuntFactory,
    DeelnemerFactory,
    GebruikerFactory,
    NiveauwijzigingFactory,
    OverlegFactory,
    TeamFactory,
    ZorgtrajectFactory,
)
from tests.rapportage.test_zat import School, controleer_uitvoer, manager_van, rij, tabel
from zorgstructuur.models import Niveauwijziging, Team, Zorgtraject

pytestmark = pytest.mark.django_db

RENDEMENT_PAGINA = 28  # nothing kept: session, user, policy, instelling, choices (10), the overview (+6), log
RENDEMENT_BEWAARD = 9  # kept: the overview's queries and keeping it become one cache get


def smw_client(school, opleiding, minuten, datum=date(2026, 10, 1)):
    deelnemer = DeelnemerFactory(opleiding=opleiding)
    smw = GebruikerFactory()
    traject = SMWTraject.objects.create(
        zorgtraject=ZorgtrajectFactory(deelnemer=deelnemer, route=Zorgtraject.Route.SMW, niveau=None,
                                       casemanager=smw),
        deelnemer=deelnemer, aanmelder=smw, gestart=datum)
    soort = SMWContactsoort.keuzes(school.instelling.pk).first()
    aard = SMWInterventie.keuzes(school.instelling.pk).first()
    for m in minuten:
        SMWContact.objects.create(smw_traject=traject, deelnemer=deelnemer, medewerker=smw, datum=datum, minuten=m,
                                  soort=soort, aard=aard)
    return traject


@pytest.fixture
def school():
    s = School()
    s.a, s.ta = s.casus(s.o1, besprekingen=[s.iz1, s.iz2], afgesloten=date(2026, 11, 1), uitkomst="opgelost")
    s.c, s.tc = s.casus(s.o2, soort="zat", besprekingen=[s.zat1], afgesloten=date(2026, 10, 20), uitkomst="extern")
    team = TeamFactory(instelling=s.instelling, soort=Team.Soort.TEAMOVERLEG, opleidingen=[s.o1])
    AgendapuntFactory(overleg=OverlegFactory(team=team, datum=date(2026, 9, 3)), deelnemer=s.a, besproken=True,
                      minuten=20)
    # A stepped down in October and went up again in December; C closed and did not come back.
    NiveauwijzigingFactory(zorgtraject=s.ta, soort=Niveauwijziging.Soort.AFSCHALEN, datum=date(2026, 10, 1))
    NiveauwijzigingFactory(zorgtraject=s.ta, soort=Niveauwijziging.Soort.OPSCHALEN, datum=date(2026, 12, 1))
    NiveauwijzigingFactory(zorgtraject=s.tc, soort=Niveauwijziging.Soort.AFSLUITEN, datum=date(2026, 10, 20))
    # Before the period: a step down with a return more than a year later (counts in neither).
    NiveauwijzigingFactory(zorgtraject=s.tc, soort=Niveauwijziging.Soort.AFSCHALEN, datum=date(2025, 6, 1))
    smw_client(s, s.o1, [30, 45])
    return s


def test_getallen_kloppen(school):
    tabellen = RendementOverzicht().tabellen(school.filter())
    tijd = tabel(tabellen, "Tijd per niveau")
    assert rij(tijd, "Intern zorgteam") == ["<5", None, None]
    assert rij(tijd, "Zorg- en adviesteam (ZAT)") == ["<5", None, None]
    assert rij(tijd, "Teamoverleg begeleiding en zorg") == ["<5", None, None]
    assert rij(tijd, "Schoolmaatschappelijk werk (contacten)") == ["<5", None, None]
    afgesloten = tabel(tabellen, "Afgesloten casussen naar resultaat")
    assert afgesloten.kolommen == ["Basisbegeleiding / teamoverleg", "Intern zorgteam", "ZAT", "Extern"]
    assert rij(afgesloten, "Opgelost") == [0, 1, 0, 0]
    assert rij(afgesloten, "Overgenomen door extern") == [0, 0, 1, 0]
    terug = tabel(tabellen, "Terugkeer naar een hoger niveau binnen een jaar")
    assert rij(terug, "Afgeschaald") == [1, 1]
    assert rij(terug, "Afgesloten") == [1, 0]


def test_per_casus_vanaf_de_drempel(school):
    for _ in range(4):
        school.casus(school.o1, besprekingen=[school.iz1])
    tijd = tabel(RendementOverzicht().tabellen(school.filter()), "Tijd per niveau")
    assert rij(tijd, "Intern zorgteam") == [5, 90, 18.0]


def test_filters(school):
    # Level ZAT: one row, one column, no SMW.
    tabellen = RendementOverzicht().tabellen(school.filter(niveau=school.niveau["zat"]))
    assert [label for label, _ in tabel(tabellen, "Tijd per niveau").rijen] == ["Zorg- en adviesteam (ZAT)"]
    assert tabel(tabellen, "Afgesloten casussen naar resultaat").kolommen == ["ZAT"]
    assert rij(tabel(tabellen, "Terugkeer naar een hoger niveau binnen een jaar"), "Afgeschaald") == [0, 0]
    # Locatie 2: only C.
    tabellen = RendementOverzicht().tabellen(school.filter(locatie=school.l2, locatie_ids=(school.l2.pk,)))
    assert rij(tabel(tabellen, "Tijd per niveau"), "Intern zorgteam") == [0, 0, None]
    assert rij(tabel(tabellen, "Tijd per niveau"), "Schoolmaatschappelijk werk (contacten)") == [0, 0, None]
    assert rij(tabel(tabellen, "Afgesloten casussen naar resultaat"), "Opgelost") == [0, 0, 0, 0]
    # Period before December 2025's return window: the 2025 step down is counted, without return.
    tabellen = RendementOverzicht().tabellen(school.filter(van=date(2025, 1, 1), tot=date(2025, 12, 31)))
    assert rij(tabel(tabellen, "Terugkeer naar een hoger niveau binnen een jaar"), "Afgeschaald") == [1, 0]


def test_aantal_queries_groeit_niet(school, django_assert_num_queries):
    filter = school.filter()
    with django_assert_num_queries(4):
        RendementOverzicht().tabellen(filter)
    for _ in range(6):
        d, t = school.casus(school.o2, soort="zat", besprekingen=[school.zat1, school.iz1],
                            afgesloten=date(2026, 11, 3), uitkomst="opgelost")
        NiveauwijzigingFactory(zorgtraject=t, soort=Niveauwijziging.Soort.AFSLUITEN, datum=date(2026, 11, 3))
        smw_client(school, school.o2, [10])
    with django_assert_num_queries(4):
        tabellen = RendementOverzicht().tabellen(filter)
    assert rij(tabel(tabellen, "Terugkeer naar een hoger niveau binnen een jaar"), "Afgesloten") == [7, 0]
    assert rij(tabel(tabellen, "Tijd per niveau"), "Schoolmaatschappelijk werk (contacten)") == [7, 135, 19.3]


def test_scherm_excel_pdf(school, client_als, tmp_path):
    client = client_als(manager_van(school.instelling))
    controleer_uitvoer(client, "rendement", ["Tijd per niveau", "Afgesloten casussen naar resultaat",
                                             "Terugkeer naar een hoger niveau binnen een jaar"],
                       [school.a, school.c], tmp_path)


def test_pagina_queries_groeien_niet(school, meet_rapport):
    manager = manager_van(school.instelling)
    meet_rapport(manager, "/rapportage/rendement/", aantal(RENDEMENT_PAGINA), aantal(RENDEMENT_BEWAARD))
    for _ in range(8):
        school.casus(school.o2, soort="zat", besprekingen=[school.zat1, school.iz1], afgesloten=date(2026, 11, 3))
        smw_client(school, school.o1, [15])
    meet_rapport(manager, "/rapportage/rendement/", aantal(RENDEMENT_PAGINA), aantal(RENDEMENT_BEWAARD))
