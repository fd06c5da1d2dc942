"""Meetings (overleg): who sees a meeting and its agenda, and who edits the agenda.

- A meeting is seen by the valid internal members of its team and by the zorgcoördinator of a locatie
  the team serves; they see every item. An external partner's membership of the ZAT (op afroep) does not
  show the meetings: a partner sees a meeting only through a valid invitation (overleg.Uitnodiging) to one
  of its items, and then only the items they are invited to — an item that is not anonymous while their
  dossier_zat grant holds (its end date, and the student's consent for the ZAT naming their organisation),
  an anonymous item until the invitation's end date, always without identifying data (`zs_extern`).
- Meetings are planned by the zorgcoördinator of a locatie the team serves (a teamoverleg also by its
  taakdocent zorg). The agenda is edited, the meeting moved or cancelled, by the meeting's chair and by
  that zorgcoördinator; the minute-taker records items and attendance too.
- A mentor sees no IZ or ZAT meeting; the advice and outcome reach them through the dossier.
"""

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from aanmelding.models import Aanmelding, Toestemming
from overleg.models import Actie, Agendapunt, Overleg, Uitnodiging
from privacy.models import DeelnemerToegang
from zorgstructuur.models import Functie, Lidmaatschap, Team, Zorgtraject

from ..profiel import profiel
from .dossier import _geldige_grants, is_zorgcoordinator_van, weiger


def _zichtbaar_q(user, team: str = "team_id") -> Q:
    """Meetings of a team the user is an internal member of, or that serves a locatie the user is
    zorgcoördinator of (two EXISTS, no join that multiplies rows). `team`: the lookup of the meeting's team
    from the queryset's model, so an item or action asks it of its own joined meeting (an EXISTS over a second
    copy of the meeting made PostgreSQL's planning several times slower than the query)."""
    lid = Lidmaatschap.objects.geldig().intern().filter(team_id=OuterRef(team), gebruiker_id=user.pk)
    q = Q(Exists(lid))
    zc = profiel(user).zc_locaties
    if zc:
        q |= Q(Exists(Team.locaties.through.objects.filter(team_id=OuterRef(team), locatie_id__in=zc)))
    return q


def geldige_uitnodigingen(user) -> QuerySet[Uitnodiging]:
    """A partner's invitations that still show their item: an anonymous item until the invitation's end
    date; any other item only while the dossier_zat grant on that student holds (end date and consent)."""
    if not user.is_authenticated or Functie.PARTNER not in profiel(user).functies:
        return Uitnodiging.objects.none()
    grant = _geldige_grants(user).filter(content_object_id=OuterRef("agendapunt__deelnemer_id"),
                                         permission__codename="dossier_zat")
    # The grant counts while the consent names one of the partner's organisations; the item needs the consent
    # to name the organisation of this invitation (a partner of two organisations is invited for one).
    toestemming = Toestemming.objects.geldig().filter(
        deelnemer_id=OuterRef("agendapunt__deelnemer_id"), zat_bespreking=True, partners=OuterRef("organisatie_id"))
    return Uitnodiging.objects.filter(partner_id=user.pk, geldig_tot__gte=timezone.localdate()).filter(
        Q(agendapunt__anoniem=True) | Q(Exists(grant), Exists(toestemming)))


def overleggen_voor(user) -> QuerySet[Overleg]:
    """The meetings a user may see, with their team."""
    if not user.is_authenticated:
        return Overleg.objects.none()
    q = _zichtbaar_q(user)
    if Functie.PARTNER in profiel(user).functies:
        q |= Q(Exists(geldige_uitnodigingen(user).filter(agendapunt__overleg_id=OuterRef("pk"))))
    return Overleg.objects.filter(q).select_related("team", "voorzitter", "notulist")


def is_intern_bij(user, overleg: Overleg) -> bool:
    """Sees the whole meeting (member or zorgcoördinator), not only as an invited partner. No query for a
    meeting overleg_of_404 found for this user without the partners' way in (`zs_intern_voor`)."""
    if not user.is_authenticated:
        return False
    if getattr(overleg, "zs_intern_voor", None) == user.pk:
        return True
    return Overleg.objects.filter(_zichtbaar_q(user), pk=overleg.pk).exists()


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


