"""Writes on the dossier: each one transaction, with its timeline line."""

from datetime import UTC, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import DossierItem, Gebeurtenis


class Conflict(Exception):
    """Someone else saved this object after the user opened it."""

    def __init__(self, actueel):
        super().__init__("Gelijktijdige wijziging")
        self.actueel = actueel


def gebeurtenis_vastleggen(*, deelnemer, soort, omschrijving, laag, actor=None, discipline="", obj=None,
                           tijdstip=None):
    extra = {"tijdstip": tijdstip} if tijdstip else {}
    if obj is not None:
        extra["object_type"] = ContentType.objects.get_for_model(obj)
        extra["object_id"] = obj.pk
    return Gebeurtenis.objects.create(
        deelnemer=deelnemer, soort=soort, omschrijving=omschrijving[:300], laag=laag, actor=actor,
        discipline=discipline, **extra,
    )


def tijdlijnmoment(datum):
    """When an entry dated `datum` goes on the timeline: now for today, else that date at the current
    time of day (entries of one day keep their order). Where that moment has no UTC equivalent (the
    calendar's first day, east of Greenwich) it is noon, so the database never holds a moment before
    year 1, which no reader could load again."""
    nu = timezone.localtime()
    if datum == nu.date():
        return nu
    moment = timezone.make_aware(datetime.combine(datum, nu.time()))
    try:
        moment.astimezone(UTC)
    except OverflowError:
        moment = timezone.make_aware(datetime.combine(datum, time(12)))
    return moment


@transaction.atomic
def dossieritem_toevoegen(*, deelnemer, auteur, discipline, soort, laag, titel, datum, tekst="", bestand=None,
                          bestandstype="") -> DossierItem:
    item = DossierItem(
        deelnemer=deelnemer, auteur=auteur, discipline=discipline, soort=soort, laag=laag, titel=titel,
        datum=datum, tekst=tekst, bestandstype=bestandstype,
    )
    if bestand:
        item.bestandsnaam = bestand.name[:255]
        item.bestand = bestand
    item.full_clean()
    item._history_user = auteur
    item.save()
    # On the timeline at the date it happened (a conversation is often written up days later).
    gebeurtenis_vastleggen(
        deelnemer=deelnemer, soort=soort, omschrijving=f"{item.get_soort_display()}: {titel}", laag=laag,
        actor=auteur, discipline=discipline, obj=item, tijdstip=tijdlijnmoment(datum),
    )
    return item


@transaction.atomic
def dossieritem_wijzigen(*, item: DossierItem, door, versie: int, **velden) -> DossierItem:
    """Save the author's changes unless someone saved in between (then Conflict, nothing written)."""
    actueel = DossierItem.objects.select_for_update().get(pk=item.pk)
    if actueel.versie != versie:
        raise Conflict(actueel)
    for naam, waarde in velden.items():
        setattr(actueel, naam, waarde)
    actueel.versie += 1
    actueel.full_clean()
    actueel._history_user = door
    actueel.save()
    Gebeurtenis.objects.filter(
        object_type=ContentType.objects.get_for_model(DossierItem), object_id=actueel.pk
    ).update(laag=actueel.laag, omschrijving=f"{actueel.get_soort_display()}: {actueel.titel}"[:300])
    return actueel


def werkaantekening_toevoegen(*, auteur, deelnemer, tekst):
    from privacy.models import Werkaantekening

    return Werkaantekening.objects.create(auteur=auteur, deelnemer=deelnemer, tekst=tekst)
