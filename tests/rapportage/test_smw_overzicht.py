"""The SMW overview: time per month, locatie and kind; interventions; clients and outcomes; satisfaction."""

from datetime import date

import pytest

from aanmelding.models import SMWContact, SMWContactsoort, SMWInterventie, SMWTraject
from rapportage.onderdrukking import herleidbaar
from rapportage.overzichten.smw import SmwOverzicht
from tests.conftest import aantal
from tests.factories import DeelnemerFactory, GebruikerFactory, LidmaatschapFactory, TeamFactory, ZorgtrajectFactory
from tests.rapportage.test_zat import School, controleer_uitvoer, manager_van, rij, tabel
from tests.taken.hulp import download
from zorgstructuur.models import Functie, Team, Zorgtraject

pytestmark = pytest.mark.django_db

SMW_PAGINA = 29  # nothing kept: session, user, policy, instelling, choices (10), the overview (+6), log
SMW_EIGEN_PAGINA = 28  # the same for the SMW (their own work): fewer reach queries than management
SMW_BEWAARD = 9  # kept: the overview's queries and keeping it become one cache get
SMW_EIGEN_BEWAARD = 8


class SmwSchool(School):
    def __init__(self):
        super().__init__()
        self.smw = GebruikerFactory()
        self.soort = {s.naam: s for s in SMWContactsoort.keuzes(self.instelling.pk)}
        self.aard = {a.naam: a for a in SMWInterventie.keuzes(self.instelling.pk)}

    def client(self, opleiding, gestart, contacten=(), *, smw=None, afgesloten=None, uitkomst="", eigen=False,
               deelnemer_score=None, aanmelder_score=None):
        smw = smw or self.smw
        deelnemer = DeelnemerFactory(opleiding=opleiding)
        traject = SMWTraject.objects.create(
            zorgtraject=ZorgtrajectFactory(deelnemer=deelnemer, route=Zorgtraject.Route.SMW, niveau=None,
                                           casemanager=smw),
            deelnemer=deelnemer, aanmelder=smw, gestart=gestart, afgesloten_op=afgesloten, uitkomst=uitkomst,
            eigen_aanmelding=eigen, tevredenheid_deelnemer=deelnemer_score, tevredenheid_aanmelder=aanmelder_score)
        for datum, minuten, soort, aard in contacten:
            SMWContact.objects.create(smw_traject=traject, deelnemer=deelnemer, medewerker=smw, datum=datum,
                                      minuten=minuten, soort=self.soort[soort], aard=self.aard[aard])
        return traject


@pytest.fixture
def school():
    s = SmwSchool()
    s.x = s.client(s.o1, date(2026, 9, 5), [
        (date(2026, 9, 10), 30, "Individueel gesprek", "Psychosociale begeleiding"),
        (date(2026, 10, 5), 45, "Telefonisch", "Kortdurende hulpverlening")],
        afgesloten=date(2026, 10, 30), uitkomst="opgelost", deelnemer_score=4, aanmelder_score=3)
    s.andere_smw = GebruikerFactory()
    s.y = s.client(s.o2, date(2026, 10, 1), [
        (date(2026, 10, 12), 60, "Individueel gesprek", "Psychosociale begeleiding")], eigen=True, smw=s.andere_smw)
    # Started last schooljaar, contact then, closed this September.
    s.z = s.client(s.o1, date(2026, 6, 1), [(date(2026, 6, 10), 20, "Huisbezoek", "Bemiddeling")],
                   afgesloten=date(2026, 9, 15), uitkomst="gestopt")
    return s


