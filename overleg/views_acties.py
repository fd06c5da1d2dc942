"""Actions of the plans van aanpak and the aftercare of ZAT cases (issue 10 points 7 and 10). Thin: the
policy decides who sees and may do what, the services write, the selectors fetch.

The overview of open actions is for everyone with actions: the zorgcoördinator sees all open actions of
the teams that serve their locaties, per team and meeting; anyone else sees their own open actions there
(the full list behind Mijn acties on Mijn werk, which shows only the first ten). A 403 for them would hide
their own work for no privacy gain: the list shows nothing they cannot already see on Mijn werk."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from privacy import policy
from privacy.actor import Actor
from privacy.log import log, log_per_deelnemer
from privacy.toegang import vereist
from zorgstructuur.formulieren import alleen_post, uitvoeren, veilig_terug
from zorgstructuur.lagen import Laag

from . import selectors, services
from .forms_acties import ActieAfrondenForm, ActiesFilterForm, NazorgForm
from .models import Nazorg

PER_PAGINA = 50


@vereist("deelnemers")
def acties(request):
    teams = list(policy.zc_teams(request.user))
    form = ActiesFilterForm(request.GET or None, teams=teams)
    lijst = policy.open_acties(request.user)
    if teams:
        lijst = lijst.filter(agendapunt__overleg__team__in=[t.pk for t in teams]).order_by(
            "agendapunt__overleg__team__naam", "agendapunt__overleg__team_id", "agendapunt__overleg__datum",
            "agendapunt__overleg_id", "deadline", "id")
    else:
        lijst = lijst.filter(eigenaar_id=request.user.pk).order_by("deadline", "id")
    if form.is_valid():
        if form.cleaned_data["team"]:
            lijst = lijst.filter(agendapunt__overleg__team_id=form.cleaned_data["team"])
        if form.cleaned_data["te_laat"]:
            lijst = lijst.filter(deadline__lt=timezone.localdate())
    pagina = Paginator(lijst, PER_PAGINA).get_page(request.GET.get("pagina"))
    getoond = list(pagina.object_list)
    selectors.acties_tonen(getoond)
    selectors.acties_loggen(request, getoond, "open actie in het overzicht")
    # Per meeting for the zorgcoördinator (in team order); one list by deadline for anyone else.
    groepen = []
    for actie in getoond:
        overleg = actie.agendapunt.overleg if teams else None
        if not groepen or groepen[-1]["overleg"] != overleg:
            groepen.append({"overleg": overleg, "acties": []})
        groepen[-1]["acties"].append(actie)
    filters = {k: v for k, v in request.GET.items() if k != "pagina"}
    return render(request, "overleg/acties.html", {
        "form": form, "per_team": bool(teams), "groepen": groepen, "pagina": pagina,
        "querystring": urlencode(filters), "terug": request.get_full_path(),
    })


@vereist("deelnemers")
def actie_afronden(request, actie_pk):
    actie = policy.actie_of_404(request, actie_pk, mag=policy.mag_actie_afronden)
    if (niet := alleen_post(request)) is not None:
        return niet
    terug = veilig_terug(request) or reverse("mijn_werk")
    form = ActieAfrondenForm(request.POST)
    if form.is_valid():
        door = Actor.uit_request(request)
        afgerond, _ = uitvoeren(request, form, lambda: services.actie_afronden(actie=actie, door=door,
                                                                                **form.cleaned_data))
        if afgerond is not None:
            messages.success(request, f"De actie \u201c{afgerond.omschrijving}\u201d is "
                                      f"{afgerond.get_status_display().lower()}.")
            return redirect(terug)
    # A short inline form: its errors go back as one message (the list it came from is shown again).
    fouten = [fout for lijst in form.errors.values() for fout in lijst]
    messages.error(request, "De actie is niet afgerond: " + " ".join(fouten))
    return redirect(terug)


def _alleen_voor_de_zorgcoordinator(request) -> None:
    """Aftercare is a section of the zorgcoördinator: anyone else gets 403, before any id is looked up."""
    if not policy.doet_nazorg(request.user):
        raise PermissionDenied("De nazorg is een taak van de zorgcoördinator.")


@vereist("deelnemers")
def nazorg(request):
    _alleen_voor_de_zorgcoordinator(request)
    lijst, locaties = selectors.nazorg_lijst(policy.nazorg_locaties(request.user))
    pagina = Paginator(lijst, PER_PAGINA).get_page(request.GET.get("pagina"))
    taken = list(pagina.object_list)
    selectors.nazorg_tonen(taken, locaties=locaties)
    if taken:
        log_per_deelnemer(request, "inzien", [t.zorgtraject for t in taken], laag=Laag.ZAT,
                          omschrijving="nazorgtaak in de lijst")
    return render(request, "overleg/nazorg.html", {"taken": taken, "pagina": pagina})


@vereist("deelnemers")
@require_http_methods(["GET", "POST"])
def nazorg_vastleggen(request, traject_pk):
    _alleen_voor_de_zorgcoordinator(request)
    traject = policy.nazorg_traject_of_404(request, traject_pk,
                                           actie="aanmaken" if request.method == "POST" else "inzien")
    deelnemer = traject.deelnemer
    vastgelegd = (Nazorg.objects.filter(zorgtraject=traject, vastgelegd_op__isnull=False)
                  .select_related("vastgelegd_door", "agendapunt__overleg__team").first())
    besluit = selectors.nazorgbesluit(traject)
    if vastgelegd is None and besluit is None:
        messages.info(request, "Deze casus is niet vanuit het ZAT afgesloten of overgedragen aan extern; er is geen "
                               "nazorg voor.")
        return redirect("overleg:nazorg")
    form = None if vastgelegd else NazorgForm(request.POST or None)
    if form is not None and request.method == "POST" and form.is_valid():
        door = Actor.uit_request(request)
        gedaan, _ = uitvoeren(request, form, lambda: services.nazorg_vastleggen(
            traject=traject, door=door, **form.cleaned_data))
        if gedaan is not None:
            tekst = f"De nazorg van {deelnemer.naam} is vastgelegd."
            if gedaan.agendapunt_id:
                punt, overleg = gedaan.agendapunt, gedaan.agendapunt.overleg
                hoe = "anoniem (geen geldige toestemming) " if punt.anoniem else ""
                tekst += f" De casus staat {hoe}op de agenda van {overleg.team.naam} op {overleg.datum:%d-%m-%Y}."
            messages.success(request, tekst)
            return redirect("overleg:nazorg")
    if besluit is not None:
        selectors.nazorg_tonen([besluit])
    log(request, "inzien", deelnemer=deelnemer, obj=traject, laag=Laag.ZAT, omschrijving="nazorg")
    return render(request, "overleg/nazorg_form.html", {
        "deelnemer": deelnemer, "traject": traject, "besluit": besluit, "vastgelegd": vastgelegd, "form": form,
        "volgend_zat": selectors.volgend_zat(deelnemer) if form is not None else None,
        "aanmelding": selectors.aanmelding_van(traject) if form is not None else None,
    })
