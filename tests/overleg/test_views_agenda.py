"""The meetings through HTTP: the list, planning one meeting or a series, the meeting page (per role, and an
invited partner's anonymous view), moving, cancelling, marking held, attendance, and the agenda builder
(candidates, adding, ordering, a concurrent edit, removing, the ZAT without consent)."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding
from overleg import services
from overleg.models import Aanwezigheid, Agendapunt, Overleg
from privacy.models import Toegangslog
from tests.conftest import laatste_logregel, logregels_sinds
from tests.factories import (
    AanmeldingFactory,
    AgendapuntFactory,
    DeelnemerFactory,
    GebruikerFactory,
    LidmaatschapFactory,
    OpleidingFactory,
    OverlegFactory,
    TeamFactory,
    ToestemmingFactory,
    ZorgtrajectFactory,
    als,
    uitnodiging,
)
from zorgstructuur.models import Functie, Partnerorganisatie, Team

R = Agendapunt.Reden


def url(naam, *args):
    return reverse(f"overleg:{naam}", args=args)


def dag(dagen: int) -> str:
    return (timezone.localdate() + timedelta(days=dagen)).strftime("%d-%m-%Y")


@pytest.fixture
def buitenstaander(school):
    """A care professional of another team (locatie Zuid): may use the app, sees none of these meetings."""
    gebruiker = GebruikerFactory(username="smw-zuid")
    team = TeamFactory(instelling=school.instelling, soort=Team.Soort.INTERN_ZORGTEAM, naam="IZ Zuid",
                       locaties=[school.zuid])
    LidmaatschapFactory(team=team, gebruiker=gebruiker, functie=Functie.SMW,
                        begin=timezone.localdate() - timedelta(days=10))
    return gebruiker


@pytest.fixture
def mentor(school, deelnemer):
    """The mentor of a student of locatie Noord (teamoverleg of the opleiding): sees no IZ or ZAT meeting."""
    gebruiker = GebruikerFactory(username="mentor-noord")
    team = TeamFactory(instelling=school.instelling, naam="Team Noord", locaties=[school.noord],
                       opleidingen=[school.opleiding_noord])
    LidmaatschapFactory(team=team, gebruiker=gebruiker, functie=Functie.MENTOR,
                        begin=timezone.localdate() - timedelta(days=10))
    deelnemer.mentor = gebruiker
    deelnemer.save(update_fields=["mentor"])
    return gebruiker


@pytest.fixture
def partner(school):
    """An external partner of the ZAT (op afroep) from Jeugdhulp Noord; sees a meeting only by invitation."""
    gebruiker = GebruikerFactory(username="partner-overleg", first_name="Petra", last_name="Partner")
    organisatie = Partnerorganisatie.objects.create(instelling=school.instelling, naam="Jeugdhulp Noord",
                                                    soort=Partnerorganisatie.Soort.JEUGDHULP)
    LidmaatschapFactory(team=school.zat, gebruiker=gebruiker, functie=Functie.PARTNER, organisatie=organisatie,
                        op_afroep=True, begin=timezone.localdate() - timedelta(days=10))
    gebruiker.organisatie = organisatie
    return gebruiker


def uitnodigen(school, punt, partner, *, grant=False):
    """An invitation to one item, as the partners' module makes it: with a dossier_zat grant unless anonymous."""
    return uitnodiging(punt, partner, partner.organisatie, school.zc, grant=grant)


def toestemming(school, deelnemer, *partners):
    return ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, zat_bespreking=True,
                              datum=timezone.localdate() - timedelta(days=1), partners=list(partners))


# ------------------------------------------------------------------ the list

def test_lijst_toont_de_overleggen_van_de_eigen_teams_met_plannen_voor_de_zorgcoordinator(school, client_als,
                                                                                          deelnemer):
    AgendapuntFactory(overleg=school.overleg, deelnemer=deelnemer)
    pagina = client_als(school.zc).get(url("lijst")).content.decode()
    assert "IZ Noord" in pagina and "ZAT Noord" in pagina
    assert url("overleg", school.overleg.pk) in pagina and url("plannen") in pagina
    assert "Overleggen</a></li>" in pagina  # the menu entry

    lid = client_als(school.lid).get(url("lijst")).content.decode()
    assert url("overleg", school.overleg.pk) in lid and url("overleg", school.zat_overleg.pk) not in lid
    assert url("plannen") not in lid


