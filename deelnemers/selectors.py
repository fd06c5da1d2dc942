"""Reads for the deelnemers pages: the student list, the dossier, an entry's history, the access log of one
student, the imports. The policy decides what is visible; these decide how it is fetched (filters,
select_related), so views and templates build no querysets."""

from django.contrib.auth import get_user_model

from privacy import policy
from zorgstructuur.models import Locatie, Opleiding

from .models import Deelnemer, Import

# The status filter's "everyone", beside the Deelnemer.Status values.
ALLE = "alle"


def lijstkeuzes(user) -> dict:
    """The choices of the list's filters: only opleidingen, locaties and mentoren of students the user sees
    (lazy querysets: the form reads each once)."""
    zichtbaar = policy.deelnemers_voor(user)
    return {
        "opleidingen": Opleiding.objects.filter(id__in=zichtbaar.values("opleiding_id")).select_related("locatie"),
        "locaties": Locatie.objects.filter(id__in=zichtbaar.values("locatie_id")),
        "mentoren": get_user_model().objects.filter(id__in=zichtbaar.values("mentor_id")).order_by("last_name"),
    }


def deelnemerslijst(user, filters: dict | None = None):
    """The students on the list, as the search form's cleaned data says; without filters the active ones."""
    deelnemers = policy.deelnemers_voor(user).voor_lijst()
    if filters is None:
        return deelnemers.actief()
    status = filters.get("status") or Deelnemer.Status.ACTIEF
    if status != ALLE:
        deelnemers = deelnemers.filter(status=status)
    for veld in ("opleiding", "locatie", "mentor"):
        if filters.get(veld):
            deelnemers = deelnemers.filter(**{f"{veld}_id": filters[veld]})
    return deelnemers.zoek(filters.get("q", "").strip())


def mijn_deelnemers(user, aantal=10) -> tuple[list[Deelnemer], int]:
    """The user's own active mentees (the first `aantal`) and how many active students they see in all."""
    zichtbaar = policy.deelnemers_voor(user).actief()
    return list(zichtbaar.filter(mentor=user).voor_lijst()[:aantal]), zichtbaar.count()


def dossieritems(user, deelnemer, inz):
    return policy.dossieritems_voor(user, deelnemer, inz).met_auteur()


def tijdlijn(user, deelnemer, inz):
    return policy.gebeurtenissen_voor(user, deelnemer, inz).select_related("actor")


def historie(item, aantal=50) -> list[dict]:
    """An entry's versions, newest first, each with the names of the fields it changed (never their values)."""
    versies = list(item.history.select_related("history_user").order_by("-history_date")[:aantal])
    return [
        {"record": nieuw, "velden": [c.field for c in nieuw.diff_against(oud).changes] if oud else []}
        for nieuw, oud in zip(versies, versies[1:] + [None], strict=True)
    ]


def toegangslog(user, deelnemer, *, van=None, tot=None):
    """Who accessed this student's dossier, newest first, optionally within a period (dates inclusive)."""
    regels = policy.toegangslog_voor(user, deelnemer)
    if van:
        regels = regels.filter(tijdstip__date__gte=van)
    if tot:
        regels = regels.filter(tijdstip__date__lte=tot)
    return regels


def met_namen(regels) -> list:
    """The rows of one page of the access log, each with the full name of who acted (one query): people
    recognise names, not usernames. The log itself keeps the username it had at the time."""
    regels = list(regels)
    namen = {u.pk: u.get_full_name() for u in get_user_model().objects.filter(
        pk__in={r.gebruiker_id for r in regels if r.gebruiker_id}).only("first_name", "last_name")}
    for regel in regels:
        regel.naam = namen.get(regel.gebruiker_id) or regel.gebruikersnaam
    return regels


def recente_imports(instellingen, aantal=10) -> list[Import]:
    return list(Import.objects.filter(instelling__in=instellingen).select_related("door")[:aantal])
