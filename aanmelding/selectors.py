"""Reads for the aanmelding pages and their Mijn werk panel; the policy decides what is visible, these
decide how it is fetched (select_related here, not in templates)."""

from django.utils import timezone

from privacy import policy
from zorgstructuur import selectors as zorg
from zorgstructuur.models import Functie, Team

from .models import Aanmelding, Signaal, Toestemming

# What the lists show of an aanmelding and its student, not the texts of the form (issue 12).
NAMEN = ("deelnemer__voornaam", "deelnemer__tussenvoegsel", "deelnemer__achternaam", "bestemming", "status")


def te_beoordelen(user):
    """Submitted aanmeldingen this user takes in, oldest first (they wait longest): what the intake list and
    the Mijn werk panel show."""
    return (policy.intake_voor(user).filter(status=Aanmelding.Status.INGEDIEND)
            .select_related("deelnemer__opleiding", "deelnemer__locatie", "aanmelder")
            .only(*NAMEN, "deelnemer__opleiding__naam", "deelnemer__locatie__naam", "ingediend_op",
                  "aanmelder__first_name", "aanmelder__last_name", "aanmelder__username")
            .order_by("ingediend_op", "id"))


def mijn_aanmeldingen(user):
    return (policy.eigen_aanmeldingen(user).select_related("deelnemer")
            .only(*NAMEN, "aangemaakt", "ingediend_op", "beoordeeld_op", "terugkoppeling")
            .order_by("-aangemaakt", "-id"))


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
        op_studentnummer = "studentnummer" in policy.lijstgegevens(user)
        return list(deelnemers.zoek(zoekterm, op_studentnummer=op_studentnummer)[:aantal]), "zoeken"
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
    eigen = policy.mentordeelnemers(user)
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


# ------------------------------------------------------------------ what consent covers, in words

def _namen(partners) -> str:
    namen = sorted(p.naam for p in partners)
    return ", ".join(namen[:-1]) + " en " + namen[-1] if len(namen) > 1 else "".join(namen)


def dekking(t: Toestemming) -> str:
    """What one consent covers while it is valid, as the status of its row ("geldig voor …")."""
    partners = list(t.partners.all())
    delen = f"delen van ‘{t.informatie}’ met {_namen(partners)}" if partners else ""
    if t.zat_bespreking:
        return (f"geldig voor bespreking in het ZAT en voor {delen}" if delen
                else "geldig voor bespreking in het ZAT, niet voor delen met partners")
    return (f"geldig, niet voor het ZAT: alleen {delen}" if delen
            else "geldig, maar niet voor het ZAT en niet voor delen met partners")


def toestemmingen_met_dekking(deelnemer, op=None) -> list[Toestemming]:
    """The student's consents, newest first, each with `status`: what it covers today, or since when it
    no longer counts."""
    op = op or timezone.localdate()
    toestemmingen = list(toestemmingen_van(deelnemer))
    for t in toestemmingen:
        if t.ingetrokken_op is not None and t.ingetrokken_op <= op:
            t.status = f"Ingetrokken per {t.ingetrokken_op:%d-%m-%Y}"
        elif t.datum > op:
            t.status = f"Nog niet geldig (geldt vanaf {t.datum:%d-%m-%Y})"
        else:
            d = dekking(t)
            t.status = d[:1].upper() + d[1:]
    return toestemmingen


def wat_toestemming_nu_toestaat(deelnemer, toestemmingen: list[Toestemming], op=None) -> dict:
    """One sentence on what the consent valid today allows: the ZAT yes or no, with which partners, which
    information. Partners count under a consent for the ZAT, as the policy gives them access
    (privacy.policy.dossier._geldige_grants)."""
    op = op or timezone.localdate()
    geldig = [t for t in toestemmingen if t.geldig_op(op)]
    zat = [t for t in geldig if t.zat_bespreking]
    naam = deelnemer.naam
    if zat:
        partners = {p.pk: p for t in zat for p in t.partners.all()}.values()
        informatie = "; ".join(dict.fromkeys(t.informatie for t in zat if t.partners.all()))
        sinds = min(t.datum for t in zat)
        zin = (f"Nu toegestaan (sinds {sinds:%d-%m-%Y}): bespreking van {naam} in het ZAT"
               + (f", en delen van ‘{informatie}’ met {_namen(partners)}." if partners
                  else "; met geen enkele partner mag informatie worden gedeeld."))
        return {"zat": True, "zin": zin}
    anders = [t for t in geldig if list(t.partners.all())]
    if anders:
        partners = {p.pk: p for t in anders for p in t.partners.all()}.values()
        informatie = "; ".join(dict.fromkeys(t.informatie for t in anders))
        zin = (f"Nu géén toestemming voor bespreking van {naam} in het ZAT; wel voor delen van ‘{informatie}’ "
               f"met {_namen(partners)}, buiten het ZAT.")
        return {"zat": False, "zin": zin}
    return {"zat": False, "zin": f"Nu géén geldige toestemming: {naam} wordt niet op naam in het ZAT besproken en "
                                 "er wordt geen informatie met partners gedeeld."}