def test_lijst_is_per_team_begrensd_en_niet_voor_wie_geen_overleg_heeft(school, client_als, buitenstaander,
                                                                        actors):
    for week in range(2, 14):
        OverlegFactory(team=school.iz, datum=timezone.localdate() + timedelta(weeks=week))
    response = client_als(school.zc).get(url("lijst"))
    assert sum(o.team_id == school.iz.pk for o in response.context["komend"]) == 10
    assert url("overleg", school.overleg.pk) not in client_als(buitenstaander).get(url("lijst")).content.decode()
    manager = client_als(actors["manager"])
    assert manager.get(url("lijst")).status_code == 403
    assert "Overleggen</a></li>" not in manager.get("/").content.decode()


# ------------------------------------------------------------------ planning

def test_plannen_van_een_overleg_met_voorzitter_uit_het_team(school, client_als):
    c = client_als(school.zc)
    pagina = c.get(url("plannen") + f"?team={school.iz.pk}").content.decode()
    assert school.lid.get_full_name() in pagina  # the members are the choice for chair and minute-taker
    response = c.post(url("plannen") + f"?team={school.iz.pk}", {
        "soort": "eenmalig", "datum": dag(10), "begintijd": "09:00", "eindtijd": "10:30", "plaats": "B1.04",
        "voorzitter": school.voorzitter.pk, "notulist": school.lid.pk})
    overleg = Overleg.objects.get(team=school.iz, plaats="B1.04")
    assert response.status_code == 302 and response["Location"] == url("overleg", overleg.pk)
    assert (overleg.voorzitter, overleg.notulist, overleg.begintijd) == (school.voorzitter, school.lid, time(9))


def test_plannen_van_een_reeks_om_de_twee_weken(school, client_als):
    c = client_als(school.zc)
    assert c.get(url("plannen")).context["form"]["interval_weken"].value() == 2
    response = c.post(url("plannen") + f"?team={school.zat.pk}", {
        "soort": "reeks", "weekdag": "1", "interval_weken": "2", "vanaf": dag(1), "tot_en_met": dag(70),
        "begintijd": "14:00", "eindtijd": "16:00"})
    assert response.status_code == 302
    nieuw = Overleg.objects.filter(team=school.zat, reeks__isnull=False)
    assert nieuw.count() == 5 and {o.datum.weekday() for o in nieuw} == {1}


@pytest.mark.parametrize("invoer, veld, melding", [
    ({"begintijd": "11:00", "eindtijd": "10:00"}, "eindtijd", "De eindtijd ligt na de begintijd."),
    ({"datum": "01-01-1990"}, "datum", "ligt tussen 01-01-2000 en"),
    ({"datum": "31-02-2030"}, "datum", "Voer een geldige datum in."),
    ({"datum": dag(-3)}, "datum", "Een nieuw overleg ligt niet in het verleden."),
    ({"datum": ""}, "datum", "Vul de datum van het overleg in."),
    ({"soort": "reeks", "weekdag": "2", "interval_weken": "2", "vanaf": dag(20), "tot_en_met": dag(5)},
     "tot_en_met", "De einddatum van de reeks ligt na de begindatum."),
    ({"soort": "reeks", "weekdag": "2", "interval_weken": "2", "vanaf": dag(5)}, "tot_en_met",
     "Vul de laatste datum van de reeks in."),
])
def test_plannen_met_onzinnige_invoer_geeft_een_nederlandse_melding(school, client_als, invoer, veld, melding):
    data = {"soort": "eenmalig", "datum": dag(10), "begintijd": "09:00", "eindtijd": "10:00", **invoer}
    voor = Overleg.objects.count()
    response = client_als(school.zc).post(url("plannen") + f"?team={school.iz.pk}", data)
    assert response.status_code == 200
    assert any(melding in fout for fout in response.context["form"].errors[veld])
    assert Overleg.objects.count() == voor


