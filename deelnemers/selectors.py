"""Reads for the deelnemers pages: the student list, the dossier, an entry's history, the access log of one
student, the imports. The policy decides what is visible; these decide how it is fetched (filters,
select_related), so views and templates build no querysets."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from privacy import policy
from privacy.models import Toegangslog
from zorgstructuur.models import Niveauwijziging, Opleiding
from zorgstructuur.paginering import GRENS

from .models import Deelnemer, Import

# The status filter's "everyone", beside the Deelnemer.Status values.
ALLE = "alle"


def lijstkeuzes(user) -> dict:
    """The choices of the list's filters: only opleidingen, locaties and mentoren of students the user sees
    (policy.lijstfilters_voor: from the small tables, no pass over all students). The locaties are those of
    the opleidingen (the import keeps a student's locatie that of their opleiding): no query of their own.
    Mentors with only the columns of their name."""
    opleidingen, mentoren = policy.lijstfilters_voor(user)
    kolommen = policy.lijstgegevens(user)
    opleidingen = list(Opleiding.objects.filter(opleidingen).select_related("locatie"))
    locaties = sorted({o.locatie for o in opleidingen}, key=lambda locatie: (locatie.naam, locatie.pk))
    return {
        "opleidingen": opleidingen,
        # None: a filter on data this user does not see (an external partner: locatie, mentor) is left off.
        "locaties": locaties if "locatie" in kolommen else None,
        "mentoren": (get_user_model().objects.filter(mentoren).only("id", "first_name", "last_name", "username")
                     .order_by("last_name", "first_name", "id") if "mentor" in kolommen else None),
        "op_studentnummer": "studentnummer" in kolommen,
    }


def deelnemerslijst(user, filters: dict | None = None):
    """The students on the list, as the search form's cleaned data says; without filters the active ones. Each
    carries the care status this user may see (policy.met_zorgstatus: subqueries in the same query)."""
    deelnemers = policy.met_zorgstatus(user, policy.deelnemers_voor(user).voor_lijst())
    if filters is None:
        return deelnemers.actief()
    status = filters.get("status") or Deelnemer.Status.ACTIEF
    if status != ALLE:
        deelnemers = deelnemers.filter(status=status)
    for veld in ("opleiding", "locatie", "mentor"):
        if filters.get(veld):
            deelnemers = deelnemers.filter(**{f"{veld}_id": filters[veld]})
    return deelnemers.zoek(filters.get("q", "").strip(),
                           op_studentnummer="studentnummer" in policy.lijstgegevens(user))


def mijn_deelnemers(user, aantal=10) -> tuple[list[Deelnemer], int]:
    """The user's own active mentees (the first `aantal`) and how many active students they see in all,
    counted up to GRENS + 1 (a zorgcoördinator's 40,000 are "meer dan 1.000": no count of them all)."""
    zichtbaar = policy.deelnemers_voor(user).actief()
    return (list(zichtbaar.filter(mentor=user).voor_lijst()[:aantal]),
            zichtbaar.order_by().values("pk")[:GRENS + 1].count())


@dataclass
class Zorgstatus:
    """The Zorgstatus block at the top of the dossier: only the facts policy.zorgstatus_zicht allows."""

    zicht: frozenset[str]
    trajecten: list = field(default_factory=list)  # open: the ladder and the SMW route, each with `sinds`
    aanmeldingen: list = field(default_factory=list)  # open ones (zorg layer) and the user's own
    # An external partner's invitation: until when, the ZAT question, the consent it rests on.
    toegang_tot: date | None = None
    zat_vraag: str | None = None
    toestemming: object | None = None

    def __bool__(self):
        """Shown when there is something to say: the zorg layer always (also "no open traject"), a partner's
        invitation, a referrer only once they referred the student."""
        return bool(self.zicht & {policy.Statusfeit.TRAJECT, policy.Statusfeit.ZAT_UITNODIGING}
                    or self.aanmeldingen)


def zorgstatus(user, deelnemer, inz) -> Zorgstatus:
    """Where the case stands, as far as this user may see it: one query per kind of fact shown."""
    zicht = policy.zorgstatus_zicht(user, inz)
    status = Zorgstatus(zicht)
    if policy.Statusfeit.TRAJECT in zicht:
        # Since when at this level: the last decision that brought the traject there (SMW route: its start).
        sinds = Niveauwijziging.objects.filter(zorgtraject=OuterRef("pk"), naar_niveau=OuterRef("niveau")).order_by(
            "-datum", "-aangemaakt").values("datum")[:1]
        status.trajecten = list(deelnemer.zorgtrajecten.open().select_related("niveau", "casemanager").only(
            "deelnemer_id", "status", "zat_bespreken", "niveau__naam", "casemanager",
            *(f"casemanager__{veld}" for veld in NAAM)).annotate(
            sinds=Coalesce(Subquery(sinds), F("geopend"))).order_by("route"))
    if zicht & {policy.Statusfeit.TRAJECT, policy.Statusfeit.EIGEN_AANMELDINGEN}:
        status.aanmeldingen = list(deelnemer.aanmeldingen.filter(policy.open_aanmeldingen_q(user, zicht))
                                   .select_related("aanmelder", "zorgtraject__niveau")
                                   .only("deelnemer_id", "bestemming", "status", "ingediend_op", "aanmelder",
                                         *(f"aanmelder__{veld}" for veld in NAAM), "zorgtraject__status",
                                         "zorgtraject__niveau__naam")
                                   .order_by("-aangemaakt", "-id")[:10])
    if policy.Statusfeit.ZAT_UITNODIGING in zicht:
        status.toegang_tot = policy.toegang_tot(user, deelnemer)
        status.zat_vraag = policy.zat_vragen(deelnemer).order_by("-ingediend_op", "-id").values_list(
            "hulpvraag", flat=True).first()
        status.toestemming = policy.partner_toestemmingen(user, deelnemer).prefetch_related("partners").order_by(
            "-datum", "-id").first()
    return status


# The author's name as the dossier shows it (get_full_name, else the username).
NAAM = ("first_name", "last_name", "username")


def dossieritems(user, deelnemer, inz):
    """The dossier's table: only the columns it shows, not the text of every entry."""
    return policy.dossieritems_voor(user, deelnemer, inz).met_auteur().only(
        "deelnemer_id", "datum", "soort", "titel", "laag", "auteur", *(f"auteur__{veld}" for veld in NAAM))


def tijdlijn(user, deelnemer, inz):
    return policy.gebeurtenissen_voor(user, deelnemer, inz).select_related("actor").only(
        "deelnemer_id", "tijdstip", "laag", "omschrijving", "actor", *(f"actor__{veld}" for veld in NAAM))


def met_datums(items, tijdlijn) -> None:
    """Give the rows of one page of the dossier's entries and timeline their dates as shown (local time, and
    ISO for <time>): formatted once here, as the template's date filter per row cost more than the queries."""
    for item in items:
        item.datum_tekst = item.datum.strftime("%d-%m-%Y")
    for regel in tijdlijn:
        tijd = timezone.localtime(regel.tijdstip)
        regel.wanneer, regel.iso = tijd.strftime("%d-%m-%Y %H:%M"), tijd.isoformat()


def historie(item, aantal=50) -> list[dict]:
    """An entry's versions, newest first, each with the names of the fields it changed (never their values)."""
    versies = list(item.history.select_related("history_user").order_by("-history_date")[:aantal])
    return [
        {"record": nieuw, "velden": [c.field for c in nieuw.diff_against(oud).changes] if oud else []}
        for nieuw, oud in zip(versies, versies[1:] + [None], strict=True)
    ]


# The columns of the access log page (not the hash chain or the description).
LOGKOLOMMEN = ("tijdstip", "actie", "uitkomst", "gebruiker_id", "gebruikersnaam", "rol", "namens", "ip_adres",
               "object_type", "laag")


def toegangslog(user, deelnemer, *, van=None, tot=None):
    """Who accessed this student's dossier, newest first, optionally within a period (dates inclusive). The
    period is a range of local times, not a date per row, so the index on (deelnemer, tijdstip) finds it in
    a busy dossier's log."""
    regels = policy.toegangslog_voor(user, deelnemer).only(*LOGKOLOMMEN)
    if van:
        # Nothing in the log is older; it keeps the date within what converts to UTC.
        regels = regels.filter(tijdstip__gte=timezone.make_aware(datetime.combine(max(van, date(1900, 1, 1)),
                                                                                  time.min)))
    if tot:
        regels = regels.filter(tijdstip__lte=timezone.make_aware(datetime.combine(tot, time.max)))
    return regels


def met_namen(regels) -> list:
    """The rows of one page of the access log, ready to show (for 100 rows the template's date filter and
    get_…_display cost more than the queries): who acted by full name (one query: people recognise names,
    not usernames; the log itself keeps the username it had at the time), when in local time, what in words."""
    regels = list(regels)
    namen = {u.pk: u.get_full_name() for u in get_user_model().objects.filter(
        pk__in={r.gebruiker_id for r in regels if r.gebruiker_id}).only("first_name", "last_name")}
    acties, uitkomsten = dict(Toegangslog.Actie.choices), dict(Toegangslog.Uitkomst.choices)
    for regel in regels:
        regel.naam = namen.get(regel.gebruiker_id) or regel.gebruikersnaam
        regel.wanneer = timezone.localtime(regel.tijdstip).strftime("%d-%m-%Y %H:%M:%S")
        regel.actie_tekst = acties.get(regel.actie, regel.actie)
        regel.uitkomst_tekst = uitkomsten.get(regel.uitkomst, regel.uitkomst)
    return regels


def recente_imports(instellingen, aantal=10) -> list[Import]:
    return list(Import.objects.filter(instelling__in=instellingen).select_related("door")[:aantal])
