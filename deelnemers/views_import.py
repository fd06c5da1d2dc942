"""Import from the administration in the browser: upload → dry-run report → Toepassen.

The dry run and applying run as background tasks (deelnemers.taken): the upload is stored, the task is
started and the user sees its progress bar (taken:taak), which leads on to the report, or back here with
the outcome of applying. The session keeps the upload and its dry-run task; once that task is done, the
report page takes the import's id from it.

The upload is kept between the two steps in the (configurable) default storage under
imports/, with a random name that only the user's session knows; it is removed once applied,
and uploads nobody applied are cleaned up after a day. The import itself writes its access-log rows
(deelnemers.importeren), the same as the management command.

The report is a page of its own (upload → redirect → report, so a reload does not upload again) that
reads the dry run's stored lines (Voorbeeldregel) one page per list: who is new, who changes (the
names of the fields, not their old or new values) and who will be marked uitgeschreven. The beheerder
sees only studentnummer and name of students they otherwise never see, from the administration's own
export, and only for their own dry run; every page shown is logged per student it names. The lines go
with the upload: once applied, at the session's next dry run, and after a day.
"""

import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from privacy import policy
from privacy.actor import Actor
from privacy.log import log, log_per_deelnemer
from privacy.toegang import vereist
from taken.models import Taak
from taken.uitvoeren import starten
from zorgstructuur.invoer import IdKeuzeveld
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Instelling

from . import selectors, taken
from .models import Import, Voorbeeldregel

SESSIE_SLEUTEL = "deelnemers_import"
MAP = "imports"
BEWAARTERMIJN = timedelta(days=1)
PER_PAGINA = 50  # per list on the report page
V = Voorbeeldregel.Soort
# The paged lists of the report, in the order of the page: (kind, heading).
LIJSTEN = ((V.FOUT, "Fouten"), (V.WAARSCHUWING, "Waarschuwingen"), (V.NIEUW, "Nieuwe deelnemers"),
           (V.GEWIJZIGD, "Deelnemers met gewijzigde gegevens"),
           (V.UITGESCHREVEN, "Worden uitgeschreven, want niet meer in het bestand"))
EXTENSIES = (".csv", ".xlsx")


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label="Exportbestand uit de administratie",
        help_text=f"CSV (komma of puntkomma) of Excel (.xlsx), maximaal {settings.MAX_UPLOAD_MB} MB.",
        error_messages={"required": "Kies een bestand om te importeren.", "empty": "Het bestand is leeg.",
                        "invalid": "Kies een bestand om te importeren."},
    )
    gedeeltelijk = forms.BooleanField(
        label="Gedeeltelijk bestand",
        required=False,
        help_text="Alleen de deelnemers in dit bestand bijwerken. Zonder dit vinkje is het een volledig "
                  "bestand: actieve deelnemers die er niet in staan, worden uitgeschreven.",
    )
    instelling = IdKeuzeveld(
        label="Instelling", queryset=Instelling.objects.none(), empty_label=None,
        error_messages={"required": "Kies de instelling.", "invalid_choice": "Kies een van de instellingen."},
    )

    def __init__(self, *args, instellingen, **kwargs):
        super().__init__(*args, **kwargs)
        if len(instellingen) > 1:
            keuze = Instelling.objects.filter(pk__in=[i.pk for i in instellingen])
            self.fields["instelling"].queryset = keuze
        else:
            del self.fields["instelling"]  # nothing to choose

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        naam = (bestand.name or "").lower()
        if not naam.endswith(EXTENSIES):
            raise forms.ValidationError(
                "Alleen CSV-bestanden (.csv) en Excel-bestanden (.xlsx) kunnen worden ingelezen.")
        if bestand.size == 0:
            raise forms.ValidationError("Het bestand is leeg.")
        if bestand.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"Het bestand is groter dan {settings.MAX_UPLOAD_MB} MB.")
        bestand.seek(0)
        begin = bestand.read(4096)
        bestand.seek(0)
        is_zip = begin.startswith(b"PK\x03\x04")
        if naam.endswith(".xlsx") and not is_zip:
            raise forms.ValidationError(
                "Dit is geen Excel-bestand (.xlsx). Sla het in Excel op als .xlsx of CSV.")
        if naam.endswith(".csv") and (is_zip or b"\x00" in begin):
            raise forms.ValidationError(
                "Dit is geen CSV-bestand. Sla het in Excel op als "
                "'CSV (gescheiden door lijstscheidingsteken)'.")
        return bestand


