"""Every write of the overleg app: meetings and series, the agenda, what is recorded per item, actions.

Each service is one transaction that writes its access-log row and, where a student is concerned, the
timeline line at the meeting's layer (zorg for an IZ, zat for a ZAT), with the Actor `door` that acts.
Refused rules raise ValidationError with a Dutch message, concurrent edits of an agendapunt Conflict
(zorgstructuur.models). Who may call what is decided by privacy.policy.overleg; the services that change
the agenda check it again, so no caller can skip it.
"""

from __future__ import annotations

import secrets
from datetime import date, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from aanmelding import services as aanmeldingen
from aanmelding.models import Aanmelding
from deelnemers.models import DossierItem, Gebeurtenis
from deelnemers.services import dossieritem_toevoegen, gebeurtenis_vastleggen
from privacy import policy
from privacy.actor import Actor
from privacy.log import schrijf, schrijf_per_deelnemer
from privacy.models import DeelnemerToegang
from zorgstructuur import services as zorgtraject
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Lidmaatschap, Melding, Team, Zorgtraject, weergavenaam
from zorgstructuur.services import melden, meldingen_afgehandeld

from .afdruk import token_hash
from .models import Aanwezigheid, Actie, Agendafeed, Agendapunt, Nazorg, Overleg, Overlegreeks, Uitnodiging
from .selectors import (
    anoniem_gewenst,
    interne_leden,
    maanden_later,
    nazorgbesluit,
    toestemming_partners,
    volgend_zat,
    zonder_zat_toestemming,
)

# The fields of an item the meeting records (agendapunt_vastleggen).
VERSLAG_VELDEN = [
    "informatie", "analyse", "probleembeleving", "oplossingsrichtingen", "besluit", "contactpersoon",
    "terugkoppeling_deelnemer", "informeert_aanmelder", "vir_besluit", "vir_door", "vir_datum",
    "volgende_evaluatie",
]
# Recorded with the item besides VERSLAG_VELDEN (agendapunt_vastleggen).
BESPREKING_VELDEN = ["handelingsadvies", "evaluatie_doelen"]
# A series creates at most this many meetings at once (about two school years every week).
REEKS_MAX = 104


def _interne_leden(team: Team, op: date):
    """The team's valid internal members on that date (external partners come by invitation)."""
    return Lidmaatschap.objects.geldig(op).intern().filter(team=team)


def _controleer_tijden(begintijd: time, eindtijd: time) -> None:
    if eindtijd <= begintijd:
        raise ValidationError({"eindtijd": "De eindtijd ligt na de begintijd."})


def _controleer_rollen(team: Team, op: date, **rollen) -> None:
    """The chair and the minute-taker are internal members of the team."""
    for veld, gebruiker in rollen.items():
        if gebruiker is not None and not _interne_leden(team, op).filter(gebruiker=gebruiker).exists():
            raise ValidationError({veld: f"{weergavenaam(gebruiker)} is geen lid van {team.naam}."})


def _mag_plannen(door: Actor, team: Team) -> None:
    if not policy.mag_overleg_plannen(door.gebruiker, team):
        raise ValidationError(f"Alleen de zorgcoördinator plant de overleggen van {team.naam}.")


def _gepland(overleg: Overleg, door: Actor | None = None) -> Overleg:
    """The meeting locked for the transaction; refused once it is held or cancelled, and (with `door`)
    for anyone but the chair or the zorgcoördinator."""
    actueel = Overleg.objects.select_for_update(of=("self",)).select_related("team").get(pk=overleg.pk)
    if door is not None and not policy.mag_agenda_bewerken(door.gebruiker, actueel):
        raise ValidationError("Alleen de voorzitter of de zorgcoördinator wijzigt dit overleg.")
    if actueel.status != Overleg.Status.GEPLAND:
        raise ValidationError(f"Dit overleg is {actueel.get_status_display().lower()}; het kan niet meer "
                              "worden gewijzigd.")
    return actueel


def _nieuw_overleg(*, team, datum, begintijd, eindtijd, plaats, voorzitter, notulist, reeks=None) -> Overleg:
    overleg = Overleg(team=team, datum=datum, begintijd=begintijd, eindtijd=eindtijd, plaats=plaats,
                      voorzitter=voorzitter, notulist=notulist, reeks=reeks)
    overleg.full_clean()
    overleg.save()
    return overleg


def _aanwezigheden(overleggen: list[Overleg], team: Team) -> None:
    """Members attend by default: one row per internal member (the status is changed at the meeting)."""
    rijen = []
    for overleg in overleggen:
        leden = {lid.gebruiker_id for lid in _interne_leden(team, overleg.datum).only("gebruiker_id")}
        rijen += [Aanwezigheid(overleg=overleg, gebruiker_id=pk) for pk in sorted(leden)]
    Aanwezigheid.objects.bulk_create(rijen)


@transaction.atomic
def overleg_plannen(*, team: Team, door: Actor, datum: date, begintijd: time, eindtijd: time, plaats="",
                    voorzitter=None, notulist=None) -> Overleg:
    _mag_plannen(door, team)
    _controleer_tijden(begintijd, eindtijd)
    if datum < timezone.localdate():
        raise ValidationError({"datum": "Een nieuw overleg ligt niet in het verleden."})
    _controleer_rollen(team, datum, voorzitter=voorzitter, notulist=notulist)
    overleg = _nieuw_overleg(team=team, datum=datum, begintijd=begintijd, eindtijd=eindtijd, plaats=plaats,
                             voorzitter=voorzitter, notulist=notulist)
    _aanwezigheden([overleg], team)
    schrijf(door, "aanmaken", obj=overleg, omschrijving=f"overleg gepland op {datum:%d-%m-%Y}")
    return overleg


def reeksdata(*, vanaf: date, tot_en_met: date, weekdag: int, interval_weken: int) -> list[date]:
    """The local dates of a series: the first `weekdag` on or after `vanaf`, then every `interval_weken`
    weeks up to and including `tot_en_met`. Dates, not moments: a meeting at 14:00 stays at 14:00 local
    time across a daylight-saving change."""
    eerste = vanaf + timedelta(days=(weekdag - vanaf.weekday()) % 7)
    stap = timedelta(weeks=interval_weken)
    data = []
    datum = eerste
    while datum <= tot_en_met:
        data.append(datum)
        datum += stap
    return data


@transaction.atomic
def reeks_aanmaken(*, team: Team, door: Actor, weekdag: int, begintijd: time, eindtijd: time, vanaf: date,
                   tot_en_met: date, interval_weken: int = 2, plaats="", voorzitter=None,
                   notulist=None) -> Overlegreeks:
    """A recurring meeting and all its meetings from `vanaf` to `tot_en_met`."""
    _mag_plannen(door, team)
    _controleer_tijden(begintijd, eindtijd)
    if vanaf < timezone.localdate():
        raise ValidationError({"vanaf": "Een nieuwe reeks begint niet in het verleden."})
    if tot_en_met < vanaf:
        raise ValidationError({"tot_en_met": "De einddatum van de reeks ligt na de begindatum."})
    reeks = Overlegreeks(team=team, interval_weken=interval_weken, weekdag=weekdag, begintijd=begintijd,
                         eindtijd=eindtijd, plaats=plaats, vanaf=vanaf, tot_en_met=tot_en_met)
    reeks.full_clean()
    data = reeksdata(vanaf=vanaf, tot_en_met=tot_en_met, weekdag=weekdag, interval_weken=interval_weken)
    if not data:
        raise ValidationError({"tot_en_met": "In deze periode valt geen enkel overleg."})
    if len(data) > REEKS_MAX:
        raise ValidationError({"tot_en_met": f"Een reeks maakt hoogstens {REEKS_MAX} overleggen aan; kies een "
                                             "eerdere einddatum."})
    _controleer_rollen(team, vanaf, voorzitter=voorzitter, notulist=notulist)
    reeks.save()
    overleggen = [_nieuw_overleg(team=team, datum=datum, begintijd=begintijd, eindtijd=eindtijd, plaats=plaats,
                                 voorzitter=voorzitter, notulist=notulist, reeks=reeks) for datum in data]
    _aanwezigheden(overleggen, team)
    schrijf(door, "aanmaken", obj=reeks, omschrijving=f"reeks van {len(data)} overleggen")
    return reeks


