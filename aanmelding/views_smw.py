"""Schoolmaatschappelijk werk: the caseload, a client's state of affairs with contacts and time, a walk-in,
closure with satisfaction, and the referrer's satisfaction question. Thin: the policy decides who may,
aanmelding.services_smw what happens."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, Q, Sum
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from privacy import policy
from privacy.actor import Actor
from privacy.log import log, log_per_deelnemer
from privacy.models import Toegangslog
from privacy.toegang import vereist
from zorgstructuur.formulieren import uitvoeren
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Zorgtraject

from . import services_smw
from .forms_smw import AfsluitenForm, ContactForm, EigenAanmeldingForm, TevredenheidForm

PER_PAGINA = 50


@vereist("smw")
def caseload(request):
    """Open clients (or, with ?status=afgesloten, closed ones) with start, last contact and total time."""
    afgesloten = request.GET.get("status") == "afgesloten"
    open_q = Q(afgesloten_op__isnull=True, zorgtraject__status=Zorgtraject.Status.OPEN)
    lijst = (policy.smw_trajecten_voor(request.user).filter(~open_q if afgesloten else open_q)
             .select_related("deelnemer", "deelnemer__locatie", "zorgtraject__casemanager")
             .annotate(laatste_contact=Max("contacten__datum"), totaal=Sum("contacten__minuten"))
             .order_by("-afgesloten_op" if afgesloten else "gestart", "pk"))
    pagina = Paginator(lijst, PER_PAGINA).get_page(request.GET.get("pagina"))
    if pagina.object_list:
        log_per_deelnemer(request, "inzien", pagina.object_list, laag=Laag.ZORG, omschrijving="SMW-caseload")
    return render(request, "aanmelding/smw_caseload.html", {
        "pagina": pagina, "afgesloten": afgesloten, "querystring": "status=afgesloten" if afgesloten else "",
        "kan_eigen_aanmelding": policy.mag_eigen_aanmelding(request.user)})


@vereist("smw")
def client(request, smw_pk):
    """The SMW's state of affairs for one client: for the casemanager and the zorgcoördinator only. A
    report is shown to who may read its dossier entry (vertrouwelijk: discipline SMW)."""
    traject = policy.smw_traject_of_404(request, smw_pk)
    contacten = list(traject.contacten.select_related("soort", "aard", "medewerker", "verslag"))
    inz = policy.inzage(request.user, traject.deelnemer)
    for c in contacten:
        c.leesbaar = c.verslag is not None and inz.mag_lezen(request.user, c.verslag)
    log(request, "inzien", obj=traject, rol=inz.rol or None, omschrijving="SMW-stand van zaken")
    return render(request, "aanmelding/smw_client.html", {
        "traject": traject, "deelnemer": traject.deelnemer, "contacten": contacten,
        "totaal": sum(c.minuten for c in contacten),
        "kan_registreren": policy.is_smw_casemanager(request.user, traject)})


@vereist("smw")
@require_http_methods(["GET", "POST"])
def contact(request, smw_pk):
    traject = policy.smw_traject_of_404(request, smw_pk, "aanmaken", registreren=True)
    form = ContactForm(request.POST or None, instelling_id=traject.deelnemer.instelling_id)
    if request.method == "POST" and form.is_valid():
        contact, _ = uitvoeren(request, form, lambda: services_smw.contact_vastleggen(
            smw_traject=traject, door=Actor.uit_request(request), **form.cleaned_data))
        if contact is not None:
            messages.success(request, f"Contact vastgelegd: {contact.minuten} minuten.")
            return redirect("aanmelding:smw_client", smw_pk=traject.pk)
    log(request, "inzien", obj=traject, omschrijving="formulier SMW-contact")
    return render(request, "aanmelding/smw_form.html", {
        "traject": traject, "form": form, "titel": f"Contact vastleggen — {traject.deelnemer.naam}",
        "knop": "Contact vastleggen"})


@vereist("smw")
@require_http_methods(["GET", "POST"])
def afsluiten(request, smw_pk):
    traject = policy.smw_traject_of_404(request, smw_pk, "wijzigen", registreren=True)
    form = AfsluitenForm(request.POST or None, initial={"versie": traject.versie})
    conflict = None
    if request.method == "POST" and form.is_valid():
        gesloten, conflict = uitvoeren(request, form, lambda: services_smw.smw_afsluiten(
            smw_traject=traject, door=Actor.uit_request(request), **form.cleaned_data))
        if gesloten is not None:
            messages.success(request, f"Het SMW-traject is afgesloten: {gesloten.get_uitkomst_display().lower()}.")
            return redirect("aanmelding:smw_client", smw_pk=traject.pk)
    log(request, "inzien", obj=traject, omschrijving="formulier SMW-traject afsluiten")
    return render(request, "aanmelding/smw_form.html", {
        "traject": traject, "form": form, "conflict": conflict, "knop": "Afsluiten",
        "titel": f"SMW-traject afsluiten — {traject.deelnemer.naam}"})


@vereist("smw")
@require_http_methods(["GET", "POST"])
def eigen_aanmelding(request):
    """A student who comes to the SMW directly (aanmelder: the SMW, "eigen aanmelding deelnemer")."""
    if not policy.mag_eigen_aanmelding(request.user):
        raise PermissionDenied("Alleen het schoolmaatschappelijk werk legt een eigen aanmelding vast.")
    form = EigenAanmeldingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deelnemer = policy.eigen_aanmelding_deelnemer(request, form.cleaned_data["studentnummer"])
        if deelnemer is None:
            log(request, "aanmaken", uitkomst=Toegangslog.Uitkomst.GEWEIGERD, object_type="smwtraject",
                omschrijving="eigen aanmelding: studentnummer niet op de eigen locaties")
            form.add_error("studentnummer", "Geen deelnemer met dit studentnummer op uw locaties.")
        else:
            traject, _ = uitvoeren(request, form, lambda: services_smw.eigen_aanmelding(
                deelnemer=deelnemer, door=Actor.uit_request(request), reden=form.cleaned_data["reden"]))
            if traject is not None:
                messages.success(request, f"SMW-traject gestart voor {deelnemer.naam}.")
                return redirect("aanmelding:smw_client", smw_pk=traject.pk)
    return render(request, "aanmelding/smw_form.html", {
        "form": form, "titel": "Eigen aanmelding deelnemer", "knop": "SMW-traject starten"})


@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def tevredenheid(request, smw_pk):
    """The referrer's one satisfaction question about their own closed SMW referral."""
    traject = policy.tevredenheid_of_404(request, smw_pk)
    if traject.aanmelder_beantwoord_op is not None:
        return render(request, "aanmelding/smw_bedankt.html", {"traject": traject})
    form = TevredenheidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        beantwoord, _ = uitvoeren(request, form, lambda: services_smw.tevredenheid_aanmelder(
            smw_traject=traject, door=Actor.uit_request(request), **form.cleaned_data))
        if beantwoord is not None:
            return render(request, "aanmelding/smw_bedankt.html", {"traject": beantwoord})
    return render(request, "aanmelding/smw_form.html", {
        "form": form, "titel": "Tevredenheid over het schoolmaatschappelijk werk", "knop": "Versturen",
        "uitleg": "Het SMW-traject van uw aanmelding is afgesloten. Eén vraag; uw antwoord telt alleen mee in "
                  "anonieme overzichten."})
