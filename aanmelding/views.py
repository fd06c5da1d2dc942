"""Aanmelding, intake, zorgtraject, toestemming and signals: thin views over policy and services."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from privacy import policy
from privacy.log import log
from privacy.toegang import ingelogd, vereist
from zorgstructuur.models import Functie, Lidmaatschap, Niveauwijziging, Team, Zorgtraject

from . import selectors, services
from .forms import (
    AanmeldingForm,
    BeoordelenForm,
    IntrekkenForm,
    KiesForm,
    NiveauwijzigingForm,
    SignaalForm,
    ToestemmingForm,
    TrajectStartForm,
)
from .models import Aanmelding, Melding, Toestemming

CONFLICT_MELDING = ("Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen; hieronder ziet u "
                    "wat er veranderde. Controleer uw invoer en sla opnieuw op.")


def _weiger(request, deelnemer, actie, object_type, omschrijving="geen recht voor deze handeling"):
    """A refused attempt is logged (DESIGN §5) and answers 404, as for an unknown object."""
    log(request, actie, deelnemer=deelnemer, object_type=object_type, uitkomst="geweigerd", omschrijving=omschrijving)
    raise Http404


def _fouten_naar_form(form, fout: ValidationError):
    if hasattr(fout, "error_dict"):
        for veld, lijst in fout.error_dict.items():
            form.add_error(veld if veld in form.fields else None, lijst)
    else:
        form.add_error(None, fout)


# ------------------------------------------------------------------ lists

@vereist("aanmeldingen")
def lijst(request):
    """Intake (submitted forms, oldest first, with waiting time) and the user's own aanmeldingen."""
    te_beoordelen = Paginator(selectors.te_beoordelen(request.user), 50).get_page(request.GET.get("intake"))
    mijn = Paginator(selectors.mijn_aanmeldingen(request.user), 50).get_page(request.GET.get("mijn"))
    log(request, "inzien", object_type="aanmeldingenlijst",
        omschrijving=f"aanmeldingen: {te_beoordelen.paginator.count} te beoordelen, {mijn.paginator.count} eigen")
    return render(request, "aanmelding/lijst.html", {
        "te_beoordelen": te_beoordelen, "mijn": mijn, "doet_intake": selectors.doet_intake(request.user),
    })


def _kiezen(request, doel):
    form = KiesForm(request.GET)
    zoekterm = form.cleaned_data["q"].strip() if form.is_valid() else ""
    deelnemers = policy.deelnemers_voor(request.user).actief().voor_lijst()
    if zoekterm:
        deelnemers = deelnemers.zoek(zoekterm)
    else:
        deelnemers = deelnemers.filter(mentor=request.user)
    gevonden = list(deelnemers[:25])
    log(request, "zoeken" if zoekterm else "inzien", object_type="deelnemerkeuze",
        omschrijving=f"kiezen voor {doel}, {len(gevonden)} resultaten")
    return render(request, "aanmelding/kiezen.html", {"deelnemers": gevonden, "zoekterm": zoekterm, "doel": doel})


@vereist("aanmeldingen")
def kiezen_aanmelden(request):
    return _kiezen(request, "aanmelden")


@vereist("signaleren")
def kiezen_signaal(request):
    return _kiezen(request, "signaal")


# ------------------------------------------------------------------ the aanmeldformulier

def _prefill(request, deelnemer, aanmelder, rol="aanmelder"):
    return {"deelnemer": deelnemer, "aanmelder": aanmelder,
            "toon_persoonsgegevens": policy.mag_persoonsgegevens_zien(request.user, deelnemer, rol)}


def _indienen_of_fouten(request, aanmelding, form):
    """Submit; when the form is incomplete it stays a concept and the errors go on the form."""
    try:
        with transaction.atomic():
            aanmelding = services.aanmelding_indienen(aanmelding=aanmelding, door=request.user,
                                                      versie=aanmelding.versie)
            log(request, "wijzigen", deelnemer=aanmelding.deelnemer, obj=aanmelding, omschrijving="ingediend")
    except ValidationError as fout:
        data = request.POST.copy()
        data["versie"] = aanmelding.versie
        form = AanmeldingForm(data, instance=aanmelding)
        form.is_valid()
        _fouten_naar_form(form, fout)
        messages.warning(request, "Uw aanmelding is als concept bewaard, maar nog niet ingediend: vul de "
                                  "gemarkeerde velden aan.")
        return None, form
    messages.success(request, f"De aanmelding voor {aanmelding.get_bestemming_display()} is ingediend.")
    return aanmelding, None