@transaction.atomic
def overleg_verplaatsen(*, overleg: Overleg, door: Actor, datum: date, begintijd: time, eindtijd: time,
                        plaats=None) -> Overleg:
    actueel = _gepland(overleg, door)
    _controleer_tijden(begintijd, eindtijd)
    if datum < timezone.localdate():
        raise ValidationError({"datum": "Een overleg wordt niet naar het verleden verplaatst."})
    was = f"{actueel.datum:%d-%m-%Y} {actueel.begintijd:%H:%M}"
    actueel.datum, actueel.begintijd, actueel.eindtijd = datum, begintijd, eindtijd
    if plaats is not None:
        actueel.plaats = plaats
    actueel.full_clean()
    actueel.save(update_fields=["datum", "begintijd", "eindtijd", "plaats"])
    schrijf(door, "wijzigen", obj=actueel,
            omschrijving=f"overleg verplaatst van {was} naar {datum:%d-%m-%Y} {begintijd:%H:%M}")
    uitnodigingen_verschuiven(overleg=actueel, door=door)
    return actueel


@transaction.atomic
def overleg_annuleren(*, overleg: Overleg, door: Actor, reden="") -> Overleg:
    """Cancel a planned meeting; its items are carried over to the team's next meeting (selectors)."""
    actueel = _gepland(overleg, door)
    actueel.status = Overleg.Status.GEANNULEERD
    actueel.reden_annulering = reden.strip()
    actueel.full_clean()
    actueel.save(update_fields=["status", "reden_annulering"])
    schrijf(door, "wijzigen", obj=actueel, omschrijving="overleg geannuleerd")
    uitnodigingen_beeindigen(overleg=actueel, door=door)
    return actueel


@transaction.atomic
def overleg_gehouden(*, overleg: Overleg, door: Actor) -> Overleg:
    """The meeting took place; items not recorded as discussed become carried-over candidates."""
    actueel = _gepland(overleg, door)
    if actueel.datum > timezone.localdate():
        raise ValidationError("Een overleg in de toekomst kan nog niet gehouden zijn.")
    actueel.status = Overleg.Status.GEHOUDEN
    actueel.save(update_fields=["status"])
    schrijf(door, "wijzigen", obj=actueel, omschrijving="overleg gehouden")
    return actueel


@transaction.atomic
def aanwezigheid_vastleggen(*, overleg: Overleg, door: Actor, gebruiker, status) -> Aanwezigheid:
    if status not in Aanwezigheid.Status.values:
        raise ValidationError({"status": "Kies aanwezig of afwezig."})
    actueel = Overleg.objects.select_related("team").get(pk=overleg.pk)
    if not policy.mag_agendapunt_vastleggen(door.gebruiker, actueel):
        raise ValidationError("Alleen de voorzitter, de notulist of de zorgcoördinator legt de aanwezigheid vast.")
    if actueel.status == Overleg.Status.GEANNULEERD:
        raise ValidationError("Dit overleg is geannuleerd.")
    if not (actueel.aanwezigheden.filter(gebruiker=gebruiker).exists()
            or _interne_leden(actueel.team, actueel.datum).filter(gebruiker=gebruiker).exists()):
        raise ValidationError({"gebruiker": f"{weergavenaam(gebruiker)} is geen lid van {actueel.team.naam}."})
    aanwezigheid, _ = Aanwezigheid.objects.select_for_update().get_or_create(
        overleg=actueel, gebruiker=gebruiker, defaults={"status": status})
    aanwezigheid.status = status
    aanwezigheid.save(update_fields=["status"])
    schrijf(door, "wijzigen", obj=actueel, omschrijving=f"aanwezigheid: {aanwezigheid.get_status_display()}")
    return aanwezigheid


# ------------------------------------------------------------------ the agenda

def _mag_agenda(door: Actor, overleg: Overleg) -> None:
    if not policy.mag_agenda_bewerken(door.gebruiker, overleg):
        raise ValidationError("Alleen de voorzitter of de zorgcoördinator stelt de agenda van dit overleg op.")


@transaction.atomic
def agendapunt_toevoegen(*, overleg: Overleg, door: Actor, deelnemer, reden, aanmelding: Aanmelding | None = None,
                         volgorde: int | None = None, minuten: int = 10, inbrenger=None,
                         anoniem: bool = False) -> Agendapunt:
    """Put a student on the agenda (usually a candidate from overleg.selectors.kandidaten); an accepted
    aanmelding becomes `geagendeerd`."""
    actueel = _gepland(overleg)
    _mag_agenda(door, actueel)
    team = actueel.team
    locaties = {loc.pk: loc.naam for loc in team.locaties.all()}
    if deelnemer.instelling_id != team.instelling_id or deelnemer.locatie_id not in locaties:
        bediend = ", ".join(sorted(locaties.values())) or "geen locatie"
        raise ValidationError(
            f"Deze deelnemer staat ingeschreven op locatie {deelnemer.locatie.naam}; {team.naam} bespreekt "
            f"alleen deelnemers van {bediend}.")
    if reden not in Agendapunt.Reden.values:
        raise ValidationError({"reden": "Kies waarom de deelnemer op de agenda komt."})
    if actueel.agendapunten.filter(deelnemer=deelnemer).exists():
        raise ValidationError("Deze deelnemer staat al op de agenda van dit overleg.")
    # The item that was not reached (held meeting) or whose meeting was cancelled: it carries over.
    doorgeschoven = (Agendapunt.objects.filter(overleg__team=team, deelnemer=deelnemer, besproken=False,
                                               overleg__datum__lte=actueel.datum)
                     .exclude(overleg=actueel).order_by("-overleg__datum", "-id").first())
    if aanmelding is not None:
        if aanmelding.deelnemer_id != deelnemer.pk:
            raise ValidationError("Deze aanmelding hoort bij een andere deelnemer.")
        # A carried-over aanmelding is geagendeerd already and stays so.
        if not (doorgeschoven and doorgeschoven.aanmelding_id == aanmelding.pk):
            aanmeldingen.aanmelding_agenderen(aanmelding=aanmelding, door=door)
    if volgorde is None:
        laatste = actueel.agendapunten.order_by("-volgorde").values_list("volgorde", flat=True).first()
        volgorde = (laatste or 0) + 1
    # The referrer's wish to discuss anonymously carries over, and so does the chair's choice for an item
    # carried over: one click must not put a student by name where they were anonymous.
    anoniem = anoniem or anoniem_gewenst(aanmelding, doorgeschoven)
    _controleer_zat_anoniem(actueel, deelnemer.pk, anoniem)
    punt = Agendapunt(overleg=actueel, deelnemer=deelnemer, reden=reden, aanmelding=aanmelding,
                      volgorde=volgorde, minuten=minuten, inbrenger=inbrenger, anoniem=anoniem)
    punt.full_clean()
    punt._history_user = door.gebruiker
    punt.save()
    gebeurtenis_vastleggen(
        deelnemer=deelnemer, soort=Gebeurtenis.Soort.OVERLEG_GEAGENDEERD,
        omschrijving=(f"Geagendeerd voor {team.naam} op {actueel.datum:%d-%m-%Y} "
                      f"({punt.get_reden_display().lower()})"),
        laag=actueel.laag, actor=door.gebruiker, obj=punt)
    schrijf(door, "aanmaken", obj=punt, omschrijving="agendapunt toegevoegd")
    return punt


