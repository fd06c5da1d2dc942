"""Partners op afroep (issue 10 point 3): the chair invites an external partner per ZAT item; the invitation
gives a dossier_zat grant on that one student until the meeting + the instelling's days, only while the
consent for the ZAT names the partner's organisation; an anonymous item gives none. Built on the small school
of tests/overleg/conftest.py: a partner of "Jeugdhulp Noord" op afroep in the ZAT Noord."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from aanmelding.services import toestemming_intrekken
from deelnemers.models import Gebeurtenis
from overleg import panelen, services
from overleg.models import Overleg, Uitnodiging
from overleg.views_partners import paneel_context
from privacy import policy
from privacy.models import DeelnemerToegang, Toegangslog
from tests.conftest import aantal as queries
from tests.conftest import laatste_logregel, logregels_sinds
from tests.factories import (
    AgendapuntFactory,
    DeelnemerFactory,
    GebruikerFactory,
    InstellingFactory,
    LidmaatschapFactory,
    OverlegFactory,
    TeamFactory,
    ToestemmingFactory,
    als,
)
from tests.overleg.conftest import client_van, maak_partner
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Melding, Partnerorganisatie, Team

VANDAAG = timezone.localdate


def van(school):
    """The invitations of this test's school (the demo school has its own)."""
    return Uitnodiging.objects.filter(agendapunt__overleg__team__instelling=school.instelling)


def met_toestemming(school, deelnemer, *organisaties):
    return ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, partners=list(organisaties),
                              datum=VANDAAG() - timedelta(days=10))


@pytest.fixture
def punt(school, deelnemer, jeugdhulp):
    """A ZAT item of a student whose consent names Jeugdhulp Noord."""
    met_toestemming(school, deelnemer, jeugdhulp)
    return AgendapuntFactory(overleg=school.zat_overleg, deelnemer=deelnemer, volgorde=1)


@pytest.fixture
def anoniem_punt(school):
    """A ZAT item discussed anonymously: no consent at all."""
    anoniem = DeelnemerFactory(opleiding=school.opleiding_noord, voornaam="Anouk", achternaam="Verborgen-Anoniem",
                               studentnummer="7770001", straat="Geheimelaan", huisnummer="99")
    return AgendapuntFactory(overleg=school.zat_overleg, deelnemer=anoniem, anoniem=True, volgorde=2)


@pytest.fixture
def ander_punt(school):
    """A ZAT item of another student with consent for the same organisation, but the partner is not invited."""
    ander = DeelnemerFactory(opleiding=school.opleiding_noord, voornaam="Oscar", achternaam="Niet-Uitgenodigd",
                             studentnummer="7770002")
    met_toestemming(school, ander, Partnerorganisatie.objects.get(naam="Jeugdhulp Noord"))
    return AgendapuntFactory(overleg=school.zat_overleg, deelnemer=ander, volgorde=3)


def uitnodigen(school, punt, partner, door=None):
    return services.partner_uitnodigen(agendapunt=punt, door=als(door or school.zc), partner=partner)


@pytest.fixture
def klok(monkeypatch):
    """Move today forward by some days (every rule reads timezone.localdate)."""
    echt = timezone.localdate

    def verzet(dagen):
        def localdate(value=None, timezone=None):
            return echt(value, timezone) if value is not None else echt() + timedelta(days=dagen)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return verzet


# ------------------------------------------------------------------ the services