def _agendapunten_q(user, pad: str = "") -> Q:
    """Items of a meeting the user sees whole, or items a partner is validly invited to. `pad`: the lookup from
    the queryset's model to its item ("agendapunt" for actions): its own joined item and meeting are asked,
    not second copies of them in a semi-join (each made PostgreSQL's planning slower)."""
    p = f"{pad}__" if pad else ""
    q = _zichtbaar_q(user, f"{p}overleg__team_id")
    if Functie.PARTNER in profiel(user).functies:
        q |= Q(Exists(geldige_uitnodigingen(user).filter(agendapunt_id=OuterRef(f"{pad}_id" if pad else "pk"))))
    return q


def agendapunten_zichtbaar(user) -> QuerySet[Agendapunt]:
    """Every agendapunt the user may see, over all meetings (Mijn werk, actions, the item page)."""
    if not user.is_authenticated:
        return Agendapunt.objects.none()
    return Agendapunt.objects.filter(_agendapunten_q(user)).annotate(zs_extern=_extern(user)).select_related(
        "overleg", "overleg__team", "deelnemer", "deelnemer__opleiding", "deelnemer__locatie", "inbrenger")


def _extern(user):
    """`zs_extern` of an item, as in agendapunten_voor: True when the user sees it only as an invited partner
    (an anonymous item is then shown without anything that identifies the student)."""
    if Functie.PARTNER not in profiel(user).functies:
        return Value(False, output_field=BooleanField())
    return ~Exists(Overleg.objects.filter(_zichtbaar_q(user), pk=OuterRef("overleg_id")))


def agendapunten_voor(user, overleg: Overleg) -> QuerySet[Agendapunt]:
    """The items of a meeting the user may see, in agenda order: every item for a member or the
    zorgcoördinator; for an invited partner only the items of a valid invitation. `zs_extern` is True for
    the partner: an anonymous item is then shown without anything that identifies the student."""
    return agenda_en_intern(user, overleg)[0]


def agenda_en_intern(user, overleg: Overleg) -> tuple[QuerySet[Agendapunt], bool]:
    """agendapunten_voor, and is_intern_bij from the same one question (the meeting page needs both)."""
    if not user.is_authenticated:
        return Agendapunt.objects.none(), False
    intern = is_intern_bij(user, overleg)
    qs = overleg.agendapunten.all()
    if not intern:
        if Functie.PARTNER not in profiel(user).functies:
            return Agendapunt.objects.none(), False
        qs = qs.filter(Exists(geldige_uitnodigingen(user).filter(agendapunt_id=OuterRef("pk"))))
    return qs.annotate(zs_extern=Value(not intern, output_field=BooleanField())).select_related(
        "deelnemer", "deelnemer__opleiding", "deelnemer__locatie", "inbrenger").order_by("volgorde", "id"), intern


def agendapunt_of_404(request, pk, actie="inzien", mag=None) -> Agendapunt:
    """The item if the user may see it (and, with `mag(user, agendapunt)`, may do this with it); a refusal
    is logged and answers 404."""
    # The item's pages show no locatie but need the instelling (the evaluation weeks): the same number of joins,
    # one query fewer.
    punt = (agendapunten_zichtbaar(request.user).select_related(None)
            .select_related("overleg", "overleg__team", "overleg__team__instelling", "deelnemer",
                            "deelnemer__opleiding", "inbrenger").filter(pk=pk).first())
    if punt is None:
        weiger(request, actie, "agendapunt niet zichtbaar", object_type="agendapunt", object_id=pk)
    if mag is not None and not mag(request.user, punt):
        weiger(request, actie, "geen recht op deze handeling", deelnemer=punt.deelnemer, object_type="agendapunt",
               object_id=pk)
    return punt


def acties_voor(user) -> QuerySet[Actie]:
    """Open and closed actions the user may see: their own (also as an invited partner, while the item is
    visible to them) and every action on an item of a meeting they see whole."""
    if not user.is_authenticated:
        return Actie.objects.none()
    return Actie.objects.filter(_agendapunten_q(user, "agendapunt")).select_related(
        "agendapunt", "agendapunt__overleg", "agendapunt__overleg__team", "agendapunt__deelnemer", "eigenaar")


def mag_actie_afronden(user, actie: Actie) -> bool:
    """Its owner, the meeting's chair, or the zorgcoördinator of the team."""
    overleg = actie.agendapunt.overleg
    return user.is_authenticated and (actie.eigenaar_id == user.pk or mag_agenda_bewerken(user, overleg))


