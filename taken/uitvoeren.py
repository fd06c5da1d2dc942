"""Long work off the request, through Django's Tasks API (DESIGN §6, "Long work off the request").

A view calls `starten(...)`: it makes the Taak record (who started it, what it is) and enqueues the task
with only JSON-safe arguments; the page taken:taak then shows its progress. The task body, wrapped by
`taakwerk`, gets the Taak, the acting user as an Actor (the same audit trail as in the request) and a
`voortgang` callback. A `TaakFout` says in Dutch why it failed; any other exception gives a general Dutch
message (the traceback goes to the server log only). A task's work is all-or-nothing where it writes (the
import keeps its own transaction), so a failed task changes nothing.

Progress goes to a small file in the default storage, not to the database: the import reports it from
inside its transaction, where another connection would not see it (PostgreSQL) or could not write at all
(SQLite). The storage is the one uploads use, shared by web and worker like the database.
"""

import functools
import json
import logging
import os
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from privacy.actor import Actor

from .models import Taak

try:  # Django 6 has the Tasks API built in; on 5.2 the django-tasks backport provides the same.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

__all__ = ["TaakFout", "bestand_bewaren", "lees_voortgang", "opruimen", "starten", "taakwerk", "task"]

logger = logging.getLogger(__name__)

MAP = "taken"
ALGEMENE_MELDING = ("Er ging iets mis bij het uitvoeren van deze taak; er is niets gewijzigd. Probeer het "
                    "opnieuw; lukt het dan nog niet, meld het bij de functioneel beheerder.")
VOORTGANG_INTERVAL = 0.5  # seconds between progress writes: the page asks once a second


class TaakFout(Exception):
    """A failure the user can act on; its (Dutch) message is shown as is, with an optional link on."""

    def __init__(self, melding: str, *, url: str = "", linktekst: str = ""):
        super().__init__(melding)
        self.verder = {"url": url, "linktekst": linktekst} if url else {}


def starten(taakfunctie, *, soort, omschrijving: str, door: Actor, instelling=None, **argumenten) -> Taak:
    """Record and enqueue a task for the acting user; only they will see it (privacy.policy.taak_of_404)."""
    taak = Taak.objects.create(soort=soort, omschrijving=omschrijving, gebruiker=door.gebruiker,
                               instelling=instelling)
    actor = {"rol": door.rol, "namens": door.namens, "adres": door.adres}
    taakfunctie.enqueue(str(taak.pk), actor, **argumenten)
    return taak


def _map(taak) -> str:
    return f"{MAP}/{taak.pk}"


class Voortgang:
    """The task body's progress callback: `voortgang(gedaan, totaal)`, written at most twice a second."""

    def __init__(self, taak: Taak):
        self.taak = taak
        self.pad = f"{_map(taak)}/voortgang.json"
        self.vorige = float("-inf")  # the first report is always written

    def __call__(self, gedaan: int, totaal: int | None = None) -> None:
        self.taak.voortgang, self.taak.totaal = gedaan, totaal
        nu = time.monotonic()
        if nu - self.vorige < VOORTGANG_INTERVAL:
            return
        self.vorige = nu
        default_storage.delete(self.pad)
        default_storage.save(self.pad, ContentFile(json.dumps({"voortgang": gedaan, "totaal": totaal})))

    def weg(self) -> None:
        default_storage.delete(self.pad)


def lees_voortgang(taak: Taak) -> Taak:
    """Fill in a running task's progress from its progress file (there is none before the first report)."""
    if taak.status == Taak.Status.BEZIG:
        try:
            with default_storage.open(f"{_map(taak)}/voortgang.json") as bestand:
                stand = json.loads(bestand.read())
            taak.voortgang, taak.totaal = int(stand["voortgang"]), stand["totaal"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # being rewritten this instant, or not yet written: the last known figures stand
    return taak


def bestand_bewaren(taak: Taak, inhoud: bytes, bestandsnaam: str) -> None:
    """Keep a result file privately (the storage has no public URL; taken:bestand serves it to its owner)."""
    extensie = bestandsnaam.rsplit(".", 1)[-1] if "." in bestandsnaam else "bin"
    taak.bestand = default_storage.save(f"{_map(taak)}/resultaat.{extensie}", ContentFile(inhoud))
    taak.bestandsnaam = bestandsnaam


def _afronden(taak: Taak, status, **velden) -> None:
    taak.status, taak.afgerond = status, timezone.now()
    for naam, waarde in velden.items():
        setattr(taak, naam, waarde)
    taak.save(update_fields=["status", "afgerond", "voortgang", "totaal", "melding", "resultaat", "bestand",
                             "bestandsnaam"])


def taakwerk(werk):
    """Wrap a task body `werk(taak, door, voortgang, **argumenten) -> dict` (the result references)."""

    @functools.wraps(werk)
    def uitvoeren(taak_id: str, actor: dict, **argumenten):
        opruimen()  # the worker keeps the store tidy: expired results go before new work starts
        taak = Taak.objects.select_related("gebruiker").filter(pk=taak_id).first()
        if taak is None or taak.status != Taak.Status.WACHT:
            return  # removed meanwhile, or already run (a backend that retries)
        Taak.objects.filter(pk=taak.pk).update(status=Taak.Status.BEZIG)
        taak.status = Taak.Status.BEZIG
        if not taak.gebruiker.is_active:
            _afronden(taak, Taak.Status.MISLUKT, melding="Uw account is niet meer actief.")
            return
        voortgang = Voortgang(taak)
        try:
            resultaat = werk(taak, Actor(taak.gebruiker, **actor), voortgang, **argumenten) or {}
        except TaakFout as fout:
            _afronden(taak, Taak.Status.MISLUKT, melding=str(fout), resultaat=fout.verder)
        except Exception:
            logger.exception("Taak %s (%s) mislukt", taak.pk, taak.soort)
            _afronden(taak, Taak.Status.MISLUKT, melding=ALGEMENE_MELDING)
        else:
            _afronden(taak, Taak.Status.KLAAR, resultaat=resultaat, melding="",
                      voortgang=max(taak.voortgang, taak.totaal or 0))
        finally:
            voortgang.weg()

    return uitvoeren


def opruimen() -> int:
    """Remove expired tasks with their files; returns how many. Run by the worker and `taken_opruimen`."""
    verlopen = list(Taak.objects.filter(verloopt__lt=timezone.now()).values_list("pk", flat=True))
    for pk in verlopen:
        map_ = f"{MAP}/{pk}"
        try:
            _, bestanden = default_storage.listdir(map_)
        except FileNotFoundError:
            bestanden = []
        for naam in bestanden:
            default_storage.delete(f"{map_}/{naam}")
        try:
            os.rmdir(default_storage.path(map_))  # the storage removes files, not their folder
        except (NotImplementedError, OSError):
            pass  # a storage without local paths, or already gone
    Taak.objects.filter(pk__in=verlopen).delete()
    return len(verlopen)

