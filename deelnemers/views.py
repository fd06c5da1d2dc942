"""The student list, the dossier, its entries, werkaantekeningen and access log: thin views over the
policy (who may), the selectors (what is read) and the services (what is written, and logged)."""

from functools import partial

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from privacy import policy
from privacy.actor import Actor
from privacy.log import log
from privacy.models import Werkaantekening
from privacy.services import werkaantekening_toevoegen, werkaantekening_verwijderen, werkaantekening_wijzigen
from privacy.toegang import vereist
from zorgstructuur import paginering
from zorgstructuur.formulieren import uitvoeren
from zorgstructuur.lagen import Laag
from zorgstructuur.paginering import BegrensdePaginator

from . import selectors, services
from .forms import DossierItemForm, ToegangslogFilterForm, WerkaantekeningForm, WerkaantekeningVerwijderForm, ZoekForm
from .models import DossierItem
from .weergave import lijstrijen

PER_PAGINA = 50


@vereist("deelnemers")
def lijst(request):
    form = ZoekForm(request.GET or None, **selectors.lijstkeuzes(request.user))
    filters = form.cleaned_data if form.is_valid() else None
    zoekterm = (filters or {}).get("q", "").strip()
    pagina = BegrensdePaginator(selectors.deelnemerslijst(request.user, filters), PER_PAGINA).get_page(
        request.GET.get("pagina"))
    aantal = f"meer dan {pagina.paginator.grens_tekst}" if pagina.paginator.begrensd else pagina.paginator.count
    log(request, "zoeken" if zoekterm else "inzien", object_type="deelnemerslijst",
        omschrijving=f"deelnemerslijst pagina {pagina.number}, {aantal} resultaten")
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    kolommen, toon_zorgstatus = policy.lijstgegevens(request.user), policy.toont_zorgstatus(request.user)
    return render(request, "deelnemers/lijst.html", {
        "form": form, "pagina": pagina, "querystring": querystring.urlencode(),
        "kolommen": kolommen, "toon_zorgstatus": toon_zorgstatus,
        "rijen": lijstrijen(pagina.object_list, kolommen, toon_zorgstatus),
    })


