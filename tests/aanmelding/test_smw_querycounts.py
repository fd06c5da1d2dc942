"""Exact query counts of the SMW pages: they do not grow with the number of clients or contacts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding import services_smw
from aanmelding.models import SMWContactsoort, SMWInterventie
from tests.conftest import aantal
from tests.factories import DeelnemerFactory, als
from zorgstructuur.models import Opleiding

pytestmark = pytest.mark.django_db

CASELOAD = aantal(6)  # the page of clients in one query with its totals; the log lines in one INSERT
CLIENT = aantal(8)

def nieuwe_client(actors, contacten=0):
    d = DeelnemerFactory(mentor=actors["mentor"], opleiding=Opleiding.objects.get(naam="Verzorgende-IG"))
    traject = services_smw.eigen_aanmelding(deelnemer=d, door=als(actors["smw"]), reden="Komt zelf.")
    soort, aard = SMWContactsoort.keuzes(d.instelling_id).first(), SMWInterventie.keuzes(d.instelling_id).first()
    for n in range(contacten):
        services_smw.contact_vastleggen(smw_traject=traject, door=als(actors["smw"]),
                                        datum=timezone.localdate(), minuten=10 + n, soort=soort,
                                        aard=aard, verslag=f"Verslag {n}" if n % 2 else "",
                                        verslag_laag="vertrouwelijk")
    return traject

@pytest.mark.parametrize("extra", [1, 4])
def test_caseload_telt_niet_mee_met_het_aantal_clienten(meet, actors, extra):
    for _ in range(extra):
        nieuwe_client(actors, contacten=2)
    meet(actors["smw"], reverse("aanmelding:smw_caseload"), CASELOAD)

@pytest.mark.parametrize("rol", ["smw", "zorgcoordinator"])
@pytest.mark.parametrize("contacten", [1, 5])
def test_clientpagina_telt_niet_mee_met_het_aantal_contacten(meet, actors, rol, contacten):
    traject = nieuwe_client(actors, contacten=contacten)
    meet(actors[rol], reverse("aanmelding:smw_client", args=[traject.pk]), CLIENT)
