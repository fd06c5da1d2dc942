"""A small school of its own for the meeting tests, built in plain sight: locatie Noord (served by the IZ
and the ZAT) and locatie Zuid (served by neither), a zorgcoördinator, a chair, a member and an outsider."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import (
    DeelnemerFactory,
    GebruikerFactory,
    InstellingFactory,
    LidmaatschapFactory,
    LocatieFactory,
    OpleidingFactory,
    OverlegFactory,
    TeamFactory,
)
from zorgstructuur.models import Functie, Partnerorganisatie, Team, Zorgniveau


class School:
    pass


@pytest.fixture
def school(db):
    s = School()
    s.instelling = InstellingFactory()
    s.noord = LocatieFactory(instelling=s.instelling, naam="Noord")
    s.zuid = LocatieFactory(instelling=s.instelling, naam="Zuid")
    s.opleiding_noord = OpleidingFactory(locatie=s.noord)
    s.opleiding_zuid = OpleidingFactory(locatie=s.zuid)
    s.iz = TeamFactory(instelling=s.instelling, soort=Team.Soort.INTERN_ZORGTEAM, naam="IZ Noord",
                       locaties=[s.noord])
    s.zat = TeamFactory(instelling=s.instelling, soort=Team.Soort.ZAT, naam="ZAT Noord", locaties=[s.noord])
    s.zc = GebruikerFactory(username="zc-overleg")
    s.voorzitter = GebruikerFactory(username="voorzitter-overleg")
    s.lid = GebruikerFactory(username="lid-overleg")
    s.buitenstaander = GebruikerFactory(username="buiten-overleg")
    begin = timezone.localdate() - timedelta(days=400)
    for team in (s.iz, s.zat):
        LidmaatschapFactory(team=team, gebruiker=s.zc, functie=Functie.ZORGCOORDINATOR, begin=begin)
        LidmaatschapFactory(team=team, gebruiker=s.voorzitter, functie=Functie.SMW, begin=begin)
    LidmaatschapFactory(team=s.iz, gebruiker=s.lid, functie=Functie.TAAKDOCENT, begin=begin)
    s.niveau = {n.soort: n for n in Zorgniveau.objects.filter(instelling=s.instelling)}
    s.overleg = OverlegFactory(team=s.iz, voorzitter=s.voorzitter)
    s.zat_overleg = OverlegFactory(team=s.zat, voorzitter=s.voorzitter)
    return s


@pytest.fixture
def deelnemer(school):
    """A student of locatie Noord."""
    return DeelnemerFactory(opleiding=school.opleiding_noord)


@pytest.fixture
def deelnemer_zuid(school):
    return DeelnemerFactory(opleiding=school.opleiding_zuid)


# ---- verslag: a held IZ meeting today with one item (an aanmelding), the student's mentor, a teacher of
# their team, the referrer, a minute-taker, and a care professional of the other locatie.

@pytest.fixture
def verslag(school, deelnemer):
    from aanmelding.models import Aanmelding
    from tests.factories import AanmeldingFactory, AgendapuntFactory, ZorgtrajectFactory

    v = school
    begin = timezone.localdate() - timedelta(days=400)
    v.klas = TeamFactory(instelling=v.instelling, soort=Team.Soort.TEAMOVERLEG, naam="Team Noord",
                         locaties=[v.noord], opleidingen=[v.opleiding_noord])
    v.mentor = GebruikerFactory(username="mentor-verslag")
    v.docent = GebruikerFactory(username="docent-verslag")
    v.aanmelder = GebruikerFactory(username="aanmelder-verslag")
    v.notulist = GebruikerFactory(username="notulist-verslag")
    v.elders = GebruikerFactory(username="elders-verslag")
    LidmaatschapFactory(team=v.klas, gebruiker=v.mentor, functie=Functie.MENTOR, begin=begin)
    LidmaatschapFactory(team=v.klas, gebruiker=v.docent, functie=Functie.DOCENT, begin=begin)
    LidmaatschapFactory(team=v.klas, gebruiker=v.aanmelder, functie=Functie.TAAKDOCENT, begin=begin)
    LidmaatschapFactory(team=v.iz, gebruiker=v.notulist, functie=Functie.SPECIALIST, begin=begin)
    zuid = TeamFactory(instelling=v.instelling, soort=Team.Soort.INTERN_ZORGTEAM, naam="IZ Zuid", locaties=[v.zuid])
    LidmaatschapFactory(team=zuid, gebruiker=v.elders, functie=Functie.SMW, begin=begin)
    deelnemer.mentor = v.mentor
    deelnemer.save()
    v.deelnemer = deelnemer
    v.traject = ZorgtrajectFactory(deelnemer=deelnemer, niveau=v.niveau[Zorgniveau.Soort.INTERN_ZORGTEAM],
                                   casemanager=v.zc)
    v.aanmelding = AanmeldingFactory(deelnemer=deelnemer, aanmelder=v.aanmelder, status=Aanmelding.Status.GEAGENDEERD,
                                     hulpvraag="Hoe krijgen we haar weer in de les?", zorgtraject=v.traject)
    v.gehouden = OverlegFactory(team=v.iz, datum=timezone.localdate(), voorzitter=v.voorzitter, notulist=v.notulist)
    v.punt = AgendapuntFactory(overleg=v.gehouden, deelnemer=deelnemer, aanmelding=v.aanmelding, inbrenger=v.lid)
    return v


# ------------------------------------------------------------------ partners op afroep

def client_van(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def jeugdhulp(school):
    return Partnerorganisatie.objects.create(instelling=school.instelling, naam="Jeugdhulp Noord",
                                             soort=Partnerorganisatie.Soort.JEUGDHULP)


@pytest.fixture
def ggz(school):
    return Partnerorganisatie.objects.create(instelling=school.instelling, naam="GGZ Noord",
                                             soort=Partnerorganisatie.Soort.GGZ)


def maak_partner(team, organisatie, username):
    """An external partner of `organisatie`, op afroep in `team` (a ZAT)."""
    partner = GebruikerFactory(username=username, first_name="Petra", last_name=f"Partner {username}")
    LidmaatschapFactory(team=team, gebruiker=partner, functie=Functie.PARTNER, organisatie=organisatie,
                        op_afroep=True, begin=timezone.localdate() - timedelta(days=30))
    return partner


@pytest.fixture
def partner(school, jeugdhulp):
    return maak_partner(school.zat, jeugdhulp, "partner-overleg")