def test_getallen_kloppen(school):
    tabellen = SmwOverzicht().tabellen(school.filter())
    maand = tabel(tabellen, "Tijd per maand (minuten)")
    assert maand.kolommen == [school.l1.naam, school.l2.naam, "Totaal"]
    assert len(maand.rijen) == 12 and maand.rijen[0] == ("aug 2026", [0, 0, 0])
    # The time of one or two clients is never shown.
    assert rij(maand, "sep 2026") == ["x", 0, "x"]
    assert rij(maand, "okt 2026") == ["x", "x", "x"]
    soort = tabel(tabellen, "Tijd per soort contact (minuten)")
    assert soort.rijen == [("Individueel gesprek", ["x", "x", "x"]), ("Telefonisch", ["x", 0, "x"])]
    interventies = tabel(tabellen, "Interventies naar aard")
    assert interventies.rijen == [("Psychosociale begeleiding", [2, 2]), ("Kortdurende hulpverlening", [1, 1])]
    clienten = tabel(tabellen, "Cliënten gestart en afgesloten")
    assert clienten.rijen == [("Gestart", [2]), ("waarvan eigen aanmelding", [1]), ("Afgesloten", [2])]
    uitkomsten = tabel(tabellen, "Uitkomsten van afgesloten cliënten")
    assert rij(uitkomsten, "Opgelost") == [1] and rij(uitkomsten, "Gestopt door deelnemer") == [1]
    assert rij(uitkomsten, "Doorverwezen") == [0]
    verdeling = tabel(tabellen, "Tevredenheid SMW: verdeling")
    assert rij(verdeling, "4") == [1, 0] and rij(verdeling, "3") == [0, 1]
    assert rij(tabel(tabellen, "Tevredenheid SMW: gemiddelde"), "Deelnemer") == ["<5", None]


def test_tijd_vanaf_de_drempel():
    s = SmwSchool()
    for _ in range(5):
        s.client(s.o1, date(2026, 9, 1), [(date(2026, 9, 2), 10, "Individueel gesprek", "Bemiddeling")])
        s.client(s.o1, date(2026, 10, 1), [(date(2026, 10, 2), 30, "Telefonisch", "Bemiddeling")])
    for _ in range(6):
        s.client(s.o2, date(2026, 9, 1), [(date(2026, 9, 3), 20, "Individueel gesprek", "Bemiddeling")])
    tabellen = SmwOverzicht().tabellen(s.filter())
    maand = tabel(tabellen, "Tijd per maand (minuten)")
    assert rij(maand, "sep 2026") == [50, 120, 170] and rij(maand, "okt 2026") == [150, 0, 150]
    assert maand.totaal_rij == ("Totaal", [200, 120, 320])
    soort = tabel(tabellen, "Tijd per soort contact (minuten)")
    assert soort.rijen == [("Individueel gesprek", [50, 120, 170]), ("Telefonisch", [150, 0, 150])]
    # One client more in October at locatie 2: that cell is hidden, and so much more that it cannot be computed
    # from the totals.
    s.client(s.o2, date(2026, 10, 1), [(date(2026, 10, 9), 15, "Telefonisch", "Bemiddeling")])
    for t in SmwOverzicht().tabellen(s.filter())[:2]:
        waarden = [w for _, rij_ in t.alle_rijen for w in rij_]
        assert "x" in waarden and 15 not in waarden
        n, m = len(t.rijen), len(t.kolommen) - 1
        assert not herleidbaar(n, m, t.onderdrukt), t.titel


def test_gemiddelde_vanaf_de_drempel(school):
    for score in (1, 2, 5, 5):
        school.client(school.o2, date(2026, 9, 1), afgesloten=date(2026, 11, 1), uitkomst="opgelost",
                      deelnemer_score=score)
    gemiddeld = tabel(SmwOverzicht().tabellen(school.filter()), "Tevredenheid SMW: gemiddelde")
    assert rij(gemiddeld, "Deelnemer") == [5, round((4 + 1 + 2 + 5 + 5) / 5, 1)]
    assert rij(gemiddeld, "Aanmelder") == ["<5", None]


