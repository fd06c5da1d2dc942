"""Shared fixtures: the demo school once per test session, and the fixed demo actors."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from deelnemers.models import Deelnemer, DossierItem
from privacy import keten
from tests.factories import DeelnemerFactory
from zorgstructuur.models import Opleiding

ROLLEN = ["mentor", "docent", "taakdocent", "zorgcoordinator", "smw", "specialist", "partner", "manager",
          "beheerder"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", force=True, verbosity=0)


@pytest.fixture
def actors(db):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLLEN)}
    return {rol: users[rol] for rol in ROLLEN}


@pytest.fixture
def eigen_deelnemer(actors):
    """The mentor's first student: has entries in every layer, a document and a werkaantekening."""
    return Deelnemer.objects.filter(mentor=actors["mentor"]).order_by("studentnummer").first()


@pytest.fixture
def vreemde_deelnemer(actors):
    """A student at the other locatie, of another team: no relation for the mentor or docent."""
    return Deelnemer.objects.filter(locatie__naam="Alphen").order_by("studentnummer").first()


@pytest.fixture
def document(eigen_deelnemer):
    return DossierItem.objects.get(deelnemer=eigen_deelnemer, soort=DossierItem.Soort.DOCUMENT)


@pytest.fixture
def als(client):
    """Log the test client in as a demo role: `als(actors["mentor"])`."""

    def inloggen(user):
        client.force_login(user)
        return client

    return inloggen


@pytest.fixture
def nieuwe_deelnemer(actors):
    """A new student of the demo mentor in Verzorgende-IG (team Zorg en Welzijn, locatie Gouda): no
    aanmelding, traject or consent yet."""
    return DeelnemerFactory(mentor=actors["mentor"], opleiding=Opleiding.objects.get(naam="Verzorgende-IG"))


@pytest.fixture
def client_als():
    def maak(user):
        c = Client()
        c.force_login(user)
        return c

    return maak


def laatste_logregel() -> int:
    """The id of the newest access-log row: a test then reads what was logged after it."""
    from privacy.models import Toegangslog

    return Toegangslog.objects.order_by("-id").values_list("id", flat=True).first() or 0


def logregels_sinds(na: int) -> list:
    from privacy.models import Toegangslog

    return list(Toegangslog.objects.filter(id__gt=na).order_by("id"))


# ------------------------------------------------------------------ exact query counts

def aantal(postgresql: int, logschrijvingen: int = 1) -> int:
    """The exact count on this database: `logschrijvingen` is how often the page writes to the log (on
    SQLite each write first reads the chain's last row)."""
    return postgresql + logschrijvingen * keten.queries_vooraf()


@pytest.fixture
def meet(client, django_assert_num_queries):
    """GET `url` as `user` and assert the exact number of queries of that request; returns the response."""

    def meten(user, url, verwacht):
        client.force_login(user)
        assert client.get(url).status_code == 200  # the first request: session stamp and caches
        with django_assert_num_queries(verwacht):
            response = client.get(url)
        assert response.status_code == 200
        return response

    return meten