def test_voorzitter_die_geen_lid_is_wordt_geweigerd(school, client_als, buitenstaander):
    response = client_als(school.zc).post(url("plannen") + f"?team={school.iz.pk}", {
        "soort": "eenmalig", "datum": dag(10), "begintijd": "09:00", "eindtijd": "10:00",
        "voorzitter": buitenstaander.pk})
    assert "voorzitter" in response.context["form"].errors
    assert not Overleg.objects.filter(voorzitter=buitenstaander).exists()


def test_plannen_alleen_voor_eigen_teams(school, client_als, buitenstaander):
    vreemd = TeamFactory(instelling=school.instelling, soort=Team.Soort.INTERN_ZORGTEAM, locaties=[school.zuid])
    assert client_als(school.zc).get(url("plannen") + f"?team={vreemd.pk}").status_code == 404
    assert client_als(school.zc).get(url("plannen") + "?team=99999999999").status_code == 404
    assert client_als(school.lid).get(url("plannen")).status_code == 403  # a member does not plan


# ------------------------------------------------------------------ the meeting page

@pytest.fixture
def punten(school):
    """Two students on the IZ agenda; the second anonymous."""
    eerste = AgendapuntFactory(overleg=school.overleg, deelnemer=DeelnemerFactory(
        opleiding=school.opleiding_noord, voornaam="Anouk"), volgorde=1, inbrenger=school.lid)
    tweede = AgendapuntFactory(overleg=school.overleg, deelnemer=DeelnemerFactory(
        opleiding=school.opleiding_noord, voornaam="Bram"), volgorde=2, anoniem=True, reden=R.EVALUATIE)
    return eerste, tweede


def test_overlegpagina_toont_agenda_en_aanwezigheid_en_logt_per_deelnemer(school, client_als, punten):
    Aanwezigheid.objects.create(overleg=school.overleg, gebruiker=school.lid)
    ZorgtrajectFactory(deelnemer=punten[0].deelnemer, niveau=school.niveau["iz"])
    na = laatste_logregel()
    response = client_als(school.zc).get(url("overleg", school.overleg.pk))
    pagina = response.content.decode()
    for punt in punten:
        assert punt.deelnemer.naam in pagina and url("agendapunt", punt.pk) in pagina
    assert "anoniem: casus A" in pagina  # internally the name stays, with the anonymous mark
    assert f"<td>{school.niveau['iz'].naam}</td>" in pagina
    assert school.lid.get_full_name() in pagina  # inbrenger, and on the attendance list
    assert url("agenda_bewerken", school.overleg.pk) in pagina and url("annuleren", school.overleg.pk) in pagina
    for link in ("agenda", "agenda_pdf", "verslag", "ics"):
        assert url(link, school.overleg.pk) in pagina
    assert 'name="aanwezig_' in pagina
    gelogd = [r for r in logregels_sinds(na) if r.object_type == "agendapunt"]
    assert {r.deelnemer_id for r in gelogd} == {p.deelnemer_id for p in punten}


def test_lid_ziet_het_overleg_zonder_knoppen(school, client_als, punten):
    pagina = client_als(school.lid).get(url("overleg", school.overleg.pk)).content.decode()
    assert punten[0].deelnemer.naam in pagina
    assert url("agenda_bewerken", school.overleg.pk) not in pagina and 'name="aanwezig_' not in pagina


@pytest.mark.parametrize("naam", ["overleg", "wijzigen", "agenda_bewerken", "annuleren", "gehouden",
                                  "aanwezigheid"])
def test_wie_het_overleg_niet_ziet_krijgt_404_en_een_logregel(school, client_als, buitenstaander, mentor,
                                                              partner, deelnemer, naam):
    AgendapuntFactory(overleg=school.overleg, deelnemer=deelnemer)  # even with the mentor's own student on it
    for user in (buitenstaander, mentor, partner):
        na = laatste_logregel()
        assert client_als(user).get(url(naam, school.overleg.pk)).status_code == 404
        assert any(r.uitkomst == Toegangslog.Uitkomst.GEWEIGERD for r in logregels_sinds(na))
    assert client_als(school.zc).get(url(naam, 99999999)).status_code == 404