def test_filters(school):
    tabellen = SmwOverzicht().tabellen(school.filter(locatie=school.l2, locatie_ids=(school.l2.pk,)))
    assert tabel(tabellen, "Tijd per maand (minuten)").kolommen == [school.l2.naam]
    assert rij(tabel(tabellen, "Tijd per maand (minuten)"), "okt 2026") == ["x"]
    assert tabel(tabellen, "Interventies naar aard").rijen == [("Psychosociale begeleiding", [1, 1])]
    assert tabel(tabellen, "Cliënten gestart en afgesloten").rijen == [
        ("Gestart", [1]), ("waarvan eigen aanmelding", [1]), ("Afgesloten", [0])]
    # September only: X started, Z closed; only September's time.
    tabellen = SmwOverzicht().tabellen(school.filter(tot=date(2026, 9, 30)))
    assert [label for label, _ in tabel(tabellen, "Tijd per maand (minuten)").rijen] == ["aug 2026", "sep 2026"]
    assert tabel(tabellen, "Tijd per soort contact (minuten)").rijen == [("Individueel gesprek", ["x", 0, "x"])]
    assert tabel(tabellen, "Cliënten gestart en afgesloten").rijen == [
        ("Gestart", [1]), ("waarvan eigen aanmelding", [0]), ("Afgesloten", [1])]
    # Last schooljaar: Z's home visit.
    tabellen = SmwOverzicht().tabellen(school.filter(van=date(2025, 8, 1), tot=date(2026, 7, 31)))
    assert tabel(tabellen, "Tijd per soort contact (minuten)").rijen == [("Huisbezoek", ["x", 0, "x"])]
    # A level: SMW is not on the ladder.
    tabellen = SmwOverzicht().tabellen(school.filter(niveau=school.niveau["iz"]))
    assert len(tabellen) == 1 and not tabellen[0].rijen


def test_smw_ziet_eigen_werk_management_alles(school):
    # The SMW of X and Z (no management or zorgcoördinator functie): only their own clients and contacts.
    LidmaatschapFactory(gebruiker=school.smw, functie=Functie.SMW, team=school.iz)
    tabellen = SmwOverzicht().tabellen(school.filter(gebruiker=school.smw))
    assert rij(tabel(tabellen, "Interventies naar aard"), "Psychosociale begeleiding") == [1, 1]
    assert rij(tabel(tabellen, "Tijd per maand (minuten)"), "okt 2026") == ["x", 0, "x"]
    assert tabel(tabellen, "Cliënten gestart en afgesloten").rijen[0] == ("Gestart", [1])
    manager = GebruikerFactory()
    LidmaatschapFactory(gebruiker=manager, functie=Functie.MANAGEMENT,
                        team=TeamFactory(instelling=school.instelling, soort=Team.Soort.ORGANISATIE))
    tabellen = SmwOverzicht().tabellen(school.filter(gebruiker=manager))
    assert rij(tabel(tabellen, "Interventies naar aard"), "Psychosociale begeleiding") == [2, 2]


def test_aantal_queries_groeit_niet(school, django_assert_num_queries):
    filter = school.filter()
    with django_assert_num_queries(5):
        SmwOverzicht().tabellen(filter)
    for i in range(8):
        school.client(school.o2, date(2026, 11, 1), [(date(2026, 11, 2), 10, "Huisbezoek", "Verwijzing")] * 2,
                      afgesloten=date(2026, 12, 1), uitkomst="doorverwezen", deelnemer_score=1 + i % 5)
    with django_assert_num_queries(5):
        tabellen = SmwOverzicht().tabellen(filter)
    assert rij(tabel(tabellen, "Interventies naar aard"), "Verwijzing") == [8, 16]


def test_scherm_excel_pdf(school, client_als, tmp_path):
    client = client_als(manager_van(school.instelling))
    html = controleer_uitvoer(client, "smw", ["Tijd per maand (minuten)", "Interventies naar aard",
                                              "Tevredenheid SMW: verdeling"],
                              [school.x.deelnemer, school.y.deelnemer, school.z.deelnemer], tmp_path)
    assert "Individueel gesprek" in html


