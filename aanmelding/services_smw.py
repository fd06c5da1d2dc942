"""Writes of schoolmaatschappelijk werk: the SMW route's registration, contacts with time, closure with
outcome and satisfaction, and the referrer's satisfaction answer with its one reminder.

Each service is one transaction with its timeline line and access-log row (Actor `door`); refused input
raises ValidationError with a Dutch message and nothing is saved. Opening and closing the route itself is
zorgstructuur.services (traject_starten, afsluiten); who may call what is decided in privacy.policy.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from deelnemers.models import DossierItem, Gebeurtenis
from deelnemers.services import dossieritem_toevoegen, gebeurtenis_vastleggen, tijdlijnmoment
from privacy.actor import Actor
from privacy.log import schrijf
from zorgstructuur import services as zorgtraject
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Melding, Zorgtraject

from .models import SMW_MINUTEN_MAX, SMWContact, SMWTraject

HERINNERING_NA = timedelta(days=7)
VERSLAGLAGEN = (Laag.VERTROUWELIJK, Laag.ZORG)

# The SMW outcome on the zorgtraject's shared list (which the ladder's reports read).
UITKOMST_TRAJECT = {
    SMWTraject.Uitkomst.OPGELOST: Zorgtraject.Uitkomst.OPGELOST,
    SMWTraject.Uitkomst.DOORVERWEZEN: Zorgtraject.Uitkomst.EXTERN,
    SMWTraject.Uitkomst.GESTOPT: Zorgtraject.Uitkomst.ANDERS,
    SMWTraject.Uitkomst.UITGESCHREVEN: Zorgtraject.Uitkomst.UITGESCHREVEN,
}


def smw_traject_registreren(*, zorgtraject: Zorgtraject, door: Actor, aanmelding=None,
                            eigen_aanmelding=False) -> SMWTraject:
    """The SMW registration beside an SMW route (once per route; a second referral joins it). Called inside
    the accepting service's transaction."""
    traject, nieuw = SMWTraject.objects.get_or_create(zorgtraject=zorgtraject, defaults={
        "deelnemer_id": zorgtraject.deelnemer_id, "aanmelding": aanmelding, "gestart": zorgtraject.geopend,
        "aanmelder": aanmelding.aanmelder if aanmelding else door.gebruiker, "eigen_aanmelding": eigen_aanmelding})
    if nieuw:
        schrijf(door, "aanmaken", deelnemer_id=zorgtraject.deelnemer_id, obj=traject)
    return traject


@transaction.atomic
def eigen_aanmelding(*, deelnemer, door: Actor, reden) -> SMWTraject:
    """A student who comes to the SMW directly: the SMW route opens with the SMW as casemanager and as the
    one who referred ("eigen aanmelding deelnemer"); there is no referrer to ask for satisfaction."""
    if not (reden or "").strip():
        raise ValidationError({"reden": "Geef kort aan waarvoor de deelnemer komt."})
    if deelnemer.zorgtrajecten.open().filter(route=Zorgtraject.Route.SMW).exists():
        raise ValidationError("Deze deelnemer heeft al een open SMW-traject.")
    route = zorgtraject.traject_starten(deelnemer=deelnemer, door=door, route=Zorgtraject.Route.SMW,
                                        casemanager=door.gebruiker, reden=f"Eigen aanmelding deelnemer: {reden}")
    return smw_traject_registreren(zorgtraject=route, door=door, eigen_aanmelding=True)