@pytest.mark.parametrize("naam", ["wijzigen", "agenda_bewerken", "annuleren", "gehouden", "aanwezigheid"])
def test_lid_dat_niet_bewerkt_krijgt_404(school, client_als, naam):
    assert client_als(school.lid).get(url(naam, school.overleg.pk)).status_code == 404


@pytest.mark.parametrize("naam", ["annuleren", "gehouden", "aanwezigheid"])
def test_acties_alleen_met_post(school, client_als, naam):
    assert client_als(school.zc).get(url(naam, school.overleg.pk)).status_code == 405


def test_partner_ziet_alleen_het_uitgenodigde_punt_en_anoniem_zonder_naam(school, client_als, partner):
    eigen_opleiding = OpleidingFactory(locatie=school.noord, naam="Opleiding van de anonieme casus")
    anoniem = AgendapuntFactory(overleg=school.zat_overleg, anoniem=True, volgorde=1,
                                deelnemer=DeelnemerFactory(opleiding=eigen_opleiding, voornaam="Anoniema"))
    met_naam = AgendapuntFactory(overleg=school.zat_overleg, volgorde=2,
                                 deelnemer=DeelnemerFactory(opleiding=school.opleiding_noord, voornaam="Zichtbaar"))
    ander = AgendapuntFactory(overleg=school.zat_overleg, volgorde=3,
                              deelnemer=DeelnemerFactory(opleiding=school.opleiding_noord, voornaam="Geheim"))
    c = client_als(partner)
    assert c.get(url("overleg", school.zat_overleg.pk)).status_code == 404  # no invitation yet

    uitnodigen(school, anoniem, partner)
    toestemming(school, met_naam.deelnemer, partner.organisatie)
    uitnodigen(school, met_naam, partner, grant=True)
    na = laatste_logregel()
    pagina = c.get(url("overleg", school.zat_overleg.pk)).content.decode()
    assert "Casus A (anoniem)" in pagina
    d = anoniem.deelnemer
    for gegeven in (d.voornaam, d.achternaam, d.studentnummer, d.geboortedatum.strftime("%d-%m-%Y"),
                    d.opleiding.naam):
        assert gegeven not in pagina
    assert met_naam.deelnemer.naam in pagina
    assert ander.deelnemer.voornaam not in pagina and ander.deelnemer.achternaam not in pagina
    assert ander.deelnemer.studentnummer not in pagina
    assert 'name="aanwezig_' not in pagina and school.lid.get_full_name() not in pagina
    assert {r.object_id for r in logregels_sinds(na) if r.object_type == "agendapunt"} == {
        str(anoniem.pk), str(met_naam.pk)}


# ------------------------------------------------------------------ moving, cancelling, held, attendance

def test_verplaatsen_en_onzinnige_tijden(school, client_als):
    c = client_als(school.voorzitter)
    fout = c.post(url("wijzigen", school.overleg.pk), {"datum": dag(12), "begintijd": "15:00", "eindtijd": "14:00"})
    assert "De eindtijd ligt na de begintijd." in fout.content.decode()
    response = c.post(url("wijzigen", school.overleg.pk), {"datum": dag(12), "begintijd": "10:00",
                                                           "eindtijd": "11:00", "plaats": "Aula"})
    assert response.status_code == 302
    school.overleg.refresh_from_db()
    assert (school.overleg.datum.strftime("%d-%m-%Y"), school.overleg.plaats) == (dag(12), "Aula")


def test_annuleren_met_reden_en_daarna_niet_meer_te_wijzigen(school, client_als):
    c = client_als(school.zc)
    zonder = c.post(url("annuleren", school.overleg.pk), {"reden": ""})
    assert "Geef de reden van de annulering." in zonder.content.decode()
    assert c.post(url("annuleren", school.overleg.pk), {"reden": "Studiedag"}).status_code == 302
    school.overleg.refresh_from_db()
    assert (school.overleg.status, school.overleg.reden_annulering) == (Overleg.Status.GEANNULEERD, "Studiedag")
    opnieuw = c.post(url("wijzigen", school.overleg.pk), {"datum": dag(12), "begintijd": "10:00",
                                                          "eindtijd": "11:00"})
    assert "Dit overleg is geannuleerd; het kan niet meer worden gewijzigd." in opnieuw.content.decode()


