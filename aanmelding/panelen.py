"""The aanmelding app's panels on Mijn werk (registered in AanmeldingConfig.ready): the aanmeldingen that
wait for this user's judgement, and the docent signals that wait for the mentor."""

from privacy import policy
from privacy.log import log_per_deelnemer
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Melding
from zorgstructuur.panelen import Paneel, op_mijn_werk, paneel, wachttijd

from . import selectors

AANTAL_TE_BEOORDELEN = 10


@paneel(20)
def te_beoordelen(request):
    """The oldest submitted aanmeldingen first, naming the student and the referrer and how long each
    waits; the intake's "new aanmelding" notifications are this work, so they are not listed again."""
    if not policy.doet_intake(request.user):
        return None
    op_mijn_werk(request, soort=Melding.Soort.NIEUWE_AANMELDING)
    te_beoordelen = selectors.te_beoordelen(request.user)  # built once: the policy's filters cost to build
    aantal = te_beoordelen.count()
    if not aantal:
        return None
    wachtend = list(te_beoordelen[:AANTAL_TE_BEOORDELEN])
    for a in wachtend:
        a.wacht = wachttijd(a.ingediend_op)
    log_per_deelnemer(request, "inzien", wachtend, omschrijving="wachtende aanmelding op Mijn werk")
    return Paneel("aanmelding/paneel_intake.html", {"aanmeldingen": wachtend, "aantal": aantal,
                                                    "meer": aantal > len(wachtend)})


@paneel(30)
def signalen(request):
    """Docent signals about the mentor's own students until the mentor marks them handled (the signal's
    notification is this line: it shows once), and the way to give one."""
    if not policy.mag(request.user, "signaleren"):
        return None
    signalen = selectors.signalen_voor_mentor(request.user) if policy.mag(request.user, "deelnemers") else []
    for s in signalen:
        s.wacht = wachttijd(s.aangemaakt)
    # Names on lists are basis data; signal texts are dossier content: one line per signal shown.
    if signalen:
        log_per_deelnemer(request, "inzien", signalen, laag=Laag.BEGELEIDING, omschrijving="signaal op Mijn werk")
    op_mijn_werk(request, objecten=signalen)
    return Paneel("aanmelding/paneel_signalen.html", {"signalen": signalen})


# ---- SMW (issue 11)
@paneel(25)
def smw_caseload(request):
    """The way to the SMW's caseload and a walk-in (no names and no count here: no query, no log line)."""
    if not policy.mag_eigen_aanmelding(request.user):
        return None
    return Paneel("aanmelding/smw_paneel.html")