_ONGEWIJZIGD = object()


@transaction.atomic
def agendapunt_wijzigen(*, agendapunt: Agendapunt, door: Actor, versie: int, volgorde: int | None = None,
                        minuten: int | None = None, inbrenger=_ONGEWIJZIGD, anoniem: bool | None = None) -> Agendapunt:
    """The chair orders the agenda, sets the minutes, the inbrenger and whether the item is anonymous."""
    actueel = Agendapunt.vergrendel(agendapunt.pk, versie, select_related=("overleg", "overleg__team"))
    _mag_agenda(door, _gepland(actueel.overleg))
    if anoniem is False:  # only naming the student needs consent; ordering leaves the mark as it is
        _controleer_zat_anoniem(actueel.overleg, actueel.deelnemer_id, anoniem)
    velden = []
    for naam, waarde in (("volgorde", volgorde), ("minuten", minuten), ("anoniem", anoniem)):
        if waarde is not None:
            setattr(actueel, naam, waarde)
            velden.append(naam)
    if inbrenger is not _ONGEWIJZIGD:
        actueel.inbrenger = inbrenger
        velden.append("inbrenger")
    actueel.opslaan(*velden, door=door)
    schrijf(door, "wijzigen", obj=actueel, omschrijving="agendapunt gewijzigd")
    if anoniem:
        uitnodigingen_anoniem(agendapunt=actueel, door=door)
    return actueel


@transaction.atomic
def agendapunt_verwijderen(*, agendapunt: Agendapunt, door: Actor, versie: int) -> None:
    """Take an item off a planned meeting's agenda: the student is a candidate again (an aanmelding goes back
    to geaccepteerd). Once the meeting is held an item stays; not reached, it is carried over."""
    actueel = Agendapunt.vergrendel(agendapunt.pk, versie, select_related=("overleg", "overleg__team",
                                                                           "deelnemer", "aanmelding"))
    overleg = _gepland(actueel.overleg)
    _mag_agenda(door, overleg)
    if actueel.acties.exists():
        raise ValidationError("Dit agendapunt heeft al acties; het kan niet meer van de agenda.")
    if actueel.aanmelding is not None:
        aanmeldingen.aanmelding_van_agenda(aanmelding=actueel.aanmelding, door=door)
    uitnodigingen_beeindigen(agendapunt=actueel, door=door)
    deelnemer, pk = actueel.deelnemer, actueel.pk
    actueel._history_user = door.gebruiker
    actueel.delete()
    gebeurtenis_vastleggen(
        deelnemer=deelnemer, soort=Gebeurtenis.Soort.OVERLEG_GEAGENDEERD,
        omschrijving=f"Van de agenda van {overleg.team.naam} op {overleg.datum:%d-%m-%Y} gehaald",
        laag=overleg.laag, actor=door.gebruiker)
    schrijf(door, "verwijderen", deelnemer=deelnemer, object_type="agendapunt", object_id=pk, laag=overleg.laag,
            omschrijving="agendapunt van de agenda gehaald")


def _mag_vastleggen(door: Actor, overleg: Overleg, wat: str) -> None:
    """What a meeting decides is recorded by its chair, minute-taker or zorgcoördinator, on or after its day,
    and not for a cancelled meeting."""
    if not policy.mag_agendapunt_vastleggen(door.gebruiker, overleg):
        raise ValidationError(f"Alleen de voorzitter, de notulist of de zorgcoördinator legt {wat} vast.")
    if overleg.status == Overleg.Status.GEANNULEERD:
        raise ValidationError("Dit overleg is geannuleerd; er valt niets vast te leggen.")
    if overleg.datum > timezone.localdate():
        raise ValidationError(f"Dit overleg is nog niet geweest; {wat} wordt op of na de dag van het overleg "
                              "vastgelegd.")


@transaction.atomic
def agendapunt_vastleggen(*, agendapunt: Agendapunt, door: Actor, versie: int, besproken: bool = True,
                          **velden) -> Agendapunt:
    """What the meeting recorded for one item. Versioned: Conflict when someone saved it in between.
    Without a next evaluation date a discussed item gets the meeting date + the instelling's weeks."""
    onbekend = set(velden) - set(VERSLAG_VELDEN) - set(BESPREKING_VELDEN)
    if onbekend:
        raise TypeError(f"Onbekende velden: {', '.join(sorted(onbekend))}")
    actueel = Agendapunt.vergrendel(agendapunt.pk, versie,
                                    select_related=("overleg", "overleg__team", "overleg__team__instelling",
                                                    "deelnemer", "deelnemer__mentor", "aanmelding",
                                                    "niveauwijziging__naar_niveau"))
    advies_was, was_besproken = actueel.handelingsadvies, actueel.besproken
    overleg = actueel.overleg
    _mag_vastleggen(door, overleg, "de bespreking")
    for naam, waarde in velden.items():
        setattr(actueel, naam, waarde)
    actueel.besproken = besproken
    if besproken and actueel.volgende_evaluatie is None:
        actueel.volgende_evaluatie = overleg.datum + timedelta(weeks=overleg.team.instelling.evaluatie_weken)
    fouten = {}
    if actueel.volgende_evaluatie is not None and actueel.volgende_evaluatie <= overleg.datum:
        fouten["volgende_evaluatie"] = "De volgende evaluatie ligt na de datum van het overleg."
    if actueel.vir_besluit == Agendapunt.JaNeeOnbekend.JA and not actueel.vir_door.strip():
        fouten["vir_door"] = "Geef aan wie de melding bij de verwijsindex doet."
    if actueel.vir_datum is not None and actueel.vir_datum < overleg.datum:
        fouten["vir_datum"] = "De VIR-melding ligt op of na de datum van het overleg."
    if fouten:
        raise ValidationError(fouten)
    if besproken:
        _advies_delen(actueel, door, was=advies_was)
    actueel.opslaan(*VERSLAG_VELDEN, *BESPREKING_VELDEN, "advies_item", "besproken", door=door)
    if besproken and not was_besproken:
        _aanmelder_informeren(actueel, door)
        _crisis_besproken(actueel, door)
    if besproken:
        gebeurtenis_vastleggen(
            deelnemer=actueel.deelnemer, soort=Gebeurtenis.Soort.OVERLEG_BESPROKEN,
            omschrijving=f"Besproken in {overleg.team.naam} op {overleg.datum:%d-%m-%Y}", laag=overleg.laag,
            actor=door.gebruiker, obj=actueel)
    schrijf(door, "wijzigen", obj=actueel,
            omschrijving="bespreking vastgelegd" if besproken else "agendapunt niet besproken")
    return actueel


# ------------------------------------------------------------------ actions