def test_pagina_queries_groeien_niet(school, meet_rapport):
    manager = manager_van(school.instelling)
    meet_rapport(manager, "/rapportage/smw/", aantal(SMW_PAGINA), aantal(SMW_BEWAARD))
    for i in range(8):
        school.client(school.o2, date(2026, 11, 1), [(date(2026, 11, 2), 10, "Huisbezoek", "Verwijzing")],
                      afgesloten=date(2026, 12, 1), uitkomst="doorverwezen", deelnemer_score=1 + i % 5)
    meet_rapport(manager, "/rapportage/smw/", aantal(SMW_PAGINA), aantal(SMW_BEWAARD))


def test_demo_smw_ziet_eigen_smw_overzicht(actors, client_als):
    """The demo SMW reaches the SMW overview (their own work), not the ZAT or Rendement overview; the
    manager reaches all three. Each page with the demo's data renders."""
    smw = client_als(actors["smw"])
    assert smw.get("/rapportage/smw/").status_code == 200
    assert smw.get("/rapportage/zat/").status_code == 403
    assert smw.get("/rapportage/rendement/").status_code == 403
    manager = client_als(actors["manager"])
    for naam in ("smw", "zat", "rendement"):
        assert manager.get(f"/rapportage/{naam}/").status_code == 200


def test_filter_via_de_pagina(school, client_als):
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_als(manager_van(school.instelling))
    boek = load_workbook(BytesIO(download(client, f"/rapportage/smw/excel/?locatie={school.l2.pk}").content))
    blad = boek["Tijd per maand (minuten)"]
    rijen = [r for r in blad.iter_rows(values_only=True) if r and r[0]]
    assert rijen[0][:2] == ("Maand", school.l2.naam)
    assert ("okt 2026", "x") in [r[:2] for r in rijen]
    antwoord = client.get("/rapportage/smw/?van=2026-10-01&tot=2026-09-01")
    assert antwoord.status_code == 400


def test_smw_pagina_eigen_werk_en_queries(school, client_als, meet_rapport):
    from io import BytesIO

    from openpyxl import load_workbook

    LidmaatschapFactory(gebruiker=school.smw, functie=Functie.SMW, team=school.iz)
    boek = load_workbook(BytesIO(download(client_als(school.smw), "/rapportage/smw/excel/").content))
    rijen = {r[0]: r[1:] for r in boek["Tijd per maand (minuten)"].iter_rows(values_only=True) if r and r[0]}
    assert rijen["okt 2026"][:2] == ("x", 0)  # not the other SMW's client at locatie 2
    meet_rapport(school.smw, "/rapportage/smw/", aantal(SMW_EIGEN_PAGINA), aantal(SMW_EIGEN_BEWAARD))
    for i in range(6):
        school.client(school.o2, date(2026, 11, 1), [(date(2026, 11, 2), 10, "Huisbezoek", "Verwijzing")],
                      smw=school.smw if i % 2 else school.andere_smw)
    meet_rapport(school.smw, "/rapportage/smw/", aantal(SMW_EIGEN_PAGINA), aantal(SMW_EIGEN_BEWAARD))


def test_policy_beslist_wie_alleen_eigen_smw_werk_ziet(actors):
    # The overview asks the one policy; an SMW only as SMW, management and the zorgcoördinator see all.
    from privacy import policy

    assert policy.smw_alleen_eigen_werk(actors["smw"]) == actors["smw"]
    assert policy.smw_alleen_eigen_werk(actors["manager"]) is None
    assert policy.smw_alleen_eigen_werk(actors["zorgcoordinator"]) is None
    assert policy.smw_alleen_eigen_werk(None) is None  # the command line: the filters alone
    # An SMW who is also zorgcoördinator sees the SMW work of their reach, not only their own.
    school = SmwSchool()
    LidmaatschapFactory(gebruiker=school.smw, functie=Functie.SMW, team=school.iz)
    assert policy.smw_alleen_eigen_werk(school.smw) == school.smw
    LidmaatschapFactory(gebruiker=school.smw, functie=Functie.ZORGCOORDINATOR, team=school.iz)
    opnieuw = type(school.smw).objects.get(pk=school.smw.pk)  # the profile is kept per request (user object)
    assert policy.smw_alleen_eigen_werk(opnieuw) is None
