"""The overleg services: planning and series (across a daylight-saving change), the agenda, the record of
an item (versioned), actions — and their refusals, in Dutch, with nothing half-saved."""

import calendar
from datetime import UTC, date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from aanmelding.models import Aanmelding
from deelnemers.models import Gebeurtenis
from overleg import services
from overleg.models import Aanwezigheid, Actie, Agendapunt, Overleg
from privacy.models import Toegangslog
from tests.factories import (
    AanmeldingFactory,
    ActieFactory,
    AgendapuntFactory,
    GebruikerFactory,
    OverlegFactory,
    als,
)
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Conflict

R = Agendapunt.Reden


def melding(fout: ValidationError) -> str:
    return " ".join(fout.messages)


def laatste_zondag(jaar, maand) -> date:
    dag = calendar.monthrange(jaar, maand)[1]
    d = date(jaar, maand, dag)
    return d - timedelta(days=(d.weekday() - 6) % 7)


def volgende_omschakeling(maand) -> date:
    """The next daylight-saving change in that month (last Sunday), at least two weeks ahead."""
    vandaag = timezone.localdate()
    for jaar in (vandaag.year, vandaag.year + 1):
        d = laatste_zondag(jaar, maand)
        if d > vandaag + timedelta(days=14):
            return d
    raise AssertionError


# ------------------------------------------------------------------ meetings and series

def test_overleg_plannen_zet_de_leden_op_aanwezig_en_logt(school):
    datum = timezone.localdate() + timedelta(days=10)
    overleg = services.overleg_plannen(team=school.iz, door=als(school.zc), datum=datum, begintijd=time(9),
                                       eindtijd=time(10, 30), voorzitter=school.voorzitter)
    assert set(Aanwezigheid.objects.filter(overleg=overleg).values_list("gebruiker__username", flat=True)) == {
        "zc-overleg", "voorzitter-overleg", "lid-overleg"}
    log = Toegangslog.objects.filter(object_type="overleg", object_id=str(overleg.pk)).get()
    assert log.actie == "aanmaken" and log.laag == Laag.ZORG


@pytest.mark.parametrize("begintijd, eindtijd", [(time(10), time(9)), (time(10), time(10))])
def test_eind_voor_of_op_begin_wordt_geweigerd(school, begintijd, eindtijd):
    with pytest.raises(ValidationError) as fout:
        services.overleg_plannen(team=school.iz, door=als(school.zc), datum=timezone.localdate(),
                                 begintijd=begintijd, eindtijd=eindtijd)
    assert "De eindtijd ligt na de begintijd." in melding(fout.value)
    assert not Overleg.objects.filter(team=school.iz, begintijd=begintijd).exists()


def test_overleg_in_het_verleden_en_voorzitter_van_buiten_worden_geweigerd(school):
    with pytest.raises(ValidationError, match="niet in het verleden"):
        services.overleg_plannen(team=school.iz, door=als(school.zc), datum=timezone.localdate() - timedelta(1),
                                 begintijd=time(9), eindtijd=time(10))
    with pytest.raises(ValidationError, match="is geen lid van IZ Noord"):
        services.overleg_plannen(team=school.iz, door=als(school.zc), datum=timezone.localdate(),
                                 begintijd=time(9), eindtijd=time(10), voorzitter=school.buitenstaander)


@pytest.mark.parametrize("maand, verschuiving", [(3, -1), (10, +1)])
def test_reeks_over_de_zomertijdwissel_blijft_om_14_uur(school, maand, verschuiving):
    """Dates are local dates and times local times: across the change in late March (or October) the
    meeting stays at 14:00 in Gouda, so in UTC it moves by an hour."""
    wissel = volgende_omschakeling(maand)
    vanaf = wissel - timedelta(days=13)
    reeks = services.reeks_aanmaken(team=school.iz, door=als(school.zc), weekdag=1, begintijd=time(14),
                                    eindtijd=time(15, 30), vanaf=vanaf, tot_en_met=wissel + timedelta(days=14),
                                    interval_weken=1)
    overleggen = list(reeks.overleggen.order_by("datum"))
    data = [o.datum for o in overleggen]
    assert all(d.weekday() == 1 for d in data)
    assert [(b - a).days for a, b in zip(data, data[1:], strict=False)] == [7] * (len(data) - 1)
    assert all(o.begintijd == time(14) and o.begin.hour == 14 for o in overleggen)
    voor = [o for o in overleggen if o.datum < wissel][-1]
    na = [o for o in overleggen if o.datum > wissel][0]
    utc_voor, utc_na = voor.begin.astimezone(UTC), na.begin.astimezone(UTC)
    assert utc_na.hour - utc_voor.hour == verschuiving
    assert utc_na - utc_voor == timedelta(days=7, hours=verschuiving)


