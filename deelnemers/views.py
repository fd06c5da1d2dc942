from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from privacy import policy
from privacy.log import log
from privacy.toegang import vereist
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Locatie, Opleiding

from . import services
from .forms import AantekeningKeuzeForm, DossierItemForm, ToegangslogFilterForm, WerkaantekeningForm, ZoekForm

PER_PAGINA = 50


@vereist("deelnemers")
def lijst(request):
    zichtbaar = policy.deelnemers_voor(request.user)
    form = ZoekForm(
        request.GET or None,
        opleidingen=Opleiding.objects.filter(id__in=zichtbaar.values("opleiding_id")).select_related("locatie"),
        locaties=Locatie.objects.filter(id__in=zichtbaar.values("locatie_id")),
        mentoren=get_user_model().objects.filter(id__in=zichtbaar.values("mentor_id")).order_by("last_name"),
    )
    deelnemers = zichtbaar.voor_lijst()
    zoekterm = ""
    if form.is_valid():
        data = form.cleaned_data
        status = data.get("status") or "actief"
        if status != "alle":
            deelnemers = deelnemers.filter(status=status)
        for veld in ("opleiding", "locatie", "mentor"):
            if data.get(veld):
                deelnemers = deelnemers.filter(**{f"{veld}_id": data[veld]})
        zoekterm = data.get("q", "").strip()
        deelnemers = deelnemers.zoek(zoekterm)
    else:
        deelnemers = deelnemers.actief()
    pagina = Paginator(deelnemers, PER_PAGINA).get_page(request.GET.get("pagina"))
    log(request, "zoeken" if zoekterm else "inzien", object_type="deelnemerslijst",
        omschrijving=f"deelnemerslijst pagina {pagina.number}, {pagina.paginator.count} resultaten")
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(request, "deelnemers/lijst.html",
                  {"form": form, "pagina": pagina, "querystring": querystring.urlencode()})


@vereist("deelnemers")
def dossier(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    items = Paginator(policy.dossieritems_voor(request.user, deelnemer, inz), 20).get_page(
        request.GET.get("items")
    )
    tijdlijn = Paginator(policy.gebeurtenissen_voor(request.user, deelnemer, inz), 30).get_page(
        request.GET.get("tijdlijn")
    )
    log(request, "inzien", deelnemer=deelnemer, object_type="dossier", rol=inz.rol,
        omschrijving="dossier, lagen: " + ", ".join(sorted(inz.lagen)))
    return render(request, "deelnemers/dossier.html", {
        "deelnemer": deelnemer,
        "inzage": inz,
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
                           initial={"soort": "gespreksverslag",
                                    "laag": Laag.BEGELEIDING if Laag.BEGELEIDING in lagen else lagen[0]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            item = services.dossieritem_toevoegen(
                deelnemer=deelnemer, auteur=request.user, discipline=policy.discipline_van(request.user, inz),
                soort=data["soort"], laag=data["laag"], titel=data["titel"], datum=data["datum"],
                tekst=data["tekst"], bestand=data.get("bestand"), bestandstype=getattr(form, "bestandstype", ""),
            )
            log(request, "aanmaken", deelnemer=deelnemer, obj=item, rol=inz.rol)
        messages.success(request, f"{item.get_soort_display()} is opgeslagen.")
        return redirect("deelnemers:item", pk=deelnemer.pk, item_pk=item.pk)
    log(request, "inzien", deelnemer=deelnemer, object_type="dossieritem_formulier", rol=inz.rol)
    return render(request, "deelnemers/item_form.html", {"deelnemer": deelnemer, "form": form})


@vereist("deelnemers")
def item(request, pk, item_pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    item = policy.dossieritem_of_404(request, deelnemer, inz, item_pk)
    log(request, "inzien", deelnemer=deelnemer, obj=item, rol=inz.rol)
    historie = list(item.history.select_related("history_user").order_by("-history_date")[:50])
    wijzigingen = [
        {"record": nieuw, "velden": [c.field for c in nieuw.diff_against(oud).changes] if oud else []}
        for nieuw, oud in zip(historie, historie[1:] + [None], strict=True)
    ]
    return render(request, "deelnemers/item.html", {
        "deelnemer": deelnemer, "item": item, "wijzigingen": wijzigingen,
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
        velden = {k: data[k] for k in ("soort", "laag", "datum", "titel", "tekst")}
        try:
            with transaction.atomic():
                item = services.dossieritem_wijzigen(item=item, door=request.user,
                                                     versie=data.get("versie") or 0, **velden)
                log(request, "wijzigen", deelnemer=deelnemer, obj=item, rol=inz.rol)
        except services.Conflict as fout:
            conflict = fout.actueel
            messages.error(request, "Iemand anders heeft dit item intussen gewijzigd. Uw wijziging is niet "
                                    "opgeslagen; hieronder ziet u de huidige versie. Neem uw tekst over en sla "
                                    "opnieuw op.")
        else:
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


@vereist("werkaantekeningen")
@require_http_methods(["GET", "POST"])
def werkaantekeningen(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    eigen = policy.werkaantekeningen_van(request.user, deelnemer)
    # The log says that the author opened their own notes, never what they say.
    log(request, "wijzigen" if request.method == "POST" else "inzien", deelnemer=deelnemer,
        object_type="werkaantekeningen", rol=inz.rol)
    form = WerkaantekeningForm(request.POST or None)
    if request.method == "POST":
        keuze = AantekeningKeuzeForm(request.POST)
        # An id that is not one (or not one of the user's own notes) matches nothing.
        gekozen = keuze.cleaned_data if keuze.is_valid() else {}
        if "verwijder" in request.POST:
            eigen.filter(pk=gekozen.get("verwijder") or 0).delete()
            messages.success(request, "De werkaantekening is verwijderd.")
            return redirect("deelnemers:werkaantekeningen", pk=deelnemer.pk)
        if "wijzig" in request.POST and form.is_valid():
            eigen.filter(pk=gekozen.get("wijzig") or 0).update(tekst=form.cleaned_data["tekst"],
                                                                       gewijzigd=timezone.now())
            messages.success(request, "De werkaantekening is bijgewerkt.")
            return redirect("deelnemers:werkaantekeningen", pk=deelnemer.pk)
        if form.is_valid():
            services.werkaantekening_toevoegen(auteur=request.user, deelnemer=deelnemer,
                                               tekst=form.cleaned_data["tekst"])
            messages.success(request, "De werkaantekening is opgeslagen. Alleen u kunt haar zien.")
            return redirect("deelnemers:werkaantekeningen", pk=deelnemer.pk)
    return render(request, "deelnemers/werkaantekeningen.html",
                  {"deelnemer": deelnemer, "aantekeningen": eigen, "form": form})


@vereist("toegangslog")
def toegangslog(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    if not policy.mag_toegangslog_zien(request.user, deelnemer):
        raise Http404
    log(request, "inzien", deelnemer=deelnemer, object_type="toegangslog", rol=inz.rol)
    regels = policy.toegangslog_voor(request.user, deelnemer)
    form = ToegangslogFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data.get("van"):
            regels = regels.filter(tijdstip__date__gte=form.cleaned_data["van"])
        if form.cleaned_data.get("tot"):
            regels = regels.filter(tijdstip__date__lte=form.cleaned_data["tot"])
    pagina = Paginator(regels, 100).get_page(request.GET.get("pagina"))
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(request, "deelnemers/toegangslog.html", {
        "deelnemer": deelnemer, "form": form, "pagina": pagina, "querystring": querystring.urlencode(),
    })
