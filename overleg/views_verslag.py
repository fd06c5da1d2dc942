"""One item at the meeting: the case on the agenda, the previous discussion at an evaluation, the record
(verslag), the plan van aanpak, the level decision and the handelingsadvies (issue 10 points 6, 8, 9).
Thin: the policy decides who sees and records what, the services in overleg.services what happens."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from privacy import policy
from privacy.actor import Actor
from privacy.log import log
from privacy.toegang import vereist
from zorgstructuur import selectors as zorg
from zorgstructuur.formulieren import alleen_post, invoer_terug, naar_toestemming, toestemming_omweg, uitvoeren

from . import selectors, services, views_partners
from .forms_verslag import ActieForm, NiveaubesluitForm, VerslagForm
from .models import Agendapunt, Overleg


def _rol(request, punt: Agendapunt) -> str:
    """The role the access log names: how this user takes part in the meeting."""
    overleg = punt.overleg
    if punt.zs_extern:
        return "uitgenodigde partner"
    if overleg.voorzitter_id == request.user.pk:
        return f"voorzitter {overleg.team.naam}"
    if overleg.notulist_id == request.user.pk:
        return f"notulist {overleg.team.naam}"
    return f"{Actor.uit_request(request).rol}, {overleg.team.naam}"


def _formulier(punt: Agendapunt) -> str:
    """The key under which a level decision waits in the session during a detour to the consent page."""
    return f"agendapunt:{punt.pk}:niveau"


def _kan_toestemming(request, punt: Agendapunt):
    """Whether this user may record the consent themselves (asked only when the detour is offered)."""
    return lambda: policy.mag_toestemming_vastleggen(request.user, policy.inzage(request.user, punt.deelnemer))


def _pagina(request, punt: Agendapunt, *, verslag_form=None, actie_form=None, niveau_form=None, conflict=None,
            teruggezet=False, kan_vastleggen=None):
    overleg, deelnemer = punt.overleg, punt.deelnemer
    extern = punt.zs_extern
    if kan_vastleggen is None:
        kan_vastleggen = policy.mag_verslag_vastleggen(request.user, punt)
    # The previous plan and the level belong to the school's own care layers: not for an invited partner.
    vorige = None if extern else selectors.vorige_bespreking(punt)
    traject = None if extern else zorg.open_traject(deelnemer)
    evaluatie = punt.reden == Agendapunt.Reden.EVALUATIE or vorige is not None
    # The record and the level decision are written on or after the meeting's day (the services say so too);
    # the plan can be prepared before. A cancelled meeting records nothing.
    geannuleerd = overleg.status == Overleg.Status.GEANNULEERD
    verslag_open = kan_vastleggen and not geannuleerd and overleg.datum <= timezone.localdate()
    if verslag_open:
        verslag_form = verslag_form or VerslagForm(agendapunt=punt, evaluatie=evaluatie)
        if not punt.niveauwijziging_id:
            niveau_form = niveau_form or NiveaubesluitForm(agendapunt=punt, traject=traject)
    if kan_vastleggen and not geannuleerd:
        actie_form = actie_form or ActieForm(agendapunt=punt)
    # The way to the consent page, when escalating to the ZAT was just refused for lack of it.
    omweg = None
    if niveau_form is not None and niveau_form.is_bound:
        omweg = toestemming_omweg(niveau_form, deelnemer, _kan_toestemming(request, punt))
        omweg = omweg if omweg and omweg["geweigerd"] else None
    verborgen = bool(extern and punt.anoniem)
    log(request, "inzien", obj=punt, deelnemer=deelnemer, laag=overleg.laag, rol=_rol(request, punt),
        omschrijving="agendapunt" + (" (anoniem, zonder identificerende gegevens)" if verborgen else ""))
    context = {
        "punt": punt, "overleg": overleg, "deelnemer": deelnemer, "extern": extern, "verborgen": verborgen,
        "casus": f"Casus {selectors.anonieme_letters(overleg).get(punt.pk, '')} (anoniem)" if verborgen else "",
        "leeftijdsband": selectors.leeftijdsgroep(deelnemer.leeftijd()) if verborgen else "",
        "vraag": policy.vraag_aan_overleg(punt),
        "traject": traject, "vorige": vorige, "evaluatie": evaluatie,
        "acties": selectors.acties_van(punt, vorige),
        "kan_vastleggen": kan_vastleggen, "verslag_open": verslag_open, "verslag_form": verslag_form,
        "actie_form": actie_form, "niveau_form": niveau_form, "conflict": conflict, "omweg": omweg,
        "teruggezet": teruggezet,
        **views_partners.paneel_context(request, punt),
    }
    return render(request, "overleg/agendapunt.html", context)


@vereist("deelnemers")
@require_http_methods(["GET", "POST"])
def agendapunt(request, agendapunt_pk):
    if request.method == "GET":
        punt = policy.agendapunt_of_404(request, agendapunt_pk)
        # Back from recording consent: the level decision as it was typed.
        kan = policy.mag_verslag_vastleggen(request.user, punt)
        teruggezet = invoer_terug(request, punt.deelnemer, _formulier(punt)) if kan else None
        if teruggezet:
            traject = zorg.open_traject(punt.deelnemer)
            initial = {naam.removeprefix("niveau-"): waarde for naam, waarde in teruggezet.items()
                       if naam.startswith("niveau-")}
            return _pagina(request, punt, niveau_form=NiveaubesluitForm(agendapunt=punt, traject=traject,
                                                                        initial=initial),
                           teruggezet=True, kan_vastleggen=kan)
        return _pagina(request, punt, kan_vastleggen=kan)
    punt = policy.agendapunt_of_404(request, agendapunt_pk, actie="wijzigen", mag=policy.mag_verslag_vastleggen)
    door = Actor.uit_request(request, _rol(request, punt))
    if request.POST.get("handeling") == "niveau":
        if "naar_toestemming" in request.POST and _kan_toestemming(request, punt)():
            return naar_toestemming(request, punt.deelnemer, _formulier(punt))
        traject = zorg.open_traject(punt.deelnemer)
        form = NiveaubesluitForm(request.POST, agendapunt=punt, traject=traject)
        if form.is_valid():
            gegevens = form.gegevens()
            resultaat, conflict = uitvoeren(request, form, lambda: services.niveaubesluit_vastleggen(
                agendapunt=punt, door=door, **gegevens))
            if resultaat is not None:
                messages.success(request, f"Niveaubesluit vastgelegd: {resultaat.get_niveaubesluit_display().lower()}.")
                return redirect("overleg:agendapunt", agendapunt_pk=punt.pk)
            return _pagina(request, punt, niveau_form=form, conflict=conflict)
        return _pagina(request, punt, niveau_form=form)

    besproken = request.POST.get("handeling") != "doorschuiven"
    evaluatie = punt.reden == Agendapunt.Reden.EVALUATIE or selectors.vorige_bespreking(punt) is not None
    form = VerslagForm(request.POST, agendapunt=punt, evaluatie=evaluatie)
    conflict = None
    if form.is_valid():
        resultaat, conflict = uitvoeren(request, form, lambda: services.agendapunt_vastleggen(
            agendapunt=punt, door=door, versie=form.cleaned_data["versie"], besproken=besproken, **form.gegevens()))
        if resultaat is not None:
            messages.success(request, "De bespreking is vastgelegd." if besproken else
                             "Niet behandeld: het punt schuift door naar het volgende overleg.")
            return redirect("overleg:agendapunt", agendapunt_pk=punt.pk)
    return _pagina(request, punt, verslag_form=form, conflict=conflict)


@vereist("deelnemers")
def actie_toevoegen(request, agendapunt_pk):
    punt = policy.agendapunt_of_404(request, agendapunt_pk, actie="aanmaken", mag=policy.mag_verslag_vastleggen)
    if (niet := alleen_post(request)) is not None:
        return niet
    form = ActieForm(request.POST, agendapunt=punt)
    if form.is_valid():
        door = Actor.uit_request(request, _rol(request, punt))
        actie, _ = uitvoeren(request, form, lambda: services.actie_toevoegen(agendapunt=punt, door=door,
                                                                              **form.cleaned_data))
        if actie is not None:
            messages.success(request, "De actie staat in het plan van aanpak.")
            return redirect(reverse("overleg:agendapunt", args=[punt.pk]) + "#plan")
    return _pagina(request, punt, actie_form=form)