@transaction.atomic
def actie_toevoegen(*, agendapunt: Agendapunt, door: Actor, eigenaar, omschrijving: str,
                    deadline: date) -> Actie:
    """An action of the plan van aanpak. The owner is an internal member of the team, or an external partner
    validly invited to this item (policy.geldige_uitnodigingen: end date and consent)."""
    punt = Agendapunt.objects.select_related("overleg", "overleg__team", "deelnemer").get(pk=agendapunt.pk)
    overleg = punt.overleg
    if not policy.mag_agendapunt_vastleggen(door.gebruiker, overleg):
        raise ValidationError("Alleen de voorzitter, de notulist of de zorgcoördinator legt het plan van aanpak vast.")
    if overleg.status == Overleg.Status.GEANNULEERD:
        raise ValidationError("Dit overleg is geannuleerd.")
    fouten = {}
    if not omschrijving.strip():
        fouten["omschrijving"] = "Beschrijf wat er gedaan moet worden."
    if deadline < overleg.datum:
        fouten["deadline"] = "De deadline ligt niet vóór de datum van het overleg."
    if eigenaar is None:
        fouten["eigenaar"] = "Kies wie de actie uitvoert."
    elif not (_interne_leden(overleg.team, timezone.localdate()).filter(gebruiker=eigenaar).exists()
              or policy.geldige_uitnodigingen(eigenaar).filter(agendapunt_id=punt.pk).exists()):
        fouten["eigenaar"] = (f"{weergavenaam(eigenaar)} is geen lid van {overleg.team.naam} en niet uitgenodigd "
                              "voor dit agendapunt; een actie is voor een lid van het team of een uitgenodigde "
                              "partner.")
    if fouten:
        raise ValidationError(fouten)
    actie = Actie(agendapunt=punt, eigenaar=eigenaar, omschrijving=omschrijving.strip(), deadline=deadline)
    actie.full_clean()
    actie.save()
    gebeurtenis_vastleggen(
        deelnemer=punt.deelnemer, soort=Gebeurtenis.Soort.OVERLEG_ACTIE,
        omschrijving=f"Actie voor {weergavenaam(eigenaar)} tot {deadline:%d-%m-%Y}", laag=overleg.laag,
        actor=door.gebruiker, obj=actie)
    schrijf(door, "aanmaken", obj=actie, deelnemer=punt.deelnemer, laag=overleg.laag, omschrijving="actie")
    return actie


@transaction.atomic
def actie_afronden(*, actie: Actie, door: Actor, status=Actie.Status.GEDAAN, notitie="") -> Actie:
    """Mark an open action done or lapsed: by its owner, the meeting's chair or the team's zorgcoördinator."""
    actueel = Actie.objects.select_for_update(of=("self",)).select_related(
        "agendapunt", "agendapunt__overleg", "agendapunt__overleg__team", "agendapunt__deelnemer").get(pk=actie.pk)
    overleg = actueel.agendapunt.overleg
    if not policy.mag_actie_afronden(door.gebruiker, actueel):
        raise ValidationError("Alleen wie de actie heeft, of de voorzitter of de zorgcoördinator van het "
                              "overleg, rondt haar af.")
    if actueel.status != Actie.Status.OPEN:
        raise ValidationError(f"Deze actie is al {actueel.get_status_display().lower()}.")
    if status not in (Actie.Status.GEDAAN, Actie.Status.VERVALLEN):
        raise ValidationError({"status": "Kies gedaan of vervallen."})
    actueel.status = status
    actueel.afgerond_op = timezone.localdate()
    actueel.notitie = notitie.strip()
    actueel.full_clean()
    actueel.save(update_fields=["status", "afgerond_op", "notitie"])
    gebeurtenis_vastleggen(
        deelnemer=actueel.agendapunt.deelnemer, soort=Gebeurtenis.Soort.OVERLEG_ACTIE,
        omschrijving=f"Actie {actueel.get_status_display().lower()}", laag=overleg.laag, actor=door.gebruiker,
        obj=actueel)
    schrijf(door, "wijzigen", obj=actueel, deelnemer=actueel.agendapunt.deelnemer, laag=overleg.laag,
            omschrijving=f"actie {actueel.get_status_display().lower()}")
    return actueel


# ---- agenda (the ZAT without consent: only anonymous)

ZONDER_TOESTEMMING_ANONIEM = (
    "Voor deze deelnemer is geen geldige toestemming voor bespreking in het ZAT: de casus kan alleen anoniem "
    "op de agenda.")


def zat_zonder_toestemming(overleg: Overleg, deelnemer_id: int) -> bool:
    """A ZAT item of a student without valid consent for ZAT discussion: it may only be discussed anonymously
    (no identifying data leaves the school without consent)."""
    return deelnemer_id in zonder_zat_toestemming(overleg, [deelnemer_id])


def _controleer_zat_anoniem(overleg: Overleg, deelnemer_id: int, anoniem: bool) -> None:
    if not anoniem and zat_zonder_toestemming(overleg, deelnemer_id):
        raise ValidationError({"anoniem": ZONDER_TOESTEMMING_ANONIEM})


# ---- partners op afroep (what an invitation gives: overleg.models.Uitnodiging)
# django-guardian keeps ONE grant per partner and student, so invitations of the same partner for the same
# student (two ZATs) share it: it lasts as long as the last of them.


def toegang_tot(overleg: Overleg) -> date:
    """The last day an invited partner sees the case: the meeting date + the instelling's days."""
    return overleg.datum + timedelta(days=overleg.team.instelling.uitnodiging_dagen)


def _partnerlidmaatschap(partner, instelling, organisaties_met_toestemming: set[int]) -> Lidmaatschap | None:
    """The partner's valid membership for an organisation of the instelling's sociale kaart; with several, one
    whose organisation the consent names."""
    leden = list(Lidmaatschap.objects.geldig().filter(
        gebruiker=partner, gebruiker__is_active=True, functie=Functie.PARTNER, organisatie__instelling=instelling,
    ).select_related("organisatie").order_by("organisatie__naam", "id"))
    return next((lid for lid in leden if lid.organisatie_id in organisaties_met_toestemming), None) or next(
        iter(leden), None)


def _grant_volgt_uitnodigingen(toegang: DeelnemerToegang | None) -> None:
    """After a withdrawal or a move: the shared grant lasts until the last of the invitations that carry it,
    and without any it ends today (geldig_tot yesterday). It is not deleted: the row keeps who granted access
    to whom and until when, and the policy counts only grants within their end date."""
    if toegang is None:
        return
    gisteren = timezone.localdate() - timedelta(days=1)
    laatste = Uitnodiging.objects.filter(toegang=toegang).aggregate(m=Max("geldig_tot"))["m"]
    toegang.geldig_tot = max(laatste or gisteren, gisteren)
    toegang.full_clean()
    toegang.save(update_fields=["geldig_tot"])


def _verleen_zat_toegang(*, partner, deelnemer, geldig_tot: date, door: Actor, reden: str) -> DeelnemerToegang:
    # Two invitations of one partner at once (two items of the student) wait for each other here, so the
    # second finds the grant the first made instead of tripping over guardian's unique constraint.
    get_user_model().objects.select_for_update().filter(pk=partner.pk).first()
    recht = Permission.objects.get(codename="dossier_zat", content_type__app_label="deelnemers")
    toegang = DeelnemerToegang.objects.select_for_update().filter(
        user=partner, permission=recht, content_object=deelnemer).first()
    if toegang is None:
        toegang = DeelnemerToegang(user=partner, permission=recht, content_object=deelnemer, geldig_tot=geldig_tot)
    else:  # shared with an earlier invitation (or given otherwise): a later end date stays
        toegang.geldig_tot = max(toegang.geldig_tot, geldig_tot)
    toegang.reden = reden[:200]
    toegang.verleend_door = door.gebruiker
    toegang.verleend_op = timezone.now()
    toegang.full_clean()
    toegang.save()
    return toegang


