"""The agenda and the minutes per recipient (page, PDF, e-mail link) and the calendar (issue 10 points 4, 5, 11).

A ZAT meeting of the test school with four items: an invited student (consent names the partner's
organisation), an anonymous case the partner is invited to, an anonymous case and a student the partner is
not invited to. What the partner's page and PDF show, and never show, is checked in the text they get."""

import subprocess
from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding
from overleg import afdruk, selectors
from overleg.models import Agendafeed, Agendapunt, Overleg, Uitnodiging
from privacy.models import Toegangslog
from tests.conftest import laatste_logregel, logregels_sinds
from tests.factories import (
    AanmeldingFactory,
    ActieFactory,
    AgendapuntFactory,
    DeelnemerFactory,
    GebruikerFactory,
    LidmaatschapFactory,
    OpleidingFactory,
    ToestemmingFactory,
    uitnodiging,
)
from zorgstructuur.models import Functie, Partnerorganisatie


def pdf_tekst(pdf: bytes) -> str:
    uit = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return uit.stdout.decode()


def uitnodigen(punt, partner, organisatie, door, *, tot=None, toestemming=True):
    """An invitation as the partners' service makes it: for a named item a dossier_zat grant on the student
    and consent that names the organisation; for an anonymous item neither."""
    if toestemming and not punt.anoniem:
        ToestemmingFactory(deelnemer=punt.deelnemer, partners=[organisatie], vastgelegd_door=door)
    return uitnodiging(punt, partner, organisatie, door, tot=tot or timezone.localdate() + timedelta(days=21))


class Zat:
    pass


@pytest.fixture
def zat(school):
    """The ZAT meeting with its four items and the invited partner."""
    z = Zat()
    z.overleg = school.zat_overleg
    z.organisatie = Partnerorganisatie.objects.create(instelling=school.instelling, naam="Jeugdhulp Noord",
                                                      soort=Partnerorganisatie.Soort.JEUGDHULP)
    z.partner = GebruikerFactory(username="partner-afdruk", first_name="Petra", last_name="Partner")
    LidmaatschapFactory(team=school.zat, gebruiker=z.partner, functie=Functie.PARTNER, organisatie=z.organisatie,
                        op_afroep=True, begin=timezone.localdate() - timedelta(days=30))
    leeftijd_16 = z.overleg.datum - timedelta(days=16 * 365 + 100)
    z.genodigd = DeelnemerFactory(opleiding=school.opleiding_noord, voornaam="Gijs", achternaam="Genodigdsma",
                                  studentnummer="4400001")
    z.anoniem = DeelnemerFactory(opleiding=OpleidingFactory(locatie=school.noord, naam="Dierverzorging Geheim"),
                                 voornaam="Anouk", achternaam="Anoniemstra", studentnummer="4400002",
                                 geboortedatum=leeftijd_16, straat="Verstopstraat", postcode="9999 ZZ",
                                 woonplaats="Schuilhoven")
    z.ander_anoniem = DeelnemerFactory(opleiding=school.opleiding_noord, voornaam="Olle", achternaam="Onbekendsma",
                                       studentnummer="4400003")
    z.vreemd = DeelnemerFactory(opleiding=school.opleiding_noord, voornaam="Vera", achternaam="Vreemdeling",
                                studentnummer="4400004")
    aanmelding = AanmeldingFactory(deelnemer=z.anoniem, aanmelder=school.zc, hulpvraag="Hoe helpen we bij schulden?",
                                   bestemming=Aanmelding.Bestemming.ZAT)
    iz_aanmelding = AanmeldingFactory(deelnemer=z.genodigd, aanmelder=school.zc, hulpvraag="Vraag aan het IZ alleen.")
    z.punt_ander_anoniem = AgendapuntFactory(overleg=z.overleg, deelnemer=z.ander_anoniem, anoniem=True, volgorde=1)
    z.punt_genodigd = AgendapuntFactory(overleg=z.overleg, deelnemer=z.genodigd, volgorde=2, inbrenger=school.zc,
                                        aanmelding=iz_aanmelding)
    z.punt_anoniem = AgendapuntFactory(overleg=z.overleg, deelnemer=z.anoniem, anoniem=True, volgorde=3,
                                       aanmelding=aanmelding, inbrenger=school.voorzitter)
    z.punt_vreemd = AgendapuntFactory(overleg=z.overleg, deelnemer=z.vreemd, volgorde=4)
    z.uitnodiging = uitnodigen(z.punt_genodigd, z.partner, z.organisatie, school.zc)
    z.uitnodiging_anoniem = uitnodigen(z.punt_anoniem, z.partner, z.organisatie, school.zc)
    return z


