"""Mijn werk panels of the meetings (registered from OverlegConfig.ready): own actions (24), a partner's
invitations (25) and the zorgcoördinator's aftercare (28)."""

from privacy import policy
from privacy.log import log_per_deelnemer
from zorgstructuur.lagen import Laag
from zorgstructuur.panelen import Paneel, op_mijn_werk, paneel

from . import selectors

AANTAL_ACTIES = 10


@paneel(25)
def uitgenodigd(request):
    """For an external partner: the ZAT items they are invited to and may see now, with until when; an
    anonymous item without anything that identifies the student. One log line per item shown."""
    uitnodigingen = list(policy.geldige_uitnodigingen(request.user).select_related(
        "agendapunt", "agendapunt__overleg", "agendapunt__overleg__team", "agendapunt__deelnemer",
    ).order_by("agendapunt__overleg__datum", "agendapunt__overleg__begintijd", "agendapunt__volgorde", "id"))
    if not uitnodigingen:
        return None
    for u in uitnodigingen:
        punt = u.agendapunt
        # Names are decided here, not in the template: an anonymous item never carries one to the page.
        u.casus = selectors.ANONIEME_CASUS if punt.anoniem else punt.deelnemer.naam
        u.teamnaam, u.datum = punt.overleg.team.naam, punt.overleg.datum
    genoemd = [u.agendapunt for u in uitnodigingen if not u.agendapunt.anoniem]
    anoniem = [u.agendapunt for u in uitnodigingen if u.agendapunt.anoniem]
    if genoemd:
        log_per_deelnemer(request, "inzien", genoemd, laag=Laag.ZAT, omschrijving="uitnodiging op Mijn werk")
    if anoniem:
        log_per_deelnemer(request, "inzien", anoniem, laag=Laag.ZAT,
                          omschrijving="uitnodiging op Mijn werk (anoniem, niet getoond)")
    op_mijn_werk(request, objecten=uitnodigingen)  # their invitation notifications are these lines
    return Paneel("overleg/_partner_paneel.html", {"uitnodigingen": uitnodigingen})


@paneel(24)
def mijn_acties(request):
    """Everyone's own open actions of the plans van aanpak, overdue first (the oldest deadline first) and
    marked, each with a small form to mark it done or lapsed. One log line per student shown."""
    if not policy.mag(request.user, "deelnemers"):
        return None
    acties = list(policy.open_acties(request.user).filter(eigenaar_id=request.user.pk)
                  .order_by("deadline", "id")[:AANTAL_ACTIES + 1])
    if not acties:
        return None
    meer, acties = len(acties) > AANTAL_ACTIES, acties[:AANTAL_ACTIES]
    selectors.acties_tonen(acties)
    selectors.acties_loggen(request, acties, "actie op Mijn werk")
    return Paneel("overleg/_acties_paneel.html", {"acties": acties, "meer": meer})


@paneel(28)
def nazorg(request):
    """For the zorgcoördinator: how many aftercare tasks are due (no names: a count), and the way to the open
    actions of their teams."""
    if not policy.doet_nazorg(request.user):
        return None
    aantal = selectors.nazorg_taken(policy.nazorg_locaties(request.user)).count()
    return Paneel("overleg/_acties_nazorg_paneel.html", {"aantal": aantal})
