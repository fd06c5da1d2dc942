"""Writing the access log: one line in a view, `log(request, "inzien", deelnemer=d)`."""

import ipaddress

from django.conf import settings

from .models import Toegangslog
from .profiel import profiel


def adres(request) -> str | None:
    """The client's address; behind our own load balancer the one it saw (the last hop it appended:
    earlier entries come from the client and prove nothing)."""
    kandidaat = request.META.get("REMOTE_ADDR")
    if settings.ACHTER_PROXY and request.META.get("HTTP_X_FORWARDED_FOR"):
        kandidaat = request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(kandidaat))
    except ValueError:
        return None


MAX_ID = 2**63 - 1


def als_id(waarde) -> int | None:
    """An id that fits the log's bigint column, else None (a refused URL may carry any digits)."""
    try:
        getal = int(str(waarde)) if str(waarde).isascii() else None
    except (TypeError, ValueError):
        return None
    return getal if getal is not None and 0 < getal <= MAX_ID else None


def _regel(request, actie, *, uitkomst=Toegangslog.Uitkomst.TOEGESTAAN, rol=None, deelnemer_id=None,
           object_type="", object_id="", laag="", omschrijving="") -> Toegangslog:
    user, p = request.user, profiel(request.user)
    return Toegangslog(
        actie=actie,
        uitkomst=uitkomst,
        gebruiker_id=user.pk,
        gebruikersnaam=user.get_username() if user.is_authenticated else "(anoniem)",
        rol=rol or p.rol,
        namens=", ".join(sorted(p.organisaties)),
        ip_adres=adres(request),
        deelnemer_id=deelnemer_id,
        object_type=object_type,
        object_id=str(object_id or "")[:64],
        laag=laag,
        omschrijving=omschrijving[:300],
    )


def log(request, actie, *, deelnemer=None, deelnemer_id=None, obj=None, object_type="", object_id="",
        laag="", uitkomst=Toegangslog.Uitkomst.TOEGESTAAN, omschrijving="", rol=None):
    if deelnemer is not None:
        deelnemer_id = deelnemer.pk
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = obj.pk
        laag = laag or getattr(obj, "laag", "")
    deelnemer_id = als_id(deelnemer_id)
    regel = _regel(request, actie, uitkomst=uitkomst, rol=rol, deelnemer_id=deelnemer_id, object_type=object_type,
                   object_id=object_id, laag=laag, omschrijving=omschrijving)
    regel.save()
    if uitkomst == Toegangslog.Uitkomst.GEWEIGERD:
        request.zs_weigering_gelogd = True  # WeigeringLogMiddleware need not write a second row
    return regel


def log_per_deelnemer(request, actie, objecten, *, laag="", omschrijving=""):
    """One line per shown object (which carries deelnemer_id), in one INSERT: for pages that show
    content of several students at once, such as the signals on Mijn werk."""
    Toegangslog.objects.bulk_create([
        _regel(request, actie, deelnemer_id=obj.deelnemer_id, object_type=obj._meta.model_name, object_id=obj.pk,
               laag=laag or getattr(obj, "laag", ""), omschrijving=omschrijving)
        for obj in objecten
    ])
