"""Aanmelding, intake, toestemming and signals: thin views over the policy, selectors and services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from privacy import policy
from privacy.actor import Actor
from privacy.log import log
from privacy.policy import AanmeldingRol
from privacy.toegang import vereist
from zorgstructuur import paginering
from zorgstructuur import selectors as zorg
from zorgstructuur.formulieren import (
    alleen_post,
    invoer_terug,
    naar_toestemming,
    toestemming_omweg,
    uitvoeren,
    veilig_terug,
)
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie

from . import selectors, services
from .forms import AanmeldingForm, BeoordelenForm, IntrekkenForm, KiesForm, SignaalForm, ToestemmingForm
from .models import Aanmelding, Toestemming

# ------------------------------------------------------------------ lists


@vereist("aanmeldingen")
def lijst(request):
    """Intake (submitted forms, oldest first, with waiting time) and the user's own aanmeldingen."""
    te_beoordelen = paginering.pagina(selectors.te_beoordelen(request.user), 50, request.GET.get("intake"))
    mijn = paginering.pagina(selectors.mijn_aanmeldingen(request.user), 50, request.GET.get("mijn"))
    log(request, "inzien", object_type="aanmeldingenlijst",
        omschrijving=f"aanmeldingen: {_aantal(te_beoordelen)} te beoordelen, {_aantal(mijn)} eigen")
    return render(request, "aanmelding/lijst.html", {
        "te_beoordelen": te_beoordelen, "mijn": mijn, "doet_intake": policy.doet_intake(request.user),
    })


def _aantal(pagina) -> str:
    return f"meer dan {pagina.paginator.grens_tekst}" if pagina.paginator.begrensd else str(pagina.paginator.count)


def _kiezen(request, doel):
    form = KiesForm(request.GET)
    zoekterm = form.cleaned_data["q"].strip() if form.is_valid() else ""
    gevonden, bron = selectors.kiesbare_deelnemers(request.user, zoekterm)
    log(request, "zoeken" if zoekterm else "inzien", object_type="deelnemerkeuze",
        omschrijving=f"kiezen voor {doel}, {len(gevonden)} resultaten")
    return render(request, "aanmelding/kiezen.html", {"deelnemers": gevonden, "zoekterm": zoekterm, "doel": doel,
                                                      "bron": bron})


@vereist("aanmeldingen")
def kiezen_aanmelden(request):
    return _kiezen(request, "aanmelden")


@vereist("signaleren")
def kiezen_signaal(request):
    return _kiezen(request, "signaal")


# ------------------------------------------------------------------ the aanmeldformulier

def _prefill(request, deelnemer, aanmelder, rol=AanmeldingRol.AANMELDER):
    return {"deelnemer": deelnemer, "aanmelder": aanmelder,
            "toon_persoonsgegevens": policy.mag_persoonsgegevens_zien(request.user, deelnemer, rol)}


def _formulier(request, aanmelding, form, deelnemer, rol, **context):
    log(request, "inzien", deelnemer=deelnemer, obj=aanmelding, object_type="aanmeldformulier", rol=rol)
    return render(request, "aanmelding/formulier.html", {
        **_prefill(request, deelnemer, aanmelding.aanmelder if aanmelding else request.user), "form": form,
        "aanmelding": aanmelding, **context})


def _alles_in_een_keer(request, form, deelnemer) -> None:
    """Submitting a form the form itself refuses (no destination, a text too long): mark every other gap
    that submitting would find too, so the referrer sees all of it in one round."""
    if "indienen" in request.POST and form.errors:
        for veld, melding in services.ontbrekend_in(form.cleaned_data, deelnemer=deelnemer).items():
            if veld not in form.errors:
                form.add_error(veld, melding)


