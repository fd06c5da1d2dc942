"""Writes of the care structure: notifications, and the zorgtraject along the ladder — start, and one
function per kind of change (opschalen, afschalen, crisis, extern, afsluiten).

Each service is one transaction that writes its Niveauwijziging (the interventieformulier), its
timeline line and its access-log row, with the Actor `door` that acts. A refused rule raises
ValidationError with a Dutch message; a concurrent change raises Conflict. Who may call which is decided
in privacy.policy; the services guard the domain rules (ladder order, crisis approval, consent) and
refuse a casemanager the policy does not offer.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from deelnemers.models import Gebeurtenis
from deelnemers.services import gebeurtenis_vastleggen, tijdlijnmoment
from privacy import policy
from privacy.actor import Actor
from privacy.log import schrijf
from zorgstructuur.lagen import Laag

from . import selectors
from .models import Melding, Niveauwijziging, Zorgniveau, Zorgtraject

S = Niveauwijziging.Soort
G = Niveauwijziging.Grondslag
GEEN_TOESTEMMING = "geen_toestemming"  # the error code of a ZAT move refused for lack of consent


# ------------------------------------------------------------------ notifications

def melden(*, ontvangers, soort, tekst, url, deelnemer=None, obj=None, door: Actor | None = None) -> list[Melding]:
    """A notification on "Mijn werk" and (MELDINGEN_PER_EMAIL) an e-mail that names nobody: only a link.
    The text names no student either; `deelnemer`, `obj` (what it is about) and `door` (who caused it) are
    kept as references, so Mijn werk can name them to a reader who may see the student, and the service
    that handles `obj` can close the notification (meldingen_afgehandeld)."""
    onderwerp = {"object_type": obj._meta.model_name, "object_id": obj.pk} if obj is not None else {}
    meldingen = [Melding.objects.create(ontvanger=o, soort=soort, tekst=tekst[:200], url=url, deelnemer=deelnemer,
                                        afzender=door.gebruiker if door else None, **onderwerp)
                 for o in {o.pk: o for o in ontvangers if o is not None}.values()]

    def mailen():
        for melding in meldingen:
            if not melding.ontvanger.email:
                continue
            link = settings.SITE_URL.rstrip("/") + reverse("melding", args=[melding.pk])
            send_mail(
                subject="Zorgstructuur: er staat een melding voor u klaar",
                message=("Er staat een nieuwe melding voor u klaar in Zorgstructuur.\n\n"
                         f"Bekijk de melding na inloggen: {link}\n\n"
                         "Om privacyredenen staan er in deze e-mail geen gegevens over deelnemers."),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[melding.ontvanger.email],
                fail_silently=True,
            )

    if settings.MELDINGEN_PER_EMAIL:
        transaction.on_commit(mailen)
    return meldingen


# Marking one's own notifications read changes no personal data, so it writes no access-log row; `door`
# is the recipient, and only their own notifications are touched.

def melding_gelezen(*, melding, door: Actor) -> None:
    if melding.ontvanger_id != door.pk:
        raise ValidationError("Dit is niet uw melding.")
    if melding.gelezen_op is None:
        melding.gelezen_op = timezone.now()
        melding.save(update_fields=["gelezen_op"])


def meldingen_gelezen(*, door: Actor) -> int:
    """Mark all of the recipient's unread notifications read; returns how many."""
    return Melding.objects.filter(ontvanger_id=door.pk, gelezen_op__isnull=True).update(gelezen_op=timezone.now())


def meldingen_afgehandeld(*, obj, soorten=None) -> int:
    """The subject of these notifications was handled (an aanmelding judged, a signal dealt with, a crisis
    discussed): they leave everyone's Mijn werk. Called inside the handling service's transaction."""
    qs = Melding.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk, afgehandeld_op__isnull=True)
    if soorten is not None:
        qs = qs.filter(soort__in=soorten)
    return qs.update(afgehandeld_op=timezone.now())


# ------------------------------------------------------------------ the zorgtraject

def _vastleggen(traject: Zorgtraject, door: Actor, **velden) -> Niveauwijziging:
    """The interventieformulier of one move, its timeline line and its access-log row."""
    wijziging = Niveauwijziging(zorgtraject=traject, traject_versie=traject.versie, besloten_door=door.gebruiker,
                                **velden)
    wijziging.full_clean()
    wijziging.save()
    gebeurtenis_vastleggen(deelnemer=traject.deelnemer, soort=Gebeurtenis.Soort.zorgtraject(wijziging.soort),
                           omschrijving=wijziging.beschrijving, laag=Laag.ZORG, actor=door.gebruiker,
                           obj=wijziging, tijdstip=tijdlijnmoment(wijziging.datum))  # on the decision's date
    schrijf(door, "aanmaken" if wijziging.soort == S.START else "wijzigen", deelnemer=traject.deelnemer,
            obj=traject, laag=Laag.ZORG, omschrijving=f"zorgtraject: {wijziging.get_soort_display().lower()}")
    return wijziging


