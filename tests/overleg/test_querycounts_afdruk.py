"""Exact query counts of the agenda and minutes (page and PDF) and the calendar: the same for 1 item as for 5,
for an internal member and for an invited partner (each item with its student, opleiding, question, level,
actions; one log INSERT for all). As in tests/test_querycounts.py the second request is counted (the first
writes the session's activity stamp), and a log write costs keten.queries_vooraf() more on SQLite."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from overleg.models import Overleg
from tests.conftest import aantal
from tests.factories import (
    AanmeldingFactory,
    ActieFactory,
    AgendapuntFactory,
    DeelnemerFactory,
    GebruikerFactory,
    LidmaatschapFactory,
    ZorgtrajectFactory,
)
from tests.overleg.test_afdruk import uitnodigen
from zorgstructuur.models import Functie, Partnerorganisatie

# Session, user, the user's memberships (profiel), the meeting, whether the user is a member (is_intern_bij; for
# who has no partner membership the meeting's own lookup says so), the items with student, opleiding,
# aanmelding, level and anonymous letter, the school's name, the log INSERT.
PDF = {"intern": aantal(7, 1), "partner": aantal(8, 1)}
# The page: + whether the user may send it (the zorgcoördinator's locaties; a partner is none).
PAGINA = {"intern": aantal(8, 1), "partner": aantal(8, 1)}
# The minutes: + the actions with their owners, + the attendance.
VERSLAG = {"intern": aantal(10, 1), "partner": aantal(10, 1)}
# Session, user, profiel, the meeting, is_intern_bij (a partner only), the count of the items the user sees.
ICS = {"intern": 5, "partner": 6}


def meet(client, url, verwacht, django_assert_num_queries):
    assert client.get(url).status_code == 200  # the first request: session stamp and caches
    with django_assert_num_queries(verwacht):
        assert client.get(url).status_code == 200


@pytest.fixture
def partner(school):
    organisatie = Partnerorganisatie.objects.create(instelling=school.instelling, naam="GGZ Telling",
                                                    soort=Partnerorganisatie.Soort.GGZ)
    user = GebruikerFactory(username="partner-telling")
    LidmaatschapFactory(team=school.zat, gebruiker=user, functie=Functie.PARTNER, organisatie=organisatie,
                        op_afroep=True, begin=timezone.localdate() - timedelta(days=30))
    return user, organisatie


def agenda_met(school, partner, aantal: int) -> Overleg:
    """A ZAT meeting with `aantal` items, every other one anonymous, each with an aanmelding, an open traject
    and an action; the partner invited to all of them."""
    user, organisatie = partner
    overleg = school.zat_overleg
    for i in range(aantal):
        deelnemer = DeelnemerFactory(opleiding=school.opleiding_noord)
        ZorgtrajectFactory(deelnemer=deelnemer)
        aanmelding = AanmeldingFactory(deelnemer=deelnemer, aanmelder=school.zc)
        punt = AgendapuntFactory(overleg=overleg, deelnemer=deelnemer, volgorde=i, anoniem=bool(i % 2),
                                 aanmelding=aanmelding, inbrenger=school.zc)
        ActieFactory(agendapunt=punt, eigenaar=school.voorzitter)
        uitnodigen(punt, user, organisatie, school.zc)
    return overleg


@pytest.mark.parametrize("aantal", [1, 5])
@pytest.mark.parametrize("wie", ["intern", "partner"])
def test_agenda_pagina_en_pdf(school, partner, aantal, wie, client_als, django_assert_num_queries):
    overleg = agenda_met(school, partner, aantal)
    client = client_als(school.zc if wie == "intern" else partner[0])
    meet(client, reverse("overleg:agenda", args=[overleg.pk]), PAGINA[wie], django_assert_num_queries)
    meet(client, reverse("overleg:agenda_pdf", args=[overleg.pk]), PDF[wie], django_assert_num_queries)


@pytest.mark.parametrize("aantal", [1, 5])
@pytest.mark.parametrize("wie", ["intern", "partner"])
def test_verslag_pagina(school, partner, aantal, wie, client_als, django_assert_num_queries):
    overleg = agenda_met(school, partner, aantal)
    Overleg.objects.filter(pk=overleg.pk).update(status=Overleg.Status.GEHOUDEN)
    client = client_als(school.zc if wie == "intern" else partner[0])
    meet(client, reverse("overleg:verslag", args=[overleg.pk]), VERSLAG[wie], django_assert_num_queries)


@pytest.mark.parametrize("aantal", [1, 5])
@pytest.mark.parametrize("wie", ["intern", "partner"])
def test_ics(school, partner, aantal, wie, client_als, django_assert_num_queries):
    overleg = agenda_met(school, partner, aantal)
    client = client_als(school.zc if wie == "intern" else partner[0])
    meet(client, reverse("overleg:ics", args=[overleg.pk]), ICS[wie], django_assert_num_queries)


@pytest.mark.parametrize("aantal_overleggen", [1, 5])
def test_feed(school, partner, aantal_overleggen, client, django_assert_num_queries):
    """The calendar feed: the token's owner, their memberships, their meetings, the items per meeting."""
    from overleg import services
    from tests.factories import OverlegFactory, als

    for i in range(aantal_overleggen):
        AgendapuntFactory(overleg=OverlegFactory(team=school.iz, datum=timezone.localdate() + timedelta(days=i)),
                          deelnemer=DeelnemerFactory(opleiding=school.opleiding_noord))
    token = services.agendafeed_vernieuwen(door=als(school.zc))
    with django_assert_num_queries(4):
        tekst = client.get(reverse("overleg:feed", args=[token])).content.decode()
    assert tekst.count("BEGIN:VEVENT") == aantal_overleggen + 2  # and the fixture's IZ and ZAT meeting