@transaction.atomic
def contact_vastleggen(*, smw_traject: SMWTraject, door: Actor, datum, minuten, soort, aard, verslag="",
                       verslag_laag="") -> SMWContact:
    """A contact (or time on the case) with its minutes; a report, when written, is a dossier entry in
    layer vertrouwelijk (discipline SMW) or zorg."""
    traject = SMWTraject.objects.select_for_update(of=("self",)).select_related("deelnemer", "zorgtraject").get(
        pk=smw_traject.pk)
    fouten = {}
    if not traject.is_open:
        raise ValidationError("Dit SMW-traject is afgesloten; contacten kunnen niet meer worden vastgelegd.")
    if datum is None:
        fouten["datum"] = "Vul de datum van het contact in."
    elif datum > timezone.localdate():
        fouten["datum"] = "De datum van het contact ligt in de toekomst."
    elif datum < traject.gestart:
        fouten["datum"] = f"De datum ligt vóór de start van het SMW-traject ({traject.gestart:%d-%m-%Y})."
    if minuten is None or not 1 <= minuten <= SMW_MINUTEN_MAX:
        fouten["minuten"] = f"De duur is minimaal 1 en maximaal {SMW_MINUTEN_MAX} minuten."
    instelling = traject.deelnemer.instelling_id
    if soort is None or soort.instelling_id != instelling:
        fouten["soort"] = "Kies de soort contact."
    if aard is None or aard.instelling_id != instelling:
        fouten["aard"] = "Kies de aard van de interventie."
    verslag = (verslag or "").strip()
    if verslag and verslag_laag not in VERSLAGLAGEN:
        fouten["verslag_laag"] = "Kies of het verslag vertrouwelijk (alleen SMW) of in de zorglaag staat."
    if fouten:
        raise ValidationError(fouten)
    item = None
    if verslag:
        item = dossieritem_toevoegen(deelnemer=traject.deelnemer, door=door, discipline=Functie.SMW,
                                     soort=DossierItem.Soort.GESPREKSVERSLAG, laag=verslag_laag,
                                     titel=f"SMW: {soort.naam.lower()}", datum=datum, tekst=verslag)
    contact = SMWContact(smw_traject=traject, deelnemer=traject.deelnemer, medewerker=door.gebruiker, datum=datum,
                         minuten=minuten, soort=soort, aard=aard, verslag=item)
    contact.full_clean()
    contact.save()
    if item is None:  # a report has its own timeline line; time alone gets one in layer zorg
        gebeurtenis_vastleggen(deelnemer=traject.deelnemer, soort=Gebeurtenis.Soort.NOTITIE, laag=Laag.ZORG,
                               omschrijving=f"SMW: {soort.naam.lower()} ({minuten} minuten)", actor=door.gebruiker,
                               discipline=Functie.SMW, obj=contact, tijdstip=tijdlijnmoment(datum))
    schrijf(door, "aanmaken", obj=contact)
    return contact


@transaction.atomic
def smw_afsluiten(*, smw_traject: SMWTraject, door: Actor, versie: int, uitkomst, doorverwezen_naar="",
                  tevredenheid_deelnemer=None, opmerking_deelnemer="", datum=None) -> SMWTraject:
    """Close the SMW route with its outcome and the student's satisfaction, through the zorgtraject's
    `afsluiten`; the referrer (not on a walk-in) gets a link to the satisfaction question."""
    traject = SMWTraject.vergrendel(smw_traject.pk, versie, select_related=("deelnemer", "zorgtraject"))
    datum = datum or timezone.localdate()
    fouten = {}
    if not traject.is_open:
        raise ValidationError("Dit SMW-traject is al afgesloten.")
    if uitkomst not in SMWTraject.Uitkomst.values:
        fouten["uitkomst"] = "Kies de uitkomst."
    doorverwezen_naar = (doorverwezen_naar or "").strip()
    if uitkomst == SMWTraject.Uitkomst.DOORVERWEZEN and not doorverwezen_naar:
        fouten["doorverwezen_naar"] = "Vul in naar wie de deelnemer is doorverwezen."
    if tevredenheid_deelnemer is not None and not 1 <= tevredenheid_deelnemer <= 5:
        fouten["tevredenheid_deelnemer"] = "Kies een cijfer van 1 tot en met 5."
    if datum > timezone.localdate() or datum < traject.gestart:
        fouten["datum"] = "De datum van afsluiten ligt tussen de start van het traject en vandaag."
    if fouten:
        raise ValidationError(fouten)
    label = SMWTraject.Uitkomst(uitkomst).label
    toelichting = f"Doorverwezen naar {doorverwezen_naar}" if doorverwezen_naar and uitkomst == "doorverwezen" \
        else label
    route = traject.zorgtraject
    route.deelnemer = traject.deelnemer
    zorgtraject.afsluiten(traject=route, door=door, versie=route.versie, reden=f"SMW-traject afgesloten: {toelichting}",
                          uitkomst=UITKOMST_TRAJECT[uitkomst], uitkomst_toelichting=toelichting[:300], datum=datum)
    traject.afgesloten_op = datum
    traject.uitkomst = uitkomst
    traject.doorverwezen_naar = doorverwezen_naar if uitkomst == SMWTraject.Uitkomst.DOORVERWEZEN else ""
    traject.tevredenheid_deelnemer = tevredenheid_deelnemer
    traject.opmerking_deelnemer = (opmerking_deelnemer or "").strip()
    velden = ["afgesloten_op", "uitkomst", "doorverwezen_naar", "tevredenheid_deelnemer", "opmerking_deelnemer"]
    if not traject.eigen_aanmelding and traject.aanmelder_id != door.pk:
        traject.tevredenheid_gevraagd_op = timezone.now()
        velden.append("tevredenheid_gevraagd_op")
        _vraag_tevredenheid(traject, door, "Het SMW-traject van uw aanmelding is afgesloten: hoe tevreden bent u?")
    traject.opslaan(*velden, door=door)
    schrijf(door, "wijzigen", obj=traject, omschrijving=f"SMW-traject afgesloten: {label.lower()}")
    return traject


