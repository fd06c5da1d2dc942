"""Mijn werk is composed of panels that each app contributes, so the start page imports no app above
it. An app registers its panels from its AppConfig.ready(); a panel is a function of the request that
returns a Paneel (a template fragment and its context) or None when it has nothing for this user. A
panel that shows student data writes its own access-log line."""

from collections.abc import Callable
from dataclasses import dataclass, field

from privacy import policy
from privacy.log import log

from . import selectors
from .models import Zorgtraject


@dataclass(frozen=True)
class Paneel:
    template: str
    context: dict = field(default_factory=dict)


_PANELEN: list[tuple[int, Callable]] = []


def paneel(volgorde: int):
    """Register a Mijn werk panel; lower volgorde comes first."""

    def registreer(functie):
        _PANELEN.append((volgorde, functie))
        _PANELEN.sort(key=lambda item: item[0])
        return functie

    return registreer


def voor(request) -> list[Paneel]:
    return [p for _, functie in _PANELEN if (p := functie(request)) is not None]


@paneel(10)
def meldingen(request):
    meldingen = selectors.meldingen_voor(request.user)  # their texts name no student
    return Paneel("zorgstructuur/paneel_meldingen.html", {"meldingen": meldingen}) if meldingen else None


@paneel(40)
def crisis_voor_zat(request):
    """For the zorgcoördinator: the crisis cases that must be discussed in the next ZAT."""
    zc_locaties = policy.profiel(request.user).zc_locaties
    if not zc_locaties:
        return None
    trajecten = list(
        Zorgtraject.objects.open().filter(zat_bespreken=True, deelnemer__locatie_id__in=zc_locaties,
                                          deelnemer__in=policy.deelnemers_voor(request.user))
        .select_related("deelnemer").order_by("deelnemer__achternaam")[:20])
    if not trajecten:
        return None
    log(request, "inzien", object_type="mijn werk", omschrijving="crisiscasussen voor het ZAT op Mijn werk")
    return Paneel("zorgstructuur/paneel_crisis.html", {"trajecten": trajecten})


@paneel(90)
def beheer_en_rapportage(request):
    beheer, rapportage = policy.mag(request.user, "beheer"), policy.mag(request.user, "rapportage")
    if not (beheer or rapportage):
        return None
    return Paneel("zorgstructuur/paneel_beheer.html", {"beheer": beheer, "rapportage": rapportage})
