"""Meetings (overleg): who sees a meeting and its agenda, and who edits the agenda.

- A meeting is seen by the valid internal members of its team and by the zorgcoördinator of a locatie
  the team serves. An external partner's membership of the ZAT (op afroep) does not show the meetings:
  a partner sees only the items they are invited to, and invitations come with the next step of issue 10
  (until then a partner sees no meeting and no item).
- Meetings are planned by the zorgcoördinator of a locatie the team serves (a teamoverleg also by its
  taakdocent zorg). The agenda is edited, the meeting moved or cancelled, by the meeting's chair and by
  that zorgcoördinator; the minute-taker records items and attendance too.
- A mentor sees no IZ or ZAT meeting; the advice and outcome reach them through the dossier.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from overleg.models import Agendapunt, Overleg
from zorgstructuur.models import Functie, Lidmaatschap, Team

from ..profiel import profiel
from .dossier import weiger


def _zichtbaar_q(user) -> Q:
    """Meetings of a team the user is an internal member of, or that serves a locatie the user is
    zorgcoördinator of (two EXISTS, no join that multiplies rows)."""
    lid = Lidmaatschap.objects.geldig().filter(team_id=OuterRef("team_id"), gebruiker_id=user.pk).exclude(
        functie=Functie.PARTNER)
    q = Q(Exists(lid))
    zc = profiel(user).zc_locaties
    if zc:
        q |= Q(Exists(Team.locaties.through.objects.filter(team_id=OuterRef("team_id"), locatie_id__in=zc)))
    return q


def overleggen_voor(user) -> QuerySet[Overleg]:
    """The meetings a user may see, with their team."""
    if not user.is_authenticated:
        return Overleg.objects.none()
    return Overleg.objects.filter(_zichtbaar_q(user)).select_related("team", "voorzitter", "notulist")


def mag_overleg_zien(user, overleg: Overleg) -> bool:
    return overleggen_voor(user).filter(pk=overleg.pk).exists()


def is_zorgcoordinator_van_team(user, team: Team) -> bool:
    zc = profiel(user).zc_locaties
    return bool(zc) and team.locaties.filter(pk__in=zc).exists()


def mag_overleg_plannen(user, team: Team) -> bool:
    """Meetings of an IZ or ZAT are planned by the zorgcoördinator of a locatie the team serves; a
    teamoverleg also by the team's own taakdocent zorg."""
    if not user.is_authenticated:
        return False
    if is_zorgcoordinator_van_team(user, team):
        return True
    return team.soort == Team.Soort.TEAMOVERLEG and Lidmaatschap.objects.geldig().filter(
        team=team, gebruiker_id=user.pk, functie=Functie.TAAKDOCENT).exists()


def mag_agenda_bewerken(user, overleg: Overleg) -> bool:
    """The chair, or the zorgcoördinator of a locatie the team serves."""
    if not user.is_authenticated:
        return False
    return overleg.voorzitter_id == user.pk or is_zorgcoordinator_van_team(user, overleg.team)


def mag_agendapunt_vastleggen(user, overleg: Overleg) -> bool:
    """Who edits the agenda, and the minute-taker."""
    return user.is_authenticated and (overleg.notulist_id == user.pk or mag_agenda_bewerken(user, overleg))


def agendapunten_voor(user, overleg: Overleg) -> QuerySet[Agendapunt]:
    """The items of a meeting the user may see: every item for who sees the meeting. An external partner
    sees none yet — the invitation per item (a grant on that one student, layer ZAT, while the consent
    names their organisation) comes with the next step of issue 10."""
    if not mag_overleg_zien(user, overleg):
        return Agendapunt.objects.none()
    return overleg.agendapunten.select_related("deelnemer", "deelnemer__opleiding", "deelnemer__locatie",
                                               "inbrenger").order_by("volgorde", "id")


def overleg_of_404(request, pk, actie="inzien") -> Overleg:
    """The meeting if the user may see it; a refusal is logged and answers 404."""
    overleg = overleggen_voor(request.user).filter(pk=pk).first()
    if overleg is None:
        weiger(request, actie, "overleg niet zichtbaar", object_type="overleg", object_id=pk)
    return overleg
