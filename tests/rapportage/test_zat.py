"""The ZAT and IZ overview: numbers right for a small known dataset, filters change them, a fixed number of
queries whatever the number of cases."""

from datetime import UTC, date, datetime

import pytest

from overleg.models import Agendapunt, Nazorg
from rapportage.exporters import Filter
from rapportage.overzichten.zat import ZatOverzicht
from tests.conftest import aantal
from tests.factories import (
    AanmeldingFactory,
    AgendapuntFactory,
    DeelnemerFactory,
    InstellingFactory,
    LocatieFactory,
    NiveauwijzigingFactory,
    OpleidingFactory,
    OverlegFactory,
    TeamFactory,
    ZorgtrajectFactory,
)
from tests.taken.hulp import download
from zorgstructuur.models import Niveauwijziging, Team, Zorgniveau, Zorgtraject

pytestmark = pytest.mark.django_db

VAN, TOT = date(2026, 8, 1), date(2027, 7, 31)
ZAT_PAGINA = 32  # nothing kept: session, user, policy, instelling, choices (10), the overview's 8 (+6), log
ZAT_BEWAARD = 9  # kept: the overview's queries and keeping it become one cache get


class School:
    """One instelling with two locaties, an IZ and a ZAT, and a few cases discussed this schooljaar."""

    def __init__(self):
        self.instelling = InstellingFactory()
        self.l1, self.l2 = LocatieFactory(instelling=self.instelling), LocatieFactory(instelling=self.instelling)
        self.o1, self.o2 = OpleidingFactory(locatie=self.l1), OpleidingFactory(locatie=self.l2)
        self.iz = TeamFactory(instelling=self.instelling, soort=Team.Soort.INTERN_ZORGTEAM,
                              locaties=[self.l1, self.l2])
        self.zat = TeamFactory(instelling=self.instelling, soort=Team.Soort.ZAT, locaties=[self.l1, self.l2])
        self.niveau = {n.soort: n for n in Zorgniveau.objects.filter(instelling=self.instelling)}
        self.iz1 = OverlegFactory(team=self.iz, datum=date(2026, 9, 11))
        self.iz2 = OverlegFactory(team=self.iz, datum=date(2026, 10, 9))
        self.zat1 = OverlegFactory(team=self.zat, datum=date(2026, 10, 16))

    def filter(self, **extra):
        waarden = {"van": VAN, "tot": TOT, "instelling": self.instelling,
                   "locatie_ids": (self.l1.pk, self.l2.pk), **extra}
        return Filter(**waarden)

    def casus(self, opleiding, *, soort="iz", besprekingen=(), aangemeld=None, afgesloten=None,
              uitkomst="", besluit=""):
        """A student with an aanmelding and traject at `soort`, discussed at the given meetings."""
        deelnemer = DeelnemerFactory(opleiding=opleiding)
        traject = ZorgtrajectFactory(deelnemer=deelnemer, niveau=self.niveau[soort])
        if afgesloten:
            traject.status, traject.afgesloten_op = Zorgtraject.Status.AFGESLOTEN, afgesloten
            traject.uitkomst = uitkomst
            traject.save()
        aanmelding = AanmeldingFactory(
            deelnemer=deelnemer, bestemming=soort, zorgtraject=traject,
            ingediend_op=datetime.combine(aangemeld or date(2026, 9, 1), datetime.min.time().replace(hour=10),
                                          tzinfo=UTC))
        for i, overleg in enumerate(besprekingen):
            AgendapuntFactory(overleg=overleg, deelnemer=deelnemer, besproken=True, minuten=15,
                              aanmelding=aanmelding if i == 0 else None,
                              reden=Agendapunt.Reden.AANMELDING if i == 0 else Agendapunt.Reden.EVALUATIE,
                              niveaubesluit=besluit if i == len(besprekingen) - 1 else "")
        return deelnemer, traject


def rij(tabel, label):
    return dict(tabel.rijen)[label]


def tabel(tabellen, titel):
    return next(t for t in tabellen if t.titel == titel)


