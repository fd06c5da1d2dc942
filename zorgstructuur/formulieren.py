"""The one way a form view runs a service: the service's ValidationError lands on the form, its
Conflict becomes the conflict message with what the other person changed. Nothing is lost: the form
keeps what the user typed."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import selectors
from .models import Conflict
from .services import GEEN_TOESTEMMING

CONFLICT_MELDING = ("Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen; hieronder ziet u "
                    "wat er veranderde. Controleer uw invoer en sla opnieuw op.")


def alleen_post(request):
    """POST-only actions answer 405 on any other method. Call it after the lookup, so that who may not see the
    object gets 404 (logged) and learns nothing from the method."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def fouten_naar_form(form, fout: ValidationError) -> None:
    if hasattr(fout, "error_dict"):
        for veld, lijst in fout.error_dict.items():
            form.add_error(veld if veld in form.fields else None, lijst)
    else:
        form.add_error(None, fout)


def uitvoeren(request, form, handeling):
    """Run `handeling()` (one service call) and return (resultaat, conflict). When the service refuses,
    resultaat is None: the errors are on the form, or `conflict` says what changed in between."""
    try:
        return handeling(), None
    except Conflict as conflict:
        messages.error(request, CONFLICT_MELDING)
        return None, conflict
    except ValidationError as fout:
        fouten_naar_form(form, fout)
        return None, None


# ------------------------------------------------------------------ typed input kept across a detour
# A decision that needs consent first (the ZAT) sends the user to the consent page and back. What they
# typed waits in their session (server-side, database sessions), keyed per student and form; it never
# travels in a URL or a cookie, and it is given back once, on the way back.

NIET_BEWAREN = {"csrfmiddlewaretoken", "naar_toestemming"}


def _sleutel(deelnemer, formulier: str) -> str:
    return f"invoer:{deelnemer.pk}:{formulier}"


def invoer_bewaren(request, deelnemer, formulier: str) -> None:
    """Keep what the user typed in this form (the POST) for this student."""
    request.session[_sleutel(deelnemer, formulier)] = {
        naam: waarden for naam, waarden in request.POST.lists() if naam not in NIET_BEWAREN}


def invoer_terug(request, deelnemer, formulier: str) -> dict | None:
    """What the user typed before the detour, as the form's initial values (once: it is then removed)."""
    bewaard = request.session.pop(_sleutel(deelnemer, formulier), None)
    if not bewaard:
        return None
    return {naam: waarden[0] if len(waarden) == 1 else waarden for naam, waarden in bewaard.items()}


def naar_toestemming(request, deelnemer, formulier: str):
    """Keep the typed form and go to the consent page; after recording consent it sends the user back here."""
    invoer_bewaren(request, deelnemer, formulier)
    terug = urlencode({"terug": request.get_full_path()})
    return redirect(f"{reverse('aanmelding:toestemming', args=[deelnemer.pk])}?{terug}")


def veilig_terug(request) -> str | None:
    """The `terug` address of a detour, when it is a path on this site (never another host)."""
    terug = request.POST.get("terug") or request.GET.get("terug") or ""
    if terug.startswith("/") and url_has_allowed_host_and_scheme(terug, allowed_hosts={request.get_host()},
                                                                  require_https=request.is_secure()):
        return terug
    return None


def toestemming_omweg(form, deelnemer, kan_vastleggen) -> dict | None:
    """Whether a form with a ZAT basis (zat_grondslag) shows the way to the consent page: when there is no
    valid consent for the ZAT now, or the service just refused the move for lack of it. `kan_vastleggen`
    (a callable, asked only then) says whether this user may record consent themselves."""
    if "zat_grondslag" not in form.fields:
        return None
    geweigerd = form.is_bound and form.has_error("zat_grondslag", GEEN_TOESTEMMING)
    if not geweigerd and selectors.geldige_toestemming(deelnemer) is not None:
        return None
    return {"geweigerd": geweigerd, "kan_vastleggen": kan_vastleggen()}
