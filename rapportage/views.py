"""The management overviews on screen and as downloads. Thin: the policy decides who reaches which overview
over which locaties (privacy.policy.rapportage), the form checks the filters, `maken.maak` computes and
suppresses, `maken.bewaard_of_maak` keeps the result 10 minutes (a POST to the overview drops it: "Nu opnieuw
berekenen"); every view and download writes one access-log line (export, no student), also from a kept
result. A download is made by a background task (rapportage.taken), started by a POST: the page of the task
shows its progress and then the file. Every download goes that way, whatever its size: the time an overview
takes grows with the data, not with anything the view can see beforehand."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from privacy import policy
from privacy.actor import Actor
from privacy.log import log, log_per_deelnemer
from privacy.models import Toegangslog
from privacy.toegang import vereist
from taken.models import Taak
from taken.uitvoeren import starten
from zorgstructuur.formulieren import alleen_post

from . import maken, taken, weergave
from .forms import FilterFormulier


@require_GET
@vereist("rapportage")
def index(request):
    return render(request, "rapportage/index.html", {"rapporten": policy.rapporten_voor(request.user)})


def _namen_loggen(request, rapport, vorm):
    """An overview with names (the state of affairs per client) is a read of each shown student's case."""
    if rapport.exporter.toont_namen:
        log_per_deelnemer(request, Toegangslog.Actie.INZIEN, getattr(rapport.exporter, "getoond", []),
                          omschrijving=f"rapportage {rapport.titel} ({vorm})")


def _rapport(request, naam):
    exporter = policy.rapport_of_403(request.user, naam)
    bereik = policy.rapport_bereik(request.user, exporter)
    form = FilterFormulier(request.GET or None, bereik=bereik, gebruiker=request.user)
    geldig = not form.is_bound or form.is_valid()
    return exporter, form, geldig, bereik


@require_http_methods(["GET", "POST"])
@vereist("rapportage")
def overzicht(request, naam):
    """GET shows the overview (kept for 10 minutes); POST ("Nu opnieuw berekenen", the filters in the query
    string) drops the kept one and returns to the overview, which then computes it afresh."""
    exporter, form, geldig, bereik = _rapport(request, naam)
    if not geldig:
        return render(request, "rapportage/overzicht.html", {"exporter": exporter, "form": form}, status=400)
    if request.method == "POST":
        maken.vergeten(exporter, form.filter(), bereik)
        return redirect(request.get_full_path())
    rapport = maken.bewaard_of_maak(exporter, form.filter(), bereik)
    log(request, Toegangslog.Actie.EXPORTEREN, object_type="rapportage", object_id=naam,
        omschrijving=maken.log_omschrijving(rapport, "scherm"))
    _namen_loggen(request, rapport, "scherm")
    return render(request, "rapportage/overzicht.html", {
        "exporter": exporter, "form": form, "rapport": rapport, "tabellen": weergave.tabellen_html(rapport),
        "query": request.GET.urlencode(),
        "bewaartijd": int(maken.BEWAARTIJD.total_seconds() // 60)})


@vereist("rapportage")
def download(request, naam, formaat):
    """Start the export (the filters are in the query string, as on the overview); the task logs it. POST
    only, after the policy: an overview not for the user's functie is a 403 whatever the method."""
    exporter, form, geldig, _ = _rapport(request, naam)
    if (niet := alleen_post(request)) is not None:
        return niet
    if not geldig:
        return render(request, "rapportage/overzicht.html", {"exporter": exporter, "form": form}, status=400)
    taak = starten(taken.export, soort=Taak.Soort.EXPORT, door=Actor.uit_request(request),
                   omschrijving=f"{exporter.titel} als {'Excel' if formaat == 'xlsx' else 'PDF'}",
                   naam=naam, formaat=formaat, filters=dict(request.GET.lists()))
    return redirect("taken:taak", taak_pk=taak.pk)
