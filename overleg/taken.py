"""Sending a meeting's agenda or minutes to all its recipients, as a background task (started by
overleg.views_afdruk.versturen). The service checks again that its user may send it."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from taken.uitvoeren import TaakFout, taakwerk, task

from . import services
from .models import Overleg


@task()
@taakwerk
def versturen(taak, door, voortgang, *, overleg_pk):
    overleg = Overleg.objects.filter(pk=overleg_pk).first()
    if overleg is None:
        raise TaakFout("Dit overleg bestaat niet meer; er is niets verstuurd.")
    agenda = reverse("overleg:agenda", args=[overleg.pk])
    try:
        gemaild, zonder_adres = services.afdruk_versturen(overleg=overleg, door=door, voortgang=voortgang)
    except ValidationError as fout:
        raise TaakFout(" ".join(fout.messages), url=agenda, linktekst="Terug naar de agenda") from None
    soort = "verslag" if overleg.status == Overleg.Status.GEHOUDEN else "agenda"
    tekst = (f"{'Het verslag' if soort == 'verslag' else 'De agenda'} is verstuurd naar {gemaild} "
             f"ontvanger{'' if gemaild == 1 else 's'}: een e-mail met alleen een link, zonder gegevens van "
             "deelnemers. Ieder ziet na inloggen wat hij of zij mag zien.")
    if zonder_adres:
        tekst += f" {zonder_adres} ontvanger{' heeft' if zonder_adres == 1 else 's hebben'} geen e-mailadres."
    return {"url": reverse(f"overleg:{soort}", args=[overleg.pk]), "bericht": tekst}
