"""The agenda and the minutes per recipient (page and PDF), sending them as a link, and the calendar.

Thin: the policy decides which meeting and which items a user sees, overleg.afdruk what of each item,
the services what is sent. Every page and every download writes one access-log line per student shown
(an anonymous case shown to a partner is no student: nothing of its identity is shown or logged)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from privacy import policy
from privacy.actor import Actor
from privacy.log import log_per_deelnemer
from privacy.toegang import vereist
from taken.models import Taak
from taken.uitvoeren import starten
from zorgstructuur.formulieren import alleen_post

from . import afdruk as afdrukken
from . import services, taken
from .models import Agendafeed, Agendapunt, Overleg

FEED_SESSIE = "zs_agendafeed_token"  # the new token, shown once on the page after the redirect


def _log(request, afdruk: afdrukken.Afdruk, actie: str, vorm: str) -> None:
    """One line for the meeting and one per student shown, in one INSERT; an anonymous case (its content is
    still about the student) marked as shown without identifying data."""
    anoniem = {p.pk for p in afdruk.anoniem_getoond}
    log_per_deelnemer(
        request, actie, [afdruk.overleg, *afdruk.getoond, *afdruk.anoniem_getoond], laag=afdruk.overleg.laag,
        omschrijving=lambda obj: f"{afdruk.soort} van het overleg ({vorm}"
                                 + ("; anoniem, zonder identificerende gegevens getoond)"
                                    if isinstance(obj, Agendapunt) and obj.pk in anoniem else ")"))


def _pdf(request, afdruk: afdrukken.Afdruk) -> HttpResponse:
    inhoud = afdrukken.pdf(afdruk)
    _log(request, afdruk, "afdrukken", "PDF")
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{afdruk.bestandsnaam}"'
    return response


def _gehouden_of_terug(request, overleg: Overleg):
    """The minutes exist once the meeting is held; before that the user (who may see the meeting) is
    sent to its agenda with a message rather than a 404, which would suggest they have no access."""
    if overleg.status == Overleg.Status.GEHOUDEN:
        return None
    messages.info(request, f"Er is nog geen verslag: dit overleg is {overleg.get_status_display().lower()}. "
                           "Hieronder staat de agenda.")
    return redirect("overleg:agenda", overleg_pk=overleg.pk)


def _pagina(request, afdruk: afdrukken.Afdruk):
    _log(request, afdruk, "inzien", "pagina")
    return render(request, "overleg/afdruk_pagina.html", {
        "afdruk": afdruk, "kan_versturen": policy.mag_agenda_bewerken(request.user, afdruk.overleg),
    })


@vereist("deelnemers")
@require_safe
def agenda(request, overleg_pk):
    overleg = policy.overleg_of_404(request, overleg_pk)
    return _pagina(request, afdrukken.agenda_voor(request.user, overleg))


@vereist("deelnemers")
@require_safe
def agenda_pdf(request, overleg_pk):
    overleg = policy.overleg_of_404(request, overleg_pk, actie="afdrukken")
    return _pdf(request, afdrukken.agenda_voor(request.user, overleg))


@vereist("deelnemers")
@require_safe
def verslag(request, overleg_pk):
    overleg = policy.overleg_of_404(request, overleg_pk)
    return _gehouden_of_terug(request, overleg) or _pagina(request, afdrukken.verslag_voor(request.user, overleg))


@vereist("deelnemers")
@require_safe
def verslag_pdf(request, overleg_pk):
    overleg = policy.overleg_of_404(request, overleg_pk, actie="afdrukken")
    return _gehouden_of_terug(request, overleg) or _pdf(request, afdrukken.verslag_voor(request.user, overleg))


@vereist("deelnemers")
def versturen(request, overleg_pk):
    overleg = policy.overleg_met_recht_of_404(request, overleg_pk, policy.mag_agenda_bewerken, actie="exporteren")
    if (niet := alleen_post(request)) is not None:
        return niet
    # Sent by a background task (overleg.taken): its page shows the progress, then leads back here.
    soort = "verslag" if overleg.status == Overleg.Status.GEHOUDEN else "agenda"
    taak = starten(taken.versturen, soort=Taak.Soort.VERSTUREN, door=Actor.uit_request(request),
                   omschrijving=f"{soort.capitalize()} versturen naar alle ontvangers", overleg_pk=overleg.pk)
    return redirect("taken:taak", taak_pk=taak.pk)


def _ics_response(tekst: str, bestandsnaam: str) -> HttpResponse:
    response = HttpResponse(tekst.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return response


@vereist("deelnemers")
@require_safe
def ics(request, overleg_pk):
    """One meeting for the user's calendar: team, time, place and the number of items they see; no student."""
    overleg = policy.overleg_of_404(request, overleg_pk)
    aantal = policy.agendapunten_voor(request.user, overleg).count()
    return _ics_response(afdrukken.ics([(overleg, aantal)], naam=overleg.team.naam),
                         f"overleg-{slugify(overleg.team.naam)}-{overleg.datum:%Y-%m-%d}.ics")


@vereist("deelnemers")
@require_http_methods(["GET", "POST"])
def feed_beheren(request):
    """The personal calendar feed: made on request (POST), its secret link shown once; renewing makes a new
    link and the old one stops working."""
    if request.method == "POST":
        nieuw = not Agendafeed.objects.filter(gebruiker=request.user).exists()
        request.session[FEED_SESSIE] = services.agendafeed_vernieuwen(door=Actor.uit_request(request))
        messages.success(request, "Uw agendalink is gemaakt." if nieuw else
                         "U heeft een nieuwe agendalink. De oude link werkt niet meer.")
        return redirect("overleg:feed_beheren")
    token = request.session.pop(FEED_SESSIE, None)
    feed = Agendafeed.objects.filter(gebruiker=request.user).first()
    url = settings.SITE_URL.rstrip("/") + reverse("overleg:feed", args=[token]) if token else ""
    return render(request, "overleg/feed.html", {"feed": feed, "url": url})


@login_not_required
@require_safe
def feed(request, token):
    """The personal feed, for a calendar program that cannot log in: the secret token in the URL is the
    only key (looked up by its hash; unknown → 404). It holds the meetings the user sees from 3 months back
    to 12 months ahead, each with team, time, place and a count — no student data."""
    agendafeed = Agendafeed.objects.filter(token_hash=afdrukken.token_hash(token)).select_related("gebruiker").first()
    if agendafeed is None or not agendafeed.gebruiker.is_active:
        raise Http404("Onbekende agendalink.")
    user = agendafeed.gebruiker
    overleggen = afdrukken.feed_overleggen(user)
    aantal = afdrukken.aantallen(user, overleggen)
    tekst = afdrukken.ics([(o, aantal.get(o.pk, 0)) for o in overleggen], naam="Zorgstructuur: overleggen")
    return _ics_response(tekst, "zorgstructuur-overleggen.ics")
