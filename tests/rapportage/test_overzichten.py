"""The Zorg overview and the state of affairs per client through HTTP: exact query counts that do not grow
with the number of students, names with a formula come out of Excel as text, the state of affairs only for the
zorgcoördinator (with a read logged per shown student), and the command for a scheduled mailing."""

import io
import subprocess

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from deelnemers.models import Deelnemer
from privacy.models import Toegangslog
from tests.conftest import aantal, laatste_logregel, logregels_sinds
from tests.factories import DeelnemerFactory, ZorgtrajectFactory
from tests.taken.hulp import download
from zorgstructuur.models import Opleiding, Zorgtraject

pytestmark = pytest.mark.django_db

# Nothing kept: session, user, profiel, report locaties (2), instelling, the form's choices (a cache get, 4
# queries, keeping them: savepoint, count, look-up, insert, release), cache get, 8 for 14 tables, keeping it (5), log.
ZORG_QUERIES = 32
ZORG_BEWAARD = 9  # kept (maken.bewaard_of_maak): session, user, profiel, locaties (2), instelling, 2 cache gets, log
STAND_QUERIES = 9  # never kept (names); the form's choices kept; two log writes: the export line, the students shown


def meer_deelnemers(aantal_nieuw=12):
    opleiding = Opleiding.objects.get(naam="Verzorgende-IG")
    for i in range(aantal_nieuw):
        d = DeelnemerFactory(opleiding=opleiding, woonsituatie=f"woonsituatie {i}", vooropleiding=f"school {i}")
        if i % 2:
            ZorgtrajectFactory(deelnemer=d)


def test_zorg_querytelling_groeit_niet(actors, meet_rapport):
    meet_rapport(actors["manager"], "/rapportage/zorg/", aantal(ZORG_QUERIES), aantal(ZORG_BEWAARD))
    meer_deelnemers()
    meet_rapport(actors["manager"], "/rapportage/zorg/", aantal(ZORG_QUERIES), aantal(ZORG_BEWAARD))


def test_stand_querytelling_groeit_niet(actors, meet):
    meet(actors["zorgcoordinator"], "/rapportage/stand/", aantal(STAND_QUERIES, 2))
    meer_deelnemers()
    meet(actors["zorgcoordinator"], "/rapportage/stand/", aantal(STAND_QUERIES, 2))


def test_stand_van_zaken_alleen_zorgcoordinator(actors, client_als):
    for rol in ("manager", "smw", "mentor", "partner"):
        assert client_als(actors[rol]).get("/rapportage/stand/").status_code == 403
        assert client_als(actors[rol]).post("/rapportage/stand/excel/").status_code == 403
    assert "Stand van zaken" not in client_als(actors["manager"]).get("/rapportage/").content.decode()


def test_stand_van_zaken_logt_elke_getoonde_deelnemer(actors, client_als):
    na = laatste_logregel()
    r = client_als(actors["zorgcoordinator"]).get("/rapportage/stand/")
    assert r.status_code == 200
    open_trajecten = r.context["rapport"].tabellen[0].rijen
    assert open_trajecten, "de demo heeft open casussen op de locaties van de zorgcoördinator"
    regels = logregels_sinds(na)
    assert regels[0].actie == Toegangslog.Actie.EXPORTEREN and regels[0].deelnemer_id is None
    gelezen = [x for x in regels[1:] if x.actie == Toegangslog.Actie.INZIEN]
    assert len(gelezen) == len(open_trajecten) and all(x.deelnemer_id for x in gelezen)


def test_formule_in_een_naam_blijft_tekst_in_excel(actors, client_als):
    traject = Zorgtraject.objects.filter(status="open", deelnemer__locatie__naam="Gouda").first()
    Deelnemer.objects.filter(pk=traject.deelnemer_id).update(voornaam="=HYPERLINK(\"http://x\")", tussenvoegsel="",
                                                            achternaam="+Kwaad")
    opleiding = Opleiding.objects.get(naam="Verzorgende-IG")
    Opleiding.objects.filter(pk=opleiding.pk).update(naam="@SUM(A1)")
    try:
        for url in ("/rapportage/stand/excel/", "/rapportage/zorg/excel/"):
            r = download(client_als(actors["zorgcoordinator"]), url)
            assert r.status_code == 200
            wb = load_workbook(io.BytesIO(r.content))
            cellen = [c for blad in wb.worksheets for rij in blad.iter_rows() for c in rij
                      if isinstance(c.value, str) and ("HYPERLINK" in c.value or "SUM(A1)" in c.value)]
            assert cellen, url
            for c in cellen:
                assert c.data_type == "s" and c.value.startswith("'"), (url, c.value)
    finally:
        Opleiding.objects.filter(pk=opleiding.pk).update(naam=opleiding.naam)


