"""Issue 7 §2 and §6: every refusal and every page with personal data leaves a log row; pages are not
kept by the browser; a former mentor no longer sees the student's personal data; a vertrouwelijk grant
opens one discipline."""

import pytest
from django.urls import reverse

from aanmelding import services as aanmelding_services
from aanmelding.models import Aanmelding, Problematiek
from deelnemers.models import Deelnemer, DossierItem
from privacy import policy
from privacy.models import Toegangslog
from tests.conftest import laatste_logregel
from tests.factories import als

pytestmark = pytest.mark.django_db


def nieuwe_regels(client_actie):
    """The log rows written while doing client_actie()."""
    laatste = laatste_logregel()
    response = client_actie()
    return response, list(Toegangslog.objects.filter(id__gt=laatste))


@pytest.mark.parametrize("rol, url_naam", [
    ("manager", "deelnemers:dossier"),
    ("beheerder", "deelnemers:dossier"),
    ("docent", "deelnemers:toegangslog"),
    ("partner", "deelnemers:werkaantekeningen"),
])
def test_weigering_door_de_viewbewaking_komt_in_het_log(rol, url_naam, als, actors, eigen_deelnemer):
    client = als(actors[rol])
    response, regels = nieuwe_regels(lambda: client.get(reverse(url_naam, args=[eigen_deelnemer.pk])))
    assert response.status_code == 403
    assert [(r.uitkomst, r.deelnemer_id, r.gebruikersnaam) for r in regels] == [
        ("geweigerd", eigen_deelnemer.pk, rol)]


def test_niet_auteur_op_wijzigpagina_van_een_item_komt_in_het_log(als, actors, eigen_deelnemer):
    item = DossierItem.objects.filter(deelnemer=eigen_deelnemer, auteur=actors["mentor"]).first()
    client = als(actors["zorgcoordinator"])  # reads the item, is not its author
    url = reverse("deelnemers:item_wijzigen", args=[eigen_deelnemer.pk, item.pk])
    response, regels = nieuwe_regels(lambda: client.get(url))
    assert response.status_code == 404
    assert [(r.uitkomst, r.object_id) for r in regels] == [("geweigerd", str(item.pk))]


def test_id_buiten_het_bereik_van_de_database_geeft_404_en_een_regel(als, actors):
    client = als(actors["mentor"])
    response, regels = nieuwe_regels(lambda: client.get(f"/deelnemers/{10**30}/"))
    assert response.status_code == 404
    assert [r.uitkomst for r in regels] == ["geweigerd"]


def aanmelding_van_mentor(actors, deelnemer, status="concept"):
    a = aanmelding_services.aanmelding_aanmaken(
        deelnemer=deelnemer, door=als(actors["mentor"]), bestemming="iz",
        problematiek=[Problematiek.objects.first()], probleem="Verzuimt.", duur="1-3m", al_gedaan="Gesprek.",
        effect="Weinig.", hulpvraag="Advies.", soort_vraag="consultatie", vir_gemeld="nee",
        deelnemer_geinformeerd="ja")
    if status == "ingediend":
        a = aanmelding_services.aanmelding_indienen(aanmelding=a, door=als(actors["mentor"]), versie=a.versie)
    return a


@pytest.fixture
def zonder_traject(actors):
    """A student of the mentor without any aanmelding or traject in the demo."""
    return Deelnemer.objects.filter(mentor=actors["mentor"], aanmeldingen__isnull=True,
                                    zorgtrajecten__isnull=True).order_by("-studentnummer").first()


@pytest.mark.parametrize("rol, pagina", [
    ("mentor", "wijzigen"),       # the change form of a concept aanmelding
    ("taakdocent", "beoordelen"),  # the intake page
])
def test_formulierpaginas_van_een_aanmelding_komen_in_het_log(rol, pagina, als, actors, zonder_traject):
    aanmelding = aanmelding_van_mentor(actors, zonder_traject, "concept" if pagina == "wijzigen" else "ingediend")
    client = als(actors[rol])
    response, regels = nieuwe_regels(lambda: client.get(reverse(f"aanmelding:{pagina}", args=[aanmelding.pk])))
    assert response.status_code == 200
    assert any(r.deelnemer_id == zonder_traject.pk and r.uitkomst == "toegestaan" for r in regels)


