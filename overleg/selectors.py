"""Reads of the overleg app: the agenda candidates of a meeting (computed from the state of the cases), the
meetings list, the agenda table, the previous discussion, actions, aftercare, and how an item is shown.

The policy (privacy.policy.overleg) decides who may see a meeting; these decide how it is fetched.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding, Toestemming
from privacy.log import log_per_deelnemer
from zorgstructuur.models import (
    Functie,
    Lidmaatschap,
    Locatie,
    Niveauwijziging,
    Team,
    Zorgniveau,
    Zorgtraject,
    weergavenaam,
)

from .models import Actie, Agendapunt, Nazorg, Overleg

Reden = Agendapunt.Reden

# The level a team discusses, and the aanmelding bestemming that goes with it.
TEAM_NIVEAU = {Team.Soort.INTERN_ZORGTEAM: Zorgniveau.Soort.INTERN_ZORGTEAM, Team.Soort.ZAT: Zorgniveau.Soort.ZAT}
TEAM_BESTEMMING = {Team.Soort.INTERN_ZORGTEAM: Aanmelding.Bestemming.IZ, Team.Soort.ZAT: Aanmelding.Bestemming.ZAT}
# When one student is a candidate for several reasons, the first of these is the item's reason.
VOORRANG = [Reden.CRISIS, Reden.DOORGESCHOVEN, Reden.AANMELDING, Reden.EVALUATIE, Reden.NAZORG]
DEELNEMER_VELDEN = ("deelnemer", "deelnemer__opleiding", "deelnemer__locatie")
# What the builder shows of a candidate and agendapunt_toevoegen reads: only these columns (a row of every
# column of student, aanmelding and item made the candidate queries slow to build and to load).
KANDIDAAT_KOLOMMEN = tuple(f"deelnemer__{k}" for k in (
    "voornaam", "tussenvoegsel", "achternaam", "instelling", "locatie__naam", "opleiding__naam"))


@dataclass
class Kandidaat:
    """A student who may come on a meeting's agenda, and why."""
    deelnemer: object
    reden: str
    redenen: list[str] = field(default_factory=list)  # every reason, `reden` first
    aanmelding: Aanmelding | None = None
    vervaldatum: date | None = None  # evaluation or aftercare: the date it fell due
    dagen_te_laat: int = 0  # evaluation: days past the due date (on the meeting date, or today if earlier)
    vorig_agendapunt: Agendapunt | None = None  # carried over: the item that was not reached

    @property
    def reden_label(self) -> str:
        return Reden(self.reden).label

    @property
    def te_laat(self) -> bool:
        return self.dagen_te_laat > 0

    @property
    def anoniem_gewenst(self) -> bool:
        return anoniem_gewenst(self.aanmelding, self.vorig_agendapunt)


def anoniem_gewenst(aanmelding, vorig_agendapunt) -> bool:
    """The referrer asked for an anonymous discussion, or the item carried over was anonymous: one click must
    not put the student on the agenda by name (the builder proposes it, agendapunt_toevoegen keeps it)."""
    return bool((aanmelding and aanmelding.anoniem_bespreken) or (vorig_agendapunt and vorig_agendapunt.anoniem))


def maanden_terug(datum: date, maanden: int) -> date:
    """The same day `maanden` months earlier, the month's last day where it has no such day."""
    jaar, maand = divmod(datum.year * 12 + datum.month - 1 - maanden, 12)
    maand += 1
    return date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


def maanden_later(datum: date, maanden: int) -> date:
    return maanden_terug(datum, -maanden)


def vorig_overleg(overleg: Overleg) -> Overleg | None:
    """The team's meeting before this one that was not cancelled."""
    return (Overleg.objects.filter(team_id=overleg.team_id)
            .exclude(status=Overleg.Status.GEANNULEERD).exclude(pk=overleg.pk)
            .filter(Q(datum__lt=overleg.datum) | Q(datum=overleg.datum, begintijd__lt=overleg.begintijd))
            .order_by("-datum", "-begintijd", "-id").first())


