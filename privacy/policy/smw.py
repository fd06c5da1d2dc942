"""Schoolmaatschappelijk werk: whose SMW registration a user may see and change (seed 000: the SMW's state of
affairs per client is for the SMW who is casemanager and the zorgcoördinator of the locatie only), who
registers a student's own walk-in, and which referrer answers the satisfaction question."""

from django.db.models import Q, QuerySet

from aanmelding.models import SMWTraject
from deelnemers.models import Deelnemer
from zorgstructuur.models import Functie, Lidmaatschap, Team

from ..profiel import profiel
from .dossier import weiger
from .rechten import mag


def toont_smw(user) -> bool:
    """The SMW part (caseload, client pages): the SMW and the zorgcoördinator."""
    return mag(user, "smw")


def smw_trajecten_voor(user) -> QuerySet:
    """The SMW registrations this user may see: as casemanager of the SMW route (also after closure: it is
    their own caseload), or as zorgcoördinator of the student's locatie."""
    if not toont_smw(user):
        return SMWTraject.objects.none()
    p = profiel(user)
    return SMWTraject.objects.filter(Q(zorgtraject__casemanager=user) | Q(deelnemer__locatie_id__in=p.zc_locaties))


def smw_traject_of_404(request, pk, actie="inzien", *, registreren=False):
    """The SMW registration for who may see it; `registreren` (contacts, closure): only the casemanager, while
    it is open. Refusals are logged and answer 404."""
    traject = smw_trajecten_voor(request.user).select_related(
        "deelnemer", "deelnemer__locatie", "deelnemer__opleiding", "zorgtraject", "zorgtraject__casemanager",
        "aanmelder").filter(pk=pk).first()
    if traject is None:
        weiger(request, actie, "SMW-traject niet zichtbaar", object_type="smwtraject", object_id=pk)
    if registreren and not is_smw_casemanager(request.user, traject):
        weiger(request, actie, "alleen de casemanager van een open SMW-traject", deelnemer=traject.deelnemer,
               object_type="smwtraject", object_id=pk)
    return traject


def is_smw_casemanager(user, traject) -> bool:
    return traject.is_open and traject.zorgtraject.casemanager_id == user.pk


def smw_locaties(user) -> QuerySet:
    """The locaties of the intern zorgteams this user is SMW in: their walk-in students come from there."""
    return Lidmaatschap.objects.geldig().filter(
        gebruiker=user, functie=Functie.SMW, team__soort=Team.Soort.INTERN_ZORGTEAM).values("team__locaties")


def mag_eigen_aanmelding(user) -> bool:
    return toont_smw(user) and Functie.SMW in profiel(user).functies


def eigen_aanmelding_deelnemer(request, studentnummer):
    """The student who walks in at the SMW, by studentnummer, among the students of the SMW's locaties; None
    (and a logged refusal, without 404: the form says it was not found) when not there."""
    deelnemer = Deelnemer.objects.filter(
        studentnummer=studentnummer.strip(), locatie_id__in=smw_locaties(request.user)).select_related(
        "locatie", "opleiding").first() if mag_eigen_aanmelding(request.user) and studentnummer else None
    return deelnemer


def tevredenheid_of_404(request, pk):
    """The referrer's own closed SMW referral, for the satisfaction form; anyone else (and a walk-in) 404."""
    traject = SMWTraject.objects.filter(
        pk=pk, aanmelder=request.user, eigen_aanmelding=False, afgesloten_op__isnull=False,
        tevredenheid_gevraagd_op__isnull=False).first() if request.user.is_authenticated else None
    if traject is None:
        weiger(request, "wijzigen", "tevredenheid: niet de eigen aanmelding", object_type="smwtraject", object_id=pk)
    return traject
