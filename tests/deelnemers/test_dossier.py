"""The dossier through HTTP: layers per role, documents, werkaantekeningen, the access log."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from deelnemers.models import DossierItem, Gebeurtenis
from privacy.models import Toegangslog, Werkaantekening
from tests.factories import DossierItemFactory, GebeurtenisFactory
from zorgstructuur.demo import _pdf
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie

pytestmark = pytest.mark.django_db


def dossier_url(d):
    return reverse("deelnemers:dossier", args=[d.pk])


def titels_op_dossier(client, deelnemer):
    response = client.get(dossier_url(deelnemer))
    assert response.status_code == 200
    return {item.laag for item in response.context["items"].object_list}


@pytest.mark.parametrize("rol, lagen", [
    ("mentor", {Laag.BASIS, Laag.BEGELEIDING}),
    ("docent", {Laag.BASIS}),
    ("taakdocent", {Laag.BASIS, Laag.BEGELEIDING, Laag.ZORG}),
    ("zorgcoordinator", {Laag.BASIS, Laag.BEGELEIDING, Laag.ZORG, Laag.ZAT}),
    ("smw", {Laag.BASIS, Laag.ZORG, Laag.ZAT, Laag.VERTROUWELIJK}),  # lid van het ZAT dat de casus heeft
    ("partner", {Laag.BASIS, Laag.ZAT}),
])
def test_dossier_toont_per_rol_alleen_de_toegestane_lagen(rol, lagen, als, actors, eigen_deelnemer):
    client = als(actors[rol])
    zichtbaar = titels_op_dossier(client, eigen_deelnemer)
    aanwezig = set(DossierItem.objects.filter(deelnemer=eigen_deelnemer).values_list("laag", flat=True))
    assert zichtbaar == lagen & aanwezig
    tijdlijn = {g.laag for g in client.get(dossier_url(eigen_deelnemer)).context["tijdlijn"].object_list}
    assert tijdlijn <= lagen


def test_mentor_ziet_geen_andere_deelnemers(als, actors, vreemde_deelnemer):
    client = als(actors["mentor"])
    assert client.get(dossier_url(vreemde_deelnemer)).status_code == 404
    lijst = client.get(reverse("deelnemers:lijst"), {"q": vreemde_deelnemer.achternaam, "status": "alle"})
    assert vreemde_deelnemer not in lijst.context["pagina"].object_list


def test_geweigerde_poging_komt_in_het_toegangslog(als, actors, vreemde_deelnemer):
    als(actors["mentor"]).get(dossier_url(vreemde_deelnemer))
    regel = Toegangslog.objects.filter(deelnemer_id=vreemde_deelnemer.pk).first()
    assert regel.uitkomst == "geweigerd" and regel.gebruikersnaam == "mentor"


def test_zoeken_op_naam_en_studentnummer(als, actors, eigen_deelnemer):
    client = als(actors["mentor"])
    for q in (eigen_deelnemer.studentnummer, f"{eigen_deelnemer.voornaam} {eigen_deelnemer.achternaam}"):
        gevonden = client.get(reverse("deelnemers:lijst"), {"q": q}).context["pagina"].object_list
        assert eigen_deelnemer in gevonden


def test_mentor_schrijft_gespreksverslag_en_zorgcoordinator_ziet_het(als, actors, eigen_deelnemer, client):
    client.force_login(actors["mentor"])
    response = client.post(reverse("deelnemers:item_nieuw", args=[eigen_deelnemer.pk]), {
        "soort": "gespreksverslag", "laag": "begeleiding", "datum": "20-11-2026",
        "titel": "Gesprek over stage", "tekst": "Stage gaat beter; afspraak over drie weken.",
    })
    item = DossierItem.objects.get(titel="Gesprek over stage")
    assert response.status_code == 302
    assert item.datum.isoformat() == "2026-11-20" and item.discipline == "mentor"
    assert Gebeurtenis.objects.filter(deelnemer=eigen_deelnemer, object_id=item.pk).exists()

    client.force_login(actors["zorgcoordinator"])
    page = client.get(reverse("deelnemers:item", args=[eigen_deelnemer.pk, item.pk]))
    assert "Stage gaat beter" in page.content.decode()
    log = client.get(reverse("deelnemers:toegangslog", args=[eigen_deelnemer.pk])).content.decode()
    assert "mentor" in log and "zorgcoordinator" in log


def test_mentor_kan_niet_in_zorglaag_schrijven(als, actors, eigen_deelnemer):
    response = als(actors["mentor"]).post(reverse("deelnemers:item_nieuw", args=[eigen_deelnemer.pk]), {
        "soort": "notitie", "laag": "zorg", "datum": "20-11-2026", "titel": "x", "tekst": "y"})
    assert response.status_code == 200
    assert "laag" in response.context["form"].errors
    assert not DossierItem.objects.filter(titel="x").exists()


def test_document_uploaden_en_alleen_via_beleid_downloaden(als, actors, eigen_deelnemer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = als(actors["mentor"])
    pdf = SimpleUploadedFile("stage.pdf", _pdf("test"), content_type="application/pdf")
    client.post(reverse("deelnemers:item_nieuw", args=[eigen_deelnemer.pk]), {
        "soort": "document", "laag": "begeleiding", "datum": "20-11-2026", "titel": "Stageverslag", "bestand": pdf})
    item = DossierItem.objects.get(titel="Stageverslag")
    assert not str(item.bestand.path).startswith(str(settings.BASE_DIR / "static"))
    download = client.get(reverse("deelnemers:item_download", args=[eigen_deelnemer.pk, item.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert 'filename="stage.pdf"' in download["Content-Disposition"]
    assert Toegangslog.objects.filter(object_id=str(item.pk), actie="exporteren").exists()
    docent = als(actors["docent"])  # docent reads basis only
    assert docent.get(reverse("deelnemers:item_download", args=[eigen_deelnemer.pk, item.pk])).status_code == 404


@pytest.mark.parametrize("naam, inhoud, melding", [
    ("virus.exe", b"MZ...", "Alleen PDF"),
    ("nep.pdf", b"<html>geen pdf</html>", "past niet bij de extensie"),
    ("leeg.pdf", b"", "leeg"),
])
def test_verkeerd_document_krijgt_nederlandse_melding(naam, inhoud, melding, als, actors, eigen_deelnemer):
    response = als(actors["mentor"]).post(reverse("deelnemers:item_nieuw", args=[eigen_deelnemer.pk]), {
        "soort": "document", "laag": "begeleiding", "datum": "20-11-2026", "titel": "Bijlage",
        "bestand": SimpleUploadedFile(naam, inhoud)})
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert not DossierItem.objects.filter(titel="Bijlage").exists()


def test_te_groot_document_wordt_geweigerd(als, actors, eigen_deelnemer, settings):
    settings.MAX_UPLOAD_MB = 0
    response = als(actors["mentor"]).post(reverse("deelnemers:item_nieuw", args=[eigen_deelnemer.pk]), {
        "soort": "document", "laag": "begeleiding", "datum": "20-11-2026", "titel": "Groot",
        "bestand": SimpleUploadedFile("groot.pdf", _pdf("groot"))})
    assert "groter dan" in response.content.decode()


def test_ongeldige_datum_geeft_melding_en_verliest_niets(als, actors, eigen_deelnemer):
    response = als(actors["mentor"]).post(reverse("deelnemers:item_nieuw", args=[eigen_deelnemer.pk]), {
        "soort": "gespreksverslag", "laag": "begeleiding", "datum": "31-02-2026", "titel": "Behouden",
        "tekst": "Deze tekst mag niet verloren gaan."})
    html = response.content.decode()
    assert response.status_code == 200 and "Deze tekst mag niet verloren gaan." in html
    assert "Voer een geldige datum in" in html


def test_gelijktijdige_wijziging_wordt_geweigerd_en_toont_wat_er_veranderde(client, actors, eigen_deelnemer):
    item = DossierItem.objects.filter(deelnemer=eigen_deelnemer, auteur=actors["mentor"],
                                      soort=DossierItem.Soort.GESPREKSVERSLAG).first()
    oude_titel = item.titel
    client.force_login(actors["mentor"])
    url = reverse("deelnemers:item_wijzigen", args=[eigen_deelnemer.pk, item.pk])
    velden = {"soort": item.soort, "laag": item.laag, "datum": item.datum.strftime("%d-%m-%Y"),
              "versie": item.versie}
    assert client.post(url, {**velden, "titel": "Eerste", "tekst": "eerste versie"}).status_code == 302
    tweede = client.post(url, {**velden, "titel": "Tweede", "tekst": "tweede versie"})
    assert tweede.status_code == 200
    html = tweede.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    item.refresh_from_db()
    assert item.titel == "Eerste"
    # What changed since the user opened the form, from the history: was → is now.
    assert ("Titel", oude_titel, "Eerste") in tweede.context["conflict"].wijzigingen
    assert oude_titel in html and "eerste versie" in html
    assert "tweede versie" in html  # the user's own text stays in the form


def test_historie_toont_wie_wat_wijzigde(client, actors, eigen_deelnemer):
    item = DossierItem.objects.filter(deelnemer=eigen_deelnemer, auteur=actors["mentor"],
                                      soort="gespreksverslag").first()
    client.force_login(actors["mentor"])
    client.post(reverse("deelnemers:item_wijzigen", args=[eigen_deelnemer.pk, item.pk]), {
        "soort": item.soort, "laag": item.laag, "datum": item.datum.strftime("%d-%m-%Y"), "versie": item.versie,
        "titel": "Nieuwe titel", "tekst": item.tekst})
    html = client.get(reverse("deelnemers:item", args=[eigen_deelnemer.pk, item.pk])).content.decode()
    assert "gewijzigd: titel" in html


class TestWerkaantekeningen:
    TEKST = "Geheugensteun: moeder bellen"

    def test_auteur_ziet_eigen_werkaantekening(self, als, actors, eigen_deelnemer):
        html = als(actors["zorgcoordinator"]).get(
            reverse("deelnemers:werkaantekeningen", args=[eigen_deelnemer.pk])).content.decode()
        assert self.TEKST in html

    @pytest.mark.parametrize("rol", ["mentor", "taakdocent", "smw", "docent"])
    def test_niemand_anders_ziet_haar(self, rol, als, actors, eigen_deelnemer):
        client = als(actors[rol])
        for url in (reverse("deelnemers:werkaantekeningen", args=[eigen_deelnemer.pk]),
                    dossier_url(eigen_deelnemer),
                    reverse("deelnemers:lijst") + "?q=" + eigen_deelnemer.achternaam):
            assert self.TEKST not in client.get(url).content.decode()

    def test_ook_niet_voor_superuser_in_de_admin(self, admin_client):
        assert admin_client.get("/beheer/").status_code == 200
        assert "erkaantekening" not in admin_client.get("/beheer/").content.decode()
        assert admin_client.get("/beheer/privacy/werkaantekening/").status_code == 404

    def test_geen_historie_en_niet_op_de_tijdlijn(self, eigen_deelnemer):
        assert not hasattr(Werkaantekening, "history")
        assert not Gebeurtenis.objects.filter(omschrijving__icontains="werkaantekening").exists()

    def test_nieuwe_werkaantekening_alleen_voor_auteur(self, client, actors, eigen_deelnemer):
        url = reverse("deelnemers:werkaantekeningen", args=[eigen_deelnemer.pk])
        client.force_login(actors["mentor"])
        client.post(url, {"tekst": "Alleen voor mij"})
        assert "Alleen voor mij" in client.get(url).content.decode()
        client.force_login(actors["zorgcoordinator"])
        assert "Alleen voor mij" not in client.get(url).content.decode()
        assert "Alleen voor mij" not in client.get(dossier_url(eigen_deelnemer)).content.decode()

    def test_eigen_werkaantekening_bijwerken_en_andermans_niet(self, client, actors, eigen_deelnemer):
        url = reverse("deelnemers:werkaantekeningen", args=[eigen_deelnemer.pk])
        andermans = Werkaantekening.objects.get(deelnemer=eigen_deelnemer, auteur=actors["zorgcoordinator"])
        client.force_login(actors["mentor"])
        client.post(url, {"tekst": "Eerste versie"})
        eigen = Werkaantekening.objects.get(deelnemer=eigen_deelnemer, auteur=actors["mentor"])
        assert client.post(url, {"wijzig": eigen.pk, "tekst": "Tweede versie"}).status_code == 302
        assert client.post(url, {"wijzig": andermans.pk, "tekst": "Overschreven"}).status_code == 404
        assert "Dit is geen geldig nummer." in client.post(url, {"wijzig": "abc", "tekst": "Onzin-id"}).content.decode()
        eigen.refresh_from_db()
        andermans.refresh_from_db()
        assert eigen.tekst == "Tweede versie" and andermans.tekst.startswith(self.TEKST)

    def test_andermans_werkaantekening_verwijderen_kan_niet(self, client, actors, eigen_deelnemer):
        eigen = Werkaantekening.objects.get(deelnemer=eigen_deelnemer, auteur=actors["zorgcoordinator"])
        client.force_login(actors["mentor"])
        response = client.post(reverse("deelnemers:werkaantekeningen", args=[eigen_deelnemer.pk]),
                               {"verwijder": eigen.pk})
        assert response.status_code == 404
        assert Werkaantekening.objects.filter(pk=eigen.pk).exists()


def test_dossier_toont_tijden_in_nederlandse_tijd(als, actors, nieuwe_deelnemer):
    """The timeline's times and the entries' dates as the reader expects them: local time, day first."""
    zomer = datetime(2026, 6, 1, 10, 5, tzinfo=UTC)  # 12:05 in Amsterdam
    GebeurtenisFactory(deelnemer=nieuwe_deelnemer, actor=actors["mentor"], tijdstip=zomer, omschrijving="Gesprek")
    DossierItemFactory(deelnemer=nieuwe_deelnemer, auteur=actors["mentor"], laag=Laag.BEGELEIDING,
                       discipline=Functie.MENTOR, datum=date(2026, 5, 31))
    html = als(actors["mentor"]).get(dossier_url(nieuwe_deelnemer)).content.decode()
    assert '<time datetime="2026-06-01T12:05:00+02:00">01-06-2026 12:05</time>' in html
    assert "<td>31-05-2026</td>" in html


def test_toegangslog_filtert_op_periode(als, actors, eigen_deelnemer):
    client = als(actors["zorgcoordinator"])
    client.get(dossier_url(eigen_deelnemer))
    url = reverse("deelnemers:toegangslog", args=[eigen_deelnemer.pk])
    assert client.get(url, {"van": "01-01-2020", "tot": "31-12-2020"}).context["pagina"].paginator.count == 0
    assert client.get(url).context["pagina"].paginator.count >= 1
    assert "na de einddatum" in client.get(url, {"van": "02-01-2020", "tot": "01-01-2020"}).content.decode()


def test_toegangslog_periode_telt_hele_dagen_in_nederlandse_tijd(als, actors, eigen_deelnemer):
    """The period is a range of local times (index-friendly): today from 00:00 to 23:59:59 includes what was
    just logged, tomorrow and yesterday do not; the widest dates the form accepts give no error."""
    client = als(actors["zorgcoordinator"])
    client.get(dossier_url(eigen_deelnemer))
    url = reverse("deelnemers:toegangslog", args=[eigen_deelnemer.pk])
    vandaag = timezone.localdate()

    def aantal(van, tot):
        response = client.get(url, {"van": f"{van:%d-%m-%Y}", "tot": f"{tot:%d-%m-%Y}"})
        assert response.status_code == 200
        return response.context["pagina"].paginator.count

    def alles():  # every row of the student, the page's own view included
        return Toegangslog.objects.filter(deelnemer_id=eigen_deelnemer.pk).count()

    assert aantal(vandaag, vandaag) == alles() > 1
    assert aantal(vandaag + timedelta(days=1), vandaag + timedelta(days=1)) == 0
    assert aantal(vandaag - timedelta(days=1), vandaag - timedelta(days=1)) == 0
    assert aantal(date(1, 1, 1), date(9999, 12, 31)) == alles()


def test_toegangslog_van_een_druk_dossier_telt_tot_duizend(als, actors, eigen_deelnemer):
    """A busy dossier's log is not counted in full: the newest 1,000 rows in pages of 50, and the period
    to reach older ones."""
    mentor = actors["mentor"]
    Toegangslog.objects.bulk_create(
        Toegangslog(actie=Toegangslog.Actie.INZIEN, gebruiker_id=mentor.pk, gebruikersnaam=mentor.username,
                    deelnemer_id=eigen_deelnemer.pk, object_type="dossier") for _ in range(1001))
    client = als(actors["zorgcoordinator"])
    url = reverse("deelnemers:toegangslog", args=[eigen_deelnemer.pk])
    response = client.get(url)
    assert "Meer dan 1.000 regels; hieronder de nieuwste 1.000" in response.content.decode()
    assert len(response.context["regels"]) == 50 and response.context["pagina"].paginator.num_pages == 20
    laatste = client.get(url, {"pagina": 20})
    assert laatste.context["pagina"].number == 20 and len(laatste.context["regels"]) == 50
    vandaag = f"{timezone.localdate():%d-%m-%Y}"
    assert client.get(url, {"van": vandaag, "tot": vandaag}).context["pagina"].paginator.begrensd


def test_toegangslog_noemt_mensen_bij_naam(als, actors, eigen_deelnemer):
    als(actors["mentor"]).get(dossier_url(eigen_deelnemer))
    response = als(actors["zorgcoordinator"]).get(reverse("deelnemers:toegangslog", args=[eigen_deelnemer.pk]))
    assert response.status_code == 200
    assert actors["mentor"].get_full_name() in response.content.decode()  # "Marieke de Jong", not only "mentor"