def test_reeks_eerste_weekdag_en_interval(school):
    vanaf = timezone.localdate() + timedelta(days=1)
    reeks = services.reeks_aanmaken(team=school.iz, door=als(school.zc), weekdag=3, begintijd=time(9),
                                    eindtijd=time(10), vanaf=vanaf, tot_en_met=vanaf + timedelta(weeks=8),
                                    interval_weken=2)
    data = list(reeks.overleggen.order_by("datum").values_list("datum", flat=True))
    assert data[0] >= vanaf and data[0] - vanaf < timedelta(days=7) and data[0].weekday() == 3
    assert len(data) in (4, 5)
    assert all((b - a).days == 14 for a, b in zip(data, data[1:], strict=False))


def test_reeks_zonder_overleg_of_te_lang_wordt_geweigerd(school):
    vanaf = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="einddatum van de reeks ligt na de begindatum"):
        services.reeks_aanmaken(team=school.iz, door=als(school.zc), weekdag=0, begintijd=time(9),
                                eindtijd=time(10), vanaf=vanaf, tot_en_met=vanaf - timedelta(days=1))
    with pytest.raises(ValidationError, match="hoogstens 104 overleggen"):
        services.reeks_aanmaken(team=school.iz, door=als(school.zc), weekdag=0, begintijd=time(9),
                                eindtijd=time(10), vanaf=vanaf, tot_en_met=vanaf + timedelta(weeks=120),
                                interval_weken=1)
    assert not school.iz.overlegreeksen.exists()


def test_verplaatsen_en_annuleren(school):
    nieuw = timezone.localdate() + timedelta(days=20)
    overleg = services.overleg_verplaatsen(overleg=school.overleg, door=als(school.zc), datum=nieuw,
                                           begintijd=time(10), eindtijd=time(11), plaats="Aula")
    assert (overleg.datum, overleg.plaats) == (nieuw, "Aula")
    services.overleg_annuleren(overleg=overleg, door=als(school.zc), reden="Studiedag")
    with pytest.raises(ValidationError, match="Dit overleg is geannuleerd; het kan niet meer worden gewijzigd."):
        services.overleg_verplaatsen(overleg=overleg, door=als(school.zc), datum=nieuw, begintijd=time(12),
                                     eindtijd=time(13))
    assert Overleg.objects.get(pk=overleg.pk).begintijd == time(10)


# ------------------------------------------------------------------ the agenda

def test_aanmelding_op_de_agenda_wordt_geagendeerd(school, deelnemer):
    aanmelding = AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD)
    punt = services.agendapunt_toevoegen(overleg=school.overleg, door=als(school.zc), deelnemer=deelnemer,
                                         reden=R.AANMELDING, aanmelding=aanmelding, inbrenger=school.lid)
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.GEAGENDEERD
    assert punt.volgorde == 1 and punt.laag == Laag.ZORG
    regel = Gebeurtenis.objects.get(deelnemer=deelnemer, soort=Gebeurtenis.Soort.OVERLEG_GEAGENDEERD)
    assert regel.laag == Laag.ZORG
    assert Toegangslog.objects.filter(object_type="agendapunt", object_id=str(punt.pk), deelnemer_id=deelnemer.pk,
                                      laag=Laag.ZORG).exists()


def test_punt_op_het_zat_staat_in_de_laag_zat(school, deelnemer):
    services.agendapunt_toevoegen(overleg=school.zat_overleg, door=als(school.voorzitter), deelnemer=deelnemer,
                                  reden=R.CRISIS, anoniem=True)  # no consent for the ZAT: anonymous only
    assert Gebeurtenis.objects.get(deelnemer=deelnemer, soort=Gebeurtenis.Soort.OVERLEG_GEAGENDEERD).laag == Laag.ZAT


