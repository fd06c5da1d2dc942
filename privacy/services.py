"""Writes on werkaantekeningen (DESIGN §5): only the author's own notes, reached through
policy.werkaantekeningen_van and nothing else. Each is one transaction with its access-log row, which says
that a note was written, changed or removed, never what it says; no timeline line and no history, so
nobody else learns that a note exists.

An id that is not one of the author's own notes about this student raises Werkaantekening.DoesNotExist,
with nothing written: the view answers 404 and logs the refusal (policy.weiger)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from . import policy
from .actor import Actor
from .log import schrijf
from .models import WERKAANTEKENING_MAX as TEKST_MAX
from .models import Werkaantekening


def _controleer(tekst: str) -> None:
    if not tekst.strip():
        raise ValidationError({"tekst": "Schrijf eerst een aantekening."})
    if len(tekst) > TEKST_MAX:
        raise ValidationError({"tekst": f"Een werkaantekening is hoogstens {TEKST_MAX} tekens lang."})


def _eigen(door: Actor, deelnemer):
    """The author's own notes about this student; refused for who keeps no werkaantekeningen at all."""
    if door.gebruiker is None or not policy.mag(door.gebruiker, "werkaantekeningen"):
        raise PermissionDenied("Geen werkaantekeningen voor deze gebruiker.")
    return policy.werkaantekeningen_van(door.gebruiker, deelnemer)


@transaction.atomic
def werkaantekening_toevoegen(*, deelnemer, door: Actor, tekst: str) -> Werkaantekening:
    _controleer(tekst)
    _eigen(door, deelnemer)
    aantekening = Werkaantekening(auteur=door.gebruiker, deelnemer=deelnemer, tekst=tekst)
    aantekening.full_clean()
    aantekening.save()
    schrijf(door, "aanmaken", deelnemer=deelnemer, obj=aantekening)
    return aantekening


@transaction.atomic
def werkaantekening_wijzigen(*, deelnemer, door: Actor, aantekening_id: int, tekst: str) -> Werkaantekening:
    _controleer(tekst)
    aantekening = _eigen(door, deelnemer).select_for_update().get(pk=aantekening_id)
    aantekening.tekst = tekst
    aantekening.full_clean()
    aantekening.save(update_fields=["tekst", "gewijzigd"])
    schrijf(door, "wijzigen", deelnemer=deelnemer, obj=aantekening)
    return aantekening


@transaction.atomic
def werkaantekening_verwijderen(*, deelnemer, door: Actor, aantekening_id: int) -> Werkaantekening:
    aantekening = _eigen(door, deelnemer).select_for_update().get(pk=aantekening_id)
    schrijf(door, "verwijderen", deelnemer=deelnemer, obj=aantekening)  # while it still has its id
    aantekening.delete()
    return aantekening
