from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from privacy.actor import Actor
from privacy.policy import profiel
from privacy.toegang import ingelogd

from . import panelen, services
from .formulieren import alleen_post
from .models import Melding


@ingelogd
def mijn_werk(request):
    """The start page: the panels every app contributes for this user (zorgstructuur.panelen)."""
    return render(request, "zorgstructuur/mijn_werk.html",
                  {"rol": profiel(request.user).rol, "panelen": panelen.voor(request)})


def _eigen_melding(request, melding_pk) -> Melding:
    """A notification is the recipient's own; anyone else's answers 404 (it names no student)."""
    m = Melding.objects.filter(pk=melding_pk, ontvanger=request.user).first()
    if m is None:
        raise Http404
    return m


@ingelogd
def melding(request, melding_pk):
    """Open a notification (marked read) and go where it points."""
    m = _eigen_melding(request, melding_pk)
    services.melding_gelezen(melding=m, door=Actor.uit_request(request))
    if url_has_allowed_host_and_scheme(m.url, allowed_hosts=None) and m.url.startswith("/"):
        return redirect(m.url)
    return redirect("mijn_werk")


@ingelogd
def melding_gelezen(request, melding_pk):
    """Mark one notification read (POST). Someone else's answers 404 before the method is looked at."""
    m = _eigen_melding(request, melding_pk)
    if (niet := alleen_post(request)) is not None:
        return niet
    services.melding_gelezen(melding=m, door=Actor.uit_request(request))
    return redirect("mijn_werk")


@ingelogd
@require_POST
def meldingen_gelezen(request):
    aantal = services.meldingen_gelezen(door=Actor.uit_request(request))
    messages.success(request, f"{aantal} melding{'' if aantal == 1 else 'en'} als gelezen gemarkeerd.")
    return redirect("mijn_werk")


@login_not_required
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "fout", "database": "onbereikbaar"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def geen_toegang(request, exception=None):
    return render(request, "403.html", status=403)


def niet_gevonden(request, exception=None):
    return render(request, "404.html", status=404)
