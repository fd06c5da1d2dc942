"""The meetings and their agenda: the list, planning (one meeting or a series), the meeting page with the
attendance, moving, cancelling, marking held, and the agenda builder. Thin: the policy decides who may
see or do what (404 for an id one may not see or not change), the services what happens."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import dateformat

from privacy import policy
from privacy.actor import Actor
from privacy.log import log_per_deelnemer
from privacy.toegang import vereist
from zorgstructuur.formulieren import alleen_post, uitvoeren
from zorgstructuur.models import weergavenaam

from . import selectors, services
from .forms import AanwezigheidForm, AgendapuntForm, AnnulerenForm, PlannenForm, ToevoegenForm, VerplaatsenForm
from .models import Agendapunt, Overleg

# ------------------------------------------------------------------ the list and planning

@vereist("deelnemers")
def lijst(request):
    komend, eerder = selectors.overleggen_lijst(policy.overleggen_voor(request.user),
                                                policy.agendapunten_zichtbaar(request.user))
    # The link, date and times of each row made here once (a reverse and date filters per row were most of
    # the page's rendering); dateformat is what the template's date filter uses.
    overleg_url = selectors.url_per_id("overleg:overleg")
    for o in (*komend, *eerder):
        o.voorzitternaam = weergavenaam(o.voorzitter)
        o.url, o.datum_tekst = overleg_url(o.pk), dateformat.format(o.datum, "D d-m-Y")
        o.tijden = f"{o.begintijd:%H:%M}–{o.eindtijd:%H:%M}"
    per_team = selectors.LIJST_PER_TEAM
    return render(request, "overleg/lijst.html", {
        "komend": komend, "eerder": eerder,
        "secties": [("komend", "Komende overleggen", komend, f"Per team de volgende {per_team} overleggen"),
                    ("eerder", "Eerdere overleggen", eerder, f"Per team de laatste {per_team} overleggen")],
        "kan_plannen": policy.teams_om_te_plannen(request.user).exists(),
    })


@vereist("deelnemers")
def plannen(request):
    teams = list(policy.teams_om_te_plannen(request.user))
    if not teams:
        raise PermissionDenied("Alleen de zorgcoördinator (of de taakdocent zorg voor een teamoverleg) plant "
                               "overleggen.")
    gekozen = request.GET.get("team") or str(teams[0].pk)
    team = next((t for t in teams if str(t.pk) == gekozen), None)
    if team is None:
        policy.weiger(request, "aanmaken", "team niet te plannen", object_type="team", object_id=gekozen[:64])
    form = PlannenForm(request.POST or None, leden=selectors.interne_leden(team))
    if request.method == "POST" and form.is_valid():
        door = Actor.uit_request(request)
        reeks = form.cleaned_data["soort"] == PlannenForm.REEKS
        service = services.reeks_aanmaken if reeks else services.overleg_plannen
        gepland, _ = uitvoeren(request, form, lambda: service(team=team, door=door, **form.voor_service()))
        if gepland is not None and reeks:
            messages.success(request, f"Reeks gepland: {gepland.overleggen.count()} overleggen van {team.naam}.")
            return redirect("overleg:lijst")
        if gepland is not None:
            messages.success(request, f"Overleg van {team.naam} gepland op {gepland.datum:%d-%m-%Y}.")
            return redirect("overleg:overleg", overleg_pk=gepland.pk)
    return render(request, "overleg/plannen.html", {"form": form, "team": team, "teams": teams})


# ------------------------------------------------------------------ the meeting

def _overleg_context(request, overleg, *, aanwezigheid_form=None, annuleren_form=None) -> dict:
    zichtbaar, intern = policy.agenda_en_intern(request.user, overleg)
    # The level of the case is short case information for the school's own people. Seen whole, this is the
    # whole agenda: the anonymous letters come from it, no query.
    zichtbaar = selectors.agendatabel(zichtbaar, niveau=intern)
    punten = selectors.voor_weergave(zichtbaar, selectors.anonieme_letters(overleg, zichtbaar if intern else None))
    log_per_deelnemer(request, "inzien", punten, laag=overleg.laag, omschrijving="overleg: agenda")
    bewerken = policy.mag_agenda_bewerken(request.user, overleg)
    vastleggen = policy.mag_agendapunt_vastleggen(request.user, overleg)
    gepland = overleg.status == Overleg.Status.GEPLAND
    aanwezigheden = selectors.aanwezigheden(overleg) if intern else []
    if vastleggen and overleg.status != Overleg.Status.GEANNULEERD and aanwezigheid_form is None:
        aanwezigheid_form = AanwezigheidForm(aanwezigheden=aanwezigheden)
    return {
        "overleg": overleg, "punten": punten, "intern": intern, "aanwezigheden": aanwezigheden,
        "minuten": sum(p.minuten for p in punten), "bewerken": bewerken and gepland,
        "aanwezigheid_form": aanwezigheid_form if vastleggen else None,
        "annuleren_form": (annuleren_form or AnnulerenForm()) if bewerken and gepland else None,
    }


@vereist("deelnemers")
def overleg(request, overleg_pk):
    gezien = policy.overleg_of_404(request, overleg_pk)
    return render(request, "overleg/overleg.html", _overleg_context(request, gezien))


@vereist("deelnemers")
def wijzigen(request, overleg_pk):
    gezien = policy.overleg_met_recht_of_404(request, overleg_pk, policy.mag_agenda_bewerken)
    form = VerplaatsenForm(request.POST or None, initial={
        "datum": gezien.datum, "begintijd": gezien.begintijd, "eindtijd": gezien.eindtijd, "plaats": gezien.plaats})
    if request.method == "POST" and form.is_valid():
        verplaatst, _ = uitvoeren(request, form, lambda: services.overleg_verplaatsen(
            overleg=gezien, door=Actor.uit_request(request), **form.cleaned_data))
        if verplaatst is not None:
            messages.success(request, f"Het overleg is verplaatst naar {verplaatst.datum:%d-%m-%Y} "
                                      f"{verplaatst.begintijd:%H:%M}.")
            return redirect("overleg:overleg", overleg_pk=gezien.pk)
    return render(request, "overleg/overleg_wijzigen.html", {"overleg": gezien, "form": form})


def _actie_op_overleg(request, overleg, form, handeling, gelukt: str):
    """Run one service on the meeting: back to the meeting page, or the page again with the refusal."""
    if form.is_valid():
        resultaat, _ = uitvoeren(request, form, handeling)
        if resultaat is not None:
            messages.success(request, gelukt)
            return redirect("overleg:overleg", overleg_pk=overleg.pk)
    messages.error(request, " ".join(form.non_field_errors()) or "Dit kon niet; zie de melding hieronder.")
    return render(request, "overleg/overleg.html", _overleg_context(
        request, overleg, annuleren_form=form if isinstance(form, AnnulerenForm) else None,
        aanwezigheid_form=form if isinstance(form, AanwezigheidForm) else None))


@vereist("deelnemers")
def annuleren(request, overleg_pk):
    gezien = policy.overleg_met_recht_of_404(request, overleg_pk, policy.mag_agenda_bewerken)
    if (niet := alleen_post(request)) is not None:
        return niet
    form = AnnulerenForm(request.POST)
    return _actie_op_overleg(request, gezien, form, lambda: services.overleg_annuleren(
        overleg=gezien, door=Actor.uit_request(request), reden=form.cleaned_data["reden"]),
        "Het overleg is geannuleerd; de agendapunten schuiven door naar het volgende overleg.")


@vereist("deelnemers")
def gehouden(request, overleg_pk):
    gezien = policy.overleg_met_recht_of_404(request, overleg_pk, policy.mag_agenda_bewerken)
    if (niet := alleen_post(request)) is not None:
        return niet
    return _actie_op_overleg(request, gezien, forms.Form(request.POST), lambda: services.overleg_gehouden(
        overleg=gezien, door=Actor.uit_request(request)), "Het overleg is als gehouden vastgelegd.")


@vereist("deelnemers")
def aanwezigheid(request, overleg_pk):
    gezien = policy.overleg_met_recht_of_404(request, overleg_pk, policy.mag_agendapunt_vastleggen)
    if (niet := alleen_post(request)) is not None:
        return niet
    form = AanwezigheidForm(request.POST, aanwezigheden=selectors.aanwezigheden(gezien))
    door = Actor.uit_request(request)

    @transaction.atomic
    def vastleggen():  # all or nothing: one refused row leaves the list as it was
        for gebruiker, status in form.wijzigingen():
            services.aanwezigheid_vastleggen(overleg=gezien, door=door, gebruiker=gebruiker, status=status)
        return True

    return _actie_op_overleg(request, gezien, form, vastleggen, "De aanwezigheid is vastgelegd.")


# ------------------------------------------------------------------ the agenda builder

def _bouwer(request, overleg, *, toevoegen=None, punt_form=None, conflict=None):
    """The agenda builder page: the candidates with their reasons and the current agenda with a form per item.
    `toevoegen` / `punt_form`: a bound form that was refused, shown in place with its errors."""
    leden = selectors.interne_leden(overleg.team)
    kandidaten = selectors.kandidaten(overleg)
    agenda = selectors.agenda(overleg, acties=False)
    punten = selectors.voor_weergave(agenda, selectors.anonieme_letters(overleg, agenda))
    alleen_anoniem = selectors.zonder_zat_toestemming(
        overleg, [k.deelnemer.pk for k in kandidaten] + [p.deelnemer_id for p in punten])
    for kandidaat in kandidaten:
        kandidaat.alleen_anoniem = kandidaat.deelnemer.pk in alleen_anoniem
        kandidaat.reden_labels = [Agendapunt.Reden(r).label for r in kandidaat.redenen]
        auto_id = f"id_kandidaat{kandidaat.deelnemer.pk}_%s"  # one form per candidate: unique ids for the labels
        if toevoegen is not None and toevoegen.data.get("deelnemer") == str(kandidaat.deelnemer.pk):
            kandidaat.form = toevoegen
            toevoegen.auto_id = auto_id
        else:  # unbound, cheap: the template writes it as plain HTML from its initial
            kandidaat.form = ToevoegenForm(auto_id=auto_id, initial={
                "deelnemer": kandidaat.deelnemer.pk,
                "anoniem": kandidaat.alleen_anoniem or kandidaat.anoniem_gewenst})
    wijzigen_url = selectors.url_per_id("overleg:agendapunt_wijzigen")
    verwijderen_url = selectors.url_per_id("overleg:agendapunt_verwijderen")
    for punt in punten:
        punt.wijzigen_url, punt.verwijderen_url = wijzigen_url(punt.pk), verwijderen_url(punt.pk)
        punt.alleen_anoniem = punt.deelnemer_id in alleen_anoniem
        eigen = punt_form is not None and punt_form.prefix == f"punt{punt.pk}"
        punt.form = punt_form if eigen else None  # None: plain HTML from the item and the members below
        punt.inbrengers = AgendapuntForm.inbrengers(leden, punt)
    log_per_deelnemer(request, "inzien", [*punten, *(k.deelnemer for k in kandidaten)], laag=overleg.laag,
                      omschrijving="agenda bewerken")
    totaal = sum(p.minuten for p in punten)
    lengte = int((overleg.einde - overleg.begin).total_seconds() // 60)
    return render(request, "overleg/agenda_bewerken.html", {
        "overleg": overleg, "kandidaten": kandidaten, "punten": punten, "conflict": conflict,
        "totaal": totaal, "lengte": lengte, "te_lang": totaal > lengte,
        "gepland": overleg.status == Overleg.Status.GEPLAND,
        "toevoegvelden": ToevoegenForm.base_fields, "puntvelden": AgendapuntForm(leden=[]).fields,
    })


@vereist("deelnemers")
def agenda_bewerken(request, overleg_pk):
    gezien = policy.overleg_met_recht_of_404(request, overleg_pk, policy.mag_agenda_bewerken)
    if request.method != "POST":
        return _bouwer(request, gezien)
    form = ToevoegenForm(request.POST)
    if form.is_valid():
        kandidaat = next((k for k in selectors.kandidaten(gezien)
                          if k.deelnemer.pk == form.cleaned_data["deelnemer"]), None)
        if kandidaat is None:
            form.add_error(None, "Deze deelnemer is geen kandidaat (meer) voor dit overleg.")
        else:
            punt, _ = uitvoeren(request, form, lambda: services.agendapunt_toevoegen(
                overleg=gezien, door=Actor.uit_request(request), deelnemer=kandidaat.deelnemer,
                reden=kandidaat.reden, aanmelding=kandidaat.aanmelding, minuten=form.cleaned_data["minuten"],
                anoniem=form.cleaned_data["anoniem"]))
            if punt is not None:
                messages.success(request, f"Op de agenda: {kandidaat.deelnemer.naam} "
                                          f"({punt.get_reden_display().lower()}).")
                return redirect("overleg:agenda_bewerken", overleg_pk=gezien.pk)
    messages.error(request, "Niet op de agenda gezet; zie de melding bij de kandidaat.")
    return _bouwer(request, gezien, toevoegen=form)


def _punt_bewerken_of_404(request, agendapunt_pk):
    return policy.agendapunt_of_404(request, agendapunt_pk, actie="wijzigen",
                                    mag=lambda user, punt: policy.mag_agenda_bewerken(user, punt.overleg))


@vereist("deelnemers")
def agendapunt_wijzigen(request, agendapunt_pk):
    punt = _punt_bewerken_of_404(request, agendapunt_pk)
    if (niet := alleen_post(request)) is not None:
        return niet
    form = AgendapuntForm(request.POST, leden=selectors.interne_leden(punt.overleg.team), punt=punt)
    conflict = None
    if form.is_valid():
        d = form.cleaned_data
        gewijzigd, conflict = uitvoeren(request, form, lambda: services.agendapunt_wijzigen(
            agendapunt=punt, door=Actor.uit_request(request), versie=d["versie"], volgorde=d["volgorde"],
            minuten=d["minuten"], inbrenger=d["inbrenger"], anoniem=d["anoniem"]))
        if gewijzigd is not None:
            messages.success(request, "Het agendapunt is bijgewerkt.")
            return redirect("overleg:agenda_bewerken", overleg_pk=punt.overleg_id)
    if conflict is None:
        messages.error(request, " ".join(form.non_field_errors()) or "Het agendapunt is niet bijgewerkt; zie de "
                                                                       "melding bij het punt.")
    return _bouwer(request, punt.overleg, punt_form=form, conflict=conflict)


@vereist("deelnemers")
def agendapunt_verwijderen(request, agendapunt_pk):
    punt = _punt_bewerken_of_404(request, agendapunt_pk)
    if (niet := alleen_post(request)) is not None:
        return niet
    try:
        versie = int(request.POST.get("versie", ""))
    except ValueError:
        versie = -1  # an unreadable version can only be an old one: the service answers Conflict
    form = forms.Form(request.POST)
    _, conflict = uitvoeren(request, form, lambda: services.agendapunt_verwijderen(
        agendapunt=punt, door=Actor.uit_request(request), versie=versie))
    if conflict is None and not form.errors:
        messages.success(request, "Het agendapunt is van de agenda gehaald; de deelnemer is weer kandidaat.")
        return redirect("overleg:agenda_bewerken", overleg_pk=punt.overleg_id)
    for fout in form.non_field_errors():
        messages.error(request, fout)
    return _bouwer(request, punt.overleg, conflict=conflict)