def test_deelnemer_van_een_andere_locatie_wordt_geweigerd(school, deelnemer_zuid):
    with pytest.raises(ValidationError) as fout:
        services.agendapunt_toevoegen(overleg=school.overleg, door=als(school.zc), deelnemer=deelnemer_zuid,
                                      reden=R.AANMELDING)
    assert melding(fout.value) == ("Deze deelnemer staat ingeschreven op locatie Zuid; IZ Noord bespreekt alleen "
                                   "deelnemers van Noord.")
    assert not Agendapunt.objects.filter(deelnemer=deelnemer_zuid).exists()


def test_agenda_alleen_door_voorzitter_of_zorgcoordinator(school, deelnemer):
    with pytest.raises(ValidationError, match="Alleen de voorzitter of de zorgcoördinator"):
        services.agendapunt_toevoegen(overleg=school.overleg, door=als(school.lid), deelnemer=deelnemer,
                                      reden=R.EVALUATIE)
    services.agendapunt_toevoegen(overleg=school.overleg, door=als(school.voorzitter), deelnemer=deelnemer,
                                  reden=R.EVALUATIE)


def test_dubbel_punt_en_geannuleerd_overleg_worden_geweigerd(school, deelnemer):
    services.agendapunt_toevoegen(overleg=school.overleg, door=als(school.zc), deelnemer=deelnemer,
                                  reden=R.EVALUATIE)
    with pytest.raises(ValidationError, match="staat al op de agenda"):
        services.agendapunt_toevoegen(overleg=school.overleg, door=als(school.zc), deelnemer=deelnemer,
                                      reden=R.NAZORG)
    services.overleg_annuleren(overleg=school.zat_overleg, door=als(school.zc))
    with pytest.raises(ValidationError, match="geannuleerd"):
        services.agendapunt_toevoegen(overleg=school.zat_overleg, door=als(school.zc), deelnemer=deelnemer,
                                      reden=R.CRISIS)


def test_ingediende_aanmelding_kan_niet_op_de_agenda_en_niets_blijft_half(school, deelnemer):
    aanmelding = AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.INGEDIEND)
    with pytest.raises(ValidationError, match="alleen een geaccepteerde aanmelding"):
        services.agendapunt_toevoegen(overleg=school.overleg, door=als(school.zc), deelnemer=deelnemer,
                                      reden=R.AANMELDING, aanmelding=aanmelding)
    assert not Agendapunt.objects.filter(deelnemer=deelnemer).exists()


# ------------------------------------------------------------------ the record of an item

@pytest.fixture
def gehouden_punt(school, deelnemer):
    overleg = OverlegFactory(team=school.iz, datum=timezone.localdate(), voorzitter=school.voorzitter)
    return AgendapuntFactory(overleg=overleg, deelnemer=deelnemer)


def test_vastleggen_zet_de_volgende_evaluatie_standaard_zes_weken_later(school, gehouden_punt):
    punt = services.agendapunt_vastleggen(agendapunt=gehouden_punt, door=als(school.voorzitter), versie=1,
                                          analyse="Verzuim door thuissituatie.", besluit="Gesprek met ouders.")
    assert punt.besproken and punt.versie == 2
    assert punt.volgende_evaluatie == punt.overleg.datum + timedelta(weeks=6)
    assert Gebeurtenis.objects.filter(deelnemer=punt.deelnemer, soort=Gebeurtenis.Soort.OVERLEG_BESPROKEN).exists()


def test_evaluatietermijn_is_instelbaar_per_instelling(school, gehouden_punt):
    school.instelling.evaluatie_weken = 4
    school.instelling.save()
    punt = services.agendapunt_vastleggen(agendapunt=gehouden_punt, door=als(school.zc), versie=1)
    assert punt.volgende_evaluatie == punt.overleg.datum + timedelta(weeks=4)


def test_evaluatie_voor_het_overleg_en_vir_zonder_wie_worden_geweigerd(school, gehouden_punt):
    with pytest.raises(ValidationError) as fout:
        services.agendapunt_vastleggen(agendapunt=gehouden_punt, door=als(school.zc), versie=1,
                                       volgende_evaluatie=gehouden_punt.overleg.datum, vir_besluit="ja")
    assert fout.value.message_dict == {
        "volgende_evaluatie": ["De volgende evaluatie ligt na de datum van het overleg."],
        "vir_door": ["Geef aan wie de melding bij de verwijsindex doet."],
    }
    gehouden_punt.refresh_from_db()
    assert (gehouden_punt.versie, gehouden_punt.besproken) == (1, False)


