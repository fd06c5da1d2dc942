"""The /rapportage/ framework through HTTP: who reaches which overview (policy), the filters' messages, one
access-log line per view or download, the Zorg overview on screen, in Excel and in PDF, exact query counts."""

import io
import subprocess

import pytest
from openpyxl import load_workbook

from deelnemers.models import Deelnemer
from privacy.models import Toegangslog
from tests.conftest import laatste_logregel, logregels_sinds
from tests.taken.hulp import download
from zorgstructuur.models import Instelling, Locatie

pytestmark = pytest.mark.django_db


def test_manager_ziet_zorg_en_een_logregel(actors, client_als):
    c = client_als(actors["manager"])
    na = laatste_logregel()
    r = c.get("/rapportage/zorg/")
    assert r.status_code == 200
    tekst = r.content.decode()
    assert "Deelnemers in zorg naar geslacht" in tekst and "<svg" in tekst
    regels = logregels_sinds(na)
    assert [(x.actie, x.deelnemer_id, x.object_id) for x in regels] == [(Toegangslog.Actie.EXPORTEREN, None, "zorg")]
    # No student's name on a management page.
    for d in Deelnemer.objects.all()[:50]:
        assert d.achternaam not in tekst


def test_index_per_rol(actors, client_als):
    assert "Zorg" in client_als(actors["manager"]).get("/rapportage/").content.decode()
    for rol in ("mentor", "docent", "partner", "beheerder"):
        assert client_als(actors[rol]).get("/rapportage/").status_code == 403
        assert client_als(actors[rol]).get("/rapportage/zorg/").status_code == 403


def test_onbekend_overzicht_404(actors, client_als):
    assert client_als(actors["manager"]).get("/rapportage/bestaatniet/").status_code == 404


def test_smw_alleen_smw_overzicht(actors, client_als):
    c = client_als(actors["smw"])
    assert c.get("/rapportage/zorg/").status_code == 403
    assert c.post("/rapportage/zorg/excel/").status_code == 403


@pytest.mark.parametrize("query, melding", [
    ("van=2026-09-01&tot=2026-08-01", "De einddatum ligt vóór de begindatum"),
    ("van=1990-01-01&tot=2040-01-01", "Kies een periode van hoogstens 5 jaar"),
    ("van=gisteren", "geldige datum"),
    ("locatie=999999", "hoort niet bij de overzichten die u mag zien"),
])
def test_onzinfilters(actors, client_als, query, melding):
    r = client_als(actors["manager"]).get(f"/rapportage/zorg/?{query}")
    assert r.status_code == 400
    assert melding in r.content.decode()


def test_opleiding_van_een_andere_locatie(actors, client_als):
    from zorgstructuur.models import Opleiding

    gouda = Locatie.objects.get(naam="Gouda")
    elders = Opleiding.objects.exclude(locatie=gouda).first()
    r = client_als(actors["manager"]).get(f"/rapportage/zorg/?locatie={gouda.pk}&opleiding={elders.pk}")
    assert r.status_code == 400 and "hoort niet bij de gekozen locatie" in r.content.decode()


def test_zorgcoordinator_alleen_eigen_locaties(actors, client_als):
    zc = actors["zorgcoordinator"]
    from privacy.profiel import profiel
    eigen = profiel(zc).zc_locaties
    vreemd = Locatie.objects.exclude(pk__in=eigen).first()
    c = client_als(zc)
    assert c.get("/rapportage/zorg/").status_code == 200
    if vreemd:
        r = c.get(f"/rapportage/zorg/?locatie={vreemd.pk}")
        assert r.status_code == 400


