"""Where a student's case stands, and what of it each user may learn: the facts of the "Zorgstatus" block
on the dossier and of the list's care-status column, and which basic data an external ZAT partner sees.

Per relation (DESIGN §5):
- who reads the zorg layer (taakdocent zorg, zorgcoördinator, casemanager, IZ/ZAT member, a zorg grant) sees
  the traject: its level and since when, the casemanager, the SMW route, a crisis, the open aanmeldingen;
- a referrer without the zorg layer sees their own aanmeldingen, their status, and the level the traject
  their aanmelding led to stands at now ("the referrer sees their own form and the feedback") — not the
  casemanager, the outcome or anything of the plan;
- an external partner, invited through a dossier_zat grant, sees what the ZAT item needs: name, age,
  opleiding, the question of the ZAT aanmelding, what the consent allows, and until when their access
  runs; further basic data only where the consent's text names it;
- a docent with only the basis layer sees nothing of the care status.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import models
from django.db.models import Case, CharField, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value, When

from aanmelding.models import Aanmelding, Toestemming
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Zorgniveau, Zorgtraject

from ..profiel import profiel
from .dossier import GRANT_LAGEN, Inzage, Relatie, _geldige_grants, _trajecten_met_relatie
from .rechten import mag


class Statusfeit(models.TextChoices):
    """A kind of fact about the case that the Zorgstatus block can show."""

    TRAJECT = "traject", "zorgtraject en open aanmeldingen"
    EIGEN_AANMELDINGEN = "eigen_aanmeldingen", "eigen aanmeldingen en waar zij toe leidden"
    ZAT_UITNODIGING = "zat_uitnodiging", "ZAT-uitnodiging: vraag, toestemming en einde van de toegang"


def is_externe_partner(user, inz: Inzage) -> bool:
    """An external ZAT partner who sees this student only through their invitation (a dossier_zat grant)."""
    return Functie.PARTNER in profiel(user).functies and bool(inz) and set(inz.rollen) == {Relatie.EXPLICIET}


def zorgstatus_zicht(user, inz: Inzage) -> frozenset[str]:
    """Which status facts of this student the user may see (a docent with only the basis layer: none)."""
    if not inz:
        return frozenset()
    feiten = set()
    if Laag.ZORG in inz.lagen:
        feiten.add(Statusfeit.TRAJECT)
    if mag(user, "aanmeldingen"):
        feiten.add(Statusfeit.EIGEN_AANMELDINGEN)
    if is_externe_partner(user, inz) and Laag.ZAT in inz.lagen:
        feiten.add(Statusfeit.ZAT_UITNODIGING)
    return frozenset(feiten)


# ---------------------------------------------------------------- the list's column

KORT_NIVEAU = {Zorgniveau.Soort.BASIS: "Basis", Zorgniveau.Soort.INTERN_ZORGTEAM: "IZ",
               Zorgniveau.Soort.ZAT: "ZAT", Zorgniveau.Soort.EXTERN: "Extern"}
KORT_BESTEMMING = {Aanmelding.Bestemming.IZ: "IZ", Aanmelding.Bestemming.ZAT: "ZAT",
                   Aanmelding.Bestemming.SMW: "SMW"}


def toont_zorgstatus(user) -> bool:
    """The list shows a care-status column to who can see some status: the care roles that refer or read
    the zorg layer, and the external partner; not to a docent."""
    return mag(user, "aanmeldingen") or Functie.PARTNER in profiel(user).functies


def zorglaag_q(user) -> Q:
    """On Deelnemer: the students of whom this user reads the zorg layer, through the same relations as
    inzage() (taakdocent zorg, zorgcoördinator, a grant that opens it, casemanager, IZ/ZAT member)."""
    p = profiel(user)
    zorg_grants = [codename for codename, lagen in GRANT_LAGEN.items() if Laag.ZORG in lagen]
    return (
        Q(opleiding_id__in=p.taakdocent_opleidingen)
        | Q(locatie_id__in=p.zc_locaties)
        | Q(id__in=_geldige_grants(user).filter(permission__codename__in=zorg_grants).values("content_object_id"))
        | Q(id__in=_trajecten_met_relatie(user).values("deelnemer_id"))
    )


def _kort(veld: str, namen: dict) -> Case:
    return Case(*[When(**{veld: waarde}, then=Value(label)) for waarde, label in namen.items()],
                default=Value(""), output_field=CharField())


def met_zorgstatus(user, qs: QuerySet) -> QuerySet:
    """Annotate the students of `qs` (already the user's own, from deelnemers_voor) with what the care-status
    column may show this user, without a query per row:
    - zs_niveau: the level of the open traject ("IZ", "ZAT", …) — for who reads the zorg layer, or who
      referred the student with an aanmelding that led to that traject;
    - zs_smw: an open SMW route — by the same rule;
    - zs_aangemeld: where a submitted aanmelding waits ("IZ", "ZAT", "SMW") — all of them for the zorg
      layer, the user's own for a referrer;
    - zs_toegang_tot: for an external partner, the end date of their access.
    Users who see no status (toont_zorgstatus) get nulls."""
    leeg = Value(None, output_field=CharField())
    if not toont_zorgstatus(user):
        return qs.annotate(zs_niveau=leeg, zs_smw=Value(False), zs_aangemeld=leeg,
                           zs_toegang_tot=Value(None, output_field=models.DateField()))
    zorg = zorglaag_q(user) if mag(user, "aanmeldingen") else Q(pk__in=[])
    open_traject = Zorgtraject.objects.open().filter(deelnemer=OuterRef("pk"))
    niveau = Subquery(open_traject.filter(route=Zorgtraject.Route.LADDER)
                      .annotate(kort=_kort("niveau__soort", KORT_NIVEAU)).values("kort")[:1])
    smw = Exists(open_traject.filter(route=Zorgtraject.Route.SMW))
    wacht = Aanmelding.objects.filter(deelnemer=OuterRef("pk"), status=Aanmelding.Status.INGEDIEND).order_by(
        "-ingediend_op").annotate(kort=_kort("bestemming", KORT_BESTEMMING)).values("kort")
    eigen_ladder = eigen_smw = Q(pk__in=[])
    eigen_wacht = leeg
    if mag(user, "aanmeldingen"):
        eigen = Aanmelding.objects.filter(deelnemer=OuterRef("pk"), aanmelder=user,
                                          zorgtraject__status=Zorgtraject.Status.OPEN)
        eigen_ladder = Q(Exists(eigen.filter(zorgtraject__route=Zorgtraject.Route.LADDER)))
        eigen_smw = Q(Exists(eigen.filter(zorgtraject__route=Zorgtraject.Route.SMW)))
        eigen_wacht = Subquery(wacht.filter(aanmelder=user)[:1])
    partner = Functie.PARTNER in profiel(user).functies
    toegang_tot = Value(None, output_field=models.DateField())
    if partner:
        toegang_tot = Subquery(_geldige_grants(user).filter(
            content_object=OuterRef("pk"), permission__codename="dossier_zat").order_by("-geldig_tot")
            .values("geldig_tot")[:1])
    return qs.annotate(
        zs_niveau=Case(When(zorg | eigen_ladder, then=niveau), default=leeg, output_field=CharField()),
        zs_smw=Case(When(zorg, then=smw), When(eigen_smw, then=Value(True)), default=Value(False),
                    output_field=models.BooleanField()),
        zs_aangemeld=Case(When(zorg, then=Subquery(wacht[:1])), default=eigen_wacht, output_field=CharField()),
        zs_toegang_tot=toegang_tot,
    )


# ---------------------------------------------------------------- the dossier's block

def open_aanmeldingen_q(user, zicht: frozenset[str]) -> Q:
    """On a student's aanmeldingen: the ones the Zorgstatus block lists — for the zorg layer every submitted
    one not yet afgerond, for a referrer their own (their concepts too)."""
    q = Q(pk__in=[])
    if Statusfeit.TRAJECT in zicht:
        q |= ~Q(status__in=[Aanmelding.Status.CONCEPT, Aanmelding.Status.AFGEROND])
    if Statusfeit.EIGEN_AANMELDINGEN in zicht:
        q |= Q(aanmelder=user)
    return q


def toegang_tot(user, deelnemer) -> date | None:
    """Until when an external partner's invitation (their valid dossier_zat grants) gives access."""
    return _geldige_grants(user).filter(content_object=deelnemer, permission__codename="dossier_zat").aggregate(
        tot=Max("geldig_tot"))["tot"]


def partner_toestemmingen(user, deelnemer) -> QuerySet:
    """The valid consents for the ZAT that name one of the partner's organisations: what they rest on."""
    return Toestemming.objects.geldig().filter(deelnemer=deelnemer, zat_bespreking=True,
                                               partners__in=profiel(user).organisatie_ids).distinct()


def zat_vragen(deelnemer) -> QuerySet:
    """The ZAT aanmeldingen whose question an invited partner reads: submitted, not returned, not anonymous
    (an anonymous discussion shares nothing that identifies the student)."""
    return deelnemer.aanmeldingen.filter(bestemming=Aanmelding.Bestemming.ZAT, anoniem_bespreken=False).exclude(
        status__in=[Aanmelding.Status.CONCEPT, Aanmelding.Status.TERUGGESTUURD])


# ---------------------------------------------------------------- basic data

# Every line of the dossier's basic data; the name is always shown.
ALLE_BASISGEGEVENS = frozenset({
    "studentnummer", "geboortedatum", "leeftijd", "geslacht", "adres", "woonsituatie", "opleiding", "niveau",
    "locatie", "mentor", "vooropleiding", "verzuim", "inschrijving",
})
# What an external partner needs for the ZAT item, whatever the consent says (besides the name).
PARTNER_BASISGEGEVENS = frozenset({"leeftijd", "opleiding", "niveau"})
# Further basic data an external partner sees only when the consent's text ("welke informatie mag gedeeld
# worden") names it: the words that name each field (matched as the start of a word).
TOESTEMMING_WOORDEN = {
    "adres": ("adres", "naw"),
    "geboortedatum": ("geboortedatum",),
    "geslacht": ("geslacht",),
    "woonsituatie": ("woonsituatie",),
    "verzuim": ("verzuim", "absentie"),
    "vooropleiding": ("vooropleiding",),
    "mentor": ("mentor", "slb"),
    "studentnummer": ("studentnummer",),
    "locatie": ("locatie",),
    "inschrijving": ("inschrijving",),
}
# The text is free: one that excludes something ("geen adres", "niet het verzuim") opens nothing beyond the
# fixed list rather than being read the wrong way round.
_ONTKENNING = re.compile(r"\b(geen|niet|zonder|behalve|uitgezonderd|uitgesloten)\b", re.IGNORECASE)


def door_toestemming_genoemd(informatie: str) -> frozenset[str]:
    """The basic-data fields a consent's text names; none when the text excludes anything."""
    if not informatie or _ONTKENNING.search(informatie):
        return frozenset()
    return frozenset(veld for veld, woorden in TOESTEMMING_WOORDEN.items()
                     if any(re.search(rf"\b{re.escape(woord)}", informatie, re.IGNORECASE) for woord in woorden))


def basisgegevens(user, inz: Inzage, toestemming: Toestemming | None = None) -> frozenset[str]:
    """Which lines of the basic data this user sees of the student: everything for a working relation; for an
    external partner the fixed list plus what the consent they were invited under names."""
    if not inz:
        return frozenset()
    if not is_externe_partner(user, inz):
        return ALLE_BASISGEGEVENS
    genoemd = door_toestemming_genoemd(toestemming.informatie) if toestemming is not None else frozenset()
    return PARTNER_BASISGEGEVENS | genoemd


def lijstgegevens(user) -> frozenset[str]:
    """The columns (and filters) of the student list: a partner's list shows only the fixed partner data,
    whatever one consent says; everyone else sees all of it."""
    if Functie.PARTNER in profiel(user).functies and not (profiel(user).functies - {Functie.PARTNER}):
        return PARTNER_BASISGEGEVENS
    return ALLE_BASISGEGEVENS
