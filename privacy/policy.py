"""The one access policy: who may see or do what, for single objects and for querysets.

Every view and every queryset that touches personal data asks this module. Access comes
from team memberships with a functie (the main path) and from explicit django-guardian
grants with an end date (an invited partner, an added specialist).

Layers (DESIGN §5) per relation with the student:
- mentor: basis, begeleiding; docent of the team: basis; taakdocent zorg of the team: basis,
  begeleiding, zorg; zorgcoördinator of the locatie: basis to zat;
- casemanager of an open traject, internal member of the IZ that handles it: basis, zorg; internal
  member of the ZAT that handles it: basis, zorg, zat (so an SMW or specialist in a team sees that
  team's cases, not only their explicit grants);
- a grant: dossier_zorg → basis, zorg; dossier_zat → basis, zat (a partner's only while the consent
  names their organisation); dossier_vertrouwelijk → the vertrouwelijk entries of the one discipline
  the grant names.
Vertrouwelijk entries are read by their author's discipline (any relation in that discipline) and by
who was granted that discipline; werkaantekeningen by their author alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Lidmaatschap, Team

from .profiel import Profiel, profiel  # noqa: F401  (part of the policy's surface)

# Which functies may use which part of the application (navigation and view guards).
ZORGPROFESSIONALS = {
    Functie.MENTOR, Functie.DOCENT, Functie.TAAKDOCENT, Functie.ZORGCOORDINATOR, Functie.SMW,
    Functie.SPECIALIST, Functie.LPA_RMC, Functie.GGD, Functie.PARTNER,
}
RECHTEN = {
    "deelnemers": ZORGPROFESSIONALS,
    "werkaantekeningen": ZORGPROFESSIONALS - {Functie.PARTNER},
    "importeren": {Functie.BEHEERDER},
    "toegangslog": {Functie.ZORGCOORDINATOR},
    "rapportage": {Functie.MANAGEMENT},
    # Who files aanmeldingen or takes them in: the care roles, not a plain docent or a partner.
    "aanmeldingen": {Functie.MENTOR, Functie.TAAKDOCENT, Functie.ZORGCOORDINATOR, Functie.SMW,
                     Functie.SPECIALIST, Functie.LPA_RMC, Functie.GGD},
    # A short signal about a student of the team.
    "signaleren": ZORGPROFESSIONALS - {Functie.PARTNER},
}

# Layers a grant opens (the codename of the Deelnemer permission → layers). A vertrouwelijk grant opens
# the vertrouwelijk entries of the one discipline it names (DeelnemerToegang.discipline), not all of them.
GRANT_LAGEN = {
    "dossier_zorg": {Laag.BASIS, Laag.ZORG},
    "dossier_zat": {Laag.BASIS, Laag.ZAT},
    "dossier_vertrouwelijk": {Laag.BASIS, Laag.VERTROUWELIJK},
}

# Layers an author may write in, per discipline (DESIGN §5).
SCHRIJFLAGEN = {
    Functie.MENTOR: [Laag.BASIS, Laag.BEGELEIDING],
    Functie.DOCENT: [Laag.BASIS],
    Functie.TAAKDOCENT: [Laag.BASIS, Laag.BEGELEIDING, Laag.ZORG],
    Functie.ZORGCOORDINATOR: [Laag.BASIS, Laag.BEGELEIDING, Laag.ZORG, Laag.ZAT, Laag.VERTROUWELIJK],
    Functie.SMW: [Laag.ZORG, Laag.VERTROUWELIJK],
    Functie.SPECIALIST: [Laag.ZORG, Laag.VERTROUWELIJK],
    Functie.LPA_RMC: [Laag.ZORG],
    Functie.GGD: [Laag.ZORG, Laag.VERTROUWELIJK],
    Functie.PARTNER: [Laag.ZAT],
}
LAAG_VOLGORDE = list(Laag)
# Most specific first: the discipline in which someone with several functies writes and acts.
HOOFDFUNCTIE_VOLGORDE = (Functie.ZORGCOORDINATOR, Functie.SMW, Functie.GGD, Functie.SPECIALIST, Functie.LPA_RMC,
                         Functie.TAAKDOCENT, Functie.MENTOR, Functie.DOCENT, Functie.PARTNER)


def mag(user, recht: str) -> bool:
    """May this user use this part of the application at all (menu, view guard)?"""
    if not user.is_authenticated:
        return False
    if recht == "beheer":
        return user.is_staff
    if recht == "importeren" and user.is_superuser:
        return True
    return bool(profiel(user).functies & RECHTEN[recht])


# ---------------------------------------------------------------- students

def _geldige_grants(user):
    """Explicit grants still within their end date. An external partner's grant counts only while
    the student's consent for the ZAT names the partner's organisation (DESIGN §5)."""
    from aanmelding.models import Toestemming

    from .models import DeelnemerToegang

    vandaag = timezone.localdate()
    grants = DeelnemerToegang.objects.filter(user=user, geldig_tot__gte=vandaag)
    p = profiel(user)
    if Functie.PARTNER in p.functies:
        toestemming = Toestemming.objects.geldig(vandaag).filter(
            deelnemer=OuterRef("content_object_id"), zat_bespreking=True, partners__in=p.organisatie_ids)
        grants = grants.filter(Exists(toestemming))
    return grants


def deelnemers_voor(user) -> QuerySet:
    """Every student this user has a working relationship with; nobody else."""
    from deelnemers.models import Deelnemer

    if not mag(user, "deelnemers"):
        return Deelnemer.objects.none()
    p = profiel(user)
    relatie = (
        Q(mentor=user)
        | Q(opleiding_id__in=p.docent_opleidingen | p.taakdocent_opleidingen)
        | Q(locatie_id__in=p.zc_locaties)
        | Q(id__in=_geldige_grants(user).values("content_object_id"))
        | Q(id__in=_trajecten_met_relatie(user).values("deelnemer_id"))
    )
    return Deelnemer.objects.filter(relatie)


@dataclass(frozen=True)
class Inzage:
    """What one user may read of one student's dossier, and in which role."""

    lagen: frozenset[str] = frozenset()
    disciplines: frozenset[str] = frozenset()  # of the user's relations: they write in, and read, these
    rollen: tuple[str, ...] = field(default_factory=tuple)
    vertrouwelijk_van: frozenset[str] = frozenset()  # disciplines opened by an explicit vertrouwelijk grant

    def __bool__(self):
        return bool(self.lagen)

    @property
    def rol(self) -> str:
        return ", ".join(self.rollen)

    @property
    def lagen_geordend(self) -> list[str]:
        return [laag.label for laag in LAAG_VOLGORDE if laag in self.lagen]

    @property
    def vertrouwelijke_disciplines(self) -> frozenset[str]:
        """Vertrouwelijk entries are read by the author's discipline and by who was granted it explicitly."""
        return self.disciplines | self.vertrouwelijk_van

    def zichtbaar_q(self, user, auteur_veld="auteur") -> Q:
        """Entries of a layer this user reads; their own; vertrouwelijk ones of an open discipline."""
        gewone = [laag for laag in self.lagen if laag != Laag.VERTROUWELIJK]
        q = Q(laag__in=gewone) | Q(**{auteur_veld: user})
        if self.vertrouwelijke_disciplines:
            q |= Q(laag=Laag.VERTROUWELIJK, discipline__in=self.vertrouwelijke_disciplines)
        return q

    def mag_lezen(self, user, item) -> bool:
        if item.auteur_id == user.id:
            return True
        if item.laag == Laag.VERTROUWELIJK:
            return item.discipline in self.vertrouwelijke_disciplines
        return item.laag in self.lagen


