"""Every write of the care route: aanmelding workflow, zorgtraject along the ladder, toestemming,
signals and notifications. Each service is one transaction with its timeline line; rules that
are refused raise ValidationError with a Dutch message; concurrent edits raise Conflict.

Access (who may call what) is decided by privacy.policy in the views; the services guard the
domain rules (ladder order, crisis approval, consent, status transitions).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from deelnemers.services import Conflict as BasisConflict
from deelnemers.services import gebeurtenis_vastleggen
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Lidmaatschap, Niveauwijziging, Team, Zorgniveau, Zorgtraject

from .models import Aanmelding, Melding, Signaal, Toestemming

AANMELDING_VELDEN = [
    "probleem", "duur", "al_gedaan", "effect", "beleving", "sterke_kanten", "behoeften", "hulpvraag",
    "soort_vraag", "vir_gemeld", "deelnemer_geinformeerd", "anoniem_bespreken", "reden_anoniem",
]
# The demo switches e-mail off (it would fill the console); notifications on "Mijn werk" remain.
MAILEN = True
BESTEMMING_NIVEAU = {Aanmelding.Bestemming.IZ: Zorgniveau.Soort.INTERN_ZORGTEAM,
                     Aanmelding.Bestemming.ZAT: Zorgniveau.Soort.ZAT}


class Conflict(BasisConflict):
    """Someone else saved in between; `wijzigingen` says what they changed: (wat, was, werd)."""

    def __init__(self, actueel, wijzigingen):
        super().__init__(actueel)
        self.wijzigingen = wijzigingen


# ------------------------------------------------------------------ notifications

def melden(*, ontvangers, soort, tekst, url) -> list[Melding]:
    """A notification on "Mijn werk" and an e-mail that names nobody: only a link (DESIGN §5)."""
    meldingen = [Melding.objects.create(ontvanger=o, soort=soort, tekst=tekst[:200], url=url)
                 for o in {o.pk: o for o in ontvangers if o is not None}.values()]

    def mailen():
        for melding in meldingen:
            if not melding.ontvanger.email:
                continue
            link = settings.SITE_URL.rstrip("/") + reverse("aanmelding:melding", args=[melding.pk])
            send_mail(
                subject="Zorgstructuur: er staat een melding voor u klaar",
                message=("Er staat een nieuwe melding voor u klaar in Zorgstructuur.\n\n"
                         f"Bekijk de melding na inloggen: {link}\n\n"
                         "Om privacyredenen staan er in deze e-mail geen gegevens over deelnemers."),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[melding.ontvanger.email],
                fail_silently=True,
            )

    if MAILEN:
        transaction.on_commit(mailen)
    return meldingen


def melding_gelezen(*, melding) -> None:
    if melding.gelezen_op is None:
        melding.gelezen_op = timezone.now()
        melding.save(update_fields=["gelezen_op"])


def _leden(*, functie, team_soort, locatie_id=None, opleiding_id=None):
    qs = Lidmaatschap.objects.geldig().filter(functie=functie, team__soort=team_soort)
    if locatie_id:
        qs = qs.filter(team__locaties=locatie_id)
    if opleiding_id:
        qs = qs.filter(team__opleidingen=opleiding_id)
    return [lid.gebruiker for lid in qs.select_related("gebruiker")]


def zorgcoordinatoren_van(deelnemer):
    return _leden(functie=Functie.ZORGCOORDINATOR, team_soort=Team.Soort.INTERN_ZORGTEAM,
                  locatie_id=deelnemer.locatie_id)


def intake_ontvangers(aanmelding):
    d = aanmelding.deelnemer
    ontvangers = zorgcoordinatoren_van(d)
    if aanmelding.bestemming == Aanmelding.Bestemming.IZ:
        ontvangers += _leden(functie=Functie.TAAKDOCENT, team_soort=Team.Soort.TEAMOVERLEG,
                             opleiding_id=d.opleiding_id)
    if aanmelding.bestemming == Aanmelding.Bestemming.SMW:
        ontvangers += _leden(functie=Functie.SMW, team_soort=Team.Soort.INTERN_ZORGTEAM, locatie_id=d.locatie_id)
    return [o for o in ontvangers if o.pk != aanmelding.aanmelder_id]


# ------------------------------------------------------------------ toestemming

def geldige_toestemming(deelnemer, op: date | None = None) -> Toestemming | None:
    """The consent for ZAT discussion valid on that date, if any."""
    return deelnemer.toestemmingen.geldig(op).filter(zat_bespreking=True).order_by("-datum", "-id").first()


def controleer_gever(deelnemer, gegeven_door, datum) -> None:
    """The age rule: 16+ the student, 12-15 parent/guardian and student together, <12 the parent/guardian."""
    leeftijd = deelnemer.leeftijd(datum)
    vereist = Toestemming.vereiste_gever(leeftijd)
    if vereist is not None and gegeven_door != vereist:
        raise ValidationError({"gegeven_door": (
            f"Op {datum:%d-%m-%Y} was de deelnemer {leeftijd} jaar. Dan geeft "
            f"{Toestemming.GegevenDoor(vereist).label[0].lower()}{Toestemming.GegevenDoor(vereist).label[1:]} "
            "de toestemming."
        )})


@transaction.atomic
def toestemming_vastleggen(*, deelnemer, door, gegeven_door, datum, vorm, informatie, zat_bespreking=True,
                           partners=(), naam_gever="") -> Toestemming:
    if datum > timezone.localdate():
        raise ValidationError({"datum": "De datum van de toestemming ligt in de toekomst."})
    controleer_gever(deelnemer, gegeven_door, datum)
    toestemming = Toestemming(deelnemer=deelnemer, gegeven_door=gegeven_door, datum=datum, vorm=vorm,
                              informatie=informatie, zat_bespreking=zat_bespreking, vastgelegd_door=door,
                              naam_gever=naam_gever)
    toestemming.full_clean()
    toestemming.save()
    toestemming.partners.set(partners)
    gebeurtenis_vastleggen(
        deelnemer=deelnemer, soort="toestemming",
        omschrijving=f"Toestemming vastgelegd ({toestemming.get_vorm_display().lower()}, {datum:%d-%m-%Y})",
        laag=Laag.ZORG, actor=door, obj=toestemming)
    return toestemming


@transaction.atomic
def toestemming_intrekken(*, toestemming, door, datum, reden="") -> Toestemming:
    actueel = Toestemming.objects.select_for_update().get(pk=toestemming.pk)
    if actueel.ingetrokken_op is not None:
        raise ValidationError(f"Deze toestemming is al ingetrokken op {actueel.ingetrokken_op:%d-%m-%Y}.")
    if datum < actueel.datum:
        raise ValidationError({"datum": "De intrekking ligt vóór de datum waarop de toestemming werd gegeven."})
    if datum > timezone.localdate():
        raise ValidationError({"datum": "De datum van de intrekking ligt in de toekomst."})
    actueel.ingetrokken_op = datum
    actueel.ingetrokken_vastgelegd_door = door
    actueel.reden_intrekking = reden
    actueel.save(update_fields=["ingetrokken_op", "ingetrokken_vastgelegd_door", "reden_intrekking"])
    gebeurtenis_vastleggen(deelnemer=actueel.deelnemer, soort="toestemming_ingetrokken",
                           omschrijving=f"Toestemming ingetrokken per {datum:%d-%m-%Y}", laag=Laag.ZORG,
                           actor=door, obj=actueel)
    return actueel


def _controleer_zat_grondslag(*, deelnemer, door, niveau, grondslag, toelichting, datum) -> None:
    """Moving a case to a level that needs consent (the ZAT): valid consent, a recorded decision to
    discuss it anonymously, or a safety exception by the zorgcoördinator with its reason."""
    if not niveau.toestemming_vereist:
        return
    G = Niveauwijziging.Grondslag
    if grondslag == G.TOESTEMMING:
        if geldige_toestemming(deelnemer, datum) is None:
            raise ValidationError({"zat_grondslag": (
                "Er is geen geldige toestemming voor bespreking in het ZAT op deze datum. Leg eerst de "
                "toestemming vast, of kies anonieme bespreking.")})
    elif grondslag == G.ANONIEM:
        if not toelichting.strip():
            raise ValidationError({"zat_toelichting": "Leg vast waarom de casus anoniem wordt besproken."})
    elif grondslag == G.VEILIGHEID:
        if deelnemer.locatie_id not in _zc_locaties(door):
            raise ValidationError({"zat_grondslag": (
                "Alleen de zorgcoördinator kan een veiligheidsuitzondering vastleggen.")})
        if not toelichting.strip():
            raise ValidationError({"zat_toelichting": "Geef de reden van de veiligheidsuitzondering."})
    else:
        raise ValidationError({"zat_grondslag": (
            "Voor bespreking in het ZAT is toestemming nodig, een besluit tot anonieme bespreking, of een "
            "veiligheidsuitzondering van de zorgcoördinator.")})


def _zc_locaties(user):
    from privacy.policy import profiel

    return profiel(user).zc_locaties


# ------------------------------------------------------------------ zorgtraject

def ladder(instelling_id) -> list[Zorgniveau]:
    return list(Zorgniveau.objects.filter(instelling_id=instelling_id).order_by("volgorde"))


def open_traject(deelnemer, route=Zorgtraject.Route.LADDER) -> Zorgtraject | None:
    return deelnemer.zorgtrajecten.open().filter(route=route).select_related("niveau", "casemanager").first()


def _beschrijving(wijziging: Niveauwijziging) -> str:
    van = wijziging.van_niveau.naam if wijziging.van_niveau_id else None
    naar = wijziging.naar_niveau.naam if wijziging.naar_niveau_id else None
    S = Niveauwijziging.Soort
    if wijziging.soort == S.START:
        return f"Zorgtraject gestart op niveau {naar}" if naar else "SMW-traject gestart"
    if wijziging.soort == S.AFSLUITEN:
        return f"Zorgtraject afgesloten: {wijziging.get_uitkomst_display().lower()}"
    if wijziging.soort == S.CRISIS:
        return f"Crisis: direct externe hulp ingeroepen (van {van} naar {naar}); bespreken in het volgende ZAT"
    werkwoord = "opgeschaald" if wijziging.soort == S.OPSCHALEN else "afgeschaald"
    return f"Zorgtraject {werkwoord} van {van} naar {naar}"


def _wijziging_vastleggen(traject, **velden) -> Niveauwijziging:
    wijziging = Niveauwijziging(zorgtraject=traject, traject_versie=traject.versie, **velden)
    wijziging.full_clean()
    wijziging.save()
    gebeurtenis_vastleggen(deelnemer=traject.deelnemer, soort=f"zorgtraject_{wijziging.soort}",
                           omschrijving=_beschrijving(wijziging), laag=Laag.ZORG, actor=wijziging.besloten_door,
                           obj=wijziging)
    return wijziging


@transaction.atomic
def traject_starten(*, deelnemer, door, niveau=None, casemanager=None, reden, datum=None, gedaan="", effect="",
                    zat_grondslag="", zat_toelichting="", route=Zorgtraject.Route.LADDER) -> Zorgtraject:
    """Open a student's case. A new case may start at any level up to the ZAT (a direct decision);
    an open case of the same route must be moved or closed instead."""
    datum = datum or timezone.localdate()
    if not reden.strip():
        raise ValidationError({"reden": "Geef aan waarom het zorgtraject start."})
    if deelnemer.zorgtrajecten.open().filter(route=route).exists():
        raise ValidationError("Deze deelnemer heeft al een open zorgtraject. Schaal dat op of af, of sluit het "
                              "eerst af.")
    if route == Zorgtraject.Route.LADDER:
        if niveau is None:
            raise ValidationError({"niveau": "Kies het niveau waarop het zorgtraject start."})
        if niveau.soort == Zorgniveau.Soort.EXTERN:
            raise ValidationError({"niveau": "Een zorgtraject start niet extern; bij acute nood: start het en "
                                             "leg een crisis vast (met goedkeuring van de zorgcoördinator)."})
        _controleer_zat_grondslag(deelnemer=deelnemer, door=door, niveau=niveau, grondslag=zat_grondslag,
                                  toelichting=zat_toelichting, datum=datum)
    else:
        niveau = None
    traject = Zorgtraject(deelnemer=deelnemer, route=route, niveau=niveau, casemanager=casemanager or door,
                          geopend=datum)
    traject.full_clean(validate_constraints=False)
    traject.save()
    _wijziging_vastleggen(traject, soort=Niveauwijziging.Soort.START, naar_niveau=niveau, datum=datum,
                          besloten_door=door, reden=reden, gedaan=gedaan, effect=effect,
                          zat_grondslag=zat_grondslag if niveau and niveau.toestemming_vereist else "",
                          zat_toelichting=zat_toelichting if niveau and niveau.toestemming_vereist else "")
    return traject


def _traject_conflict(actueel, versie):
    nieuwer = actueel.wijzigingen.filter(traject_versie__gt=versie).select_related(
        "besloten_door", "van_niveau", "naar_niveau").order_by("aangemaakt")
    wijzigingen = [(f"{w.datum:%d-%m-%Y}, {w.besloten_door.get_full_name() or w.besloten_door.username}",
                    "", _beschrijving(w)) for w in nieuwer]
    if not wijzigingen:
        wijzigingen = [("Zorgtraject", "", "gewijzigd (casemanager of gegevens)")]
    return Conflict(actueel, wijzigingen)


@transaction.atomic
def traject_wijzigen(*, traject, door, versie: int, soort, reden, naar_niveau=None, datum=None, gedaan="", effect="",
                     casemanager=None, zat_grondslag="", zat_toelichting="", uitkomst="",
                     uitkomst_toelichting="") -> Niveauwijziging:
    """One move on the ladder (the interventieformulier). Refused when it skips a rung — unless it
    is a crisis, which only the zorgcoördinator approves and which flags the case for the next ZAT."""
    S = Niveauwijziging.Soort
    actueel = (Zorgtraject.objects.select_for_update(of=("self",)).select_related("deelnemer", "niveau")
               .get(pk=traject.pk))
    if actueel.versie != versie:
        raise _traject_conflict(actueel, versie)
    if not actueel.is_open:
        raise ValidationError("Dit zorgtraject is afgesloten; start zo nodig een nieuw traject.")
    datum = datum or timezone.localdate()
    deelnemer = actueel.deelnemer
    if not reden.strip():
        raise ValidationError({"reden": "Geef aan waarom (de reden van dit besluit)."})
    huidig = actueel.niveau
    if soort in (S.OPSCHALEN, S.AFSCHALEN, S.CRISIS):
        if actueel.route != Zorgtraject.Route.LADDER:
            raise ValidationError("Een SMW-traject kent geen niveaus; sluit het af of start een zorgtraject.")
        if not gedaan.strip() or not effect.strip():
            fouten = {}
            if not gedaan.strip():
                fouten["gedaan"] = "Beschrijf wat er op het huidige niveau is gedaan."
            if not effect.strip():
                fouten["effect"] = "Beschrijf met welk effect."
            raise ValidationError(fouten)
    goedgekeurd_door = None
    if soort == S.CRISIS:
        if deelnemer.locatie_id not in _zc_locaties(door):
            raise ValidationError("Een crisis (direct externe hulp) kan alleen met goedkeuring van de "
                                  "zorgcoördinator worden vastgelegd. Neem contact op met de zorgcoördinator.")
        naar_niveau = Zorgniveau.objects.filter(instelling_id=deelnemer.instelling_id,
                                                soort=Zorgniveau.Soort.EXTERN).order_by("-volgorde").first()
        if naar_niveau is None or naar_niveau == huidig:
            raise ValidationError("De casus is al extern; een crisis verandert het niveau niet.")
        goedgekeurd_door = door
    elif soort in (S.OPSCHALEN, S.AFSCHALEN):
        if naar_niveau is None:
            raise ValidationError({"naar_niveau": "Kies het nieuwe niveau."})
        stap = 1 if soort == S.OPSCHALEN else -1
        if naar_niveau.instelling_id != deelnemer.instelling_id or naar_niveau.volgorde != huidig.volgorde + stap:
            verwacht = Zorgniveau.objects.filter(instelling_id=deelnemer.instelling_id,
                                                 volgorde=huidig.volgorde + stap).first()
            richting = "Opschalen" if stap == 1 else "Afschalen"
            raise ValidationError({"naar_niveau": (
                f"{richting} gaat één trede tegelijk: van {huidig.naam} naar "
                f"{verwacht.naam if verwacht else '(geen niveau)'}. Alleen bij een crisis mag een trede worden "
                "overgeslagen.")})
        _controleer_zat_grondslag(deelnemer=deelnemer, door=door, niveau=naar_niveau, grondslag=zat_grondslag,
                                  toelichting=zat_toelichting, datum=datum)
    elif soort == S.AFSLUITEN:
        if uitkomst not in Zorgtraject.Uitkomst.values:
            raise ValidationError({"uitkomst": "Kies de uitkomst van het zorgtraject."})
        if uitkomst == Zorgtraject.Uitkomst.ANDERS and not uitkomst_toelichting.strip():
            raise ValidationError({"uitkomst_toelichting": "Licht de uitkomst 'anders' toe."})
        naar_niveau = huidig
    else:
        raise ValidationError("Onbekende wijziging van het zorgtraject.")

    velden = ["versie", "gewijzigd"]
    actueel.versie += 1
    if soort == S.AFSLUITEN:
        actueel.status = Zorgtraject.Status.AFGESLOTEN
        actueel.afgesloten_op = datum
        actueel.uitkomst = uitkomst
        actueel.uitkomst_toelichting = uitkomst_toelichting
        actueel.zat_bespreken = False
        velden += ["status", "afgesloten_op", "uitkomst", "uitkomst_toelichting", "zat_bespreken"]
    else:
        actueel.niveau = naar_niveau
        velden.append("niveau")
        if soort == S.CRISIS:
            actueel.zat_bespreken = True
            velden.append("zat_bespreken")
        elif naar_niveau.soort == Zorgniveau.Soort.ZAT and actueel.zat_bespreken:
            actueel.zat_bespreken = False  # it is on the ZAT's table now
            velden.append("zat_bespreken")
    if casemanager is not None and casemanager != actueel.casemanager:
        actueel.casemanager = casemanager
        velden.append("casemanager")
    actueel.save(update_fields=velden)
    wijziging = _wijziging_vastleggen(
        actueel, soort=soort, van_niveau=huidig, naar_niveau=naar_niveau, datum=datum, besloten_door=door,
        goedgekeurd_door=goedgekeurd_door, reden=reden, gedaan=gedaan, effect=effect,
        zat_grondslag=zat_grondslag if naar_niveau and naar_niveau.toestemming_vereist else "",
        zat_toelichting=zat_toelichting if naar_niveau and naar_niveau.toestemming_vereist else "",
        uitkomst=uitkomst if soort == S.AFSLUITEN else "",
    )
    if soort == S.CRISIS:
        melden(ontvangers=zorgcoordinatoren_van(deelnemer), soort=Melding.Soort.CRISIS,
               tekst="Crisis vastgelegd: de casus moet in het volgende ZAT besproken worden",
               url=reverse("aanmelding:zorgtraject", args=[deelnemer.pk]))
    return wijziging


# ------------------------------------------------------------------ aanmelding

def _conflict_wijzigingen(actueel: Aanmelding, versie: int):
    """What the other person changed since the version the user opened (from the history)."""
    oud = actueel.history.filter(versie=versie).order_by("-history_date").first()
    nieuw = actueel.history.order_by("-history_date").first()
    if oud is None or nieuw is None:
        return [("Aanmelding", "", "is intussen gewijzigd")]
    wijzigingen = []
    for change in nieuw.diff_against(oud).changes:
        veld = Aanmelding._meta.get_field(change.field)
        weergave = dict(veld.choices or ())
        wijzigingen.append((str(veld.verbose_name).capitalize(), weergave.get(change.old, change.old) or "–",
                            weergave.get(change.new, change.new) or "–"))
    return wijzigingen or [("Aanmelding", "", "is intussen opnieuw opgeslagen")]


@transaction.atomic
def aanmelding_aanmaken(*, deelnemer, aanmelder, bestemming, aanmelder_functie="", problematiek=(),
                        **velden) -> Aanmelding:
    problematiek = list(problematiek)
    aanmelding = Aanmelding(deelnemer=deelnemer, aanmelder=aanmelder, bestemming=bestemming,
                            aanmelder_functie=aanmelder_functie, problematiek_namen=_namen(problematiek), **velden)
    aanmelding.full_clean()
    aanmelding._history_user = aanmelder
    aanmelding.save()
    aanmelding.problematiek.set(problematiek)
    return aanmelding


def _namen(problematiek) -> str:
    return ", ".join(sorted(p.naam for p in problematiek))[:500]


@transaction.atomic
def aanmelding_wijzigen(*, aanmelding, door, versie: int, problematiek=None, **velden) -> Aanmelding:
    """Save the referrer's changes to a concept or returned form; refused (Conflict) when someone
    saved in between, and (ValidationError) once it is submitted."""
    actueel = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    if actueel.versie != versie:
        raise Conflict(actueel, _conflict_wijzigingen(actueel, versie))
    if actueel.aanmelder_id != door.pk:
        raise ValidationError("Alleen de aanmelder kan het formulier wijzigen.")
    if not actueel.bewerkbaar:
        raise ValidationError("Deze aanmelding is ingediend en kan niet meer worden gewijzigd.")
    for naam, waarde in velden.items():
        setattr(actueel, naam, waarde)
    if problematiek is not None:
        problematiek = list(problematiek)
        actueel.problematiek_namen = _namen(problematiek)
    actueel.versie += 1
    actueel.full_clean()
    actueel._history_user = door
    actueel.save()
    if problematiek is not None:
        actueel.problematiek.set(problematiek)
    return actueel


def ontbrekend(aanmelding: Aanmelding) -> dict[str, str]:
    """What must be filled in before the form can be submitted, with the message per field."""
    fouten = {}
    if not aanmelding.problematiek.exists():
        fouten["problematiek"] = "Kies minstens één soort problematiek."
    verplicht = {
        "probleem": "Beschrijf het probleem.",
        "duur": "Geef aan hoe lang het probleem al bestaat.",
        "al_gedaan": "Beschrijf wat er al is gedaan.",
        "effect": "Beschrijf met welk effect dat is gedaan.",
        "hulpvraag": "Formuleer de hulpvraag.",
        "soort_vraag": "Kies het soort vraag: consultatie, gezamenlijke aanpak of verwijzing.",
        "vir_gemeld": "Geef aan of de deelnemer bij de verwijsindex (VIR) is gemeld.",
    }
    for veld, melding in verplicht.items():
        if not str(getattr(aanmelding, veld) or "").strip():
            fouten[veld] = melding
    if aanmelding.bestemming == Aanmelding.Bestemming.IZ and not aanmelding.deelnemer_geinformeerd:
        fouten["deelnemer_geinformeerd"] = "Geef aan of de deelnemer over de aanmelding is geïnformeerd."
    if aanmelding.anoniem_bespreken and not aanmelding.reden_anoniem.strip():
        fouten["reden_anoniem"] = "Geef de reden voor anonieme bespreking."
    if (aanmelding.bestemming == Aanmelding.Bestemming.ZAT and not aanmelding.anoniem_bespreken
            and geldige_toestemming(aanmelding.deelnemer) is None):
        fouten["anoniem_bespreken"] = (
            "Voor het ZAT is toestemming nodig. Leg eerst de toestemming vast, of kies anonieme bespreking "
            "met een reden.")
    return fouten


@transaction.atomic
def aanmelding_indienen(*, aanmelding, door, versie: int) -> Aanmelding:
    actueel = Aanmelding.objects.select_for_update(of=("self",)).select_related("deelnemer").get(pk=aanmelding.pk)
    if actueel.versie != versie:
        raise Conflict(actueel, _conflict_wijzigingen(actueel, versie))
    if actueel.aanmelder_id != door.pk:
        raise ValidationError("Alleen de aanmelder kan het formulier indienen.")
    if not actueel.bewerkbaar:
        raise ValidationError("Deze aanmelding is al ingediend.")
    fouten = ontbrekend(actueel)
    if fouten:
        raise ValidationError(fouten)
    opnieuw = actueel.status == Aanmelding.Status.TERUGGESTUURD
    actueel.status = Aanmelding.Status.INGEDIEND
    actueel.ingediend_op = timezone.now()
    actueel.versie += 1
    actueel._history_user = door
    actueel.save()
    gebeurtenis_vastleggen(
        deelnemer=actueel.deelnemer, soort="aanmelding_ingediend",
        omschrijving=f"Aanmelding voor {actueel.get_bestemming_display()} {'opnieuw ' if opnieuw else ''}ingediend",
        laag=Laag.ZORG, actor=door, obj=actueel)
    melden(ontvangers=intake_ontvangers(actueel), soort=Melding.Soort.NIEUWE_AANMELDING,
           tekst=f"Nieuwe aanmelding voor {actueel.get_bestemming_display()}",
           url=reverse("aanmelding:detail", args=[actueel.pk]))
    return actueel


def _voor_beoordeling(aanmelding, versie) -> Aanmelding:
    actueel = Aanmelding.objects.select_for_update(of=("self",)).select_related("deelnemer", "beoordeeld_door").get(
        pk=aanmelding.pk)
    if actueel.status != Aanmelding.Status.INGEDIEND:
        door = actueel.beoordeeld_door
        wie = f" door {door.get_full_name() or door.username}" if door else ""
        raise Conflict(actueel, [("Status", "Ingediend", f"{actueel.get_status_display()}{wie}")])
    if versie is not None and actueel.versie != versie:
        raise Conflict(actueel, _conflict_wijzigingen(actueel, versie))
    return actueel


@transaction.atomic
def aanmelding_terugsturen(*, aanmelding, door, bericht, versie=None) -> Aanmelding:
    if not bericht.strip():
        raise ValidationError({"bericht": "Schrijf de aanmelder waarom de aanmelding terug gaat."})
    actueel = _voor_beoordeling(aanmelding, versie)
    actueel.status = Aanmelding.Status.TERUGGESTUURD
    actueel.terugkoppeling = bericht
    actueel.beoordeeld_op = timezone.now()
    actueel.beoordeeld_door = door
    actueel.versie += 1
    actueel._history_user = door
    actueel.save()
    gebeurtenis_vastleggen(deelnemer=actueel.deelnemer, soort="aanmelding_teruggestuurd",
                           omschrijving=f"Aanmelding voor {actueel.get_bestemming_display()} teruggestuurd "
                                        "naar de aanmelder", laag=Laag.ZORG, actor=door, obj=actueel)
    melden(ontvangers=[actueel.aanmelder], soort=Melding.Soort.TERUGGESTUURD,
           tekst="Uw aanmelding is teruggestuurd met een bericht", url=reverse("aanmelding:detail",
                                                                              args=[actueel.pk]))
    return actueel


@transaction.atomic
def aanmelding_accepteren(*, aanmelding, door, bericht="", casemanager=None, zat_grondslag="", zat_toelichting="",
                          versie=None) -> Aanmelding:
    """Accept: open the zorgtraject at the requested level, or move the open one there (one rung);
    an SMW referral opens the SMW route beside it."""
    actueel = _voor_beoordeling(aanmelding, versie)
    deelnemer = actueel.deelnemer
    reden = f"Aanmelding voor {actueel.get_bestemming_display()} geaccepteerd."
    if actueel.bestemming == Aanmelding.Bestemming.SMW:
        traject = open_traject(deelnemer, Zorgtraject.Route.SMW)
        if traject is None:
            traject = traject_starten(deelnemer=deelnemer, door=door, route=Zorgtraject.Route.SMW,
                                      casemanager=casemanager or door, reden=reden,
                                      gedaan=actueel.al_gedaan, effect=actueel.effect)
    else:
        if actueel.bestemming == Aanmelding.Bestemming.ZAT and not zat_grondslag:
            zat_grondslag = (Niveauwijziging.Grondslag.ANONIEM if actueel.anoniem_bespreken
                             else Niveauwijziging.Grondslag.TOESTEMMING)
            zat_toelichting = zat_toelichting or actueel.reden_anoniem
        niveau = Zorgniveau.objects.filter(instelling_id=deelnemer.instelling_id,
                                           soort=BESTEMMING_NIVEAU[actueel.bestemming]).order_by("volgorde").first()
        traject = open_traject(deelnemer)
        if traject is None:
            traject = traject_starten(deelnemer=deelnemer, door=door, niveau=niveau, casemanager=casemanager or door,
                                      reden=reden, gedaan=actueel.al_gedaan, effect=actueel.effect,
                                      zat_grondslag=zat_grondslag, zat_toelichting=zat_toelichting)
        elif traject.niveau.volgorde < niveau.volgorde:
            traject_wijzigen(traject=traject, door=door, versie=traject.versie, soort=Niveauwijziging.Soort.OPSCHALEN,
                             naar_niveau=niveau, reden=reden, gedaan=actueel.al_gedaan or "Zie de aanmelding.",
                             effect=actueel.effect or "Zie de aanmelding.", casemanager=casemanager,
                             zat_grondslag=zat_grondslag, zat_toelichting=zat_toelichting)
            traject.refresh_from_db()
        # At this level or higher already: the aanmelding joins the open traject as it is.
    actueel.status = Aanmelding.Status.GEACCEPTEERD
    actueel.terugkoppeling = bericht
    actueel.beoordeeld_op = timezone.now()
    actueel.beoordeeld_door = door
    actueel.zorgtraject = traject
    actueel.versie += 1
    actueel._history_user = door
    actueel.save()
    gebeurtenis_vastleggen(deelnemer=deelnemer, soort="aanmelding_geaccepteerd",
                           omschrijving=f"Aanmelding voor {actueel.get_bestemming_display()} geaccepteerd",
                           laag=Laag.ZORG, actor=door, obj=actueel)
    melden(ontvangers=[actueel.aanmelder], soort=Melding.Soort.GEACCEPTEERD,
           tekst="Uw aanmelding is geaccepteerd", url=reverse("aanmelding:detail", args=[actueel.pk]))
    return actueel


# ------------------------------------------------------------------ signals

@transaction.atomic
def signaal_geven(*, deelnemer, auteur, tekst) -> Signaal:
    signaal = Signaal(deelnemer=deelnemer, auteur=auteur, tekst=tekst.strip())
    signaal.full_clean()
    signaal.save()
    gebeurtenis_vastleggen(deelnemer=deelnemer, soort="signaal", omschrijving="Signaal van een docent over deze "
                           "deelnemer", laag=Laag.BEGELEIDING, actor=auteur, obj=signaal)
    if deelnemer.mentor_id and deelnemer.mentor_id != auteur.pk:
        melden(ontvangers=[deelnemer.mentor], soort=Melding.Soort.SIGNAAL,
               tekst="Een docent heeft een signaal afgegeven over een van uw deelnemers",
               url=reverse("deelnemers:dossier", args=[deelnemer.pk]))
    return signaal
