"""Schoolmaatschappelijk werk through HTTP: an accepted referral and a walk-in open the SMW route with the
SMW as casemanager; caseload; contacts with time (and a report under the layer policy); closure with
outcome and satisfaction; the referrer's one question and its one reminder; who may see what."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from aanmelding import services_smw
from aanmelding.models import SMWContact, SMWContactsoort, SMWInterventie, SMWTraject
from deelnemers.models import DossierItem
from privacy.models import Toegangslog
from tests.conftest import laatste_logregel, logregels_sinds
from tests.factories import DeelnemerFactory, als
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Melding, Opleiding, Zorgtraject

pytestmark = pytest.mark.django_db


@pytest.fixture
def smw_client(actors, nieuwe_deelnemer):
    """A walk-in of the SMW for a new student of locatie Gouda, started ten days ago."""
    traject = services_smw.eigen_aanmelding(deelnemer=nieuwe_deelnemer, door=als(actors["smw"]), reden="Stress")
    tien = timezone.localdate() - timedelta(days=10)
    SMWTraject.objects.filter(pk=traject.pk).update(gestart=tien)
    Zorgtraject.objects.filter(pk=traject.zorgtraject_id).update(geopend=tien)
    traject.refresh_from_db()
    return traject


def keuzes(deelnemer):
    return (SMWContactsoort.keuzes(deelnemer.instelling_id).first(),
            SMWInterventie.keuzes(deelnemer.instelling_id).first())


def contactgegevens(deelnemer, **extra):
    soort, aard = keuzes(deelnemer)
    return {"datum": timezone.localdate().strftime("%d-%m-%Y"), "minuten": 45, "soort": soort.pk, "aard": aard.pk,
            **extra}


# ------------------------------------------------------------------ opening the route

def test_smw_accepteert_een_aanmelding_en_het_smw_traject_opent_met_de_smw_als_casemanager(
        client_als, actors, ingediend):
    a = ingediend(bestemming="smw")
    c = client_als(actors["smw"])
    response = c.post(reverse("aanmelding:beoordelen", args=[a.pk]),
                      {"besluit": "accepteren", "bericht": "Ik bel de deelnemer.", "versie": a.versie})
    assert response.status_code == 302
    traject = SMWTraject.objects.get(aanmelding=a)
    assert traject.zorgtraject.route == Zorgtraject.Route.SMW and traject.zorgtraject.is_open
    assert traject.zorgtraject.casemanager == actors["smw"]
    assert traject.aanmelder == actors["mentor"] and not traject.eigen_aanmelding
    assert traject.gestart == timezone.localdate()
    caseload = c.get(reverse("aanmelding:smw_caseload"))
    assert traject in caseload.context["pagina"].object_list
    assert a.deelnemer.naam in caseload.content.decode()


def test_eigen_aanmelding_deelnemer_opent_het_traject_met_de_smw_als_aanmelder(client_als, actors, nieuwe_deelnemer):
    c = client_als(actors["smw"])
    assert c.get(reverse("aanmelding:smw_eigen_aanmelding")).status_code == 200
    response = c.post(reverse("aanmelding:smw_eigen_aanmelding"),
                      {"studentnummer": nieuwe_deelnemer.studentnummer, "reden": "Komt zelf: ruzie thuis."})
    traject = SMWTraject.objects.get(deelnemer=nieuwe_deelnemer)
    assert response.status_code == 302 and response["Location"] == reverse("aanmelding:smw_client", args=[traject.pk])
    assert traject.eigen_aanmelding and traject.aanmelder == actors["smw"]
    assert traject.zorgtraject.casemanager == actors["smw"]
    # A second walk-in while it is open: a Dutch message, nothing new.
    response = c.post(reverse("aanmelding:smw_eigen_aanmelding"),
                      {"studentnummer": nieuwe_deelnemer.studentnummer, "reden": "Nog eens."})
    assert "al een open SMW-traject" in response.content.decode()
    assert SMWTraject.objects.filter(deelnemer=nieuwe_deelnemer).count() == 1


def test_eigen_aanmelding_alleen_voor_deelnemers_van_de_eigen_locaties(client_als, actors, vreemde_deelnemer):
    c = client_als(actors["smw"])
    na = laatste_logregel()
    response = c.post(reverse("aanmelding:smw_eigen_aanmelding"),
                      {"studentnummer": vreemde_deelnemer.studentnummer, "reden": "Komt zelf."})
    assert "Geen deelnemer met dit studentnummer op uw locaties." in response.content.decode()
    assert not SMWTraject.objects.filter(deelnemer=vreemde_deelnemer).exists()
    assert [r.uitkomst for r in logregels_sinds(na)] == [Toegangslog.Uitkomst.GEWEIGERD]
    # The zorgcoördinator sees SMW work but does not do walk-ins: not their part of the application.
    assert client_als(actors["zorgcoordinator"]).get(reverse("aanmelding:smw_eigen_aanmelding")).status_code == 403


# ------------------------------------------------------------------ contacts

def test_contact_met_vertrouwelijk_verslag_en_tijd_zonder_verslag(client_als, actors, smw_client):
    d = smw_client.deelnemer
    c = client_als(actors["smw"])
    url = reverse("aanmelding:smw_contact", args=[smw_client.pk])
    assert c.get(url).status_code == 200
    response = c.post(url, contactgegevens(d, verslag="Gesprek over de thuissituatie.", verslag_laag="vertrouwelijk"))
    assert response.status_code == 302
    contact = SMWContact.objects.get(smw_traject=smw_client)
    assert contact.minuten == 45 and contact.deelnemer == d and contact.medewerker == actors["smw"]
    assert contact.verslag.laag == Laag.VERTROUWELIJK and contact.verslag.discipline == "smw"
    assert contact.verslag.soort == DossierItem.Soort.GESPREKSVERSLAG
    # Administrative time: no report.
    assert c.post(url, contactgegevens(d, minuten=15)).status_code == 302
    assert SMWContact.objects.filter(smw_traject=smw_client, verslag__isnull=True, minuten=15).exists()
    pagina = c.get(reverse("aanmelding:smw_client", args=[smw_client.pk]))
    assert pagina.context["totaal"] == 60
    assert "Gesprek over de thuissituatie." in pagina.content.decode()
    caseload = c.get(reverse("aanmelding:smw_caseload")).context["pagina"].object_list
    rij = next(t for t in caseload if t.pk == smw_client.pk)
    assert rij.totaal == 60 and rij.laatste_contact == timezone.localdate()


@pytest.mark.parametrize(("extra", "veld", "melding"), [
    ({"minuten": 0}, "minuten", "De duur is minimaal 1 en maximaal 480 minuten."),
    ({"minuten": 1000}, "minuten", "De duur is minimaal 1 en maximaal 480 minuten."),
    ({"datum": (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")}, "datum",
     "De datum van het contact ligt in de toekomst."),
    ({"datum": (timezone.localdate() - timedelta(days=30)).strftime("%d-%m-%Y")}, "datum",
     "De datum ligt vóór de start van het SMW-traject"),
    ({"verslag": "Iets", "verslag_laag": ""}, "verslag_laag", "Kies of het verslag vertrouwelijk"),
])
def test_foute_invoer_bij_een_contact_geeft_een_nederlandse_melding_en_bewaart_niets(
        client_als, actors, smw_client, extra, veld, melding):
    c = client_als(actors["smw"])
    items = DossierItem.objects.filter(deelnemer=smw_client.deelnemer).count()
    response = c.post(reverse("aanmelding:smw_contact", args=[smw_client.pk]),
                      contactgegevens(smw_client.deelnemer, **extra))
    assert response.status_code == 200
    assert any(melding in fout for fout in response.context["form"].errors[veld])
    assert not SMWContact.objects.filter(smw_traject=smw_client).exists()
    assert DossierItem.objects.filter(deelnemer=smw_client.deelnemer).count() == items


# ------------------------------------------------------------------ who sees what

def test_stand_van_zaken_alleen_voor_de_smw_en_de_zorgcoordinator(client_als, actors, smw_client):
    services_smw.contact_vastleggen(smw_traject=smw_client, door=als(actors["smw"]), datum=timezone.localdate(),
                                    minuten=30, soort=keuzes(smw_client.deelnemer)[0],
                                    aard=keuzes(smw_client.deelnemer)[1], verslag="Geheim verslag SMW.",
                                    verslag_laag=Laag.VERTROUWELIJK)
    url = reverse("aanmelding:smw_client", args=[smw_client.pk])
    zc = client_als(actors["zorgcoordinator"]).get(url)
    assert zc.status_code == 200 and "30" in zc.content.decode()
    assert "Geheim verslag SMW." not in zc.content.decode()  # vertrouwelijk: discipline SMW only
    assert "verslag in een laag die u niet leest" in zc.content.decode()
    assert not zc.context["kan_registreren"]
    # The zorgcoördinator reads but does not register: the contact and closure forms answer 404.
    assert client_als(actors["zorgcoordinator"]).get(
        reverse("aanmelding:smw_contact", args=[smw_client.pk])).status_code == 404
    for rol in ["mentor", "docent", "taakdocent", "specialist", "partner", "manager", "beheerder"]:
        assert client_als(actors[rol]).get(url).status_code == 403, rol
        assert client_als(actors[rol]).get(reverse("aanmelding:smw_caseload")).status_code == 403, rol


def test_een_andere_smw_krijgt_404_en_de_weigering_staat_in_het_log(client_als, actors, smw_client):
    from tests.factories import GebruikerFactory, LidmaatschapFactory
    from zorgstructuur.models import Functie, Team

    ander = GebruikerFactory()
    LidmaatschapFactory(gebruiker=ander, functie=Functie.SMW, team=Team.objects.get(naam="Intern zorgteam Gouda"))
    c = client_als(ander)
    na = laatste_logregel()
    for naam in ["smw_client", "smw_contact", "smw_afsluiten"]:
        assert c.get(reverse(f"aanmelding:{naam}", args=[smw_client.pk])).status_code == 404
    assert all(r.uitkomst == Toegangslog.Uitkomst.GEWEIGERD for r in logregels_sinds(na))
    assert smw_client not in c.get(reverse("aanmelding:smw_caseload")).context["pagina"].object_list


def test_pagina_s_loggen_wat_ze_tonen(client_als, actors, smw_client):
    c = client_als(actors["smw"])
    na = laatste_logregel()
    c.get(reverse("aanmelding:smw_client", args=[smw_client.pk]))
    regels = logregels_sinds(na)
    assert [(r.actie, r.object_type, r.deelnemer_id) for r in regels] == [
        ("inzien", "smwtraject", smw_client.deelnemer_id)]
    na = laatste_logregel()
    pagina = c.get(reverse("aanmelding:smw_caseload")).context["pagina"]
    assert {r.deelnemer_id for r in logregels_sinds(na)} == {t.deelnemer_id for t in pagina.object_list}


# ------------------------------------------------------------------ closure and satisfaction

def test_afsluiten_met_uitkomst_en_tevredenheid_en_de_vraag_aan_de_aanmelder(client_als, actors, ingediend):
    a = ingediend(bestemming="smw")
    smw = client_als(actors["smw"])
    smw.post(reverse("aanmelding:beoordelen", args=[a.pk]), {"besluit": "accepteren", "versie": a.versie})
    traject = SMWTraject.objects.get(aanmelding=a)
    url = reverse("aanmelding:smw_afsluiten", args=[traject.pk])
    assert smw.get(url).status_code == 200
    response = smw.post(url, {"versie": traject.versie, "uitkomst": "doorverwezen", "tevredenheid_deelnemer": 4})
    assert "Vul in naar wie de deelnemer is doorverwezen." in response.content.decode()
    assert SMWTraject.objects.get(pk=traject.pk).is_open
    response = smw.post(url, {"versie": traject.versie, "uitkomst": "doorverwezen", "doorverwezen_naar": "Jeugdhulp",
                              "tevredenheid_deelnemer": 4, "opmerking_deelnemer": "Fijn geholpen."})
    assert response.status_code == 302
    traject.refresh_from_db()
    assert traject.afgesloten_op == timezone.localdate() and traject.uitkomst == "doorverwezen"
    assert traject.doorverwezen_naar == "Jeugdhulp" and traject.tevredenheid_deelnemer == 4
    route = traject.zorgtraject
    assert route.status == Zorgtraject.Status.AFGESLOTEN and route.uitkomst == Zorgtraject.Uitkomst.EXTERN
    assert route.uitkomst_toelichting == "Doorverwezen naar Jeugdhulp"
    assert route.wijzigingen.filter(soort="afsluiten").exists()
    # The referrer gets a link (a notification, e-mailed as a link only) to one question.
    melding = Melding.objects.get(ontvanger=actors["mentor"], object_type="smwtraject", object_id=traject.pk)
    vraag = reverse("aanmelding:smw_tevredenheid", args=[traject.pk])
    assert melding.url == vraag
    # Closed: no more contacts; the client moves to the closed filter.
    assert smw.get(reverse("aanmelding:smw_contact", args=[traject.pk])).status_code == 404
    assert traject in smw.get(reverse("aanmelding:smw_caseload") + "?status=afgesloten").context["pagina"].object_list
    assert traject not in smw.get(reverse("aanmelding:smw_caseload")).context["pagina"].object_list
    # Only the referrer answers; anyone else 404 (logged).
    for rol in ["smw", "taakdocent", "zorgcoordinator"]:
        assert client_als(actors[rol]).get(vraag).status_code == 404, rol
    mentor = client_als(actors["mentor"])
    assert mentor.get(vraag).status_code == 200
    assert "Kies een cijfer van 1 tot en met 5." in mentor.post(vraag, {"score": 9}).content.decode()
    assert "Dank u wel" in mentor.post(vraag, {"score": 3, "opmerking": "Snel opgepakt."}).content.decode()
    traject.refresh_from_db()
    assert traject.tevredenheid_aanmelder == 3 and traject.opmerking_aanmelder == "Snel opgepakt."
    assert not Melding.objects.filter(pk=melding.pk, afgehandeld_op__isnull=True).exists()
    mentor.post(vraag, {"score": 1})  # once: a second answer changes nothing
    traject.refresh_from_db()
    assert traject.tevredenheid_aanmelder == 3


def test_eigen_aanmelding_vraagt_geen_aanmelder_en_uitkomst_gestopt(client_als, actors, smw_client):
    c = client_als(actors["smw"])
    response = c.post(reverse("aanmelding:smw_afsluiten", args=[smw_client.pk]),
                      {"versie": smw_client.versie, "uitkomst": "gestopt"})
    assert response.status_code == 302
    smw_client.refresh_from_db()
    assert smw_client.uitkomst == "gestopt" and smw_client.tevredenheid_gevraagd_op is None
    assert smw_client.zorgtraject.uitkomst == Zorgtraject.Uitkomst.ANDERS
    assert client_als(actors["smw"]).get(
        reverse("aanmelding:smw_tevredenheid", args=[smw_client.pk])).status_code == 404


def test_een_herinnering_na_een_week_en_nooit_twee_keer(actors, ingediend):
    from aanmelding import services

    a = ingediend(bestemming="smw")
    services.aanmelding_accepteren(aanmelding=a, door=als(actors["smw"]))
    traject = SMWTraject.objects.get(aanmelding=a)
    services_smw.smw_afsluiten(smw_traject=traject, door=als(actors["smw"]), versie=traject.versie,
                               uitkomst="opgelost")
    meldingen = Melding.objects.filter(ontvanger=actors["mentor"], object_type="smwtraject", object_id=traject.pk)
    assert meldingen.count() == 1
    call_command("herinneringen", stdout=open("/dev/null", "w"))
    assert meldingen.count() == 1  # not yet a week
    SMWTraject.objects.filter(pk=traject.pk).update(tevredenheid_gevraagd_op=timezone.now() - timedelta(days=8))
    call_command("herinneringen", stdout=open("/dev/null", "w"))
    call_command("herinneringen", stdout=open("/dev/null", "w"))
    assert meldingen.count() == 2


def test_nieuwe_instelling_krijgt_de_standaardlijsten(actors):
    d = DeelnemerFactory(mentor=actors["mentor"], opleiding=Opleiding.objects.get(naam="Verzorgende-IG"))
    namen = list(SMWContactsoort.keuzes(d.instelling_id).values_list("naam", flat=True))
    assert "Individueel gesprek" in namen and "Overleg met extern" in namen
    assert "Crisisinterventie" in SMWInterventie.keuzes(d.instelling_id).values_list("naam", flat=True)


def test_een_route_die_via_het_zorgtraject_sloot_telt_als_afgesloten(client_als, actors, smw_client):
    from zorgstructuur import services as zorgtraject

    route = smw_client.zorgtraject
    route.deelnemer = smw_client.deelnemer
    zorgtraject.afsluiten(traject=route, door=als(actors["zorgcoordinator"]), versie=route.versie, reden="Klaar.",
                          uitkomst=Zorgtraject.Uitkomst.OPGELOST)
    c = client_als(actors["smw"])
    assert c.get(reverse("aanmelding:smw_contact", args=[smw_client.pk])).status_code == 404
    assert smw_client not in c.get(reverse("aanmelding:smw_caseload")).context["pagina"].object_list
    gesloten = c.get(reverse("aanmelding:smw_caseload") + "?status=afgesloten")
    assert smw_client in gesloten.context["pagina"].object_list
    assert "Afgesloten via het zorgtraject" in gesloten.content.decode()


def test_zorgtrajectpagina_stuurt_de_smw_naar_het_afsluiten_met_uitkomst_en_anderen_naar_het_formulier(
        client_als, actors, smw_client):
    pagina = reverse("zorgtraject:overzicht", args=[smw_client.deelnemer_id])
    eigen = client_als(actors["smw"]).get(pagina).content.decode()
    assert reverse("aanmelding:smw_afsluiten", args=[smw_client.pk]) in eigen
    zc = client_als(actors["zorgcoordinator"]).get(pagina).content.decode()
    assert reverse("aanmelding:smw_afsluiten", args=[smw_client.pk]) not in zc
    assert reverse("zorgtraject:besluit", args=[smw_client.deelnemer_id, "afsluiten"]) + "?route=smw" in zc