def kandidaten(overleg: Overleg, *, vandaag: date | None = None) -> list[Kandidaat]:
    """The agenda candidates of a meeting, one per student, in the order of VOORRANG then name.

    - aanmelding: accepted for this team's level (IZ or ZAT), for a student of a locatie the team serves,
      not on any agenda yet;
    - evaluatie: an open case at this team's level whose last discussion (in a team of this kind) set the
      next evaluation on or before the meeting date; past due by `dagen_te_laat` days;
    - nazorg (ZAT): N months (Instelling.nazorg_maanden) after a ZAT case was closed or handed to extern,
      the last decision of that traject, and no aftercare item since;
    - crisis (ZAT): open cases marked for the next ZAT (Zorgtraject.zat_bespreken);
    - doorgeschoven: items of the team's previous meeting (once held) that were not reached, and items of
      the team's meetings cancelled since.
    Students already on this meeting's agenda are left out. A fixed number of queries (team, agenda, one
    per reason), whatever the number of students.
    """
    vandaag = vandaag or timezone.localdate()
    team = overleg.team
    locaties = list(team.locaties.values_list("pk", flat=True))
    op_agenda = Agendapunt.objects.filter(overleg=overleg).values("deelnemer_id")
    gevonden: dict[int, Kandidaat] = {}

    def voeg_toe(deelnemer, reden, **extra):
        kandidaat = gevonden.get(deelnemer.pk)
        if kandidaat is None:
            gevonden[deelnemer.pk] = Kandidaat(deelnemer=deelnemer, reden=reden, redenen=[reden], **extra)
            return
        kandidaat.redenen.append(reden)
        for naam, waarde in extra.items():
            if getattr(kandidaat, naam) in (None, 0):
                setattr(kandidaat, naam, waarde)

    # Carried over: items not reached at the previous meeting (once it was held), and items of meetings
    # cancelled since then.
    vorige = vorig_overleg(overleg)
    eerder = Q(overleg__datum__lt=overleg.datum) | Q(overleg__datum=overleg.datum,
                                                     overleg__begintijd__lt=overleg.begintijd)
    doorgeschoven = Agendapunt.objects.filter(eerder, overleg__team_id=team.pk, besproken=False).exclude(
        overleg=overleg)
    if vorige is None:
        doorgeschoven = doorgeschoven.filter(overleg__status=Overleg.Status.GEANNULEERD)
    else:
        na_vorige = Q(overleg__datum__gt=vorige.datum) | Q(overleg__datum=vorige.datum,
                                                           overleg__begintijd__gt=vorige.begintijd)
        doorgeschoven = doorgeschoven.filter(
            (Q(overleg=vorige) if vorige.status == Overleg.Status.GEHOUDEN else Q(pk__in=[]))
            | (na_vorige & Q(overleg__status=Overleg.Status.GEANNULEERD)))
    for punt in (doorgeschoven.exclude(deelnemer_id__in=op_agenda)
                 .select_related(*DEELNEMER_VELDEN, "aanmelding", "overleg")
                 .only(*KANDIDAAT_KOLOMMEN, "anoniem", "overleg__datum", "aanmelding__deelnemer_id",
                       "aanmelding__anoniem_bespreken")
                 .order_by("-overleg__datum", "volgorde", "id")):
        voeg_toe(punt.deelnemer, Reden.DOORGESCHOVEN, vorig_agendapunt=punt, aanmelding=punt.aanmelding)

    niveau = TEAM_NIVEAU.get(team.soort)
    if niveau is not None and locaties:
        bij_team = {"deelnemer__instelling_id": team.instelling_id, "deelnemer__locatie_id__in": locaties}

        if team.soort == Team.Soort.ZAT:
            for traject in (Zorgtraject.objects.open().filter(zat_bespreken=True, **bij_team)
                            .exclude(deelnemer_id__in=op_agenda).select_related(*DEELNEMER_VELDEN)
                            .only(*KANDIDAAT_KOLOMMEN)):
                voeg_toe(traject.deelnemer, Reden.CRISIS)

        for aanmelding in (Aanmelding.objects.filter(status=Aanmelding.Status.GEACCEPTEERD,
                                                     bestemming=TEAM_BESTEMMING[team.soort], **bij_team)
                           .exclude(Exists(Agendapunt.objects.filter(aanmelding=OuterRef("pk"))))
                           .exclude(deelnemer_id__in=op_agenda).select_related(*DEELNEMER_VELDEN)
                           .only(*KANDIDAAT_KOLOMMEN, "anoniem_bespreken").order_by("beoordeeld_op", "id")):
            voeg_toe(aanmelding.deelnemer, Reden.AANMELDING, aanmelding=aanmelding)

        # Evaluation: the last discussion of each student with an open case at this level, in a team of this kind,
        # up to this meeting. Those discussions in one query, the last one per student picked here: a subquery
        # per case joined the meetings of every year, twice per case (in the filter and the select).
        peildatum = min(vandaag, overleg.datum)
        open_trajecten = (Zorgtraject.objects.open()
                          .filter(route=Zorgtraject.Route.LADDER, niveau__soort=niveau, **bij_team)
                          .exclude(deelnemer_id__in=op_agenda))
        volgende_evaluatie = dict(
            Agendapunt.objects.filter(deelnemer_id__in=open_trajecten.values("deelnemer_id"), besproken=True,
                                      overleg__team__soort=team.soort, overleg__datum__lte=overleg.datum)
            .exclude(overleg=overleg).order_by("overleg__datum", "overleg__begintijd", "id")
            .values_list("deelnemer_id", "volgende_evaluatie"))  # oldest first: the last discussion stays
        for traject in open_trajecten.select_related(*DEELNEMER_VELDEN).only(*KANDIDAAT_KOLOMMEN):
            volgende = volgende_evaluatie.get(traject.deelnemer_id)
            if volgende is None or volgende > overleg.datum:
                continue
            voeg_toe(traject.deelnemer, Reden.EVALUATIE, vervaldatum=volgende,
                     dagen_te_laat=max(0, (peildatum - volgende).days))

        if team.soort == Team.Soort.ZAT:
            instelling = team.instelling  # only here: the other reasons need no more than its id
            # Aftercare due (one rule with the zorgcoördinator's aftercare page), not yet on an agenda for it.
            nazorg_gehad = Agendapunt.objects.filter(
                deelnemer_id=OuterRef("zorgtraject__deelnemer_id"), reden=Reden.NAZORG,
                overleg__datum__gte=OuterRef("datum"))
            for wijziging in (nazorg_wijzigingen([(instelling, locaties)], peildatum=overleg.datum)
                              .exclude(Exists(nazorg_gehad))
                              .exclude(zorgtraject__deelnemer_id__in=op_agenda)):
                voeg_toe(wijziging.zorgtraject.deelnemer, Reden.NAZORG,
                         vervaldatum=maanden_later(wijziging.datum, instelling.nazorg_maanden))

    for kandidaat in gevonden.values():
        kandidaat.redenen.sort(key=VOORRANG.index)
        kandidaat.reden = kandidaat.redenen[0]
    return sorted(gevonden.values(), key=lambda k: (VOORRANG.index(k.reden), -k.dagen_te_laat,
                                                     k.deelnemer.achternaam, k.deelnemer.pk))


