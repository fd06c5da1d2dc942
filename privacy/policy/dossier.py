"""Students and their dossier: the working relations, the layers they open, the entries, the
werkaantekeningen and the access log of one student."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import IsNull
from django.http import Http404
from django.utils import timezone

from aanmelding.models import Toestemming
from deelnemers.models import Deelnemer
from overleg.models import Uitnodiging
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Lidmaatschap, Team, Zorgtraject

from ..log import log
from ..models import DeelnemerToegang, Toegangslog, Werkaantekening
from ..profiel import profiel
from . import rechten
from .rechten import mag


class Relatie(models.TextChoices):
    """A user's working relation with one student: what gives them a layer."""

    MENTOR = "mentor", "mentor"
    DOCENT = "docent", "docent"
    TAAKDOCENT = "taakdocent", "taakdocent zorg"
    ZORGCOORDINATOR = "zorgcoordinator", "zorgcoördinator"
    CASEMANAGER = "casemanager", "casemanager"
    LID_IZ = "lid_iz", "lid intern zorgteam"
    LID_ZAT = "lid_zat", "lid ZAT"
    EXPLICIET = "expliciet", "expliciete toegang"


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


def weiger(request, actie, omschrijving, **velden):
    """A refused attempt: logged with its reason (NEN 7513), and answered as if the object did not exist."""
    log(request, actie, uitkomst=Toegangslog.Uitkomst.GEWEIGERD, omschrijving=omschrijving, **velden)
    raise Http404("Niet gevonden.")


# ---------------------------------------------------------------- relations

def _geldige_grants(user):
    """Explicit grants still within their end date. An external partner's grant counts only through a
    valid invitation to a ZAT item (overleg.Uitnodiging) for an organisation the partner still represents,
    and only while the student's consent for the ZAT names that organisation (DESIGN §5): a consent that
    names another of the partner's organisations opens nothing."""
    vandaag = timezone.localdate()
    grants = DeelnemerToegang.objects.filter(user=user, geldig_tot__gte=vandaag)
    p = profiel(user)
    if Functie.PARTNER in p.functies:
        toestemming = Toestemming.objects.geldig(vandaag).filter(
            deelnemer=OuterRef("agendapunt__deelnemer_id"), zat_bespreking=True, partners=OuterRef("organisatie_id"))
        uitnodiging = Uitnodiging.objects.filter(toegang_id=OuterRef("pk"), geldig_tot__gte=vandaag,
                                                 organisatie_id__in=p.organisatie_ids).filter(Exists(toestemming))
        grants = grants.filter(Exists(uitnodiging))
    return grants


def _teamleden_van_traject(user):
    """Correlated on a Zorgtraject: the user is an internal member of the team (IZ or ZAT, whose
    soort equals the level's soort) that serves the student's locatie. Partners come in per case."""
    return Lidmaatschap.objects.geldig().filter(
        gebruiker=user, team__soort=OuterRef("niveau__soort"), team__locaties=OuterRef("deelnemer__locatie_id"),
    ).exclude(functie=Functie.PARTNER)


def _trajecten_met_relatie(user) -> QuerySet:
    """Open trajecten that give this user a relation: casemanager (also an SMW's caseload), or
    member of the IZ / ZAT that handles the case at its current level."""
    return Zorgtraject.objects.open().filter(
        Q(casemanager=user) | Q(Exists(_teamleden_van_traject(user)), route=Zorgtraject.Route.LADDER)
    )


def _hoofdfunctie(user) -> str:
    functies = profiel(user).functies
    return next((f for f in HOOFDFUNCTIE_VOLGORDE if f in functies), Functie.MENTOR)


def _met_trajecten(user, qs: QuerySet) -> QuerySet:
    """Annotate what the student's open trajecten (at most one per route) say about this user's relation:
    casemanager of one, and the soort of the ladder's level, whose team at the student's locatie handles it
    (the user's teams are in their profiel). Two small subqueries, so inzage() needs no extra query."""
    open_van = Zorgtraject.objects.open().filter(deelnemer=OuterRef("pk"))
    return qs.annotate(
        zs_casemanager=Exists(open_van.filter(casemanager=user)),
        zs_ladder=Subquery(open_van.filter(route=Zorgtraject.Route.LADDER).values("niveau__soort")[:1]),
    )