def test_overleg_in_de_toekomst_kan_nog_niet_worden_vastgelegd(school, deelnemer):
    punt = AgendapuntFactory(overleg=school.overleg, deelnemer=deelnemer)
    with pytest.raises(ValidationError, match="nog niet geweest"):
        services.agendapunt_vastleggen(agendapunt=punt, door=als(school.zc), versie=1, analyse="x")


def test_twee_tegelijk_de_tweede_krijgt_conflict_met_wat_veranderde(school, gehouden_punt):
    services.agendapunt_vastleggen(agendapunt=gehouden_punt, door=als(school.voorzitter), versie=1,
                                   besluit="Doorverwijzen naar SMW.")
    with pytest.raises(Conflict) as conflict:
        services.agendapunt_vastleggen(agendapunt=gehouden_punt, door=als(school.zc), versie=1,
                                       besluit="Afwachten.")
    assert ("Besluit", "–", "Doorverwijzen naar SMW.") in conflict.value.wijzigingen
    gehouden_punt.refresh_from_db()
    assert gehouden_punt.besluit == "Doorverwijzen naar SMW." and gehouden_punt.versie == 2


def test_vastleggen_door_een_gewoon_lid_wordt_geweigerd(school, gehouden_punt):
    with pytest.raises(ValidationError, match="Alleen de voorzitter, de notulist of de zorgcoördinator"):
        services.agendapunt_vastleggen(agendapunt=gehouden_punt, door=als(school.lid), versie=1)


# ------------------------------------------------------------------ actions

def test_actie_voor_een_teamlid(school, gehouden_punt):
    actie = services.actie_toevoegen(agendapunt=gehouden_punt, door=als(school.voorzitter), eigenaar=school.lid,
                                     omschrijving="Ouders bellen", deadline=timezone.localdate() + timedelta(7))
    assert actie.status == Actie.Status.OPEN
    regel = Gebeurtenis.objects.get(deelnemer=gehouden_punt.deelnemer, soort=Gebeurtenis.Soort.OVERLEG_ACTIE)
    assert regel.laag == Laag.ZORG and "Ouders bellen" not in regel.omschrijving


def test_actie_voor_een_buitenstaander_of_met_deadline_voor_het_overleg_wordt_geweigerd(school, gehouden_punt):
    with pytest.raises(ValidationError) as fout:
        services.actie_toevoegen(agendapunt=gehouden_punt, door=als(school.voorzitter),
                                 eigenaar=school.buitenstaander, omschrijving=" ",
                                 deadline=gehouden_punt.overleg.datum - timedelta(days=1))
    assert set(fout.value.message_dict) == {"eigenaar", "omschrijving", "deadline"}
    assert "is geen lid van IZ Noord" in fout.value.message_dict["eigenaar"][0]
    assert not gehouden_punt.acties.exists()


def test_actie_afronden_door_eigenaar_of_voorzitter(school, gehouden_punt):
    eigen = ActieFactory(agendapunt=gehouden_punt, eigenaar=school.lid)
    with pytest.raises(ValidationError, match="Alleen wie de actie heeft, of de voorzitter of de zorgcoördinator"):
        services.actie_afronden(actie=eigen, door=als(GebruikerFactory()))
    klaar = services.actie_afronden(actie=eigen, door=als(school.lid), notitie="Gebeld.")
    assert (klaar.status, klaar.afgerond_op, klaar.notitie) == (Actie.Status.GEDAAN, timezone.localdate(), "Gebeld.")
    with pytest.raises(ValidationError, match="Deze actie is al gedaan."):
        services.actie_afronden(actie=eigen, door=als(school.lid))
    andere = ActieFactory(agendapunt=gehouden_punt, eigenaar=school.lid)
    assert services.actie_afronden(actie=andere, door=als(school.voorzitter),
                                   status=Actie.Status.VERVALLEN).status == Actie.Status.VERVALLEN


# ------------------------------------------------------------------ who may plan, move, record attendance

