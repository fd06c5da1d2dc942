"""One item at the meeting, through HTTP: who reads and who records it, the record with its conflict and date
rules, the plan van aanpak, the level decision through the zorgtraject, the handelingsadvies in the dossier
and what the mentor and the referrer are told (issue 10 points 6, 8, 9)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding
from deelnemers.models import DossierItem
from overleg import selectors, services
from overleg.models import Actie, Agendapunt, Overleg
from privacy.models import Toegangslog
from tests.conftest import laatste_logregel, logregels_sinds
from tests.factories import (
    ActieFactory,
    AgendapuntFactory,
    GebruikerFactory,
    LidmaatschapFactory,
    OverlegFactory,
    ToestemmingFactory,
    als,
    uitnodiging,
)
from zorgstructuur.models import Functie, Melding, Niveauwijziging, Partnerorganisatie, Zorgniveau, Zorgtraject

VANDAAG = timezone.localdate


def url(punt):
    return reverse("overleg:agendapunt", args=[punt.pk])


def verslag_post(punt, **velden):
    data = {"handeling": "vastleggen", "versie": punt.versie, "volgende_evaluatie": "", "vir_datum": ""}
    data.update(velden)
    return data


def tekst(response) -> str:
    return response.content.decode()


# ------------------------------------------------------------------ who reads, who records

@pytest.mark.parametrize("wie, status, formulier", [
    ("voorzitter", 200, True), ("zc", 200, True), ("notulist", 200, True), ("lid", 200, False),
    ("mentor", 404, False), ("docent", 404, False), ("elders", 404, False),
])
def test_wie_het_agendapunt_ziet_en_vastlegt(verslag, client_als, wie, status, formulier):
    na = laatste_logregel()
    response = client_als(getattr(verslag, wie)).get(url(verslag.punt))
    assert response.status_code == status
    regels = [r for r in logregels_sinds(na) if r.object_type == "agendapunt"]
    if status == 404:
        assert [r.uitkomst for r in regels] == [Toegangslog.Uitkomst.GEWEIGERD]
        return
    pagina = tekst(response)
    assert verslag.deelnemer.naam in pagina and "Hoe krijgen we haar weer in de les?" in pagina
    assert verslag.deelnemer.opleiding.naam in pagina and "Nieuwe aanmelding" in pagina
    assert verslag.lid.get_full_name() in pagina  # the inbrenger
    assert ("Bespreking vastleggen" in pagina) == formulier
    assert ("Niveaubesluit vastleggen" in pagina) == formulier
    assert [(r.actie, r.uitkomst, r.deelnemer_id, r.laag) for r in regels] == [
        ("inzien", Toegangslog.Uitkomst.TOEGESTAAN, verslag.deelnemer.pk, "zorg")]


def test_een_gewoon_lid_kan_niet_vastleggen_ook_niet_met_een_eigen_post(verslag, client_als):
    response = client_als(verslag.lid).post(url(verslag.punt), verslag_post(verslag.punt, besluit="Iets."))
    assert response.status_code == 404
    verslag.punt.refresh_from_db()
    assert verslag.punt.versie == 1 and not verslag.punt.besluit
    response = client_als(verslag.lid).post(reverse("overleg:actie_toevoegen", args=[verslag.punt.pk]), {
        "actie-eigenaar": verslag.lid.pk, "actie-omschrijving": "x", "actie-deadline": "01-01-2099"})
    assert response.status_code == 404 and not Actie.objects.filter(agendapunt=verslag.punt).exists()


# ------------------------------------------------------------------ the record

def test_voorzitter_legt_de_bespreking_vast_met_standaard_evaluatie(verslag, client_als):
    c = client_als(verslag.voorzitter)
    formulier = tekst(c.get(url(verslag.punt)))
    standaard = verslag.gehouden.datum + timedelta(weeks=verslag.instelling.evaluatie_weken)
    assert f'value="{standaard:%d-%m-%Y}"' in formulier  # the default next evaluation is offered
    response = c.post(url(verslag.punt), verslag_post(
        verslag.punt, analyse="Verzuim door de thuissituatie.", besluit="Gesprek met ouders.",
        volgende_evaluatie=f"{standaard:%d-%m-%Y}", vir_besluit="nee"))
    assert response.status_code == 302
    punt = Agendapunt.objects.get(pk=verslag.punt.pk)
    assert (punt.besproken, punt.versie, punt.volgende_evaluatie) == (True, 2, standaard)
    assert "Gesprek met ouders." in tekst(c.get(url(punt)))


def test_evaluatie_voor_het_overleg_geeft_een_nederlandse_melding_en_bewaart_niets(verslag, client_als):
    response = client_als(verslag.zc).post(url(verslag.punt), verslag_post(
        verslag.punt, besluit="Mijn besluit.", volgende_evaluatie=f"{VANDAAG() - timedelta(days=3):%d-%m-%Y}"))
    assert response.status_code == 200
    assert "De volgende evaluatie ligt na de datum van het overleg." in tekst(response)
    assert "Mijn besluit." in tekst(response)  # what was typed stays
    verslag.punt.refresh_from_db()
    assert (verslag.punt.versie, verslag.punt.besproken, verslag.punt.besluit) == (1, False, "")


def test_twee_tegelijk_de_tweede_ziet_wat_veranderde_en_verliest_niets(verslag, client_als):
    voorzitter, notulist = client_als(verslag.voorzitter), client_als(verslag.notulist)
    voorzitter.get(url(verslag.punt))
    notulist.get(url(verslag.punt))  # both opened versie 1
    assert voorzitter.post(url(verslag.punt), verslag_post(verslag.punt, besluit="Naar SMW.")).status_code == 302
    response = notulist.post(url(verslag.punt), verslag_post(verslag.punt, besluit="Afwachten en bellen."))
    pagina = tekst(response)
    assert response.status_code == 200
    assert "Intussen gewijzigd door een ander" in pagina and "Naar SMW." in pagina  # what changed
    assert "Afwachten en bellen." in pagina  # what the second typed is still in the form
    verslag.punt.refresh_from_db()
    assert verslag.punt.besluit == "Naar SMW." and verslag.punt.versie == 2


def test_niet_behandeld_schuift_door_naar_het_volgende_overleg(verslag, client_als):
    response = client_als(verslag.voorzitter).post(url(verslag.punt), verslag_post(
        verslag.punt, handeling="doorschuiven", informatie="Tijd op."))
    assert response.status_code == 302
    verslag.punt.refresh_from_db()
    assert not verslag.punt.besproken and verslag.punt.informatie == "Tijd op."
    Overleg.objects.filter(pk=verslag.gehouden.pk).update(status=Overleg.Status.GEHOUDEN)
    volgend = OverlegFactory(team=verslag.iz, voorzitter=verslag.voorzitter)
    kandidaat = next(k for k in selectors.kandidaten(volgend) if k.deelnemer.pk == verslag.deelnemer.pk)
    assert kandidaat.reden == Agendapunt.Reden.DOORGESCHOVEN


# ------------------------------------------------------------------ the evaluation: the previous plan

def test_evaluatie_toont_het_vorige_besluit_en_de_stand_van_elke_actie(verslag, client_als):
    eerder = OverlegFactory(team=verslag.iz, datum=VANDAAG() - timedelta(weeks=6), voorzitter=verslag.voorzitter,
                            status=Overleg.Status.GEHOUDEN)
    vorig = AgendapuntFactory(overleg=eerder, deelnemer=verslag.deelnemer, besproken=True,
                              besluit="Dagelijks melden bij de mentor.", volgende_evaluatie=VANDAAG())
    ActieFactory(agendapunt=vorig, eigenaar=verslag.mentor, omschrijving="Ouders bellen",
                 deadline=VANDAAG() - timedelta(days=3))
    ActieFactory(agendapunt=vorig, eigenaar=verslag.lid, omschrijving="Rooster aanpassen",
                 deadline=VANDAAG() - timedelta(days=10), status=Actie.Status.GEDAAN, afgerond_op=VANDAAG())
    pagina = tekst(client_als(verslag.zc).get(url(verslag.punt)))
    assert "Evaluatie: de vorige bespreking" in pagina and "Dagelijks melden bij de mentor." in pagina
    assert "Ouders bellen" in pagina and "te laat" in pagina
    assert "Rooster aanpassen" in pagina and "Gedaan" in pagina
    assert "Doelen bereikt" in pagina  # the record form asks how far the goals were reached


def test_zonder_eerdere_bespreking_geen_evaluatieblok(verslag, client_als):
    pagina = tekst(client_als(verslag.zc).get(url(verslag.punt)))
    assert "Evaluatie: de vorige bespreking" not in pagina and "Doelen bereikt" not in pagina


# ------------------------------------------------------------------ the plan van aanpak

def actie_post(eigenaar, omschrijving="Gesprek met ouders plannen", deadline=None):
    deadline = deadline or VANDAAG() + timedelta(days=14)
    return {"actie-eigenaar": eigenaar.pk, "actie-omschrijving": omschrijving,
            "actie-deadline": f"{deadline:%d-%m-%Y}"}


def test_actie_voor_een_teamlid_staat_in_het_plan(verslag, client_als):
    c = client_als(verslag.notulist)
    response = c.post(reverse("overleg:actie_toevoegen", args=[verslag.punt.pk]), actie_post(verslag.lid))
    assert response.status_code == 302 and response.url.endswith("#plan")
    actie = Actie.objects.get(agendapunt=verslag.punt)
    assert actie.eigenaar == verslag.lid and actie.status == Actie.Status.OPEN
    assert "Gesprek met ouders plannen" in tekst(c.get(url(verslag.punt)))


def test_actie_voor_wie_geen_lid_is_of_met_deadline_voor_het_overleg(verslag, client_als):
    c = client_als(verslag.voorzitter)
    response = c.post(reverse("overleg:actie_toevoegen", args=[verslag.punt.pk]), actie_post(verslag.mentor))
    assert response.status_code == 200
    assert "Kies een lid van het team of een partner die voor dit agendapunt is uitgenodigd." in tekst(response)
    response = c.post(reverse("overleg:actie_toevoegen", args=[verslag.punt.pk]),
                      actie_post(verslag.lid, deadline=VANDAAG() - timedelta(days=1)))
    assert "De deadline ligt niet vóór de datum van het overleg." in tekst(response)
    assert not Actie.objects.filter(agendapunt=verslag.punt).exists()
    assert c.get(reverse("overleg:actie_toevoegen", args=[verslag.punt.pk])).status_code == 405


def test_de_service_weigert_een_eigenaar_van_buiten_met_een_melding(verslag):
    with pytest.raises(Exception) as fout:
        services.actie_toevoegen(agendapunt=verslag.punt, door=als(verslag.voorzitter), eigenaar=verslag.mentor,
                                 omschrijving="Bellen", deadline=VANDAAG() + timedelta(days=3))
    assert "niet uitgenodigd voor dit agendapunt" in " ".join(fout.value.messages)


# ------------------------------------------------------------------ partners

@pytest.fixture
def zat_punt(verslag):
    """A held ZAT today with the student on it, and a partner of Jeugdhulp Noord (not yet invited)."""
    v = verslag
    v.organisatie = Partnerorganisatie.objects.create(instelling=v.instelling, naam="Jeugdhulp Noord",
                                                      soort=Partnerorganisatie.Soort.JEUGDHULP)
    v.partner = GebruikerFactory(username="partner-verslag")
    LidmaatschapFactory(team=v.zat, gebruiker=v.partner, functie=Functie.PARTNER, organisatie=v.organisatie,
                        op_afroep=True, begin=VANDAAG() - timedelta(days=30))
    v.zat_gehouden = OverlegFactory(team=v.zat, datum=VANDAAG(), voorzitter=v.voorzitter)
    return AgendapuntFactory(overleg=v.zat_gehouden, deelnemer=v.deelnemer, reden=Agendapunt.Reden.EVALUATIE)


def uitnodigen(v, punt, *, grant=True):
    if grant:
        ToestemmingFactory(deelnemer=v.deelnemer, vastgelegd_door=v.zc, zat_bespreking=True,
                           datum=VANDAAG() - timedelta(days=5), partners=[v.organisatie])
    return uitnodiging(punt, v.partner, v.organisatie, v.zc, tot=VANDAAG() + timedelta(days=14), grant=grant)


def test_partner_zonder_uitnodiging_krijgt_404(verslag, zat_punt, client_als):
    assert client_als(verslag.partner).get(url(zat_punt)).status_code == 404
    assert client_als(verslag.partner).get(url(verslag.punt)).status_code == 404  # the IZ item


def test_uitgenodigde_partner_leest_het_punt_en_kan_eigenaar_van_een_actie_zijn(verslag, zat_punt, client_als):
    uitnodigen(verslag, zat_punt)
    Agendapunt.objects.filter(pk=zat_punt.pk).update(aanmelding=verslag.aanmelding)  # an IZ aanmelding
    pagina = tekst(client_als(verslag.partner).get(url(zat_punt)))
    assert verslag.deelnemer.naam in pagina and "uitgenodigde partner" in pagina
    assert "Hoe krijgen we haar weer in de les?" not in pagina  # the IZ question is not for the partner
    assert "Bespreking vastleggen" not in pagina and "Niveaubesluit" not in pagina
    assert verslag.deelnemer.studentnummer not in pagina
    response = client_als(verslag.voorzitter).post(reverse("overleg:actie_toevoegen", args=[zat_punt.pk]),
                                                   actie_post(verslag.partner, "Intake jeugdhulp"))
    assert response.status_code == 302
    assert Actie.objects.get(agendapunt=zat_punt).eigenaar == verslag.partner
    assert client_als(verslag.partner).post(url(zat_punt), verslag_post(zat_punt, besluit="x")).status_code == 404


def test_anoniem_punt_toont_de_partner_niets_dat_de_deelnemer_aanwijst(verslag, zat_punt, client_als):
    verslag.aanmelding.bestemming = "zat"
    verslag.aanmelding.save()
    Agendapunt.objects.filter(pk=zat_punt.pk).update(anoniem=True, aanmelding=verslag.aanmelding)
    uitnodigen(verslag, zat_punt, grant=False)
    d = verslag.deelnemer
    pagina = tekst(client_als(verslag.partner).get(url(zat_punt)))
    assert "Casus A (anoniem)" in pagina and "18–20 jaar" in pagina
    assert "Hoe krijgen we haar weer in de les?" in pagina  # the question goes with it
    for gegeven in (d.naam, d.achternaam, d.studentnummer, f"{d.geboortedatum:%d-%m-%Y}", d.straat, d.postcode):
        assert gegeven not in pagina
    regel = Toegangslog.objects.filter(gebruiker_id=verslag.partner.pk, object_type="agendapunt").latest("id")
    assert "anoniem" in regel.omschrijving


# ------------------------------------------------------------------ the level decision

def niveau_post(punt, traject, **velden):
    data = {"handeling": "niveau", "niveau-versie": punt.versie, "niveau-traject_versie": traject.versie}
    data.update({f"niveau-{k}": v for k, v in velden.items()})
    return data


def test_opschalen_naar_het_zat_gaat_door_de_toestemmingspoort(verslag, client_als):
    c = client_als(verslag.zc)
    velden = {"besluit": "opschalen", "reden": "Meervoudige problematiek.", "gedaan": "Gesprekken, plan.",
              "effect": "Onvoldoende.", "zat_grondslag": "toestemming"}
    response = c.post(url(verslag.punt), niveau_post(verslag.punt, verslag.traject, **velden))
    assert response.status_code == 200 and "geen geldige toestemming" in tekst(response)
    assert not Niveauwijziging.objects.filter(zorgtraject=verslag.traject).exists()
    velden.update(zat_grondslag="anoniem", zat_toelichting="Deelnemer wil niet op naam.")
    response = c.post(url(verslag.punt), niveau_post(verslag.punt, verslag.traject, **velden))
    assert response.status_code == 302
    punt = Agendapunt.objects.select_related("niveauwijziging").get(pk=verslag.punt.pk)
    traject = Zorgtraject.objects.get(pk=verslag.traject.pk)
    assert punt.niveaubesluit == "opschalen" and punt.niveauwijziging.zorgtraject_id == traject.pk
    assert (punt.niveauwijziging.soort, punt.niveauwijziging.datum) == ("opschalen", verslag.gehouden.datum)
    assert punt.niveauwijziging.gedaan == "Gesprekken, plan." and traject.niveau.soort == Zorgniveau.Soort.ZAT
    assert "Zorgtraject opgeschaald van" in tekst(c.get(url(punt)))


def test_omweg_naar_de_toestemming_en_terug_met_wat_getypt_was(verslag, client_als):
    c = client_als(verslag.zc)
    velden = {"besluit": "opschalen", "reden": "Veel tegelijk speelt.", "gedaan": "Gesprekken.",
              "effect": "Onvoldoende.", "zat_grondslag": "toestemming"}
    response = c.post(url(verslag.punt), niveau_post(verslag.punt, verslag.traject, **velden))
    assert 'name="naar_toestemming"' in tekst(response)  # the way to the consent page is offered
    response = c.post(url(verslag.punt), {**niveau_post(verslag.punt, verslag.traject, **velden),
                                          "naar_toestemming": "1"})
    toestemming = reverse("aanmelding:toestemming", args=[verslag.deelnemer.pk])
    assert response.status_code == 302 and response.url.startswith(toestemming)
    assert "terug=" in response.url and f"agendapunt%2F{verslag.punt.pk}" in response.url
    pagina = tekst(c.get(url(verslag.punt)))  # back after recording consent
    assert "Wat u eerder in dit formulier typte, staat er weer." in pagina and "Veel tegelijk speelt." in pagina
    assert "Veel tegelijk speelt." not in tekst(c.get(url(verslag.punt)))  # given back once


def test_afsluiten_met_uitkomst_en_de_aanmelder_hoort_de_volgende_stap(verslag, client_als):
    c = client_als(verslag.voorzitter)
    response = c.post(url(verslag.punt), niveau_post(verslag.punt, verslag.traject, besluit="afsluiten",
                                                     reden="Weer op de rails."))
    assert "Kies de uitkomst van het zorgtraject." in tekst(response)
    response = c.post(url(verslag.punt), niveau_post(verslag.punt, verslag.traject, besluit="afsluiten",
                                                     reden="Weer op de rails.", uitkomst="opgelost"))
    assert response.status_code == 302
    traject = Zorgtraject.objects.get(pk=verslag.traject.pk)
    assert traject.status == Zorgtraject.Status.AFGESLOTEN and traject.uitkomst == "opgelost"
    melding = Melding.objects.get(ontvanger=verslag.aanmelder, soort=Melding.Soort.AANMELDING_BESPROKEN)
    assert "Volgende stap: afsluiten" in melding.tekst and "rails" not in melding.tekst


def test_het_traject_is_intussen_gewijzigd_dan_conflict(verslag, client_als):
    oud = verslag.traject.versie
    Zorgtraject.objects.filter(pk=verslag.traject.pk).update(versie=oud + 1)
    response = client_als(verslag.zc).post(url(verslag.punt), niveau_post(
        verslag.punt, verslag.traject, besluit="afsluiten", reden="Klaar.", uitkomst="opgelost"))
    assert response.status_code == 200 and "Intussen gewijzigd door een ander" in tekst(response)
    verslag.punt.refresh_from_db()
    assert verslag.punt.niveauwijziging_id is None and not verslag.punt.niveaubesluit


def test_blijft_zonder_traject_en_een_tweede_besluit_wordt_geweigerd(verslag):
    punt = services.niveaubesluit_vastleggen(agendapunt=verslag.punt, door=als(verslag.zc), versie=1,
                                             besluit="afsluiten", reden="Klaar.", uitkomst="opgelost")
    with pytest.raises(Exception, match="al vastgelegd"):
        services.niveaubesluit_vastleggen(agendapunt=punt, door=als(verslag.zc), versie=punt.versie,
                                          besluit="blijft")


def test_crisis_besproken_in_het_zat_gaat_van_de_lijst(verslag, zat_punt, client_als):
    extern = verslag.niveau[Zorgniveau.Soort.EXTERN]
    Zorgtraject.objects.filter(pk=verslag.traject.pk).update(niveau=extern, zat_bespreken=True)
    Agendapunt.objects.filter(pk=zat_punt.pk).update(reden=Agendapunt.Reden.CRISIS)
    response = client_als(verslag.zc).post(url(zat_punt), verslag_post(zat_punt, besluit="Extern blijft."))
    assert response.status_code == 302
    assert not Zorgtraject.objects.get(pk=verslag.traject.pk).zat_bespreken


# ------------------------------------------------------------------ the handelingsadvies reaches the team

ADVIES = "Geef haar een vaste plek vooraan en kondig toetsen een week vooraf aan."


def test_handelingsadvies_in_het_dossier_voor_mentor_en_docent(verslag, client_als):
    c = client_als(verslag.voorzitter)
    response = c.post(url(verslag.punt), verslag_post(verslag.punt, handelingsadvies=ADVIES,
                                                      analyse="Geheime analyse van de thuissituatie."))
    assert response.status_code == 302
    punt = Agendapunt.objects.get(pk=verslag.punt.pk)
    item = DossierItem.objects.get(deelnemer=verslag.deelnemer, soort=DossierItem.Soort.HANDELINGSADVIES)
    assert punt.advies_item_id == item.pk and item.laag == "basis" and item.tekst == ADVIES
    dossier = reverse("deelnemers:dossier", args=[verslag.deelnemer.pk])
    for wie in (verslag.mentor, verslag.docent):
        assert item.titel in tekst(client_als(wie).get(dossier))  # listed in their dossier
        pagina = tekst(client_als(wie).get(reverse("deelnemers:item", args=[verslag.deelnemer.pk, item.pk])))
        assert ADVIES in pagina and "Geheime analyse" not in pagina
    mentor = Melding.objects.get(ontvanger=verslag.mentor, soort=Melding.Soort.HANDELINGSADVIES)
    assert mentor.url == dossier and ADVIES not in mentor.tekst
    aanmelder = Melding.objects.get(ontvanger=verslag.aanmelder, soort=Melding.Soort.AANMELDING_BESPROKEN)
    assert "besproken in IZ Noord" in aanmelder.tekst and "evaluatie op" in aanmelder.tekst
    for inhoud in ("vaste plek", "Geheime", "thuissituatie"):
        assert inhoud not in aanmelder.tekst
    assert aanmelder.url == reverse("aanmelding:detail", args=[verslag.aanmelding.pk])
    verslag.aanmelding.refresh_from_db()
    assert verslag.aanmelding.status == Aanmelding.Status.AFGEROND  # discussed: its route ends


def test_gewijzigd_advies_werkt_hetzelfde_dossieritem_bij(verslag):
    punt = services.agendapunt_vastleggen(agendapunt=verslag.punt, door=als(verslag.voorzitter), versie=1,
                                          handelingsadvies=ADVIES)
    punt = services.agendapunt_vastleggen(agendapunt=punt, door=als(verslag.notulist), versie=punt.versie,
                                          handelingsadvies="Alleen een vaste plek.")
    items = DossierItem.objects.filter(deelnemer=verslag.deelnemer, soort=DossierItem.Soort.HANDELINGSADVIES)
    assert [i.tekst for i in items] == ["Alleen een vaste plek."] and punt.advies_item_id == items[0].pk
    assert Melding.objects.filter(ontvanger=verslag.mentor, soort=Melding.Soort.HANDELINGSADVIES).count() == 2
    # the referrer heard once that the aanmelding was discussed
    assert Melding.objects.filter(ontvanger=verslag.aanmelder, soort=Melding.Soort.AANMELDING_BESPROKEN).count() == 1
    with pytest.raises(Exception, match="al met het team gedeeld"):
        services.agendapunt_vastleggen(agendapunt=punt, door=als(verslag.zc), versie=punt.versie,
                                       handelingsadvies="")


def test_een_gepland_overleg_in_de_toekomst_toont_nog_geen_verslagformulier(verslag, client_als):
    punt = AgendapuntFactory(overleg=verslag.overleg, deelnemer=verslag.deelnemer)  # next week
    pagina = tekst(client_als(verslag.voorzitter).get(url(punt)))
    assert "Bespreking vastleggen" not in pagina and "Niveaubesluit vastleggen" not in pagina
    assert "op of na de dag van het overleg" in pagina
    assert "Actie toevoegen" in pagina  # the plan can be prepared
    response = client_als(verslag.voorzitter).post(url(punt), verslag_post(punt, besluit="Te vroeg."))
    assert "nog niet geweest" in tekst(response)


def test_bij_evaluatie_worden_de_doelen_vastgelegd(verslag, client_als):
    Agendapunt.objects.filter(pk=verslag.punt.pk).update(reden=Agendapunt.Reden.EVALUATIE)
    verslag.punt.refresh_from_db()
    response = client_als(verslag.zc).post(url(verslag.punt), verslag_post(
        verslag.punt, evaluatie_doelen="deels", besluit="Plan bijstellen."))
    assert response.status_code == 302
    verslag.punt.refresh_from_db()
    assert verslag.punt.evaluatie_doelen == Agendapunt.Doelen.DEELS
    assert "Deels bereikt" in tekst(client_als(verslag.lid).get(url(verslag.punt)))


def test_zonder_open_traject_alleen_blijft(verslag, client_als):
    Zorgtraject.objects.filter(pk=verslag.traject.pk).update(status=Zorgtraject.Status.AFGESLOTEN)
    c = client_als(verslag.zc)
    pagina = tekst(c.get(url(verslag.punt)))
    assert 'value="blijft"' in pagina and 'value="opschalen"' not in pagina
    response = c.post(url(verslag.punt), {"handeling": "niveau", "niveau-versie": 1, "niveau-besluit": "blijft"})
    assert response.status_code == 302
    verslag.punt.refresh_from_db()
    assert verslag.punt.niveaubesluit == "blijft" and verslag.punt.niveauwijziging_id is None