def overleg_of_404(request, pk, actie="inzien") -> Overleg:
    """The meeting if the user may see it; a refusal is logged and answers 404."""
    overleg = overleggen_voor(request.user).filter(pk=pk).first()
    if overleg is None:
        weiger(request, actie, "overleg niet zichtbaar", object_type="overleg", object_id=pk)
    if Functie.PARTNER not in profiel(request.user).functies:
        overleg.zs_intern_voor = request.user.pk  # found through _zichtbaar_q alone: is_intern_bij needs no query
    return overleg


# ---- agenda (meetings list, planning, the menu entry)

def teams_om_te_plannen(user) -> QuerySet[Team]:
    """The teams whose meetings this user may plan (the choice on the planning page), as mag_overleg_plannen."""
    if not user.is_authenticated:
        return Team.objects.none()
    q = Q(pk__in=[])
    zc = profiel(user).zc_locaties
    if zc:
        q |= Q(soort__in=[Team.Soort.INTERN_ZORGTEAM, Team.Soort.ZAT, Team.Soort.TEAMOVERLEG],
               locaties__in=zc)
    taakdocent = Lidmaatschap.objects.geldig().filter(gebruiker_id=user.pk, functie=Functie.TAAKDOCENT).values(
        "team_id")
    q |= Q(soort=Team.Soort.TEAMOVERLEG, pk__in=taakdocent)
    return Team.objects.filter(q).distinct().order_by("naam")


def mag_verslag_vastleggen(user, punt: Agendapunt) -> bool:
    """Records an item: who sees the meeting whole and may record (an invited partner reads)."""
    return not getattr(punt, "zs_extern", False) and mag_agendapunt_vastleggen(user, punt.overleg)


def vraag_aan_overleg(punt: Agendapunt) -> str:
    """The question put to the meeting (the aanmelding's hulpvraag) as this reader may see it: an invited
    partner (`zs_extern`) reads the question of a ZAT aanmelding, not of an IZ one (layer zorg)."""
    aanmelding = punt.aanmelding if punt.aanmelding_id else None
    if aanmelding is None or (getattr(punt, "zs_extern", False)
                              and aanmelding.bestemming != Aanmelding.Bestemming.ZAT):
        return ""
    return aanmelding.hulpvraag


def overleg_met_recht_of_404(request, pk, mag, actie="wijzigen") -> Overleg:
    """The meeting if the user may see it and may do this with it (`mag(user, overleg)`, e.g.
    mag_agenda_bewerken); "may see but not do" answers 404 too, each refusal logged."""
    overleg = overleg_of_404(request, pk, actie)
    if not mag(request.user, overleg):
        weiger(request, actie, "geen recht op deze handeling", object_type="overleg", object_id=pk)
    return overleg


# ---- acties (actions, aftercare)

def zc_teams(user) -> QuerySet[Team]:
    """The teams that serve a locatie this user is zorgcoördinator of: whose open actions they oversee."""
    zc = profiel(user).zc_locaties
    if not user.is_authenticated or not zc:
        return Team.objects.none()
    return Team.objects.filter(locaties__in=zc).distinct().order_by("naam")


def open_acties(user) -> QuerySet[Actie]:
    """The open actions the user may see (acties_voor), each with `zs_extern` (True when the user sees its
    item only as an invited partner: an anonymous item is then "Casus (anoniem)") and `zs_afronden` (the
    user may mark it done or lapsed: as mag_actie_afronden, computed in the query, not one per action)."""
    if not user.is_authenticated:
        return Actie.objects.none()
    afronden = Q(eigenaar_id=user.pk) | Q(agendapunt__overleg__voorzitter_id=user.pk)
    zc = profiel(user).zc_locaties
    if zc:
        afronden |= Q(Exists(Team.locaties.through.objects.filter(
            team_id=OuterRef("agendapunt__overleg__team_id"), locatie_id__in=zc)))
    return acties_voor(user).filter(status=Actie.Status.OPEN).annotate(
        zs_extern=ExpressionWrapper(~_zichtbaar_q(user, "agendapunt__overleg__team_id"), output_field=BooleanField()),
        zs_afronden=ExpressionWrapper(afronden, output_field=BooleanField()))


