"""Login, sessions, healthz, deny-by-default, demo data and the organisation."""

import time
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from privacy.toegang import ingelogd
from zorgstructuur import urls as project_urls
from zorgstructuur.models import Instelling, Zorgniveau

pytestmark = pytest.mark.django_db


def test_inloggen_met_demo_account_toont_mijn_werk(client):
    response = client.post("/login/", {"username": "zorgcoordinator", "password": "demo"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Mijn werk" in response.content.decode()


def test_verkeerd_wachtwoord_geeft_nederlandse_melding(client):
    response = client.post("/login/", {"username": "mentor", "password": "fout"})
    assert "Gebruikersnaam of wachtwoord is onjuist" in response.content.decode()


@pytest.mark.parametrize("rol, zichtbaar, onzichtbaar", [
    ("mentor", ["Deelnemers", "Overleggen"], ["Importeren", "Beheer", "SMW", "Rapportages"]),
    ("manager", ["Rapportages"], ["Deelnemers", "Overleggen", "SMW", "Importeren", "Beheer"]),
    ("zorgcoordinator", ["Deelnemers", "Overleggen", "SMW", "Rapportages"], ["Importeren", "Beheer"]),
    ("smw", ["Overleggen", "SMW", "Rapportages"], ["Importeren", "Beheer"]),
    ("beheerder", ["Importeren", "Beheer"], ["Deelnemers", "Overleggen", "Rapportages"]),
])
def test_menu_toont_elke_rol_alleen_wat_zij_mag(rol, zichtbaar, onzichtbaar, als, actors):
    menu = [item["label"] for item in als(actors[rol]).get("/").context["menu"]]
    assert all(label in menu for label in zichtbaar)
    assert not any(label in menu for label in onzichtbaar)


def test_sessie_verloopt_na_inactiviteit(client, actors, settings):
    client.force_login(actors["mentor"])
    assert client.get("/").status_code == 200
    sessie = client.session
    sessie["zs_laatst_actief"] = time.time() - settings.SESSIE_INACTIEF_MINUTEN * 60 - 5
    sessie.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/").status_code == 302  # really logged out


def test_sessie_verloopt_na_twaalf_uur(client, actors, settings):
    client.force_login(actors["mentor"])
    client.get("/")
    sessie = client.session
    sessie["zs_begonnen"] = time.time() - settings.SESSIE_MAXIMAAL_UREN * 3600 - 5
    sessie.save()
    assert client.get("/").status_code == 302


def test_healthz_antwoordt_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_healthz_antwoordt_503_zonder_database(client):
    with mock.patch("zorgstructuur.views.connection.cursor", side_effect=DatabaseError("weg")):
        response = client.get("/healthz")
    assert response.status_code == 503


def open_view(request):
    return HttpResponse("open")


def vergeten_view(request):
    return HttpResponse("geheim")


urlpatterns = [path("open/", ingelogd(open_view)), path("vergeten/", vergeten_view), *project_urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__)
def test_view_zonder_toegangsverklaring_is_dicht(client, actors):
    client.force_login(actors["zorgcoordinator"])
    assert client.get("/open/").status_code == 200
    assert client.get("/vergeten/").status_code == 403


def test_demo_weigert_zonder_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo")


def test_demo_is_idempotent(django_assert_max_num_queries):
    from deelnemers.models import Deelnemer, DossierItem

    voor = (Deelnemer.objects.count(), DossierItem.objects.count())
    call_command("demo", force=True, verbosity=0)
    assert (Deelnemer.objects.count(), DossierItem.objects.count()) == voor


def test_demo_school_heeft_de_standaardladder():
    instelling = Instelling.objects.get()
    assert list(instelling.zorgniveaus.values_list("soort", flat=True)) == [
        Zorgniveau.Soort.BASIS, Zorgniveau.Soort.INTERN_ZORGTEAM, Zorgniveau.Soort.ZAT, Zorgniveau.Soort.EXTERN]
    assert instelling.zorgniveaus.get(soort="zat").toestemming_vereist


def test_beheerder_beheert_teams_in_de_admin(als, actors):
    client = als(actors["beheerder"])
    for url in ("/beheer/zorgstructuur/team/", "/beheer/zorgstructuur/partnerorganisatie/",
                "/beheer/zorgstructuur/zorgniveau/", "/beheer/zorgstructuur/team/add/"):
        assert client.get(url).status_code == 200, url
    # but reads no case content
    assert client.get("/beheer/privacy/toegangslog/").status_code == 403


def test_geen_verzoek_naar_andere_hosts(client, actors):
    client.force_login(actors["mentor"])
    html = client.get("/deelnemers/").content.decode()
    assert "http://" not in html and "https://" not in html


def test_signalen_op_mijn_werk_komen_in_het_toegangslog(als, actors):
    from privacy.models import Toegangslog

    panelen = {p.template: p.context for p in als(actors["mentor"]).get("/").context["panelen"]}
    getoond = {s.deelnemer_id for s in panelen["aanmelding/paneel_signalen.html"]["signalen"]}
    assert getoond
    gelogd = set(Toegangslog.objects.filter(gebruikersnaam="mentor", object_type="signaal")
                 .values_list("deelnemer_id", flat=True))
    assert gelogd == getoond


def test_nieuwe_instelling_krijgt_de_mbo_ladder(als, actors):
    client = als(actors["beheerder"])
    response = client.post("/beheer/zorgstructuur/instelling/add/", {
        "naam": "Nieuw College", "evaluatie_weken": "6", "nazorg_maanden": "3", "uitnodiging_dagen": "14",
        "herinnering_dagen": "3", "kleine_aantallen": "5", "locaties-TOTAL_FORMS": "0",
        "locaties-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    instelling = Instelling.objects.get(naam="Nieuw College")
    assert list(instelling.zorgniveaus.values_list("naam", flat=True)) == [
        "Basisbegeleiding / teamoverleg", "Intern zorgteam", "ZAT", "Extern"]


def test_pagina_laat_geen_scripts_of_bronnen_van_elders_toe(client):
    csp = client.get("/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