def _traject_relaties(user, deelnemer) -> list[tuple[Relatie, str, tuple[str, ...]]]:
    if hasattr(deelnemer, "zs_casemanager"):
        casemanager, ladder = deelnemer.zs_casemanager, deelnemer.zs_ladder
    else:
        rij = _met_trajecten(user, Deelnemer.objects.filter(pk=deelnemer.pk)).values_list(
            "zs_casemanager", "zs_ladder").first()
        casemanager, ladder = rij or (False, None)
    # Member of the IZ / ZAT that handles the case at its current level: as _teamleden_van_traject, in Python.
    teamlid = ladder if (ladder, deelnemer.locatie_id) in profiel(user).interne_teams else None
    relaties = []
    if casemanager:
        relaties.append((Relatie.CASEMANAGER, _hoofdfunctie(user), (Laag.BASIS, Laag.ZORG)))
    if teamlid == Team.Soort.INTERN_ZORGTEAM:
        relaties.append((Relatie.LID_IZ, _hoofdfunctie(user), (Laag.BASIS, Laag.ZORG)))
    elif teamlid:  # the internal members of the ZAT read its minutes (partners come in per case)
        relaties.append((Relatie.LID_ZAT, _hoofdfunctie(user), (Laag.BASIS, Laag.ZORG, Laag.ZAT)))
    return relaties


def deelnemers_voor(user) -> QuerySet:
    """Every student this user has a working relationship with; nobody else."""
    if not mag(user, "deelnemers"):
        return Deelnemer.objects.none()
    p = profiel(user)
    relatie = Q(opleiding_id__in=p.docent_opleidingen | p.taakdocent_opleidingen) | Q(locatie_id__in=p.zc_locaties)
    for persoonlijk in _persoonlijke_relaties(user):
        relatie |= persoonlijk
    return Deelnemer.objects.filter(relatie)


def mentordeelnemers(user) -> QuerySet:
    """The user's own mentees: among deelnemers_voor through the mentor relation, asked without the others so
    the index on mentor finds them (Mijn werk's signals, at 40,000 students)."""
    return Deelnemer.objects.filter(mentor=user) if mag(user, "deelnemers") else Deelnemer.objects.none()


def _persoonlijke_relaties(user) -> list[Q]:
    """On Deelnemer: the relations with single students (mentor, explicit grant, open traject), beside the
    broad ones with a whole opleiding (docent) or locatie (zorgcoördinator)."""
    return [Q(mentor=user), Q(id__in=_geldige_grants(user).values("content_object_id")),
            Q(id__in=_trajecten_met_relatie(user).values("deelnemer_id"))]


def lijstfilters_voor(user) -> tuple[Q, Q]:
    """Q's on Opleiding and User for the student list's filters: the opleidingen and mentors of the students
    deelnemers_voor gives, without a pass over all of them (issue 12). A zorgcoördinator's locaties and a
    docent's opleidingen come from the small tables (an opleiding there without students may show), the few
    students of each personal relation through themselves (for a partner that is all of them)."""
    if not mag(user, "deelnemers"):
        return Q(pk__in=[]), Q(pk__in=[])
    p = profiel(user)
    opleidingen = p.docent_opleidingen | p.taakdocent_opleidingen
    opleiding_q = Q(locatie_id__in=p.zc_locaties) | Q(id__in=opleidingen)
    mentor_q = Q(id__in=Deelnemer.objects.filter(opleiding_id__in=opleidingen).values("mentor_id"))
    # One relation per subquery: each is read through its own index (ORed inside one, they scan all students).
    for relatie in _persoonlijke_relaties(user):
        persoonlijk = Deelnemer.objects.filter(relatie)
        opleiding_q |= Q(id__in=persoonlijk.values("opleiding_id"))
        mentor_q |= Q(id__in=persoonlijk.values("mentor_id"))
    if p.zc_locaties:
        # Whole locaties hold most students: ask per user whether one mentee is there (index on mentor, stops
        # at the first). A scalar subquery, because PostgreSQL turns an EXISTS into a hash of all students.
        een_daar = Deelnemer.objects.filter(mentor=OuterRef("pk"), locatie_id__in=p.zc_locaties).order_by()
        mentor_q |= Q(IsNull(Subquery(een_daar.values("id")[:1]), False))
    return opleiding_q, mentor_q


def is_zorgcoordinator_van(user, deelnemer) -> bool:
    return deelnemer.locatie_id in profiel(user).zc_locaties


# ---------------------------------------------------------------- layers

