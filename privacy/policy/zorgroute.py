"""The care route: who files and takes in aanmeldingen, who opens and moves a zorgtraject (and who may
become its casemanager), who records consent, who gives and reads signals."""

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, QuerySet

from aanmelding.models import Aanmelding, Signaal
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Lidmaatschap, Niveauwijziging, Team, Zorgtraject

from ..profiel import profiel
from .dossier import Inzage, Relatie, deelnemer_of_404, inzage, is_zorgcoordinator_van, weiger
from .rechten import mag


class AanmeldingRol(models.TextChoices):
    """Why a user sees an aanmelding."""

    AANMELDER = "aanmelder", "aanmelder"
    INTAKE = "intake", "intake"
    ZORG = "zorg", "zorglaag"


# ---------------------------------------------------------------- aanmelding and intake

def _intake_bronnen(user) -> list[Q]:
    """The submitted aanmeldingen this user takes in, one condition per way: the taakdocent zorg those
    for the IZ of their own team, the zorgcoördinator all of their locatie, the SMW the SMW referrals of
    the locaties of their IZ."""
    p = profiel(user)
    bronnen = []
    if p.taakdocent_opleidingen:
        bronnen.append(Q(bestemming=Aanmelding.Bestemming.IZ, deelnemer__opleiding_id__in=p.taakdocent_opleidingen))
    if p.zc_locaties:
        bronnen.append(Q(deelnemer__locatie_id__in=p.zc_locaties))
    if Functie.SMW in p.functies:
        smw_locaties = Lidmaatschap.objects.geldig().filter(
            gebruiker=user, functie=Functie.SMW, team__soort=Team.Soort.INTERN_ZORGTEAM).values("team__locaties")
        bronnen.append(Q(bestemming=Aanmelding.Bestemming.SMW, deelnemer__locatie_id__in=smw_locaties))
    return bronnen


def doet_intake(user) -> bool:
    return mag(user, "aanmeldingen") and bool(_intake_bronnen(user))


def intake_voor(user) -> QuerySet:
    bronnen = _intake_bronnen(user) if mag(user, "aanmeldingen") else []
    if not bronnen:
        return Aanmelding.objects.none()
    q = Q(pk__in=[])
    for bron in bronnen:
        q |= bron
    return Aanmelding.objects.filter(q).exclude(status=Aanmelding.Status.CONCEPT)


def eigen_aanmeldingen(user) -> QuerySet:
    if not mag(user, "aanmeldingen"):
        return Aanmelding.objects.none()
    return Aanmelding.objects.filter(aanmelder=user)


def mag_aanmelden(user, inz: Inzage) -> bool:
    """Referrers: the care roles with a relation to the student beyond the basis layer."""
    return mag(user, "aanmeldingen") and bool(inz.lagen & {Laag.BEGELEIDING, Laag.ZORG})


def aanmelding_of_404(request, pk, actie="inzien", *, rollen=tuple(AanmeldingRol)):
    """The aanmelding for its referrer, for who takes it in, and (once submitted) for who reads the
    zorg layer of the student; `rollen` narrows who may do this here (e.g. only the referrer changes
    it). Returns (aanmelding, rol); a refusal is logged and answers 404."""
    user = request.user
    aanmelding = (Aanmelding.objects.filter(pk=pk).select_related(
        "deelnemer", "deelnemer__opleiding", "deelnemer__locatie", "deelnemer__mentor", "aanmelder",
        "beoordeeld_door").first() if mag(user, "aanmeldingen") else None)
    rol = None
    if aanmelding is not None:
        if aanmelding.aanmelder_id == user.pk:
            rol = AanmeldingRol.AANMELDER
        elif intake_voor(user).filter(pk=aanmelding.pk).exists():
            rol = AanmeldingRol.INTAKE
        elif aanmelding.status != Aanmelding.Status.CONCEPT and Laag.ZORG in inzage(user, aanmelding.deelnemer).lagen:
            rol = AanmeldingRol.ZORG
    if rol is None or rol not in rollen:
        weiger(request, actie, "aanmelding niet zichtbaar" if rol is None else f"niet als {rol.label}",
               deelnemer_id=aanmelding.deelnemer_id if aanmelding else None, object_type="aanmelding",
               object_id=pk)
    return aanmelding, rol


def mag_persoonsgegevens_zien(user, deelnemer, rol: AanmeldingRol) -> bool:
    """Birth date and address on an aanmelding: for who takes it in or works on the case, and for the
    referrer only while they still have a working relation (a former mentor keeps their own form, not
    the student's current address)."""
    return rol in (AanmeldingRol.INTAKE, AanmeldingRol.ZORG) or bool(inzage(user, deelnemer))


# ---------------------------------------------------------------- zorgtraject