def test_uitnodiging_geeft_zat_toegang_tot_het_overleg_plus_de_ingestelde_dagen(school, punt, partner):
    na = laatste_logregel()
    uitnodiging = uitnodigen(school, punt, partner)
    tot = school.zat_overleg.datum + timedelta(days=14)
    assert uitnodiging.geldig_tot == tot
    assert uitnodiging.organisatie.naam == "Jeugdhulp Noord"
    toegang = uitnodiging.toegang
    assert (toegang.user, toegang.content_object, toegang.permission.codename, toegang.geldig_tot) == (
        partner, punt.deelnemer, "dossier_zat", tot)
    assert policy.deelnemers_voor(partner).filter(pk=punt.deelnemer.pk).exists()
    assert Laag.ZAT in policy.inzage(partner, punt.deelnemer).lagen
    regels = logregels_sinds(na)
    assert [(r.actie, r.object_type, r.deelnemer_id, r.laag) for r in regels] == [
        ("aanmaken", "uitnodiging", punt.deelnemer.pk, Laag.ZAT)]
    regel = Gebeurtenis.objects.filter(deelnemer=punt.deelnemer).order_by("-id").first()
    assert "Jeugdhulp Noord uitgenodigd voor ZAT Noord" in regel.omschrijving and regel.laag == Laag.ZAT
    melding = Melding.objects.get(ontvanger=partner)
    assert melding.url == reverse("overleg:agendapunt", args=[punt.pk])
    assert punt.deelnemer.achternaam not in melding.tekst


def test_de_mail_aan_de_partner_bevat_alleen_een_link(school, punt, partner, settings,
                                                      django_capture_on_commit_callbacks):
    settings.MELDINGEN_PER_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        uitnodigen(school, punt, partner)
    assert len(mail.outbox) == 1
    assert punt.deelnemer.achternaam not in mail.outbox[0].body and "/melding" in mail.outbox[0].body


def test_toegangstermijn_is_instelbaar_per_instelling(school, punt, partner):
    school.instelling.uitnodiging_dagen = 3
    school.instelling.save()
    assert uitnodigen(school, punt, partner).toegang.geldig_tot == school.zat_overleg.datum + timedelta(days=3)


def test_zonder_toestemming_die_de_organisatie_noemt_geen_uitnodiging(school, deelnemer, jeugdhulp, ggz):
    met_toestemming(school, deelnemer, ggz)
    punt = AgendapuntFactory(overleg=school.zat_overleg, deelnemer=deelnemer)
    partner = maak_partner(school.zat, jeugdhulp, "partner-zonder")
    with pytest.raises(ValidationError) as fout:
        uitnodigen(school, punt, partner)
    assert "noemt Jeugdhulp Noord niet" in fout.value.message_dict["partner"][0]
    assert not van(school).exists()
    assert not DeelnemerToegang.objects.filter(user=partner).exists()


def test_toestemming_zonder_zat_bespreking_telt_niet(school, deelnemer, jeugdhulp, partner):
    ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, partners=[jeugdhulp], zat_bespreking=False)
    punt = AgendapuntFactory(overleg=school.zat_overleg, deelnemer=deelnemer)
    with pytest.raises(ValidationError):
        uitnodigen(school, punt, partner)


def test_anoniem_punt_geeft_geen_toegang_tot_het_dossier(school, anoniem_punt, partner):
    uitnodiging = uitnodigen(school, anoniem_punt, partner)
    assert uitnodiging.toegang is None
    assert not DeelnemerToegang.objects.filter(user=partner).exists()
    assert list(policy.geldige_uitnodigingen(partner)) == [uitnodiging]
    assert not policy.deelnemers_voor(partner).filter(pk=anoniem_punt.deelnemer_id).exists()
    assert Melding.objects.get(ontvanger=partner).deelnemer is None  # Mijn werk never names the student


@pytest.mark.parametrize("geval", ["iz", "geannuleerd", "lang_geleden"])
def test_alleen_een_gepland_of_net_gehouden_zat(school, deelnemer, jeugdhulp, partner, geval):
    met_toestemming(school, deelnemer, jeugdhulp)
    if geval == "iz":
        overleg = school.overleg
    elif geval == "geannuleerd":
        overleg = OverlegFactory(team=school.zat, voorzitter=school.voorzitter, status=Overleg.Status.GEANNULEERD)
    else:
        overleg = OverlegFactory(team=school.zat, voorzitter=school.voorzitter, status=Overleg.Status.GEHOUDEN,
                                 datum=VANDAAG() - timedelta(days=15))
    punt = AgendapuntFactory(overleg=overleg, deelnemer=deelnemer)
    with pytest.raises(ValidationError):
        uitnodigen(school, punt, partner)
    assert not van(school).exists() and not DeelnemerToegang.objects.filter(user=partner).exists()