def _controleer_casemanager(deelnemer, casemanager) -> None:
    if casemanager is not None and not policy.casemanager_kandidaten(deelnemer).filter(pk=casemanager.pk).exists():
        raise ValidationError({"casemanager": (
            "Deze persoon kan geen casemanager van deze deelnemer worden: kies een lid van het intern zorgteam "
            "van de locatie, de taakdocent zorg van het team of de mentor.")})


def _controleer_zat_grondslag(*, deelnemer, door: Actor, niveau, grondslag, toelichting, datum) -> None:
    """Moving a case to a level that needs consent (the ZAT): valid consent, a recorded decision to
    discuss it anonymously, or a safety exception by the zorgcoördinator with its reason."""
    if not niveau.toestemming_vereist:
        return
    if grondslag == G.TOESTEMMING:
        if selectors.geldige_toestemming(deelnemer, datum) is None:
            # The code lets a form offer the way to the consent page (and back, keeping what was typed).
            raise ValidationError({"zat_grondslag": ValidationError(
                "Er is geen geldige toestemming voor bespreking in het ZAT op deze datum. Leg de toestemming "
                "vast (wat u typte blijft bewaard), of kies anonieme bespreking.", code=GEEN_TOESTEMMING)})
    elif grondslag == G.ANONIEM:
        if not toelichting.strip():
            raise ValidationError({"zat_toelichting": "Leg vast waarom de casus anoniem wordt besproken."})
    elif grondslag == G.VEILIGHEID:
        if not policy.is_zorgcoordinator_van(door.gebruiker, deelnemer):
            raise ValidationError({"zat_grondslag": (
                "Alleen de zorgcoördinator kan een veiligheidsuitzondering vastleggen.")})
        if not toelichting.strip():
            raise ValidationError({"zat_toelichting": "Geef de reden van de veiligheidsuitzondering."})
    else:
        raise ValidationError({"zat_grondslag": (
            "Voor bespreking in het ZAT is toestemming nodig, een besluit tot anonieme bespreking, of een "
            "veiligheidsuitzondering van de zorgcoördinator.")})


def _grondslag(niveau, zat_grondslag, zat_toelichting) -> dict:
    """The ZAT basis is recorded only on a move to a level that needs consent."""
    if niveau is not None and niveau.toestemming_vereist:
        return {"zat_grondslag": zat_grondslag, "zat_toelichting": zat_toelichting}
    return {}


@transaction.atomic
def traject_starten(*, deelnemer, door: Actor, niveau=None, casemanager=None, reden, datum=None, gedaan="",
                    effect="", zat_grondslag="", zat_toelichting="", route=Zorgtraject.Route.LADDER) -> Zorgtraject:
    """Open a student's case. A new case may start at any level up to the ZAT (a direct decision);
    an open case of the same route must be moved or closed instead."""
    datum = datum or timezone.localdate()
    if not reden.strip():
        raise ValidationError({"reden": "Geef aan waarom het zorgtraject start."})
    if deelnemer.zorgtrajecten.open().filter(route=route).exists():
        raise ValidationError("Deze deelnemer heeft al een open zorgtraject. Schaal dat op of af, of sluit het "
                              "eerst af.")
    casemanager = casemanager or door.gebruiker
    _controleer_casemanager(deelnemer, casemanager)
    if route == Zorgtraject.Route.LADDER:
        if niveau is None:
            raise ValidationError({"niveau": "Kies het niveau waarop het zorgtraject start."})
        if niveau.instelling_id != deelnemer.instelling_id:
            raise ValidationError({"niveau": "Kies een niveau van de ladder van deze instelling."})
        if niveau.soort == Zorgniveau.Soort.EXTERN:
            raise ValidationError({"niveau": "Een zorgtraject start niet extern; bij acute nood: start het en "
                                             "leg een crisis vast (met goedkeuring van de zorgcoördinator)."})
        _controleer_zat_grondslag(deelnemer=deelnemer, door=door, niveau=niveau, grondslag=zat_grondslag,
                                  toelichting=zat_toelichting, datum=datum)
    else:
        niveau = None
    traject = Zorgtraject(deelnemer=deelnemer, route=route, niveau=niveau, casemanager=casemanager, geopend=datum)
    traject.full_clean(validate_constraints=False)  # the database keeps one open traject per route
    traject.save()
    _vastleggen(traject, door, soort=S.START, naar_niveau=niveau, datum=datum, reden=reden, gedaan=gedaan,
                effect=effect, **_grondslag(niveau, zat_grondslag, zat_toelichting))
    return traject


