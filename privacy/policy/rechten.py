"""Which parts of the application a functie uses (the menu and the view guards)."""

from zorgstructuur.models import Functie, Instelling, Lidmaatschap

from ..profiel import profiel

ZORGPROFESSIONALS = {
    Functie.MENTOR, Functie.DOCENT, Functie.TAAKDOCENT, Functie.ZORGCOORDINATOR, Functie.SMW,
    Functie.SPECIALIST, Functie.LPA_RMC, Functie.GGD, Functie.PARTNER,
}
RECHTEN = {
    "deelnemers": ZORGPROFESSIONALS,
    "werkaantekeningen": ZORGPROFESSIONALS - {Functie.PARTNER},
    "importeren": {Functie.BEHEERDER},
    "toegangslog": {Functie.ZORGCOORDINATOR},
    # Management (their instelling), the zorgcoördinator (own locaties), the SMW (own SMW overview only):
    # which overview over which locaties is privacy.policy.rapportage.
    "rapportage": {Functie.MANAGEMENT, Functie.ZORGCOORDINATOR, Functie.SMW},
    # Who files aanmeldingen or takes them in: the care roles, not a plain docent or a partner.
    "aanmeldingen": {Functie.MENTOR, Functie.TAAKDOCENT, Functie.ZORGCOORDINATOR, Functie.SMW,
                     Functie.SPECIALIST, Functie.LPA_RMC, Functie.GGD},
    # A short signal about a student of the team.
    "signaleren": ZORGPROFESSIONALS - {Functie.PARTNER},
    # SMW (issue 11): the SMW's caseload and client pages; the zorgcoördinator sees the SMW's state of affairs.
    "smw": {Functie.SMW, Functie.ZORGCOORDINATOR},
}


def mag(user, recht: str) -> bool:
    """May this user use this part of the application at all (menu, view guard)?"""
    if not user.is_authenticated:
        return False
    if recht == "beheer":
        return user.is_staff
    if recht == "importeren" and user.is_superuser:
        return True
    return bool(profiel(user).functies & RECHTEN[recht])


def import_instellingen(user) -> list[Instelling]:
    """Where this user may import students: the instellingen of their beheerder memberships; for a
    superuser every instelling."""
    if not mag(user, "importeren"):
        return []
    if user.is_superuser:
        return list(Instelling.objects.all())
    lidmaatschappen = Lidmaatschap.objects.geldig().filter(gebruiker=user, functie=Functie.BEHEERDER)
    return list(Instelling.objects.filter(teams__lidmaatschappen__in=lidmaatschappen).distinct())
