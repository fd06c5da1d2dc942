"""The zorgtraject pages: the case along the ladder, starting one, and one interventieformulier per kind
of decision. Thin: the policy decides who may, the services what happens."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from privacy import policy
from privacy.actor import Actor
from privacy.log import log
from privacy.toegang import vereist
from zorgstructuur.lagen import Laag

from . import selectors, services
from .forms import FORMULIEREN, TrajectStartForm
from .formulieren import invoer_terug, naar_toestemming, toestemming_omweg, uitvoeren
from .models import Niveauwijziging, Zorgtraject


def _smw_afsluiten_url(request, deelnemer, inz, open_smw) -> str:
    """Where closing the SMW route goes: the SMW closes their own registration with outcome and satisfaction
    (aanmelding:smw_afsluiten); whoever else may close it, or a route without that registration, the
    interventieformulier."""
    if open_smw is None or Niveauwijziging.Soort.AFSLUITEN not in policy.traject_besluiten(
            request.user, deelnemer, inz, open_smw):
        return ""
    registratie = getattr(open_smw, "smw", None)  # the SMW's registration beside the route (aanmelding app)
    if registratie is not None and open_smw.casemanager_id == request.user.pk:
        return reverse("aanmelding:smw_afsluiten", args=[registratie.pk])
    return reverse("zorgtraject:besluit", args=[deelnemer.pk, Niveauwijziging.Soort.AFSLUITEN]) + "?route=smw"


@vereist("deelnemers")
def overzicht(request, pk):
    deelnemer, inz = policy.traject_of_404(request, pk)
    trajecten = selectors.trajecten_van(deelnemer)
    log(request, "inzien", deelnemer=deelnemer, object_type="zorgtraject", laag=Laag.ZORG, rol=inz.rol)
    open_ladder = next((t for t in trajecten if t.is_open and t.route == Zorgtraject.Route.LADDER), None)
    open_smw = next((t for t in trajecten if t.is_open and t.route == Zorgtraject.Route.SMW), None)
    ladder = selectors.ladder(deelnemer.instelling_id)
    return render(request, "zorgstructuur/zorgtraject.html", {
        "deelnemer": deelnemer, "inzage": inz, "trajecten": trajecten, "open_ladder": open_ladder, "ladder": ladder,
        "toestemming": selectors.geldige_toestemming(deelnemer),
        "aanmeldingen": selectors.aanmeldingen_van(deelnemer),
        "besluiten": selectors.mogelijke_besluiten(
            open_ladder, ladder, policy.traject_besluiten(request.user, deelnemer, inz, open_ladder)),
        "smw_afsluiten": _smw_afsluiten_url(request, deelnemer, inz, open_smw),
        "kan_starten": open_ladder is None and policy.mag_traject_starten(request.user, inz),
        "kan_aanmelden": policy.mag_aanmelden(request.user, inz),
    })


@vereist("deelnemers")
@require_http_methods(["GET", "POST"])
def starten(request, pk):
    deelnemer, inz = policy.traject_of_404(request, pk, actie="aanmaken", mag=policy.mag_traject_starten)
    if selectors.open_traject(deelnemer):
        messages.info(request, "Deze deelnemer heeft al een open zorgtraject.")
        return redirect("zorgtraject:overzicht", pk=deelnemer.pk)
    kan_toestemming = partial(policy.mag_toestemming_vastleggen, request.user, inz)
    if request.method == "POST" and "naar_toestemming" in request.POST and kan_toestemming():
        return naar_toestemming(request, deelnemer, "starten")
    teruggezet = invoer_terug(request, deelnemer, "starten") if request.method == "GET" else None
    form = TrajectStartForm(request.POST or None, deelnemer=deelnemer, zelf=request.user, initial=teruggezet)
    if request.method == "POST" and form.is_valid():
        door = Actor.uit_request(request, inz.rol)
        traject, _ = uitvoeren(request, form, lambda: services.traject_starten(
            deelnemer=deelnemer, door=door, **form.cleaned_data))
        if traject is not None:
            messages.success(request, f"Het zorgtraject is gestart op niveau {traject.niveau.naam}.")
            return redirect("zorgtraject:overzicht", pk=deelnemer.pk)
    log(request, "inzien", deelnemer=deelnemer, object_type="zorgtraject", laag=Laag.ZORG, rol=inz.rol,
        omschrijving="formulier zorgtraject starten")
    return render(request, "zorgstructuur/zorgtraject_form.html", {
        "deelnemer": deelnemer, "form": form, "titel": "Zorgtraject starten", "teruggezet": bool(teruggezet),
        "omweg": toestemming_omweg(form, deelnemer, kan_toestemming),
    })


@vereist("deelnemers")
@require_http_methods(["GET", "POST"])
def besluit(request, pk, soort):
    """One interventieformulier: opschalen, afschalen, extern, crisis or afsluiten (?route=smw for the
    SMW route, which only closes)."""
    route = Zorgtraject.Route.SMW if request.GET.get("route") == "smw" else Zorgtraject.Route.LADDER
    deelnemer, inz, traject = policy.traject_besluit_of_404(request, pk, route, soort)
    if traject.niveau_id and soort not in dict(selectors.mogelijke_besluiten(
            traject, selectors.ladder(deelnemer.instelling_id), {soort})):
        messages.info(request, f"{Niveauwijziging.Soort(soort).label} kan nu niet: de casus staat op "
                               f"{traject.niveau.naam}.")
        return redirect("zorgtraject:overzicht", pk=deelnemer.pk)
    naar = selectors.doel_van(traject, soort)
    Form = FORMULIEREN[soort]
    formulier = f"besluit:{soort}:{route}"  # the key of what was typed, kept during a detour to the consent page
    kan_toestemming = partial(policy.mag_toestemming_vastleggen, request.user, inz)
    if request.method == "POST" and "naar_toestemming" in request.POST and kan_toestemming():
        return naar_toestemming(request, deelnemer, formulier)
    teruggezet = invoer_terug(request, deelnemer, formulier) if request.method == "GET" else None
    form = Form(request.POST or None, traject=traject, naar=naar, initial=teruggezet)
    conflict = None
    if request.method == "POST" and form.is_valid():
        door = Actor.uit_request(request, inz.rol)
        wijziging, conflict = uitvoeren(request, form, lambda: services.WIJZIGINGEN[soort](
            traject=traject, door=door, **form.cleaned_data))
        if wijziging is not None:
            messages.success(request, f"Vastgelegd: {wijziging.get_soort_display().lower()}.")
            return redirect("zorgtraject:overzicht", pk=deelnemer.pk)
    log(request, "inzien", deelnemer=deelnemer, obj=traject, laag=Laag.ZORG, rol=inz.rol,
        omschrijving=f"interventieformulier: {Niveauwijziging.Soort(soort).label.lower()}")
    return render(request, "zorgstructuur/zorgtraject_form.html", {
        "deelnemer": deelnemer, "form": form, "traject": traject, "naar": naar, "conflict": conflict,
        "titel": f"{Niveauwijziging.Soort(soort).label} (interventieformulier)",
        "laatste": traject.wijzigingen.select_related("besloten_door").first(), "teruggezet": bool(teruggezet),
        "omweg": toestemming_omweg(form, deelnemer, kan_toestemming),
    })
