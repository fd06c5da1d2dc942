"""Aanvalstests op de app overleg (security review van issue 10): elk lek dat de review vond, met de test die
het nu dichthoudt, en de paar aanvallen die voor de hand liggen en zijn afgeweerd. Alles via HTTP (de
Django-client) op de kleine school van tests/overleg/conftest.py."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from overleg import services
from overleg.models import Actie, Agendapunt, Overleg, Uitnodiging
from privacy.models import Toegangslog
from tests.conftest import laatste_logregel, logregels_sinds
from tests.factories import (
    ActieFactory,
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
from zorgstructuur.models import Functie, Partnerorganisatie, Team

VANDAAG = timezone.localdate


@pytest.fixture
def inbrenger(school):
    """An internal member of the ZAT with a name that must not travel with an anonymous case."""
    lid = GebruikerFactory(username="inbrenger-aanval", first_name="Ingrid", last_name="Inbrengmentor")
    LidmaatschapFactory(team=school.zat, gebruiker=lid, functie=Functie.MENTOR,
                        begin=VANDAAG() - timedelta(days=30))
    return lid


@pytest.fixture
def anoniem_besproken(school, inbrenger):
    """A held ZAT of today with one anonymous item, discussed: the minutes name the mother as contact."""
    overleg = OverlegFactory(team=school.zat, datum=VANDAAG(), voorzitter=school.voorzitter,
                             status=Overleg.Status.GEHOUDEN)
    anoniem = DeelnemerFactory(opleiding=school.opleiding_noord, voornaam="Anouk", achternaam="Verborgenhuis",
                               studentnummer="9990001")
    return AgendapuntFactory(
        overleg=overleg, deelnemer=anoniem, anoniem=True, besproken=True, inbrenger=inbrenger,
        besluit="Casus wordt opgepakt door het wijkteam.",
        contactpersoon="Moeder, mevr. Verborgenhuis (06-11223344)",
        terugkoppeling_deelnemer="Mentor Inbrengmentor",
        informeert_aanmelder="Inbrengmentor")


# ------------------------------------------------------------------ an anonymous case seen by a partner

def test_partner_leest_bij_anoniem_punt_geen_contactpersoon(school, anoniem_besproken, partner):
    services.partner_uitnodigen(agendapunt=anoniem_besproken, door=als(school.zc), partner=partner)
    c = client_van(partner)
    # The minutes as a page already hide them (the project's own rule) ...
    verslag = c.get(reverse("overleg:verslag", args=[anoniem_besproken.overleg_id])).content.decode()
    assert "Verborgenhuis" not in verslag and "06-11223344" not in verslag
    # ... the item page does not.
    response = c.get(reverse("overleg:agendapunt", args=[anoniem_besproken.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Casus" in html and "anoniem" in html
    assert "Verborgenhuis" not in html
    assert "06-11223344" not in html


def test_partner_ziet_bij_anoniem_punt_de_inbrenger_niet(school, anoniem_besproken, partner):
    services.partner_uitnodigen(agendapunt=anoniem_besproken, door=als(school.zc), partner=partner)
    c = client_van(partner)
    agenda = c.get(reverse("overleg:agenda", args=[anoniem_besproken.overleg_id])).content.decode()
    assert "Inbrengmentor" not in agenda  # the printed agenda keeps it out
    for url in (reverse("overleg:overleg", args=[anoniem_besproken.overleg_id]),
                reverse("overleg:agendapunt", args=[anoniem_besproken.pk])):
        response = c.get(url)
        assert response.status_code == 200
        assert "Ingrid" not in response.content.decode(), url
        assert "Inbrengmentor" not in response.content.decode(), url


def test_afdruk_van_een_anonieme_casus_door_de_partner_wordt_gelogd(school, anoniem_besproken, partner):
    services.partner_uitnodigen(agendapunt=anoniem_besproken, door=als(school.zc), partner=partner)
    c = client_van(partner)
    na = laatste_logregel()
    assert c.get(reverse("overleg:agendapunt", args=[anoniem_besproken.pk])).status_code == 200
    assert any(r.deelnemer_id == anoniem_besproken.deelnemer_id for r in logregels_sinds(na))  # the page logs
    na = laatste_logregel()
    response = c.get(reverse("overleg:verslag", args=[anoniem_besproken.overleg_id]))
    assert response.status_code == 200
    assert anoniem_besproken.besluit in response.content.decode()  # the case's content is shown
    assert any(r.deelnemer_id == anoniem_besproken.deelnemer_id for r in logregels_sinds(na))


# ------------------------------------------------------------------ the grant: consent for the wrong organisation

def test_dossier_sluit_als_de_toestemming_de_organisatie_van_de_uitnodiging_niet_meer_noemt(
        school, deelnemer, jeugdhulp):
    from aanmelding.services import toestemming_intrekken

    ggz = Partnerorganisatie.objects.create(instelling=school.instelling, naam="GGZ Aanval",
                                            soort=Partnerorganisatie.Soort.GGZ)
    toestemming = ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, partners=[jeugdhulp],
                                     datum=VANDAAG() - timedelta(days=10))
    punt = AgendapuntFactory(overleg=school.zat_overleg, deelnemer=deelnemer)
    partner = maak_partner(school.zat, jeugdhulp, "partner-twee-petten")
    LidmaatschapFactory(team=school.iz, gebruiker=partner, functie=Functie.PARTNER, organisatie=ggz,
                        begin=VANDAAG() - timedelta(days=30))
    uitnodiging = services.partner_uitnodigen(agendapunt=punt, door=als(school.zc), partner=partner)
    assert uitnodiging.organisatie == jeugdhulp
    c = client_van(partner)
    dossier = reverse("deelnemers:dossier", args=[deelnemer.pk])
    assert c.get(dossier).status_code == 200
    # The student withdraws consent for Jeugdhulp and gives it for GGZ only (which invited nobody).
    toestemming_intrekken(toestemming=toestemming, door=als(school.zc), datum=VANDAAG(), reden="andere hulp")
    ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, partners=[ggz], datum=VANDAAG())
    assert c.get(reverse("overleg:agendapunt", args=[punt.pk])).status_code == 404  # the item closes ...
    assert c.get(dossier).status_code == 404  # ... and so must the dossier


def test_anoniem_maken_na_ingetrokken_toestemming_heropent_het_punt_niet(school, deelnemer, jeugdhulp, partner):
    from aanmelding.services import toestemming_intrekken

    toestemming = ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, partners=[jeugdhulp],
                                     datum=VANDAAG() - timedelta(days=10))
    punt = AgendapuntFactory(overleg=school.zat_overleg, deelnemer=deelnemer, volgorde=1)
    services.partner_uitnodigen(agendapunt=punt, door=als(school.zc), partner=partner)
    c = client_van(partner)
    url = reverse("overleg:agendapunt", args=[punt.pk])
    assert c.get(url).status_code == 200
    toestemming_intrekken(toestemming=toestemming, door=als(school.zc), datum=VANDAAG(), reden="wil niet meer")
    assert c.get(url).status_code == 404  # consent withdrawn: closed at once
    punt.refresh_from_db()
    response = client_van(school.zc).post(reverse("overleg:agendapunt_wijzigen", args=[punt.pk]), {
        f"punt{punt.pk}-volgorde": 1, f"punt{punt.pk}-minuten": 10, f"punt{punt.pk}-anoniem": "on",
        f"punt{punt.pk}-versie": punt.versie, f"punt{punt.pk}-inbrenger": ""})
    assert response.status_code == 302
    assert Agendapunt.objects.get(pk=punt.pk).anoniem
    assert c.get(url).status_code == 404  # the partner who knows the name must not get the case back


# ------------------------------------------------------------------ carried over: the anonymous mark is lost

def test_doorgeschoven_anoniem_punt_blijft_anoniem(school, deelnemer, jeugdhulp):
    # Valid consent, so anonymity here was the chair's choice, not forced by the missing consent.
    ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, partners=[jeugdhulp],
                       datum=VANDAAG() - timedelta(days=10))
    geannuleerd = OverlegFactory(team=school.zat, datum=VANDAAG() + timedelta(days=1),
                                 voorzitter=school.voorzitter, status=Overleg.Status.GEANNULEERD)
    AgendapuntFactory(overleg=geannuleerd, deelnemer=deelnemer, anoniem=True)
    response = client_van(school.zc).get(reverse("overleg:agenda_bewerken", args=[school.zat_overleg.pk]))
    assert response.status_code == 200
    kandidaat = next(k for k in response.context["kandidaten"] if k.deelnemer.pk == deelnemer.pk)
    assert kandidaat.reden == Agendapunt.Reden.DOORGESCHOVEN
    assert kandidaat.form.initial.get("anoniem") is True


# ------------------------------------------------------------------ carried over: an aanmelding cannot come back

def test_doorgeschoven_aanmelding_kan_weer_op_de_agenda(school, deelnemer):
    from aanmelding.models import Aanmelding
    from tests.factories import AanmeldingFactory

    aanmelding = AanmeldingFactory(deelnemer=deelnemer, aanmelder=school.lid, status=Aanmelding.Status.GEAGENDEERD)
    geannuleerd = OverlegFactory(team=school.iz, datum=VANDAAG() + timedelta(days=1), voorzitter=school.voorzitter,
                                 status=Overleg.Status.GEANNULEERD)
    AgendapuntFactory(overleg=geannuleerd, deelnemer=deelnemer, aanmelding=aanmelding)
    c = client_van(school.zc)
    bouwer = c.get(reverse("overleg:agenda_bewerken", args=[school.overleg.pk]))
    kandidaat = next(k for k in bouwer.context["kandidaten"] if k.deelnemer.pk == deelnemer.pk)
    assert kandidaat.reden == Agendapunt.Reden.DOORGESCHOVEN
    c.post(reverse("overleg:agenda_bewerken", args=[school.overleg.pk]),
           {"deelnemer": deelnemer.pk, "minuten": 10})
    assert school.overleg.agendapunten.filter(deelnemer=deelnemer).exists()


# ------------------------------------------------------------------ defended (kept as regression tests)

def test_partner_rondt_de_actie_van_een_ander_niet_af(school, deelnemer, jeugdhulp, partner):
    """Invited to the item he sees its plan, but closing someone else's action is a logged 404."""
    ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, partners=[jeugdhulp],
                       datum=VANDAAG() - timedelta(days=10))
    punt = AgendapuntFactory(overleg=school.zat_overleg, deelnemer=deelnemer)
    services.partner_uitnodigen(agendapunt=punt, door=als(school.zc), partner=partner)
    actie = ActieFactory(agendapunt=punt, eigenaar=school.voorzitter)
    na = laatste_logregel()
    response = client_van(partner).post(reverse("overleg:actie_afronden", args=[actie.pk]), {"status": "gedaan"})
    assert response.status_code == 404
    assert Actie.objects.get(pk=actie.pk).status == Actie.Status.OPEN
    assert any(r.uitkomst == Toegangslog.Uitkomst.GEWEIGERD for r in logregels_sinds(na))


