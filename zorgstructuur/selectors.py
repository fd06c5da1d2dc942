"""Reads of the care structure: the ladder, a student's trajecten, notifications, who to notify. The
policy decides what is visible; these decide how it is fetched."""

from datetime import date

from django.db.models import F, Max, Prefetch, Q

from privacy import policy

from .models import Functie, Lidmaatschap, Melding, Niveauwijziging, Team, Zorgniveau, Zorgtraject


def ladder(instelling_id) -> list[Zorgniveau]:
    return list(Zorgniveau.objects.filter(instelling_id=instelling_id).order_by("volgorde"))


def open_traject(deelnemer, route=Zorgtraject.Route.LADDER) -> Zorgtraject | None:
    return deelnemer.zorgtrajecten.open().filter(route=route).select_related("niveau", "casemanager").first()


def trajecten_van(deelnemer) -> list[Zorgtraject]:
    """Every traject of a student with its decisions, oldest decision first (two queries)."""
    wijzigingen = Niveauwijziging.objects.select_related(
        "besloten_door", "goedgekeurd_door", "van_niveau", "naar_niveau", "organisatie",
    ).order_by("datum", "aangemaakt", "id")
    return list(deelnemer.zorgtrajecten.select_related("niveau", "casemanager").prefetch_related(
        Prefetch("wijzigingen", queryset=wijzigingen)).order_by("-status", "-geopend", "-id"))


def geldige_toestemming(deelnemer, op: date | None = None):
    """The consent for ZAT discussion valid on that date, if any. Consent is recorded by the aanmelding
    app; the traject reads it through the student, so this app imports nothing above it."""
    return deelnemer.toestemmingen.geldig(op).filter(zat_bespreking=True).order_by("-datum", "-id").first()


def meldingen_voor(user, *, zonder_soorten=(), zonder_objecten=(), aantal=15) -> list[Melding]:
    """The user's unread notifications whose subject is not handled yet, newest first, leaving out what
    Mijn werk already shows as work (whole soorten, or (object_type, object_id) pairs). At most `aantal`
    plus one, so the page can say there are more. Each gets `zichtbaar`: the student when the reader may
    see them now (privacy.policy.deelnemers_voor, one query for all of them), else None — the stored
    text names nobody. Two queries in all."""
    qs = Melding.objects.filter(ontvanger=user, gelezen_op__isnull=True, afgehandeld_op__isnull=True)
    if zonder_soorten:
        qs = qs.exclude(soort__in=zonder_soorten)
    per_type = {}
    for object_type, object_id in zonder_objecten:
        per_type.setdefault(object_type, []).append(object_id)
    for object_type, ids in per_type.items():
        qs = qs.exclude(object_type=object_type, object_id__in=ids)
    meldingen = list(qs.select_related("afzender").order_by("-aangemaakt", "-id")[:aantal + 1])
    ids = {m.deelnemer_id for m in meldingen if m.deelnemer_id}
    zichtbaar = {}
    if ids:
        zichtbaar = {d.pk: d for d in policy.deelnemers_voor(user).filter(pk__in=ids).only(
            "id", "voornaam", "tussenvoegsel", "achternaam")}
    for m in meldingen:
        m.zichtbaar = zichtbaar.get(m.deelnemer_id)
    return meldingen


def crisis_voor_zat(user, aantal=20) -> list[Zorgtraject]:
    """For the zorgcoördinator: open crisis cases still to be discussed in the next ZAT, longest waiting
    first, each with `crisis_op` (the date of the crisis decision). One query."""
    zc_locaties = policy.profiel(user).zc_locaties
    if not zc_locaties:
        return []
    return list(
        Zorgtraject.objects.open().filter(zat_bespreken=True, deelnemer__locatie_id__in=zc_locaties,
                                          deelnemer__in=policy.deelnemers_voor(user))
        .annotate(crisis_op=Max("wijzigingen__datum", filter=Q(wijzigingen__soort=Niveauwijziging.Soort.CRISIS)))
        .select_related("deelnemer").order_by(F("crisis_op").asc(nulls_first=True), "deelnemer__achternaam")[:aantal])


def leden(*, functie, team_soort, locatie_id=None, opleiding_id=None) -> list:
    """The users who hold a functie in a kind of team serving a locatie or opleiding (to notify them)."""
    qs = Lidmaatschap.objects.geldig().filter(functie=functie, team__soort=team_soort, gebruiker__is_active=True)
    if locatie_id:
        qs = qs.filter(team__locaties=locatie_id)
    if opleiding_id:
        qs = qs.filter(team__opleidingen=opleiding_id)
    return [lid.gebruiker for lid in qs.select_related("gebruiker")]


def zorgcoordinatoren_van(deelnemer) -> list:
    return leden(functie=Functie.ZORGCOORDINATOR, team_soort=Team.Soort.INTERN_ZORGTEAM,
                 locatie_id=deelnemer.locatie_id)


def aanmeldingen_van(deelnemer):
    """The submitted aanmeldingen of a student (concepts stay with their author), read through the
    student so this app imports nothing above it."""
    return (deelnemer.aanmeldingen.filter(ingediend_op__isnull=False).select_related("aanmelder", "beoordeeld_door")
            .order_by("-ingediend_op", "-id"))


def trede(traject: Zorgtraject, stap: int) -> Zorgniveau | None:
    """The rung `stap` above (+1) or below (-1) the traject's level."""
    return Zorgniveau.objects.filter(instelling_id=traject.deelnemer.instelling_id,
                                     volgorde=traject.niveau.volgorde + stap).first()


def extern_niveau(instelling_id) -> Zorgniveau | None:
    return Zorgniveau.objects.filter(instelling_id=instelling_id, soort=Zorgniveau.Soort.EXTERN).order_by(
        "-volgorde").first()


def doel_van(traject: Zorgtraject, soort: str) -> Zorgniveau | None:
    """Where a decision of this kind takes the traject (None: it stays, or there is nowhere to go)."""
    S = Niveauwijziging.Soort
    if traject.niveau_id is None or soort == S.AFSLUITEN:
        return None
    if soort == S.CRISIS:
        return extern_niveau(traject.deelnemer.instelling_id)
    return trede(traject, -1 if soort == S.AFSCHALEN else +1)


def mogelijke_besluiten(traject: Zorgtraject | None, ladder: list[Zorgniveau], toegestaan) -> list[tuple[str, str]]:
    """(soort, button text) for the decisions this user may record that the ladder allows now."""
    if traject is None:
        return []
    S, E = Niveauwijziging.Soort, Zorgniveau.Soort.EXTERN
    volgorde = {n.volgorde: n for n in ladder}
    boven, onder = volgorde.get(traject.niveau.volgorde + 1), volgorde.get(traject.niveau.volgorde - 1)
    mogelijk = [
        (S.OPSCHALEN, f"Opschalen naar {boven.naam}" if boven else "", boven is not None and boven.soort != E),
        (S.EXTERN, "Overdragen aan extern", boven is not None and boven.soort == E),
        (S.AFSCHALEN, f"Afschalen naar {onder.naam}" if onder else "", onder is not None),
        (S.CRISIS, "Crisis: direct externe hulp", traject.niveau.soort != E),
        (S.AFSLUITEN, "Afsluiten", True),
    ]
    return [(soort, tekst) for soort, tekst, kan in mogelijk if kan and soort in toegestaan]