@pytest.fixture
def school():
    s = School()
    # A: IZ twice, closed as solved; B: IZ once; C (other locatie): ZAT once, closed, with aftercare.
    s.a, s.ta = s.casus(s.o1, besprekingen=[s.iz1, s.iz2], afgesloten=date(2026, 11, 1), uitkomst="opgelost",
                        besluit="afsluiten")
    s.b, b_traject = s.casus(s.o1, besprekingen=[s.iz2], aangemeld=date(2026, 10, 1), besluit="blijft")
    s.c, s.tc = s.casus(s.o2, soort="zat", besprekingen=[s.zat1], aangemeld=date(2026, 10, 6),
                        afgesloten=date(2026, 10, 20), uitkomst="extern", besluit="extern")
    # Decisions on the level: a crisis for B (IZ, outside a meeting), C closed in the ZAT; one before the period.
    NiveauwijzigingFactory(zorgtraject=b_traject, soort=Niveauwijziging.Soort.CRISIS, datum=date(2026, 10, 20))
    NiveauwijzigingFactory(zorgtraject=s.tc, soort=Niveauwijziging.Soort.AFSLUITEN, datum=date(2026, 10, 20))
    NiveauwijzigingFactory(zorgtraject=s.tc, soort=Niveauwijziging.Soort.OPSCHALEN, datum=date(2026, 7, 1))
    Nazorg.objects.create(deelnemer=s.c, zorgtraject=s.tc, vervaldatum=date(2026, 11, 10),
                          vastgelegd_op=date(2026, 11, 10), tevredenheid_deelnemer=4, tevredenheid_aanmelder=5)
    return s


def test_getallen_kloppen(school):
    tabellen = ZatOverzicht().tabellen(school.filter())
    casussen = tabel(tabellen, "Casussen")
    assert rij(casussen, "Intern zorgteam") == [2, 3, 2]
    assert rij(casussen, "ZAT") == [1, 1, 1]
    verdeling = tabel(tabellen, "Besprekingen per casus")
    assert rij(verdeling, "1 keer") == [1, 1]
    assert rij(verdeling, "2 keer") == [1, 0]
    assert rij(verdeling, "4 keer of vaker") == [0, 0]
    interventies = tabel(tabellen, "Interventies naar aard")
    assert rij(interventies, "Afsluiten") == [1, 0]
    assert rij(interventies, "Blijft op dit niveau") == [1, 0]
    assert rij(interventies, "Overdragen aan extern") == [0, 1]
    assert rij(interventies, "Geen niveaubesluit") == [1, 0]
    besluiten = tabel(tabellen, "Besluiten over het niveau")
    assert rij(besluiten, "Crisis (direct externe hulp)") == [1, 0] and rij(besluiten, "Afsluiten") == [0, 1]
    assert rij(besluiten, "Opschalen") == [0, 0]
    uitkomsten = tabel(tabellen, "Uitkomsten van afgesloten casussen")
    assert rij(uitkomsten, "Opgelost") == [1, 0]
    assert rij(uitkomsten, "Overgenomen door extern") == [0, 1]
    tevreden = tabel(tabellen, "Tevredenheid na nazorg (ZAT): verdeling")
    assert rij(tevreden, "4") == [1, 0] and rij(tevreden, "5") == [0, 1]
    gemiddeld = tabel(tabellen, "Tevredenheid na nazorg (ZAT): gemiddelde")
    assert rij(gemiddeld, "Deelnemer") == ["<5", None]  # one answer: no mean that identifies
    tijden = tabel(tabellen, "Doorlooptijden (dagen)")
    assert rij(tijden, "Intern zorgteam: aanmelding → eerste bespreking") == ["<5", None, None]


def test_gemiddelde_en_doorlooptijden_vanaf_de_drempel(school):
    # Five more IZ cases, aangemeld 1 September, first discussed 11 September (10 days), closed 1 November.
    for _ in range(5):
        school.casus(school.o1, besprekingen=[school.iz1], afgesloten=date(2026, 11, 1), uitkomst="opgelost")
    for score in (1, 2, 3, 4, 5):
        d = DeelnemerFactory(opleiding=school.o2)
        t = ZorgtrajectFactory(deelnemer=d, niveau=school.niveau["zat"], status="afgesloten")
        Nazorg.objects.create(deelnemer=d, zorgtraject=t, vervaldatum=date(2026, 11, 1),
                              vastgelegd_op=date(2026, 11, 2), tevredenheid_deelnemer=score)
    tabellen = ZatOverzicht().tabellen(school.filter())
    tijden = tabel(tabellen, "Doorlooptijden (dagen)")
    # A (10 days) and B (aangemeld 1 Oct, discussed 9 Oct: 8 days) and five of 10 days.
    assert rij(tijden, "Intern zorgteam: aanmelding → eerste bespreking") == [7, 10.0, 10.0]
    assert rij(tijden, "Intern zorgteam: eerste bespreking → afsluiting") == [6, 51.0, 51.0]
    assert rij(tijden, "Intern zorgteam: aanmelding → afsluiting") == [6, 61.0, 61.0]
    gemiddeld = tabel(tabellen, "Tevredenheid na nazorg (ZAT): gemiddelde")
    assert rij(gemiddeld, "Deelnemer") == [6, round((4 + 1 + 2 + 3 + 4 + 5) / 6, 1)]
    assert rij(gemiddeld, "Aanmelder") == ["<5", None]