def _pagina(request, form, instellingen, **context):
    context.update(form=form, imports=selectors.recente_imports(instellingen))
    return render(request, "deelnemers/importeren.html", context)


@vereist("importeren")
def importeren(request):
    instellingen = policy.import_instellingen(request.user)
    if not instellingen:
        messages.error(request, "Er is nog geen instelling ingericht om deelnemers in te importeren.")
    if request.method != "POST" or not instellingen:
        return _pagina(request, ImportForm(instellingen=instellingen), instellingen)
    form = ImportForm(request.POST, request.FILES, instellingen=instellingen)
    if not form.is_valid():
        return _pagina(request, form, instellingen)
    instelling = form.cleaned_data.get("instelling") or instellingen[0]
    bestand = form.cleaned_data["bestand"]
    _opruimen(request)
    extensie = ".xlsx" if bestand.name.lower().endswith(".xlsx") else ".csv"
    upload = {"opslagnaam": default_storage.save(f"{MAP}/{secrets.token_hex(16)}{extensie}", bestand),
              "bestandsnaam": bestand.name, "instelling": instelling.pk,
              "gedeeltelijk": form.cleaned_data["gedeeltelijk"]}
    taak = starten(taken.proefdraai, soort=Taak.Soort.PROEFDRAAI, omschrijving="Proefdraai van de import",
                   door=Actor.uit_request(request), instelling=instelling, opslagnaam=upload["opslagnaam"],
                   bestandsnaam=upload["bestandsnaam"], instelling_id=instelling.pk,
                   gedeeltelijk=upload["gedeeltelijk"])
    request.session[SESSIE_SLEUTEL] = {**upload, "taak": str(taak.pk)}
    return redirect("taken:taak", taak_pk=taak.pk)


def _upload(request) -> dict:
    """The session's upload. Once its dry-run task is done: with the import's id, and without the stored
    file when it cannot be applied (the task removed it)."""
    upload = request.session.get(SESSIE_SLEUTEL) or {}
    if "taak" in upload and "import_id" not in upload:
        taak = policy.eigen_taak(request.user, upload["taak"])
        if taak is not None and taak.status == Taak.Status.KLAAR:
            upload["import_id"] = taak.resultaat.get("import_id")
            if not taak.resultaat.get("toepasbaar"):
                upload.pop("opslagnaam", None)
            request.session[SESSIE_SLEUTEL] = upload
    return upload


def _import_van_404(request, pk) -> Import:
    """One of the user's own imports, of an instelling they may import into; anyone else's is a 404."""
    instellingen = policy.import_instellingen(request.user)
    try:
        return Import.objects.select_related("instelling").get(pk=pk, door=request.user, instelling__in=instellingen)
    except Import.DoesNotExist:
        raise Http404 from None