def inzage(user, deelnemer) -> Inzage:
    """The layers of this student's dossier the user may read, from every relationship they have."""
    if not mag(user, "deelnemers"):
        return Inzage()
    p = profiel(user)
    lagen, disciplines, rollen, vertrouwelijk_van = set(), set(), [], set()

    def geef(rol, discipline, *nieuwe):
        lagen.update(nieuwe)
        disciplines.add(discipline)
        rollen.append(rol)

    if deelnemer.mentor_id == user.id:
        geef("mentor", Functie.MENTOR, Laag.BASIS, Laag.BEGELEIDING)
    if deelnemer.opleiding_id in p.docent_opleidingen:
        geef("docent", Functie.DOCENT, Laag.BASIS)
    if deelnemer.opleiding_id in p.taakdocent_opleidingen:
        geef("taakdocent zorg", Functie.TAAKDOCENT, Laag.BASIS, Laag.BEGELEIDING, Laag.ZORG)
    if deelnemer.locatie_id in p.zc_locaties:
        geef("zorgcoördinator", Functie.ZORGCOORDINATOR, Laag.BASIS, Laag.BEGELEIDING, Laag.ZORG, Laag.ZAT)
    for codename, discipline in _geldige_grants(user).filter(content_object=deelnemer).values_list(
        "permission__codename", "discipline"
    ):
        lagen.update(GRANT_LAGEN.get(codename, ()))
        if codename == "dossier_vertrouwelijk" and discipline:
            vertrouwelijk_van.add(discipline)
        rollen.append("expliciete toegang")
    for rol, discipline, nieuwe in _traject_relaties(user, deelnemer):  # casemanager, IZ/ZAT member
        geef(rol, discipline, *nieuwe)
    return Inzage(frozenset(lagen), frozenset(disciplines), tuple(rollen), frozenset(vertrouwelijk_van))