@transaction.atomic
def partner_uitnodigen(*, agendapunt: Agendapunt, door: Actor, partner) -> Uitnodiging:
    """Invite an external partner of the sociale kaart to one item of a planned or held ZAT (op afroep)."""
    # The item is locked: its anonymity cannot change between the check and the grant.
    punt = Agendapunt.objects.select_for_update(of=("self",)).select_related(
        "overleg", "overleg__team", "overleg__team__instelling", "deelnemer").get(pk=agendapunt.pk)
    overleg = punt.overleg
    team = overleg.team
    if not policy.mag_agenda_bewerken(door.gebruiker, overleg):
        raise ValidationError("Alleen de voorzitter of de zorgcoördinator nodigt partners uit voor dit overleg.")
    if team.soort != Team.Soort.ZAT:
        raise ValidationError("Externe partners worden alleen uitgenodigd voor een agendapunt van het ZAT.")
    if overleg.status == Overleg.Status.GEANNULEERD:
        raise ValidationError("Dit overleg is geannuleerd; er wordt niemand meer voor uitgenodigd.")
    geldig_tot = toegang_tot(overleg)
    if geldig_tot < timezone.localdate():
        raise ValidationError(f"Dit overleg was op {overleg.datum:%d-%m-%Y}; de toegang van een uitgenodigde "
                              f"partner liep tot {geldig_tot:%d-%m-%Y} en is dus al voorbij.")
    met_toestemming = set() if punt.anoniem else toestemming_partners(punt.deelnemer_id)
    lid = _partnerlidmaatschap(partner, team.instelling, met_toestemming)
    if lid is None:
        raise ValidationError({"partner": f"{weergavenaam(partner)} is geen externe partner van een organisatie op de "
                                          f"sociale kaart van {team.instelling.naam}."})
    if Uitnodiging.objects.filter(agendapunt=punt, partner=partner).exists():
        raise ValidationError({"partner": f"{weergavenaam(partner)} is al uitgenodigd voor dit agendapunt."})
    organisatie = lid.organisatie
    toegang = None
    if not punt.anoniem:
        if organisatie.pk not in met_toestemming:
            raise ValidationError({"partner": (
                f"De toestemming van de deelnemer voor bespreking in het ZAT noemt {organisatie.naam} niet. Leg "
                "eerst toestemming vast die deze organisatie noemt, of bespreek de casus anoniem.")})
        toegang = _verleen_zat_toegang(partner=partner, deelnemer=punt.deelnemer, geldig_tot=geldig_tot, door=door,
                                       reden=f"uitgenodigd voor {team.naam} op {overleg.datum:%d-%m-%Y}")
    uitnodiging = Uitnodiging(agendapunt=punt, partner=partner, organisatie=organisatie, toegang=toegang,
                              geldig_tot=geldig_tot, uitgenodigd_door=door.gebruiker)
    uitnodiging.full_clean()
    uitnodiging.save()
    anoniem = " (anoniem, zonder toegang tot het dossier)" if punt.anoniem else ""
    gebeurtenis_vastleggen(
        deelnemer=punt.deelnemer, soort=Gebeurtenis.Soort.OVERLEG_UITNODIGING,
        omschrijving=(f"{organisatie.naam} uitgenodigd voor {team.naam} op {overleg.datum:%d-%m-%Y}{anoniem}, "
                      f"toegang tot {geldig_tot:%d-%m-%Y}"),
        laag=overleg.laag, actor=door.gebruiker, obj=uitnodiging)
    schrijf(door, "aanmaken", obj=uitnodiging, deelnemer=punt.deelnemer, laag=overleg.laag,
            omschrijving=f"partner uitgenodigd: {weergavenaam(partner)} ({organisatie.naam}){anoniem}")
    # Link only; the notification names the student only to a reader who may see them (never for an anonymous item).
    melden(ontvangers=[partner], soort=Melding.Soort.UITNODIGING,
           tekst=f"U bent uitgenodigd voor een casus in {team.naam} op {overleg.datum:%d-%m-%Y}",
           url=reverse("overleg:agendapunt", args=[punt.pk]), deelnemer=None if punt.anoniem else punt.deelnemer,
           obj=uitnodiging, door=door)
    return uitnodiging


def _ingetrokken(uitnodiging: Uitnodiging, door: Actor, waarom: str) -> None:
    """Remove one (locked) invitation: its grant follows the invitations left, the partner is told."""
    punt, overleg = uitnodiging.agendapunt, uitnodiging.agendapunt.overleg
    toegang, partner, organisatie = uitnodiging.toegang, uitnodiging.partner, uitnodiging.organisatie
    pk = uitnodiging.pk
    if toegang is not None:
        toegang = DeelnemerToegang.objects.select_for_update().get(pk=toegang.pk)
    meldingen_afgehandeld(obj=uitnodiging)
    uitnodiging.delete()
    _grant_volgt_uitnodigingen(toegang)
    gebeurtenis_vastleggen(
        deelnemer=punt.deelnemer, soort=Gebeurtenis.Soort.OVERLEG_UITNODIGING,
        omschrijving=f"Uitnodiging van {organisatie.naam} voor {overleg.team.naam} op {overleg.datum:%d-%m-%Y} "
                     f"{waarom}", laag=overleg.laag, actor=door.gebruiker)
    schrijf(door, "verwijderen", deelnemer=punt.deelnemer, object_type="uitnodiging", object_id=pk,
            laag=overleg.laag, omschrijving=f"uitnodiging {waarom}: {weergavenaam(partner)} ({organisatie.naam})")
    melden(ontvangers=[partner], soort=Melding.Soort.UITNODIGING,
           tekst=f"Uw uitnodiging voor een casus in {overleg.team.naam} op {overleg.datum:%d-%m-%Y} is {waarom}",
           url=reverse("mijn_werk"), door=door)


def _uitnodigingen_vergrendeld(qs):
    return list(qs.select_for_update(of=("self",)).select_related(
        "agendapunt", "agendapunt__overleg", "agendapunt__overleg__team", "agendapunt__deelnemer", "partner",
        "organisatie", "toegang").order_by("id"))


@transaction.atomic
def uitnodiging_intrekken(*, uitnodiging: Uitnodiging, door: Actor) -> None:
    """Withdraw an invitation: the partner no longer sees the item, and the grant it carried ends today unless
    another valid invitation of theirs for the same student still carries it. Also after the meeting: ending
    access is always allowed. The invitation row goes (re-inviting makes a new one); the access log, the
    timeline and the grant row (with its end date) keep the history."""
    gevonden = _uitnodigingen_vergrendeld(Uitnodiging.objects.filter(pk=uitnodiging.pk))
    if not gevonden:
        raise ValidationError("Deze uitnodiging is al ingetrokken.")
    if not policy.mag_agenda_bewerken(door.gebruiker, gevonden[0].agendapunt.overleg):
        raise ValidationError("Alleen de voorzitter of de zorgcoördinator trekt een uitnodiging in.")
    _ingetrokken(gevonden[0], door, "ingetrokken")


@transaction.atomic
def uitnodigingen_beeindigen(*, door: Actor, agendapunt: Agendapunt | None = None,
                             overleg: Overleg | None = None) -> int:
    """End every invitation of an item taken off the agenda, or of a cancelled meeting: without the meeting
    there is nothing to invite to, and a grant must not outlive its reason. For agendapunt_verwijderen (before
    the delete: the cascade would leave the grant) and overleg_annuleren to call; returns how many."""
    qs = Uitnodiging.objects.filter(agendapunt=agendapunt) if agendapunt is not None else \
        Uitnodiging.objects.filter(agendapunt__overleg=overleg)
    uitnodigingen = _uitnodigingen_vergrendeld(qs)
    for u in uitnodigingen:
        _ingetrokken(u, door, "beëindigd" if agendapunt is None else "beëindigd (van de agenda gehaald)")
    return len(uitnodigingen)