def _bewaren(request, form, door, bewaar):
    """Save the form (`bewaar` is the service call) and, with "indienen", submit it. An incomplete form
    stays a saved concept with its gaps marked on the form. Returns (aanmelding, klaar, conflict)."""
    aanmelding, conflict = uitvoeren(request, form, bewaar)
    if aanmelding is None:
        return None, False, conflict
    if "indienen" not in request.POST:
        messages.success(request, "De aanmelding is als concept opgeslagen. U kunt haar later aanvullen en "
                                  "indienen.")
        return aanmelding, True, None
    ingediend, conflict = uitvoeren(request, form, lambda: services.aanmelding_indienen(
        aanmelding=aanmelding, door=door, versie=aanmelding.versie))
    if ingediend is None:
        form.data = form.data.copy()
        form.data["versie"] = aanmelding.versie  # the concept is saved: go on from its new version
        messages.warning(request, "Uw aanmelding is als concept bewaard, maar nog niet ingediend: vul de "
                                  "gemarkeerde velden aan.")
        return aanmelding, False, conflict
    messages.success(request, f"De aanmelding voor {ingediend.get_bestemming_display()} is ingediend.")
    return ingediend, True, None


@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def aanmelden(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk, "aanmaken", mag=policy.mag_aanmelden,
                                             object_type="aanmelding")
    form = AanmeldingForm(request.POST or None, initial={"bestemming": request.GET.get("bestemming")})
    aanmelding = None
    if request.method == "POST" and form.is_valid():
        door = Actor.uit_request(request, inz.rol)
        data = form.cleaned_data
        aanmelding, klaar, _ = _bewaren(request, form, door, lambda: services.aanmelding_aanmaken(
            deelnemer=deelnemer, door=door, bestemming=data["bestemming"],
            aanmelder_functie=Functie(policy.discipline_van(request.user, inz)).label,
            problematiek=data["problematiek"], **{v: data[v] for v in services.AANMELDING_VELDEN}))
        if klaar:
            return redirect("aanmelding:detail", aanmelding_pk=aanmelding.pk)
    _alles_in_een_keer(request, form, deelnemer)
    return _formulier(request, aanmelding, form, deelnemer, inz.rol,
                      lopend=selectors.lopende_aanmeldingen(deelnemer, request.user))


@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def wijzigen(request, aanmelding_pk):
    aanmelding, rol = policy.aanmelding_of_404(request, aanmelding_pk, "wijzigen", rollen=[AanmeldingRol.AANMELDER])
    if not aanmelding.bewerkbaar:
        messages.info(request, "Deze aanmelding is ingediend en kan niet meer worden gewijzigd.")
        return redirect("aanmelding:detail", aanmelding_pk=aanmelding.pk)
    form = AanmeldingForm(request.POST or None, instance=aanmelding)
    conflict = None
    if request.method == "POST" and form.is_valid():
        door = Actor.uit_request(request, rol.label)
        data = form.cleaned_data
        bewaard, klaar, conflict = _bewaren(request, form, door, lambda: services.aanmelding_wijzigen(
            aanmelding=aanmelding, door=door, versie=data.get("versie") or 0, bestemming=data["bestemming"],
            problematiek=data["problematiek"], **{v: data[v] for v in services.AANMELDING_VELDEN}))
        if klaar:
            return redirect("aanmelding:detail", aanmelding_pk=aanmelding.pk)
        aanmelding = bewaard or aanmelding
    _alles_in_een_keer(request, form, aanmelding.deelnemer)
    return _formulier(request, aanmelding, form, aanmelding.deelnemer, rol.label, conflict=conflict)


@vereist("aanmeldingen")
def detail(request, aanmelding_pk):
    aanmelding, rol = policy.aanmelding_of_404(request, aanmelding_pk)
    deelnemer = aanmelding.deelnemer
    log(request, "inzien", deelnemer=deelnemer, obj=aanmelding, rol=rol.label)
    return render(request, "aanmelding/detail.html", {
        **_prefill(request, deelnemer, aanmelding.aanmelder, rol), "aanmelding": aanmelding, "rol": rol,
        "problematiek": list(aanmelding.problematiek.all()),
        "kan_beoordelen": rol == AanmeldingRol.INTAKE and aanmelding.status == Aanmelding.Status.INGEDIEND,
        "toestemming": zorg.geldige_toestemming(deelnemer) if rol != AanmeldingRol.AANMELDER else None,
        "ontbrekend": services.ontbrekend(aanmelding) if rol == AanmeldingRol.AANMELDER and aanmelding.bewerkbaar
        else {},
    })


