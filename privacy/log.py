"""Writing the access log (NEN 7513). A service writes the rows of its own writes with
`schrijf(door, …)`, inside its transaction; a read view logs its read in one line with
`log(request, …)`. The log records that data was seen or changed, never the data itself."""

from zorgstructuur.invoer import als_id

from .actor import Actor, adres  # noqa: F401  (adres: the login log takes the address the same way)
from .models import Toegangslog


def _regel(door: Actor, actie, *, uitkomst=Toegangslog.Uitkomst.TOEGESTAAN, deelnemer=None, deelnemer_id=None,
           obj=None, object_type="", object_id="", laag="", omschrijving="") -> Toegangslog:
    if deelnemer is not None:
        deelnemer_id = deelnemer.pk
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = obj.pk
        laag = laag or getattr(obj, "laag", "")
        # An object about a student carries deelnemer_id; a student shown in a list is the student.
        deelnemer_id = deelnemer_id or getattr(obj, "deelnemer_id", None) or (
            obj.pk if obj._meta.model_name == "deelnemer" else None)
    # Bounded copies: a partner's name or a URL may be longer than the column.
    return Toegangslog(
        actie=actie,
        uitkomst=uitkomst,
        gebruiker_id=door.pk,
        gebruikersnaam=door.naam[:150],
        rol=door.rol[:200],
        namens=door.namens[:150],
        ip_adres=door.adres,
        deelnemer_id=als_id(deelnemer_id),
        object_type=object_type[:100],
        object_id=str(object_id or "")[:64],
        laag=laag,
        omschrijving=omschrijving[:300],
    )


def schrijf(door: Actor, actie, **velden) -> Toegangslog:
    """One row for what `door` did: velden as in _regel (deelnemer, obj, laag, uitkomst, omschrijving…)."""
    regel = _regel(door, actie, **velden)
    regel.save()
    return regel


def schrijf_per_deelnemer(door: Actor, actie, objecten, *, laag="", omschrijving="") -> None:
    """One row per shown object (which carries deelnemer_id), in one INSERT: for pages that show
    content of several students at once, such as the signals on Mijn werk. `omschrijving` may be a
    function of the object, for a page that shows some of them differently (an anonymous case)."""
    tekst = omschrijving if callable(omschrijving) else (lambda obj: omschrijving)
    Toegangslog.objects.bulk_create([
        _regel(door, actie, obj=obj, laag=laag, omschrijving=tekst(obj)) for obj in objecten
    ])


def log(request, actie, *, rol=None, **velden) -> Toegangslog:
    """A read, or a refusal, in a view: one line. `rol` is the relation that gave access (inzage.rol)."""
    regel = schrijf(Actor.uit_request(request, rol), actie, **velden)
    if regel.uitkomst == Toegangslog.Uitkomst.GEWEIGERD:
        request.zs_weigering_gelogd = True  # WeigeringLogMiddleware need not write a second row
    return regel


def log_per_deelnemer(request, actie, objecten, **velden) -> None:
    schrijf_per_deelnemer(Actor.uit_request(request), actie, objecten, **velden)