def test_excel_opent_en_klopt_met_scherm(actors, client_als):
    c = client_als(actors["manager"])
    na = laatste_logregel()
    r = download(c, "/rapportage/zorg/excel/")
    assert r.status_code == 200
    # The export (by the task, with its filters), then fetching the file.
    assert [(x.actie, x.object_type) for x in logregels_sinds(na)] == [
        (Toegangslog.Actie.EXPORTEREN, "rapportage"), (Toegangslog.Actie.EXPORTEREN, "taak")]
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[0] == "Voorblad"
    blad = wb[wb.sheetnames[1]]
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0][1:3] == ("In zorg", "Niet in zorg")
    assert blad.freeze_panes == "B2" and blad.auto_filter.ref
    scherm = c.get("/rapportage/zorg/").context["rapport"]
    assert len(wb.sheetnames) == 1 + len(scherm.tabellen)
    for tabel, naam in zip(scherm.tabellen, wb.sheetnames[1:], strict=True):
        rijen = list(wb[naam].iter_rows(values_only=True))
        assert list(rijen[0][:1 + len(tabel.alle_kolommen)]) == [tabel.kop, *tabel.alle_kolommen]
        for (label, waarden), rij in zip(tabel.alle_rijen, rijen[1:], strict=False):
            assert rij[0] == label
            assert list(rij[1:len(waarden) + 1]) == list(waarden), (tabel.titel, label)


def test_grafieken_zijn_inline_svg_zonder_script(actors, client_als):
    tekst = client_als(actors["manager"]).get("/rapportage/zorg/").content.decode()
    assert tekst.count("<svg") >= 5
    assert "<script" not in tekst and "http://" not in tekst.split("<svg", 1)[1].replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_pdf_heeft_koppen_en_geen_namen(actors, client_als, tmp_path):
    r = download(client_als(actors["manager"]), "/rapportage/zorg/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pad = tmp_path / "zorg.pdf"
    pad.write_bytes(r.content)
    tekst = subprocess.run(["pdftotext", str(pad), "-"], capture_output=True, text=True, check=True).stdout
    assert "Deelnemers in zorg naar geslacht" in tekst and "Bewegingen tussen niveaus" in tekst
    assert "pagina 1 van" in tekst and "Gemaakt op" in tekst and "ROC Groene Hart" in tekst
    for d in Deelnemer.objects.all()[:50]:
        assert f"{d.voornaam} {d.achternaam}" not in tekst


def test_zorgcoordinator_kiest_alleen_uit_eigen_locaties(actors, client_als):
    from privacy.profiel import profiel

    zc = actors["zorgcoordinator"]
    r = client_als(zc).get("/rapportage/zorg/")
    keuzes = {k for k, _ in r.context["form"].fields["locatie"].choices if k}
    assert keuzes == set(profiel(zc).zc_locaties)
    assert set(r.context["rapport"].filter.locatie_ids) == set(profiel(zc).zc_locaties)


def test_etniciteit_alleen_als_de_instelling_het_registreert(actors, client_als):
    c = client_als(actors["manager"])
    instelling = Instelling.objects.get(naam__startswith="ROC Groene Hart")
    titels = [t.titel for t in c.get("/rapportage/zorg/").context["rapport"].tabellen]
    assert ("Naar etnische afkomst" in titels) == instelling.etnische_afkomst_registreren
    Instelling.objects.filter(pk=instelling.pk).update(
        etnische_afkomst_registreren=not instelling.etnische_afkomst_registreren)
    titels = [t.titel for t in c.get("/rapportage/zorg/").context["rapport"].tabellen]
    assert ("Naar etnische afkomst" in titels) != instelling.etnische_afkomst_registreren


def test_niveaufilter(actors, client_als):
    from zorgstructuur.models import Zorgniveau

    iz = Zorgniveau.objects.get(instelling__naam__startswith="ROC Groene Hart", soort="iz")
    r = client_als(actors["manager"]).get(f"/rapportage/zorg/?niveau={iz.pk}")
    per_niveau = next(t for t in r.context["rapport"].tabellen if t.titel == "Deelnemers per niveau")
    getoond = {label: w[0] for label, w in per_niveau.rijen}
    assert all(w in (0, "<5", "x") for label, w in getoond.items() if label != iz.naam)
    assert "Niveau: Intern zorgteam" in r.content.decode() or iz.naam in r.content.decode()