def test_filters(school):
    # Locatie 2 only: only C.
    tabellen = ZatOverzicht().tabellen(school.filter(locatie=school.l2, locatie_ids=(school.l2.pk,)))
    assert rij(tabel(tabellen, "Casussen"), "Intern zorgteam") == [0, 0, 0]
    assert rij(tabel(tabellen, "Casussen"), "ZAT") == [1, 1, 1]
    # Opleiding 1: A and B.
    tabellen = ZatOverzicht().tabellen(school.filter(opleiding=school.o1))
    assert rij(tabel(tabellen, "Casussen"), "Intern zorgteam") == [2, 3, 2]
    assert rij(tabel(tabellen, "Casussen"), "ZAT") == [0, 0, 0]
    # September only: A once; B and C not yet discussed.
    tabellen = ZatOverzicht().tabellen(school.filter(tot=date(2026, 9, 30)))
    assert rij(tabel(tabellen, "Casussen"), "Intern zorgteam") == [1, 1, 1]
    assert rij(tabel(tabellen, "Besprekingen per casus"), "1 keer") == [1, 0]
    assert rij(tabel(tabellen, "Uitkomsten van afgesloten casussen"), "Opgelost") == [0, 0]
    # Level ZAT: only the ZAT column; level IZ: no aftercare tables (aftercare is ZAT's).
    tabellen = ZatOverzicht().tabellen(school.filter(niveau=school.niveau["zat"]))
    assert tabel(tabellen, "Casussen").rijen == [("ZAT", [1, 1, 1])]
    assert tabel(tabellen, "Besprekingen per casus").kolommen == ["ZAT"]
    tabellen = ZatOverzicht().tabellen(school.filter(niveau=school.niveau["iz"]))
    assert not [t for t in tabellen if t.titel.startswith("Tevredenheid")]
    # A level outside IZ and ZAT: an explanation, no numbers.
    tabellen = ZatOverzicht().tabellen(school.filter(niveau=school.niveau["basis"]))
    assert len(tabellen) == 1 and not tabellen[0].rijen


def test_aantal_queries_groeit_niet(school, django_assert_num_queries):
    filter = school.filter()
    with django_assert_num_queries(8):
        ZatOverzicht().tabellen(filter)
    for _ in range(6):
        school.casus(school.o2, soort="zat", besprekingen=[school.zat1, school.iz1, school.iz2],
                     afgesloten=date(2026, 11, 3), uitkomst="opgelost")
    with django_assert_num_queries(8):
        tabellen = ZatOverzicht().tabellen(filter)
    assert rij(tabel(tabellen, "Besprekingen per casus"), "2 keer") == [7, 0]
    assert rij(tabel(tabellen, "Casussen"), "ZAT") == [7, 7, 7]


# ------------------------------------------------------------------ through HTTP: screen, Excel, PDF

def manager_van(instelling):
    from tests.factories import GebruikerFactory, LidmaatschapFactory
    from zorgstructuur.models import Functie

    manager = GebruikerFactory()
    LidmaatschapFactory(gebruiker=manager, functie=Functie.MANAGEMENT,
                        team=TeamFactory(instelling=instelling, soort=Team.Soort.ORGANISATIE))
    return manager


