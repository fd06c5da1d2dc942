"""Password guessing is stopped (django-axes) and every login, failed login and logout is in the
access log. Everything through HTTP, as a browser or a guessing script would send it."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from privacy.models import Inlogpoging, Toegangslog
from tests.conftest import laatste_logregel

pytestmark = pytest.mark.django_db
GOED = "demo"  # the demo accounts' password


def inloggen(client, naam, wachtwoord, adres="192.0.2.10", **extra):
    return client.post("/login/", {"username": naam, "password": wachtwoord}, REMOTE_ADDR=adres, **extra)


def ingelogd(client) -> bool:
    return "_auth_user_id" in client.session


def test_zestig_foute_wachtwoorden_en_dan_het_goede_wordt_geweigerd(client):
    for i in range(60):
        response = inloggen(client, "mentor", f"gok{i}")
    assert response.status_code == 429
    response = inloggen(client, "mentor", GOED)
    assert response.status_code == 429
    assert not ingelogd(client)
    tekst = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in tekst
    assert "ook met het juiste wachtwoord" in tekst
    assert f"over {settings.INLOG_BLOKKADE_MINUTEN} minuten" in tekst


def test_vier_fouten_blokkeren_niet(client):
    for i in range(settings.INLOG_MAX_POGINGEN - 1):
        assert inloggen(client, "mentor", f"gok{i}").status_code == 200  # the form again, with its error
    assert inloggen(client, "mentor", GOED).status_code == 302
    assert ingelogd(client)


def test_blokkade_van_een_account_geldt_vanaf_elk_adres(client):
    for i in range(settings.INLOG_MAX_POGINGEN):
        inloggen(client, "mentor", f"gok{i}", adres="192.0.2.10")
    assert inloggen(Client(), "mentor", GOED, adres="198.51.100.20").status_code == 429


def test_fouten_op_andere_accounts_vanaf_hetzelfde_adres_blokkeren_pas_bij_de_adresgrens(client):
    """A school shares one address: five accounts' typing errors do not lock the staff room out;
    a script that tries many accounts from one address is stopped at the address's own limit."""
    for i in range(settings.INLOG_MAX_POGINGEN_ADRES - 1):
        inloggen(client, f"onbekend{i}", "gok", adres="192.0.2.10")
    docent = Client()
    assert inloggen(docent, "docent", GOED, adres="192.0.2.10").status_code == 302

    inloggen(client, "nog_een", "gok", adres="192.0.2.10")  # the address reaches its limit
    assert inloggen(Client(), "taakdocent", GOED, adres="192.0.2.10").status_code == 429
    assert inloggen(Client(), "taakdocent", GOED, adres="198.51.100.20").status_code == 302


def test_achter_de_load_balancer_telt_het_adres_dat_die_zag(client, settings):
    settings.ACHTER_PROXY = True
    for i in range(settings.INLOG_MAX_POGINGEN_ADRES):
        inloggen(client, f"onbekend{i}", "gok", adres="10.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.{i}, 203.0.113.7")
    # Same load balancer, another client: not locked; the client itself is.
    assert inloggen(Client(), "docent", GOED, adres="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
    assert inloggen(Client(), "mentor", GOED, adres="10.0.0.1",
                    HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7").status_code == 429
    assert set(Inlogpoging.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_beheerder_heft_de_blokkade_op_en_dan_kan_de_gebruiker_inloggen(client, actors):
    for i in range(settings.INLOG_MAX_POGINGEN + 2):
        inloggen(client, "mentor", f"gok{i}")
    assert inloggen(client, "mentor", GOED).status_code == 429

    beheerder = Client()
    beheerder.force_login(actors["beheerder"])
    lijst = beheerder.get("/beheer/privacy/inlogpoging/", {"q": "mentor"})
    assert lijst.status_code == 200
    assert "mentor" in lijst.content.decode()
    pogingen = list(Inlogpoging.objects.filter(username="mentor").values_list("pk", flat=True))
    response = beheerder.post("/beheer/privacy/inlogpoging/",
                              {"action": "blokkade_opheffen", "_selected_action": pogingen}, follow=True)
    assert "Blokkade opgeheven voor mentor (192.0.2.10)" in response.content.decode()
    assert not Inlogpoging.objects.filter(username="mentor").exists()

    assert inloggen(client, "mentor", GOED).status_code == 302
    assert ingelogd(client)


def test_beheerder_leest_het_toegangslog_niet_en_een_gebruiker_heft_niets_op(client, actors):
    beheerder = Client()
    beheerder.force_login(actors["beheerder"])
    assert beheerder.get("/beheer/privacy/toegangslog/").status_code == 403
    client.force_login(actors["mentor"])
    assert client.get("/beheer/privacy/inlogpoging/").status_code in (302, 403)


def test_inloggen_mislukt_inloggen_en_uitloggen_staan_in_het_toegangslog(client, actors):
    laatste = laatste_logregel()
    inloggen(client, "mentor", "geheim-fout-wachtwoord")
    inloggen(client, "mentor", GOED)
    client.post("/logout/", REMOTE_ADDR="192.0.2.10")
    mislukt, gelukt, uit = Toegangslog.objects.filter(id__gt=laatste).order_by("id")

    assert (mislukt.actie, mislukt.uitkomst) == (Toegangslog.Actie.INLOGGEN_MISLUKT, Toegangslog.Uitkomst.GEWEIGERD)
    assert (mislukt.gebruikersnaam, mislukt.gebruiker_id, mislukt.ip_adres) == ("mentor", None, "192.0.2.10")
    assert (gelukt.actie, gelukt.uitkomst) == (Toegangslog.Actie.INLOGGEN, Toegangslog.Uitkomst.TOEGESTAAN)
    assert (gelukt.gebruikersnaam, gelukt.gebruiker_id, gelukt.ip_adres) == ("mentor", actors["mentor"].pk,
                                                                             "192.0.2.10")
    assert gelukt.rol == "Mentor / SLB-er"
    assert (uit.actie, uit.gebruiker_id) == (Toegangslog.Actie.UITLOGGEN, actors["mentor"].pk)
    opgeslagen = " ".join(str(v) for v in Toegangslog.objects.filter(id__gt=laatste).values_list())
    assert "geheim-fout-wachtwoord" not in opgeslagen and GOED not in opgeslagen.split()


def test_een_onbekende_naam_wordt_gelogd_zoals_getypt_en_een_blokkade_als_blokkade(client):
    for i in range(settings.INLOG_MAX_POGINGEN + 1):
        inloggen(client, "Directeur ", f"gok{i}")
    namen = list(Toegangslog.objects.filter(actie="inloggen_mislukt").order_by("id")
                 .values_list("gebruikersnaam", "omschrijving"))
    assert namen[0] == ("Directeur", "Onjuiste gebruikersnaam of wachtwoord, of account niet actief")
    assert namen[-1] == ("Directeur", "Geblokkeerd na te veel mislukte pogingen")


def test_de_privacyfunctionaris_leest_de_inlogregels_in_het_beheer(client):
    inloggen(Client(), "mentor", "fout")
    functionaris = get_user_model().objects.create_user("privacy", password="x" * 12, is_staff=True)
    functionaris.user_permissions.add(Permission.objects.get(codename="view_toegangslog"))
    client.force_login(functionaris)
    response = client.get("/beheer/privacy/toegangslog/", {"actie": "inloggen_mislukt"})
    assert response.status_code == 200
    assert "mentor" in response.content.decode()