def schrijflagen(user, inz: Inzage) -> list[str]:
    """The layers this user may choose for a new entry: what their discipline writes and reads."""
    mogelijk = set()
    for functie in profiel(user).functies:
        mogelijk.update(SCHRIJFLAGEN.get(functie, ()))
    toegestaan = {laag for laag in mogelijk if laag in inz.lagen or laag == Laag.VERTROUWELIJK}
    return [laag for laag in LAAG_VOLGORDE if laag in toegestaan]


def discipline_van(user, inz: Inzage) -> str:
    """The discipline an entry is written in: the most specific functie that gives the relation."""
    for functie in HOOFDFUNCTIE_VOLGORDE:
        if functie in profiel(user).functies and (functie in inz.disciplines or not inz.disciplines):
            return functie
    return next(iter(inz.disciplines), Functie.MENTOR)


# --------------------------------------------------------------- getters

def deelnemer_of_404(request, pk, actie="inzien"):
    """The student, with the user's inzage; a refused attempt is logged and answers 404."""
    from .log import log

    deelnemer = _met_trajectrelatie(
        request.user, deelnemers_voor(request.user).select_related("opleiding", "locatie", "mentor").filter(pk=pk)
    ).first()
    if deelnemer is None:
        log(request, actie, deelnemer_id=pk, uitkomst="geweigerd", omschrijving="geen werkrelatie")
        raise Http404("Deelnemer niet gevonden.")
    inz = inzage(request.user, deelnemer)
    if not inz:
        log(request, actie, deelnemer_id=pk, uitkomst="geweigerd", omschrijving="geen laag toegankelijk")
        raise Http404("Deelnemer niet gevonden.")
    return deelnemer, inz


def dossieritems_voor(user, deelnemer, inz: Inzage) -> QuerySet:
    return deelnemer.dossieritems.filter(inz.zichtbaar_q(user)).met_auteur()


def gebeurtenissen_voor(user, deelnemer, inz: Inzage) -> QuerySet:
    return deelnemer.gebeurtenissen.filter(inz.zichtbaar_q(user, auteur_veld="actor")).select_related("actor")


def dossieritem_of_404(request, deelnemer, inz: Inzage, pk, actie="inzien"):
    from .log import log

    item = dossieritems_voor(request.user, deelnemer, inz).filter(pk=pk).first()
    if item is None:
        log(request, actie, deelnemer_id=deelnemer.pk, object_type="dossieritem", object_id=pk,
            uitkomst="geweigerd", omschrijving="dossieritem niet zichtbaar")
        raise Http404("Dossieritem niet gevonden.")
    return item


def mag_wijzigen(user, item) -> bool:
    """Only the author changes their own entry; others add a new one."""
    return item.auteur_id == user.id


def werkaantekeningen_van(user, deelnemer) -> QuerySet:
    """The user's own werkaantekeningen about this student — the only way to reach any."""
    from .models import Werkaantekening

    if not mag(user, "werkaantekeningen"):
        return Werkaantekening.objects.none()
    return Werkaantekening.objects.filter(auteur=user, deelnemer=deelnemer)


def toegangslog_voor(user, deelnemer) -> QuerySet:
    """Who looked at this dossier: for the zorgcoördinator of the student's locatie."""
    from .models import Toegangslog

    if not mag_toegangslog_zien(user, deelnemer):
        return Toegangslog.objects.none()
    return Toegangslog.objects.filter(deelnemer_id=deelnemer.pk)


def mag_toegangslog_zien(user, deelnemer) -> bool:
    return mag(user, "toegangslog") and is_zorgcoordinator_van(user, deelnemer)


# ------------------------------------------------- aanmelding, toestemming, zorgtraject

def _hoofdfunctie(user) -> str:
    functies = profiel(user).functies
    return next((f for f in HOOFDFUNCTIE_VOLGORDE if f in functies), Functie.MENTOR)