def agenda(overleg: Overleg, *, acties: bool = True) -> list[Agendapunt]:
    """The meeting's items in order, with their student and actions (two queries; one with acties=False, for a
    page that shows no actions such as the agenda builder)."""
    punten = overleg.agendapunten.select_related(*DEELNEMER_VELDEN, "inbrenger", "aanmelding")
    return list((punten.prefetch_related("acties__eigenaar") if acties else punten).order_by("volgorde", "id"))


# ---- partners op afroep

def toestemming_partners(deelnemer_id: int) -> set[int]:
    """The organisations (ids) a student's valid consent for ZAT discussion names today: only these may be
    invited with a grant on the student."""
    return set(Toestemming.objects.geldig().filter(
        deelnemer_id=deelnemer_id, zat_bespreking=True, partners__isnull=False).values_list("partners", flat=True))


_PARTNERVOLGORDE = ("organisatie__naam", "organisatie_id", "gebruiker__last_name", "gebruiker__first_name",
                    "gebruiker_id")


def partnerleden(instelling_id: int) -> list[Lidmaatschap]:
    """Who can be invited: valid partner memberships with an organisation of the instelling's sociale kaart, one
    per partner and organisation (a partner in two teams: once), by organisation and name. One query."""
    leden = (Lidmaatschap.objects.geldig()
             .filter(functie=Functie.PARTNER, organisatie__instelling_id=instelling_id, gebruiker__is_active=True)
             .select_related("gebruiker", "organisatie").order_by(*_PARTNERVOLGORDE))
    uniek: dict[tuple[int, int], Lidmaatschap] = {}
    for lid in leden:
        uniek.setdefault((lid.gebruiker_id, lid.organisatie_id), lid)
    return list(uniek.values())


# ---- acties (actions, aftercare, discussion counts)

