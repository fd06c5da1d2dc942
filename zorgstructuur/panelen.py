"""Mijn werk is composed of panels that each app contributes, so the start page imports no app above
it. An app registers its panels from its AppConfig.ready(); a panel is a function of the request that
returns a Paneel (a template fragment and its context) or None when it has nothing for this user. A
panel that shows student data writes its own access-log line."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from privacy import policy
from privacy.log import log_per_deelnemer

from . import selectors
from .lagen import Laag

AANTAL_MELDINGEN = 15


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


# Mijn werk leads with the work, most urgent first: crisis cases for the next ZAT (10), aanmeldingen that
# wait for judgement (20), docent signals (30), then the notifications that are not already shown as work
# (40). A work panel records what it shows, so the notifications panel does not show it a second time.

def op_mijn_werk(request, *, soort=None, objecten=()):
    """Record that a work panel shows notifications of this soort (all of them) or these objects."""
    gedekt = request.__dict__.setdefault("zs_op_mijn_werk", {"soorten": set(), "objecten": set()})
    if soort:
        gedekt["soorten"].add(soort)
    gedekt["objecten"].update((o._meta.model_name, o.pk) for o in objecten)


def wachttijd(moment) -> str:
    """How long something waits, in whole days: "minder dan een dag", "1 dag", "12 dagen"."""
    if moment is None:
        return ""
    dagen = (timezone.localdate() - (timezone.localdate(moment) if hasattr(moment, "hour") else moment)).days
    return "minder dan een dag" if dagen <= 0 else f"{dagen} dag" if dagen == 1 else f"{dagen} dagen"


@paneel(10)
def crisis_voor_zat(request):
    """For the zorgcoördinator: the crisis cases that must be discussed in the next ZAT."""
    trajecten = selectors.crisis_voor_zat(request.user)
    if not trajecten:
        return None
    for t in trajecten:
        t.wacht = wachttijd(t.crisis_op)
    log_per_deelnemer(request, "inzien", trajecten, laag=Laag.ZORG,
                      omschrijving="crisiscasus voor het ZAT op Mijn werk")
    op_mijn_werk(request, objecten=trajecten)
    return Paneel("zorgstructuur/paneel_crisis.html", {"trajecten": trajecten})


@paneel(40)
def meldingen(request):
    """The remaining notifications: the student and who caused it are named only to a reader who may see
    that student now; a line per named student goes to the access log."""
    gedekt = getattr(request, "zs_op_mijn_werk", {"soorten": set(), "objecten": set()})
    meldingen = selectors.meldingen_voor(request.user, zonder_soorten=gedekt["soorten"],
                                         zonder_objecten=gedekt["objecten"], aantal=AANTAL_MELDINGEN)
    if not meldingen:
        return None
    meer = len(meldingen) > AANTAL_MELDINGEN
    meldingen = meldingen[:AANTAL_MELDINGEN]
    for m in meldingen:
        m.wacht = wachttijd(m.aangemaakt)
    genoemd = [m for m in meldingen if m.zichtbaar]
    if genoemd:
        log_per_deelnemer(request, "inzien", genoemd, laag=Laag.BASIS, omschrijving="melding op Mijn werk")
    return Paneel("zorgstructuur/paneel_meldingen.html", {"meldingen": meldingen, "meer": meer})


@paneel(90)
def beheer_en_rapportage(request):
    beheer, rapportage = policy.mag(request.user, "beheer"), policy.mag(request.user, "rapportage")
    if not (beheer or rapportage):
        return None
    return Paneel("zorgstructuur/paneel_beheer.html", {"beheer": beheer, "rapportage": rapportage})