@transaction.atomic
def uitnodigingen_verschuiven(*, overleg: Overleg, door: Actor) -> int:
    """Moving a ZAT moves the end of its invitations (and their grants) with it: access is for the meeting plus
    the instelling's days, so a meeting moved later keeps its partners until after it is held, and one moved
    earlier ends their access sooner. For overleg_verplaatsen to call after the move; returns how many."""
    actueel = Overleg.objects.select_related("team__instelling").get(pk=overleg.pk)
    geldig_tot = toegang_tot(actueel)
    uitnodigingen = list(Uitnodiging.objects.select_for_update(of=("self",)).filter(agendapunt__overleg=actueel)
                         .exclude(geldig_tot=geldig_tot).select_related("toegang"))
    for u in uitnodigingen:
        u.geldig_tot = geldig_tot
        u.full_clean()
        u.save(update_fields=["geldig_tot"])
    for toegang in {u.toegang_id: u.toegang for u in uitnodigingen if u.toegang_id}.values():
        _grant_volgt_uitnodigingen(toegang)
    if uitnodigingen:
        schrijf(door, "wijzigen", obj=actueel, laag=actueel.laag,
                omschrijving=f"{len(uitnodigingen)} uitnodiging(en) lopen nu tot {geldig_tot:%d-%m-%Y}")
    return len(uitnodigingen)


@transaction.atomic
def uitnodigingen_anoniem(*, agendapunt: Agendapunt, door: Actor) -> int:
    """An item made anonymous after partners were invited by name: those invitations end (and their grants
    with them, unless another invitation carries one). A partner who knew the name must not keep the case
    under a letter — least of all when the consent was withdrawn; the chair may invite anew, anonymously.
    Called by agendapunt_wijzigen when `anoniem` becomes True; returns how many invitations ended."""
    uitnodigingen = _uitnodigingen_vergrendeld(Uitnodiging.objects.filter(agendapunt=agendapunt,
                                                                          toegang__isnull=False))
    for u in uitnodigingen:
        _ingetrokken(u, door, "beëindigd (het punt wordt anoniem besproken)")
    return len(uitnodigingen)


# ---- verslag: what the meeting decides per item reaches the team, the referrer and the zorgtraject



def _advies_delen(punt: Agendapunt, door: Actor, *, was: str) -> None:
    """The handelingsadvies as one dossier entry in layer basis (the mentor and the team's teachers read
    it), kept up to date when the advice changes; the mentor is notified with a link only."""


    advies = punt.handelingsadvies.strip()
    if advies == was.strip() and punt.advies_item_id:
        return
    if not advies:
        if punt.advies_item_id:
            raise ValidationError({"handelingsadvies": (
                "Dit handelingsadvies is al met het team gedeeld (in het dossier); pas het aan in plaats van het "
                "leeg te maken.")})
        return
    deelnemer, overleg = punt.deelnemer, punt.overleg
    nieuw = not punt.advies_item_id
    if not nieuw:
        # The entry belongs to the meeting's record: whoever records the meeting keeps it current, so the
        # author-only rule of deelnemers.services.dossieritem_wijzigen does not apply here.
        item = DossierItem.vergrendel(punt.advies_item_id)
        item.tekst = advies
        item.opslaan("tekst", door=door)
        schrijf(door, "wijzigen", obj=item, omschrijving="handelingsadvies bijgewerkt door het overleg")
    else:
        discipline = policy.discipline_van(door.gebruiker, policy.inzage(door.gebruiker, deelnemer))
        item = dossieritem_toevoegen(
            deelnemer=deelnemer, door=door, discipline=discipline, soort=DossierItem.Soort.HANDELINGSADVIES,
            laag=Laag.BASIS, titel=f"Handelingsadvies {overleg.team.naam} {overleg.datum:%d-%m-%Y}",
            datum=overleg.datum, tekst=advies)
        punt.advies_item = item
    if deelnemer.mentor_id:
        melden(ontvangers=[deelnemer.mentor],
               soort=Melding.Soort.HANDELINGSADVIES,
               tekst=("Nieuw handelingsadvies in het dossier van uw deelnemer" if nieuw
                      else "Het handelingsadvies in het dossier van uw deelnemer is bijgewerkt"),
               url=reverse("deelnemers:dossier", args=[deelnemer.pk]), deelnemer=deelnemer, obj=item, door=door)


def volgende_stap(punt: Agendapunt) -> str:
    """What happens next, in words the referrer may read: the level decision or the next evaluation, no
    content of the discussion."""
    if punt.niveaubesluit and punt.niveaubesluit != Agendapunt.Niveaubesluit.BLIJFT:
        stap = punt.get_niveaubesluit_display().lower()
        if punt.niveauwijziging_id and punt.niveauwijziging.naar_niveau_id and \
                punt.niveaubesluit in (Agendapunt.Niveaubesluit.OPSCHALEN, Agendapunt.Niveaubesluit.AFSCHALEN):
            stap += f" naar {punt.niveauwijziging.naar_niveau.naam}"
        return stap
    if punt.volgende_evaluatie:
        return f"evaluatie op {punt.volgende_evaluatie:%d-%m-%Y}"
    return "de zorgcoördinator neemt contact met u op"


def _aanmelder_informeren(punt: Agendapunt, door: Actor) -> None:
    """Tell the referrer their aanmelding was discussed and what the next step is; an earlier such
    notification leaves Mijn werk, so only the latest stands."""


    aanmelding = punt.aanmelding
    if aanmelding is None:
        return
    _aanmelding_afronden(aanmelding, door)
    meldingen_afgehandeld(obj=aanmelding, soorten=[Melding.Soort.AANMELDING_BESPROKEN])
    overleg = punt.overleg
    melden(ontvangers=[aanmelding.aanmelder], soort=Melding.Soort.AANMELDING_BESPROKEN,
           tekst=(f"Uw aanmelding is besproken in {overleg.team.naam} op {overleg.datum:%d-%m-%Y}. "
                  f"Volgende stap: {volgende_stap(punt)}."),
           url=reverse("aanmelding:detail", args=[aanmelding.pk]), deelnemer=punt.deelnemer, obj=aanmelding,
           door=door)


def _aanmelding_afronden(aanmelding: Aanmelding, door: Actor) -> None:
    """Discussed: the aanmelding's route ends (geagendeerd → afgerond); the case goes on in the zorgtraject."""
    actueel = Aanmelding.vergrendel(aanmelding.pk)
    if actueel.status != Aanmelding.Status.GEAGENDEERD:
        return
    actueel.status = Aanmelding.Status.AFGEROND
    actueel.opslaan("status", door=door)
    schrijf(door, "wijzigen", obj=actueel, omschrijving="aanmelding besproken en afgerond")


def _crisis_besproken(punt: Agendapunt, door: Actor) -> None:
    """A crisis case discussed at the ZAT is off the list for the next ZAT (Zorgtraject.zat_bespreken)."""
    if punt.overleg.team.soort != Team.Soort.ZAT:
        return
    open_traject = Zorgtraject.objects.open().filter(deelnemer_id=punt.deelnemer_id, zat_bespreken=True).first()
    if open_traject is None:
        return
    traject = Zorgtraject.vergrendel(open_traject.pk)
    traject.zat_bespreken = False
    traject.opslaan("zat_bespreken", door=door)
    meldingen_afgehandeld(obj=traject, soorten=[Melding.Soort.CRISIS])
    schrijf(door, "wijzigen", deelnemer=punt.deelnemer, obj=traject, laag=punt.laag,
            omschrijving="crisis besproken in het ZAT")


