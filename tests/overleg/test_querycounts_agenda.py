"""The meeting pages do an exact number of queries, the same with 1 and with 5 items and candidates
(the pattern of tests/test_querycounts.py: the second request of a page is measured; every access-log write
costs keten.queries_vooraf() extra on SQLite)."""

import pytest
from django.urls import reverse

from aanmelding.models import Aanmelding
from overleg.models import Aanwezigheid
from tests.conftest import aantal
from tests.factories import AanmeldingFactory, AgendapuntFactory, DeelnemerFactory, OverlegFactory, ToestemmingFactory

AANTALLEN = [1, 5]


def vul(school, overleg, n: int, *, toestemming=False):
    """n items on the agenda (every other one anonymous, with an inbrenger) and n candidates (accepted
    aanmeldingen for this team's level)."""
    bestemming = Aanmelding.Bestemming.ZAT if overleg.team == school.zat else Aanmelding.Bestemming.IZ
    for i in range(n):
        punt = AgendapuntFactory(overleg=overleg, deelnemer=DeelnemerFactory(opleiding=school.opleiding_noord),
                                 volgorde=i, anoniem=i % 2 == 1, inbrenger=school.lid)
        kandidaat = DeelnemerFactory(opleiding=school.opleiding_noord)
        AanmeldingFactory(deelnemer=kandidaat, status=Aanmelding.Status.GEACCEPTEERD, bestemming=bestemming)
        if toestemming:
            for deelnemer in (punt.deelnemer, kandidaat):
                ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc)


# Session, user, profiel; the meeting (with team, chair, minute-taker; the visibility check is one EXISTS, which
# also says the user sees it whole); the items (with student, opleiding, locatie, inbrenger and the level of the
# open traject; the anonymous letters come from them); the log write for the shown items; may edit (the team's
# locaties), may record (again), the attendance list with the users.
OVERLEGPAGINA = (9, 1)


@pytest.mark.parametrize("n", AANTALLEN)
def test_overlegpagina(school, meet, n):
    vul(school, school.overleg, n)
    Aanwezigheid.objects.create(overleg=school.overleg, gebruiker=school.lid)
    response = meet(school.zc, reverse("overleg:overleg", args=[school.overleg.pk]), aantal(*OVERLEGPAGINA))
    assert len(response.context["punten"]) == n


# Session, user, profiel; the meeting and may-edit (team's locaties); the members (the inbrenger choice); the
# candidates (team locaties, previous meeting, carried over, aanmeldingen, evaluations); the agenda (items; the
# builder shows no actions, the anonymous letters come from the items); one log write for what is shown.
BOUWER_IZ = (14, 1)
BOUWER_ZAT = (18, 1)  # + instelling, crisis and aftercare candidates, which students lack consent for the ZAT


@pytest.mark.parametrize("n", AANTALLEN)
def test_agendabouwer_iz(school, meet, n):
    vul(school, school.overleg, n)
    response = meet(school.zc, reverse("overleg:agenda_bewerken", args=[school.overleg.pk]), aantal(*BOUWER_IZ))
    assert (len(response.context["punten"]), len(response.context["kandidaten"])) == (n, n)


@pytest.mark.parametrize("n", AANTALLEN)
@pytest.mark.parametrize("toestemming", [False, True])
def test_agendabouwer_zat(school, meet, n, toestemming):
    vul(school, school.zat_overleg, n, toestemming=toestemming)
    response = meet(school.zc, reverse("overleg:agenda_bewerken", args=[school.zat_overleg.pk]),
                    aantal(*BOUWER_ZAT))
    assert len(response.context["kandidaten"]) == n
    assert all(k.alleen_anoniem != toestemming for k in response.context["kandidaten"])


# Session, user, profiel; the upcoming and the earlier meetings (per team, with the visible item count); may plan.
LIJST = (5, 0)


@pytest.mark.parametrize("n", AANTALLEN)
def test_lijst(school, meet, n):
    for _ in range(n):
        overleg = OverlegFactory(team=school.iz)
        vul(school, overleg, 1)
    response = meet(school.zc, reverse("overleg:lijst"), aantal(*LIJST))
    assert len(response.context["komend"]) == n + 2
