"""The aanmelding app's panels on Mijn werk (registered in AanmeldingConfig.ready)."""

from privacy import policy
from privacy.log import log_per_deelnemer
from zorgstructuur.lagen import Laag
from zorgstructuur.panelen import Paneel, paneel

from . import selectors


@paneel(20)
def signalen(request):
    """Docent signals about the mentor's own students, and the way to give one."""
    if not policy.mag(request.user, "signaleren"):
        return None
    signalen = selectors.signalen_voor_mentor(request.user) if policy.mag(request.user, "deelnemers") else []
    # Names on lists are basis data; signal texts are dossier content: one line per signal shown.
    log_per_deelnemer(request, "inzien", signalen, laag=Laag.BEGELEIDING, omschrijving="signaal op Mijn werk")
    return Paneel("aanmelding/paneel_signalen.html", {"signalen": signalen})


@paneel(30)
def te_beoordelen(request):
    if not policy.doet_intake(request.user):
        return None
    aantal = selectors.te_beoordelen(request.user).count()
    return Paneel("aanmelding/paneel_intake.html", {"aantal": aantal}) if aantal else None