def _open_voor_wijziging(traject, versie, *, reden, ladder=True, gedaan=None, effect=None) -> Zorgtraject:
    """The lock step and the checks every change shares: still open, a reason, and for a move on the
    ladder what was done at this level and with what effect."""
    actueel = Zorgtraject.vergrendel(traject.pk, versie, select_related=("deelnemer", "niveau"))
    if not actueel.is_open:
        raise ValidationError("Dit zorgtraject is afgesloten; start zo nodig een nieuw traject.")
    fouten = {}
    if not reden.strip():
        fouten["reden"] = "Geef aan waarom (de reden van dit besluit)."
    if ladder:
        if actueel.route != Zorgtraject.Route.LADDER:
            raise ValidationError("Een SMW-traject kent geen niveaus; sluit het af of start een zorgtraject.")
        if not (gedaan or "").strip():
            fouten["gedaan"] = "Beschrijf wat er op het huidige niveau is gedaan."
        if not (effect or "").strip():
            fouten["effect"] = "Beschrijf met welk effect."
    if fouten:
        raise ValidationError(fouten)
    return actueel


def _naar(actueel: Zorgtraject, door: Actor, *, soort, naar_niveau, datum, reden, gedaan, effect,
          casemanager=None, **extra) -> Niveauwijziging:
    """Move an open traject to another level and record it."""
    _controleer_casemanager(actueel.deelnemer, casemanager)
    van = actueel.niveau
    actueel.niveau = naar_niveau
    velden = ["niveau"]
    if soort == S.CRISIS:
        actueel.zat_bespreken = True
        velden.append("zat_bespreken")
    elif naar_niveau.soort == Zorgniveau.Soort.ZAT and actueel.zat_bespreken:
        actueel.zat_bespreken = False  # it is on the ZAT's table now
        velden.append("zat_bespreken")
        meldingen_afgehandeld(obj=actueel, soorten=[Melding.Soort.CRISIS])
    if casemanager is not None and casemanager.pk != actueel.casemanager_id:
        actueel.casemanager = casemanager
        velden.append("casemanager")
    actueel.opslaan(*velden, door=door)
    return _vastleggen(actueel, door, soort=soort, van_niveau=van, naar_niveau=naar_niveau, datum=datum, reden=reden,
                       gedaan=gedaan, effect=effect, **extra)


@transaction.atomic
def opschalen(*, traject, door: Actor, versie: int, reden, gedaan, effect, datum=None, casemanager=None,
              zat_grondslag="", zat_toelichting="") -> Niveauwijziging:
    """One rung up (to the intern zorgteam or the ZAT); handing over to extern is `extern`."""
    actueel = _open_voor_wijziging(traject, versie, reden=reden, gedaan=gedaan, effect=effect)
    datum = datum or timezone.localdate()
    naar = selectors.trede(actueel, +1)
    if naar is None or naar.soort == Zorgniveau.Soort.EXTERN:
        raise ValidationError(f"Boven {actueel.niveau.naam} staat geen niveau binnen de school. Draag de casus "
                              "over aan extern, of leg bij acute nood een crisis vast.")
    _controleer_zat_grondslag(deelnemer=actueel.deelnemer, door=door, niveau=naar, grondslag=zat_grondslag,
                              toelichting=zat_toelichting, datum=datum)
    return _naar(actueel, door, soort=S.OPSCHALEN, naar_niveau=naar, datum=datum, reden=reden, gedaan=gedaan,
                 effect=effect, casemanager=casemanager, **_grondslag(naar, zat_grondslag, zat_toelichting))


@transaction.atomic
def afschalen(*, traject, door: Actor, versie: int, reden, gedaan, effect, datum=None,
              casemanager=None) -> Niveauwijziging:
    """One rung down, e.g. from the ZAT back to the intern zorgteam."""
    actueel = _open_voor_wijziging(traject, versie, reden=reden, gedaan=gedaan, effect=effect)
    naar = selectors.trede(actueel, -1)
    if naar is None:
        raise ValidationError(f"{actueel.niveau.naam} is het laagste niveau; sluit het traject af als de zorg "
                              "klaar is.")
    return _naar(actueel, door, soort=S.AFSCHALEN, naar_niveau=naar, datum=datum or timezone.localdate(),
                 reden=reden, gedaan=gedaan, effect=effect, casemanager=casemanager)


