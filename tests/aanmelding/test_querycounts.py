"""/aanmeldingen/ does a bounded number of queries, whatever the number of aanmeldingen."""

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding
from deelnemers.models import Deelnemer
from privacy import keten

pytestmark = pytest.mark.django_db

# Queries: session, user, profiel (memberships), count + page of the intake (joined with deelnemer,
# opleiding, locatie, aanmelder), count + page of the own aanmeldingen (same joins), access-log insert,
# and the session's last-activity update (savepoint, update, release). On SQLite one more: the app reads
# the access log's last row for the hash chain (on PostgreSQL the insert's trigger does).
LIJST_MAX = 12 + keten.queries_vooraf()


def meer_aanmeldingen(aanmelder, aantal):
    deelnemers = list(Deelnemer.objects.filter(locatie__naam="Gouda", opleiding__naam="Verzorgende-IG")[:aantal])
    nu = timezone.now()
    Aanmelding.objects.bulk_create([
        Aanmelding(deelnemer=deelnemers[i % len(deelnemers)], aanmelder=aanmelder, bestemming="iz",
                   status="ingediend", ingediend_op=nu, hulpvraag="x") for i in range(aantal)
    ])


@pytest.mark.parametrize("extra", [0, 120])
@pytest.mark.parametrize("rol", ["mentor", "taakdocent", "zorgcoordinator", "smw"])
def test_aanmeldingenlijst_queries_groeien_niet(rol, extra, client, actors, django_assert_max_num_queries):
    meer_aanmeldingen(actors["mentor"], extra)
    client.force_login(actors[rol])
    with django_assert_max_num_queries(LIJST_MAX):
        response = client.get(reverse("aanmelding:lijst"))
    assert response.status_code == 200
    if extra and rol in ("taakdocent", "zorgcoordinator"):
        assert len(response.context["te_beoordelen"].object_list) == 50
        # Oldest first: the demo's aanmeldingen waited longer than the ones just added.
        wachttijden = [a.wachtdagen() for a in response.context["te_beoordelen"].object_list]
        assert wachttijden == sorted(wachttijden, reverse=True)


# Queries: session, user, profiel, the student (with its traject relation annotated), guardian grants,
# trajecten + their wijzigingen (one prefetch), access-log insert, the ladder, consent, the aanmeldingen
# (with aanmelder), and the session's last-activity update (savepoint, update, release).
TRAJECT_MAX = 14 + keten.queries_vooraf()


@pytest.mark.parametrize("extra", [0, 80])
def test_zorgtrajectpagina_queries_groeien_niet(extra, client, actors, eigen_deelnemer, django_assert_max_num_queries):
    from zorgstructuur.models import Niveauwijziging

    traject = eigen_deelnemer.zorgtrajecten.get(status="open")
    Niveauwijziging.objects.bulk_create([
        Niveauwijziging(zorgtraject=traject, soort="afschalen", van_niveau=traject.niveau,
                        naar_niveau=traject.niveau, besloten_door=actors["zorgcoordinator"], reden=f"r{i}")
        for i in range(extra)
    ])
    meer_aanmeldingen(actors["taakdocent"], extra)
    client.force_login(actors["zorgcoordinator"])
    with django_assert_max_num_queries(TRAJECT_MAX):
        response = client.get(reverse("zorgtraject:overzicht", args=[eigen_deelnemer.pk]))
    assert response.status_code == 200