@vereist("deelnemers")
def dossier(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    items = paginering.pagina(selectors.dossieritems(request.user, deelnemer, inz), 20, request.GET.get("items"))
    tijdlijn = paginering.pagina(selectors.tijdlijn(request.user, deelnemer, inz), 30, request.GET.get("tijdlijn"))
    selectors.met_datums(items.object_list, tijdlijn.object_list)
    zorgstatus = selectors.zorgstatus(request.user, deelnemer, inz)
    log(request, "inzien", deelnemer=deelnemer, object_type="dossier", rol=inz.rol,
        omschrijving="dossier, lagen: " + ", ".join(sorted(inz.lagen)))
    return render(request, "deelnemers/dossier.html", {
        "deelnemer": deelnemer,
        "inzage": inz,
        "zorgstatus": zorgstatus,
        "gegevens": policy.basisgegevens(request.user, inz, zorgstatus.toestemming),
        "items": items,
        "tijdlijn": tijdlijn,
        "kan_schrijven": bool(policy.schrijflagen(request.user, inz)),
        "kan_werkaantekeningen": policy.mag(request.user, "werkaantekeningen"),
        "kan_toegangslog": policy.mag_toegangslog_zien(request.user, deelnemer),
        "kan_aanmelden": policy.mag_aanmelden(request.user, inz),
        "kan_traject": policy.mag_traject_zien(request.user, inz),
        "kan_toestemming": policy.mag_toestemming_vastleggen(request.user, inz),
        "kan_signaleren": policy.mag_signaleren(request.user, inz),
    })


@vereist("deelnemers")
@require_http_methods(["GET", "POST"])
def item_nieuw(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk, actie="aanmaken")
    lagen = policy.schrijflagen(request.user, inz)
    if not lagen:
        raise Http404
    form = DossierItemForm(request.POST or None, request.FILES or None, lagen=lagen,
                           initial={"soort": DossierItem.Soort.GESPREKSVERSLAG,
                                    "laag": Laag.BEGELEIDING if Laag.BEGELEIDING in lagen else lagen[0]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item, _ = uitvoeren(request, form, lambda: services.dossieritem_toevoegen(
            deelnemer=deelnemer, door=Actor.uit_request(request, inz.rol),
            discipline=policy.discipline_van(request.user, inz), soort=data["soort"], laag=data["laag"],
            titel=data["titel"], datum=data["datum"], tekst=data["tekst"], bestand=data.get("bestand"),
            bestandstype=getattr(form, "bestandstype", "")))
        if item is not None:
            messages.success(request, f"{item.get_soort_display()} is opgeslagen.")
            return redirect("deelnemers:item", pk=deelnemer.pk, item_pk=item.pk)
    log(request, "inzien", deelnemer=deelnemer, object_type="dossieritem_formulier", rol=inz.rol)
    return render(request, "deelnemers/item_form.html", {"deelnemer": deelnemer, "form": form})


@vereist("deelnemers")
def item(request, pk, item_pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    item = policy.dossieritem_of_404(request, deelnemer, inz, item_pk)
    log(request, "inzien", deelnemer=deelnemer, obj=item, rol=inz.rol)
    return render(request, "deelnemers/item.html", {
        "deelnemer": deelnemer, "item": item, "wijzigingen": selectors.historie(item),
        "kan_wijzigen": policy.mag_item_wijzigen(request.user, item),
    })


@vereist("deelnemers")
@require_http_methods(["GET", "POST"])
def item_wijzigen(request, pk, item_pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk, actie="wijzigen")
    item = policy.dossieritem_of_404(request, deelnemer, inz, item_pk, actie="wijzigen", wijzigen=True)
    lagen = policy.schrijflagen(request.user, inz)
    if item.laag not in lagen:
        lagen.append(item.laag)
    form = DossierItemForm(request.POST or None, instance=item, lagen=lagen)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        gewijzigd, conflict = uitvoeren(request, form, lambda: services.dossieritem_wijzigen(
            item=item, door=Actor.uit_request(request, inz.rol), versie=data.get("versie") or 0,
            **{veld: data[veld] for veld in services.WIJZIGBARE_VELDEN}))
        if gewijzigd is not None:
            messages.success(request, "De wijziging is opgeslagen.")
            return redirect("deelnemers:item", pk=deelnemer.pk, item_pk=item.pk)
    log(request, "inzien", deelnemer=deelnemer, obj=item, rol=inz.rol, omschrijving="wijzigformulier")
    return render(request, "deelnemers/item_form.html",
                  {"deelnemer": deelnemer, "form": form, "item": item, "conflict": conflict})


@vereist("deelnemers")
def item_download(request, pk, item_pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    item = policy.dossieritem_of_404(request, deelnemer, inz, item_pk)
    if not item.bestand:
        raise Http404
    log(request, "exporteren", deelnemer=deelnemer, obj=item, rol=inz.rol, omschrijving="document gedownload")
    response = FileResponse(item.bestand.open("rb"), as_attachment=True, filename=item.bestandsnaam,
                            content_type=item.bestandstype or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response


def _werkaantekening_handeling(deelnemer, door, verwijderen: bool, data) -> tuple:
    """The service call for the button pressed, the id of the note it acts on, and the message."""
    if verwijderen:
        return (partial(werkaantekening_verwijderen, deelnemer=deelnemer, door=door, aantekening_id=data["verwijder"]),
                data["verwijder"], "De werkaantekening is verwijderd.")
    if data["wijzig"]:
        return (partial(werkaantekening_wijzigen, deelnemer=deelnemer, door=door, aantekening_id=data["wijzig"],
                        tekst=data["tekst"]), data["wijzig"], "De werkaantekening is bijgewerkt.")
    return (partial(werkaantekening_toevoegen, deelnemer=deelnemer, door=door, tekst=data["tekst"]), None,
            "De werkaantekening is opgeslagen. Alleen u kunt haar zien.")


@vereist("werkaantekeningen")
@require_http_methods(["GET", "POST"])
def werkaantekeningen(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    verwijderen = "verwijder" in request.POST
    form = WerkaantekeningForm(request.POST if request.method == "POST" and not verwijderen else None)
    keuze = WerkaantekeningVerwijderForm(request.POST if verwijderen else None)
    gekozen = keuze if verwijderen else form
    if request.method == "POST" and gekozen.is_valid():
        handeling, aantekening_id, melding = _werkaantekening_handeling(
            deelnemer, Actor.uit_request(request, inz.rol), verwijderen, gekozen.cleaned_data)
        try:
            gedaan, _ = uitvoeren(request, gekozen, handeling)
        except Werkaantekening.DoesNotExist:
            # Not one of the user's own notes about this student: as if it did not exist.
            policy.weiger(request, "verwijderen" if verwijderen else "wijzigen", "geen eigen werkaantekening",
                          deelnemer=deelnemer, object_type="werkaantekening", object_id=aantekening_id)
        if gedaan is not None:
            messages.success(request, melding)
            return redirect("deelnemers:werkaantekeningen", pk=deelnemer.pk)
    # The log says that the author opened their own notes, never what they say.
    log(request, "inzien", deelnemer=deelnemer, object_type="werkaantekeningen", rol=inz.rol)
    return render(request, "deelnemers/werkaantekeningen.html", {
        "deelnemer": deelnemer, "aantekeningen": policy.werkaantekeningen_van(request.user, deelnemer),
        "form": form, "keuze": keuze,
    })


@vereist("toegangslog")
def toegangslog(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    if not policy.mag_toegangslog_zien(request.user, deelnemer):
        raise Http404
    log(request, "inzien", deelnemer=deelnemer, object_type="toegangslog", rol=inz.rol)
    form = ToegangslogFilterForm(request.GET or None)
    periode = form.cleaned_data if form.is_valid() else {}
    regels = selectors.toegangslog(request.user, deelnemer, van=periode.get("van"), tot=periode.get("tot"))
    # Capped: a busy dossier's older rows are found with the period, not by counting them all. Pages of 50
    # like the other lists: rendering the rows is most of this page's time.
    pagina = paginering.pagina(regels, PER_PAGINA, request.GET.get("pagina"))
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(request, "deelnemers/toegangslog.html", {
        "deelnemer": deelnemer, "form": form, "pagina": pagina, "regels": selectors.met_namen(pagina.object_list),
        "querystring": querystring.urlencode(),
    })