def test_gehouden_zat_binnen_de_termijn_kan_nog(school, deelnemer, jeugdhulp, partner):
    met_toestemming(school, deelnemer, jeugdhulp)
    overleg = OverlegFactory(team=school.zat, voorzitter=school.voorzitter, status=Overleg.Status.GEHOUDEN,
                             datum=VANDAAG() - timedelta(days=2))
    punt = AgendapuntFactory(overleg=overleg, deelnemer=deelnemer)
    assert uitnodigen(school, punt, partner).geldig_tot == VANDAAG() + timedelta(days=12)


def test_alleen_voorzitter_of_zorgcoordinator_nodigt_uit(school, punt, partner):
    with pytest.raises(ValidationError):
        uitnodigen(school, punt, partner, door=school.lid)
    assert uitnodigen(school, punt, partner, door=school.voorzitter).uitgenodigd_door == school.voorzitter


def test_alleen_een_partner_van_de_sociale_kaart_van_de_instelling(school, punt, partner):
    andere = Partnerorganisatie.objects.create(instelling=InstellingFactory(), naam="Elders",
                                               soort=Partnerorganisatie.Soort.GGZ)
    elders = GebruikerFactory(username="partner-elders")
    LidmaatschapFactory(team=TeamFactory(instelling=andere.instelling, soort=Team.Soort.ZAT), gebruiker=elders,
                        functie=Functie.PARTNER, organisatie=andere)
    oud = maak_partner(school.zat, Partnerorganisatie.objects.get(naam="Jeugdhulp Noord"), "partner-oud")
    oud.lidmaatschappen.update(einde=VANDAAG() - timedelta(days=1))
    for gebruiker in (school.lid, elders, oud):
        with pytest.raises(ValidationError) as fout:
            uitnodigen(school, punt, gebruiker)
        assert "geen externe partner" in fout.value.message_dict["partner"][0]
    assert not van(school).exists()


def test_twee_keer_dezelfde_partner_wordt_geweigerd(school, punt, partner):
    uitnodigen(school, punt, partner)
    with pytest.raises(ValidationError) as fout:
        uitnodigen(school, punt, partner)
    assert "al uitgenodigd" in fout.value.message_dict["partner"][0]


def test_intrekken_beeindigt_de_toegang_vandaag(school, punt, partner):
    uitnodiging = uitnodigen(school, punt, partner)
    na = laatste_logregel()
    services.uitnodiging_intrekken(uitnodiging=uitnodiging, door=als(school.zc))
    assert not van(school).exists()
    # The grant row stays as the record of who had access until when; it ended yesterday.
    assert DeelnemerToegang.objects.get(user=partner).geldig_tot == VANDAAG() - timedelta(days=1)
    assert not policy.deelnemers_voor(partner).filter(pk=punt.deelnemer_id).exists()
    assert not policy.overleggen_voor(partner).exists()
    assert [(r.actie, r.object_type, r.deelnemer_id) for r in logregels_sinds(na)] == [
        ("verwijderen", "uitnodiging", punt.deelnemer_id)]
    assert Melding.objects.filter(ontvanger=partner, afgehandeld_op__isnull=True).count() == 1  # "ingetrokken"
    assert "ingetrokken" in Gebeurtenis.objects.filter(deelnemer=punt.deelnemer).order_by("-id").first().omschrijving


def test_intrekken_van_een_van_twee_uitnodigingen_laat_de_gedeelde_toegang_staan(school, punt, partner):
    eerst = uitnodigen(school, punt, partner)
    later_overleg = OverlegFactory(team=school.zat, voorzitter=school.voorzitter, datum=VANDAAG() + timedelta(days=30))
    later = uitnodigen(school, AgendapuntFactory(overleg=later_overleg, deelnemer=punt.deelnemer), partner)
    assert later.toegang_id == eerst.toegang_id  # one grant per partner and student
    services.uitnodiging_intrekken(uitnodiging=later, door=als(school.zc))
    assert DeelnemerToegang.objects.get(user=partner).geldig_tot == eerst.geldig_tot
    assert policy.deelnemers_voor(partner).filter(pk=punt.deelnemer_id).exists()


