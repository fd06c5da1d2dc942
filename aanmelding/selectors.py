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


def kiesbare_deelnemers(user, zoekterm: str, aantal=25):
    """Students to choose for an aanmelding or a signal: by search, else the user's own mentees."""
    deelnemers = policy.deelnemers_voor(user).actief().voor_lijst()
    deelnemers = deelnemers.zoek(zoekterm) if zoekterm else deelnemers.filter(mentor=user)
    return list(deelnemers[:aantal])


def toestemmingen_van(deelnemer):
    return deelnemer.toestemmingen.select_related("vastgelegd_door").prefetch_related("partners")


def signalen_van(user, deelnemer, inz, aantal=50):
    return list(policy.signalen_voor(user, deelnemer, inz).select_related("auteur")[:aantal])


def signalen_voor_mentor(user, aantal=10):
    """Recent docent signals about the mentor's own students."""
    eigen = policy.deelnemers_voor(user).filter(mentor=user)
    return list(Signaal.objects.filter(deelnemer__in=eigen).exclude(auteur=user)
                .select_related("deelnemer", "auteur").order_by("-aangemaakt")[:aantal])


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