@vereist("importeren")
def proefdraai(request, pk):
    """The report of a dry run (or an aborted apply): counts, then each list a page at a time."""
    record = _import_van_404(request, pk)
    upload = _upload(request)
    lijsten = []
    getoond = []
    for soort, titel in LIJSTEN:
        regels = Voorbeeldregel.objects.filter(proefdraai=record, soort=soort).order_by("id")
        pagina = Paginator(regels, PER_PAGINA).get_page(request.GET.get(soort))
        if pagina.paginator.count:
            lijsten.append({"soort": soort, "titel": titel, "pagina": pagina,
                            "links": _paginalinks(request, soort, pagina)})
            getoond += [regel for regel in pagina if regel.studentnummer]
    nieuw_aangemaakt = list(Voorbeeldregel.objects.filter(proefdraai=record, soort__in=[V.LOCATIE, V.OPLEIDING])
                            .order_by("id").values_list("soort", "tekst"))
    # Who saw whose name: one row for the page, one per named student that already exists.
    log(request, "inzien", object_type="import", object_id=record.pk,
        omschrijving=f"rapport van de import bekeken: {len(getoond)} deelnemers getoond (studentnummer, naam)")
    log_per_deelnemer(request, "inzien", [regel for regel in getoond if regel.deelnemer_id], laag=Laag.BASIS,
                      omschrijving="import: studentnummer en naam in het rapport van de import")
    instellingen = policy.import_instellingen(request.user)
    return _pagina(
        request, ImportForm(instellingen=instellingen), instellingen, record=record, instelling=record.instelling,
        lijsten=lijsten, per_pagina=PER_PAGINA,
        nieuwe_locaties=[tekst for soort, tekst in nieuw_aangemaakt if soort == V.LOCATIE],
        nieuwe_opleidingen=[tekst for soort, tekst in nieuw_aangemaakt if soort == V.OPLEIDING],
        toepasbaar=record.proefdraai and upload.get("import_id") == record.pk and "opslagnaam" in upload,
    )


def _paginalinks(request, soort, pagina) -> dict:
    """The query strings for the previous and next page of one list; the other lists stay where they are."""
    links = {}
    for naam, nummer in (("vorige", pagina.has_previous() and pagina.previous_page_number()),
                         ("volgende", pagina.has_next() and pagina.next_page_number())):
        if nummer:
            query = request.GET.copy()
            query[soort] = nummer
            links[naam] = f"?{query.urlencode()}#lijst-{soort}"
    return links


@vereist("importeren")
@require_POST
def toepassen(request):
    upload = _upload(request)
    instelling = next((i for i in policy.import_instellingen(request.user) if i.pk == upload.get("instelling")), None)
    if (instelling is None or not upload.get("import_id") or "opslagnaam" not in upload
            or not default_storage.exists(upload["opslagnaam"])):
        request.session.pop(SESSIE_SLEUTEL, None)
        messages.error(request, "Er is geen gecontroleerd bestand om toe te passen. Upload het bestand "
                                "opnieuw; u krijgt eerst weer de proefdraai te zien.")
        return redirect("deelnemers:importeren")
    # The task removes the file and the dry run's lines; if the data changed since the dry run (someone
    # else imported), it writes nothing and its page links to the new report.
    del request.session[SESSIE_SLEUTEL]
    taak = starten(taken.toepassen, soort=Taak.Soort.IMPORT, omschrijving="Import toepassen",
                   door=Actor.uit_request(request), instelling=instelling, opslagnaam=upload["opslagnaam"],
                   bestandsnaam=upload["bestandsnaam"], instelling_id=instelling.pk,
                   gedeeltelijk=upload["gedeeltelijk"], proefdraai_id=upload["import_id"])
    return redirect("taken:taak", taak_pk=taak.pk)


def _opruimen(request) -> None:
    """Remove this session's earlier upload and report lines, and anyone's left unapplied for a day."""
    vorige = request.session.pop(SESSIE_SLEUTEL, None)
    if vorige:
        if vorige.get("opslagnaam"):
            default_storage.delete(vorige["opslagnaam"])
        Voorbeeldregel.objects.filter(proefdraai_id=vorige.get("import_id")).delete()
    Voorbeeldregel.objects.filter(proefdraai__tijdstip__lt=timezone.now() - BEWAARTERMIJN).delete()
    try:
        _, bestanden = default_storage.listdir(MAP)
    except FileNotFoundError:
        return
    grens = timezone.now() - BEWAARTERMIJN
    for naam in bestanden:
        pad = f"{MAP}/{naam}"
        try:
            if default_storage.get_modified_time(pad) < grens:
                default_storage.delete(pad)
        except FileNotFoundError:
            pass  # removed by a parallel request