def test_intrekken_alleen_door_voorzitter_of_zorgcoordinator(school, punt, partner):
    uitnodiging = uitnodigen(school, punt, partner)
    with pytest.raises(ValidationError):
        services.uitnodiging_intrekken(uitnodiging=uitnodiging, door=als(partner))
    assert van(school).exists()


def test_verplaatsen_verschuift_het_einde_van_de_toegang(school, punt, partner):
    uitnodiging = uitnodigen(school, punt, partner)
    overleg = services.overleg_verplaatsen(overleg=school.zat_overleg, door=als(school.zc),
                                           datum=school.zat_overleg.datum + timedelta(days=7),
                                           begintijd=school.zat_overleg.begintijd,
                                           eindtijd=school.zat_overleg.eindtijd)
    uitnodiging.refresh_from_db()
    assert uitnodiging.geldig_tot == overleg.datum + timedelta(days=14)
    assert DeelnemerToegang.objects.get(user=partner).geldig_tot == overleg.datum + timedelta(days=14)


def test_annuleren_beeindigt_de_uitnodigingen(school, punt, anoniem_punt, partner):
    uitnodigen(school, punt, partner)
    uitnodigen(school, anoniem_punt, partner)
    services.overleg_annuleren(overleg=school.zat_overleg, door=als(school.zc), reden="Zieke voorzitter")
    assert not van(school).exists()
    assert not policy.deelnemers_voor(partner).exists()
    assert not policy.agendapunten_zichtbaar(partner).exists()


def test_van_de_agenda_halen_beeindigt_de_toegang(school, punt, partner):
    uitnodigen(school, punt, partner)
    punt.refresh_from_db()
    services.agendapunt_verwijderen(agendapunt=punt, door=als(school.zc), versie=punt.versie)
    assert not van(school).exists()
    assert not policy.deelnemers_voor(partner).exists()
    assert DeelnemerToegang.objects.get(user=partner).geldig_tot < VANDAAG()  # the row keeps who had access


def test_punt_alsnog_anoniem_beeindigt_de_uitnodiging_op_naam(school, punt, partner):
    """Who knew the name does not keep the case under a letter; the chair may invite anew, anonymously."""
    uitnodigen(school, punt, partner)
    punt.refresh_from_db()
    services.agendapunt_wijzigen(agendapunt=punt, door=als(school.zc), versie=punt.versie, anoniem=True)
    assert not van(school).exists()
    assert not policy.deelnemers_voor(partner).filter(pk=punt.deelnemer_id).exists()
    assert not policy.agendapunten_zichtbaar(partner).exists()
    assert uitnodigen(school, punt, partner).toegang is None


def test_punt_niet_meer_anoniem_opent_niets_zonder_nieuwe_uitnodiging(school, anoniem_punt, jeugdhulp, partner):
    uitnodigen(school, anoniem_punt, partner)
    met_toestemming(school, anoniem_punt.deelnemer, jeugdhulp)
    anoniem_punt.anoniem = False
    anoniem_punt.save(update_fields=["anoniem"])
    assert not policy.geldige_uitnodigingen(partner).exists()
    request, gezien = context_voor(school.zc, anoniem_punt)
    assert "uitgenodigd toen het punt anoniem was" in paneel_context(request, gezien)["uitnodigingen"][0].stand


# ------------------------------------------------------------------ the policy, through HTTP

def pagina_status(partner, punt):
    c = client_van(partner)
    return {
        "agendapunt": c.get(reverse("overleg:agendapunt", args=[punt.pk])).status_code,
        "overleg": c.get(reverse("overleg:overleg", args=[punt.overleg_id])).status_code,
        "dossier": c.get(reverse("deelnemers:dossier", args=[punt.deelnemer_id])).status_code,
    }


OPEN = {"agendapunt": 200, "overleg": 200, "dossier": 200}
DICHT = {"agendapunt": 404, "overleg": 404, "dossier": 404}


def test_uitgenodigde_partner_ziet_punt_overleg_en_dossier(school, punt, partner):
    assert pagina_status(partner, punt) == DICHT
    uitnodigen(school, punt, partner)
    assert pagina_status(partner, punt) == OPEN


