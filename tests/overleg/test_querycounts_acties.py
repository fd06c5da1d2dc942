"""Exact query counts of the pages of actions and aftercare, the same with one and with many (as
tests/test_querycounts.py: the second request is measured; the first writes the session stamp). A count is
(queries on PostgreSQL, log writes): each log write costs one more query on SQLite (privacy.keten)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from overleg.models import Overleg
from tests.conftest import aantal
from tests.factories import ActieFactory, AgendapuntFactory, DeelnemerFactory, OverlegFactory
from tests.overleg.test_nazorg import zat_besluit

VEEL = 12  # more than Mijn acties shows (10)
PAGINA_VOL = 60  # more than a page of the overview (50)






def acties(school, eigenaar, n, team=None):
    """`n` open actions of `eigenaar`, one per student, half of them overdue."""
    overleg = OverlegFactory(team=team or school.iz, status=Overleg.Status.GEHOUDEN,
                             datum=timezone.localdate() - timedelta(days=30))
    for i in range(n):
        punt = AgendapuntFactory(overleg=overleg, deelnemer=DeelnemerFactory(opleiding=school.opleiding_noord),
                                 besproken=True)
        ActieFactory(agendapunt=punt, eigenaar=eigenaar, deadline=timezone.localdate() + timedelta(days=i - n // 2))


# Mijn werk of an IZ member (school.lid): session, user, profiel; Mijn acties: the open own actions (11, with
# item, meeting, team, student, owner) and one log write; then signals, notifications, own students and their
# count (none of them here).
MIJN_WERK_LID = (9, 1)


@pytest.mark.parametrize("n", [1, VEEL])
def test_mijn_werk_met_mijn_acties(school, meet, n):
    acties(school, school.lid, n)
    response = meet(school.lid, reverse("mijn_werk"), aantal(*MIJN_WERK_LID))
    paneel = next(p.context for p in response.context["panelen"] if p.template == "overleg/_acties_paneel.html")
    assert len(paneel["acties"]) == min(n, 10)


# The zorgcoördinator's Mijn werk adds to the above the crisis panel, the intake count and the aftercare count
# (the locaties with their instelling, then the count: no names, so no log write).
MIJN_WERK_ZC = (13, 1)


@pytest.mark.parametrize("n", [1, VEEL])
def test_mijn_werk_zorgcoordinator_met_nazorg(school, meet, n):
    acties(school, school.zc, n, team=school.zat)
    for _ in range(n):
        zat_besluit(school, DeelnemerFactory(opleiding=school.opleiding_noord))
    response = meet(school.zc, reverse("mijn_werk"), aantal(*MIJN_WERK_ZC))
    paneel = next(p.context for p in response.context["panelen"] if p.template == "overleg/_acties_nazorg_paneel.html")
    assert paneel["aantal"] == n


# The overview for the zorgcoördinator: session, user, profiel, the teams they oversee, the count and the page
# of open actions (with item, meeting, team, student, owner), one log write.
OVERZICHT_ZC = (7, 1)


@pytest.mark.parametrize("n", [1, PAGINA_VOL])
def test_overzicht_van_de_zorgcoordinator(school, meet, n):
    acties(school, school.lid, n)
    response = meet(school.zc, reverse("overleg:acties"), aantal(*OVERZICHT_ZC))
    assert sum(len(g["acties"]) for g in response.context["groepen"]) == min(n, 50)


# Someone else's overview: the same without teams to oversee.
OVERZICHT_EIGEN = (6, 1)


@pytest.mark.parametrize("n", [1, PAGINA_VOL])
def test_overzicht_eigen_acties(school, meet, n):
    acties(school, school.lid, n)
    response = meet(school.lid, reverse("overleg:acties"), aantal(*OVERZICHT_EIGEN))
    assert sum(len(g["acties"]) for g in response.context["groepen"]) == min(n, 50)


# The aftercare list: session, user, profiel, the locaties with their instelling, the count and the page of
# tasks (with traject, student, opleiding, locatie, instelling), one log write.
NAZORG = (7, 1)


@pytest.mark.parametrize("n", [1, PAGINA_VOL])
def test_nazorglijst(school, meet, n):
    for _ in range(n):
        zat_besluit(school, DeelnemerFactory(opleiding=school.opleiding_noord))
    response = meet(school.zc, reverse("overleg:nazorg"), aantal(*NAZORG))
    assert len(response.context["taken"]) == min(n, 50)


# Recording one aftercare (the form): session, user, profiel, the traject with its student, whether it was
# recorded, its last decision, one log write, the next planned ZAT and the referrer.
NAZORG_FORM = (9, 1)


def test_nazorgformulier(school, deelnemer, meet):
    traject = zat_besluit(school, deelnemer)
    meet(school.zc, reverse("overleg:nazorg_vastleggen", args=[traject.pk]), aantal(*NAZORG_FORM))