def verboden_voor_partner(z) -> list[str]:
    """What the partner may never read: the uninvited students, and whatever identifies the anonymous case."""
    a = z.anoniem
    return [
        z.vreemd.achternaam, z.vreemd.studentnummer, z.ander_anoniem.achternaam, z.ander_anoniem.studentnummer,
        a.voornaam, a.achternaam, a.studentnummer, f"{a.geboortedatum:%d-%m-%Y}", a.straat, a.postcode, a.woonplaats,
        a.opleiding.naam, "Casus A", z.genodigd.studentnummer,
        "Vraag aan het IZ alleen.",  # the question of an IZ aanmelding is layer zorg; the partner's grant is zat
    ]


def test_partner_ziet_op_de_pagina_alleen_wat_hij_mag(zat, client_als):
    response = client_als(zat.partner).get(reverse("overleg:agenda", args=[zat.overleg.pk]))
    assert response.status_code == 200
    tekst = response.content.decode()
    assert zat.genodigd.naam in tekst
    assert "Casus B (anoniem)" in tekst
    assert "16–17 jaar" in tekst
    assert "Hoe helpen we bij schulden?" in tekst
    for verboden in verboden_voor_partner(zat):
        assert verboden not in tekst, verboden


def test_partner_pdf_zonder_verboden_gegevens_met_paginanummers_en_school(zat, client_als):
    response = client_als(zat.partner).get(reverse("overleg:agenda_pdf", args=[zat.overleg.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    schijf = response["Content-Disposition"]
    assert schijf.startswith("attachment;") and "agenda-zat-noord-" in schijf
    assert zat.genodigd.achternaam.lower() not in schijf.lower()
    tekst = pdf_tekst(response.content)
    assert zat.genodigd.naam in tekst
    assert "Casus B (anoniem)" in tekst
    assert "pagina 1 van 1" in tekst
    assert zat.overleg.team.instelling.naam in tekst
    for verboden in verboden_voor_partner(zat):
        assert verboden not in tekst, verboden


def test_intern_lid_ziet_elk_punt_met_naam_en_de_anonieme_letter(zat, school, client_als):
    tekst = client_als(school.voorzitter).get(reverse("overleg:agenda", args=[zat.overleg.pk])).content.decode()
    for d in (zat.genodigd, zat.anoniem, zat.ander_anoniem, zat.vreemd):
        assert d.naam in tekst and d.studentnummer in tekst
    assert "Casus A (anoniem)" in tekst and "Casus B (anoniem)" in tekst
    assert "Vraag aan het IZ alleen." in tekst and "Hoe helpen we bij schulden?" in tekst


def test_partner_krijgt_404_na_ingetrokken_toestemming(zat, client_als):
    zat.uitnodiging_anoniem.delete()
    client = client_als(zat.partner)
    assert client.get(reverse("overleg:agenda", args=[zat.overleg.pk])).status_code == 200
    zat.genodigd.toestemmingen.update(ingetrokken_op=timezone.localdate())
    for naam in ("agenda", "agenda_pdf", "ics"):
        assert client.get(reverse(f"overleg:{naam}", args=[zat.overleg.pk])).status_code == 404, naam


def test_partner_krijgt_404_als_toegang_en_uitnodiging_verlopen_zijn(zat, client_als):
    gisteren = timezone.localdate() - timedelta(days=1)
    zat.uitnodiging.toegang.geldig_tot = gisteren
    zat.uitnodiging.toegang.save()
    client = client_als(zat.partner)
    tekst = client.get(reverse("overleg:agenda", args=[zat.overleg.pk])).content.decode()
    assert zat.genodigd.achternaam not in tekst  # the grant ended: only the anonymous case is left
    Uitnodiging.objects.filter(pk=zat.uitnodiging_anoniem.pk).update(geldig_tot=gisteren)
    assert client.get(reverse("overleg:agenda", args=[zat.overleg.pk])).status_code == 404
    assert client.get(reverse("overleg:agenda_pdf", args=[zat.overleg.pk])).status_code == 404


def test_wie_het_overleg_niet_ziet_krijgt_404_of_403(zat, school, client_als):
    assert client_als(school.buitenstaander).get(
        reverse("overleg:agenda", args=[zat.overleg.pk])).status_code in (403, 404)
    lid_iz = client_als(school.lid)  # a member of the IZ, not of the ZAT
    for naam in ("agenda", "agenda_pdf", "verslag", "ics"):
        assert lid_iz.get(reverse(f"overleg:{naam}", args=[zat.overleg.pk])).status_code == 404, naam


def test_elke_download_een_logregel_per_getoonde_deelnemer(zat, school, client_als):
    na = laatste_logregel()
    client_als(school.zc).get(reverse("overleg:agenda_pdf", args=[zat.overleg.pk]))
    regels = [r for r in logregels_sinds(na) if r.actie == Toegangslog.Actie.AFDRUKKEN]
    assert sorted(r.deelnemer_id for r in regels if r.deelnemer_id) == sorted(
        [zat.genodigd.pk, zat.anoniem.pk, zat.ander_anoniem.pk, zat.vreemd.pk])
    assert {r.laag for r in regels} == {"zat"}

    na = laatste_logregel()
    client_als(zat.partner).get(reverse("overleg:agenda_pdf", args=[zat.overleg.pk]))
    regels = [r for r in logregels_sinds(na) if r.actie == Toegangslog.Actie.AFDRUKKEN]
    # The anonymous case was shown without identity; its content is still about the student: logged as such.
    assert [r.deelnemer_id for r in regels if r.deelnemer_id and "anoniem" not in r.omschrijving] == [zat.genodigd.pk]
    assert [r.deelnemer_id for r in regels if "zonder identificerende gegevens" in r.omschrijving] == [zat.anoniem.pk]
    assert any(r.object_type == "overleg" and r.object_id == str(zat.overleg.pk) for r in regels)


def test_pagina_logt_inzage_per_deelnemer(zat, client_als):
    na = laatste_logregel()
    client_als(zat.partner).get(reverse("overleg:agenda", args=[zat.overleg.pk]))
    regels = [r for r in logregels_sinds(na) if r.actie == Toegangslog.Actie.INZIEN]
    assert [r.deelnemer_id for r in regels if r.deelnemer_id and "anoniem" not in r.omschrijving] == [zat.genodigd.pk]
    assert [r.deelnemer_id for r in regels if "zonder identificerende gegevens" in r.omschrijving] == [zat.anoniem.pk]


@pytest.fixture
def gehouden(zat, school):
    """The meeting held: the invited item discussed with a plan, the uninvited one too, one not reached."""
    Overleg.objects.filter(pk=zat.overleg.pk).update(status=Overleg.Status.GEHOUDEN)
    zat.overleg.refresh_from_db()
    Agendapunt.objects.filter(pk=zat.punt_genodigd.pk).update(
        besproken=True, besluit="Traject bij Jeugdhulp starten.", analyse="Thuissituatie onrustig.",
        handelingsadvies="Vaste plek in de klas.", volgende_evaluatie=zat.overleg.datum + timedelta(weeks=6),
        niveaubesluit=Agendapunt.Niveaubesluit.BLIJFT, vir_besluit="ja", vir_door="zorgcoördinator")
    Agendapunt.objects.filter(pk=zat.punt_vreemd.pk).update(besproken=True, besluit="Geheim besluit Vreemdeling.")
    Agendapunt.objects.filter(pk=zat.punt_anoniem.pk).update(
        besproken=True, besluit="Schuldhulp zoeken.", vir_besluit="ja", vir_door="Anouks mentor",
        contactpersoon="Anouks mentor", informeert_aanmelder="Anouks mentor")
    ActieFactory(agendapunt=zat.punt_genodigd, eigenaar=zat.partner, omschrijving="Intake bij Jeugdhulp plannen.")
    ActieFactory(agendapunt=zat.punt_vreemd, eigenaar=school.zc, omschrijving="Vreemde actie.")
    return zat


def test_verslag_per_ontvanger(gehouden, school, client_als):
    z = gehouden
    partner = client_als(z.partner).get(reverse("overleg:verslag", args=[z.overleg.pk])).content.decode()
    assert "Traject bij Jeugdhulp starten." in partner and "Intake bij Jeugdhulp plannen." in partner
    assert "Vaste plek in de klas." in partner and "Blijft op dit niveau" in partner
    assert "Schuldhulp zoeken." in partner
    assert "Anouks mentor" not in partner  # no contact, referrer or VIR registration of an anonymous case
    for verboden in [*verboden_voor_partner(z), "Geheim besluit Vreemdeling.", "Vreemde actie."]:
        assert verboden not in partner, verboden
    assert "Aanwezigheid" in partner

    intern = client_als(school.zc).get(reverse("overleg:verslag", args=[z.overleg.pk])).content.decode()
    assert "Geheim besluit Vreemdeling." in intern and "Vreemde actie." in intern and "Anouks mentor" in intern
    assert "Niet besproken" in intern  # the other anonymous case was not reached


def test_verslag_pdf_per_ontvanger(gehouden, client_als):
    response = client_als(gehouden.partner).get(reverse("overleg:verslag_pdf", args=[gehouden.overleg.pk]))
    assert response.status_code == 200
    assert "verslag-zat-noord-" in response["Content-Disposition"]
    tekst = pdf_tekst(response.content)
    assert "Intake bij Jeugdhulp plannen." in tekst and "pagina 1 van" in tekst
    for verboden in [*verboden_voor_partner(gehouden), "Geheim besluit Vreemdeling."]:
        assert verboden not in tekst, verboden


def test_verslag_pas_na_het_overleg(zat, school, client_als):
    client = client_als(school.zc)
    for naam in ("verslag", "verslag_pdf"):
        response = client.get(reverse(f"overleg:{naam}", args=[zat.overleg.pk]), follow=True)
        assert response.redirect_chain[0][0] == reverse("overleg:agenda", args=[zat.overleg.pk])
        assert "Er is nog geen verslag" in response.content.decode()


def test_versturen_mailt_alleen_een_link(zat, school, client_als, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://zorg.example"
    na = laatste_logregel()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_als(school.zc).post(reverse("overleg:versturen", args=[zat.overleg.pk]), follow=True)
    assert response.redirect_chain[0][0].startswith("/taken/")  # sent by a background task, then back
    assert "verstuurd naar" in response.content.decode()
    ontvangers = sorted(adres for m in mail.outbox for adres in m.to)
    assert ontvangers == sorted([school.zc.email, school.voorzitter.email, zat.partner.email])
    link = f"https://zorg.example{reverse('overleg:agenda', args=[zat.overleg.pk])}"
    for bericht in mail.outbox:
        assert link in bericht.body
        for d in (zat.genodigd, zat.anoniem, zat.ander_anoniem, zat.vreemd):
            for gegeven in (d.voornaam, d.achternaam, d.studentnummer):
                assert gegeven not in bericht.subject and gegeven not in bericht.body
    assert any(r.actie == Toegangslog.Actie.EXPORTEREN and r.object_type == "overleg"
               for r in logregels_sinds(na))


def test_versturen_van_het_verslag_na_het_overleg(gehouden, school, client_als, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_als(school.zc).post(reverse("overleg:versturen", args=[gehouden.overleg.pk]))
    assert mail.outbox and all(reverse("overleg:verslag", args=[gehouden.overleg.pk]) in m.body
                               for m in mail.outbox)


def test_partner_zonder_geldige_uitnodiging_krijgt_geen_mail(zat, school, client_als,
                                                            django_capture_on_commit_callbacks):
    gisteren = timezone.localdate() - timedelta(days=1)
    Uitnodiging.objects.filter(partner=zat.partner).update(geldig_tot=gisteren)
    with django_capture_on_commit_callbacks(execute=True):
        client_als(school.zc).post(reverse("overleg:versturen", args=[zat.overleg.pk]))
    ontvangers = [a for m in mail.outbox for a in m.to]
    assert school.zc.email in ontvangers and zat.partner.email not in ontvangers


def test_versturen_alleen_door_voorzitter_of_zorgcoordinator(zat, school, client_als,
                                                             django_capture_on_commit_callbacks):
    lid = GebruikerFactory(username="zat-lid-afdruk")
    LidmaatschapFactory(team=school.zat, gebruiker=lid, functie=Functie.SMW,
                        begin=timezone.localdate() - timedelta(days=30))
    pad = reverse("overleg:versturen", args=[zat.overleg.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client_als(lid).post(pad).status_code == 404
        assert client_als(zat.partner).post(pad).status_code == 404
        assert client_als(school.zc).get(pad).status_code == 405
    assert not mail.outbox


def test_geannuleerd_overleg_gaat_niet_uit(zat, school, client_als, django_capture_on_commit_callbacks):
    Overleg.objects.filter(pk=zat.overleg.pk).update(status=Overleg.Status.GEANNULEERD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_als(school.zc).post(reverse("overleg:versturen", args=[zat.overleg.pk]), follow=True)
    assert "geannuleerd" in response.content.decode()
    assert not mail.outbox


# ------------------------------------------------------------------ calendar

def test_ics_van_een_overleg_zonder_deelnemergegevens(zat, school, client_als):
    response = client_als(school.zc).get(reverse("overleg:ics", args=[zat.overleg.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    tekst = response.content.decode()
    assert tekst.startswith("BEGIN:VCALENDAR\r\n") and tekst.endswith("END:VCALENDAR\r\n")
    assert "\n" not in tekst.replace("\r\n", "")
    assert "SUMMARY:ZAT Noord — 4 agendapunten" in tekst
    assert f"UID:overleg-{zat.overleg.pk}@" in tekst
    begin = zat.overleg.begin.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{begin}" in tekst
    assert "LOCATION:Lokaal 1.12" in tekst
    for d in (zat.genodigd, zat.anoniem, zat.ander_anoniem, zat.vreemd):
        assert d.achternaam not in tekst and d.studentnummer not in tekst
    partner = client_als(zat.partner).get(reverse("overleg:ics", args=[zat.overleg.pk])).content.decode()
    assert "SUMMARY:ZAT Noord — 2 agendapunten" in partner


def test_ics_escapen_en_vouwen():
    assert afdruk.ics_tekst("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    regel = "DESCRIPTION:" + "é" * 100
    gevouwen = afdruk.vouw(regel)
    delen = gevouwen.split("\r\n")
    assert all(len(d.encode()) <= 75 for d in delen)
    assert all(d.startswith(" ") for d in delen[1:])
    assert "".join(d[1:] if i else d for i, d in enumerate(delen)) == regel


def feed_url(response) -> str:
    return response.context["url"]


def feed_maken(client):
    """Make the link (POST, as the page's button does); the page after the redirect shows it once."""
    return client.post(reverse("overleg:feed_beheren"), {"maken": "1"}, follow=True)


def test_feed_aanmaken_gebruiken_en_vernieuwen(zat, school, client_als):
    client = client_als(school.zc)
    assert feed_url(client.get(reverse("overleg:feed_beheren"))) == ""
    assert not Agendafeed.objects.filter(gebruiker=school.zc).exists()  # a GET makes nothing
    eerste = feed_maken(client)
    url = feed_url(eerste)
    token = url.removesuffix(".ics").rsplit("/", 1)[1]
    assert url and url in eerste.content.decode()
    feed = Agendafeed.objects.get(gebruiker=school.zc)
    assert feed.token_hash == afdruk.token_hash(token) and token not in feed.token_hash
    # Shown once: a second visit does not show it again.
    assert feed_url(client.get(reverse("overleg:feed_beheren"))) == ""

    anoniem = client_als(GebruikerFactory(username="niemand-afdruk"))
    anoniem.logout()
    pad = reverse("overleg:feed", args=[token])
    tekst = anoniem.get(pad).content.decode()
    assert "SUMMARY:ZAT Noord — 4 agendapunten" in tekst and "SUMMARY:IZ Noord — 0 agendapunten" in tekst
    for d in (zat.genodigd, zat.anoniem, zat.vreemd):
        assert d.achternaam not in tekst

    vernieuwd = client.post(reverse("overleg:feed_beheren"), {"vernieuwen": "1"}, follow=True)
    nieuwe_url = feed_url(vernieuwd)
    assert nieuwe_url and nieuwe_url != url
    assert anoniem.get(pad).status_code == 404  # the old link stops working at once
    nieuw_token = nieuwe_url.removesuffix(".ics").rsplit("/", 1)[1]
    assert anoniem.get(reverse("overleg:feed", args=[nieuw_token])).status_code == 200


def test_feed_van_de_partner_alleen_overleggen_met_uitnodiging(zat, school, client_als):
    url = feed_url(feed_maken(client_als(zat.partner)))
    token = url.removesuffix(".ics").rsplit("/", 1)[1]
    tekst = client_als(zat.partner).get(reverse("overleg:feed", args=[token])).content.decode()
    assert tekst.count("BEGIN:VEVENT") == 1 and "SUMMARY:ZAT Noord — 2 agendapunten" in tekst


def test_onbekende_of_lege_feedtoken_is_404(client, db):
    assert client.get(reverse("overleg:feed", args=["bestaat-niet"])).status_code == 404


def test_feed_van_een_gedeactiveerde_gebruiker_werkt_niet(zat, school, client_als):
    url = feed_url(feed_maken(client_als(school.zc)))
    token = url.removesuffix(".ics").rsplit("/", 1)[1]
    type(school.zc).objects.filter(pk=school.zc.pk).update(is_active=False)
    assert client_als(school.voorzitter).get(reverse("overleg:feed", args=[token])).status_code == 404


# ------------------------------------------------------------------ the PDF's own files only

def test_pdf_haalt_alleen_eigen_statische_bestanden(settings):
    settings.SITE_URL = "https://zorg.example"
    bron = afdruk.statische_bron("https://zorg.example/static/overleg/afdruk.css")
    assert b"@page" in bron["string"] and bron["mime_type"] == "text/css"
    for url in ("https://elders.example/static/overleg/afdruk.css", "file:///etc/passwd",
                "https://zorg.example/static/../zorgstructuur/settings.py", "https://zorg.example/media/x.pdf",
                "https://zorg.example/static/%2e%2e/%2e%2e/etc/passwd", "data:text/css,body{}",
                "https://zorg.example/static/bestaat/niet.css"):
        with pytest.raises(afdruk.GeweigerdeBron):
            afdruk.statische_bron(url)


def test_agenda_pdf_voor_de_benchmark(zat, school):
    pdf = afdruk.agenda_pdf(school.zc, zat.overleg)
    assert pdf.startswith(b"%PDF") and zat.vreemd.naam in pdf_tekst(pdf)


def test_leeftijdsgroep_en_letter():
    assert [selectors.leeftijdsgroep(n) for n in (None, 15, 16, 17, 18, 20, 21)] == [
        "leeftijd onbekend", "jonger dan 16 jaar", "16–17 jaar", "16–17 jaar", "18–20 jaar", "18–20 jaar",
        "21 jaar of ouder"]
    assert [selectors.letter(n) for n in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


def test_geen_werkaantekeningen_in_verslag_of_afdruk(gehouden, school, client_als):
    """Not even the author's own: a printed record travels, a working note stays with its author."""
    from privacy.models import Werkaantekening

    Werkaantekening.objects.create(auteur=school.zc, deelnemer=gehouden.genodigd, tekst="Geheugensteun-XYZ")
    client = client_als(school.zc)
    pagina = client.get(reverse("overleg:verslag", args=[gehouden.overleg.pk])).content.decode()
    assert "Geheugensteun-XYZ" not in pagina
    pdf = client.get(reverse("overleg:verslag_pdf", args=[gehouden.overleg.pk])).content
    assert "Geheugensteun-XYZ" not in pdf_tekst(pdf)


def test_ics_tijden_in_utc_ook_over_de_zomertijd_heen(school):
    """14:00 in Amsterdam is 12:00 UTC in summer and 13:00 UTC in winter."""
    from datetime import date, time

    from tests.factories import OverlegFactory

    zomer = OverlegFactory(team=school.iz, datum=date(2027, 6, 1), begintijd=time(14), eindtijd=time(15, 30))
    winter = OverlegFactory(team=school.iz, datum=date(2027, 12, 1), begintijd=time(14), eindtijd=time(15, 30))
    tekst = afdruk.ics([(zomer, 1), (winter, 3)])
    assert "DTSTART:20270601T120000Z\r\nDTEND:20270601T133000Z" in tekst
    assert "DTSTART:20271201T130000Z\r\nDTEND:20271201T143000Z" in tekst
    assert "SUMMARY:IZ Noord — 1 agendapunt\r\n" in tekst and "SUMMARY:IZ Noord — 3 agendapunten\r\n" in tekst