def test_ingetrokken_toestemming_sluit_alles_meteen(school, punt, partner):
    uitnodigen(school, punt, partner)
    toestemming = punt.deelnemer.toestemmingen.get()
    toestemming_intrekken(toestemming=toestemming, door=als(school.zc), datum=VANDAAG(), reden="wil niet meer")
    na = laatste_logregel()
    assert pagina_status(partner, punt) == DICHT
    assert {r.uitkomst for r in logregels_sinds(na)} == {Toegangslog.Uitkomst.GEWEIGERD}


def test_na_de_einddatum_krijgt_de_partner_404(school, punt, partner, klok):
    uitnodiging = uitnodigen(school, punt, partner)
    klok((uitnodiging.geldig_tot - VANDAAG()).days)
    assert pagina_status(partner, punt) == OPEN  # the last day still counts
    klok((uitnodiging.geldig_tot - VANDAAG()).days + 1)
    assert pagina_status(partner, punt) == DICHT


def test_anonieme_uitnodiging_opent_nooit_het_dossier(school, anoniem_punt, partner):
    uitnodigen(school, anoniem_punt, partner)
    assert pagina_status(partner, anoniem_punt) == {"agendapunt": 200, "overleg": 200, "dossier": 404}


def test_toestemming_voor_een_andere_organisatie_van_de_partner_opent_het_punt_niet(school, deelnemer, jeugdhulp,
                                                                                     ggz):
    """A partner of two organisations, invited for Jeugdhulp; the consent is changed to name only GGZ."""
    met_toestemming(school, deelnemer, jeugdhulp)
    punt = AgendapuntFactory(overleg=school.zat_overleg, deelnemer=deelnemer)
    partner = maak_partner(school.zat, jeugdhulp, "partner-twee")
    LidmaatschapFactory(team=school.iz, gebruiker=partner, functie=Functie.PARTNER, organisatie=ggz,
                        begin=VANDAAG() - timedelta(days=30))
    assert uitnodigen(school, punt, partner).organisatie == jeugdhulp
    toestemming_intrekken(toestemming=deelnemer.toestemmingen.get(), door=als(school.zc), datum=VANDAAG())
    met_toestemming(school, deelnemer, ggz)
    assert not policy.geldige_uitnodigingen(partner).exists()


# ------------------------------------------------------------------ what the partner sees of the meeting

def test_partner_ziet_alleen_zijn_punten_en_anoniem_zonder_identificerende_gegevens(
        school, punt, anoniem_punt, ander_punt, partner):
    uitnodigen(school, punt, partner)
    uitnodigen(school, anoniem_punt, partner)
    c = client_van(partner)
    pagina = c.get(reverse("overleg:overleg", args=[school.zat_overleg.pk])).content.decode()
    punt_pagina = c.get(reverse("overleg:agendapunt", args=[anoniem_punt.pk])).content.decode()
    assert punt.deelnemer.achternaam in pagina
    anoniem = anoniem_punt.deelnemer
    for html in (pagina, punt_pagina):
        for geheim in (ander_punt.deelnemer.achternaam, ander_punt.deelnemer.studentnummer, anoniem.achternaam,
                       anoniem.studentnummer, anoniem.geboortedatum.strftime("%d-%m-%Y"), anoniem.straat,
                       anoniem.postcode):
            assert geheim not in html
    assert "anoniem" in punt_pagina
    assert c.get(reverse("overleg:agendapunt", args=[ander_punt.pk])).status_code == 404


def test_partner_ziet_de_uitnodigingen_van_anderen_niet(school, punt, partner, ggz):
    uitnodigen(school, punt, partner)
    html = client_van(partner).get(reverse("overleg:agendapunt", args=[punt.pk])).content.decode()
    assert 'id="uitnodigingen"' not in html


# ------------------------------------------------------------------ the panel on the item page

def context_voor(user, punt):
    request = RequestFactory().get("/")
    request.user = user
    gezien = policy.agendapunten_zichtbaar(user).get(pk=punt.pk)
    return request, gezien