def test_opdrachtregel_xlsx_en_pdf(tmp_path, actors):
    na = laatste_logregel()
    call_command("rapportage", "zorg", "--formaat", "xlsx", "--locatie", "Gouda", "-o", str(tmp_path / "z.xlsx"))
    wb = load_workbook(tmp_path / "z.xlsx")
    assert "Gouda" in [c for rij in wb["Voorblad"].iter_rows(values_only=True) for c in rij]
    call_command("rapportage", "zorg", "--formaat", "pdf", "--van", "2025-08-01", "--tot", "2026-07-31",
                 "-o", str(tmp_path / "z.pdf"))
    tekst = subprocess.run(["pdftotext", str(tmp_path / "z.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Naar leeftijd" in tekst and "01-08-2025" in tekst
    regels = logregels_sinds(na)
    assert [(x.actie, x.deelnemer_id) for x in regels] == [(Toegangslog.Actie.EXPORTEREN, None)] * 2
    with pytest.raises(CommandError, match="vóór de begindatum"):
        call_command("rapportage", "zorg", "--van", "2026-08-01", "--tot", "2026-01-01", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="toont namen"):
        call_command("rapportage", "stand", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="Onbekend overzicht"):
        call_command("rapportage", "bestaatniet", "-o", str(tmp_path / "x"))


def test_filter_op_een_deelnemer_toont_geen_herkenbaar_getal(actors, client_als):
    """One opleiding with one student, in care for addiction: narrowed to it, the Zorg overview shows no
    positive number anywhere (screen and Excel), so neither being in care nor the kind of problem shows."""
    from aanmelding.models import Problematiek
    from tests.factories import AanmeldingFactory, OpleidingFactory

    gouda = Opleiding.objects.get(naam="Verzorgende-IG").locatie
    opleiding = OpleidingFactory(locatie=gouda, naam="Eenling-opleiding")
    d = DeelnemerFactory(opleiding=opleiding)
    ZorgtrajectFactory(deelnemer=d)
    AanmeldingFactory(deelnemer=d, aanmelder=actors["mentor"],
                      problematiek=[Problematiek.objects.get(naam="Verslaving")], soort_vraag="verwijzing",
                      duur=">1j", vir_gemeld="ja")
    c = client_als(actors["manager"])
    r = c.get(f"/rapportage/zorg/?opleiding={opleiding.pk}")
    assert r.status_code == 200
    for tabel in r.context["rapport"].tabellen:
        for label, waarden in tabel.alle_rijen:
            assert not [w for w in waarden if isinstance(w, int | float) and w > 0], (tabel.titel, label, waarden)
    wb = load_workbook(io.BytesIO(download(c, f"/rapportage/zorg/excel/?opleiding={opleiding.pk}").content))
    getallen = [v for blad in wb.worksheets[1:] for rij in blad.iter_rows(min_row=2, values_only=True)
                for v in rij[1:] if isinstance(v, int | float) and v > 0]
    assert getallen == []


def test_excel_heeft_voorblad_grafieken_en_datums(actors, client_als):
    import zipfile

    r = download(client_als(actors["zorgcoordinator"]), "/rapportage/zorg/excel/")
    namen = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert any(n.startswith("xl/charts/chart") for n in namen)  # native charts for the main tables
    wb = load_workbook(io.BytesIO(r.content))
    voorblad = [c for rij in wb["Voorblad"].iter_rows(values_only=True) for c in rij if c]
    assert "Gemaakt op" in voorblad and "Periode" in voorblad
    stand = download(client_als(actors["zorgcoordinator"]), "/rapportage/stand/excel/")
    stand = load_workbook(io.BytesIO(stand.content))
    blad = stand.worksheets[1]
    kop = [c.value for c in next(blad.iter_rows(max_row=1))]
    kolom = kop.index("Laatste bespreking")
    datums = [rij[kolom] for rij in blad.iter_rows(min_row=2) if rij[kolom].value is not None]
    assert datums and all(c.is_date for c in datums)
