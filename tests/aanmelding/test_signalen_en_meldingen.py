"""Docent signals reach the mentor; stored notifications name no student and are marked read."""

import pytest
from django.urls import reverse

from deelnemers.models import Gebeurtenis
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Melding

pytestmark = pytest.mark.django_db


def test_docent_geeft_signaal_en_de_mentor_ziet_het(client_als, actors, nieuwe_deelnemer, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    docent = client_als(actors["docent"])
    url = reverse("aanmelding:signaal", args=[nieuwe_deelnemer.pk])
    response = docent.post(url, {"tekst": ""})
    assert response.context["form"].errors["tekst"] == ["Schrijf kort wat u opvalt."]
    with django_capture_on_commit_callbacks(execute=True):
        assert docent.post(url, {"tekst": "Huilde na de pauze."}).status_code == 302
    regel = Gebeurtenis.objects.get(deelnemer=nieuwe_deelnemer, soort="signaal")
    assert regel.laag == Laag.BEGELEIDING and "Huilde" not in regel.omschrijving

    mentor = client_als(actors["mentor"])
    werk = mentor.get(reverse("mijn_werk")).content.decode()
    # Once: as a signal to handle, not a second time as a notification.
    assert werk.count("Huilde na de pauze.") == 1 and "Een docent heeft een signaal afgegeven" not in werk
    tijdlijn = mentor.get(reverse("deelnemers:dossier", args=[nieuwe_deelnemer.pk])).context["tijdlijn"]
    assert any(g.soort == "signaal" for g in tijdlijn.object_list)
    assert [m.to for m in mailoutbox] == [[actors["mentor"].email]]
    assert nieuwe_deelnemer.achternaam not in mailoutbox[0].body


def test_melding_openen_markeert_gelezen_en_alleen_voor_de_ontvanger(client_als, actors):
    melding = Melding.objects.filter(ontvanger=actors["mentor"], gelezen_op__isnull=True).first()
    assert client_als(actors["taakdocent"]).get(reverse("melding", args=[melding.pk])).status_code == 404
    response = client_als(actors["mentor"]).get(reverse("melding", args=[melding.pk]))
    assert response.status_code == 302 and response["Location"] == melding.url
    melding.refresh_from_db()
    assert melding.gelezen_op is not None


def test_meldingen_noemen_geen_deelnemer(actors):
    from deelnemers.models import Deelnemer

    namen = set(Deelnemer.objects.values_list("achternaam", flat=True))
    for tekst in Melding.objects.values_list("tekst", flat=True):
        assert not any(f" {naam}" in tekst for naam in namen), tekst


def test_mijn_werk_toont_wachtende_aanmeldingen_en_crisis_voor_het_zat(client_als, actors):
    werk = client_als(actors["zorgcoordinator"]).get(reverse("mijn_werk"))
    panelen = {p.template: p.context for p in werk.context["panelen"]}
    assert panelen["aanmelding/paneel_intake.html"]["aantal"] >= 1
    assert [t.zat_bespreken for t in panelen["zorgstructuur/paneel_crisis.html"]["trajecten"]] == [True]  # the demo's
    assert "Crisis: bespreken in het volgende ZAT" in werk.content.decode()
    taakdocent = client_als(actors["taakdocent"]).get(reverse("mijn_werk"))
    assert "zorgstructuur/paneel_crisis.html" not in {p.template for p in taakdocent.context["panelen"]}
