"""The item page (overleg:agendapunt) does an exact number of queries, the same with one and with several
actions on the item and on the previous discussion, for who records it, a member who reads it and an
invited partner. Counts are of a second request (the first stamps the session); every access-log row is
one INSERT plus keten.queries_vooraf() (see tests/test_querycounts.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from overleg.models import Actie, Overleg, Uitnodiging
from tests.conftest import aantal
from tests.factories import (
    ActieFactory,
    AgendapuntFactory,
    DeelnemerToegangFactory,
    GebruikerFactory,
    LidmaatschapFactory,
    OverlegFactory,
    ToestemmingFactory,
    uitnodiging,
)
from zorgstructuur.models import Functie, Partnerorganisatie

VANDAAG = timezone.localdate






def met_geschiedenis(v, punt, n):
    """`n` actions on the item, and a previous discussion of the student with `n` actions (half overdue)."""
    eerder = OverlegFactory(team=punt.overleg.team, datum=VANDAAG() - timedelta(weeks=6), voorzitter=v.voorzitter,
                            status=Overleg.Status.GEHOUDEN)
    vorig = AgendapuntFactory(overleg=eerder, deelnemer=punt.deelnemer, besproken=True, besluit="Vorig besluit.")
    for i in range(n):
        ActieFactory(agendapunt=punt, eigenaar=v.lid, omschrijving=f"Nieuwe actie {i}")
        ActieFactory(agendapunt=vorig, eigenaar=[v.lid, v.mentor][i % 2], omschrijving=f"Vorige actie {i}",
                     deadline=VANDAAG() - timedelta(days=i + 1),
                     status=[Actie.Status.OPEN, Actie.Status.GEDAAN][i % 2])


@pytest.mark.parametrize("n", [1, 4])
def test_agendapunt_voor_wie_vastlegt(verslag, meet, n):
    met_geschiedenis(verslag, verslag.punt, n)
    # session and user (2), profile (1), the item with its instelling (1), the previous discussion (1), the open
    # traject (1), the aanmelding (1), the actions of the item and of the previous discussion (1), the form
    # choices: owners of an action, casemanagers, organisations (3), the access-log row; the invitations panel
    # asks nothing for an IZ
    response = meet(verslag.voorzitter, reverse("overleg:agendapunt", args=[verslag.punt.pk]), aantal(12))
    assert response.content.decode().count("Nieuwe actie") == n


@pytest.mark.parametrize("n", [1, 4])
def test_agendapunt_voor_een_lid_dat_leest(verslag, meet, n):
    met_geschiedenis(verslag, verslag.punt, n)
    response = meet(verslag.lid, reverse("overleg:agendapunt", args=[verslag.punt.pk]), aantal(9))
    assert response.content.decode().count("Vorige actie") == n


@pytest.mark.parametrize("n", [1, 4])
def test_agendapunt_voor_een_uitgenodigde_partner(verslag, meet, n):
    v = verslag
    organisatie = Partnerorganisatie.objects.create(instelling=v.instelling, naam="Jeugdhulp Noord",
                                                    soort=Partnerorganisatie.Soort.JEUGDHULP)
    partner = GebruikerFactory(username="partner-telling")
    LidmaatschapFactory(team=v.zat, gebruiker=partner, functie=Functie.PARTNER, organisatie=organisatie,
                        op_afroep=True, begin=VANDAAG() - timedelta(days=30))
    zat = OverlegFactory(team=v.zat, datum=VANDAAG(), voorzitter=v.voorzitter)
    punt = AgendapuntFactory(overleg=zat, deelnemer=v.deelnemer)
    ToestemmingFactory(deelnemer=v.deelnemer, vastgelegd_door=v.zc, zat_bespreking=True,
                       datum=VANDAAG() - timedelta(days=5), partners=[organisatie])
    uitnodiging(punt, partner, organisatie, v.zc, tot=VANDAAG() + timedelta(days=14))
    met_geschiedenis(v, punt, n)
    response = meet(partner, reverse("overleg:agendapunt", args=[punt.pk]), aantal(6))
    assert response.content.decode().count("Nieuwe actie") == n


@pytest.mark.parametrize("n", [1, 3])
def test_zat_agendapunt_voor_de_zorgcoordinator_met_uitnodigingen(verslag, meet, n):
    """On a ZAT the page also shows the invitations panel (overleg.views_partners.paneel_context)."""
    v = verslag
    organisatie = Partnerorganisatie.objects.create(instelling=v.instelling, naam="Jeugdhulp Noord",
                                                    soort=Partnerorganisatie.Soort.JEUGDHULP)
    zat = OverlegFactory(team=v.zat, datum=VANDAAG(), voorzitter=v.voorzitter)
    punt = AgendapuntFactory(overleg=zat, deelnemer=v.deelnemer)
    ToestemmingFactory(deelnemer=v.deelnemer, vastgelegd_door=v.zc, zat_bespreking=True,
                       datum=VANDAAG() - timedelta(days=5), partners=[organisatie])
    for i in range(n):
        partner = GebruikerFactory(username=f"partner-telling-{i}")
        LidmaatschapFactory(team=v.zat, gebruiker=partner, functie=Functie.PARTNER, organisatie=organisatie,
                            op_afroep=True, begin=VANDAAG() - timedelta(days=30))
        DeelnemerToegangFactory(user=partner, content_object=v.deelnemer, recht="dossier_zat", verleend_door=v.zc)
        Uitnodiging.objects.create(agendapunt=punt, partner=partner, organisatie=organisatie,
                                   geldig_tot=VANDAAG() + timedelta(days=14), uitgenodigd_door=v.zc)
    met_geschiedenis(v, punt, n)
    # as for the chair without an aanmelding (11), plus whether the user is zorgcoördinator of the team (1), and
    # the panel: the invitations, the consent, who may invite, the partners to choose from (4)
    response = meet(v.zc, reverse("overleg:agendapunt", args=[punt.pk]), aantal(16))
    assert response.content.decode().count("Nieuwe actie") == n