def test_gehouden_alleen_op_of_na_de_dag(school, client_als):
    c = client_als(school.zc)
    toekomst = c.post(url("gehouden", school.overleg.pk))
    assert "Een overleg in de toekomst kan nog niet gehouden zijn." in toekomst.content.decode()
    vandaag = OverlegFactory(team=school.iz, datum=timezone.localdate())
    assert c.post(url("gehouden", vandaag.pk)).status_code == 302
    vandaag.refresh_from_db()
    assert vandaag.status == Overleg.Status.GEHOUDEN


def test_aanwezigheid_vastleggen_door_de_notulist(school, client_als):
    overleg = services.overleg_plannen(team=school.iz, door=als(school.zc), datum=timezone.localdate(),
                                       begintijd=time(23, 0), eindtijd=time(23, 30), notulist=school.lid)
    c = client_als(school.lid)
    data = {f"aanwezig_{a.gebruiker_id}": a.status for a in overleg.aanwezigheden.all()}
    data[f"aanwezig_{school.voorzitter.pk}"] = Aanwezigheid.Status.AFWEZIG_MET_BERICHT
    assert c.post(url("aanwezigheid", overleg.pk), data).status_code == 302
    assert overleg.aanwezigheden.get(gebruiker=school.voorzitter).status == Aanwezigheid.Status.AFWEZIG_MET_BERICHT
    assert overleg.aanwezigheden.get(gebruiker=school.zc).status == Aanwezigheid.Status.AANWEZIG
    fout = c.post(url("aanwezigheid", overleg.pk), {**data, f"aanwezig_{school.zc.pk}": "weg"})
    assert fout.status_code == 200 and "aanwezig_" in fout.content.decode()


# ------------------------------------------------------------------ the agenda builder

def test_bouwer_toont_kandidaten_met_reden_en_te_late_evaluatie(school, client_als, deelnemer):
    AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD)
    te_laat = DeelnemerFactory(opleiding=school.opleiding_noord)
    ZorgtrajectFactory(deelnemer=te_laat, niveau=school.niveau["iz"])
    vorig = OverlegFactory(team=school.iz, datum=timezone.localdate() - timedelta(weeks=8),
                           status=Overleg.Status.GEHOUDEN)
    AgendapuntFactory(overleg=vorig, deelnemer=te_laat, besproken=True,
                      volgende_evaluatie=timezone.localdate() - timedelta(days=5))
    na = laatste_logregel()
    pagina = client_als(school.zc).get(url("agenda_bewerken", school.overleg.pk)).content.decode()
    assert deelnemer.naam in pagina and "Nieuwe aanmelding" in pagina
    assert te_laat.naam in pagina and "Evaluatie 5 dagen te laat" in pagina
    assert "Geplande tijd: 0 van 120 minuten" in pagina
    assert {r.deelnemer_id for r in logregels_sinds(na)} >= {deelnemer.pk, te_laat.pk}


def test_kandidaat_kiezen_zet_hem_op_de_agenda_en_de_rest_blijft_kandidaat(school, client_als, deelnemer):
    aanmelding = AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD)
    blijft = DeelnemerFactory(opleiding=school.opleiding_noord)
    AanmeldingFactory(deelnemer=blijft, status=Aanmelding.Status.GEACCEPTEERD)
    c = client_als(school.voorzitter)
    response = c.post(url("agenda_bewerken", school.overleg.pk), {"deelnemer": deelnemer.pk, "minuten": "15"})
    assert response.status_code == 302
    punt = Agendapunt.objects.get(overleg=school.overleg, deelnemer=deelnemer)
    assert (punt.reden, punt.minuten, punt.aanmelding) == (R.AANMELDING, 15, aanmelding)
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.GEAGENDEERD
    pagina = c.get(url("agenda_bewerken", school.overleg.pk))
    assert [k.deelnemer.pk for k in pagina.context["kandidaten"]] == [blijft.pk]
    assert "Geplande tijd: 15 van 120 minuten" in pagina.content.decode()


