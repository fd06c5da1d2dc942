"""Writes on the dossier: each one transaction that writes its timeline line and its access-log row with
the Actor `door` that acts. Refused input raises ValidationError; a concurrent edit raises
zorgstructuur.models.Conflict with what changed. Who may write what is decided by privacy.policy."""

from datetime import UTC, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from privacy.actor import Actor
from privacy.log import schrijf

from .models import DossierItem, Gebeurtenis

# What the author may change on an entry; the author, discipline and document stay as written.
WIJZIGBARE_VELDEN = ("soort", "laag", "datum", "titel", "tekst")


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
def dossieritem_toevoegen(*, deelnemer, door: Actor, discipline, soort, laag, titel, datum, tekst="", bestand=None,
                          bestandstype="") -> DossierItem:
    item = DossierItem(
        deelnemer=deelnemer, auteur=door.gebruiker, discipline=discipline, soort=soort, laag=laag, titel=titel,
        datum=datum, tekst=tekst, bestandstype=bestandstype,
    )
    if bestand:
        item.bestandsnaam = bestand.name[:255]
        item.bestand = bestand
    item.full_clean()
    item._history_user = door.gebruiker
    item.save()
    # On the timeline at the date it happened (a conversation is often written up days later).
    gebeurtenis_vastleggen(
        deelnemer=deelnemer, soort=Gebeurtenis.Soort(item.soort), omschrijving=str(item), laag=laag,
        actor=door.gebruiker, discipline=discipline, obj=item, tijdstip=tijdlijnmoment(datum),
    )
    schrijf(door, "aanmaken", deelnemer=deelnemer, obj=item)
    return item


@transaction.atomic
def dossieritem_wijzigen(*, item: DossierItem, door: Actor, versie: int, **velden) -> DossierItem:
    """Save the author's changes unless someone saved in between (then Conflict, nothing written)."""
    onbekend = set(velden) - set(WIJZIGBARE_VELDEN)
    if onbekend:
        raise TypeError(f"Niet te wijzigen: {', '.join(sorted(onbekend))}")
    actueel = DossierItem.vergrendel(item.pk, versie)
    if actueel.auteur_id != door.pk:
        raise ValidationError("Alleen de auteur wijzigt een dossieritem; voeg anders een nieuw item toe.")
    for naam, waarde in velden.items():
        setattr(actueel, naam, waarde)
    actueel.opslaan(*velden, door=door)
    # The timeline line follows the entry's kind, title and layer (the layer decides who sees it).
    Gebeurtenis.objects.filter(
        object_type=ContentType.objects.get_for_model(DossierItem), object_id=actueel.pk
    ).update(soort=Gebeurtenis.Soort(actueel.soort), laag=actueel.laag, omschrijving=str(actueel)[:300])
    schrijf(door, "wijzigen", obj=actueel)
    return actueel
