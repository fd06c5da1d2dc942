import pytest

from aanmelding import services
from aanmelding.models import Aanmelding, Problematiek
from tests.factories import als

VOLLEDIG = {
    "probleem": "Verzuimt vaak.", "duur": "1-3m", "al_gedaan": "Gesprekken.", "effect": "Weinig.",
    "beleving": "Deelnemer zelf: vermoeid.", "sterke_kanten": "Behulpzaam.", "behoeften": "Rust.",
    "hulpvraag": "Advies graag.", "soort_vraag": "consultatie", "vir_gemeld": "nee", "deelnemer_geinformeerd": "ja",
}


@pytest.fixture
def nieuwe_aanmelding(actors, nieuwe_deelnemer):
    def maak(bestemming="iz", door=None, deelnemer=None, **velden):
        return services.aanmelding_aanmaken(
            deelnemer=deelnemer or nieuwe_deelnemer, door=als(door or actors["mentor"]), bestemming=bestemming,
            problematiek=[Problematiek.objects.first()], **{**VOLLEDIG, **velden})

    return maak


@pytest.fixture
def ingediend(nieuwe_aanmelding, actors):
    def maak(**kwargs):
        a = nieuwe_aanmelding(**kwargs)
        return services.aanmelding_indienen(aanmelding=a, door=als(a.aanmelder), versie=a.versie)

    return maak


def aanmelding_van(pk):
    return Aanmelding.objects.get(pk=pk)
