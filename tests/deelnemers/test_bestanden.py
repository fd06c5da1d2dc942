"""Uploads and imports read defensively: image bombs, truncated files, zip bombs, DTDs, an Excel
sheet that under-reports its size. Every refusal is a Dutch message and nothing is half-saved."""

import io
import re
import struct
import zipfile
import zlib
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image

from deelnemers.bestanden import OngeldigBestand, controleer_afbeelding, controleer_office
from deelnemers.importeren import importeer
from deelnemers.models import Deelnemer, DossierItem, Import
from privacy.actor import Actor
from tests.deelnemers.test_import import KOP, als_csv, beheerder, instelling, lees, media, rij, upload  # noqa: F401

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- files to attack with

def png(breedte=4, hoogte=4) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (breedte, hoogte), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(breedte=64, hoogte=64) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (breedte, hoogte), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def _chunk(soort: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + soort + data + struct.pack(">I", zlib.crc32(soort + data))


def png_bom(breedte=100_000, hoogte=100_000) -> bytes:
    """A PNG of a few dozen bytes that declares ten gigapixels."""
    ihdr = struct.pack(">IIBBBBB", breedte, hoogte, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\x00" * 16))
            + _chunk(b"IEND", b""))


def jpeg_bom() -> bytes:
    """A small JPEG whose frame header claims 65,000 × 65,000 pixels."""
    data = bytearray(jpeg(16, 16))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", 65000, 65000)
    return bytes(data)


def zip_bestand(delen: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        for naam, inhoud in delen.items():
            archief.writestr(naam, inhoud)
    return buffer.getvalue()


def docx(document=b'<?xml version="1.0"?><w:document xmlns:w="x"/>', **extra) -> bytes:
    return zip_bestand({"[Content_Types].xml": b'<?xml version="1.0"?><Types/>', "word/document.xml": document,
                        **extra})


def zip_bom(naam="word/document.xml", megabytes=40) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("[Content_Types].xml", b"<Types/>")
        with archief.open(naam, "w") as deel:
            for _ in range(megabytes):
                deel.write(b"<a>" + b" " * (1024 * 1024 - 3))
    return buffer.getvalue()


DTD = b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
XXE = b'<?xml version="1.0"?><!-- x --><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def xlsx(rijen, *, bewerk=None) -> bytes:
    """An export as Excel; `bewerk(naam, xml) -> xml` rewrites a part of the archive afterwards."""
    werkboek = Workbook()
    blad = werkboek.active
    blad.append(KOP)
    for r in rijen:
        blad.append([r.get(naam, "") for naam in KOP])
    buffer = io.BytesIO()
    werkboek.save(buffer)
    if bewerk is None:
        return buffer.getvalue()
    uit = io.BytesIO()
    with zipfile.ZipFile(buffer) as oud, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as nieuw:
        for deel in oud.infolist():
            nieuw.writestr(deel.filename, bewerk(deel.filename, oud.read(deel.filename)))
    return uit.getvalue()


def met_dtd(naam, xml, deel="xl/worksheets/sheet1.xml", dtd=DTD):
    if naam != deel:
        return xml
    return dtd + (xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml)


# ---------------------------------------------------------------- images

@pytest.mark.parametrize("data, formaat, melding", [
    (png_bom(), "PNG", "te groot"),
    (png_bom(9000, 9000), "PNG", "te groot"),  # 81 MP: below Pillow's own limit, above ours
    (jpeg_bom(), "JPEG", "te groot"),
    (png()[:-20], "PNG", "beschadigd"),
    (jpeg()[: len(jpeg()) // 2], "JPEG", "beschadigd"),
    (png(), "JPEG", "beschadigd of past niet bij de extensie"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "PNG", "beschadigd"),
])
def test_afbeelding_wordt_geweigerd_met_nederlandse_melding(data, formaat, melding):
    with pytest.raises(OngeldigBestand, match=melding):
        controleer_afbeelding(io.BytesIO(data), formaat)


def test_gave_afbeeldingen_komen_erdoor():
    controleer_afbeelding(io.BytesIO(png()), "PNG")
    controleer_afbeelding(io.BytesIO(jpeg()), "JPEG")


@pytest.mark.parametrize("naam, data, melding", [
    ("bom.png", png_bom(), "De afbeelding is te groot"),
    ("bom.jpg", jpeg_bom(), "De afbeelding is te groot"),
    ("half.png", png()[:-20], "beschadigd"),
    ("bom.docx", None, "zip-bom"),
    ("dtd.docx", docx(DTD + b"<w:document/>"), "documentdefinitie (DTD)"),
    ("xxe.docx", docx(XXE + b"<w:document/>"), "documentdefinitie (DTD)"),
    ("leeg.docx", zip_bestand({"iets.txt": b"x"}), "geen echt Word-bestand"),
    ("kapot.docx", b"PK\x03\x04" + b"\x00" * 100, "beschadigd"),
])
def test_document_upload_geweigerd_en_niets_opgeslagen(naam, data, melding, als, actors, eigen_deelnemer, settings,
                                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_MB = 1  # the zip bomb then needs only 40 MB unpacked to exceed the limit
    data = zip_bom() if data is None else data
    response = als(actors["mentor"]).post(reverse("deelnemers:item_nieuw", args=[eigen_deelnemer.pk]), {
        "soort": "document", "laag": "begeleiding", "datum": "20-11-2026", "titel": "Aanval",
        "bestand": SimpleUploadedFile(naam, data)})
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert not DossierItem.objects.filter(titel="Aanval").exists()
    assert not any(tmp_path.rglob("*"))  # no file left behind either


def test_gave_docx_wordt_opgeslagen(als, actors, eigen_deelnemer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = als(actors["mentor"]).post(reverse("deelnemers:item_nieuw", args=[eigen_deelnemer.pk]), {
        "soort": "document", "laag": "begeleiding", "datum": "20-11-2026", "titel": "Verslag",
        "bestand": SimpleUploadedFile("verslag.docx", docx())})
    assert response.status_code == 302
    assert DossierItem.objects.get(titel="Verslag").bestandstype.endswith("wordprocessingml.document")


def test_dtd_achter_een_lang_commentaar_wordt_ook_gevonden():
    lang = b'<?xml version="1.0"?><!--' + b"x" * 100_000 + b"-->" + DTD.split(b"\n", 1)[1] + b"<w:document/>"
    with pytest.raises(OngeldigBestand):
        controleer_office(io.BytesIO(docx(lang)), verplicht="word/document.xml", soort="Word-bestand")


# ---------------------------------------------------------------- imports

def test_xlsx_met_te_kleine_dimensie_leest_alle_rijen(instelling):  # noqa: F811
    """openpyxl's read-only mode trusts <dimension>: a file that says A1:M2 lost every student after
    the first; in a full import they would have been marked uitgeschreven."""
    rijen = [rij(1000 + n, achternaam=f"Rij{n}") for n in range(5)]
    lees(xlsx(rijen), instelling, naam="export.xlsx")
    assert Deelnemer.objects.filter(instelling=instelling).count() == 5
    rijen.append(rij(2000, achternaam="Nieuw"))

    def liegt(naam, xml):
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:M2"', xml) if "sheet" in naam else xml

    resultaat = lees(xlsx(rijen, bewerk=liegt), instelling, naam="export.xlsx")
    assert resultaat.fouten == [] and (resultaat.nieuw, resultaat.ongewijzigd, resultaat.uitgeschreven) == (1, 5, 0)
    assert Deelnemer.objects.filter(instelling=instelling, status="actief").count() == 6


@pytest.mark.parametrize("deel, dtd", [
    ("xl/worksheets/sheet1.xml", DTD),
    ("xl/workbook.xml", DTD),
    ("xl/styles.xml", XXE),
    ("[Content_Types].xml", DTD),
])
def test_xlsx_met_dtd_geeft_nederlandse_fout_en_wijzigt_niets(deel, dtd, instelling):  # noqa: F811
    data = xlsx([rij(1), rij(2)], bewerk=lambda naam, xml: met_dtd(naam, xml, deel, dtd))
    resultaat = lees(data, instelling, naam="export.xlsx")
    assert len(resultaat.fouten) == 1 and "documentdefinitie (DTD)" in resultaat.fouten[0][1]
    assert not Deelnemer.objects.filter(instelling=instelling).exists()


def test_xlsx_die_halverwege_kapot_is_wijzigt_niets(instelling):  # noqa: F811
    def breek(naam, xml):
        if naam != "xl/worksheets/sheet1.xml":
            return xml
        return xml.replace(b'<row r="4"', b'<row r="4"><c r="ZZZZZZ4"><v>1</v></c></row><row r="5"', 1)

    data = xlsx([rij(n) for n in range(1, 6)], bewerk=breek)
    resultaat = lees(data, instelling, naam="export.xlsx")
    assert resultaat.fouten and "kan niet worden gelezen" in resultaat.fouten[0][1]
    assert not Deelnemer.objects.filter(instelling=instelling).exists()


def test_xlsx_zip_bom_wordt_geweigerd(instelling, settings):  # noqa: F811
    settings.MAX_UPLOAD_MB = 1
    resultaat = lees(zip_bom("xl/workbook.xml"), instelling, naam="export.xlsx")
    assert "zip-bom" in resultaat.fouten[0][1]


def test_xlsx_met_datum_buiten_excel_bereik_is_een_rijfout(instelling):  # noqa: F811
    werkboek = Workbook()
    blad = werkboek.active
    blad.append(["Studentnummer", "Roepnaam", "Achternaam", "Geboortedatum", "Locatie", "Opleiding"])
    blad.append([1, "Sanne", "Jansen", datetime(2007, 1, 1), "Gouda", "Zorg"])
    blad["D2"].value = 10**12  # keeps the date format: a serial beyond any date
    buffer = io.BytesIO()
    werkboek.save(buffer)
    resultaat = lees(buffer.getvalue(), instelling, naam="export.xlsx")
    assert [rijnummer for rijnummer, _ in resultaat.fouten] == [2]
    assert not Deelnemer.objects.filter(instelling=instelling).exists()


@pytest.mark.parametrize("velden, melding", [
    ({"Geboortedatum": "01-01-0001"}, "Geboortedatum: Een geboortedatum ligt tussen 01-01-1900 en"),
    ({"Geboortedatum": "31-12-9999"}, "Geboortedatum: Een geboortedatum ligt tussen 01-01-1900 en"),
    ({"Niveau": "²"}, "Niveau '²' is geen getal"),
    ({"Leerjaar": "99999999999999999999"}, "Leerjaar '99999999999999999999' is geen getal"),
    ({"Achternaam": "Jan\x00sen"}, "Achternaam bevat een ongeldig teken (NUL)"),
])
def test_onzinwaarden_in_het_exportbestand_zijn_rijfouten(velden, melding, instelling):  # noqa: F811
    # Many rows first: the CSV check of the first bytes does not see a NUL further on.
    rijen = [rij(n) for n in range(1, 80)] + [rij(99, **velden)]
    resultaat = lees(als_csv(rijen), instelling)
    assert any(melding in tekst for _, tekst in resultaat.fouten), resultaat.fouten
    assert not Deelnemer.objects.filter(instelling=instelling).exists()


def test_import_in_de_browser_met_dtd_geeft_nederlandse_melding(client, instelling, beheerder, media):  # noqa: F811
    client.force_login(beheerder)
    response = upload(client, xlsx([rij(1)], bewerk=met_dtd), naam="export.xlsx")
    assert response.status_code == 200
    assert "documentdefinitie (DTD)" in response.content.decode()
    assert Import.objects.get(instelling=instelling).fouten == 1
    assert not Deelnemer.objects.filter(instelling=instelling).exists()


def test_onleesbare_xlsx_geeft_de_bekende_melding(instelling):  # noqa: F811
    resultaat = importeer(io.BytesIO(zip_bestand({"xl/workbook.xml": b"<workbook/>"})), bestandsnaam="x.xlsx",
                          instelling=instelling, door=Actor.systeemactor("test"))
    assert resultaat.fouten == [
        (None, "Het Excel-bestand kan niet worden gelezen. Sla het op als .xlsx of als CSV.")]
