"""The consent gate is a way, not a dead end: a ZAT decision refused for lack of consent leads to the
consent page in one click and back, with what was typed kept on the server; the consent page says in
words what the consent allows."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding import services
from aanmelding.models import Toestemming
from tests.factories import als
from zorgstructuur import services as zorgtraject
from zorgstructuur.models import Partnerorganisatie, Zorgniveau

pytestmark = pytest.mark.django_db

REDEN = "Meervoudige problematiek: thuis en op school, het IZ komt er niet uit."
GEDAAN = "Drie gesprekken in het IZ, SMW ingeschakeld."
EFFECT = "Verzuim blijft hoog; ouders willen meedenken."


@pytest.fixture
def iz_traject(actors, nieuwe_deelnemer):
    niveau = Zorgniveau.objects.get(instelling=nieuwe_deelnemer.instelling, soort=Zorgniveau.Soort.INTERN_ZORGTEAM)
    return zorgtraject.traject_starten(deelnemer=nieuwe_deelnemer, door=als(actors["zorgcoordinator"]), niveau=niveau,
                                       reden="Start")


def toestemming_data(deelnemer, **extra):
    return {"gegeven_door": Toestemming.vereiste_gever(deelnemer.leeftijd()),
            "datum": timezone.localdate().strftime("%d-%m-%Y"), "vorm": "schriftelijk", "zat_bespreking": "ja",
            "informatie": "Verzuim en verslag IZ", **extra}


def test_opschalen_zonder_toestemming_leidt_naar_de_toestemming_en_terug_met_de_invoer(
        client_als, actors, nieuwe_deelnemer, iz_traject):
    c = client_als(actors["zorgcoordinator"])
    besluit = reverse("zorgtraject:besluit", args=[nieuwe_deelnemer.pk, "opschalen"])
    pagina = c.get(besluit).content.decode()
    assert "Er is nu geen geldige toestemming voor bespreking" in pagina and 'name="naar_toestemming"' in pagina

    data = {"datum": timezone.localdate().strftime("%d-%m-%Y"), "reden": REDEN, "gedaan": GEDAAN, "effect": EFFECT,
            "zat_grondslag": "toestemming", "zat_toelichting": "", "casemanager": "", "versie": iz_traject.versie}
    response = c.post(besluit, data)
    assert response.status_code == 200
    assert response.context["form"].has_error("zat_grondslag", zorgtraject.GEEN_TOESTEMMING)
    assert response.context["omweg"] == {"geweigerd": True, "kan_vastleggen": True}
    pagina = response.content.decode()
    assert "Niet vastgelegd:" in pagina and REDEN in pagina  # the refusal keeps the form as typed

    # One click: the typed form goes into the session (not the URL) and the consent page opens.
    response = c.post(besluit, {**data, "naar_toestemming": "1"})
    assert response.status_code == 302
    adres = urlsplit(response["Location"])
    assert adres.path == reverse("aanmelding:toestemming", args=[nieuwe_deelnemer.pk])
    assert parse_qs(adres.query) == {"terug": [besluit]}
    assert REDEN not in response["Location"] and "Verzuim" not in response["Location"]
    assert c.session[f"invoer:{nieuwe_deelnemer.pk}:besluit:opschalen:ladder"]["reden"] == [REDEN]

    pagina = c.get(response["Location"]).content.decode()
    assert "Terug zonder toestemming vast te leggen" in pagina and f'name="terug" value="{besluit}"' in pagina
    response = c.post(response["Location"], {**toestemming_data(nieuwe_deelnemer), "terug": besluit})
    assert response.status_code == 302 and response["Location"] == besluit

    # Back at the decision: what was typed is there again (once), and now it can be recorded.
    response = c.get(besluit)
    form = response.context["form"]
    assert response.context["teruggezet"] and response.context["omweg"] is None
    assert (form["reden"].value(), form["gedaan"].value(), form["effect"].value(), form["zat_grondslag"].value()) == (
        REDEN, GEDAAN, EFFECT, "toestemming")
    assert REDEN in response.content.decode()
    assert not c.get(besluit).context["teruggezet"]
    response = c.post(besluit, data)
    assert response.status_code == 302
    iz_traject.refresh_from_db()
    assert iz_traject.niveau.soort == Zorgniveau.Soort.ZAT
    assert iz_traject.wijzigingen.first().reden == REDEN


def test_wie_geen_toestemming_mag_vastleggen_krijgt_geen_knop_maar_een_uitleg(
        client_als, actors, nieuwe_deelnemer, iz_traject, monkeypatch):
    from privacy import policy

    monkeypatch.setattr(policy, "mag_toestemming_vastleggen", lambda user, inz: False)
    c = client_als(actors["zorgcoordinator"])
    besluit = reverse("zorgtraject:besluit", args=[nieuwe_deelnemer.pk, "opschalen"])
    pagina = c.get(besluit).content.decode()
    assert 'name="naar_toestemming"' not in pagina and "U kunt de toestemming niet zelf vastleggen" in pagina
    response = c.post(besluit, {"reden": REDEN, "naar_toestemming": "1", "versie": iz_traject.versie})
    assert response.status_code == 200 and not any(k.startswith("invoer:") for k in c.session.keys())


def test_zorgtraject_starten_in_het_zat_heeft_dezelfde_omweg(client_als, actors, nieuwe_deelnemer):
    c = client_als(actors["zorgcoordinator"])
    starten = reverse("zorgtraject:starten", args=[nieuwe_deelnemer.pk])
    zat = Zorgniveau.objects.get(instelling=nieuwe_deelnemer.instelling, soort=Zorgniveau.Soort.ZAT)
    data = {"niveau": zat.pk, "reden": REDEN, "zat_grondslag": "toestemming", "casemanager": ""}
    response = c.post(starten, data)
    assert response.status_code == 200 and response.context["omweg"]["geweigerd"]
    response = c.post(starten, {**data, "naar_toestemming": "1"})
    assert response.status_code == 302 and "/toestemming/?terug=" in response["Location"]
    c.post(response["Location"], toestemming_data(nieuwe_deelnemer, terug=starten))
    form = c.get(starten).context["form"]
    assert form["reden"].value() == REDEN and str(form["niveau"].value()) == str(zat.pk)


def test_een_zat_aanmelding_accepteren_zonder_toestemming_heeft_dezelfde_omweg(
        client_als, actors, nieuwe_deelnemer, nieuwe_aanmelding):
    a = nieuwe_aanmelding(bestemming="zat", anoniem_bespreken=True, reden_anoniem="Ouders nog niet gesproken.")
    a = services.aanmelding_indienen(aanmelding=a, door=als(actors["mentor"]), versie=a.versie)
    c = client_als(actors["zorgcoordinator"])
    beoordelen = reverse("aanmelding:beoordelen", args=[a.pk])
    data = {"besluit": "accepteren", "bericht": "Komt in het ZAT van maandag.", "casemanager": "",
            "zat_grondslag": "toestemming", "zat_toelichting": "", "versie": a.versie}
    response = c.post(beoordelen, data)
    assert response.status_code == 200 and response.context["omweg"] == {"geweigerd": True, "kan_vastleggen": True}
    response = c.post(beoordelen, {**data, "naar_toestemming": "1"})
    assert response.status_code == 302
    response = c.post(response["Location"], toestemming_data(nieuwe_deelnemer, terug=beoordelen))
    assert response["Location"] == beoordelen
    form = c.get(beoordelen).context["form"]
    assert form["bericht"].value() == "Komt in het ZAT van maandag." and form["besluit"].value() == "accepteren"
    assert c.post(beoordelen, data).status_code == 302


@pytest.mark.parametrize("terug", ["https://elders.example/", "//elders.example/pad", "javascript:alert(1)"])
def test_terug_gaat_nooit_naar_een_andere_site(client_als, actors, nieuwe_deelnemer, terug):
    c = client_als(actors["mentor"])
    url = reverse("aanmelding:toestemming", args=[nieuwe_deelnemer.pk])
    assert "Terug zonder toestemming" not in c.get(url, {"terug": terug}).content.decode()
    response = c.post(url, toestemming_data(nieuwe_deelnemer, terug=terug))
    assert response.status_code == 302 and response["Location"] == url


def test_bespreking_in_het_zat_is_een_uitdrukkelijke_keuze(client_als, actors, nieuwe_deelnemer):
    c = client_als(actors["mentor"])
    url = reverse("aanmelding:toestemming", args=[nieuwe_deelnemer.pk])
    assert "checked" not in str(c.get(url).context["form"]["zat_bespreking"])
    data = toestemming_data(nieuwe_deelnemer)
    del data["zat_bespreking"]
    response = c.post(url, data)
    assert response.context["form"].errors["zat_bespreking"] == [
        "Geef aan of de casus in het ZAT besproken mag worden."]
    assert not nieuwe_deelnemer.toestemmingen.exists()


def test_de_pagina_zegt_in_een_zin_wat_de_toestemming_nu_toestaat(client_als, actors, nieuwe_deelnemer):
    c = client_als(actors["mentor"])
    url = reverse("aanmelding:toestemming", args=[nieuwe_deelnemer.pk])
    naam = nieuwe_deelnemer.naam
    assert c.get(url).context["nu"]["zin"] == (
        f"Nu géén geldige toestemming: {naam} wordt niet op naam in het ZAT besproken en er wordt geen informatie "
        "met partners gedeeld.")

    ggz = Partnerorganisatie.objects.get(naam="GGZ Midden-Holland")
    response = c.post(url, toestemming_data(nieuwe_deelnemer, zat_bespreking="nee", partners=[ggz.pk],
                                            informatie="verzuim"), follow=True)
    inhoud = response.content.decode()
    assert "De toestemming is vastgelegd: geldig, niet voor het ZAT: alleen delen van ‘verzuim’ met GGZ" in inhoud
    assert response.context["nu"] == {"zat": False, "zin": (
        f"Nu géén toestemming voor bespreking van {naam} in het ZAT; wel voor delen van ‘verzuim’ met "
        "GGZ Midden-Holland, buiten het ZAT.")}
    [rij] = response.context["toestemmingen"]
    assert rij.status == "Geldig, niet voor het ZAT: alleen delen van ‘verzuim’ met GGZ Midden-Holland"
    assert "Geldig</td>" not in inhoud and "Geldig <a" not in inhoud

    response = c.post(url, toestemming_data(nieuwe_deelnemer, partners=[ggz.pk]), follow=True)
    vandaag = timezone.localdate()
    assert response.context["nu"] == {"zat": True, "zin": (
        f"Nu toegestaan (sinds {vandaag:%d-%m-%Y}): bespreking van {naam} in het ZAT, en delen van "
        "‘Verzuim en verslag IZ’ met GGZ Midden-Holland.")}
    nieuw = response.context["toestemmingen"][0]
    assert nieuw.status == ("Geldig voor bespreking in het ZAT en voor delen van ‘Verzuim en verslag IZ’ met "
                            "GGZ Midden-Holland")

    services.toestemming_intrekken(toestemming=nieuwe_deelnemer.toestemmingen.get(zat_bespreking=True),
                                   door=als(actors["mentor"]), datum=vandaag)
    response = c.get(url)
    assert response.context["toestemmingen"][0].status == f"Ingetrokken per {vandaag:%d-%m-%Y}"
    assert not response.context["nu"]["zat"]


def test_een_zat_toestemming_zonder_partners_zegt_dat_er_niets_gedeeld_wordt(client_als, actors, nieuwe_deelnemer):
    services.toestemming_vastleggen(deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]),
                                    gegeven_door=Toestemming.vereiste_gever(nieuwe_deelnemer.leeftijd()),
                                    datum=timezone.localdate() - timedelta(days=3), vorm="mondeling",
                                    informatie="schoolgegevens")
    response = client_als(actors["mentor"]).get(reverse("aanmelding:toestemming", args=[nieuwe_deelnemer.pk]))
    assert response.context["nu"]["zin"].endswith("in het ZAT; met geen enkele partner mag informatie worden gedeeld.")
    assert response.context["toestemmingen"][0].status == (
        "Geldig voor bespreking in het ZAT, niet voor delen met partners")
