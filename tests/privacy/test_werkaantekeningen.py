"""Werkaantekeningen are written only through privacy.services, only the author's own: each write leaves an
access-log row without the text, validation comes before any row, someone else's note answers 404."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from privacy import services
from privacy.actor import Actor
from privacy.models import Werkaantekening
from tests.conftest import laatste_logregel, logregels_sinds

pytestmark = pytest.mark.django_db




@pytest.fixture
def url(eigen_deelnemer):
    return reverse("deelnemers:werkaantekeningen", args=[eigen_deelnemer.pk])


@pytest.fixture
def andermans(actors, eigen_deelnemer):
    """The zorgcoördinator's note about the mentor's student (demo)."""
    return Werkaantekening.objects.get(deelnemer=eigen_deelnemer, auteur=actors["zorgcoordinator"])


# ---------------------------------------------------------------- the services

def test_toevoegen_schrijft_een_logregel_zonder_de_tekst(actors, eigen_deelnemer):
    begin = laatste_logregel()
    aantekening = services.werkaantekening_toevoegen(
        deelnemer=eigen_deelnemer, door=Actor.systeemactor("test", actors["mentor"]), tekst="Moeder bellen")
    assert (aantekening.auteur, aantekening.tekst) == (actors["mentor"], "Moeder bellen")
    [regel] = logregels_sinds(begin)
    assert (regel.actie, regel.object_type, regel.object_id, regel.deelnemer_id, regel.gebruikersnaam) == (
        "aanmaken", "werkaantekening", str(aantekening.pk), eigen_deelnemer.pk, "mentor")
    assert "Moeder" not in regel.omschrijving


def test_wijzigen_en_verwijderen_schrijven_elk_een_logregel(actors, eigen_deelnemer):
    door = Actor.systeemactor("test", actors["mentor"])
    aantekening = services.werkaantekening_toevoegen(deelnemer=eigen_deelnemer, door=door, tekst="Eerste")
    begin = laatste_logregel()
    services.werkaantekening_wijzigen(deelnemer=eigen_deelnemer, door=door, aantekening_id=aantekening.pk,
                                      tekst="Tweede")
    assert Werkaantekening.objects.get(pk=aantekening.pk).tekst == "Tweede"
    services.werkaantekening_verwijderen(deelnemer=eigen_deelnemer, door=door, aantekening_id=aantekening.pk)
    assert not Werkaantekening.objects.filter(pk=aantekening.pk).exists()
    assert [(r.actie, r.object_type, r.object_id) for r in logregels_sinds(begin)] == [
        ("wijzigen", "werkaantekening", str(aantekening.pk)), ("verwijderen", "werkaantekening", str(aantekening.pk))]


def test_lege_tekst_wordt_geweigerd_voor_er_iets_gelogd_is(actors, eigen_deelnemer):
    door = Actor.systeemactor("test", actors["mentor"])
    aantekening = services.werkaantekening_toevoegen(deelnemer=eigen_deelnemer, door=door, tekst="Eerste")
    begin = laatste_logregel()
    with pytest.raises(ValidationError):
        services.werkaantekening_toevoegen(deelnemer=eigen_deelnemer, door=door, tekst="   ")
    with pytest.raises(ValidationError):
        services.werkaantekening_wijzigen(deelnemer=eigen_deelnemer, door=door, aantekening_id=aantekening.pk,
                                          tekst="x" * (services.TEKST_MAX + 1))
    assert logregels_sinds(begin) == []
    assert Werkaantekening.objects.get(pk=aantekening.pk).tekst == "Eerste"


def test_andermans_aantekening_bestaat_niet_voor_de_service(actors, eigen_deelnemer, andermans):
    door = Actor.systeemactor("test", actors["mentor"])
    begin = laatste_logregel()
    with pytest.raises(Werkaantekening.DoesNotExist):
        services.werkaantekening_wijzigen(deelnemer=eigen_deelnemer, door=door, aantekening_id=andermans.pk,
                                          tekst="Overschreven")
    with pytest.raises(Werkaantekening.DoesNotExist):
        services.werkaantekening_verwijderen(deelnemer=eigen_deelnemer, door=door, aantekening_id=andermans.pk)
    andermans.refresh_from_db()
    assert andermans.tekst != "Overschreven" and logregels_sinds(begin) == []


def test_wie_geen_werkaantekeningen_heeft_schrijft_er_geen(actors, eigen_deelnemer):
    partner = Actor.systeemactor("test", actors["partner"])
    with pytest.raises(PermissionDenied):
        services.werkaantekening_toevoegen(deelnemer=eigen_deelnemer, door=partner, tekst="Mag niet")
    with pytest.raises(PermissionDenied):
        services.werkaantekening_toevoegen(deelnemer=eigen_deelnemer, door=Actor.systeemactor("test"), tekst="Niemand")
    assert not Werkaantekening.objects.filter(tekst__in=["Mag niet", "Niemand"]).exists()


# ---------------------------------------------------------------- the page

@pytest.mark.parametrize("knop", ["wijzig", "verwijder"])
def test_andermans_aantekening_geeft_404_en_een_weigering(knop, als, actors, eigen_deelnemer, andermans, url):
    voor = andermans.tekst
    client = als(actors["mentor"])
    begin = laatste_logregel()
    response = client.post(url, {knop: andermans.pk, "tekst": "Overschreven"})
    assert response.status_code == 404
    andermans.refresh_from_db()
    assert andermans.tekst == voor
    # One row: the refusal with its reason (the middleware does not add a second one).
    assert [(r.actie, r.uitkomst, r.deelnemer_id, r.object_type, r.object_id, r.omschrijving)
            for r in logregels_sinds(begin)] == [
        ("verwijderen" if knop == "verwijder" else "wijzigen", "geweigerd", eigen_deelnemer.pk, "werkaantekening",
         str(andermans.pk), "geen eigen werkaantekening")]


def test_eigen_aantekening_via_de_pagina_alleen_de_schrijfregel(als, actors, eigen_deelnemer, url):
    client = als(actors["mentor"])
    begin = laatste_logregel()
    assert client.post(url, {"tekst": "Eerste"}).status_code == 302
    eigen = Werkaantekening.objects.get(deelnemer=eigen_deelnemer, auteur=actors["mentor"])
    assert client.post(url, {"wijzig": eigen.pk, "tekst": "Tweede"}).status_code == 302
    assert client.post(url, {"verwijder": eigen.pk, "tekst": "Tweede"}).status_code == 302
    assert not Werkaantekening.objects.filter(pk=eigen.pk).exists()
    assert [(r.actie, r.object_type, r.rol) for r in logregels_sinds(begin)] == [
        ("aanmaken", "werkaantekening", "mentor"), ("wijzigen", "werkaantekening", "mentor"),
        ("verwijderen", "werkaantekening", "mentor")]


def test_ongeldige_invoer_geeft_een_melding_en_alleen_een_leesregel(als, actors, eigen_deelnemer, url):
    client = als(actors["mentor"])
    begin = laatste_logregel()
    leeg = client.post(url, {"tekst": "  "})
    zonder_id = client.post(url, {"wijzig": "", "tekst": "Geen id"})
    assert (leeg.status_code, zonder_id.status_code) == (200, 200)
    assert "Schrijf eerst een aantekening." in leeg.content.decode()
    assert "Kies de werkaantekening die u wilt bijwerken." in zonder_id.content.decode()
    assert not Werkaantekening.objects.filter(deelnemer=eigen_deelnemer, auteur=actors["mentor"]).exists()
    assert [(r.actie, r.object_type) for r in logregels_sinds(begin)] == [
        ("inzien", "werkaantekeningen"), ("inzien", "werkaantekeningen")]