def test_paneel_toont_uitnodigingen_met_stand_en_partners_met_toestemming(school, punt, partner, ggz):
    andere = maak_partner(school.zat, ggz, "partner-ggz")
    uitnodigen(school, punt, partner)
    request, gezien = context_voor(school.zc, punt)
    context = paneel_context(request, gezien)
    assert context["uitnodigingen_tonen"]
    [u] = context["uitnodigingen"]
    assert u.stand == f"Toegang tot het dossier tot en met {u.geldig_tot:%d-%m-%Y}."
    keuzes = dict(context["uitnodiging_form"].fields["partner"].choices)
    assert partner.pk not in keuzes  # already invited
    assert keuzes[andere.pk].endswith("GGZ Noord (toestemming noemt deze organisatie niet)")


@pytest.mark.parametrize("aantal", [1, 4])
def test_paneel_telt_een_vast_aantal_queries(school, deelnemer, jeugdhulp, aantal, django_assert_num_queries):
    met_toestemming(school, deelnemer, jeugdhulp)
    punt = AgendapuntFactory(overleg=school.zat_overleg, deelnemer=deelnemer)
    for n in range(aantal):
        uitnodigen(school, punt, maak_partner(school.zat, jeugdhulp, f"partner-{n}"))
        maak_partner(school.zat, jeugdhulp, f"partner-niet-{n}")
    request, gezien = context_voor(school.zc, punt)
    # may invite (the zorgcoördinator serves the team), the instelling's days, invitations, consent, partners
    with django_assert_num_queries(5):
        context = paneel_context(request, gezien)
        context["uitnodiging_form"]["partner"].as_widget()
    assert len(context["uitnodigingen"]) == aantal


def test_een_gewoon_lid_van_het_zat_ziet_de_uitnodigingen_maar_nodigt_niet_uit(school, punt, partner):
    lid = GebruikerFactory(username="zat-lid")
    LidmaatschapFactory(team=school.zat, gebruiker=lid, functie=Functie.GGD, begin=VANDAAG() - timedelta(days=30))
    uitnodigen(school, punt, partner)
    html = client_van(lid).get(reverse("overleg:agendapunt", args=[punt.pk])).content.decode()
    assert "Petra Partner partner-overleg" in html
    assert reverse("overleg:uitnodigen", args=[punt.pk]) not in html and "Intrekken" not in html


def test_paneel_niet_voor_de_partner_en_niet_op_een_iz(school, punt, partner, deelnemer_zuid):
    uitnodigen(school, punt, partner)
    request, gezien = context_voor(partner, punt)
    assert paneel_context(request, gezien) == {"uitnodigingen_tonen": False}
    iz_punt = AgendapuntFactory(overleg=school.overleg, deelnemer=punt.deelnemer)
    request, gezien = context_voor(school.zc, iz_punt)
    assert paneel_context(request, gezien) == {"uitnodigingen_tonen": False}


# ------------------------------------------------------------------ the views

def test_zorgcoordinator_nodigt_uit_en_trekt_in_via_de_pagina(school, punt, partner):
    c = client_van(school.zc)
    pagina = c.get(reverse("overleg:agendapunt", args=[punt.pk])).content.decode()
    assert "Partners op afroep" in pagina and "Jeugdhulp Noord (toestemming noemt deze organisatie)" in pagina
    antwoord = c.post(reverse("overleg:uitnodigen", args=[punt.pk]), {"partner": partner.pk}, follow=True)
    assert antwoord.redirect_chain[-1][0].endswith(reverse("overleg:agendapunt", args=[punt.pk]) + "#uitnodigingen")
    assert "is uitgenodigd tot en met" in antwoord.content.decode()
    uitnodiging = van(school).get()
    antwoord = c.post(reverse("overleg:uitnodiging_intrekken", args=[uitnodiging.pk]), follow=True)
    assert "is ingetrokken" in antwoord.content.decode()
    assert not van(school).exists()