def controleer_uitvoer(client, naam, koppen, deelnemers, tmp_path):
    """Screen, Excel and PDF of overview `naam`: 200, the table headings there, no student's name or
    studentnummer anywhere, and each one access-log line (export, no student)."""
    import subprocess
    from io import BytesIO

    from openpyxl import load_workbook

    from privacy.models import Toegangslog
    from tests.conftest import laatste_logregel, logregels_sinds

    verboden = [d.achternaam for d in deelnemers] + [d.studentnummer for d in deelnemers]
    begin = laatste_logregel()
    scherm = client.get(f"/rapportage/{naam}/")
    assert scherm.status_code == 200
    html = scherm.content.decode()
    excel = download(client, f"/rapportage/{naam}/excel/")
    assert excel.status_code == 200
    boek = load_workbook(BytesIO(excel.content), read_only=True)
    cellen = " ".join([*boek.sheetnames, *(str(c) for blad in boek.worksheets
                                           for rij in blad.iter_rows(values_only=True) for c in rij if c is not None)])
    pdf = download(client, f"/rapportage/{naam}/pdf/")
    assert pdf.status_code == 200
    (tmp_path / "o.pdf").write_bytes(pdf.content)
    tekst = subprocess.run(["pdftotext", str(tmp_path / "o.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout
    for kop in koppen:
        assert kop in html and kop[:25].replace(":", " ") in cellen and kop in " ".join(tekst.split())
    for woord in verboden:
        assert woord not in html and woord not in cellen and woord not in tekst
    # Screen, Excel and PDF each logged as an export of this overview; fetching each file from its task too.
    regels = [(r.actie, r.deelnemer_id, r.object_type) for r in logregels_sinds(begin)]
    export, ophalen = (Toegangslog.Actie.EXPORTEREN, None, "rapportage"), (Toegangslog.Actie.EXPORTEREN, None, "taak")
    assert regels == [export, export, ophalen, export, ophalen]
    assert {r.object_id for r in logregels_sinds(begin) if r.object_type == "rapportage"} == {naam}
    return html


def test_scherm_excel_pdf(school, client_als, tmp_path):
    client = client_als(manager_van(school.instelling))
    html = controleer_uitvoer(client, "zat", ["Besprekingen per casus", "Interventies naar aard",
                                              "Doorlooptijden (dagen)"], [school.a, school.b, school.c], tmp_path)
    assert "&lt;5" in html or "<5" in html  # small numbers suppressed on screen


def test_pagina_queries_groeien_niet(school, meet_rapport):
    manager = manager_van(school.instelling)
    een, _ = meet_rapport(manager, "/rapportage/zat/", aantal(ZAT_PAGINA), aantal(ZAT_BEWAARD))
    for _ in range(8):
        school.casus(school.o2, soort="zat", besprekingen=[school.zat1, school.iz1])
    meet_rapport(manager, "/rapportage/zat/", aantal(ZAT_PAGINA), aantal(ZAT_BEWAARD))
    assert een.status_code == 200


def test_een_deelnemer_is_niet_te_herkennen(school):
    """Narrowed to one student (opleiding 2 holds only C): every count is 0 or hidden, and no mean, median or
    per-case figure is shown, in each of the ZAT, Rendement and SMW overviews."""
    from aanmelding.models import SMWContact, SMWContactsoort, SMWInterventie, SMWTraject
    from rapportage.maken import maak
    from rapportage.overzichten.rendement import RendementOverzicht
    from rapportage.overzichten.smw import SmwOverzicht
    from tests.factories import GebruikerFactory

    # C also has SMW: two contacts, closed with satisfaction.
    smw = GebruikerFactory()
    traject = SMWTraject.objects.create(
        zorgtraject=ZorgtrajectFactory(deelnemer=school.c, route=Zorgtraject.Route.SMW, niveau=None, casemanager=smw),
        deelnemer=school.c, aanmelder=smw, gestart=date(2026, 9, 1), afgesloten_op=date(2026, 10, 1),
        uitkomst="opgelost", tevredenheid_deelnemer=5, tevredenheid_aanmelder=4)
    for minuten in (30, 40):
        SMWContact.objects.create(smw_traject=traject, deelnemer=school.c, medewerker=smw, datum=date(2026, 9, 2),
                                  minuten=minuten, soort=SMWContactsoort.keuzes(school.instelling.pk).first(),
                                  aard=SMWInterventie.keuzes(school.instelling.pk).first())
    filter = school.filter(opleiding=school.o2)
    for exporter in (ZatOverzicht, RendementOverzicht, SmwOverzicht):
        for t in maak(exporter, filter, grafieken=False).tabellen:
            for _, waarden in t.alle_rijen:
                if t.aantallen or "(minuten)" in t.titel:
                    assert all(w in (0, "<5", "x", None) for w in waarden), (t.titel, waarden)
                elif t.kolommen[0] in ("Aantal", "Aantal reacties", "Casussen"):
                    # the count hidden, and what is derived from it (mean, median, per case) left out
                    afgeleid = [w for k, w in zip(t.kolommen[1:], waarden[1:], strict=True) if k != "Minuten"]
                    assert waarden[0] in (0, "<5") and afgeleid == [None] * len(afgeleid), (t.titel, waarden)
