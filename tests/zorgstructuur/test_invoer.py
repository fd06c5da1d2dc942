"""Input that must not reach the database or a library unchecked: dates out of range, ids beyond
the database's range or in Unicode digits, NUL bytes, free-form admin lookups, unbounded text."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import TextField
from django.test import Client
from django.urls import URLPattern, reverse
from django.urls.converters import IntConverter
from django.utils import timezone

from aanmelding import forms as aanmelding_forms
from aanmelding import services as aanmelding_services
from aanmelding.models import Toestemming
from deelnemers import forms as deelnemers_forms
from deelnemers import services
from deelnemers.models import DossierItem
from privacy.models import Toegangslog, Werkaantekening
from tests.factories import als
from tests.zorgstructuur.test_autorisatie_sweep import alle_urls, parameters, url_voor, voorbeeld  # noqa: F401
from zorgstructuur import invoer
from zorgstructuur.models import Lidmaatschap, Partnerorganisatie, Team, Zorgtraject

pytestmark = pytest.mark.django_db
TE_GROOT = "99999999999999999999"  # 20 digits: beyond bigint


def item_nieuw(client, deelnemer, **data):
    return client.post(reverse("deelnemers:item_nieuw", args=[deelnemer.pk]), {
        "soort": "gespreksverslag", "laag": "begeleiding", "datum": "20-11-2026", "titel": "Invoertest",
        "tekst": "Verslag.", **data})


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("datum", ["01-01-0001", "31-12-9999", "31-12-1949"])
def test_dossieritem_buiten_bereik_krijgt_melding_en_dossier_blijft_werken(datum, als, actors, eigen_deelnemer):
    client = als(actors["mentor"])
    response = item_nieuw(client, eigen_deelnemer, datum=datum)
    assert response.status_code == 200
    assert "De datum van een dossieritem ligt tussen 01-01-1950 en" in response.content.decode()
    assert not DossierItem.objects.filter(titel="Invoertest").exists()
    assert client.get(reverse("deelnemers:dossier", args=[eigen_deelnemer.pk])).status_code == 200


def test_service_weigert_dossierdatum_in_jaar_1(actors, eigen_deelnemer):
    with pytest.raises(ValidationError) as fout:
        services.dossieritem_toevoegen(deelnemer=eigen_deelnemer, door=als(actors["mentor"]), discipline="mentor",
                                       soort="notitie", laag="begeleiding", titel="Oud", datum=date(1, 1, 1),
                                       tekst="x")
    assert "datum" in fout.value.message_dict


@pytest.mark.parametrize("datum", [date(1, 1, 1), date(1, 1, 2), date(9999, 12, 31), date(2026, 3, 29)])
def test_tijdlijnmoment_bestaat_ook_in_utc_net_na_middernacht(datum, monkeypatch):
    """The crash of issue 7: an entry dated in year 1, saved just after midnight in Amsterdam, got a
    moment before year 1 in UTC; from then on the dossier could not be read."""
    middernacht = datetime(2026, 11, 25, 0, 5, tzinfo=ZoneInfo("Europe/Amsterdam"))
    monkeypatch.setattr(services.timezone, "localtime", lambda *args: middernacht)
    moment = services.tijdlijnmoment(datum)
    assert moment.astimezone(UTC) and moment.astimezone(ZoneInfo("Europe/Amsterdam")).date() == datum


def test_zorgtraject_besluit_in_jaar_9999_wordt_geweigerd(als, actors, eigen_deelnemer):
    traject = Zorgtraject.objects.get(deelnemer=eigen_deelnemer, route="ladder", status="open")
    response = als(actors["zorgcoordinator"]).post(
        reverse("zorgtraject:besluit", kwargs={"pk": eigen_deelnemer.pk, "soort": "afsluiten"}),
        {"soort": "afsluiten", "uitkomst": "opgelost", "datum": "31-12-9999", "reden": "Klaar",
         "versie": traject.versie})
    assert response.status_code == 200 and "De datum ligt tussen 01-01-2000 en" in response.content.decode()
    traject.refresh_from_db()
    assert traject.is_open and traject.afgesloten_op is None


def test_toestemming_in_jaar_1_wordt_geweigerd(als, actors, eigen_deelnemer):
    gever = Toestemming.vereiste_gever(eigen_deelnemer.leeftijd(date(1, 1, 1)))
    voor = eigen_deelnemer.toestemmingen.count()
    response = als(actors["mentor"]).post(reverse("aanmelding:toestemming", args=[eigen_deelnemer.pk]), {
        "gegeven_door": gever, "datum": "01-01-0001", "vorm": "schriftelijk", "zat_bespreking": "ja",
        "informatie": "Schoolgegevens"})
    assert response.status_code == 200 and "De datum ligt tussen 01-01-2000 en" in response.content.decode()
    assert eigen_deelnemer.toestemmingen.count() == voor


def test_intrekking_in_jaar_1_wordt_geweigerd(als, actors, eigen_deelnemer):
    t = eigen_deelnemer.toestemmingen.filter(ingetrokken_op__isnull=True).first()
    response = als(actors["mentor"]).post(
        reverse("aanmelding:toestemming_intrekken", args=[eigen_deelnemer.pk, t.pk]), {"datum": "01-01-0001"})
    assert response.status_code == 200 and "De datum ligt tussen 01-01-2000 en" in response.content.decode()
    t.refresh_from_db()
    assert t.ingetrokken_op is None


@pytest.mark.parametrize("controle, goed, fout", [
    (invoer.controleer_geboortedatum, date(2008, 5, 1), date(1899, 12, 31)),
    (invoer.controleer_dossierdatum, date(1950, 1, 1), date(1, 1, 1)),
    (invoer.controleer_zorgdatum, date(2000, 1, 1), date(1999, 12, 31)),
    (invoer.controleer_administratiedatum, date(2030, 8, 1), date(9999, 12, 31)),
    (invoer.controleer_looptijd, date(2099, 12, 31), date(9999, 12, 31)),
])
def test_datumregels(controle, goed, fout):
    controle(goed)
    controle(None)
    with pytest.raises(ValidationError):
        controle(fout)


def test_geboortedatum_niet_in_de_toekomst():
    with pytest.raises(ValidationError, match="Een geboortedatum ligt tussen 01-01-1900 en"):
        invoer.controleer_geboortedatum(timezone.localdate() + timedelta(days=1))


# ---------------------------------------------------------------- ids

def test_elke_url_met_een_id_gebruikt_de_id_converter():
    """<int:…> lets a 20-digit id through to the database; <id:…> answers 404."""
    met_int = [naam for naam, p in alle_urls() if not naam.startswith("admin:")
               and any(isinstance(c, IntConverter) for c in p.pattern.converters.values())]
    assert met_int == []


def _urls_met_id():
    for naam, pattern in alle_urls():
        converters = pattern.pattern.converters if isinstance(pattern, URLPattern) else {}
        ids = [p for p, c in converters.items() if isinstance(c, invoer.IdConverter)]
        if not naam.startswith("admin:") and ids:
            yield naam, pattern, ids


@pytest.mark.parametrize("rol", ["mentor", "zorgcoordinator", "partner", "beheerder"])
@pytest.mark.parametrize("getal", [TE_GROOT, str(2**63), "0" * 25 + "1"])
def test_te_groot_id_geeft_404(rol, getal, actors, voorbeeld):  # noqa: F811
    client = Client()
    client.force_login(actors[rol])
    fouten = []
    for naam, pattern, ids in _urls_met_id():
        for parameter in ids:
            url = url_voor(naam, pattern, voorbeeld).replace(f"/{voorbeeld[parameter]}/", f"/{getal}/", 1)
            for methode in (client.get, client.post):
                status = methode(url).status_code
                if status != 404:
                    fouten.append(f"{methode.__name__} {url}: {status}")
    assert fouten == []
    assert invoer.als_id(getal) is None


def test_grootste_id_van_de_database_is_nog_een_id():
    assert invoer.als_id(str(invoer.ID_MAX)) == invoer.ID_MAX
    assert invoer.IdConverter().to_python(str(invoer.ID_MAX)) == invoer.ID_MAX


@pytest.mark.parametrize("waarde", ["²", "٣", "１", "1_0", "+1", "-1", " ", "1.0", TE_GROOT, "0"])
def test_id_in_een_formulier_alleen_ascii_cijfers(waarde, als, actors, eigen_deelnemer):
    """"²".isdigit() is True but int("²") fails: the werkaantekeningen page crashed on it."""
    eigen = Werkaantekening.objects.filter(auteur=actors["mentor"], deelnemer=eigen_deelnemer)
    voor = list(eigen.values_list("pk", "tekst"))
    client = als(actors["mentor"])
    url = reverse("deelnemers:werkaantekeningen", args=[eigen_deelnemer.pk])
    response = client.post(url, {"verwijder": waarde})
    assert response.status_code == 200 and "Dit is geen geldig nummer." in response.content.decode()
    assert client.post(url, {"wijzig": waarde, "tekst": "Overschreven"}).status_code == 200
    assert list(eigen.values_list("pk", "tekst")) == voor
    assert invoer.als_id(waarde) is None


# ---------------------------------------------------------------- NUL bytes

@pytest.mark.parametrize("rol, url", [
    ("mentor", "/deelnemers/?q=a%00b"),
    ("mentor", "/aanmeldingen/nieuw/?q=%00"),
    ("docent", "/signalen/nieuw/?q=x%00"),
    ("mentor", "/deelnemers/?status%00=alle"),
    ("beheerder", "/beheer/zorgstructuur/team/?q=%00"),
    ("beheerder", "/beheer/zorgstructuur/team/?naam__startswith=%00"),
    ("zorgcoordinator", "/deelnemers/1/toegangslog/?van=%00"),
])
def test_nul_in_een_parameter_geeft_400_met_nederlandse_melding(rol, url, als, actors):
    response = als(actors[rol]).get(url)
    assert response.status_code == 400
    assert "ongeldig teken" in response.content.decode()


def test_nul_in_een_post_of_bestandsnaam_geeft_400(als, actors, eigen_deelnemer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = als(actors["mentor"])
    assert item_nieuw(client, eigen_deelnemer, titel="Nul\x00").status_code == 400
    assert not DossierItem.objects.filter(titel__startswith="Nul").exists()
    # An upload's name never carries the NUL into the database (Django's parser or the middleware drop it).
    bestand = SimpleUploadedFile("bijlage\x00.pdf", b"%PDF-1.4 test")
    assert item_nieuw(client, eigen_deelnemer, soort="document", bestand=bestand).status_code in (302, 400)
    assert not any("\x00" in naam for naam in DossierItem.objects.values_list("bestandsnaam", flat=True))
    anoniem = Client()
    assert anoniem.post(reverse("login"), {"username": "mentor\x00", "password": "x"}).status_code == 400


@pytest.mark.parametrize("url", ["/login/", "/beheer/login/"])
def test_te_lange_gebruikersnaam_bij_inloggen_is_een_formulierfout(url):
    """Django only lets the browser enforce the username's length; django-axes' column is 255."""
    response = Client().post(url, {"username": "x" * 25_000, "password": "geheim"})
    assert response.status_code == 200
    assert "niet meer dan 150 tekens" in str(response.context["form"].errors["username"])


# ---------------------------------------------------------------- admin filters

@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("invoer.super", "super@example.com", "x" * 12)


@pytest.mark.parametrize("url", [
    "/beheer/zorgstructuur/team/?naam__regex=(",
    "/beheer/zorgstructuur/team/?naam__iregex=[",
    "/beheer/zorgstructuur/lidmaatschap/?begin__year=99999",
    "/beheer/zorgstructuur/lidmaatschap/?begin__year=0",
    "/beheer/zorgstructuur/team/?id__range=1",
])
def test_vreemde_filters_in_het_beheer_geven_geen_500(url, als, actors, superuser):
    for user in (actors["beheerder"], superuser):
        response = als(user).get(url)
        assert response.status_code in (302, 400, 403), (user, response.status_code)
        if response.status_code == 400:
            assert "Ongeldige invoer" in response.content.decode()
    # The transaction is still usable afterwards (the filter ran in a savepoint).
    assert get_user_model().objects.filter(pk=superuser.pk).exists()


def test_te_groot_id_in_een_beheerformulier_geeft_geen_500(als, superuser):
    from zorgstructuur.models import Instelling

    response = als(superuser).post(reverse("admin:zorgstructuur_team_add"), {
        "instelling": Instelling.objects.first().pk, "soort": "zat", "naam": "Team van te grote ids",
        "locaties": [TE_GROOT], "opleidingen": ["²"]})
    assert response.status_code in (200, 400)
    assert not Team.objects.filter(naam="Team van te grote ids").exists()


def test_toegangslog_in_het_beheer_met_datumhierarchie_buiten_bereik(als, superuser):
    client = als(superuser)
    for querystring in ("tijdstip__year=9999", "tijdstip__year=1", "tijdstip__year=99999&tijdstip__month=1"):
        response = client.get(f"/beheer/privacy/toegangslog/?{querystring}")
        assert response.status_code in (200, 302, 400), querystring


# ---------------------------------------------------------------- long text

def test_elk_lang_tekstveld_van_een_model_is_begrensd():
    from django.apps import apps

    onbegrensd = [
        f"{model.__name__}.{veld.name}"
        for app in ("deelnemers", "aanmelding", "zorgstructuur")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")  # django-simple-history's copies (a file path as text)
        for veld in model._meta.get_fields()
        if isinstance(veld, TextField) and not (veld.max_length and veld.validators)
    ]
    assert onbegrensd == []


def test_elk_tekstvak_van_een_formulier_is_begrensd():
    from django import forms

    onbegrensd = [
        f"{naam}.{veldnaam}"
        for module in (deelnemers_forms, aanmelding_forms)
        for naam, klasse in vars(module).items()
        if isinstance(klasse, type) and issubclass(klasse, forms.BaseForm) and klasse.__module__ == module.__name__
        for veldnaam, veld in klasse.base_fields.items()
        if isinstance(veld, forms.CharField) and veld.max_length is None
    ]
    assert onbegrensd == []


def test_te_lang_verslag_krijgt_melding(als, actors, eigen_deelnemer):
    response = item_nieuw(als(actors["mentor"]), eigen_deelnemer, tekst="x" * (invoer.VERSLAG_MAX + 1))
    assert response.status_code == 200 and "niet meer dan 20000 tekens" in response.content.decode()
    assert not DossierItem.objects.filter(titel="Invoertest").exists()


def test_service_weigert_te_lange_aanmeldtekst(actors, eigen_deelnemer):
    with pytest.raises(ValidationError) as fout:
        aanmelding_services.aanmelding_aanmaken(deelnemer=eigen_deelnemer, door=als(actors["mentor"]),
                                                bestemming="iz", probleem="x" * (invoer.FORMULIERTEKST_MAX + 1))
    assert "probleem" in fout.value.message_dict


def test_partnernaam_van_200_tekens_past_in_het_toegangslog(als, actors, eigen_deelnemer):
    lid = Lidmaatschap.objects.filter(gebruiker=actors["partner"], organisatie__isnull=False).first()
    Partnerorganisatie.objects.filter(pk=lid.organisatie_id).update(naam="Stichting " + "J" * 190)
    response = als(actors["partner"]).get(reverse("deelnemers:dossier", args=[eigen_deelnemer.pk]))
    assert response.status_code == 200
    regel = Toegangslog.objects.filter(gebruikersnaam="partner").order_by("-id").first()
    assert regel.namens.startswith("Stichting JJJ") and len(regel.namens) <= 150