def _vraag_tevredenheid(traject, door, tekst):
    zorgtraject.melden(ontvangers=[traject.aanmelder], soort=Melding.Soort.SMW_TEVREDENHEID, tekst=tekst,
                       url=reverse("aanmelding:smw_tevredenheid", args=[traject.pk]), deelnemer=traject.deelnemer,
                       obj=traject, door=door)


@transaction.atomic
def tevredenheid_aanmelder(*, smw_traject: SMWTraject, door: Actor, score, opmerking="") -> SMWTraject:
    """The referrer's answer (once); their notification is then done."""
    traject = SMWTraject.objects.select_for_update().get(pk=smw_traject.pk)
    if traject.aanmelder_id != door.pk or traject.eigen_aanmelding:
        raise ValidationError("Alleen de aanmelder geeft deze beoordeling.")
    if traject.aanmelder_beantwoord_op is not None:
        raise ValidationError("U heeft deze vraag al beantwoord. Dank u wel.")
    if score is None or not 1 <= score <= 5:
        raise ValidationError({"score": "Kies een cijfer van 1 tot en met 5."})
    traject.tevredenheid_aanmelder = score
    traject.opmerking_aanmelder = (opmerking or "").strip()
    traject.aanmelder_beantwoord_op = timezone.now()
    traject.opslaan("tevredenheid_aanmelder", "opmerking_aanmelder", "aanmelder_beantwoord_op", door=door)
    zorgtraject.meldingen_afgehandeld(obj=traject)
    schrijf(door, "wijzigen", obj=traject, omschrijving="tevredenheid aanmelder")
    return traject


def herinneringen_versturen(*, door: Actor, nu=None) -> int:
    """One reminder per unanswered satisfaction question, a week after it was asked; never twice (the row
    is locked and marked in the same transaction)."""
    nu = nu or timezone.now()
    verstuurd = 0
    open_vragen = SMWTraject.objects.filter(
        tevredenheid_gevraagd_op__lte=nu - HERINNERING_NA, aanmelder_beantwoord_op__isnull=True,
        herinnering_op__isnull=True).values_list("pk", flat=True)
    for pk in list(open_vragen):
        with transaction.atomic():
            traject = SMWTraject.objects.select_for_update(skip_locked=True).select_related(
                "deelnemer", "aanmelder").filter(pk=pk, herinnering_op__isnull=True).first()
            if traject is None:
                continue
            traject.herinnering_op = nu
            traject.save(update_fields=["herinnering_op"])
            _vraag_tevredenheid(traject, door, "Herinnering: hoe tevreden bent u over het afgesloten SMW-traject?")
            schrijf(door, "wijzigen", obj=traject, omschrijving="herinnering tevredenheid aanmelder")
            verstuurd += 1
    return verstuurd
