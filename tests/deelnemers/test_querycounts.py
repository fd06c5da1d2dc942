"""List and dossier pages do a bounded number of queries, whatever the amount of data."""

import pytest
from django.urls import reverse

from deelnemers.models import Deelnemer, DossierItem, Gebeurtenis
from privacy import keten
from zorgstructuur.demo import _nieuwe_deelnemer
from zorgstructuur.lagen import Laag

pytestmark = pytest.mark.django_db


def meer_data(deelnemer, mentor, aantal):
    """Add `aantal` students for the mentor and `aantal` entries + timeline lines to one dossier."""
    import random

    from django.utils import timezone

    rng = random.Random(aantal)
    Deelnemer.objects.bulk_create([
        _nieuwe_deelnemer(rng, deelnemer.instelling, 9_000_000 + aantal * 1000 + i, deelnemer.opleiding, 3, mentor,
                          timezone.localdate())
        for i in range(aantal)
    ])
    DossierItem.objects.bulk_create([
        DossierItem(deelnemer=deelnemer, soort="notitie", laag=Laag.BEGELEIDING, titel=f"n{i}", tekst="t",
                    auteur=mentor, discipline="mentor") for i in range(aantal)
    ])
    Gebeurtenis.objects.bulk_create([
        Gebeurtenis(deelnemer=deelnemer, soort="notitie", omschrijving=f"n{i}", laag=Laag.BEGELEIDING, actor=mentor)
        for i in range(aantal)
    ])


# Queries: session, user, profiel (memberships), the three filter lists (opleidingen, locaties, mentoren),
# count + page of students (joined with opleiding, locatie, mentor; the care-status column comes from
# subqueries in the same query, privacy.policy.met_zorgstatus), access-log insert, and the
# session's last-activity update (savepoint, update, release). On SQLite one more: the app reads the
# access log's last row for the hash chain (on PostgreSQL the insert's trigger does).
LIJST_MAX = 12 + keten.queries_vooraf()
# Queries: session, user, profiel, the student (with opleiding, locatie, mentor), guardian grants,
# count + page of entries, count + page of the timeline, access-log insert, session update (3) — 13 —
# and the Zorgstatus block, as far as the role sees it: the mentor their own aanmeldingen (1); the
# zorgcoördinator the open trajecten (with level, casemanager and since when) and the aanmeldingen (2); the
# invited partner the end of their access, the ZAT question, the consent and its partners (4).
DOSSIER_MAX = {"mentor": 14, "zorgcoordinator": 15, "partner": 17}


@pytest.mark.parametrize("extra", [0, 120])
@pytest.mark.parametrize("rol", ["mentor", "taakdocent", "zorgcoordinator", "partner"])
def test_deelnemerslijst_queries_groeien_niet(rol, extra, client, actors, eigen_deelnemer,
                                              django_assert_max_num_queries):
    meer_data(eigen_deelnemer, actors["mentor"], extra)
    client.force_login(actors[rol])
    with django_assert_max_num_queries(LIJST_MAX):
        response = client.get(reverse("deelnemers:lijst"))
    assert response.status_code == 200
    if extra and rol != "partner":  # a partner sees only the invited student, however many there are
        assert len(response.context["pagina"].object_list) == 50


@pytest.mark.parametrize("extra", [0, 120])
@pytest.mark.parametrize("rol", ["mentor", "zorgcoordinator", "partner"])
def test_dossier_queries_groeien_niet(rol, extra, client, actors, eigen_deelnemer, django_assert_max_num_queries):
    meer_data(eigen_deelnemer, actors["mentor"], extra)
    client.force_login(actors[rol])
    with django_assert_max_num_queries(DOSSIER_MAX[rol] + keten.queries_vooraf()):
        response = client.get(reverse("deelnemers:dossier", args=[eigen_deelnemer.pk]))
    assert response.status_code == 200