def test_alleen_de_zorgcoordinator_plant_en_een_lid_verplaatst_niet(school):
    datum = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError, match="Alleen de zorgcoördinator plant de overleggen van IZ Noord."):
        services.overleg_plannen(team=school.iz, door=als(school.voorzitter), datum=datum, begintijd=time(9),
                                 eindtijd=time(10))
    with pytest.raises(ValidationError, match="Alleen de voorzitter of de zorgcoördinator wijzigt dit overleg."):
        services.overleg_annuleren(overleg=school.overleg, door=als(school.lid))
    assert services.overleg_verplaatsen(overleg=school.overleg, door=als(school.voorzitter), datum=datum,
                                        begintijd=time(9), eindtijd=time(10)).datum == datum


def test_aanwezigheid_vastleggen(school):
    overleg = services.overleg_plannen(team=school.iz, door=als(school.zc), datum=timezone.localdate(),
                                       begintijd=time(9), eindtijd=time(10), voorzitter=school.voorzitter)
    rij = services.aanwezigheid_vastleggen(overleg=overleg, door=als(school.voorzitter), gebruiker=school.lid,
                                           status=Aanwezigheid.Status.AFWEZIG_MET_BERICHT)
    assert rij.status == Aanwezigheid.Status.AFWEZIG_MET_BERICHT
    assert overleg.aanwezigheden.count() == 3
    with pytest.raises(ValidationError, match="is geen lid van IZ Noord"):
        services.aanwezigheid_vastleggen(overleg=overleg, door=als(school.voorzitter),
                                         gebruiker=school.buitenstaander, status=Aanwezigheid.Status.AANWEZIG)
    with pytest.raises(ValidationError, match="legt de aanwezigheid vast"):
        services.aanwezigheid_vastleggen(overleg=overleg, door=als(school.lid), gebruiker=school.lid,
                                         status=Aanwezigheid.Status.AANWEZIG)


def test_wens_om_anoniem_te_bespreken_gaat_mee_naar_het_agendapunt(school, deelnemer):
    aanmelding = AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD,
                                   bestemming=Aanmelding.Bestemming.ZAT, anoniem_bespreken=True)
    punt = services.agendapunt_toevoegen(overleg=school.zat_overleg, door=als(school.zc), deelnemer=deelnemer,
                                         reden=R.AANMELDING, aanmelding=aanmelding)
    assert punt.anoniem


# ------------------------------------------------------------------ ordering and removing items

def test_voorzitter_ordent_en_zet_minuten(school, deelnemer):
    punt = AgendapuntFactory(overleg=school.overleg, deelnemer=deelnemer)
    punt = services.agendapunt_wijzigen(agendapunt=punt, door=als(school.voorzitter), versie=1, volgorde=3,
                                        minuten=20, inbrenger=school.lid, anoniem=True)
    assert (punt.volgorde, punt.minuten, punt.inbrenger, punt.anoniem, punt.versie) == (3, 20, school.lid, True, 2)
    with pytest.raises(Conflict):
        services.agendapunt_wijzigen(agendapunt=punt, door=als(school.zc), versie=1, minuten=5)
    with pytest.raises(ValidationError, match="Alleen de voorzitter of de zorgcoördinator"):
        services.agendapunt_wijzigen(agendapunt=punt, door=als(school.lid), versie=2, minuten=5)


def test_van_de_agenda_gehaald_is_weer_kandidaat(school, deelnemer):
    from overleg.selectors import kandidaten

    aanmelding = AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD)
    punt = services.agendapunt_toevoegen(overleg=school.overleg, door=als(school.zc), deelnemer=deelnemer,
                                         reden=R.AANMELDING, aanmelding=aanmelding)
    assert not kandidaten(school.overleg)
    services.agendapunt_verwijderen(agendapunt=punt, door=als(school.zc), versie=punt.versie)
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.GEACCEPTEERD
    assert [k.deelnemer for k in kandidaten(school.overleg)] == [deelnemer]
    assert Toegangslog.objects.filter(actie="verwijderen", object_type="agendapunt", object_id=str(punt.pk)).exists()


def test_punt_met_acties_gaat_niet_van_de_agenda(school, deelnemer):
    punt = AgendapuntFactory(overleg=school.overleg, deelnemer=deelnemer)
    ActieFactory(agendapunt=punt, eigenaar=school.lid)
    with pytest.raises(ValidationError, match="heeft al acties"):
        services.agendapunt_verwijderen(agendapunt=punt, door=als(school.zc), versie=1)
    assert Agendapunt.objects.filter(pk=punt.pk).exists()
