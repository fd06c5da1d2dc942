"""The ladder: one rung at a time unless crisis; crisis needs the zorgcoördinator; ZAT needs consent."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from aanmelding import services
from privacy import policy
from tests.factories import DeelnemerFactory, als
from zorgstructuur import services as zorgtraject
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Conflict, Melding, Niveauwijziging, Zorgniveau, Zorgtraject

pytestmark = pytest.mark.django_db
S = Niveauwijziging.Soort
G = Niveauwijziging.Grondslag


@pytest.fixture
def niveaus(nieuwe_deelnemer):
    return {n.soort: n for n in Zorgniveau.objects.filter(instelling=nieuwe_deelnemer.instelling)}


@pytest.fixture
def traject(actors, nieuwe_deelnemer, niveaus):
    def maak(niveau="basis", **kwargs):
        return zorgtraject.traject_starten(deelnemer=nieuwe_deelnemer, door=als(actors["zorgcoordinator"]),
                                        niveau=niveaus[niveau], reden="Start", **kwargs)

    return maak


def stap(traject, door, soort, **kwargs):
    """One decision of this kind through its own service (zorgstructuur.services.WIJZIGINGEN)."""
    traject.refresh_from_db()
    velden = {"reden": "Besluit", **({} if soort == S.AFSLUITEN else {"gedaan": "Gesprekken", "effect": "Weinig"}),
              **kwargs}
    return zorgtraject.WIJZIGINGEN[soort](traject=traject, door=als(door), versie=traject.versie, **velden)


def test_opschalen_gaat_een_trede_tegelijk(actors, traject, niveaus):
    t = traject("basis")
    with pytest.raises(ValidationError) as fout:  # from basis a case does not go to extern
        stap(t, actors["taakdocent"], S.EXTERN)
    assert "schaal eerst op" in fout.value.messages[0]
    stap(t, actors["taakdocent"], S.OPSCHALEN)
    t.refresh_from_db()
    assert t.niveau == niveaus["iz"]
    w = t.wijzigingen.first()
    assert (w.soort, w.van_niveau, w.naar_niveau, w.besloten_door, w.gedaan, w.effect) == (
        S.OPSCHALEN, niveaus["basis"], niveaus["iz"], actors["taakdocent"], "Gesprekken", "Weinig")


def test_afschalen_gaat_ook_een_trede_tegelijk(actors, traject, niveaus, nieuwe_deelnemer):
    services.toestemming_vastleggen(deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]), gegeven_door="deelnemer",
                                    datum=timezone.localdate(), vorm="digitaal", informatie="alles")
    t = traject("zat", zat_grondslag=G.TOESTEMMING)
    stap(t, actors["zorgcoordinator"], S.AFSCHALEN)
    t.refresh_from_db()
    assert t.niveau == niveaus["iz"]


def test_interventieformulier_vraagt_wat_er_is_gedaan(actors, traject, niveaus):
    t = traject("basis")
    with pytest.raises(ValidationError) as fout:
        stap(t, actors["taakdocent"], S.OPSCHALEN, gedaan="", effect="")
    assert set(fout.value.message_dict) == {"gedaan", "effect"}


def test_crisis_alleen_met_de_zorgcoordinator_en_gemarkeerd_voor_het_zat(actors, traject, niveaus):
    t = traject("basis")
    with pytest.raises(ValidationError) as fout:
        stap(t, actors["taakdocent"], S.CRISIS)
    assert "zorgcoördinator" in fout.value.messages[0]
    t.refresh_from_db()
    assert t.niveau == niveaus["basis"] and not t.zat_bespreken

    w = stap(t, actors["zorgcoordinator"], S.CRISIS)
    t.refresh_from_db()
    assert t.niveau == niveaus["extern"] and t.zat_bespreken  # skipped IZ and ZAT: allowed for a crisis
    assert w.goedgekeurd_door == actors["zorgcoordinator"]
    assert Melding.objects.filter(ontvanger=actors["zorgcoordinator"], soort="crisis").exists()


def test_naar_het_zat_vraagt_toestemming_anoniem_of_veiligheid(actors, traject, niveaus, nieuwe_deelnemer):
    t = traject("iz")
    with pytest.raises(ValidationError) as fout:
        stap(t, actors["taakdocent"], S.OPSCHALEN)
    assert "toestemming" in fout.value.message_dict["zat_grondslag"][0]
    with pytest.raises(ValidationError):
        stap(t, actors["taakdocent"], S.OPSCHALEN, zat_grondslag=G.TOESTEMMING)
    with pytest.raises(ValidationError) as fout:  # only the zorgcoördinator makes a safety exception
        stap(t, actors["taakdocent"], S.OPSCHALEN, zat_grondslag=G.VEILIGHEID, zat_toelichting="x")
    assert "zorgcoördinator" in fout.value.message_dict["zat_grondslag"][0]
    with pytest.raises(ValidationError):  # anonymous needs the recorded decision's reason
        stap(t, actors["taakdocent"], S.OPSCHALEN, zat_grondslag=G.ANONIEM)
    w = stap(t, actors["taakdocent"], S.OPSCHALEN, zat_grondslag=G.ANONIEM,
             zat_toelichting="Ouders nog niet bereikt")
    assert w.zat_grondslag == G.ANONIEM


def test_veiligheidsuitzondering_door_de_zorgcoordinator(actors, traject, niveaus):
    t = traject("iz")
    w = stap(t, actors["zorgcoordinator"], S.OPSCHALEN, zat_grondslag=G.VEILIGHEID,
             zat_toelichting="Acuut gevaar voor de deelnemer")
    assert w.zat_grondslag == G.VEILIGHEID


def test_ingetrokken_toestemming_telt_niet(actors, traject, niveaus, nieuwe_deelnemer):
    gisteren = timezone.localdate() - timedelta(days=1)
    toestemming = services.toestemming_vastleggen(
        deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]), gegeven_door="deelnemer",
        datum=gisteren - timedelta(days=10), vorm="schriftelijk", informatie="schoolgegevens")
    services.toestemming_intrekken(toestemming=toestemming, door=als(actors["mentor"]), datum=gisteren)
    t = traject("iz")
    with pytest.raises(ValidationError):
        stap(t, actors["zorgcoordinator"], S.OPSCHALEN, zat_grondslag=G.TOESTEMMING)


def test_afsluiten_met_uitkomst(actors, traject):
    t = traject("iz")
    with pytest.raises(ValidationError) as fout:
        stap(t, actors["taakdocent"], S.AFSLUITEN)
    assert "uitkomst" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:
        stap(t, actors["taakdocent"], S.AFSLUITEN, uitkomst="anders")
    assert "uitkomst_toelichting" in fout.value.message_dict
    stap(t, actors["taakdocent"], S.AFSLUITEN, uitkomst="anders", uitkomst_toelichting="Verhuisd")
    t.refresh_from_db()
    assert (t.status, t.uitkomst, t.afgesloten_op) == ("afgesloten", "anders", timezone.localdate())
    with pytest.raises(ValidationError):
        stap(t, actors["taakdocent"], S.OPSCHALEN)
    traject("basis")  # a new case may start after closure


def test_een_open_zorgtraject_per_deelnemer_en_smw_ernaast(actors, traject, nieuwe_deelnemer, niveaus):
    traject("basis")
    with pytest.raises(ValidationError):
        traject("iz")
    with pytest.raises(IntegrityError), transaction.atomic():
        Zorgtraject.objects.create(deelnemer=nieuwe_deelnemer, niveau=niveaus["iz"])
    smw = zorgtraject.traject_starten(deelnemer=nieuwe_deelnemer, door=als(actors["smw"]), route="smw",
                                      reden="Verwijzing")
    assert smw.niveau is None and smw.is_open


def test_gelijktijdige_wijziging_van_het_traject_wordt_geweigerd(actors, traject, niveaus):
    t = traject("basis")
    oude_versie = t.versie
    stap(t, actors["taakdocent"], S.OPSCHALEN)
    with pytest.raises(Conflict) as fout:
        zorgtraject.afsluiten(traject=t, door=als(actors["zorgcoordinator"]), versie=oude_versie, reden="Klaar",
                              uitkomst="opgelost")
    assert "opgeschaald van Basisbegeleiding / teamoverleg naar Intern zorgteam" in fout.value.wijzigingen[0][2]
    t.refresh_from_db()
    assert t.is_open and t.niveau == niveaus["iz"]


def test_casemanager_en_leden_van_het_iz_krijgen_de_zorglaag(actors, traject, nieuwe_deelnemer, niveaus):
    specialist = actors["specialist"]
    assert not policy.inzage(specialist, nieuwe_deelnemer)
    t = traject("basis")
    stap(t, actors["zorgcoordinator"], S.OPSCHALEN)
    specialist = type(specialist).objects.get(pk=specialist.pk)
    assert policy.inzage(specialist, nieuwe_deelnemer).lagen == {Laag.BASIS, Laag.ZORG}  # IZ Gouda member
    assert policy.deelnemers_voor(specialist).filter(pk=nieuwe_deelnemer.pk).exists()
    assert not policy.inzage(actors["partner"], nieuwe_deelnemer)  # partners come in per case only
    services.toestemming_vastleggen(deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]), gegeven_door="deelnemer",
                                    datum=timezone.localdate(), vorm="digitaal", informatie="alles")
    assert Laag.ZORG not in policy.inzage(actors["mentor"], nieuwe_deelnemer).lagen
    stap(t, actors["zorgcoordinator"], S.OPSCHALEN, zat_grondslag=G.TOESTEMMING, casemanager=actors["mentor"])
    specialist = type(specialist).objects.get(pk=specialist.pk)
    assert not policy.inzage(specialist, nieuwe_deelnemer)  # the IZ no longer handles it; not in the ZAT
    mentor = type(actors["mentor"]).objects.get(pk=actors["mentor"].pk)
    assert Laag.ZORG in policy.inzage(mentor, nieuwe_deelnemer).lagen  # as casemanager


def test_alleen_wie_het_beleid_aanbiedt_wordt_casemanager(actors, traject, nieuwe_deelnemer):
    """Casemanager opens the zorg layer: a docent of the team is not offered, and the service refuses them."""
    t = traject("basis")
    assert actors["docent"] not in policy.casemanager_kandidaten(nieuwe_deelnemer)
    with pytest.raises(ValidationError) as fout:
        stap(t, actors["zorgcoordinator"], S.OPSCHALEN, casemanager=actors["docent"])
    assert "casemanager" in fout.value.message_dict
    with pytest.raises(ValidationError):
        zorgtraject.traject_starten(deelnemer=DeelnemerFactory(opleiding=nieuwe_deelnemer.opleiding),
                                    door=als(actors["zorgcoordinator"]), niveau=t.niveau, reden="Start",
                                    casemanager=actors["docent"])
    docent = type(actors["docent"]).objects.get(pk=actors["docent"].pk)
    assert Laag.ZORG not in policy.inzage(docent, nieuwe_deelnemer).lagen


def test_zorgcoordinator_legt_crisis_vast_in_de_browserflow(client_als, actors, traject, niveaus):
    t = traject("iz")
    c = client_als(actors["zorgcoordinator"])
    vandaag = timezone.localdate().strftime("%d-%m-%Y")
    overzicht = reverse("zorgtraject:overzicht", args=[t.deelnemer_id])
    assert "Crisis: direct externe hulp" in c.get(overzicht).content.decode()
    url = reverse("zorgtraject:besluit", args=[t.deelnemer_id, "crisis"])
    form = c.get(url).context["form"]
    assert set(form.fields) == {"datum", "reden", "gedaan", "effect", "organisatie", "versie"}  # only what it needs
    response = c.post(url, {"datum": vandaag, "reden": "Acuut", "gedaan": "IZ-plan", "effect": "Escalatie",
                            "versie": t.versie})
    assert response.status_code == 302
    assert "bespreken in het volgende ZAT" in c.get(overzicht).content.decode()
    # The taakdocent is offered no crisis: the form does not exist for them (404), nothing is recorded.
    taakdocent = client_als(actors["taakdocent"])
    assert "Crisis: direct externe hulp" not in taakdocent.get(overzicht).content.decode()
    t.refresh_from_db()
    assert taakdocent.post(url, {"datum": vandaag, "reden": "x", "gedaan": "x", "effect": "x",
                                 "versie": t.versie}).status_code == 404
    # A missing field gets a clear Dutch message on the form, not an error page.
    response = taakdocent.post(reverse("zorgtraject:besluit", args=[t.deelnemer_id, "afschalen"]),
                               {"datum": vandaag, "reden": "x", "gedaan": "", "effect": "x", "versie": t.versie})
    assert response.status_code == 200
    assert "Beschrijf wat er op het huidige niveau is gedaan." in str(response.context["form"].errors)


def test_smw_sluit_het_eigen_smw_traject_af_maar_wijzigt_het_zorgtraject_niet(client_als, actors, traject,
                                                                                nieuwe_deelnemer):
    ladder = traject("iz")
    smw_traject = zorgtraject.traject_starten(deelnemer=nieuwe_deelnemer, door=als(actors["smw"]), route="smw",
                                           reden="Verwijzing")
    c = client_als(actors["smw"])
    url = reverse("zorgtraject:besluit", args=[nieuwe_deelnemer.pk, "afsluiten"])
    assert c.get(url).status_code == 404  # the ladder traject: not their case
    response = c.post(url + "?route=smw", {"datum": timezone.localdate().strftime("%d-%m-%Y"),
                                           "reden": "Doelen bereikt", "uitkomst": "opgelost",
                                           "versie": smw_traject.versie})
    assert response.status_code == 302
    smw_traject.refresh_from_db()
    ladder.refresh_from_db()
    assert smw_traject.status == "afgesloten" and ladder.is_open


def test_alleen_besluiten_die_de_ladder_toelaat_met_alleen_hun_eigen_velden(client_als, actors, traject,
                                                                           nieuwe_deelnemer):
    services.toestemming_vastleggen(deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]), gegeven_door="deelnemer",
                                    datum=timezone.localdate(), vorm="digitaal", informatie="alles")
    traject("zat", zat_grondslag=G.TOESTEMMING)
    c = client_als(actors["zorgcoordinator"])
    overzicht = reverse("zorgtraject:overzicht", args=[nieuwe_deelnemer.pk])
    assert [soort for soort, _ in c.get(overzicht).context["besluiten"]] == [S.EXTERN, S.AFSCHALEN, S.CRISIS,
                                                                            S.AFSLUITEN]
    # Above the ZAT there is no rung inside the school: the opschalen form is not offered.
    response = c.get(reverse("zorgtraject:besluit", args=[nieuwe_deelnemer.pk, "opschalen"]))
    assert response.status_code == 302 and response["Location"] == overzicht
    velden = {}
    for soort in ("extern", "afschalen", "afsluiten"):
        velden[soort] = set(c.get(reverse("zorgtraject:besluit", args=[nieuwe_deelnemer.pk, soort])).context[
            "form"].fields)
    assert velden == {
        "extern": {"datum", "reden", "gedaan", "effect", "organisatie", "versie"},
        "afschalen": {"datum", "reden", "gedaan", "effect", "casemanager", "versie"},
        "afsluiten": {"datum", "reden", "uitkomst", "uitkomst_toelichting", "versie"},
    }


def test_zorgtrajectpagina_zonder_traject_biedt_starten_aan(client_als, actors, nieuwe_deelnemer):
    """A student without a traject: the page answers (it once crashed here) and offers to start one."""
    url = reverse("zorgtraject:overzicht", args=[nieuwe_deelnemer.pk])
    for rol, kan_starten in (("zorgcoordinator", True), ("taakdocent", True)):
        response = client_als(actors[rol]).get(url)
        assert response.status_code == 200
        assert response.context["kan_starten"] is kan_starten
        assert "Zorgtraject starten" in response.content.decode()
    assert client_als(actors["mentor"]).get(url).status_code == 404  # no zorg layer