def nazorg_wijzigingen(bij, *, peildatum: date) -> QuerySet[Niveauwijziging]:
    """The aftercare rule (issue 10 point 10), one for the agenda candidates and the aftercare page: the
    decisions that closed a ZAT case or handed it to extern, still the traject's last decision, at least
    Instelling.nazorg_maanden months before `peildatum`, whose aftercare is not recorded yet (Nazorg).
    `bij` is a list of (instelling, locatie ids): the students of those locaties. One query, oldest first,
    with the student, opleiding and locatie."""
    waar = Q(pk__in=[])
    for instelling, locaties in bij:
        waar |= Q(zorgtraject__deelnemer__instelling_id=instelling.pk,
                  zorgtraject__deelnemer__locatie_id__in=list(locaties),
                  datum__lte=maanden_terug(peildatum, instelling.nazorg_maanden))
    later = Niveauwijziging.objects.filter(zorgtraject_id=OuterRef("zorgtraject_id")).filter(
        Q(datum__gt=OuterRef("datum")) | Q(datum=OuterRef("datum"), aangemaakt__gt=OuterRef("aangemaakt")))
    vastgelegd = Nazorg.objects.filter(zorgtraject_id=OuterRef("zorgtraject_id"), vastgelegd_op__isnull=False)
    return (Niveauwijziging.objects
            .filter(waar, soort__in=[Niveauwijziging.Soort.AFSLUITEN, Niveauwijziging.Soort.EXTERN],
                    van_niveau__soort=Zorgniveau.Soort.ZAT, zorgtraject__route=Zorgtraject.Route.LADDER)
            .exclude(Exists(later)).exclude(Exists(vastgelegd))
            .select_related("zorgtraject", "zorgtraject__deelnemer", "zorgtraject__deelnemer__opleiding",
                            "zorgtraject__deelnemer__locatie", "zorgtraject__deelnemer__instelling")
            .order_by("datum", "id"))


def nazorgbesluit(traject: Zorgtraject) -> Niveauwijziging | None:
    """The decision that gives this traject aftercare (closed from the ZAT or handed to extern, and still its
    last decision), whether or not it is due yet or recorded; None when the traject has none."""
    laatste = traject.wijzigingen.select_related("van_niveau").order_by("-datum", "-aangemaakt", "-id").first()
    if (laatste is None or traject.route != Zorgtraject.Route.LADDER
            or laatste.soort not in (Niveauwijziging.Soort.AFSLUITEN, Niveauwijziging.Soort.EXTERN)
            or laatste.van_niveau is None or laatste.van_niveau.soort != Zorgniveau.Soort.ZAT):
        return None
    return laatste


def volgend_zat(deelnemer, *, vandaag: date | None = None) -> Overleg | None:
    """The next planned ZAT meeting of a team that serves the student's locatie (today or later)."""
    vandaag = vandaag or timezone.localdate()
    return (Overleg.objects.filter(team__soort=Team.Soort.ZAT, team__instelling_id=deelnemer.instelling_id,
                                   team__locaties=deelnemer.locatie_id, status=Overleg.Status.GEPLAND,
                                   datum__gte=vandaag)
            .select_related("team").order_by("datum", "begintijd", "id").first())


def besprekingen(deelnemer_ids=None) -> dict[int, dict[str, int]]:
    """How often each case was discussed in an IZ and in a ZAT (items recorded as besproken), for the
    reports: {deelnemer_id: {"iz": n, "zat": m}}, in one query; `deelnemer_ids` limits it to those students."""
    punten = Agendapunt.objects.filter(besproken=True)
    if deelnemer_ids is not None:
        punten = punten.filter(deelnemer_id__in=list(deelnemer_ids))
    rijen = (punten.order_by().values("deelnemer_id")
             .annotate(iz=Count("pk", filter=Q(overleg__team__soort=Team.Soort.INTERN_ZORGTEAM)),
                       zat=Count("pk", filter=Q(overleg__team__soort=Team.Soort.ZAT)))
             .filter(Q(iz__gt=0) | Q(zat__gt=0)))
    return {r["deelnemer_id"]: {"iz": r["iz"], "zat": r["zat"]} for r in rijen}


# ---- agenda (the meetings list, the meeting page, the agenda builder)

LIJST_PER_TEAM = 10  # the meetings list shows per team this many upcoming and this many earlier meetings


