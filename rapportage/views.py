"""The management overviews on screen and as downloads. Thin: the policy decides who reaches which overview
over which locaties (privacy.policy.rapportage), the form checks the filters, `maken.maak` computes and
suppresses; every view and download writes one access-log line (export, no student)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from privacy import policy
from privacy.log import log, log_per_deelnemer
from privacy.models import Toegangslog
from privacy.toegang import vereist

from . import excel, maken, pdf
from .forms import FilterFormulier

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    form = FilterFormulier(request.GET or None, bereik=policy.rapport_bereik(request.user, exporter),
                           gebruiker=request.user)
    geldig = not form.is_bound or form.is_valid()
    return exporter, form, geldig


@require_GET
@vereist("rapportage")
def overzicht(request, naam):
    exporter, form, geldig = _rapport(request, naam)
    if not geldig:
        return render(request, "rapportage/overzicht.html", {"exporter": exporter, "form": form}, status=400)
    rapport = maken.maak(exporter, form.filter())
    log(request, Toegangslog.Actie.EXPORTEREN, object_type="rapportage", object_id=naam,
        omschrijving=maken.log_omschrijving(rapport, "scherm"))
    _namen_loggen(request, rapport, "scherm")
    return render(request, "rapportage/overzicht.html", {
        "exporter": exporter, "form": form, "rapport": rapport, "query": request.GET.urlencode()})


@require_GET
@vereist("rapportage")
def download(request, naam, formaat):
    exporter, form, geldig = _rapport(request, naam)
    if not geldig:
        return render(request, "rapportage/overzicht.html", {"exporter": exporter, "form": form}, status=400)
    rapport = maken.maak(exporter, form.filter(), grafieken=formaat == "pdf")
    if formaat == "xlsx":
        inhoud, soort = excel.werkboek(rapport), XLSX
    else:
        inhoud, soort = pdf.document(rapport), "application/pdf"
    log(request, Toegangslog.Actie.EXPORTEREN, object_type="rapportage", object_id=naam,
        omschrijving=maken.log_omschrijving(rapport, formaat))
    _namen_loggen(request, rapport, formaat)
    antwoord = HttpResponse(inhoud, content_type=soort)
    antwoord["Content-Disposition"] = f'attachment; filename="{exporter().bestandsnaam(rapport.filter, formaat)}"'
    return antwoord