def test_geen_kandidaat_of_onzin_wordt_niet_toegevoegd(school, client_als, deelnemer_zuid):
    c = client_als(school.zc)
    for waarde in (deelnemer_zuid.pk, "abc", "99999999999999999999"):
        response = c.post(url("agenda_bewerken", school.overleg.pk), {"deelnemer": waarde, "minuten": "10"})
        assert response.status_code == 200
    assert not Agendapunt.objects.filter(overleg=school.overleg).exists()


def test_zat_zonder_toestemming_alleen_anoniem(school, client_als, deelnemer):
    AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD,
                      bestemming=Aanmelding.Bestemming.ZAT)
    c = client_als(school.zc)
    pagina = c.get(url("agenda_bewerken", school.zat_overleg.pk))
    assert "deze casus kan alleen anoniem op de agenda" in pagina.content.decode()
    assert pagina.context["kandidaten"][0].form["anoniem"].value() is True  # pre-set

    geweigerd = c.post(url("agenda_bewerken", school.zat_overleg.pk), {"deelnemer": deelnemer.pk, "minuten": "10"})
    assert services.ZONDER_TOESTEMMING_ANONIEM in geweigerd.content.decode()
    assert not Agendapunt.objects.filter(deelnemer=deelnemer).exists()
    assert Aanmelding.objects.get(deelnemer=deelnemer).status == Aanmelding.Status.GEACCEPTEERD  # nothing half

    c.post(url("agenda_bewerken", school.zat_overleg.pk), {"deelnemer": deelnemer.pk, "minuten": "10",
                                                          "anoniem": "on"})
    punt = Agendapunt.objects.get(deelnemer=deelnemer)
    assert punt.anoniem
    niet_anoniem = c.post(url("agendapunt_wijzigen", punt.pk), {
        f"punt{punt.pk}-volgorde": "1", f"punt{punt.pk}-minuten": "10", f"punt{punt.pk}-versie": punt.versie})
    assert services.ZONDER_TOESTEMMING_ANONIEM in niet_anoniem.content.decode()
    punt.refresh_from_db()
    assert punt.anoniem and punt.versie == 1

    toestemming(school, deelnemer)
    c.post(url("agendapunt_wijzigen", punt.pk), {
        f"punt{punt.pk}-volgorde": "1", f"punt{punt.pk}-minuten": "10", f"punt{punt.pk}-versie": punt.versie})
    punt.refresh_from_db()
    assert not punt.anoniem


def test_zat_met_toestemming_mag_met_naam(school, client_als, deelnemer):
    toestemming(school, deelnemer)
    AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD,
                      bestemming=Aanmelding.Bestemming.ZAT)
    c = client_als(school.zc)
    assert "alleen anoniem" not in c.get(url("agenda_bewerken", school.zat_overleg.pk)).content.decode()
    c.post(url("agenda_bewerken", school.zat_overleg.pk), {"deelnemer": deelnemer.pk, "minuten": "10"})
    assert not Agendapunt.objects.get(deelnemer=deelnemer).anoniem


def test_agendapunt_wijzigen_ordent_en_zet_inbrenger(school, client_als, punten):
    eerste, tweede = punten
    c = client_als(school.voorzitter)
    p = f"punt{eerste.pk}"
    response = c.post(url("agendapunt_wijzigen", eerste.pk), {
        f"{p}-volgorde": "3", f"{p}-minuten": "25", f"{p}-inbrenger": school.zc.pk, f"{p}-versie": "1"})
    assert response.status_code == 302
    eerste.refresh_from_db()
    assert (eerste.volgorde, eerste.minuten, eerste.inbrenger, eerste.versie) == (3, 25, school.zc, 2)
    pagina = c.get(url("agenda_bewerken", school.overleg.pk))
    assert [p.pk for p in pagina.context["punten"]] == [tweede.pk, eerste.pk]
    assert "Geplande tijd: 35 van 120 minuten" in pagina.content.decode()
    buiten = c.post(url("agendapunt_wijzigen", eerste.pk), {
        f"{p}-volgorde": "3", f"{p}-minuten": "25", f"{p}-inbrenger": "123456789", f"{p}-versie": "2"})
    assert buiten.status_code == 200 and "inbrenger" in buiten.context["punten"][1].form.errors


