from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from privacy.log import log, log_per_deelnemer
from privacy.toegang import ingelogd

from . import selectors


@ingelogd
def mijn_werk(request):
    context = selectors.mijn_werk(request.user)
    if context.get("mijn_deelnemers"):
        log(request, "inzien", object_type="mijn werk", omschrijving="lijst van eigen deelnemers op Mijn werk")
    # Names on lists are basis data (one summary is enough); signal texts are dossier content.
    log_per_deelnemer(request, "inzien", context.get("signalen", []), laag="begeleiding",
                      omschrijving="signaal op Mijn werk")
    return render(request, "zorgstructuur/mijn_werk.html", context)


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