def _teamleden_van_traject(user):
    """Correlated on a Zorgtraject: the user is an internal member of the team (IZ or ZAT, whose
    soort equals the level's soort) that serves the student's locatie. Partners come in per case."""
    return Lidmaatschap.objects.geldig().filter(
        gebruiker=user, team__soort=OuterRef("niveau__soort"), team__locaties=OuterRef("deelnemer__locatie_id"),
    ).exclude(functie=Functie.PARTNER)


def _trajecten_met_relatie(user) -> QuerySet:
    """Open trajecten that give this user a relation: casemanager (also an SMW's caseload), or
    member of the IZ / ZAT that handles the case at its current level."""
    from zorgstructuur.models import Zorgtraject

    return Zorgtraject.objects.open().filter(
        Q(casemanager=user) | Q(Exists(_teamleden_van_traject(user)), route=Zorgtraject.Route.LADDER)
    )


def _met_trajectrelatie(user, qs: QuerySet) -> QuerySet:
    """Annotate the relation a traject gives, so inzage() needs no extra query per dossier."""
    from zorgstructuur.models import Zorgtraject

    open_van = Zorgtraject.objects.open().filter(deelnemer=OuterRef("pk"))
    return qs.annotate(
        zs_casemanager=Exists(open_van.filter(casemanager=user)),
        zs_teamlid=Subquery(
            open_van.filter(Exists(_teamleden_van_traject(user)), route=Zorgtraject.Route.LADDER)
            .values("niveau__soort")[:1]
        ),
    )


def _traject_relaties(user, deelnemer) -> list[tuple[str, str, tuple[str, ...]]]:
    from deelnemers.models import Deelnemer

    if hasattr(deelnemer, "zs_casemanager"):
        casemanager, teamlid = deelnemer.zs_casemanager, deelnemer.zs_teamlid
    else:
        rij = _met_trajectrelatie(user, Deelnemer.objects.filter(pk=deelnemer.pk)).values_list(
            "zs_casemanager", "zs_teamlid").first()
        casemanager, teamlid = rij or (False, None)
    relaties = []
    if casemanager:
        relaties.append(("casemanager", _hoofdfunctie(user), (Laag.BASIS, Laag.ZORG)))
    if teamlid == Team.Soort.INTERN_ZORGTEAM:
        relaties.append(("lid intern zorgteam", _hoofdfunctie(user), (Laag.BASIS, Laag.ZORG)))
    elif teamlid:  # the internal members of the ZAT read its minutes (partners come in per case)
        relaties.append(("lid ZAT", _hoofdfunctie(user), (Laag.BASIS, Laag.ZORG, Laag.ZAT)))
    return relaties


def is_zorgcoordinator_van(user, deelnemer) -> bool:
    return deelnemer.locatie_id in profiel(user).zc_locaties


def casemanager_kandidaten(deelnemer) -> QuerySet:
    """Who may become casemanager of this student's traject (which opens the zorg layer): the internal
    members of the IZ of the student's locatie, the taakdocent zorg of the team, and the mentor."""
    leden = Lidmaatschap.objects.geldig().exclude(functie=Functie.PARTNER).filter(
        Q(team__soort=Team.Soort.INTERN_ZORGTEAM, team__locaties=deelnemer.locatie_id)
        | Q(functie=Functie.TAAKDOCENT, team__opleidingen=deelnemer.opleiding_id))
    return get_user_model().objects.filter(
        Q(pk__in=leden.values("gebruiker_id")) | Q(pk=deelnemer.mentor_id or 0), is_active=True,
    ).order_by("last_name", "first_name")


def _smw_locaties(user):
    return Lidmaatschap.objects.geldig().filter(
        gebruiker=user, functie=Functie.SMW, team__soort=Team.Soort.INTERN_ZORGTEAM
    ).values("team__locaties")


def _intake_q(user) -> Q:
    """The submitted aanmeldingen this user takes in: the taakdocent zorg those for the IZ of their
    own team, the zorgcoördinator all of their locatie, the SMW the SMW referrals of their locatie."""
    from aanmelding.models import Aanmelding

    p = profiel(user)
    q = Q(pk__in=[])
    if p.taakdocent_opleidingen:
        q |= Q(bestemming=Aanmelding.Bestemming.IZ, deelnemer__opleiding_id__in=p.taakdocent_opleidingen)
    if p.zc_locaties:
        q |= Q(deelnemer__locatie_id__in=p.zc_locaties)
    if Functie.SMW in p.functies:
        q |= Q(bestemming=Aanmelding.Bestemming.SMW, deelnemer__locatie_id__in=_smw_locaties(user))
    return q & ~Q(status=Aanmelding.Status.CONCEPT)


