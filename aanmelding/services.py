"""Every write of the aanmelding app: the aanmeldformulier and its workflow, consent and signals.

Each service is one transaction that writes its timeline line and its access-log row with the Actor
`door` that acts; refused rules raise ValidationError with a Dutch message, concurrent edits Conflict
(zorgstructuur.models). Moving a case along the ladder belongs to zorgstructuur.services: accepting an
aanmelding calls it. Who may call what is decided by privacy.policy.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from deelnemers.models import Gebeurtenis
from deelnemers.services import gebeurtenis_vastleggen
from privacy.actor import Actor
from privacy.log import schrijf
from zorgstructuur import selectors as zorg
from zorgstructuur import services as zorgtraject
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Conflict, Melding, Niveauwijziging, Zorgniveau, Zorgtraject, weergavenaam

from . import selectors
from .models import Aanmelding, Signaal, Toestemming
from .services_smw import smw_traject_registreren

AANMELDING_VELDEN = [
    "probleem", "duur", "al_gedaan", "effect", "beleving", "sterke_kanten", "behoeften", "hulpvraag",
    "soort_vraag", "vir_gemeld", "deelnemer_geinformeerd", "anoniem_bespreken", "reden_anoniem",
]
BESTEMMING_NIVEAU = {Aanmelding.Bestemming.IZ: Zorgniveau.Soort.INTERN_ZORGTEAM,
                     Aanmelding.Bestemming.ZAT: Zorgniveau.Soort.ZAT}


# ------------------------------------------------------------------ toestemming

def controleer_gever(deelnemer, gegeven_door, datum) -> None:
    """The age rule: 16+ the student, 12-15 parent/guardian and student together, <12 the parent/guardian."""
    leeftijd = deelnemer.leeftijd(datum)
    vereist = Toestemming.vereiste_gever(leeftijd)
    if vereist is not None and gegeven_door != vereist:
        label = Toestemming.GegevenDoor(vereist).label
        raise ValidationError({"gegeven_door": (
            f"Op {datum:%d-%m-%Y} was de deelnemer {leeftijd} jaar. Dan geeft {label[0].lower()}{label[1:]} "
            "de toestemming.")})


@transaction.atomic
def toestemming_vastleggen(*, deelnemer, door: Actor, gegeven_door, datum, vorm, informatie, zat_bespreking=True,
                           partners=(), naam_gever="") -> Toestemming:
    if datum > timezone.localdate():
        raise ValidationError({"datum": "De datum van de toestemming ligt in de toekomst."})
    controleer_gever(deelnemer, gegeven_door, datum)
    toestemming = Toestemming(deelnemer=deelnemer, gegeven_door=gegeven_door, datum=datum, vorm=vorm,
                              informatie=informatie, zat_bespreking=zat_bespreking, vastgelegd_door=door.gebruiker,
                              naam_gever=naam_gever)
    toestemming.full_clean()
    toestemming.save()
    toestemming.partners.set(partners)
    gebeurtenis_vastleggen(
        deelnemer=deelnemer, soort=Gebeurtenis.Soort.TOESTEMMING,
        omschrijving=f"Toestemming vastgelegd ({toestemming.get_vorm_display().lower()}, {datum:%d-%m-%Y})",
        laag=Laag.ZORG, actor=door.gebruiker, obj=toestemming)
    schrijf(door, "aanmaken", deelnemer=deelnemer, obj=toestemming)
    return toestemming


@transaction.atomic
def toestemming_intrekken(*, toestemming, door: Actor, datum, reden="") -> Toestemming:
    actueel = Toestemming.objects.select_for_update().select_related("deelnemer").get(pk=toestemming.pk)
    if actueel.ingetrokken_op is not None:
        raise ValidationError(f"Deze toestemming is al ingetrokken op {actueel.ingetrokken_op:%d-%m-%Y}.")
    if datum < actueel.datum:
        raise ValidationError({"datum": "De intrekking ligt vóór de datum waarop de toestemming werd gegeven."})
    if datum > timezone.localdate():
        raise ValidationError({"datum": "De datum van de intrekking ligt in de toekomst."})
    actueel.ingetrokken_op = datum
    actueel.ingetrokken_vastgelegd_door = door.gebruiker
    actueel.reden_intrekking = reden
    actueel.full_clean()
    actueel.save(update_fields=["ingetrokken_op", "ingetrokken_vastgelegd_door", "reden_intrekking"])
    gebeurtenis_vastleggen(deelnemer=actueel.deelnemer, soort=Gebeurtenis.Soort.TOESTEMMING_INGETROKKEN,
                           omschrijving=f"Toestemming ingetrokken per {datum:%d-%m-%Y}", laag=Laag.ZORG,
                           actor=door.gebruiker, obj=actueel)
    schrijf(door, "wijzigen", deelnemer=actueel.deelnemer, obj=actueel, omschrijving="ingetrokken")
    return actueel


# ------------------------------------------------------------------ aanmelding

def _namen(problematiek) -> str:
    return ", ".join(sorted(p.naam for p in problematiek))[:500]


@transaction.atomic
def aanmelding_aanmaken(*, deelnemer, door: Actor, bestemming, aanmelder_functie="", problematiek=(),
                        **velden) -> Aanmelding:
    problematiek = list(problematiek)
    aanmelding = Aanmelding(deelnemer=deelnemer, aanmelder=door.gebruiker, bestemming=bestemming,
                            aanmelder_functie=aanmelder_functie, problematiek_namen=_namen(problematiek), **velden)
    aanmelding.full_clean()
    aanmelding._history_user = door.gebruiker
    aanmelding.save()
    aanmelding.problematiek.set(problematiek)
    schrijf(door, "aanmaken", deelnemer=deelnemer, obj=aanmelding)
    return aanmelding


@transaction.atomic
def aanmelding_wijzigen(*, aanmelding, door: Actor, versie: int, problematiek=None, **velden) -> Aanmelding:
    """Save the referrer's changes to a concept or returned form; refused (Conflict) when someone
    saved in between, and (ValidationError) once it is submitted."""
    actueel = Aanmelding.vergrendel(aanmelding.pk, versie)
    if actueel.aanmelder_id != door.pk:
        raise ValidationError("Alleen de aanmelder kan het formulier wijzigen.")
    if not actueel.bewerkbaar:
        raise ValidationError("Deze aanmelding is ingediend en kan niet meer worden gewijzigd.")
    for naam, waarde in velden.items():
        setattr(actueel, naam, waarde)
    if problematiek is not None:
        problematiek = list(problematiek)
        actueel.problematiek_namen = _namen(problematiek)
    actueel.opslaan(*velden, "problematiek_namen", door=door)
    if problematiek is not None:
        actueel.problematiek.set(problematiek)
    schrijf(door, "wijzigen", obj=actueel)
    return actueel


# What submitting needs, per field the message when it is empty (a concept needs only the destination).
VERPLICHT_BIJ_INDIENEN = {
    "bestemming": "Kies bij wie u aanmeldt: intern zorgteam, ZAT of SMW.",
    "problematiek": "Kies minstens één soort problematiek.",
    "probleem": "Beschrijf het probleem.",
    "duur": "Geef aan hoe lang het probleem al bestaat.",
    "al_gedaan": "Beschrijf wat er al is gedaan.",
    "effect": "Beschrijf met welk effect dat is gedaan.",
    "hulpvraag": "Formuleer de hulpvraag.",
    "soort_vraag": "Kies het soort vraag: consultatie, gezamenlijke aanpak of verwijzing.",
    "vir_gemeld": "Geef aan of de deelnemer bij de verwijsindex (VIR) is gemeld.",
}
# Fields submitting needs only in some cases: when (for the form's label).
VERPLICHT_ALS = {
    "deelnemer_geinformeerd": "bij aanmelding voor het intern zorgteam",
    "reden_anoniem": "bij anonieme bespreking",
}


def ontbrekend_in(gegevens: dict, *, deelnemer) -> dict[str, str]:
    """What must still be filled in before a form with these values (field name → value; problematiek:
    the chosen categories, or whether there are any) can be submitted, with the message per field."""
    fouten = {veld: melding for veld, melding in VERPLICHT_BIJ_INDIENEN.items()
              if not (gegevens.get(veld) if veld == "problematiek" else str(gegevens.get(veld) or "").strip())}
    bestemming = gegevens.get("bestemming")
    if bestemming == Aanmelding.Bestemming.IZ and not gegevens.get("deelnemer_geinformeerd"):
        fouten["deelnemer_geinformeerd"] = "Geef aan of de deelnemer over de aanmelding is geïnformeerd."
    anoniem = gegevens.get("anoniem_bespreken")
    if anoniem and not str(gegevens.get("reden_anoniem") or "").strip():
        fouten["reden_anoniem"] = "Geef de reden voor anonieme bespreking."
    if bestemming == Aanmelding.Bestemming.ZAT and not anoniem and zorg.geldige_toestemming(deelnemer) is None:
        fouten["anoniem_bespreken"] = (
            "Voor het ZAT is toestemming nodig. Leg eerst de toestemming vast, of kies anonieme bespreking "
            "met een reden.")
    return fouten


def ontbrekend(aanmelding: Aanmelding) -> dict[str, str]:
    """What must be filled in before this aanmelding can be submitted, with the message per field."""
    gegevens = {veld: getattr(aanmelding, veld) for veld in ["bestemming", *AANMELDING_VELDEN]}
    return ontbrekend_in({**gegevens, "problematiek": aanmelding.problematiek.exists()},
                         deelnemer=aanmelding.deelnemer)


@transaction.atomic
def aanmelding_indienen(*, aanmelding, door: Actor, versie: int) -> Aanmelding:
    actueel = Aanmelding.vergrendel(aanmelding.pk, versie, select_related=("deelnemer",))
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
    actueel.opslaan("status", "ingediend_op", door=door)
    gebeurtenis_vastleggen(
        deelnemer=actueel.deelnemer, soort=Gebeurtenis.Soort.AANMELDING_INGEDIEND,
        omschrijving=f"Aanmelding voor {actueel.get_bestemming_display()} {'opnieuw ' if opnieuw else ''}ingediend",
        laag=Laag.ZORG, actor=door.gebruiker, obj=actueel)
    if opnieuw:  # the referrer's "returned" notification is dealt with
        zorgtraject.meldingen_afgehandeld(obj=actueel, soorten=[Melding.Soort.TERUGGESTUURD])
    zorgtraject.melden(ontvangers=selectors.intake_ontvangers(actueel), soort=Melding.Soort.NIEUWE_AANMELDING,
                       tekst=f"Nieuwe aanmelding voor {actueel.get_bestemming_display()}",
                       url=reverse("aanmelding:detail", args=[actueel.pk]), deelnemer=actueel.deelnemer,
                       obj=actueel, door=door)
    schrijf(door, "wijzigen", obj=actueel, omschrijving="ingediend")
    return actueel


def _voor_beoordeling(aanmelding, versie) -> Aanmelding:
    """The submitted aanmelding, locked; Conflict when someone else judged it or changed it meanwhile."""
    actueel = Aanmelding.vergrendel(aanmelding.pk, select_related=("deelnemer", "beoordeeld_door"))
    if actueel.status != Aanmelding.Status.INGEDIEND:
        door = actueel.beoordeeld_door
        wie = f" door {weergavenaam(door)}" if door else ""
        raise Conflict(actueel, [("Status", "Ingediend", f"{actueel.get_status_display()}{wie}")])
    if versie is not None and actueel.versie != versie:
        raise Conflict(actueel, actueel.wijzigingen_sinds(versie))
    return actueel


def _beoordeeld(actueel: Aanmelding, door: Actor, *, status, bericht, soort: Gebeurtenis.Soort, omschrijving,
                melding: Melding.Soort, meldtekst) -> Aanmelding:
    actueel.status = status
    actueel.terugkoppeling = bericht
    actueel.beoordeeld_op = timezone.now()
    actueel.beoordeeld_door = door.gebruiker
    actueel.opslaan("status", "terugkoppeling", "beoordeeld_op", "beoordeeld_door", "zorgtraject", door=door)
    gebeurtenis_vastleggen(deelnemer=actueel.deelnemer, soort=soort, omschrijving=omschrijving, laag=Laag.ZORG,
                           actor=door.gebruiker, obj=actueel)
    # Judged: the intake's "new aanmelding" notifications leave everyone's Mijn werk.
    zorgtraject.meldingen_afgehandeld(obj=actueel, soorten=[Melding.Soort.NIEUWE_AANMELDING])
    zorgtraject.melden(ontvangers=[actueel.aanmelder], soort=melding, tekst=meldtekst,
                       url=reverse("aanmelding:detail", args=[actueel.pk]), deelnemer=actueel.deelnemer,
                       obj=actueel, door=door)
    schrijf(door, "wijzigen", obj=actueel, omschrijving=f"aanmelding {actueel.get_status_display().lower()}")
    return actueel


@transaction.atomic
def aanmelding_terugsturen(*, aanmelding, door: Actor, bericht, versie=None) -> Aanmelding:
    if not bericht.strip():
        raise ValidationError({"bericht": "Schrijf de aanmelder waarom de aanmelding terug gaat."})
    actueel = _voor_beoordeling(aanmelding, versie)
    return _beoordeeld(
        actueel, door, status=Aanmelding.Status.TERUGGESTUURD, bericht=bericht,
        soort=Gebeurtenis.Soort.AANMELDING_TERUGGESTUURD,
        omschrijving=f"Aanmelding voor {actueel.get_bestemming_display()} teruggestuurd naar de aanmelder",
        melding=Melding.Soort.TERUGGESTUURD,
        meldtekst=f"Uw aanmelding voor {actueel.get_bestemming_display()} is teruggestuurd met een bericht")


def _traject_voor(actueel: Aanmelding, door: Actor, *, casemanager, zat_grondslag, zat_toelichting) -> Zorgtraject:
    """Open the zorgtraject at the requested level, or move the open one there (one rung); an SMW
    referral opens the SMW route beside it. At that level or higher already: join the open traject."""
    deelnemer = actueel.deelnemer
    reden = f"Aanmelding voor {actueel.get_bestemming_display()} geaccepteerd."
    if actueel.bestemming == Aanmelding.Bestemming.SMW:
        return zorg.open_traject(deelnemer, Zorgtraject.Route.SMW) or zorgtraject.traject_starten(
            deelnemer=deelnemer, door=door, route=Zorgtraject.Route.SMW, casemanager=casemanager, reden=reden,
            gedaan=actueel.al_gedaan, effect=actueel.effect)
    if actueel.bestemming == Aanmelding.Bestemming.ZAT and not zat_grondslag:
        zat_grondslag = (Niveauwijziging.Grondslag.ANONIEM if actueel.anoniem_bespreken
                         else Niveauwijziging.Grondslag.TOESTEMMING)
        zat_toelichting = zat_toelichting or actueel.reden_anoniem
    niveau = Zorgniveau.objects.filter(instelling_id=deelnemer.instelling_id,
                                       soort=BESTEMMING_NIVEAU[actueel.bestemming]).order_by("volgorde").first()
    traject = zorg.open_traject(deelnemer)
    if traject is None:
        return zorgtraject.traject_starten(
            deelnemer=deelnemer, door=door, niveau=niveau, casemanager=casemanager, reden=reden,
            gedaan=actueel.al_gedaan, effect=actueel.effect, zat_grondslag=zat_grondslag,
            zat_toelichting=zat_toelichting)
    if traject.niveau.volgorde < niveau.volgorde:
        traject.deelnemer = deelnemer
        volgende = zorg.trede(traject, +1)
        if volgende != niveau:
            raise ValidationError(
                f"Het zorgtraject staat op {traject.niveau.naam}; opschalen gaat één trede tegelijk, naar "
                f"{volgende.naam if volgende else '(geen niveau)'}. Schaal eerst op, of stuur de aanmelding terug.")
        zorgtraject.opschalen(traject=traject, door=door, versie=traject.versie, reden=reden,
                              gedaan=actueel.al_gedaan or "Zie de aanmelding.",
                              effect=actueel.effect or "Zie de aanmelding.", casemanager=casemanager,
                              zat_grondslag=zat_grondslag, zat_toelichting=zat_toelichting)
    return traject


@transaction.atomic
def aanmelding_accepteren(*, aanmelding, door: Actor, bericht="", casemanager=None, zat_grondslag="",
                          zat_toelichting="", versie=None) -> Aanmelding:
    """Accept, and bring the case to the requested level (see _traject_voor)."""
    actueel = _voor_beoordeling(aanmelding, versie)
    actueel.zorgtraject = _traject_voor(actueel, door, casemanager=casemanager, zat_grondslag=zat_grondslag,
                                        zat_toelichting=zat_toelichting)
    if actueel.bestemming == Aanmelding.Bestemming.SMW:  # the SMW's registration beside the route (issue 11)
        smw_traject_registreren(zorgtraject=actueel.zorgtraject, door=door, aanmelding=actueel)
    return _beoordeeld(
        actueel, door, status=Aanmelding.Status.GEACCEPTEERD, bericht=bericht,
        soort=Gebeurtenis.Soort.AANMELDING_GEACCEPTEERD,
        omschrijving=f"Aanmelding voor {actueel.get_bestemming_display()} geaccepteerd",
        melding=Melding.Soort.GEACCEPTEERD,
        meldtekst=f"Uw aanmelding voor {actueel.get_bestemming_display()} is geaccepteerd")


@transaction.atomic
def aanmelding_agenderen(*, aanmelding, door: Actor) -> Aanmelding:
    """An accepted aanmelding put on a meeting's agenda (called by overleg.services.agendapunt_toevoegen,
    which writes the timeline line of the agendapunt)."""
    actueel = Aanmelding.vergrendel(aanmelding.pk, select_related=("deelnemer",))
    if actueel.status != Aanmelding.Status.GEACCEPTEERD:
        raise ValidationError(
            f"Deze aanmelding is {actueel.get_status_display().lower()}; alleen een geaccepteerde aanmelding "
            "kan worden geagendeerd.")
    actueel.status = Aanmelding.Status.GEAGENDEERD
    actueel.opslaan("status", door=door)
    schrijf(door, "wijzigen", obj=actueel, omschrijving="aanmelding geagendeerd")
    return actueel


@transaction.atomic
def aanmelding_van_agenda(*, aanmelding, door: Actor) -> Aanmelding:
    """Its agendapunt was taken off the agenda before the meeting: accepted again, so a candidate again."""
    actueel = Aanmelding.vergrendel(aanmelding.pk, select_related=("deelnemer",))
    if actueel.status != Aanmelding.Status.GEAGENDEERD:
        return actueel
    actueel.status = Aanmelding.Status.GEACCEPTEERD
    actueel.opslaan("status", door=door)
    schrijf(door, "wijzigen", obj=actueel, omschrijving="aanmelding van de agenda gehaald")
    return actueel


# ------------------------------------------------------------------ signals

@transaction.atomic
def signaal_geven(*, deelnemer, door: Actor, tekst) -> Signaal:
    signaal = Signaal(deelnemer=deelnemer, auteur=door.gebruiker, tekst=tekst.strip())
    signaal.full_clean()
    signaal.save()
    gebeurtenis_vastleggen(deelnemer=deelnemer, soort=Gebeurtenis.Soort.SIGNAAL,
                           omschrijving="Signaal van een docent over deze deelnemer", laag=Laag.BEGELEIDING,
                           actor=door.gebruiker, obj=signaal)
    if deelnemer.mentor_id and deelnemer.mentor_id != door.pk:
        zorgtraject.melden(ontvangers=[deelnemer.mentor], soort=Melding.Soort.SIGNAAL,
                           tekst="Een docent heeft een signaal afgegeven over een van uw deelnemers",
                           url=reverse("deelnemers:dossier", args=[deelnemer.pk]), deelnemer=deelnemer,
                           obj=signaal, door=door)
    schrijf(door, "aanmaken", deelnemer=deelnemer, obj=signaal)
    return signaal


@transaction.atomic
def signaal_afhandelen(*, signaal, door: Actor) -> Signaal:
    """The mentor (or who reads the begeleiding layer; privacy.policy.mag_signaal_afhandelen) has dealt with
    the signal: it leaves Mijn werk, with its notification."""
    actueel = Signaal.objects.select_for_update().select_related("deelnemer").get(pk=signaal.pk)
    if actueel.afgehandeld_op is not None:
        return actueel  # done twice (two tabs, a double click): the first one counts
    actueel.afgehandeld_op = timezone.now()
    actueel.afgehandeld_door = door.gebruiker
    actueel.save(update_fields=["afgehandeld_op", "afgehandeld_door"])
    gebeurtenis_vastleggen(deelnemer=actueel.deelnemer, soort=Gebeurtenis.Soort.SIGNAAL,
                           omschrijving="Signaal van een docent afgehandeld", laag=Laag.BEGELEIDING,
                           actor=door.gebruiker, obj=actueel)
    zorgtraject.meldingen_afgehandeld(obj=actueel)
    schrijf(door, "wijzigen", deelnemer=actueel.deelnemer, obj=actueel, omschrijving="signaal afgehandeld")
    return actueel