@transaction.atomic
def niveaubesluit_vastleggen(*, agendapunt: Agendapunt, door: Actor, versie: int, besluit: str,
                             traject_versie: int | None = None, reden="", gedaan="", effect="", casemanager=None,
                             zat_grondslag="", zat_toelichting="", organisatie=None, uitkomst="",
                             uitkomst_toelichting="") -> Agendapunt:
    """The meeting's level decision for this item, carried out through the zorgtraject services (the
    interventieformulier: a Niveauwijziging, linked on the item), on the date of the meeting. Escalating
    to the ZAT passes the consent gate there. Conflict when the item or the traject changed meanwhile."""
    actueel = Agendapunt.vergrendel(agendapunt.pk, versie, select_related=(
        "overleg", "overleg__team", "deelnemer", "aanmelding", "niveauwijziging"))
    overleg = actueel.overleg
    _mag_vastleggen(door, overleg, "het niveaubesluit")
    if besluit not in Agendapunt.Niveaubesluit.values:
        raise ValidationError({"besluit": "Kies het niveaubesluit."})
    if actueel.niveauwijziging_id:
        raise ValidationError("Het niveaubesluit van dit agendapunt is al vastgelegd "
                              f"({actueel.get_niveaubesluit_display().lower()}); een volgend besluit neemt een "
                              "volgend overleg, of het zorgtraject.")
    if besluit != Agendapunt.Niveaubesluit.BLIJFT:
        traject = Zorgtraject.objects.open().filter(deelnemer_id=actueel.deelnemer_id,
                                                    route=Zorgtraject.Route.LADDER).first()
        if traject is None:
            raise ValidationError("Deze deelnemer heeft geen open zorgtraject; er is geen niveau om te wijzigen.")
        velden = {"reden": reden, "gedaan": gedaan, "effect": effect}
        if besluit in (Agendapunt.Niveaubesluit.OPSCHALEN, Agendapunt.Niveaubesluit.AFSCHALEN):
            velden["casemanager"] = casemanager
        if besluit == Agendapunt.Niveaubesluit.OPSCHALEN:
            velden.update(zat_grondslag=zat_grondslag, zat_toelichting=zat_toelichting)
        if besluit == Agendapunt.Niveaubesluit.EXTERN:
            velden["organisatie"] = organisatie
        if besluit == Agendapunt.Niveaubesluit.AFSLUITEN:
            velden = {"reden": reden, "uitkomst": uitkomst, "uitkomst_toelichting": uitkomst_toelichting}
        actueel.niveauwijziging = zorgtraject.WIJZIGINGEN[besluit](
            traject=traject, door=door, versie=traject.versie if traject_versie is None else traject_versie,
            datum=overleg.datum, **velden)
    actueel.niveaubesluit = besluit
    actueel.opslaan("niveaubesluit", "niveauwijziging", door=door)
    gebeurtenis_vastleggen(
        deelnemer=actueel.deelnemer, soort=Gebeurtenis.Soort.OVERLEG_BESPROKEN,
        omschrijving=(f"Niveaubesluit in {overleg.team.naam} op {overleg.datum:%d-%m-%Y}: "
                      f"{actueel.get_niveaubesluit_display().lower()}"),
        laag=overleg.laag, actor=door.gebruiker, obj=actueel)
    schrijf(door, "wijzigen", obj=actueel, omschrijving=f"niveaubesluit: {actueel.get_niveaubesluit_display()}")
    _aanmelder_informeren(actueel, door)
    return actueel


# ---- acties (reminders, aftercare)


def herinneringstoestand(actie: Actie, vandaag: date, dagen: int) -> str:
    """The reminder state of an open action: "te_laat:<deadline>" past its deadline, "binnenkort:<deadline>"
    within `dagen` days of it, "" otherwise. A moved deadline is a new state, so it is reminded again."""
    if actie.deadline < vandaag:
        return f"te_laat:{actie.deadline:%Y-%m-%d}"
    if actie.deadline <= vandaag + timedelta(days=dagen):
        return f"binnenkort:{actie.deadline:%Y-%m-%d}"
    return ""


def _herinneringsmail(gebruiker, binnenkort: int, te_laat: int) -> None:
    """One e-mail per owner that names no student and no action: how many, and a link to Mijn werk."""
    delen = []
    if te_laat:
        delen.append(f"{te_laat} {'actie is' if te_laat == 1 else 'acties zijn'} over de deadline")
    if binnenkort:
        delen.append(f"{binnenkort} {'actie verloopt' if binnenkort == 1 else 'acties verlopen'} binnenkort")
    link = settings.SITE_URL.rstrip("/") + reverse("mijn_werk")
    send_mail(
        subject="Zorgstructuur: herinnering aan uw acties",
        message=(f"Van uw acties uit een plan van aanpak: {' en '.join(delen)}.\n\n"
                 f"Bekijk ze na inloggen onder Mijn acties: {link}\n\n"
                 "Om privacyredenen staan er in deze e-mail geen gegevens over deelnemers."),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[gebruiker.email],
        fail_silently=True,
    )


def herinneringen_versturen(vandaag: date | None = None, *, dagen: int | None = None) -> int:
    """Link-only reminders for open actions due within the instelling's herinnering_dagen (or `dagen`) and
    for overdue ones: one e-mail per owner, once per state of each action (Actie.herinnerd), so the daily
    run never sends the same reminder twice. Owners without an e-mail address or an active account are
    skipped (and reminded once they have one), and so are actions the owner can no longer open. Returns the
    number of e-mails sent."""
    vandaag = vandaag or timezone.localdate()
    door = Actor.systeemactor("herinneringen")
    horizon = vandaag + timedelta(days=30 if dagen is None else dagen)  # 30: the largest herinnering_dagen
    kandidaten = (Actie.objects.filter(status=Actie.Status.OPEN, deadline__lte=horizon, eigenaar__is_active=True)
                  .exclude(eigenaar__email="")
                  .select_related("eigenaar", "agendapunt__overleg__team__instelling")
                  .order_by("eigenaar_id", "deadline", "id"))
    per_eigenaar: dict[int, list[tuple[Actie, str]]] = {}
    for actie in kandidaten:
        termijn = actie.agendapunt.overleg.team.instelling.herinnering_dagen if dagen is None else dagen
        toestand = herinneringstoestand(actie, vandaag, termijn)
        if toestand and toestand != actie.herinnerd:
            per_eigenaar.setdefault(actie.eigenaar_id, []).append((actie, toestand))
    verstuurd = 0
    for lijst in per_eigenaar.values():
        eigenaar = lijst[0][0].eigenaar
        # Only what the owner can open now (an invited partner whose access ended is not reminded of it).
        zichtbaar = set(policy.acties_voor(eigenaar).filter(pk__in=[a.pk for a, _ in lijst])
                        .values_list("pk", flat=True))
        # Per owner in its own transaction: a failure later in the run keeps what was already sent marked.
        with transaction.atomic():
            herinnerd = []
            for actie, toestand in lijst:
                # Only if nobody closed or reminded it in between (two runs at once send once).
                if actie.pk in zichtbaar and Actie.objects.filter(pk=actie.pk, status=Actie.Status.OPEN).exclude(
                        herinnerd=toestand).update(herinnerd=toestand):
                    actie.deelnemer_id = actie.agendapunt.deelnemer_id  # the log names the student, not the data
                    herinnerd.append((actie, toestand))
            if herinnerd:
                schrijf_per_deelnemer(door, "wijzigen", [actie for actie, _ in herinnerd],
                                      omschrijving="herinnering aan een actie verstuurd")
        if herinnerd:
            te_laat = sum(1 for _, toestand in herinnerd if toestand.startswith("te_laat"))
            _herinneringsmail(eigenaar, len(herinnerd) - te_laat, te_laat)
            verstuurd += 1
    return verstuurd


NAZORG_TEVREDENHEID = "Geef de tevredenheid als een cijfer van 1 tot en met 5 (of laat het leeg)."