def test_geen_agendapunt_voor_een_deelnemer_van_een_andere_locatie(school, deelnemer_zuid):
    """An id of a student of Zuid (not served by the IZ Noord) in the builder's POST: refused, nothing saved."""
    from aanmelding.models import Aanmelding
    from tests.factories import AanmeldingFactory

    AanmeldingFactory(deelnemer=deelnemer_zuid, aanmelder=school.lid, status=Aanmelding.Status.GEACCEPTEERD)
    response = client_van(school.zc).post(reverse("overleg:agenda_bewerken", args=[school.overleg.pk]),
                                          {"deelnemer": deelnemer_zuid.pk, "minuten": 10})
    assert response.status_code == 200
    assert deelnemer_zuid.naam not in response.content.decode()
    assert not Agendapunt.objects.filter(deelnemer=deelnemer_zuid).exists()


def test_geen_uitnodiging_over_de_grens_van_de_instelling(school, deelnemer, jeugdhulp):
    """A partner of another instelling's sociale kaart, posted by id, is not invited and gets no grant."""
    ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=school.zc, partners=[jeugdhulp],
                       datum=VANDAAG() - timedelta(days=10))
    punt = AgendapuntFactory(overleg=school.zat_overleg, deelnemer=deelnemer)
    andere = InstellingFactory()
    vreemd_zat = TeamFactory(instelling=andere, soort=Team.Soort.ZAT, naam="ZAT Elders")
    vreemde_org = Partnerorganisatie.objects.create(instelling=andere, naam="Jeugdhulp Elders",
                                                    soort=Partnerorganisatie.Soort.JEUGDHULP)
    vreemde = maak_partner(vreemd_zat, vreemde_org, "partner-elders")
    client_van(school.zc).post(reverse("overleg:uitnodigen", args=[punt.pk]), {"partner": vreemde.pk})
    assert not Uitnodiging.objects.filter(partner=vreemde).exists()
    assert client_van(vreemde).get(reverse("overleg:agendapunt", args=[punt.pk])).status_code == 404


def test_geen_actie_voor_iemand_buiten_het_team(verslag):
    """The owner's id of an outsider (a care professional of the other locatie) in the POST: refused, no action."""
    response = client_van(verslag.zc).post(reverse("overleg:actie_toevoegen", args=[verslag.punt.pk]), {
        "actie-eigenaar": verslag.elders.pk, "actie-omschrijving": "Huisbezoek",
        "actie-deadline": (verslag.gehouden.datum + timedelta(days=14)).strftime("%d-%m-%Y")})
    assert response.status_code == 200
    assert not Actie.objects.filter(agendapunt=verslag.punt).exists()
