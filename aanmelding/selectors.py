"""Reads for the aanmelding pages and their Mijn werk panel; the policy decides what is visible, these
decide how it is fetched (select_related here, not in templates)."""

from privacy import policy
from zorgstructuur import selectors as zorg
from zorgstructuur.models import Functie, Team

from .models import Aanmelding, Signaal


def te_beoordelen(user):
    """Submitted aanmeldingen this user takes in, oldest first (they wait longest)."""
    return (policy.intake_voor(user).filter(status=Aanmelding.Status.INGEDIEND).voor_lijst()
            .order_by("ingediend_op", "id"))


def mijn_aanmeldingen(user):
    return policy.eigen_aanmeldingen(user).voor_lijst().order_by("-aangemaakt", "-id")


def lopende_aanmeldingen(deelnemer, user):
    """The user's own aanmeldingen for this student that are still under way (a warning on a new form)."""
    return list(policy.eigen_aanmeldingen(user).filter(deelnemer=deelnemer, status__in=[
        Aanmelding.Status.CONCEPT, Aanmelding.Status.TERUGGESTUURD, Aanmelding.Status.INGEDIEND]))


def kiesbare_deelnemers(user, zoekterm: str, aantal=25) -> tuple[list, str]:
    """Students to choose for an aanmelding or a signal, and where they come from: "zoeken" (by search),
    "mentor" (the user's own mentees) or, for who has none — a docent, a taakdocent zorg —, "team": the
    first students alphabetically of those the user works with (privacy.policy.deelnemers_voor)."""
    deelnemers = policy.deelnemers_voor(user).actief().voor_lijst()
    if zoekterm:
        return list(deelnemers.zoek(zoekterm)[:aantal]), "zoeken"
    eigen = list(deelnemers.filter(mentor=user)[:aantal])
    if eigen:
        return eigen, "mentor"
    return list(deelnemers.order_by("achternaam", "voornaam", "id")[:aantal]), "team"


def toestemmingen_van(deelnemer):
    return deelnemer.toestemmingen.select_related("vastgelegd_door").prefetch_related("partners")


def signalen_van(user, deelnemer, inz, aantal=50):
    return list(policy.signalen_voor(user, deelnemer, inz).select_related("auteur", "afgehandeld_door")[:aantal])


def signalen_voor_mentor(user, aantal=20):
    """Docent signals about the mentor's own students that the mentor has not handled yet, oldest first
    (they wait longest). One query."""
    eigen = policy.deelnemers_voor(user).filter(mentor=user)
    return list(Signaal.objects.filter(deelnemer__in=eigen, afgehandeld_op__isnull=True).exclude(auteur=user)
                .select_related("deelnemer", "auteur").order_by("aangemaakt", "id")[:aantal])


def intake_ontvangers(aanmelding) -> list:
    """Who is notified of a submitted aanmelding: those who take it in (privacy.policy.intake_voor)."""
    d = aanmelding.deelnemer
    ontvangers = zorg.zorgcoordinatoren_van(d)
    if aanmelding.bestemming == Aanmelding.Bestemming.IZ:
        ontvangers += zorg.leden(functie=Functie.TAAKDOCENT, team_soort=Team.Soort.TEAMOVERLEG,
                                 opleiding_id=d.opleiding_id)
    if aanmelding.bestemming == Aanmelding.Bestemming.SMW:
        ontvangers += zorg.leden(functie=Functie.SMW, team_soort=Team.Soort.INTERN_ZORGTEAM, locatie_id=d.locatie_id)
    return [o for o in ontvangers if o.pk != aanmelding.aanmelder_id]
