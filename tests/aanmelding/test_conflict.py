"""No lost updates: the second of two simultaneous saves is refused and shows what changed."""

import pytest
from django.urls import reverse

from aanmelding.models import Problematiek
from tests.factories import als

from .conftest import VOLLEDIG, aanmelding_van

pytestmark = pytest.mark.django_db


def test_tweede_opslag_van_hetzelfde_formulier_wordt_geweigerd(client_als, actors, nieuwe_aanmelding):
    a = nieuwe_aanmelding()
    url = reverse("aanmelding:wijzigen", args=[a.pk])
    venster1, venster2 = client_als(actors["mentor"]), client_als(actors["mentor"])  # two tabs or two devices
    versie = venster1.get(url).context["form"]["versie"].value()
    assert venster2.get(url).context["form"]["versie"].value() == versie
    basis = {"bestemming": "iz", "problematiek": [Problematiek.objects.first().pk], **VOLLEDIG, "versie": versie,
             "concept": ""}

    assert venster1.post(url, {**basis, "hulpvraag": "Eerste versie van de vraag"}).status_code == 302
    response = venster2.post(url, {**basis, "hulpvraag": "Tweede, andere vraag"})

    assert response.status_code == 200
    pagina = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in pagina
    assert "Eerste versie van de vraag" in pagina  # what changed is shown: hulpvraag old → new
    wijzigingen = response.context["conflict"].wijzigingen
    assert ("Hulpvraag", VOLLEDIG["hulpvraag"], "Eerste versie van de vraag") in wijzigingen
    assert aanmelding_van(a.pk).hulpvraag == "Eerste versie van de vraag"  # nothing overwritten


def test_twee_beoordelaars_tegelijk(client_als, actors, ingediend):
    a = ingediend()
    url = reverse("aanmelding:beoordelen", args=[a.pk])
    taakdocent, zc = client_als(actors["taakdocent"]), client_als(actors["zorgcoordinator"])
    versie = taakdocent.get(url).context["form"]["versie"].value()
    zc.get(url)
    assert taakdocent.post(url, {"besluit": "accepteren", "versie": versie}).status_code == 302
    # The zorgcoördinator's form was opened before: refused, and told who did what.
    from aanmelding import services

    with pytest.raises(services.Conflict):
        services.aanmelding_terugsturen(aanmelding=a, door=als(actors["zorgcoordinator"]), bericht="Terug",
                                        versie=versie)
    assert aanmelding_van(a.pk).status == "geaccepteerd"


def test_conflict_toont_ook_gewijzigde_soorten_problematiek(actors, nieuwe_aanmelding):
    from aanmelding import services

    a = nieuwe_aanmelding()
    oude_versie = a.versie
    verzuim = Problematiek.objects.get(naam="Verzuim")
    services.aanmelding_wijzigen(aanmelding=a, door=als(actors["mentor"]), versie=oude_versie, problematiek=[verzuim])
    with pytest.raises(services.Conflict) as fout:
        services.aanmelding_wijzigen(aanmelding=a, door=als(actors["mentor"]), versie=oude_versie, hulpvraag="x")
    assert ("Soort problematiek", Problematiek.objects.first().naam, "Verzuim") in fout.value.wijzigingen
