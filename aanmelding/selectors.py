"""Reads for aanmelding pages and "Mijn werk"; the policy decides what is visible, these decide
how it is fetched (select_related here, not in templates)."""

from django.db.models import Prefetch

from privacy import policy
from zorgstructuur.models import Functie, Niveauwijziging

from .models import Aanmelding, Melding, Signaal


def te_beoordelen(user):
    """Submitted aanmeldingen this user takes in, oldest first (they wait longest)."""
    return (policy.intake_voor(user).filter(status=Aanmelding.Status.INGEDIEND).voor_lijst()
            .order_by("ingediend_op", "id"))


def mijn_aanmeldingen(user):
    return policy.eigen_aanmeldingen(user).voor_lijst().order_by("-aangemaakt", "-id")


def doet_intake(user) -> bool:
    p = policy.profiel(user)
    return bool(p.taakdocent_opleidingen or p.zc_locaties or Functie.SMW in p.functies)


def trajecten_van(deelnemer):
    wijzigingen = Niveauwijziging.objects.select_related(
        "besloten_door", "goedgekeurd_door", "van_niveau", "naar_niveau").order_by("datum", "aangemaakt", "id")
    return list(deelnemer.zorgtrajecten.select_related("niveau", "casemanager").prefetch_related(
        Prefetch("wijzigingen", queryset=wijzigingen)).order_by("-status", "-geopend", "-id"))


def aanmeldingen_van(deelnemer):
    """Submitted aanmeldingen of a student, for who reads its zorg layer (concepts stay private)."""
    return (deelnemer.aanmeldingen.exclude(status=Aanmelding.Status.CONCEPT)
            .select_related("aanmelder").order_by("-ingediend_op", "-id"))


def meldingen_voor(user, aantal=10):
    return list(Melding.objects.filter(ontvanger=user, gelezen_op__isnull=True).order_by("-aangemaakt")[:aantal])


def signalen_voor_mentor(user, aantal=10):
    """Recent docent signals about the mentor's own students."""
    eigen = policy.deelnemers_voor(user).filter(mentor=user)
    return list(Signaal.objects.filter(deelnemer__in=eigen).exclude(auteur=user)
                .select_related("deelnemer", "auteur").order_by("-aangemaakt")[:aantal])


def werk_overzicht(user) -> dict:
    """For "Mijn werk": how many aanmeldingen wait for this user, and (zorgcoördinator) the crisis
    cases that must be discussed in the next ZAT."""
    from zorgstructuur.models import Zorgtraject

    p = policy.profiel(user)
    overzicht = {"aantal_te_beoordelen": te_beoordelen(user).count() if doet_intake(user) else 0}
    if p.zc_locaties:
        overzicht["voor_zat"] = list(
            Zorgtraject.objects.open().filter(zat_bespreken=True, deelnemer__locatie_id__in=p.zc_locaties,
                                              deelnemer__in=policy.deelnemers_voor(user))
            .select_related("deelnemer").order_by("deelnemer__achternaam")[:20])
    return overzicht