def actie_of_404(request, pk, actie="wijzigen", mag=None) -> Actie:
    """The action if the user may see it (and, with `mag(user, actie)`, may do this with it); a refusal is
    logged and answers 404."""
    gevonden = acties_voor(request.user).filter(pk=pk).first()
    if gevonden is None:
        weiger(request, actie, "actie niet zichtbaar", object_type="actie", object_id=pk)
    if mag is not None and not mag(request.user, gevonden):
        weiger(request, actie, "geen recht op deze handeling", deelnemer=gevonden.agendapunt.deelnemer,
               object_type="actie", object_id=pk)
    return gevonden


def doet_nazorg(user) -> bool:
    """The aftercare of ZAT cases is the zorgcoördinator's task (for the students of their locaties)."""
    return user.is_authenticated and bool(profiel(user).zc_locaties)


def mag_nazorg(user, deelnemer) -> bool:
    """Aftercare (layer zat) is seen and recorded by the zorgcoördinator of the student's locatie."""
    return user.is_authenticated and is_zorgcoordinator_van(user, deelnemer)


def nazorg_traject_of_404(request, pk, actie="inzien"):
    """The zorgtraject whose aftercare this user may see and record; a refusal is logged and answers 404."""
    traject = Zorgtraject.objects.select_related("deelnemer", "deelnemer__opleiding", "deelnemer__locatie",
                                                 "deelnemer__instelling").filter(pk=pk).first()
    if traject is None or not mag_nazorg(request.user, traject.deelnemer):
        weiger(request, actie, "nazorg niet zichtbaar", deelnemer=traject.deelnemer if traject else None,
               object_type="zorgtraject", object_id=pk)
    return traject



# ---- verslag (one item at the meeting: who reads it, who owns an action)

def actie_eigenaars(agendapunt: Agendapunt) -> QuerySet:
    """Who may own an action of this item: the team's valid internal members, and the partners validly
    invited to this item (geldige_uitnodigingen for each of them: the invitation's end date and, for an
    item that is not anonymous, their dossier_zat grant while the consent names the invitation's
    organisation). One query, by name."""
    vandaag = timezone.localdate()
    leden = Lidmaatschap.objects.geldig().intern().filter(team_id=agendapunt.overleg.team_id).values("gebruiker_id")
    grant = DeelnemerToegang.objects.filter(user_id=OuterRef("partner_id"), content_object_id=agendapunt.deelnemer_id,
                                            permission__codename="dossier_zat", geldig_tot__gte=vandaag)
    toestemming = Toestemming.objects.geldig(vandaag).filter(
        deelnemer_id=agendapunt.deelnemer_id, zat_bespreking=True, partners=OuterRef("organisatie_id"))
    uitgenodigd = Uitnodiging.objects.filter(agendapunt_id=agendapunt.pk, geldig_tot__gte=vandaag).filter(
        Q(agendapunt__anoniem=True) | Q(Exists(grant), Exists(toestemming))).values("partner_id")
    return get_user_model().objects.filter(Q(pk__in=leden) | Q(pk__in=uitgenodigd), is_active=True).order_by(
        "last_name", "first_name", "username")


# ---- partners op afroep

def mag_partner_uitnodigen(user, agendapunt: Agendapunt) -> bool:
    """Partners are invited per item of a ZAT by who edits its agenda (the chair, the zorgcoördinator)."""
    overleg = agendapunt.overleg
    return overleg.team.soort == Team.Soort.ZAT and mag_agenda_bewerken(user, overleg)


def uitnodiging_of_404(request, pk, actie="verwijderen") -> Uitnodiging:
    """An invitation its item's chair or zorgcoördinator may withdraw; anyone else: logged refusal, 404."""
    uitnodiging = Uitnodiging.objects.select_related(
        "agendapunt", "agendapunt__overleg", "agendapunt__overleg__team").filter(pk=pk).first()
    if uitnodiging is None or not (agendapunten_zichtbaar(request.user).filter(pk=uitnodiging.agendapunt_id).exists()
                                   and mag_agenda_bewerken(request.user, uitnodiging.agendapunt.overleg)):
        weiger(request, actie, "uitnodiging niet zichtbaar of geen recht", object_type="uitnodiging", object_id=pk,
               deelnemer_id=uitnodiging.agendapunt.deelnemer_id if uitnodiging else None)
    return uitnodiging


def nazorg_locaties(user) -> frozenset[int]:
    """The locaties whose students' aftercare this user does (zorgcoördinator)."""
    return profiel(user).zc_locaties if user.is_authenticated else frozenset()