def intake_voor(user) -> QuerySet:
    from aanmelding.models import Aanmelding

    if not mag(user, "aanmeldingen"):
        return Aanmelding.objects.none()
    return Aanmelding.objects.filter(_intake_q(user))


def eigen_aanmeldingen(user) -> QuerySet:
    from aanmelding.models import Aanmelding

    if not mag(user, "aanmeldingen"):
        return Aanmelding.objects.none()
    return Aanmelding.objects.filter(aanmelder=user)


def mag_beoordelen(user, aanmelding) -> bool:
    return intake_voor(user).filter(pk=aanmelding.pk).exists()


def mag_aanmelden(user, inz: Inzage) -> bool:
    """Referrers: the care roles with a relation to the student beyond the basis layer."""
    return mag(user, "aanmeldingen") and bool(inz.lagen & {Laag.BEGELEIDING, Laag.ZORG})


def aanmelding_of_404(request, pk, actie="inzien"):
    """The aanmelding for its referrer, for who takes it in, and (once submitted) for who reads the
    zorg layer of the student. Returns (aanmelding, deelnemer, rol); refused attempts are logged."""
    from aanmelding.models import Aanmelding

    from .log import log

    user = request.user
    aanmelding = (Aanmelding.objects.filter(pk=pk).select_related(
        "deelnemer", "deelnemer__opleiding", "deelnemer__locatie", "deelnemer__mentor", "aanmelder",
        "beoordeeld_door").first() if mag(user, "aanmeldingen") else None)
    rol = None
    if aanmelding is not None:
        if aanmelding.aanmelder_id == user.id:
            rol = "aanmelder"
        elif mag_beoordelen(user, aanmelding):
            rol = "intake"
        elif aanmelding.status != Aanmelding.Status.CONCEPT and Laag.ZORG in inzage(user, aanmelding.deelnemer).lagen:
            rol = "zorg"
    if rol is None:
        log(request, actie, deelnemer_id=aanmelding.deelnemer_id if aanmelding else None, object_type="aanmelding",
            object_id=pk, uitkomst="geweigerd", omschrijving="aanmelding niet zichtbaar")
        raise Http404("Aanmelding niet gevonden.")
    return aanmelding, rol


def mag_persoonsgegevens_zien(user, deelnemer, rol: str) -> bool:
    """Birth date and address on an aanmelding: for who takes it in or works on the case, and for the
    referrer only while they still have a working relation (a former mentor keeps their own form, not
    the student's current address)."""
    return rol in ("intake", "zorg") or bool(inzage(user, deelnemer))


def mag_traject_zien(inz: Inzage) -> bool:
    return Laag.ZORG in inz.lagen


def mag_traject_starten(inz: Inzage) -> bool:
    """A zorgtraject is opened by the zorgcoördinator of the locatie or the taakdocent zorg of the team."""
    return mag_traject_zien(inz) and bool({"zorgcoördinator", "taakdocent zorg"} & set(inz.rollen))


def mag_traject_wijzigen(user, deelnemer, inz: Inzage, traject=None) -> bool:
    """Level changes are recorded by the zorgcoördinator, the taakdocent zorg of the team or the
    casemanager of that traject; a crisis additionally needs the zorgcoördinator (checked in the
    service). Without a traject: may this user start one or change any (the page's buttons)."""
    if not mag_traject_zien(inz):
        return False
    if mag_traject_starten(inz):
        return True
    if traject is not None:
        return traject.casemanager_id == user.id
    return "casemanager" in inz.rollen


def mag_toestemming_vastleggen(user, inz: Inzage) -> bool:
    """Consent is recorded by the same people who may refer the student."""
    return mag_aanmelden(user, inz)


def mag_signaleren(user, inz: Inzage) -> bool:
    return mag(user, "signaleren") and bool(inz)


def signalen_voor(user, deelnemer, inz: Inzage) -> QuerySet:
    """Signals are layer begeleiding; a docent sees the ones they wrote."""
    from aanmelding.models import Signaal

    if Laag.BEGELEIDING in inz.lagen:
        return Signaal.objects.filter(deelnemer=deelnemer)
    return Signaal.objects.filter(deelnemer=deelnemer, auteur=user)