@transaction.atomic
def extern(*, traject, door: Actor, versie: int, reden, gedaan, effect, datum=None,
           organisatie=None) -> Niveauwijziging:
    """Care taken over by an external organisation, one rung above the ZAT; the case stays open for
    follow-up with the zorgcoördinator and can come back to the ZAT."""
    actueel = _open_voor_wijziging(traject, versie, reden=reden, gedaan=gedaan, effect=effect)
    naar = selectors.trede(actueel, +1)
    if naar is None or naar.soort != Zorgniveau.Soort.EXTERN:
        raise ValidationError(f"Vanuit {actueel.niveau.naam} gaat een casus niet direct naar extern: schaal "
                              "eerst op, of leg bij acute nood een crisis vast.")
    if organisatie is not None and organisatie.instelling_id != actueel.deelnemer.instelling_id:
        raise ValidationError({"organisatie": "Kies een organisatie van de sociale kaart van deze instelling."})
    return _naar(actueel, door, soort=S.EXTERN, naar_niveau=naar, datum=datum or timezone.localdate(),
                 reden=reden, gedaan=gedaan, effect=effect, organisatie=organisatie)


@transaction.atomic
def crisis(*, traject, door: Actor, versie: int, reden, gedaan, effect, datum=None,
           organisatie=None) -> Niveauwijziging:
    """External help called in directly, skipping rungs: only with the zorgcoördinator's approval, and
    the case goes on the list for the next ZAT."""
    actueel = _open_voor_wijziging(traject, versie, reden=reden, gedaan=gedaan, effect=effect)
    deelnemer = actueel.deelnemer
    if not policy.is_zorgcoordinator_van(door.gebruiker, deelnemer):
        raise ValidationError("Een crisis (direct externe hulp) kan alleen met goedkeuring van de "
                              "zorgcoördinator worden vastgelegd. Neem contact op met de zorgcoördinator.")
    naar = selectors.extern_niveau(deelnemer.instelling_id)
    if naar is None or naar == actueel.niveau:
        raise ValidationError("De casus is al extern; een crisis verandert het niveau niet.")
    wijziging = _naar(actueel, door, soort=S.CRISIS, naar_niveau=naar, datum=datum or timezone.localdate(),
                      reden=reden, gedaan=gedaan, effect=effect, goedgekeurd_door=door.gebruiker,
                      organisatie=organisatie)
    melden(ontvangers=selectors.zorgcoordinatoren_van(deelnemer), soort=Melding.Soort.CRISIS,
           tekst="Crisis vastgelegd: de casus moet in het volgende ZAT besproken worden",
           url=reverse("zorgtraject:overzicht", args=[deelnemer.pk]), deelnemer=deelnemer, obj=actueel, door=door)
    return wijziging


@transaction.atomic
def afsluiten(*, traject, door: Actor, versie: int, reden, uitkomst="", uitkomst_toelichting="",
              datum=None) -> Niveauwijziging:
    """Close the case with its outcome (also the SMW route)."""
    actueel = _open_voor_wijziging(traject, versie, reden=reden, ladder=False)
    if uitkomst not in Zorgtraject.Uitkomst.values:
        raise ValidationError({"uitkomst": "Kies de uitkomst van het zorgtraject."})
    if uitkomst == Zorgtraject.Uitkomst.ANDERS and not uitkomst_toelichting.strip():
        raise ValidationError({"uitkomst_toelichting": "Licht de uitkomst 'anders' toe."})
    datum = datum or timezone.localdate()
    actueel.status = Zorgtraject.Status.AFGESLOTEN
    actueel.afgesloten_op = datum
    actueel.uitkomst = uitkomst
    actueel.uitkomst_toelichting = uitkomst_toelichting
    actueel.zat_bespreken = False
    meldingen_afgehandeld(obj=actueel, soorten=[Melding.Soort.CRISIS])
    actueel.opslaan("status", "afgesloten_op", "uitkomst", "uitkomst_toelichting", "zat_bespreken", door=door)
    return _vastleggen(actueel, door, soort=S.AFSLUITEN, van_niveau=actueel.niveau, naar_niveau=actueel.niveau,
                       datum=datum, reden=reden, uitkomst=uitkomst)


# Each kind of change, for the view that offers one form per kind.
WIJZIGINGEN = {S.OPSCHALEN: opschalen, S.AFSCHALEN: afschalen, S.EXTERN: extern, S.CRISIS: crisis,
               S.AFSLUITEN: afsluiten}