@dataclass(frozen=True)
class Inzage:
    """What one user may read of one student's dossier, and through which relations."""

    lagen: frozenset[str] = frozenset()
    disciplines: frozenset[str] = frozenset()  # of the user's relations: they write in, and read, these
    rollen: tuple[Relatie, ...] = field(default_factory=tuple)
    vertrouwelijk_van: frozenset[str] = frozenset()  # disciplines opened by an explicit vertrouwelijk grant

    def __bool__(self):
        return bool(self.lagen)

    @property
    def rol(self) -> str:
        """The relations in words, for the page and the access log."""
        return ", ".join(Relatie(r).label for r in self.rollen)

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

    def geef(relatie, discipline, *nieuwe):
        lagen.update(nieuwe)
        disciplines.add(discipline)
        rollen.append(relatie)

    if deelnemer.mentor_id == user.id:
        geef(Relatie.MENTOR, Functie.MENTOR, Laag.BASIS, Laag.BEGELEIDING)
    if deelnemer.opleiding_id in p.docent_opleidingen:
        geef(Relatie.DOCENT, Functie.DOCENT, Laag.BASIS)
    if deelnemer.opleiding_id in p.taakdocent_opleidingen:
        geef(Relatie.TAAKDOCENT, Functie.TAAKDOCENT, Laag.BASIS, Laag.BEGELEIDING, Laag.ZORG)
    if deelnemer.locatie_id in p.zc_locaties:
        geef(Relatie.ZORGCOORDINATOR, Functie.ZORGCOORDINATOR, Laag.BASIS, Laag.BEGELEIDING, Laag.ZORG, Laag.ZAT)
    for codename, discipline in _geldige_grants(user).filter(content_object=deelnemer).values_list(
        "permission__codename", "discipline"
    ):
        lagen.update(GRANT_LAGEN.get(codename, ()))
        if codename == "dossier_vertrouwelijk" and discipline:
            vertrouwelijk_van.add(discipline)
        rollen.append(Relatie.EXPLICIET)
    for relatie, discipline, nieuwe in _traject_relaties(user, deelnemer):
        geef(relatie, discipline, *nieuwe)
    return Inzage(frozenset(lagen), frozenset(disciplines), tuple(dict.fromkeys(rollen)), frozenset(vertrouwelijk_van))


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

def deelnemer_of_404(request, pk, actie="inzien", *, mag=None, object_type="dossier"):
    """The student, with the user's inzage; refused (logged, 404) without a relation, and when `mag`
    (a rule of (user, inzage)) says this user may not do this here."""
    # By primary key, then inzage() decides: its relations are exactly those of deelnemers_voor (no role in
    # the inzage = no working relation), and this spares filtering one row through deelnemers_voor's
    # subqueries over every student (a large, costly query to build and plan at 40,000 students).
    deelnemer = _met_trajecten(
        request.user, Deelnemer.objects.select_related("opleiding", "locatie", "mentor").filter(pk=pk)
    ).first() if rechten.mag(request.user, "deelnemers") else None
    inz = inzage(request.user, deelnemer) if deelnemer is not None else Inzage()
    if not inz.rollen:
        weiger(request, actie, "geen werkrelatie", deelnemer_id=pk, object_type=object_type)
    if not inz:
        weiger(request, actie, "geen laag toegankelijk", deelnemer_id=pk, object_type=object_type)
    if mag is not None and not mag(request.user, inz):
        weiger(request, actie, "geen recht voor deze handeling", deelnemer=deelnemer, object_type=object_type)
    return deelnemer, inz


def dossieritems_voor(user, deelnemer, inz: Inzage) -> QuerySet:
    """The entries of this dossier the user reads (how they are fetched: deelnemers.selectors)."""
    return deelnemer.dossieritems.filter(inz.zichtbaar_q(user))


def gebeurtenissen_voor(user, deelnemer, inz: Inzage) -> QuerySet:
    """The timeline lines of this dossier the user reads, by the same rule as the entries."""
    return deelnemer.gebeurtenissen.filter(inz.zichtbaar_q(user, auteur_veld="actor"))


def dossieritem_of_404(request, deelnemer, inz: Inzage, pk, actie="inzien", *, wijzigen=False):
    """An entry the user reads; with `wijzigen` one they may change — only the author changes their own
    entry, others add a new one."""
    item = dossieritems_voor(request.user, deelnemer, inz).select_related("auteur").filter(pk=pk).first()
    if item is None:
        weiger(request, actie, "dossieritem niet zichtbaar", deelnemer=deelnemer, object_type="dossieritem",
               object_id=pk)
    if wijzigen and not mag_item_wijzigen(request.user, item):
        weiger(request, actie, "alleen de auteur wijzigt een dossieritem", deelnemer=deelnemer, obj=item)
    return item


def mag_item_wijzigen(user, item) -> bool:
    """Only the author changes their own entry; others add a new one."""
    return item.auteur_id == user.pk


def werkaantekeningen_van(user, deelnemer) -> QuerySet:
    """The user's own werkaantekeningen about this student — the only way to reach any."""
    if not mag(user, "werkaantekeningen"):
        return Werkaantekening.objects.none()
    return Werkaantekening.objects.filter(auteur=user, deelnemer=deelnemer)


def mag_toegangslog_zien(user, deelnemer) -> bool:
    """Who looked at this dossier: for the zorgcoördinator of the student's locatie."""
    return mag(user, "toegangslog") and is_zorgcoordinator_van(user, deelnemer)


def toegangslog_voor(user, deelnemer) -> QuerySet:
    if not mag_toegangslog_zien(user, deelnemer):
        return Toegangslog.objects.none()
    return Toegangslog.objects.filter(deelnemer_id=deelnemer.pk)