def test_weigering_van_de_service_staat_als_melding_op_de_pagina(school, deelnemer, jeugdhulp, partner):
    punt = AgendapuntFactory(overleg=school.zat_overleg, deelnemer=deelnemer)  # no consent
    with pytest.raises(ValidationError):
        uitnodigen(school, punt, partner)
    antwoord = client_van(school.zc).post(reverse("overleg:uitnodigen", args=[punt.pk]), {"partner": partner.pk},
                                          follow=True)
    assert "noemt Jeugdhulp Noord niet" in antwoord.content.decode()
    antwoord = client_van(school.zc).post(reverse("overleg:uitnodigen", args=[punt.pk]), {"partner": "x"},
                                          follow=True)
    assert "Kies een partner uit de lijst." in antwoord.content.decode()
    assert not van(school).exists()


def test_wie_niet_mag_krijgt_404_of_403_en_get_is_405(school, punt, partner):
    uitnodiging = uitnodigen(school, punt, partner)
    url_uit = reverse("overleg:uitnodigen", args=[punt.pk])
    url_in = reverse("overleg:uitnodiging_intrekken", args=[uitnodiging.pk])
    assert client_van(school.zc).get(url_uit).status_code == 405
    assert client_van(school.zc).get(url_in).status_code == 405
    for gebruiker in (partner, school.lid):
        na = laatste_logregel()
        assert client_van(gebruiker).post(url_uit, {"partner": partner.pk}).status_code == 404
        assert client_van(gebruiker).post(url_in).status_code == 404
        assert [r.uitkomst for r in logregels_sinds(na)] == [Toegangslog.Uitkomst.GEWEIGERD] * 2
    assert client_van(school.buitenstaander).post(url_uit, {"partner": partner.pk}).status_code == 403
    assert van(school).count() == 1


# ------------------------------------------------------------------ Mijn werk of the partner

def test_mijn_werk_toont_de_uitnodigingen_en_logt_per_punt(school, punt, anoniem_punt, ander_punt, partner):
    uitnodigen(school, punt, partner)
    uitnodigen(school, anoniem_punt, partner)
    na = laatste_logregel()
    html = client_van(partner).get(reverse("mijn_werk")).content.decode()
    assert "Uitgenodigd voor het ZAT" in html
    assert punt.deelnemer.naam in html and "Casus (anoniem)" in html
    assert anoniem_punt.deelnemer.achternaam not in html and ander_punt.deelnemer.achternaam not in html
    assert reverse("overleg:agendapunt", args=[punt.pk]) in html
    tot = (school.zat_overleg.datum + timedelta(days=14)).strftime("%d-%m-%Y")
    assert f"toegang tot en met {tot}" in html
    paneel = {(r.deelnemer_id, r.object_type) for r in logregels_sinds(na) if "Mijn werk" in r.omschrijving
              and r.object_type == "agendapunt"}
    assert paneel == {(punt.deelnemer_id, "agendapunt"), (anoniem_punt.deelnemer_id, "agendapunt")}


def test_mijn_werk_na_intrekken_van_de_toestemming_toont_het_punt_niet_meer(school, punt, partner):
    uitnodigen(school, punt, partner)
    toestemming_intrekken(toestemming=punt.deelnemer.toestemmingen.get(), door=als(school.zc), datum=VANDAAG())
    html = client_van(partner).get(reverse("mijn_werk")).content.decode()
    assert "Uitgenodigd voor het ZAT" not in html and punt.deelnemer.achternaam not in html


@pytest.mark.parametrize("aantal", [1, 3])
def test_paneel_op_mijn_werk_telt_een_vast_aantal_queries(school, jeugdhulp, partner, aantal,
                                                         django_assert_num_queries):
    for _ in range(aantal):
        d = DeelnemerFactory(opleiding=school.opleiding_noord)
        met_toestemming(school, d, jeugdhulp)
        uitnodigen(school, AgendapuntFactory(overleg=school.zat_overleg, deelnemer=d), partner)
    request = RequestFactory().get("/")
    request.user = partner
    # profile, the invitations, the access-log rows (one INSERT)
    with django_assert_num_queries(queries(3)):
        paneel = panelen.uitgenodigd(request)
    assert len(paneel.context["uitnodigingen"]) == aantal