@transaction.atomic
def nazorg_vastleggen(*, traject, door: Actor, resultaat: str, toelichting: str = "",
                      tevredenheid_deelnemer: int | None = None, opmerking_deelnemer: str = "",
                      tevredenheid_aanmelder: int | None = None, opmerking_aanmelder: str = "",
                      terug_op_agenda: bool = False, vandaag: date | None = None) -> Nazorg:
    """The aftercare of a ZAT case that was closed or handed to extern (issue 10 point 10): the result and the
    satisfaction of the student and of the referrer. Recorded once. A relapse can put the case back on the
    agenda of the next planned ZAT that serves the student's locatie (reden nazorg)."""
    vandaag = vandaag or timezone.localdate()
    actueel = Zorgtraject.objects.select_for_update(of=("self",)).select_related(
        "deelnemer", "deelnemer__instelling", "deelnemer__locatie").get(pk=traject.pk)
    deelnemer = actueel.deelnemer
    if not policy.mag_nazorg(door.gebruiker, deelnemer):
        raise ValidationError("Alleen de zorgcoördinator van de locatie van de deelnemer legt de nazorg vast.")
    besluit = nazorgbesluit(actueel)
    if besluit is None:
        raise ValidationError("Deze casus is niet vanuit het ZAT afgesloten of overgedragen aan extern; er is "
                              "geen nazorg voor.")
    nazorg = Nazorg.objects.filter(zorgtraject=actueel).first()
    if nazorg is not None and nazorg.vastgelegd_op is not None:
        raise ValidationError(f"De nazorg van deze casus is al vastgelegd op {nazorg.vastgelegd_op:%d-%m-%Y}.")
    fouten = {}
    if resultaat not in Nazorg.Resultaat.values:
        fouten["resultaat"] = "Kies het resultaat: nog steeds opgelost, teruggevallen of anders."
    for veld, cijfer in (("tevredenheid_deelnemer", tevredenheid_deelnemer),
                         ("tevredenheid_aanmelder", tevredenheid_aanmelder)):
        if cijfer is not None and (not isinstance(cijfer, int) or not 1 <= cijfer <= 5):
            fouten[veld] = NAZORG_TEVREDENHEID
    if resultaat == Nazorg.Resultaat.ANDERS and not toelichting.strip():
        fouten["toelichting"] = "Licht toe wat er anders is."
    overleg = None
    if terug_op_agenda:
        if resultaat != Nazorg.Resultaat.TERUGGEVALLEN:
            fouten["terug_op_agenda"] = "Alleen een teruggevallen casus komt via de nazorg terug op de agenda."
        else:
            overleg = volgend_zat(deelnemer, vandaag=vandaag)
            if overleg is None:
                fouten["terug_op_agenda"] = (
                    f"Er is geen gepland ZAT-overleg voor locatie {deelnemer.locatie.naam}. Plan eerst een ZAT, "
                    "of leg de nazorg vast zonder de casus te agenderen.")
    if fouten:
        raise ValidationError(fouten)
    nazorg = nazorg or Nazorg(deelnemer=deelnemer, zorgtraject=actueel)
    nazorg.vervaldatum = maanden_later(besluit.datum, deelnemer.instelling.nazorg_maanden)
    nazorg.vastgelegd_op = vandaag
    nazorg.vastgelegd_door = door.gebruiker
    nazorg.resultaat = resultaat
    nazorg.toelichting = toelichting.strip()
    nazorg.tevredenheid_deelnemer = tevredenheid_deelnemer
    nazorg.opmerking_deelnemer = opmerking_deelnemer.strip()
    nazorg.tevredenheid_aanmelder = tevredenheid_aanmelder
    nazorg.opmerking_aanmelder = opmerking_aanmelder.strip()
    if overleg is not None:
        # Without valid consent for the ZAT the case can only come back anonymously (the agenda's rule).
        nazorg.agendapunt = agendapunt_toevoegen(overleg=overleg, door=door, deelnemer=deelnemer,
                                                 reden=Agendapunt.Reden.NAZORG,
                                                 anoniem=zat_zonder_toestemming(overleg, deelnemer.pk))
    nazorg.full_clean()
    nazorg._history_user = door.gebruiker
    nazorg.save()
    gebeurtenis_vastleggen(
        deelnemer=deelnemer, soort=Gebeurtenis.Soort.NAZORG,
        omschrijving=f"Nazorg vastgelegd: {nazorg.get_resultaat_display().lower()}", laag=nazorg.laag,
        actor=door.gebruiker, obj=nazorg)
    schrijf(door, "aanmaken", obj=nazorg, omschrijving="nazorg vastgelegd")
    return nazorg


# ---- afdruk: the agenda and the minutes sent as a link, the personal calendar feed

def afdruk_ontvangers(overleg: Overleg) -> list:
    """Who receives the agenda or the minutes: the team's valid internal members, and the partners with a
    valid invitation to an item of this meeting (the policy decides: they see at least one item)."""
    ontvangers = interne_leden(overleg.team)
    uitgenodigd = (get_user_model().objects.filter(is_active=True, uitnodigingen__agendapunt__overleg=overleg)
                   .exclude(pk__in=[o.pk for o in ontvangers]).distinct().order_by("last_name", "pk"))
    ontvangers += [p for p in uitgenodigd if policy.agendapunten_voor(p, overleg).exists()]
    return ontvangers


@transaction.atomic
def afdruk_versturen(*, overleg: Overleg, door: Actor, voortgang=None) -> tuple[int, int]:
    """Mail every recipient a link to the agenda (for a held meeting: the minutes). The e-mail carries only
    the link, the team and the date: no student data, whatever the recipient may see (they log in for
    that). Returns (mailed, without an e-mail address). Run as a background task (overleg.taken), which
    hears through `voortgang(verstuurd, totaal)` how far the sending is."""
    actueel = Overleg.objects.select_related("team").get(pk=overleg.pk)
    if not policy.mag_agenda_bewerken(door.gebruiker, actueel):
        raise ValidationError("Alleen de voorzitter of de zorgcoördinator verstuurt de agenda.")
    if actueel.status == Overleg.Status.GEANNULEERD:
        raise ValidationError("Dit overleg is geannuleerd; er gaat geen agenda of verslag uit.")
    soort = "verslag" if actueel.status == Overleg.Status.GEHOUDEN else "agenda"
    link = settings.SITE_URL.rstrip("/") + reverse(f"overleg:{soort}", args=[actueel.pk])
    onderwerp = f"Zorgstructuur: {soort} {actueel.team.naam} van {actueel.datum:%d-%m-%Y}"
    ontvangers = afdruk_ontvangers(actueel)
    berichten = [
        EmailMessage(subject=onderwerp, from_email=settings.DEFAULT_FROM_EMAIL, to=[o.email],
                     body=render_to_string(f"overleg/mail_{soort}.txt",
                                           {"ontvanger": weergavenaam(o), "overleg": actueel, "link": link}))
        for o in ontvangers if o.email]
    schrijf(door, "exporteren", obj=actueel,
            omschrijving=f"{soort} als link gemaild aan {len(berichten)} ontvanger(s), zonder deelnemergegevens")
    def verzenden():
        # One connection for all; one message at a time, so the progress bar moves with the sending.
        with get_connection(fail_silently=True) as verbinding:
            for nummer, bericht in enumerate(berichten, start=1):
                verbinding.send_messages([bericht])
                if voortgang is not None:
                    voortgang(nummer, len(berichten))

    # Sent once the transaction holds: a rollback sends nothing.
    transaction.on_commit(verzenden)
    return len(berichten), len(ontvangers) - len(berichten)


@transaction.atomic
def agendafeed_vernieuwen(*, door: Actor) -> str:
    """A new secret token for the user's calendar feed, returned once: only its SHA-256 is stored, and
    the previous token stops working at once."""


    token = secrets.token_urlsafe(32)
    feed, _ = Agendafeed.objects.update_or_create(
        gebruiker=door.gebruiker, defaults={"token_hash": token_hash(token), "aangemaakt": timezone.now()})
    schrijf(door, "aanmaken", obj=feed, omschrijving="agendafeed: nieuwe geheime link")
    return token
