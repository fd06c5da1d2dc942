"""An overview's Excel or PDF download as a background task (started by rapportage.views.download).

The task asks the policy again with its user's rights at that moment, makes the overview through the one
path (`maken.bewaard_of_maak`, kept 10 minutes as on screen), and logs the export exactly as the request did;
the file is kept privately for its user (taken:bestand)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict

from privacy import policy
from privacy.log import schrijf, schrijf_per_deelnemer
from privacy.models import Toegangslog
from taken.uitvoeren import TaakFout, bestand_bewaren, taakwerk, task

from . import excel, maken, pdf
from .forms import FilterFormulier


@task()
@taakwerk
def export(taak, door, voortgang, *, naam, formaat, filters):
    gebruiker = door.gebruiker
    try:
        exporter = policy.rapport_of_403(gebruiker, naam)
    except (PermissionDenied, Http404):
        raise TaakFout("U heeft geen toegang (meer) tot dit overzicht.") from None
    query = QueryDict(mutable=True)
    for sleutel, waarden in filters.items():
        query.setlist(sleutel, waarden)
    bereik = policy.rapport_bereik(gebruiker, exporter)
    form = FilterFormulier(query or None, bereik=bereik, gebruiker=gebruiker)
    if form.is_bound and not form.is_valid():
        raise TaakFout("De gekozen filters passen niet (meer) bij uw functie; kies ze opnieuw op het overzicht.")
    voortgang(0, 2)
    # The same kept computation as the screen (maken.bewaard_of_maak): the file shows the numbers just seen.
    rapport = maken.bewaard_of_maak(exporter, form.filter(), bereik)
    voortgang(1, 2)
    inhoud = excel.werkboek(rapport) if formaat == "xlsx" else pdf.document(rapport)
    bestand_bewaren(taak, inhoud, exporter().bestandsnaam(rapport.filter, formaat))
    schrijf(door, Toegangslog.Actie.EXPORTEREN, object_type="rapportage", object_id=naam,
            omschrijving=maken.log_omschrijving(rapport, formaat))
    if rapport.exporter.toont_namen:
        # An overview with names (the state of affairs per client) is a read of each shown student's case.
        schrijf_per_deelnemer(door, Toegangslog.Actie.INZIEN, getattr(rapport.exporter, "getoond", []),
                              omschrijving=f"rapportage {rapport.titel} ({formaat})")
    return {}
