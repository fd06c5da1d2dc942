"""The aanmeldformulier shows what submitting needs, and submitting reports every gap in one round; a
concept still needs only the destination."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding import services
from aanmelding.models import Aanmelding, Toestemming

pytestmark = pytest.mark.django_db

ALLE_GATEN = {"bestemming", "problematiek", "probleem", "duur", "al_gedaan", "effect", "hulpvraag", "soort_vraag",
              "vir_gemeld"}


def test_elk_veld_dat_indienen_vraagt_is_gemarkeerd_ook_voor_schermlezers(client_als, actors, nieuwe_deelnemer):
    response = client_als(actors["mentor"]).get(reverse("aanmelding:aanmelden", args=[nieuwe_deelnemer.pk]))
    inhoud = response.content.decode()
    assert "Velden met een" in inhoud and "zijn verplicht om in te dienen" in inhoud
    for naam in ("probleem", "duur", "al_gedaan", "effect", "hulpvraag", "vir_gemeld"):
        tag = re.search(rf'<(?:textarea|select)[^>]*name="{naam}"[^>]*>', inhoud).group(0)
        assert 'aria-required="true"' in tag, naam
        label = re.search(rf'<label for="id_{naam}">(.*?)</label>', inhoud, re.S).group(1)
        assert '<span aria-hidden="true">*</span>' in label, naam
    for label in ("Aanmelden bij", "Soort problematiek", "Soort vraag"):
        assert re.search(rf'<legend class="label">{label}\s*<span aria-hidden="true">\*</span>'
                         r'<span class="visually-hidden"> \(verplicht\)</span></legend>', inhoud), label
    # Optional questions carry no mark; the conditional ones say when.
    assert re.search(r'<label for="id_beleving">[^<]*</label>', inhoud)
    assert "(verplicht bij aanmelding voor het intern zorgteam)" in inhoud
    assert "(verplicht bij anonieme bespreking)" in inhoud
    assert set(services.VERPLICHT_BIJ_INDIENEN) == ALLE_GATEN


def test_indienen_zonder_bestemming_meldt_alle_gaten_tegelijk(client_als, actors, nieuwe_deelnemer):
    c = client_als(actors["mentor"])
    response = c.post(reverse("aanmelding:aanmelden", args=[nieuwe_deelnemer.pk]),
                      {"beleving": "Zegt zelf moe te zijn.", "indienen": ""})
    assert response.status_code == 200
    fouten = response.context["form"].errors
    assert set(fouten) == ALLE_GATEN
    assert fouten["bestemming"] == ["Kies bij wie u aanmeldt: intern zorgteam, ZAT of SMW."]
    inhoud = response.content.decode()
    assert "Zegt zelf moe te zijn." in inhoud  # nothing typed is lost
    # The summary at the top links to every field that needs attention.
    overzicht = re.search(r'<div role="alert" class="fout" id="foutenoverzicht">(.*?)</div>', inhoud, re.S).group(1)
    assert overzicht.count("<li>") == len(ALLE_GATEN)
    assert 'href="#id_bestemming_0"' in overzicht and 'href="#id_hulpvraag"' in overzicht
    assert not nieuwe_deelnemer.aanmeldingen.exists()


def test_indienen_met_bestemming_bewaart_het_concept_en_meldt_alle_gaten(client_als, actors, nieuwe_deelnemer):
    c = client_als(actors["mentor"])
    response = c.post(reverse("aanmelding:aanmelden", args=[nieuwe_deelnemer.pk]),
                      {"bestemming": "iz", "probleem": "Komt vaak te laat.", "indienen": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == ALLE_GATEN - {"bestemming", "probleem"} | {
        "deelnemer_geinformeerd"}
    a = nieuwe_deelnemer.aanmeldingen.get()
    assert a.status == Aanmelding.Status.CONCEPT and a.probleem == "Komt vaak te laat."


def test_een_concept_vraagt_alleen_de_bestemming(client_als, actors, nieuwe_deelnemer):
    c = client_als(actors["mentor"])
    url = reverse("aanmelding:aanmelden", args=[nieuwe_deelnemer.pk])
    response = c.post(url, {"probleem": "Begin.", "concept": ""})
    assert set(response.context["form"].errors) == {"bestemming"}
    assert c.post(url, {"bestemming": "smw", "probleem": "Begin.", "concept": ""}).status_code == 302
    assert nieuwe_deelnemer.aanmeldingen.get().status == Aanmelding.Status.CONCEPT


def test_wijzigen_meldt_ook_alles_in_een_keer(client_als, actors, nieuwe_aanmelding):
    a = nieuwe_aanmelding(bestemming="zat")
    c = client_als(actors["mentor"])
    response = c.post(reverse("aanmelding:wijzigen", args=[a.pk]),
                      {"bestemming": "", "probleem": "x" * 10_001, "versie": a.versie, "indienen": ""})
    fouten = response.context["form"].errors
    assert {"bestemming", "probleem", "problematiek", "hulpvraag"} <= set(fouten)
    assert "Beschrijf het probleem." not in fouten["probleem"]  # its own error (too long) stands


def test_een_zat_aanmelding_zonder_toestemming_wijst_naar_de_toestemming_en_terug(
        client_als, actors, nieuwe_aanmelding, nieuwe_deelnemer):
    a = nieuwe_aanmelding(bestemming="zat")
    c = client_als(actors["mentor"])
    wijzigen = reverse("aanmelding:wijzigen", args=[a.pk])
    data = {"bestemming": "zat", "problematiek": [a.problematiek.first().pk], "probleem": "Nieuw getypt.",
            "duur": "1-3m", "al_gedaan": "x", "effect": "y", "hulpvraag": "z", "soort_vraag": "consultatie",
            "vir_gemeld": "nee", "versie": a.versie, "indienen": ""}
    response = c.post(wijzigen, data)
    toestemming = reverse("aanmelding:toestemming", args=[nieuwe_deelnemer.pk])
    assert f'href="{toestemming}?terug={wijzigen.replace("/", "%2F")}"' in response.content.decode()
    assert Aanmelding.objects.get(pk=a.pk).probleem == "Nieuw getypt."  # the concept holds what was typed
    response = c.post(f"{toestemming}?terug={wijzigen}", {
        "gegeven_door": Toestemming.vereiste_gever(nieuwe_deelnemer.leeftijd()), "vorm": "digitaal",
        "datum": timezone.localdate().strftime("%d-%m-%Y"), "zat_bespreking": "ja", "informatie": "Verzuim"})
    assert response["Location"] == wijzigen
    assert c.get(wijzigen).context["form"]["probleem"].value() == "Nieuw getypt."
