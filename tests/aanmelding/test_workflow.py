"""The aanmelding workflow: concept → ingediend → teruggestuurd | geaccepteerd, allowed and refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aanmelding import services
from aanmelding.models import Aanmelding, Problematiek
from deelnemers.models import Gebeurtenis
from privacy.models import Toegangslog
from tests.factories import als
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Melding, Zorgniveau

from .conftest import VOLLEDIG, aanmelding_van

pytestmark = pytest.mark.django_db


def formdata(**extra):
    data = {"bestemming": "iz", "problematiek": [Problematiek.objects.first().pk], **VOLLEDIG, "versie": ""}
    data.update(extra)
    return data


def test_formulier_is_vooraf_ingevuld_met_deelnemer_en_aanmelder(client_als, actors, nieuwe_deelnemer):
    response = client_als(actors["mentor"]).get(reverse("aanmelding:aanmelden", args=[nieuwe_deelnemer.pk]))
    assert response.status_code == 200
    inhoud = response.content.decode()
    for gegeven in (nieuwe_deelnemer.naam, nieuwe_deelnemer.studentnummer, nieuwe_deelnemer.opleiding.naam,
                    actors["mentor"].get_full_name()):
        assert gegeven in inhoud
    # Nothing the administration delivers is a form field.
    assert "studentnummer" not in response.context["form"].fields


def test_mentor_slaat_concept_op_vult_aan_en_dient_in(client_als, actors, nieuwe_deelnemer, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    c = client_als(actors["mentor"])
    url = reverse("aanmelding:aanmelden", args=[nieuwe_deelnemer.pk])
    response = c.post(url, {"bestemming": "iz", "probleem": "Alleen een begin.", "concept": ""})
    a = nieuwe_deelnemer.aanmeldingen.get()
    assert response.status_code == 302 and a.status == Aanmelding.Status.CONCEPT
    assert not Melding.objects.filter(soort="nieuwe_aanmelding", url__contains=f"/{a.pk}/").exists()

    # Submitting an incomplete form: Dutch messages per field, it stays a concept.
    response = c.post(reverse("aanmelding:wijzigen", args=[a.pk]),
                      {"bestemming": "iz", "probleem": "Alleen een begin.", "versie": a.versie, "indienen": ""})
    assert response.status_code == 200
    fouten = response.context["form"].errors
    assert fouten["hulpvraag"] == ["Formuleer de hulpvraag."]
    assert fouten["problematiek"] == ["Kies minstens één soort problematiek."]
    assert aanmelding_van(a.pk).status == Aanmelding.Status.CONCEPT

    a = aanmelding_van(a.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("aanmelding:wijzigen", args=[a.pk]), formdata(versie=a.versie, indienen=""))
    assert response.status_code == 302
    a = aanmelding_van(a.pk)
    assert a.status == Aanmelding.Status.INGEDIEND and a.ingediend_op
    # The intake is notified on Mijn werk and by an e-mail with only a link.
    ontvangers = set(Melding.objects.filter(soort="nieuwe_aanmelding", url__contains=f"/{a.pk}/")
                     .values_list("ontvanger__username", flat=True))
    assert ontvangers == {"taakdocent", "zorgcoordinator"}
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        assert nieuwe_deelnemer.achternaam not in mail.body + mail.subject
        assert nieuwe_deelnemer.studentnummer not in mail.body
        assert "/meldingen/" in mail.body
    # Timeline: layer zorg, the referrer as actor (so they see their own line).
    regel = Gebeurtenis.objects.get(deelnemer=nieuwe_deelnemer, soort="aanmelding_ingediend")
    assert regel.laag == Laag.ZORG and regel.actor == actors["mentor"]


def test_ingediende_aanmelding_is_alleen_lezen_voor_de_aanmelder(client_als, actors, ingediend):
    a = ingediend()
    c = client_als(actors["mentor"])
    response = c.get(reverse("aanmelding:wijzigen", args=[a.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("aanmelding:detail", args=[a.pk])
    response = c.post(reverse("aanmelding:wijzigen", args=[a.pk]), formdata(versie=a.versie, hulpvraag="Anders"))
    assert response.status_code == 302
    assert aanmelding_van(a.pk).hulpvraag == VOLLEDIG["hulpvraag"]
    with pytest.raises(ValidationError):
        services.aanmelding_wijzigen(aanmelding=a, door=als(actors["mentor"]), versie=a.versie, hulpvraag="x")


def test_taakdocent_accepteert_en_het_traject_start_in_het_intern_zorgteam(client_als, actors, ingediend):
    a = ingediend()
    c = client_als(actors["taakdocent"])
    assert a in c.get(reverse("aanmelding:lijst")).context["te_beoordelen"].object_list
    response = c.post(reverse("aanmelding:beoordelen", args=[a.pk]),
                      {"besluit": "accepteren", "bericht": "Komt in het IZ van dinsdag.", "versie": a.versie})
    assert response.status_code == 302
    a = aanmelding_van(a.pk)
    assert a.status == Aanmelding.Status.GEACCEPTEERD and a.beoordeeld_door == actors["taakdocent"]
    traject = a.zorgtraject
    assert traject.niveau.soort == Zorgniveau.Soort.INTERN_ZORGTEAM and traject.casemanager == actors["taakdocent"]
    assert traject.wijzigingen.get().soort == "start"
    assert Melding.objects.filter(ontvanger=actors["mentor"], soort="geaccepteerd", url__contains=f"/{a.pk}/")

    # The referrer sees status and feedback, not the team's traject.
    mentor = client_als(actors["mentor"])
    detail = mentor.get(reverse("aanmelding:detail", args=[a.pk])).content.decode()
    assert "Geaccepteerd" in detail and "Komt in het IZ van dinsdag." in detail
    assert mentor.get(reverse("zorgtraject:overzicht", args=[a.deelnemer_id])).status_code == 404


def test_terugsturen_vraagt_een_bericht_en_de_aanmelder_kan_opnieuw_indienen(client_als, actors, ingediend):
    a = ingediend()
    c = client_als(actors["zorgcoordinator"])
    response = c.post(reverse("aanmelding:beoordelen", args=[a.pk]), {"besluit": "terugsturen", "bericht": ""})
    assert response.context["form"].errors["bericht"] == ["Schrijf de aanmelder waarom de aanmelding terug gaat."]
    c.post(reverse("aanmelding:beoordelen", args=[a.pk]), {"besluit": "terugsturen", "bericht": "Eerst teamoverleg."})
    a = aanmelding_van(a.pk)
    assert a.status == Aanmelding.Status.TERUGGESTUURD and a.terugkoppeling == "Eerst teamoverleg."
    mentor = client_als(actors["mentor"])
    assert "Eerst teamoverleg." in mentor.get(reverse("aanmelding:lijst")).content.decode()
    response = mentor.post(reverse("aanmelding:wijzigen", args=[a.pk]), formdata(versie=a.versie, indienen=""))
    assert response.status_code == 302
    assert aanmelding_van(a.pk).status == Aanmelding.Status.INGEDIEND


def test_een_beoordeelde_aanmelding_kan_niet_nog_eens_worden_beoordeeld(actors, ingediend):
    a = ingediend()
    services.aanmelding_accepteren(aanmelding=a, door=als(actors["taakdocent"]))
    with pytest.raises(services.Conflict) as fout:
        services.aanmelding_terugsturen(aanmelding=a, door=als(actors["zorgcoordinator"]), bericht="Nee")
    assert fout.value.wijzigingen[0][2].startswith("Geaccepteerd door")
    assert aanmelding_van(a.pk).status == Aanmelding.Status.GEACCEPTEERD


def test_alleen_de_intake_beoordeelt(client_als, actors, ingediend):
    a = ingediend()
    # The referrer may read it but not judge it: one rule for both, 404.
    assert client_als(actors["mentor"]).get(reverse("aanmelding:beoordelen", args=[a.pk])).status_code == 404
    response = client_als(actors["smw"]).post(reverse("aanmelding:beoordelen", args=[a.pk]),
                                              {"besluit": "accepteren"})
    assert response.status_code == 404
    assert aanmelding_van(a.pk).status == Aanmelding.Status.INGEDIEND
    assert Toegangslog.objects.filter(gebruikersnaam="smw", uitkomst="geweigerd", object_type="aanmelding").exists()


def test_intake_per_rol(actors, ingediend, vreemde_deelnemer):
    from privacy import policy

    iz = ingediend()
    zat = ingediend(bestemming="zat", anoniem_bespreken=True, reden_anoniem="Nog geen toestemming")
    smw = ingediend(bestemming="smw")
    concept = services.aanmelding_aanmaken(deelnemer=iz.deelnemer, door=als(actors["mentor"]), bestemming="iz")
    assert set(policy.intake_voor(actors["taakdocent"]).filter(pk__in=[iz.pk, zat.pk, smw.pk, concept.pk])) == {iz}
    assert set(policy.intake_voor(actors["zorgcoordinator"]).filter(
        pk__in=[iz.pk, zat.pk, smw.pk, concept.pk])) == {iz, zat, smw}
    assert set(policy.intake_voor(actors["smw"]).filter(pk__in=[iz.pk, zat.pk, smw.pk])) == {smw}
    assert not policy.intake_voor(actors["specialist"]).filter(pk__in=[iz.pk, zat.pk, smw.pk]).exists()
    # The taakdocent of Team Zorg en Welzijn takes in nothing from Alphen.
    assert not policy.intake_voor(actors["taakdocent"]).filter(deelnemer__locatie=vreemde_deelnemer.locatie).exists()


def test_smw_accepteert_smw_verwijzing_en_krijgt_de_deelnemer_in_de_caseload(actors, ingediend):
    from privacy import policy

    a = ingediend(bestemming="smw")
    smw = actors["smw"]
    assert not policy.deelnemers_voor(smw).filter(pk=a.deelnemer_id).exists()
    a = services.aanmelding_accepteren(aanmelding=a, door=als(smw))
    assert a.zorgtraject.route == "smw" and a.zorgtraject.casemanager == smw
    smw = type(smw).objects.get(pk=smw.pk)
    assert policy.deelnemers_voor(smw).filter(pk=a.deelnemer_id).exists()
    assert Laag.ZORG in policy.inzage(smw, a.deelnemer).lagen


def test_zat_aanmelding_vraagt_toestemming_of_anonieme_bespreking(actors, nieuwe_aanmelding):
    a = nieuwe_aanmelding(bestemming="zat")
    with pytest.raises(ValidationError) as fout:
        services.aanmelding_indienen(aanmelding=a, door=als(actors["mentor"]), versie=a.versie)
    assert "toestemming" in fout.value.message_dict["anoniem_bespreken"][0]


def test_tijdlijn_toont_per_laag_en_de_aanmelder_ziet_zijn_eigen_regel(client_als, actors, ingediend):
    a = ingediend()
    services.aanmelding_accepteren(aanmelding=a, door=als(actors["taakdocent"]))

    def tijdlijn(rol):
        response = client_als(actors[rol]).get(reverse("deelnemers:dossier", args=[a.deelnemer_id]))
        return {g.soort for g in response.context["tijdlijn"].object_list}

    assert {"aanmelding_ingediend"} <= tijdlijn("mentor")  # their own line, though it is layer zorg
    assert not {"aanmelding_geaccepteerd", "zorgtraject_start"} & tijdlijn("mentor")  # not the team's
    assert not {"aanmelding_ingediend", "aanmelding_geaccepteerd"} & tijdlijn("docent")
    assert {"aanmelding_ingediend", "aanmelding_geaccepteerd", "zorgtraject_start"} <= tijdlijn("zorgcoordinator")


def test_concept_is_alleen_voor_de_aanmelder(client_als, actors, nieuwe_aanmelding):
    a = nieuwe_aanmelding()
    assert client_als(actors["mentor"]).get(reverse("aanmelding:detail", args=[a.pk])).status_code == 200
    for rol in ("taakdocent", "zorgcoordinator"):
        assert client_als(actors[rol]).get(reverse("aanmelding:detail", args=[a.pk])).status_code == 404


def test_casemanagerkeuze_noemt_ikzelf_een_keer(client_als, actors, ingediend):
    a = ingediend()
    form = client_als(actors["taakdocent"]).get(reverse("aanmelding:beoordelen", args=[a.pk])).context["form"]
    keuzes = [label for _, label in form.fields["casemanager"].choices]
    assert keuzes[0] == "Ikzelf (Ingrid Hoekstra)"
    assert "Ingrid Hoekstra" not in keuzes[1:]
