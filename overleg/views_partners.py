"""Partners op afroep: per item of a ZAT the chair or the zorgcoördinator invites external partners of the
sociale kaart, and withdraws an invitation. The item page (views_verslag) shows the panel with
`paneel_context`; inviting and withdrawing post here and return to that page. Thin: the policy decides who
may, overleg.services what happens (the grant, its end date, the consent rule)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from privacy import policy
from privacy.actor import Actor
from privacy.toegang import vereist
from zorgstructuur.formulieren import alleen_post
from zorgstructuur.models import Team, weergavenaam

from . import services
from .forms_partners import UitnodigingForm
from .models import Overleg, Uitnodiging
from .selectors import partnerleden, toestemming_partners


def _stand(u: Uitnodiging, met_toestemming: set[int], vandaag) -> str:
    """Whether the invitation opens the case now, and if not why (the policy's rules, in words)."""
    if u.geldig_tot < vandaag:
        return f"Verlopen op {u.geldig_tot:%d-%m-%Y}."
    if u.agendapunt.anoniem:
        return f"Anoniem besproken: ziet het punt zonder identificerende gegevens tot {u.geldig_tot:%d-%m-%Y}; " \
               "geen toegang tot het dossier."
    if u.toegang is None:
        return "Geen toegang tot het dossier: uitgenodigd toen het punt anoniem was. Trek in en nodig opnieuw uit."
    if u.organisatie_id not in met_toestemming:
        return f"Geen toegang: de toestemming voor het ZAT noemt {u.organisatie.naam} niet (meer)."
    if u.toegang.geldig_tot < vandaag:
        return "Geen toegang: de toegang tot het dossier is beëindigd."
    return f"Toegang tot het dossier tot en met {u.toegang.geldig_tot:%d-%m-%Y}."


def _keuzes(leden, uitgenodigd: set[int], met_toestemming: set[int], anoniem: bool):
    """(user id, label) per partner not yet invited, saying whether the consent names their organisation."""
    gezien = set()
    for lid in leden:
        if lid.gebruiker_id in uitgenodigd or lid.gebruiker_id in gezien:
            continue
        gezien.add(lid.gebruiker_id)
        if anoniem:
            stand = "anoniem: geen toegang tot het dossier"
        elif lid.organisatie_id in met_toestemming:
            stand = "toestemming noemt deze organisatie"
        else:
            stand = "toestemming noemt deze organisatie niet"
        yield lid.gebruiker_id, f"{weergavenaam(lid.gebruiker)} — {lid.organisatie.naam} ({stand})"


def paneel_context(request, agendapunt, form=None) -> dict:
    """The invitations panel of an item page (overleg/_uitnodigingen.html): the current invitations with how
    far they reach, and for who may invite the choice of partners. Only for who sees the meeting whole, and
    only on a ZAT. Bounded: the invitations, the consent and (to invite) the partners, one query each."""
    overleg = agendapunt.overleg
    extern = getattr(agendapunt, "zs_extern", None)
    if extern is None:
        extern = not policy.is_intern_bij(request.user, overleg)
    if extern or overleg.team.soort != Team.Soort.ZAT:
        return {"uitnodigingen_tonen": False}
    vandaag = timezone.localdate()
    uitnodigingen = list(agendapunt.uitnodigingen.select_related("partner", "organisatie", "toegang")
                         .order_by("organisatie__naam", "partner__last_name", "id"))
    met_toestemming = set() if agendapunt.anoniem else toestemming_partners(agendapunt.deelnemer_id)
    for u in uitnodigingen:
        u.agendapunt = agendapunt  # already loaded: no query per invitation
        u.stand = _stand(u, met_toestemming, vandaag)
        u.partnernaam = weergavenaam(u.partner)
    mag_bewerken = policy.mag_partner_uitnodigen(request.user, agendapunt)
    kan_uitnodigen = (mag_bewerken and overleg.status != Overleg.Status.GEANNULEERD
                      and services.toegang_tot(overleg) >= vandaag)
    if kan_uitnodigen and form is None:
        keuzes = _keuzes(partnerleden(overleg.team.instelling_id), {u.partner_id for u in uitnodigingen},
                         met_toestemming, agendapunt.anoniem)
        form = UitnodigingForm(keuzes=keuzes, auto_id="id_uitnodiging_%s")
    return {
        "uitnodigingen_tonen": True,
        "uitnodigingen": uitnodigingen,
        "uitnodiging_form": form if kan_uitnodigen else None,
        "uitnodiging_intrekbaar": mag_bewerken,
        "uitnodiging_tot": services.toegang_tot(overleg),
        "uitnodiging_punt": agendapunt,
    }


def _terug(punt_pk):
    return redirect(reverse("overleg:agendapunt", args=[punt_pk]) + "#uitnodigingen")


def _fouten(request, fout: ValidationError) -> None:
    for tekst in fout.messages:
        messages.error(request, tekst)


@vereist("deelnemers")
def uitnodigen(request, agendapunt_pk):
    punt = policy.agendapunt_of_404(request, agendapunt_pk, actie="aanmaken", mag=policy.mag_partner_uitnodigen)
    if (niet := alleen_post(request)) is not None:  # after the lookup: whoever may not, sees 404
        return niet
    leden = partnerleden(punt.overleg.team.instelling_id)
    form = UitnodigingForm(request.POST, keuzes=[(lid.gebruiker_id, "") for lid in leden])
    if not form.is_valid():
        _fouten(request, ValidationError([e for lijst in form.errors.values() for e in lijst]))
        return _terug(punt.pk)
    partner = next(lid.gebruiker for lid in leden if lid.gebruiker_id == form.cleaned_data["partner"])
    try:
        uitnodiging = services.partner_uitnodigen(agendapunt=punt, door=Actor.uit_request(request), partner=partner)
    except ValidationError as fout:
        _fouten(request, fout)
    else:
        messages.success(request, f"{weergavenaam(partner)} ({uitnodiging.organisatie.naam}) is uitgenodigd tot en met "
                                  f"{uitnodiging.geldig_tot:%d-%m-%Y}.")
    return _terug(punt.pk)


@vereist("deelnemers")
def intrekken(request, uitnodiging_pk):
    uitnodiging = policy.uitnodiging_of_404(request, uitnodiging_pk)
    if (niet := alleen_post(request)) is not None:
        return niet
    try:
        services.uitnodiging_intrekken(uitnodiging=uitnodiging, door=Actor.uit_request(request))
    except ValidationError as fout:
        _fouten(request, fout)
    else:
        messages.success(request, f"De uitnodiging van {weergavenaam(uitnodiging.partner)} is ingetrokken; de "
                                  "toegang is vandaag beëindigd.")
    return _terug(uitnodiging.agendapunt_id)
