"""The status page of a background task, its progress as JSON (polled by static/js/taak.js) and its result
file. Only the user who started a task reaches any of these (privacy.policy.taak_of_404)."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from privacy import policy
from privacy.log import log
from privacy.models import Toegangslog
from privacy.toegang import ingelogd

from .models import Taak
from .uitvoeren import lees_voortgang

NOG_EENS_NA = 3  # seconds: the page reloads itself this often when the browser runs no script


@ingelogd
@require_safe
def taak(request, taak_pk):
    """While it runs: a progress bar. Done: on to its result page (an import's report, the agenda), or
    a link to its file. Failed: the Dutch reason."""
    taak = lees_voortgang(policy.taak_of_404(request, taak_pk))
    if taak.status == Taak.Status.KLAAR and taak.resultaat.get("url"):
        if taak.resultaat.get("bericht"):
            messages.success(request, taak.resultaat["bericht"])
        return redirect(taak.resultaat["url"])
    return render(request, "taken/taak.html", {"taak": taak, "nog_eens_na": NOG_EENS_NA})


@ingelogd
@require_safe
def voortgang(request, taak_pk):
    taak = lees_voortgang(policy.taak_of_404(request, taak_pk))
    return JsonResponse({"status": taak.status, "afgelopen": taak.afgelopen, "voortgang": taak.voortgang,
                         "totaal": taak.totaal, "procent": taak.procent})


@ingelogd
@require_safe
def bestand(request, taak_pk):
    """The result file, as an attachment. Its making was logged as an export (with what it holds); this
    logs that it was fetched."""
    taak = policy.taak_of_404(request, taak_pk)
    if taak.status != Taak.Status.KLAAR or not taak.bestand or not default_storage.exists(taak.bestand):
        raise Http404("Dit bestand is er niet (meer).")
    log(request, Toegangslog.Actie.EXPORTEREN, object_type="taak", object_id=str(taak.pk),
        omschrijving=f"bestand van een achtergrondtaak opgehaald: {taak.omschrijving}")
    return FileResponse(default_storage.open(taak.bestand, "rb"), as_attachment=True, filename=taak.bestandsnaam)
