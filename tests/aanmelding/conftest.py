import pytest
from django.test import Client

from aanmelding import services
from aanmelding.models import Aanmelding, Problematiek
from deelnemers.models import Deelnemer

VOLLEDIG = {
    "probleem": "Verzuimt vaak.", "duur": "1-3m", "al_gedaan": "Gesprekken.", "effect": "Weinig.",
    "beleving": "Deelnemer zelf: vermoeid.", "sterke_kanten": "Behulpzaam.", "behoeften": "Rust.",
    "hulpvraag": "Advies graag.", "soort_vraag": "consultatie", "vir_gemeld": "nee", "deelnemer_geinformeerd": "ja",
}


@pytest.fixture
def schone_deelnemer(actors):
    """A student of the mentor without any traject or aanmelding in the demo (the last one)."""
    d = Deelnemer.objects.filter(mentor=actors["mentor"]).order_by("-studentnummer").first()
    assert not d.zorgtrajecten.exists() and not d.aanmeldingen.exists()
    return d


@pytest.fixture
def nieuwe_aanmelding(actors, schone_deelnemer):
    def maak(bestemming="iz", door=None, deelnemer=None, **velden):
        return services.aanmelding_aanmaken(
            deelnemer=deelnemer or schone_deelnemer, aanmelder=door or actors["mentor"], bestemming=bestemming,
            problematiek=[Problematiek.objects.first()], **{**VOLLEDIG, **velden})

    return maak


@pytest.fixture
def ingediend(nieuwe_aanmelding, actors):
    def maak(**kwargs):
        a = nieuwe_aanmelding(**kwargs)
        return services.aanmelding_indienen(aanmelding=a, door=a.aanmelder, versie=a.versie)

    return maak


@pytest.fixture
def client_als():
    def maak(user):
        c = Client()
        c.force_login(user)
        return c

    return maak


def aanmelding_van(pk):
    return Aanmelding.objects.get(pk=pk)
