"""The import in the browser as background tasks (started by deelnemers.views_import): the dry run, and
applying it. Each checks again that its user may import into the instelling; the import itself is one
transaction, so a task that fails changes nothing."""

from django.core.files.storage import default_storage
from django.urls import reverse

from privacy import policy
from taken.uitvoeren import TaakFout, taakwerk, task

from .importeren import importeer
from .models import Voorbeeldregel

GEEN_BESTAND = ("Het geüploade bestand is er niet meer (na een dag wordt het verwijderd); er is niets gewijzigd. "
                "Upload het bestand opnieuw.")


def _instelling(door, instelling_id):
    instelling = next((i for i in policy.import_instellingen(door.gebruiker) if i.pk == instelling_id), None)
    if instelling is None:
        raise TaakFout("U mag niet (meer) in deze instelling importeren; er is niets gewijzigd.")
    return instelling


def _importeer(door, voortgang, *, opslagnaam, bestandsnaam, instelling_id, gedeeltelijk, proefdraai):
    instelling = _instelling(door, instelling_id)
    if not default_storage.exists(opslagnaam):
        raise TaakFout(GEEN_BESTAND)
    with default_storage.open(opslagnaam, "rb") as opgeslagen:
        return importeer(opgeslagen, bestandsnaam=bestandsnaam, instelling=instelling, door=door,
                         proefdraai=proefdraai, gedeeltelijk=gedeeltelijk, voorbeeld_bewaren=True, voortgang=voortgang)


@task()
@taakwerk
def proefdraai(taak, door, voortgang, *, opslagnaam, bestandsnaam, instelling_id, gedeeltelijk):
    """The dry run; its report is the page it leads to. A file with errors cannot be applied: no copy is kept."""
    try:
        resultaat = _importeer(door, voortgang, opslagnaam=opslagnaam, bestandsnaam=bestandsnaam,
                               instelling_id=instelling_id, gedeeltelijk=gedeeltelijk, proefdraai=True)
    except BaseException:
        default_storage.delete(opslagnaam)  # a failed dry run cannot be applied either
        raise
    if resultaat.fouten:
        default_storage.delete(opslagnaam)
    return {"url": reverse("deelnemers:importeren_proefdraai", kwargs={"pk": resultaat.import_id}),
            "import_id": resultaat.import_id, "toepasbaar": not resultaat.fouten}


@task()
@taakwerk
def toepassen(taak, door, voortgang, *, opslagnaam, bestandsnaam, instelling_id, gedeeltelijk, proefdraai_id):
    """Apply the checked file. If the data changed since the dry run nothing is written, and the new report
    says why."""
    try:
        resultaat = _importeer(door, voortgang, opslagnaam=opslagnaam, bestandsnaam=bestandsnaam,
                               instelling_id=instelling_id, gedeeltelijk=gedeeltelijk, proefdraai=False)
    finally:
        default_storage.delete(opslagnaam)
        Voorbeeldregel.objects.filter(proefdraai_id=proefdraai_id).delete()  # the dry run's lines served
    if not resultaat.toegepast:
        raise TaakFout("Het toepassen is afgebroken; er is niets gewijzigd.",
                       url=reverse("deelnemers:importeren_proefdraai", kwargs={"pk": resultaat.import_id}),
                       linktekst="Bekijk waarom")
    return {"url": reverse("deelnemers:importeren"), "bericht": f"Import toegepast: {resultaat.samenvatting()}."}