@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def beoordelen(request, aanmelding_pk):
    aanmelding, rol = policy.aanmelding_of_404(request, aanmelding_pk, "wijzigen", rollen=[AanmeldingRol.INTAKE])
    deelnemer = aanmelding.deelnemer
    if aanmelding.status != Aanmelding.Status.INGEDIEND:
        messages.info(request, f"Deze aanmelding is al beoordeeld ({aanmelding.get_status_display().lower()}).")
        return redirect("aanmelding:detail", aanmelding_pk=aanmelding.pk)
    formulier = f"beoordelen:{aanmelding.pk}"  # the key of what was typed, kept during a detour to the consent page

    def kan_toestemming():
        return policy.mag_toestemming_vastleggen(request.user, policy.inzage(request.user, deelnemer))

    if request.method == "POST" and "naar_toestemming" in request.POST and kan_toestemming():
        return naar_toestemming(request, deelnemer, formulier)
    teruggezet = invoer_terug(request, deelnemer, formulier) if request.method == "GET" else None
    form = BeoordelenForm(request.POST or None, deelnemer=deelnemer, zelf=request.user,
                          zat=aanmelding.bestemming == Aanmelding.Bestemming.ZAT,
                          initial=teruggezet or {"versie": aanmelding.versie})
    conflict = None
    if request.method == "POST" and form.is_valid():
        door = Actor.uit_request(request, rol.label)
        data = form.cleaned_data
        if data["besluit"] == BeoordelenForm.ACCEPTEREN:
            beoordeeld, conflict = uitvoeren(request, form, lambda: services.aanmelding_accepteren(
                aanmelding=aanmelding, door=door, bericht=data["bericht"], casemanager=data.get("casemanager"),
                zat_grondslag=data.get("zat_grondslag", ""), zat_toelichting=data.get("zat_toelichting", ""),
                versie=data.get("versie")))
        else:
            beoordeeld, conflict = uitvoeren(request, form, lambda: services.aanmelding_terugsturen(
                aanmelding=aanmelding, door=door, bericht=data["bericht"], versie=data.get("versie")))
        if beoordeeld is not None:
            messages.success(request, f"De aanmelding is {beoordeeld.get_status_display().lower()}. De aanmelder "
                                      "krijgt een melding.")
            if beoordeeld.status == Aanmelding.Status.GEACCEPTEERD:
                return redirect("zorgtraject:overzicht", pk=deelnemer.pk)
            return redirect("aanmelding:lijst")
    log(request, "inzien", deelnemer=deelnemer, obj=aanmelding, rol=rol.label, omschrijving="beoordelen")
    return render(request, "aanmelding/beoordelen.html", {
        **_prefill(request, deelnemer, aanmelding.aanmelder, rol), "aanmelding": aanmelding, "form": form,
        "conflict": conflict, "problematiek": list(aanmelding.problematiek.all()),
        "toestemming": zorg.geldige_toestemming(deelnemer), "teruggezet": bool(teruggezet),
        "omweg": toestemming_omweg(form, deelnemer, kan_toestemming),
    })


# ------------------------------------------------------------------ toestemming