def mag_traject_zien(user, inz: Inzage) -> bool:
    return Laag.ZORG in inz.lagen


def mag_traject_starten(user, inz: Inzage) -> bool:
    """A zorgtraject is opened by the zorgcoördinator of the locatie or the taakdocent zorg of the team."""
    return mag_traject_zien(user, inz) and bool({Relatie.ZORGCOORDINATOR, Relatie.TAAKDOCENT} & set(inz.rollen))


def traject_besluiten(user, deelnemer, inz: Inzage, traject) -> frozenset[str]:
    """The kinds of decision this user may record on this open traject: the zorgcoördinator, the
    taakdocent zorg of the team and the traject's casemanager move it; a crisis (direct external help)
    only the zorgcoördinator approves; the SMW route only closes."""
    S = Niveauwijziging.Soort
    if traject is None or not traject.is_open or not mag_traject_zien(user, inz):
        return frozenset()
    if not (mag_traject_starten(user, inz) or traject.casemanager_id == user.pk):
        return frozenset()
    if traject.route == Zorgtraject.Route.SMW:
        return frozenset({S.AFSLUITEN})
    besluiten = {S.OPSCHALEN, S.AFSCHALEN, S.EXTERN, S.AFSLUITEN}
    if is_zorgcoordinator_van(user, deelnemer):
        besluiten.add(S.CRISIS)
    return frozenset(besluiten)


def traject_of_404(request, pk, actie="inzien", *, mag=mag_traject_zien):
    """The student of a zorgtraject page, for who reads the zorg layer (or, with `mag`, may do more)."""
    return deelnemer_of_404(request, pk, actie, mag=mag, object_type="zorgtraject")


def traject_besluit_of_404(request, pk, route, soort):
    """The open traject on which this user may record a decision of this kind: (deelnemer, inz, traject)."""
    deelnemer, inz = traject_of_404(request, pk, "wijzigen")
    traject = deelnemer.zorgtrajecten.open().filter(route=route).select_related("niveau", "casemanager").first()
    if soort not in traject_besluiten(request.user, deelnemer, inz, traject):
        weiger(request, "wijzigen", f"besluit '{soort}' niet mogelijk", deelnemer=deelnemer,
               object_type="zorgtraject", object_id=traject.pk if traject else "")
    traject.deelnemer = deelnemer  # the student already fetched, with opleiding, locatie and mentor
    return deelnemer, inz, traject


def casemanager_kandidaten(deelnemer) -> QuerySet:
    """Who may become casemanager of this student's traject (which opens the zorg layer): the internal
    members of the IZ of the student's locatie, the taakdocent zorg of the team, and the mentor."""
    leden = Lidmaatschap.objects.geldig().exclude(functie=Functie.PARTNER).filter(
        Q(team__soort=Team.Soort.INTERN_ZORGTEAM, team__locaties=deelnemer.locatie_id)
        | Q(functie=Functie.TAAKDOCENT, team__opleidingen=deelnemer.opleiding_id))
    return get_user_model().objects.filter(
        Q(pk__in=leden.values("gebruiker_id")) | Q(pk=deelnemer.mentor_id or 0), is_active=True,
    ).order_by("last_name", "first_name")


# ---------------------------------------------------------------- consent and signals

def mag_toestemming_vastleggen(user, inz: Inzage) -> bool:
    """Consent is recorded by the same people who may refer the student."""
    return mag_aanmelden(user, inz)


def mag_signaleren(user, inz: Inzage) -> bool:
    return mag(user, "signaleren") and bool(inz)


def mag_signaal_afhandelen(user, inz: Inzage) -> bool:
    """Who reads the signals (layer begeleiding: the mentor, the taakdocent zorg, the zorgcoördinator)
    marks one handled; the docent who gave it does not."""
    return mag(user, "signaleren") and Laag.BEGELEIDING in inz.lagen


def signaal_afhandelen_of_404(request, pk, signaal_pk):
    """The signal about student `pk` this user may mark handled: (signaal, inz); else logged and 404."""
    deelnemer, inz = deelnemer_of_404(request, pk, "wijzigen", mag=mag_signaal_afhandelen, object_type="signaal")
    signaal = deelnemer.signalen.filter(pk=signaal_pk).first()
    if signaal is None:
        weiger(request, "wijzigen", "signaal niet gevonden", deelnemer=deelnemer, object_type="signaal",
               object_id=signaal_pk)
    signaal.deelnemer = deelnemer
    return signaal, inz


def signalen_voor(user, deelnemer, inz: Inzage) -> QuerySet:
    """Signals are layer begeleiding; a docent sees the ones they wrote."""
    if Laag.BEGELEIDING in inz.lagen:
        return Signaal.objects.filter(deelnemer=deelnemer)
    return Signaal.objects.filter(deelnemer=deelnemer, auteur=user)