def test_gelijktijdige_wijziging_toont_het_conflict(school, client_als, punten):
    eerste = punten[0]
    p = f"punt{eerste.pk}"
    client_als(school.zc).post(url("agendapunt_wijzigen", eerste.pk), {
        f"{p}-volgorde": "1", f"{p}-minuten": "30", f"{p}-versie": "1"})
    response = client_als(school.voorzitter).post(url("agendapunt_wijzigen", eerste.pk), {
        f"{p}-volgorde": "1", f"{p}-minuten": "5", f"{p}-versie": "1"})
    pagina = response.content.decode()
    assert response.status_code == 200 and "Intussen gewijzigd door een ander" in pagina
    assert "Minuten" in pagina and "30" in pagina
    eerste.refresh_from_db()
    assert eerste.minuten == 30


def test_agendapunt_verwijderen_maakt_weer_kandidaat(school, client_als, deelnemer):
    aanmelding = AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD)
    punt = services.agendapunt_toevoegen(overleg=school.overleg, door=als(school.zc), deelnemer=deelnemer,
                                         reden=R.AANMELDING, aanmelding=aanmelding)
    c = client_als(school.zc)
    assert c.get(url("agendapunt_verwijderen", punt.pk)).status_code == 405
    assert c.post(url("agendapunt_verwijderen", punt.pk), {"versie": punt.versie}).status_code == 302
    assert not Agendapunt.objects.filter(pk=punt.pk).exists()
    kandidaten = c.get(url("agenda_bewerken", school.overleg.pk)).context["kandidaten"]
    assert [k.deelnemer.pk for k in kandidaten] == [deelnemer.pk]


@pytest.mark.parametrize("naam", ["agendapunt_wijzigen", "agendapunt_verwijderen"])
def test_agendapunt_acties_per_rol(school, client_als, buitenstaander, mentor, punten, naam):
    punt = punten[0]
    assert client_als(school.zc).get(url(naam, punt.pk)).status_code == 405
    for user in (school.lid, buitenstaander, mentor):
        assert client_als(user).get(url(naam, punt.pk)).status_code == 404
        assert client_als(user).post(url(naam, punt.pk), {"versie": "1"}).status_code == 404
    assert client_als(school.zc).post(url(naam, 99999999)).status_code == 404
    assert Agendapunt.objects.filter(pk=punt.pk, versie=1).exists()


def test_gehouden_overleg_is_niet_meer_te_bewerken(school, client_als, punten, deelnemer):
    Overleg.objects.filter(pk=school.overleg.pk).update(status=Overleg.Status.GEHOUDEN,
                                                        datum=timezone.localdate())
    AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD)
    c = client_als(school.zc)
    pagina = c.get(url("agenda_bewerken", school.overleg.pk)).content.decode()
    assert "de agenda kan niet meer worden gewijzigd" in pagina
    p = f"punt{punten[0].pk}"
    response = c.post(url("agendapunt_wijzigen", punten[0].pk), {
        f"{p}-volgorde": "1", f"{p}-minuten": "30", f"{p}-versie": "1"})
    assert "Dit overleg is gehouden; het kan niet meer worden gewijzigd." in response.content.decode()
    response = c.post(url("agendapunt_verwijderen", punten[0].pk), {"versie": "1"})
    assert "Dit overleg is gehouden; het kan niet meer worden gewijzigd." in response.content.decode()
    assert Agendapunt.objects.filter(pk=punten[0].pk, minuten=10).exists()


# ------------------------------------------------------------------ the service rule: ZAT without consent