@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def toestemming(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk, mag=policy.mag_toestemming_vastleggen,
                                             object_type="toestemming")
    terug = veilig_terug(request)  # coming from a decision that needs consent: back there afterwards
    form = ToestemmingForm(request.POST or None, deelnemer=deelnemer)
    if request.method == "POST" and form.is_valid():
        door = Actor.uit_request(request, inz.rol)
        vastgelegd, _ = uitvoeren(request, form, lambda: services.toestemming_vastleggen(
            deelnemer=deelnemer, door=door, **form.cleaned_data))
        if vastgelegd is not None:
            messages.success(request, f"De toestemming is vastgelegd: {selectors.dekking(vastgelegd)}.")
            return redirect(terug or reverse("aanmelding:toestemming", args=[deelnemer.pk]))
    log(request, "inzien", deelnemer=deelnemer, object_type="toestemming", laag=Laag.ZORG, rol=inz.rol)
    leeftijd = deelnemer.leeftijd()
    vereist_door = Toestemming.vereiste_gever(leeftijd)
    toestemmingen = selectors.toestemmingen_met_dekking(deelnemer)
    return render(request, "aanmelding/toestemming.html", {
        "deelnemer": deelnemer, "form": form, "toestemmingen": toestemmingen, "terug": terug,
        "leeftijd": leeftijd, "vereist_door": Toestemming.GegevenDoor(vereist_door).label if vereist_door else None,
        "nu": selectors.wat_toestemming_nu_toestaat(deelnemer, toestemmingen),
    })


@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def toestemming_intrekken(request, pk, toestemming_pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk, "wijzigen", mag=policy.mag_toestemming_vastleggen,
                                             object_type="toestemming")
    t = deelnemer.toestemmingen.filter(pk=toestemming_pk).first()
    if t is None:
        policy.weiger(request, "wijzigen", "toestemming niet gevonden", deelnemer=deelnemer,
                      object_type="toestemming", object_id=toestemming_pk)
    form = IntrekkenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        door = Actor.uit_request(request, inz.rol)
        ingetrokken, _ = uitvoeren(request, form, lambda: services.toestemming_intrekken(
            toestemming=t, door=door, **form.cleaned_data))
        if ingetrokken is not None:
            messages.success(request, "De intrekking van de toestemming is vastgelegd.")
            return redirect("aanmelding:toestemming", pk=deelnemer.pk)
    log(request, "inzien", deelnemer=deelnemer, obj=t, rol=inz.rol, omschrijving="formulier intrekken")
    return render(request, "aanmelding/intrekken.html", {"deelnemer": deelnemer, "toestemming": t, "form": form})


# ------------------------------------------------------------------ signals

@vereist("signaleren")
@require_http_methods(["GET", "POST"])
def signaal(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk, mag=policy.mag_signaleren, object_type="signaal")
    form = SignaalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        door = Actor.uit_request(request, inz.rol)
        gegeven, _ = uitvoeren(request, form, lambda: services.signaal_geven(
            deelnemer=deelnemer, door=door, tekst=form.cleaned_data["tekst"]))
        if gegeven is not None:
            messages.success(request, "Uw signaal is doorgegeven aan de mentor.")
            return redirect("aanmelding:signaal", pk=deelnemer.pk)
    signalen = selectors.signalen_van(request.user, deelnemer, inz)
    log(request, "inzien", deelnemer=deelnemer, object_type="signalen", laag=Laag.BEGELEIDING, rol=inz.rol)
    return render(request, "aanmelding/signaal.html", {
        "deelnemer": deelnemer, "form": form, "signalen": signalen,
        "kan_afhandelen": policy.mag_signaal_afhandelen(request.user, inz)})


@vereist("signaleren")
def signaal_afhandelen(request, pk, signaal_pk):
    """The mentor marks a docent's signal handled (POST): it leaves Mijn werk, with its notification. Who
    may not reads 404 before the method is looked at."""
    signaal, inz = policy.signaal_afhandelen_of_404(request, pk, signaal_pk)
    if (niet := alleen_post(request)) is not None:
        return niet
    services.signaal_afhandelen(signaal=signaal, door=Actor.uit_request(request, inz.rol))
    messages.success(request, f"Het signaal over {signaal.deelnemer.naam} is als afgehandeld gemarkeerd.")
    if request.POST.get("terug") == "signaal":  # from the student's signal page: back there
        return redirect("aanmelding:signaal", pk=signaal.deelnemer_id)
    return redirect("mijn_werk")