def overleggen_lijst(overleggen, zichtbare_punten, *, vandaag: date | None = None) -> tuple[list, list]:
    """Per team the next LIJST_PER_TEAM meetings (from today) and the last LIJST_PER_TEAM before today, each
    with `aantal`: the number of its items in `zichtbare_punten` (what the user may see). One query, whatever
    the number of teams or meetings: both rankings are subqueries of ids, the count is made for the shown rows
    only (a count in each ranked query was compiled twice over, and cost more than running it)."""
    vandaag = vandaag or timezone.localdate()

    def eerste(qs, *volgorde):
        rang = Window(RowNumber(), partition_by=[F("team_id")], order_by=list(volgorde))
        return qs.order_by().annotate(rang=rang).filter(rang__lte=LIJST_PER_TEAM).values("pk")

    aantal = (zichtbare_punten.filter(overleg_id=OuterRef("pk")).order_by().values("overleg_id")
              .annotate(n=Count("pk")).values("n"))
    kaal = overleggen.select_related(None)
    getoond = list(overleggen.filter(
        Q(pk__in=eerste(kaal.filter(datum__gte=vandaag), F("datum").asc(), F("begintijd").asc(), F("id").asc()))
        | Q(pk__in=eerste(kaal.filter(datum__lt=vandaag), F("datum").desc(), F("begintijd").desc(), F("id").desc()))
    ).annotate(aantal=Coalesce(Subquery(aantal, output_field=IntegerField()), 0)).order_by("datum", "begintijd", "id"))
    return [o for o in getoond if o.datum >= vandaag], [o for o in reversed(getoond) if o.datum < vandaag]


def anonieme_letters(overleg: Overleg, agenda: list[Agendapunt] | None = None) -> dict[int, str]:
    """The letter of each anonymous item by its place among the meeting's anonymous items (Casus A, B, …),
    the same for every recipient whatever they see of the agenda. One query; none when `agenda` is the
    meeting's whole agenda in order (as agenda() gives it)."""
    if agenda is not None:
        pks = [p.pk for p in agenda if p.anoniem]
    else:
        pks = overleg.agendapunten.filter(anoniem=True).order_by("volgorde", "id").values_list("pk", flat=True)
    return {pk: letter(i) for i, pk in enumerate(pks)}