def test_wijzigformulier_van_een_item_en_intrekformulier_komen_in_het_log(als, actors, eigen_deelnemer):
    client = als(actors["mentor"])
    item = DossierItem.objects.filter(deelnemer=eigen_deelnemer, auteur=actors["mentor"]).first()
    toestemming = eigen_deelnemer.toestemmingen.first()
    for url in (reverse("deelnemers:item_wijzigen", args=[eigen_deelnemer.pk, item.pk]),
                reverse("aanmelding:toestemming_intrekken", args=[eigen_deelnemer.pk, toestemming.pk])):
        response, regels = nieuwe_regels(lambda url=url: client.get(url))
        assert response.status_code == 200
        assert [(r.deelnemer_id, r.uitkomst) for r in regels] == [(eigen_deelnemer.pk, "toegestaan")], url


def test_paginas_worden_niet_door_de_browser_bewaard(als, actors, eigen_deelnemer):
    response = als(actors["mentor"]).get(reverse("deelnemers:dossier", args=[eigen_deelnemer.pk]))
    cache = response["Cache-Control"]
    assert "no-store" in cache and "private" in cache


def test_oud_mentor_ziet_adres_en_geboortedatum_niet_meer(als, actors, zonder_traject):
    aanmelding = aanmelding_van_mentor(actors, zonder_traject)
    client = als(actors["mentor"])
    url = reverse("aanmelding:detail", args=[aanmelding.pk])
    assert zonder_traject.woonplaats in client.get(url).content.decode()

    Deelnemer.objects.filter(pk=zonder_traject.pk).update(mentor=actors["taakdocent"])  # a new mentor
    html = client.get(url).content.decode()
    assert zonder_traject.naam in html  # their own form still names whom it is about
    assert zonder_traject.woonplaats not in html and zonder_traject.postcode not in html
    assert f"{zonder_traject.geboortedatum:%d-%m-%Y}" not in html
    assert "geen werkrelatie meer" in html


def test_vertrouwelijke_toegang_opent_alleen_de_genoemde_discipline(actors, als):
    """The SMW's caseload grant opens SMW entries, not the specialist's psychodiagnostic note."""
    notitie = DossierItem.objects.get(titel="Psychodiagnostisch onderzoek")
    smw_notitie = DossierItem.objects.filter(deelnemer=notitie.deelnemer, titel="SMW-contact").first()
    inz = policy.inzage(actors["smw"], notitie.deelnemer)
    assert inz.mag_lezen(actors["smw"], smw_notitie)
    assert not inz.mag_lezen(actors["smw"], notitie)
    response = als(actors["smw"]).get(reverse("deelnemers:dossier", args=[notitie.deelnemer_id]))
    titels = {i.titel for i in response.context["items"].object_list}
    assert "SMW-contact" in titels and "Psychodiagnostisch onderzoek" not in titels
    assert als(actors["smw"]).get(
        reverse("deelnemers:item", args=[notitie.deelnemer_id, notitie.pk])).status_code == 404


def test_vertrouwelijke_toegang_zonder_discipline_wordt_geweigerd(actors, eigen_deelnemer):
    from django.contrib.auth.models import Permission
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from privacy.models import DeelnemerToegang

    grant = DeelnemerToegang(user=actors["specialist"], content_object=eigen_deelnemer, reden="test",
                             permission=Permission.objects.get(codename="dossier_vertrouwelijk"),
                             geldig_tot=timezone.localdate())
    with pytest.raises(ValidationError):
        grant.full_clean()


def test_aanmelding_zonder_relatie_bestaat_niet_voor_een_ander(als, actors, zonder_traject):
    aanmelding = aanmelding_van_mentor(actors, zonder_traject)
    assert Aanmelding.objects.filter(pk=aanmelding.pk).exists()
    response, regels = nieuwe_regels(
        lambda: als(actors["docent"]).get(reverse("aanmelding:wijzigen", args=[aanmelding.pk])))
    assert response.status_code == 403 and [r.uitkomst for r in regels] == ["geweigerd"]