def test_service_weigert_zat_punt_met_naam_zonder_geldige_toestemming(school, deelnemer):
    with pytest.raises(ValidationError) as fout:
        services.agendapunt_toevoegen(overleg=school.zat_overleg, door=als(school.zc), deelnemer=deelnemer,
                                      reden=R.CRISIS)
    assert fout.value.message_dict == {"anoniem": [services.ZONDER_TOESTEMMING_ANONIEM]}
    assert not Agendapunt.objects.filter(deelnemer=deelnemer).exists()
    # Consent without ZAT discussion, or withdrawn consent, is no consent for the ZAT.
    ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, zat_bespreking=False)
    ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, datum=timezone.localdate() - timedelta(days=9),
                       ingetrokken_op=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.agendapunt_toevoegen(overleg=school.zat_overleg, door=als(school.zc), deelnemer=deelnemer,
                                      reden=R.CRISIS)
    punt = services.agendapunt_toevoegen(overleg=school.zat_overleg, door=als(school.zc), deelnemer=deelnemer,
                                         reden=R.CRISIS, anoniem=True)
    with pytest.raises(ValidationError, match="alleen anoniem"):
        services.agendapunt_wijzigen(agendapunt=punt, door=als(school.zc), versie=punt.versie, anoniem=False)
    # Ordering alone does not touch the anonymous mark, so it needs no consent.
    punt = services.agendapunt_wijzigen(agendapunt=punt, door=als(school.zc), versie=punt.versie, volgorde=4)
    assert punt.anoniem and punt.volgorde == 4


def test_service_iz_punt_met_naam_zonder_toestemming_mag(school, deelnemer):
    punt = services.agendapunt_toevoegen(overleg=school.overleg, door=als(school.zc), deelnemer=deelnemer,
                                         reden=R.EVALUATIE)
    assert not punt.anoniem


def test_inbrenger_van_buiten_het_team_blijft_staan_bij_opslaan(school, client_als, deelnemer):
    """The referrer who brought the case in is not always a member: the builder keeps them as the choice."""
    mentor = GebruikerFactory(username="mentor-inbrenger", first_name="Mila", last_name="Mentor")
    punt = AgendapuntFactory(overleg=school.overleg, deelnemer=deelnemer, inbrenger=mentor)
    c = client_als(school.zc)
    pagina = c.get(url("agenda_bewerken", school.overleg.pk)).content.decode()
    assert f'<option value="{mentor.pk}" selected>Mila Mentor</option>' in pagina
    p = f"punt{punt.pk}"
    c.post(url("agendapunt_wijzigen", punt.pk), {f"{p}-volgorde": "1", f"{p}-minuten": "20",
                                                 f"{p}-inbrenger": mentor.pk, f"{p}-versie": "1"})
    punt.refresh_from_db()
    assert (punt.minuten, punt.inbrenger) == (20, mentor)


def test_elke_kandidaat_heeft_eigen_veld_ids(school, client_als, deelnemer):
    anders = DeelnemerFactory(opleiding=school.opleiding_noord)
    for d in (deelnemer, anders):
        AanmeldingFactory(deelnemer=d, status=Aanmelding.Status.GEACCEPTEERD)
    pagina = client_als(school.zc).get(url("agenda_bewerken", school.overleg.pk)).content.decode()
    assert f'id="id_kandidaat{deelnemer.pk}_anoniem"' in pagina and f'id="id_kandidaat{anders.pk}_anoniem"' in pagina


def test_partner_ziet_in_de_lijst_alleen_het_overleg_van_de_uitnodiging_met_zijn_punten(school, client_als,
                                                                                       partner):
    anoniem = AgendapuntFactory(overleg=school.zat_overleg, anoniem=True,
                                deelnemer=DeelnemerFactory(opleiding=school.opleiding_noord))
    AgendapuntFactory(overleg=school.zat_overleg, deelnemer=DeelnemerFactory(opleiding=school.opleiding_noord))
    c = client_als(partner)
    assert c.get(url("lijst")).context["komend"] == []
    uitnodigen(school, anoniem, partner)
    komend = c.get(url("lijst")).context["komend"]
    assert [(o.pk, o.aantal) for o in komend] == [(school.zat_overleg.pk, 1)]  # not the uninvited item