@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def aanmelden(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk, actie="aanmaken")
    if not policy.mag_aanmelden(request.user, inz):
        _weiger(request, deelnemer, "aanmaken", "aanmelding")
    form = AanmeldingForm(request.POST or None, initial={"bestemming": request.GET.get("bestemming")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            aanmelding = services.aanmelding_aanmaken(
                deelnemer=deelnemer, aanmelder=request.user, bestemming=data["bestemming"],
                aanmelder_functie=Functie(policy.discipline_van(request.user, inz)).label,
                problematiek=data["problematiek"], **{v: data[v] for v in services.AANMELDING_VELDEN})
            log(request, "aanmaken", deelnemer=deelnemer, obj=aanmelding, rol=inz.rol)
        if "indienen" in request.POST:
            ingediend, form = _indienen_of_fouten(request, aanmelding, form)
            if ingediend is None:
                return render(request, "aanmelding/formulier.html",
                              {**_prefill(request, deelnemer, request.user), "form": form, "aanmelding": aanmelding})
        else:
            messages.success(request, "De aanmelding is als concept opgeslagen. U kunt haar later aanvullen en "
                                      "indienen.")
        return redirect("aanmelding:detail", aanmelding_pk=aanmelding.pk)
    lopend = deelnemer.aanmeldingen.filter(aanmelder=request.user, status__in=[
        Aanmelding.Status.CONCEPT, Aanmelding.Status.TERUGGESTUURD, Aanmelding.Status.INGEDIEND])
    log(request, "inzien", deelnemer=deelnemer, object_type="aanmeldformulier", rol=inz.rol)
    return render(request, "aanmelding/formulier.html",
                  {**_prefill(request, deelnemer, request.user), "form": form, "lopend": lopend})


@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def wijzigen(request, aanmelding_pk):
    aanmelding, rol = policy.aanmelding_of_404(request, aanmelding_pk, actie="wijzigen")
    if rol != "aanmelder":
        _weiger(request, aanmelding.deelnemer, "wijzigen", "aanmelding", "alleen de aanmelder wijzigt")
    if not aanmelding.bewerkbaar:
        messages.info(request, "Deze aanmelding is ingediend en kan niet meer worden gewijzigd.")
        return redirect("aanmelding:detail", aanmelding_pk=aanmelding.pk)
    form = AanmeldingForm(request.POST or None, instance=aanmelding)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                aanmelding = services.aanmelding_wijzigen(
                    aanmelding=aanmelding, door=request.user, versie=data.get("versie") or 0,
                    bestemming=data["bestemming"], problematiek=data["problematiek"],
                    **{v: data[v] for v in services.AANMELDING_VELDEN})
                log(request, "wijzigen", deelnemer=aanmelding.deelnemer, obj=aanmelding)
        except services.Conflict as fout:
            conflict = fout
            messages.error(request, CONFLICT_MELDING)
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
        else:
            if "indienen" in request.POST:
                ingediend, form = _indienen_of_fouten(request, aanmelding, form)
                if ingediend is None:
                    return render(request, "aanmelding/formulier.html", {
                        **_prefill(request, aanmelding.deelnemer, aanmelding.aanmelder), "form": form,
                        "aanmelding": aanmelding})
            else:
                messages.success(request, "De wijzigingen zijn opgeslagen (concept).")
            return redirect("aanmelding:detail", aanmelding_pk=aanmelding.pk)
    log(request, "inzien", deelnemer=aanmelding.deelnemer, obj=aanmelding, rol=rol, omschrijving="wijzigformulier")
    return render(request, "aanmelding/formulier.html", {
        **_prefill(request, aanmelding.deelnemer, aanmelding.aanmelder), "form": form, "aanmelding": aanmelding,
        "conflict": conflict})


@vereist("aanmeldingen")
def detail(request, aanmelding_pk):
    aanmelding, rol = policy.aanmelding_of_404(request, aanmelding_pk)
    log(request, "inzien", deelnemer=aanmelding.deelnemer, obj=aanmelding, rol=rol)
    deelnemer = aanmelding.deelnemer
    return render(request, "aanmelding/detail.html", {
        **_prefill(request, deelnemer, aanmelding.aanmelder, rol), "aanmelding": aanmelding, "rol": rol,
        "problematiek": list(aanmelding.problematiek.all()),
        "kan_beoordelen": rol == "intake" and aanmelding.status == Aanmelding.Status.INGEDIEND,
        "toestemming": services.geldige_toestemming(deelnemer) if rol != "aanmelder" else None,
        "ontbrekend": services.ontbrekend(aanmelding) if rol == "aanmelder" and aanmelding.bewerkbaar else {},
    })


def _casemanager_kandidaten(deelnemer):
    leden = Lidmaatschap.objects.geldig().exclude(functie=Functie.PARTNER).filter(
        Q(team__soort=Team.Soort.INTERN_ZORGTEAM, team__locaties=deelnemer.locatie_id)
        | Q(functie=Functie.TAAKDOCENT, team__opleidingen=deelnemer.opleiding_id))
    return get_user_model().objects.filter(
        Q(pk__in=leden.values("gebruiker_id")) | Q(pk=deelnemer.mentor_id or 0)
    ).order_by("last_name", "first_name")


@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def beoordelen(request, aanmelding_pk):
    aanmelding, rol = policy.aanmelding_of_404(request, aanmelding_pk, actie="wijzigen")
    if rol != "intake":
        log(request, "wijzigen", deelnemer=aanmelding.deelnemer, obj=aanmelding, uitkomst="geweigerd",
            omschrijving="beoordelen: geen intake")
        raise PermissionDenied("Alleen wie de aanmelding in behandeling neemt, kan haar beoordelen.")
    deelnemer = aanmelding.deelnemer
    if aanmelding.status != Aanmelding.Status.INGEDIEND:
        messages.info(request, f"Deze aanmelding is al beoordeeld ({aanmelding.get_status_display().lower()}).")
        return redirect("aanmelding:detail", aanmelding_pk=aanmelding.pk)
    form = BeoordelenForm(request.POST or None, kandidaten=_casemanager_kandidaten(deelnemer),
                          zat=aanmelding.bestemming == Aanmelding.Bestemming.ZAT,
                          initial={"versie": aanmelding.versie})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if data["besluit"] == BeoordelenForm.ACCEPTEREN:
                    aanmelding = services.aanmelding_accepteren(
                        aanmelding=aanmelding, door=request.user, bericht=data["bericht"],
                        casemanager=data.get("casemanager"), zat_grondslag=data.get("zat_grondslag", ""),
                        zat_toelichting=data.get("zat_toelichting", ""), versie=data.get("versie"))
                else:
                    aanmelding = services.aanmelding_terugsturen(aanmelding=aanmelding, door=request.user,
                                                                 bericht=data["bericht"], versie=data.get("versie"))
                log(request, "wijzigen", deelnemer=deelnemer, obj=aanmelding, rol="intake",
                    omschrijving=f"aanmelding {aanmelding.get_status_display().lower()}")
        except services.Conflict as fout:
            conflict = fout
            messages.error(request, CONFLICT_MELDING)
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
        else:
            messages.success(request, f"De aanmelding is {aanmelding.get_status_display().lower()}. De aanmelder "
                                      "krijgt een melding.")
            if aanmelding.zorgtraject_id and aanmelding.status == Aanmelding.Status.GEACCEPTEERD:
                return redirect("aanmelding:zorgtraject", pk=deelnemer.pk)
            return redirect("aanmelding:lijst")
    log(request, "inzien", deelnemer=deelnemer, obj=aanmelding, rol=rol, omschrijving="beoordelen")
    return render(request, "aanmelding/beoordelen.html", {
        **_prefill(request, deelnemer, aanmelding.aanmelder, rol), "aanmelding": aanmelding, "form": form,
        "conflict": conflict,
        "problematiek": list(aanmelding.problematiek.all()),
        "toestemming": services.geldige_toestemming(deelnemer),
    })


# ------------------------------------------------------------------ zorgtraject

def _traject_context(request, pk, actie="inzien"):
    deelnemer, inz = policy.deelnemer_of_404(request, pk, actie=actie)
    if not policy.mag_traject_zien(inz):
        log(request, actie, deelnemer=deelnemer, object_type="zorgtraject", uitkomst="geweigerd",
            omschrijving="zorglaag niet toegankelijk")
        raise Http404("Zorgtraject niet gevonden.")
    return deelnemer, inz


@vereist("deelnemers")
def zorgtraject(request, pk):
    deelnemer, inz = _traject_context(request, pk)
    trajecten = selectors.trajecten_van(deelnemer)
    log(request, "inzien", deelnemer=deelnemer, object_type="zorgtraject", laag="zorg", rol=inz.rol)
    open_ladder = next((t for t in trajecten if t.is_open and t.route == Zorgtraject.Route.LADDER), None)
    return render(request, "aanmelding/zorgtraject.html", {
        "deelnemer": deelnemer, "inzage": inz, "trajecten": trajecten, "open_ladder": open_ladder,
        "ladder": services.ladder(deelnemer.instelling_id),
        "toestemming": services.geldige_toestemming(deelnemer),
        "aanmeldingen": selectors.aanmeldingen_van(deelnemer),
        "kan_wijzigen": policy.mag_traject_wijzigen(request.user, deelnemer, inz, open_ladder),
        "kan_starten": policy.mag_traject_starten(inz),
        "kan_smw_afsluiten": any(t.is_open and t.route == Zorgtraject.Route.SMW
                                 and policy.mag_traject_wijzigen(request.user, deelnemer, inz, t) for t in trajecten),
        "kan_aanmelden": policy.mag_aanmelden(request.user, inz),
        "is_zorgcoordinator": policy.is_zorgcoordinator_van(request.user, deelnemer),
    })


@vereist("deelnemers")
@require_http_methods(["GET", "POST"])
def zorgtraject_starten(request, pk):
    deelnemer, inz = _traject_context(request, pk, actie="aanmaken")
    if not policy.mag_traject_starten(inz):
        _weiger(request, deelnemer, "aanmaken", "zorgtraject")
    if services.open_traject(deelnemer):
        messages.info(request, "Deze deelnemer heeft al een open zorgtraject.")
        return redirect("aanmelding:zorgtraject", pk=deelnemer.pk)
    form = TrajectStartForm(request.POST or None, instelling_id=deelnemer.instelling_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                traject = services.traject_starten(deelnemer=deelnemer, door=request.user, niveau=data["niveau"],
                                                   reden=data["reden"], gedaan=data["gedaan"], effect=data["effect"],
                                                   zat_grondslag=data["zat_grondslag"],
                                                   zat_toelichting=data["zat_toelichting"])
                log(request, "aanmaken", deelnemer=deelnemer, obj=traject, laag="zorg", rol=inz.rol)
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
        else:
            messages.success(request, f"Het zorgtraject is gestart op niveau {traject.niveau.naam}.")
            return redirect("aanmelding:zorgtraject", pk=deelnemer.pk)
    log(request, "inzien", deelnemer=deelnemer, object_type="zorgtraject", laag="zorg", rol=inz.rol,
        omschrijving="formulier zorgtraject starten")
    return render(request, "aanmelding/zorgtraject_form.html", {"deelnemer": deelnemer, "form": form,
                                                                "titel": "Zorgtraject starten"})


@vereist("deelnemers")
@require_http_methods(["GET", "POST"])
def zorgtraject_wijzigen(request, pk):
    deelnemer, inz = _traject_context(request, pk, actie="wijzigen")
    route = Zorgtraject.Route.SMW if request.GET.get("route") == "smw" else Zorgtraject.Route.LADDER
    traject = services.open_traject(deelnemer, route)
    if not policy.mag_traject_wijzigen(request.user, deelnemer, inz, traject):
        _weiger(request, deelnemer, "wijzigen", "zorgtraject")
    if traject is None:
        messages.info(request, "Er is geen open zorgtraject om te wijzigen.")
        return redirect("aanmelding:zorgtraject", pk=deelnemer.pk)
    form = NiveauwijzigingForm(request.POST or None, instelling_id=deelnemer.instelling_id,
                               kandidaten=_casemanager_kandidaten(deelnemer),
                               initial={"versie": traject.versie, "soort": request.GET.get("soort")})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                wijziging = services.traject_wijzigen(
                    traject=traject, door=request.user, versie=data["versie"], soort=data["soort"],
                    naar_niveau=data["naar_niveau"], datum=data["datum"], reden=data["reden"],
                    gedaan=data["gedaan"], effect=data["effect"], zat_grondslag=data["zat_grondslag"],
                    zat_toelichting=data["zat_toelichting"], uitkomst=data["uitkomst"],
                    uitkomst_toelichting=data["uitkomst_toelichting"], casemanager=data["casemanager"])
                log(request, "wijzigen", deelnemer=deelnemer, obj=traject, laag="zorg", rol=inz.rol,
                    omschrijving=f"zorgtraject: {wijziging.get_soort_display().lower()}")
        except services.Conflict as fout:
            conflict = fout
            messages.error(request, CONFLICT_MELDING)
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
        else:
            messages.success(request, f"Vastgelegd: {wijziging.get_soort_display().lower()}.")
            return redirect("aanmelding:zorgtraject", pk=deelnemer.pk)
    log(request, "inzien", deelnemer=deelnemer, obj=traject, laag="zorg", rol=inz.rol,
        omschrijving="interventieformulier")
    return render(request, "aanmelding/zorgtraject_form.html", {
        "deelnemer": deelnemer, "form": form, "traject": traject, "conflict": conflict,
        "titel": "Besluit over het zorgtraject (interventieformulier)",
        "laatste": traject.wijzigingen.select_related("besloten_door", "van_niveau", "naar_niveau").first(),
        "is_zorgcoordinator": policy.is_zorgcoordinator_van(request.user, deelnemer),
        "crisis": Niveauwijziging.Soort.CRISIS,
    })


# ------------------------------------------------------------------ toestemming

@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def toestemming(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    if not policy.mag_toestemming_vastleggen(request.user, inz):
        _weiger(request, deelnemer, "inzien", "toestemming")
    form = ToestemmingForm(request.POST or None, deelnemer=deelnemer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                t = services.toestemming_vastleggen(
                    deelnemer=deelnemer, door=request.user, gegeven_door=data["gegeven_door"], datum=data["datum"],
                    vorm=data["vorm"], informatie=data["informatie"], zat_bespreking=data["zat_bespreking"],
                    partners=data["partners"], naam_gever=data["naam_gever"])
                log(request, "aanmaken", deelnemer=deelnemer, obj=t, rol=inz.rol)
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
        else:
            messages.success(request, "De toestemming is vastgelegd.")
            return redirect("aanmelding:toestemming", pk=deelnemer.pk)
    toestemmingen = deelnemer.toestemmingen.select_related("vastgelegd_door").prefetch_related("partners")
    log(request, "inzien", deelnemer=deelnemer, object_type="toestemming", laag="zorg", rol=inz.rol)
    leeftijd = deelnemer.leeftijd()
    vereist_door = Toestemming.vereiste_gever(leeftijd)
    return render(request, "aanmelding/toestemming.html", {
        "deelnemer": deelnemer, "form": form, "toestemmingen": toestemmingen, "leeftijd": leeftijd,
        "vereist_door": Toestemming.GegevenDoor(vereist_door).label if vereist_door else None,
        "geldig": services.geldige_toestemming(deelnemer),
    })


@vereist("aanmeldingen")
@require_http_methods(["GET", "POST"])
def toestemming_intrekken(request, pk, toestemming_pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk, actie="wijzigen")
    if not policy.mag_toestemming_vastleggen(request.user, inz):
        _weiger(request, deelnemer, "wijzigen", "toestemming")
    t = deelnemer.toestemmingen.filter(pk=toestemming_pk).first()
    if t is None:
        _weiger(request, deelnemer, "wijzigen", "toestemming", "toestemming niet gevonden")
    form = IntrekkenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.toestemming_intrekken(toestemming=t, door=request.user, datum=form.cleaned_data["datum"],
                                               reden=form.cleaned_data["reden"])
                log(request, "wijzigen", deelnemer=deelnemer, obj=t, rol=inz.rol, omschrijving="ingetrokken")
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
        else:
            messages.success(request, "De intrekking van de toestemming is vastgelegd.")
            return redirect("aanmelding:toestemming", pk=deelnemer.pk)
    log(request, "inzien", deelnemer=deelnemer, obj=t, rol=inz.rol, omschrijving="formulier intrekken")
    return render(request, "aanmelding/intrekken.html", {"deelnemer": deelnemer, "toestemming": t, "form": form})


# ------------------------------------------------------------------ signals and notifications

@vereist("signaleren")
@require_http_methods(["GET", "POST"])
def signaal(request, pk):
    deelnemer, inz = policy.deelnemer_of_404(request, pk)
    if not policy.mag_signaleren(request.user, inz):
        _weiger(request, deelnemer, "aanmaken", "signaal")
    form = SignaalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            s = services.signaal_geven(deelnemer=deelnemer, auteur=request.user, tekst=form.cleaned_data["tekst"])
            log(request, "aanmaken", deelnemer=deelnemer, obj=s, rol=inz.rol)
        messages.success(request, "Uw signaal is doorgegeven aan de mentor.")
        return redirect("aanmelding:signaal", pk=deelnemer.pk)
    signalen = policy.signalen_voor(request.user, deelnemer, inz).select_related("auteur")[:50]
    log(request, "inzien", deelnemer=deelnemer, object_type="signalen", laag="begeleiding", rol=inz.rol)
    return render(request, "aanmelding/signaal.html", {"deelnemer": deelnemer, "form": form, "signalen": signalen})


@ingelogd
def melding(request, melding_pk):
    m = Melding.objects.filter(pk=melding_pk, ontvanger=request.user).first()
    if m is None:
        raise Http404
    services.melding_gelezen(melding=m)
    if url_has_allowed_host_and_scheme(m.url, allowed_hosts=None) and m.url.startswith("/"):
        return redirect(m.url)
    return redirect("mijn_werk")
