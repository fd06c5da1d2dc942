"""A small school of its own for the meeting tests, built in plain sight: locatie Noord (served by the IZ
and the ZAT) and locatie Zuid (served by neither), a zorgcoördinator, a chair, a member and an outsider."""

from datetime import timedelta

import pytest
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
from zorgstructuur.models import Functie, Team, Zorgniveau


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