def letter(volgnummer: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the letter of an anonymous case."""
    tekst = ""
    n = volgnummer + 1
    while n:
        n, rest = divmod(n - 1, 26)
        tekst = chr(ord("A") + rest) + tekst
    return tekst


def leeftijdsgroep(leeftijd: int | None) -> str:
    """An age band wide enough not to single anyone out, with the legal thresholds (16: own consent for
    the ZAT, 18: of age) as its edges."""
    if leeftijd is None:
        return "leeftijd onbekend"
    if leeftijd < 16:
        return "jonger dan 16 jaar"
    if leeftijd < 18:
        return "16–17 jaar"
    if leeftijd < 21:
        return "18–20 jaar"
    return "21 jaar of ouder"


def voor_weergave(punten, letters: dict[int, str]) -> list[Agendapunt]:
    """Mark what a template shows of each item: `zs_verborgen` (an anonymous item seen from outside the school:
    no name, studentnummer, birth date or opleiding) and `zs_letter`."""
    punten = list(punten)
    for punt in punten:
        punt.zs_letter = letters.get(punt.pk, "")
        punt.zs_verborgen = bool(punt.anoniem and getattr(punt, "zs_extern", False))
    return punten


def interne_leden(team: Team, op: date | None = None) -> list:
    """The team's valid internal members (chair, minute-taker and inbrenger are chosen from them), by name.
    One query."""
    leden = Lidmaatschap.objects.geldig(op).intern().filter(team=team).values("gebruiker_id")
    return list(get_user_model().objects.filter(pk__in=leden, is_active=True).order_by("last_name", "first_name",
                                                                                      "username"))


def zonder_zat_toestemming(overleg: Overleg, deelnemer_ids) -> set[int]:
    """The students (of these) who may come on this ZAT's agenda only anonymously: no valid consent for
    ZAT discussion. Empty for another team. One query (none for another team)."""
    ids = set(deelnemer_ids)
    if overleg.team.soort != Team.Soort.ZAT or not ids:
        return set()
    met = Toestemming.objects.geldig().filter(deelnemer_id__in=ids, zat_bespreking=True).values_list(
        "deelnemer_id", flat=True)
    return ids - set(met)


def aanwezigheden(overleg: Overleg) -> list:
    """The attendance list of a meeting, by name, with the user. One query."""
    return list(overleg.aanwezigheden.select_related("gebruiker").order_by(
        "gebruiker__last_name", "gebruiker__first_name", "gebruiker__username"))


# What the meeting page's agenda table shows of an item: only these columns (a held meeting's items carry their
# whole discussion, which the table does not show).
AGENDATABEL_KOLOMMEN = ("versie", "overleg", "reden", "volgorde", "minuten", "anoniem", "besproken",
                        "deelnemer__voornaam", "deelnemer__tussenvoegsel", "deelnemer__achternaam",
                        "deelnemer__opleiding__naam", "deelnemer__locatie__naam",
                        "inbrenger__first_name", "inbrenger__last_name", "inbrenger__username")


def agendatabel(punten: QuerySet[Agendapunt], *, niveau: bool) -> list[Agendapunt]:
    """The items (as the policy gives them) for the meeting page's table; with `niveau`, each with `zs_niveau`:
    the level of the student's open traject on the ladder (the short case information of the agenda), None
    without one, in the items' own query."""
    if niveau:
        traject = Zorgtraject.objects.open().filter(route=Zorgtraject.Route.LADDER,
                                                    deelnemer_id=OuterRef("deelnemer_id"))
        punten = punten.annotate(zs_niveau=Subquery(traject.values("niveau__naam")[:1]))
    return list(punten.only(*AGENDATABEL_KOLOMMEN))


# ---- verslag (one item at the meeting: the previous discussion, the plan van aanpak)

def _met_status(acties):
    """Actions with `te_laat`: still open after their deadline."""
    vandaag = timezone.localdate()
    return acties.annotate(te_laat=ExpressionWrapper(Q(status="open", deadline__lt=vandaag),
                                                     output_field=BooleanField()))


def acties_van(agendapunt: Agendapunt, vorige: Agendapunt | None = None) -> list:
    """The plan van aanpak of an item: its actions by deadline, with owner and `te_laat`. With `vorige` (the
    previous discussion) that item's actions too, set on it as `zs_acties`. One query for both."""
    punten = [agendapunt.pk] + ([vorige.pk] if vorige is not None else [])
    alle = list(_met_status(Actie.objects.filter(agendapunt_id__in=punten).select_related("eigenaar"))
                .order_by("deadline", "id"))
    if vorige is not None:
        vorige.zs_acties = [a for a in alle if a.agendapunt_id == vorige.pk]
    return [a for a in alle if a.agendapunt_id == agendapunt.pk]


def vorige_bespreking(agendapunt: Agendapunt) -> Agendapunt | None:
    """The student's last discussion in a team of this kind before this meeting (evaluation, issue 10 point 9):
    what was decided and planned; its actions and how far they got come with acties_van. One query."""
    overleg = agendapunt.overleg
    eerder = Q(overleg__datum__lt=overleg.datum) | Q(overleg__datum=overleg.datum,
                                                     overleg__begintijd__lt=overleg.begintijd)
    return (Agendapunt.objects.filter(eerder, deelnemer_id=agendapunt.deelnemer_id, besproken=True,
                                      overleg__team__soort=overleg.team.soort)
            .exclude(pk=agendapunt.pk)
            .select_related("overleg", "overleg__team", "niveauwijziging", "niveauwijziging__naar_niveau")
            .order_by("-overleg__datum", "-overleg__begintijd", "-id").first())


def nazorg_taken(locatie_ids, *, peildatum: date | None = None) -> QuerySet[Niveauwijziging]:
    """The aftercare due on `peildatum` (today) for the students of these locaties (the zorgcoördinator's
    task list): nazorg_wijzigingen over their instellingen; one query for the locaties, then the list."""
    return nazorg_lijst(locatie_ids, peildatum=peildatum)[0]


def nazorg_lijst(locatie_ids, *, peildatum: date | None = None) -> tuple[QuerySet[Niveauwijziging], dict]:
    """nazorg_taken, and its locaties by id (with their instelling) for nazorg_tonen: the list's query joins
    neither (two joins fewer halved PostgreSQL's planning of it, the larger part of its time)."""
    locaties = {locatie.pk: locatie for locatie in
                Locatie.objects.filter(pk__in=list(locatie_ids)).select_related("instelling")}
    per_instelling: dict[int, tuple] = {}
    for locatie in locaties.values():
        per_instelling.setdefault(locatie.instelling_id, (locatie.instelling, []))[1].append(locatie.pk)
    taken = nazorg_wijzigingen(list(per_instelling.values()), peildatum=peildatum or timezone.localdate())
    return taken.select_related(None).select_related(
        "zorgtraject", "zorgtraject__deelnemer", "zorgtraject__deelnemer__opleiding"), locaties


def nazorg_tonen(wijzigingen, *, vandaag: date | None = None, locaties: dict | None = None) -> None:
    """What the aftercare list shows per task: its due date and how many days past it. `locaties`: those of
    nazorg_lijst, set on the students it fetched without them."""
    vandaag = vandaag or timezone.localdate()
    instellingen = {locatie.instelling_id: locatie.instelling for locatie in (locaties or {}).values()}
    vastleggen_url = url_per_id("overleg:nazorg_vastleggen")
    for w in wijzigingen:
        w.vastleggen_url = vastleggen_url(w.zorgtraject_id)
        deelnemer = w.zorgtraject.deelnemer
        if locaties is not None:
            deelnemer.locatie = locaties[deelnemer.locatie_id]
            deelnemer.instelling = instellingen[deelnemer.instelling_id]
        w.vervaldatum = maanden_later(w.datum, deelnemer.instelling.nazorg_maanden)
        w.datum_tekst, w.vervaldatum_tekst = f"{w.datum:%d-%m-%Y}", f"{w.vervaldatum:%d-%m-%Y}"
        w.dagen_te_laat = max(0, (vandaag - w.vervaldatum).days)
        w.te_laat = dagen_tekst(w.dagen_te_laat) if w.dagen_te_laat else ""


def dagen_tekst(dagen: int) -> str:
    return "1 dag" if dagen == 1 else f"{dagen} dagen"


ANONIEME_CASUS = "Casus (anoniem)"


def url_per_id(naam: str):
    """The URL of the named view for an id, reversed once for a whole list (a reverse per row and link cost
    more than the rest of the row): only the id differs."""
    voorbeeld = reverse(naam, args=[999_999_999])
    return lambda pk: voorbeeld.replace("999999999", str(pk))


def acties_tonen(acties, *, vandaag: date | None = None) -> None:
    """What a list of actions shows per action (open_acties of the policy): the case's name — "Casus
    (anoniem)" for an anonymous item seen by an invited partner — and how late it is."""
    vandaag = vandaag or timezone.localdate()
    casus_url, afronden_url = url_per_id("overleg:agendapunt"), url_per_id("overleg:actie_afronden")
    for actie in acties:
        punt = actie.agendapunt
        actie.casus = ANONIEME_CASUS if punt.anoniem and actie.zs_extern else punt.deelnemer.naam
        actie.casus_url, actie.afronden_url = casus_url(actie.agendapunt_id), afronden_url(actie.pk)
        actie.dagen_te_laat = max(0, (vandaag - actie.deadline).days)
        actie.te_laat = f"{dagen_tekst(actie.dagen_te_laat)} te laat" if actie.dagen_te_laat else ""
        # Written here once, not by a filter per row of the overview.
        actie.deadline_tekst, actie.eigenaarnaam = f"{actie.deadline:%d-%m-%Y}", weergavenaam(actie.eigenaar)


def acties_loggen(request, acties, omschrijving: str) -> None:
    """The access log of a list of actions (after acties_tonen): one line per student shown, in one write per
    kind; a case shown as "Casus (anoniem)" is logged as such (the student is recorded, not shown)."""
    genoemd, anoniem = {}, {}
    for actie in acties:
        (anoniem if actie.casus == ANONIEME_CASUS else genoemd).setdefault(actie.agendapunt.deelnemer_id,
                                                                           actie.agendapunt)
    if genoemd:
        log_per_deelnemer(request, "inzien", list(genoemd.values()), omschrijving=omschrijving)
    if anoniem:
        log_per_deelnemer(request, "inzien", list(anoniem.values()),
                          omschrijving=f"{omschrijving} (anoniem, niet getoond)")


def aanmelding_van(traject: Zorgtraject) -> Aanmelding | None:
    """The last submitted aanmelding of a traject, with its referrer: whose satisfaction the aftercare asks."""
    return (Aanmelding.objects.filter(zorgtraject=traject).exclude(ingediend_op=None).select_related("aanmelder")
            .order_by("-ingediend_op", "-id").first())
