"""Import of students from the school administration's export (CSV or Excel).

The administration is the source of truth: students, locaties and opleidingen in the file are
created or brought up to date; in a full export, an active student who is missing is marked
uitgeschreven (never deleted). An import is all-or-nothing: one bad row and nothing changes.

The file is streamed and handled in batches, so a 40,000-row export never sits in memory as
model objects: per batch one query fetches the students it mentions.

Usage: `importeer(bestand, bestandsnaam=..., instelling=..., door=..., proefdraai=True, gedeeltelijk=False,
voorbeeld_bewaren=False, voortgang=None)`; the result lists counts, new locaties/opleidingen, errors and
warnings, each with its row number (row 1 is the header, row 2 the first student), and the first
VOORBEELD_IN_RAPPORT new, changed and uitgeschreven students. With `voorbeeld_bewaren` a run that changes
nothing (a dry run, or an aborted apply) keeps its whole report as Voorbeeldregel rows of its Import record,
for the browser to page through; during the run the lines go to a temporary file (on disk beyond a megabyte),
so memory stays bounded at any size. `door` is the acting privacy.actor.Actor: the user in the browser, a
named system actor for the management command. Every run writes its Import record and one access-log row
("aanmaken" for a dry run, "wijzigen" for applying, with the counts only), so the browser and the command
leave the same trail. In the browser the import runs as a background task (deelnemers.taken);
`voortgang(gedaan, totaal)` then hears after every batch how many students were read, of an estimated total.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import logging
import re
import tempfile
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from privacy.actor import Actor
from privacy.log import schrijf
from zorgstructuur import invoer
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Instelling, Locatie, Opleiding

from .bestanden import OngeldigBestand, controleer_office
from .models import Deelnemer, Gebeurtenis, Import, Voorbeeldregel

logger = logging.getLogger(__name__)

# The default preset: model field (or import-only field) → the column names schools use for it.
# Headers are compared without case, spaces, underscores, hyphens, dots and accents, so
# " studentNUMMER ", "Geboorte datum" and "geboorte_datum" all match. The first name is the
# one used in messages.
KOLOMMEN: dict[str, tuple[str, ...]] = {
    "studentnummer": ("Studentnummer", "Leerlingnummer", "Deelnemernummer", "Studentnr", "Stamnummer"),
    "voornaam": ("Roepnaam", "Voornaam"),
    "tussenvoegsel": ("Tussenvoegsel", "Tussenvoegsels", "Voorvoegsel"),
    "achternaam": ("Achternaam", "Geslachtsnaam", "Familienaam"),
    "geboortedatum": ("Geboortedatum",),
    "geslacht": ("Geslacht",),
    "straat": ("Straat", "Straatnaam"),
    "huisnummer": ("Huisnummer", "Huisnr"),
    "postcode": ("Postcode",),
    "woonplaats": ("Woonplaats", "Plaats"),
    "locatie": ("Locatie", "Vestiging"),
    "opleiding": ("Opleiding", "Opleidingsnaam"),
    "crebo": ("Crebo", "Crebocode", "Crebonummer"),
    "niveau": ("Niveau",),
    "leerjaar": ("Leerjaar",),
    "mentor": ("Mentor", "SLB", "SLB-er", "Studieloopbaanbegeleider"),
    "vooropleiding": ("Vooropleiding", "Laatst bezochte school", "Vorige school"),
    "inschrijfdatum": ("Inschrijfdatum", "Datum inschrijving"),
    "uitschrijfdatum": ("Uitschrijfdatum", "Datum uitschrijving"),
    "woonsituatie": ("Woonsituatie",),
    "ongeoorloofd_verzuim_uren": (
        "Verzuim", "Ongeoorloofd verzuim", "Ongeoorloofd verzuim uren", "Verzuim uren",
    ),
    "etnische_afkomst": ("Etnische afkomst", "Etniciteit"),
}
VERPLICHTE_KOLOMMEN = ("studentnummer", "voornaam", "achternaam", "locatie", "opleiding")
LABELS = {veld: namen[0] for veld, namen in KOLOMMEN.items()}

TEKSTVELDEN = (
    "studentnummer", "voornaam", "tussenvoegsel", "achternaam", "straat", "huisnummer", "postcode",
    "woonplaats", "woonsituatie", "vooropleiding", "etnische_afkomst",
)
# The dates and the range each may lie in (the same rules as the model fields).
DATUMVELDEN = {
    "geboortedatum": invoer.controleer_geboortedatum,
    "inschrijfdatum": invoer.controleer_administratiedatum,
    "uitschrijfdatum": invoer.controleer_administratiedatum,
}
VERPLICHTE_WAARDEN = ("studentnummer", "voornaam", "achternaam", "locatie", "opleiding")
GESLACHTEN = {
    "m": "m", "man": "m", "mannelijk": "m", "jongen": "m", "male": "m",
    "v": "v", "vrouw": "v", "vrouwelijk": "v", "meisje": "v", "f": "v", "female": "v",
    "x": "x", "o": "x", "anders": "x", "onbekend": "x", "": "x",
}
BATCH = 1000
# Per kind, this many students are kept in the result itself (the command's report); the rest only in
# the stored lines of a browser dry run.
VOORBEELD_IN_RAPPORT = 20
V = Voorbeeldregel.Soort
UITGESCHREVEN = "Uitgeschreven (volgens administratie)"
# Beyond this many active students missing from a "full" export, warn: it may be a partial file.
UITSCHRIJF_WAARSCHUWING = 0.5

_DATUM_DMJ = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_DATUM_JMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_POSTCODE = re.compile(r"(\d{4})\s*([A-Za-z]{2})")


@dataclass
class Importresultaat:
    bestandsnaam: str = ""
    proefdraai: bool = True
    gedeeltelijk: bool = False
    nieuw: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0
    uitgeschreven: int = 0
    fouten: list[tuple[int | None, str]] = field(default_factory=list)
    waarschuwingen: list[tuple[int | None, str]] = field(default_factory=list)
    nieuwe_locaties: list[str] = field(default_factory=list)
    nieuwe_opleidingen: list[str] = field(default_factory=list)
    toegepast: bool = False
    import_id: int | None = None
    # The first VOORBEELD_IN_RAPPORT of each kind: (row, studentnummer, name, changed field names).
    voorbeeld: dict[str, list[tuple[int | None, str, str, str]]] = field(
        default_factory=lambda: {V.NIEUW: [], V.GEWIJZIGD: [], V.UITGESCHREVEN: []})

    @property
    def rijen(self) -> int:
        return self.nieuw + self.gewijzigd + self.ongewijzigd

    def samenvatting(self) -> str:
        return (f"{self.nieuw} nieuw, {self.gewijzigd} gewijzigd, {self.ongewijzigd} ongewijzigd, "
                f"{self.uitgeschreven} uitgeschreven")


def melding_tekst(rij: int | None, melding: str) -> str:
    return f"Rij {rij}: {melding}" if rij else f"Bestand: {melding}"


def rapport(resultaat: Importresultaat) -> list[str]:
    """The report as lines of text (management command); the browser shows the same in HTML."""
    if resultaat.toegepast:
        kop = "Import toegepast."
    elif resultaat.fouten:
        kop = "Het bestand bevat fouten: er is niets gewijzigd."
    else:
        kop = "Proefdraai: er is niets gewijzigd. Zo zou de import uitpakken:"
    soort = " (gedeeltelijk bestand)" if resultaat.gedeeltelijk else ""
    regels = [kop, f"Bestand: {resultaat.bestandsnaam}{soort}"]
    regels += [
        f"  Nieuw:          {resultaat.nieuw}",
        f"  Gewijzigd:      {resultaat.gewijzigd}",
        f"  Ongewijzigd:    {resultaat.ongewijzigd}",
        f"  Uitgeschreven:  {resultaat.uitgeschreven}",
    ]
    for soort, titel, aantal in ((V.NIEUW, "Nieuw", resultaat.nieuw), (V.GEWIJZIGD, "Gewijzigd", resultaat.gewijzigd),
                                 (V.UITGESCHREVEN, "Uitgeschreven", resultaat.uitgeschreven)):
        lijst = resultaat.voorbeeld[soort]
        if lijst:
            regels.append(f"{titel} ({'de eerste ' + str(len(lijst)) + ' van ' if aantal > len(lijst) else ''}"
                          f"{aantal}):")
            regels += [f"  {studentnummer}  {naam}{f'  ({velden})' if velden else ''}"
                       for _rij, studentnummer, naam, velden in lijst]
    for titel, namen in (("Nieuwe locaties", resultaat.nieuwe_locaties),
                         ("Nieuwe opleidingen", resultaat.nieuwe_opleidingen)):
        if namen:
            regels.append(f"{titel} ({len(namen)}):")
            regels += [f"  {naam}" for naam in namen]
    for titel, meldingen in (("Fouten", resultaat.fouten), ("Waarschuwingen", resultaat.waarschuwingen)):
        if meldingen:
            regels.append(f"{titel} ({len(meldingen)}):")
            regels += [f"  {melding_tekst(rij, melding)}" for rij, melding in meldingen]
    return regels


class Bestandsfout(Exception):
    """The file as a whole cannot be read (wrong format, missing columns): no row is usable."""


def importeer(bestand, *, bestandsnaam: str, instelling: Instelling, door: Actor, proefdraai: bool = True,
              gedeeltelijk: bool = False, voorbeeld_bewaren: bool = False, voortgang=None) -> Importresultaat:
    """Read the export and bring the students of this instelling in line with it.

    Always runs in one transaction; a dry run, or a file with any error, is rolled back. The
    Import record and its access-log row are kept either way (for a rolled-back run they are
    written after the rollback); with `voorbeeld_bewaren` so are the report lines of a run that changed
    nothing (a dry run, or an apply that was aborted).
    """
    resultaat = Importresultaat(bestandsnaam=bestandsnaam, proefdraai=proefdraai, gedeeltelijk=gedeeltelijk)
    melden = None
    if voortgang is not None:
        totaal = tel_deelnemers(bestand, bestandsnaam)

        def melden(rij):  # row 1 is the header
            voortgang(min(rij - 1, totaal or rij), totaal)
    with _Voorbeeld(resultaat, bewaren=voorbeeld_bewaren) as voorbeeld:
        _importeer(bestand, bestandsnaam, instelling, door, resultaat, voorbeeld, gedeeltelijk, melden)
    return resultaat


def _importeer(bestand, bestandsnaam, instelling, door, resultaat, voorbeeld, gedeeltelijk, melden) -> None:
    proefdraai = resultaat.proefdraai
    try:
        with transaction.atomic():
            verwerking = _Verwerking(instelling, door, resultaat, voorbeeld, melden)
            verwerking.uitvoeren(bestand, bestandsnaam, gedeeltelijk)
            resultaat.toegepast = not (proefdraai or resultaat.fouten)
            if resultaat.toegepast:
                _vastleggen(resultaat, instelling, door)
            else:
                transaction.set_rollback(True)
    except DatabaseError:
        # Validation should have caught it; never leave the user with a half import or a 500.
        logger.exception("Import van %s afgebroken door de database", bestandsnaam)
        resultaat.toegepast = False
        resultaat.fouten.append((None, "De database weigerde een wijziging; er is niets gewijzigd. "
                                       "Neem contact op met de applicatiebeheerder."))
    if not resultaat.toegepast:
        with transaction.atomic():
            _vastleggen(resultaat, instelling, door)
            voorbeeld.opslaan(resultaat.import_id)


class _Voorbeeld:
    """The report's lines per student, kept two ways: the first few of each kind in the result, and
    (for a browser dry run) all of them in a temporary file that becomes Voorbeeldregel rows once the
    dry run's Import record exists (after the rollback, so they survive it)."""

    def __init__(self, resultaat: Importresultaat, *, bewaren: bool):
        self.resultaat = resultaat
        self.bestand = tempfile.SpooledTemporaryFile(max_size=1024 * 1024, mode="w+", newline="") if bewaren else None
        self.schrijver = csv.writer(self.bestand) if bewaren else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bestand is not None:
            self.bestand.close()

    def regel(self, soort: str, rij: int | None, studentnummer="", naam="", tekst="", deelnemer_id=None) -> None:
        lijst = self.resultaat.voorbeeld.get(soort)
        if lijst is not None and len(lijst) < VOORBEELD_IN_RAPPORT:
            lijst.append((rij, studentnummer, naam, tekst))
        if self.schrijver is not None:
            # A message may quote a cell; a NUL in it would be refused by the database (PostgreSQL).
            velden = (studentnummer[:50], naam[:300], tekst[:2000])
            self.schrijver.writerow([soort, rij or "", *(v.replace("\x00", "") for v in velden), deelnemer_id or ""])

    def opslaan(self, import_id: int) -> None:
        if self.bestand is None:
            return
        for rij, melding in self.resultaat.fouten:
            self.regel(V.FOUT, rij, tekst=melding)
        for rij, melding in self.resultaat.waarschuwingen:
            self.regel(V.WAARSCHUWING, rij, tekst=melding)
        for naam in self.resultaat.nieuwe_locaties:
            self.regel(V.LOCATIE, None, tekst=naam)
        for naam in self.resultaat.nieuwe_opleidingen:
            self.regel(V.OPLEIDING, None, tekst=naam)
        self.bestand.seek(0)
        regels = (
            Voorbeeldregel(proefdraai_id=import_id, soort=soort, rij=int(rij) if rij else None,
                           studentnummer=studentnummer, naam=naam, tekst=tekst,
                           deelnemer_id=int(deelnemer_id) if deelnemer_id else None)
            for soort, rij, studentnummer, naam, tekst, deelnemer_id in csv.reader(self.bestand)
        )
        while batch := list(itertools.islice(regels, BATCH)):
            Voorbeeldregel.objects.bulk_create(batch)


def volledige_naam(voornaam, tussenvoegsel, achternaam) -> str:
    return " ".join(deel for deel in (voornaam, tussenvoegsel, achternaam) if deel)


def _bijwerken_in_bulk(deelnemers: list[Deelnemer], velden: list[str]) -> None:
    """Write the changed students' fields: one prepared UPDATE per row, sent at once with executemany
    (psycopg pipelines it). bulk_update builds a CASE per field and row in Python, about 4 ms a row: 2½
    minutes for a new school year, when every leerjaar changes. Like bulk_update: no signals, no history."""
    velden = [Deelnemer._meta.get_field(naam) for naam in velden]
    kolommen = ", ".join(f"{connection.ops.quote_name(veld.column)} = %s" for veld in velden)
    sql = f"UPDATE {connection.ops.quote_name(Deelnemer._meta.db_table)} SET {kolommen} WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[veld.get_db_prep_save(getattr(d, veld.attname), connection) for veld in velden]
                                 + [d.pk] for d in deelnemers])


def _vastleggen(resultaat: Importresultaat, instelling, door: Actor) -> None:
    """The Import record and its access-log row. The log holds counts only, never names or numbers of
    students: it records that data changed, not the data."""
    record = Import.objects.create(
        instelling=instelling, door=door.gebruiker, bestandsnaam=resultaat.bestandsnaam[:255],
        gedeeltelijk=resultaat.gedeeltelijk, proefdraai=resultaat.proefdraai, nieuw=resultaat.nieuw,
        aantal_gewijzigd=resultaat.gewijzigd, ongewijzigd=resultaat.ongewijzigd,
        uitgeschreven=resultaat.uitgeschreven, fouten=len(resultaat.fouten),
        waarschuwingen=len(resultaat.waarschuwingen),
    )
    resultaat.import_id = record.pk
    telling = f"{resultaat.samenvatting()}, {len(resultaat.fouten)} fouten"
    if resultaat.proefdraai:
        schrijf(door, "aanmaken", object_type="import", object_id=record.pk,
                omschrijving=f"proefdraai import deelnemers: {telling}")
    else:
        schrijf(door, "wijzigen", object_type="import", object_id=record.pk,
                omschrijving=f"import deelnemers {'toegepast' if resultaat.toegepast else 'afgebroken'}: {telling}")


# ---------------------------------------------------------------- reading the file

def tel_deelnemers(bestand, bestandsnaam: str) -> int | None:
    """An estimate of the number of students in the file, for the progress bar (None: unknown). A CSV's
    lines are counted (a cell with a line break makes it a little high); an Excel sheet states its size."""
    ruw = bestand.file if isinstance(bestand, File) else bestand
    try:
        ruw.seek(0)
        if bestandsnaam.lower().endswith((".xlsx", ".xlsm")):
            from openpyxl import load_workbook

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                werkboek = load_workbook(ruw, read_only=True, data_only=True)
            try:
                rijen = werkboek.worksheets[0].max_row if werkboek.worksheets else None
            finally:
                werkboek.close()
        else:
            rijen = sum(blok.count(b"\n") for blok in iter(lambda: ruw.read(256 * 1024), b""))
    except Exception:  # a broken file: the import itself will say what is wrong with it
        rijen = None
    finally:
        ruw.seek(0)
    return max(rijen - 1, 1) if rijen else None


def lees_rijen(bestand, bestandsnaam: str) -> Iterator[tuple[int, list]]:
    """Yield (row number, cells) for every row, header included; Excel or CSV by the file name."""
    ruw = bestand.file if isinstance(bestand, File) else bestand
    ruw.seek(0)
    if bestandsnaam.lower().endswith((".xlsx", ".xlsm")):
        return _lees_xlsx(ruw)
    return _lees_csv(ruw)


ONLEESBAAR = "Het Excel-bestand kan niet worden gelezen. Sla het op als .xlsx of als CSV."
# Excel's own limit; beyond it a sheet is not a real export (and its row numbers could make
# openpyxl yield empty rows for a long time).
MAX_RIJEN = 1_048_576


def _lees_xlsx(ruw) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        controleer_office(ruw, verplicht="xl/workbook.xml", soort="Excel-bestand", onleesbaar=ONLEESBAAR)
    except OngeldigBestand as exc:
        raise Bestandsfout(str(exc)) from exc
    try:
        # Schools' Excel files often trip openpyxl's style warnings; they say nothing about the data.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            werkboek = load_workbook(ruw, read_only=True, data_only=True)
    except Exception as exc:  # any error of the parser on a hostile or broken file (defusedxml's included)
        logger.info("Excel-bestand onleesbaar: %r", exc)
        raise Bestandsfout(ONLEESBAAR) from exc
    try:
        if not werkboek.worksheets:
            raise Bestandsfout("Het Excel-bestand bevat geen werkblad.")
        blad = werkboek.worksheets[0]
        # read_only trusts the sheet's <dimension> tag; a file that under-reports it would lose rows
        # silently (and in a full import those students would be marked uitgeschreven).
        blad.reset_dimensions()
        rijen = blad.iter_rows(values_only=True)
        nummer = 0
        while True:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # e.g. a date cell out of range: openpyxl gives '#VALUE!'
                    rij = next(rijen)
            except StopIteration:
                return
            except Exception as exc:  # the parser on a hostile or broken sheet, per row
                logger.info("Excel-bestand onleesbaar na rij %s: %r", nummer, exc)
                raise Bestandsfout(f"Rij {nummer + 1} van het Excel-bestand kan niet worden gelezen; er is niets "
                                   f"gewijzigd. Sla het bestand opnieuw op als .xlsx of als CSV.") from exc
            nummer += 1
            if nummer > MAX_RIJEN:
                raise Bestandsfout(f"Het Excel-bestand heeft meer dan {MAX_RIJEN} rijen.")
            yield nummer, list(rij)
    finally:
        werkboek.close()


def _codering(ruw) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for blok in iter(lambda: ruw.read(64 * 1024), b""):
            decoder.decode(blok)
        decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        ruw.seek(0)


def _scheidingsteken(kopregel: str) -> str:
    # Sniff on the header only: header names never contain the separator, data (addresses) may.
    return max((";", ",", "\t"), key=kopregel.count)


def _lees_csv(ruw) -> Iterator[tuple[int, list]]:
    begin = ruw.read(4096)
    ruw.seek(0)
    if begin.startswith(b"PK\x03\x04") or b"\x00" in begin:
        raise Bestandsfout("Dit is geen CSV-bestand. Kies een CSV- of Excel-bestand (.xlsx).")
    tekst = io.TextIOWrapper(ruw, encoding=_codering(ruw), errors="replace", newline="")
    try:
        kopregel = tekst.readline()
        lezer = csv.reader(itertools.chain([kopregel], tekst), delimiter=_scheidingsteken(kopregel))
        nummer = 0
        try:
            for nummer, rij in enumerate(lezer, start=1):
                yield nummer, rij
        except csv.Error as exc:
            raise Bestandsfout(f"Rij {nummer + 1} kan niet als CSV worden gelezen ({exc}).") from exc
    finally:
        tekst.detach()  # the caller owns the file: do not let the wrapper close it


def sleutel(naam) -> str:
    """A header name reduced to lower-case letters and digits, accents removed."""
    tekst = unicodedata.normalize("NFKD", str(naam or ""))
    return "".join(t for t in tekst.casefold() if t.isalnum() and not unicodedata.combining(t))


_KOLOM_INDEX = {sleutel(alias): veld for veld, namen in KOLOMMEN.items() for alias in namen}


def kolomindeling(kop: list) -> tuple[dict[str, int], list[str], list[str]]:
    """Map the header to fields: (field → column index, errors, warnings)."""
    indeling, fouten, waarschuwingen = {}, [], []
    for index, naam in enumerate(kop):
        if not str(naam or "").strip():
            continue
        veld = _KOLOM_INDEX.get(sleutel(naam))
        if veld is None:
            waarschuwingen.append(f"Kolom '{str(naam).strip()}' is onbekend en wordt niet ingelezen.")
        elif veld in indeling:
            fouten.append(f"Kolom '{str(naam).strip()}' staat er twee keer in (als '{LABELS[veld]}' "
                          f"of een andere naam daarvoor). Laat er één over.")
        else:
            indeling[veld] = index
    fouten += [f"Kolom '{LABELS[veld]}' ontbreekt." for veld in VERPLICHTE_KOLOMMEN if veld not in indeling]
    return indeling, fouten, waarschuwingen


# ---------------------------------------------------------------- values

def _tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))  # Excel stores 123456 as 123456.0
    if isinstance(waarde, datetime | date):
        return f"{waarde:%d-%m-%Y}"
    return str(waarde).strip()


def lees_datum(waarde) -> date | None:
    """A date from an Excel date cell or text as dd-mm-jjjj, d-m-jjjj, dd/mm/jjjj or jjjj-mm-dd."""
    if isinstance(waarde, datetime):
        return waarde.date()
    if isinstance(waarde, date):
        return waarde
    tekst = _tekst(waarde)
    if not tekst:
        return None
    if match := _DATUM_DMJ.fullmatch(tekst):
        dag, maand, jaar = match.groups()
    elif match := _DATUM_JMD.fullmatch(tekst):
        jaar, maand, dag = match.groups()
    else:
        raise ValueError(f"'{tekst}' is geen datum (gebruik dd-mm-jjjj)")
    try:
        return date(int(jaar), int(maand), int(dag))
    except ValueError:
        raise ValueError(f"{tekst} is geen geldige datum") from None


def _datum(veld: str, waarde) -> date | None:
    datum = lees_datum(waarde)
    try:
        DATUMVELDEN[veld](datum)
    except ValidationError as exc:
        raise ValueError(exc.messages[0].rstrip(".")) from None
    return datum


def _geheel(tekst: str, label: str, laagste: int, hoogste: int) -> int | None:
    if not tekst:
        return None
    if not re.fullmatch(r"[0-9]{1,9}", tekst):  # ASCII only: "²".isdigit() is True, int("²") fails
        raise ValueError(f"{label} '{tekst}' is geen getal")
    getal = int(tekst)
    if not laagste <= getal <= hoogste:
        raise ValueError(f"{label} moet tussen {laagste} en {hoogste} liggen, niet {getal}")
    return getal


def _uren(tekst: str) -> int | None:
    if not tekst:
        return None
    try:
        uren = Decimal(tekst.replace(",", "."))
    except InvalidOperation:
        uren = Decimal(-1)
    if not uren.is_finite() or not 0 <= uren <= 100_000:
        raise ValueError(f"Verzuim '{tekst}' is geen aantal uren")
    return int(uren.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _postcode(tekst: str) -> str:
    match = _POSTCODE.fullmatch(tekst)
    return f"{match[1]} {match[2].upper()}" if match else tekst


def _naam(tekst: str) -> str:
    return " ".join(tekst.split())


MAXIMALE_LENGTES = {
    **{veld: Deelnemer._meta.get_field(veld).max_length for veld in TEKSTVELDEN},
    "locatie": Locatie._meta.get_field("naam").max_length,
    "opleiding": Opleiding._meta.get_field("naam").max_length,
    "crebo": Opleiding._meta.get_field("crebo").max_length,
}


def _controleer_tekst(tekst: dict[str, str]) -> list[str]:
    fouten = [f"{LABELS[veld]} ontbreekt." for veld in VERPLICHTE_WAARDEN if not tekst[veld]]
    for veld, waarde in tekst.items():
        if "\x00" in waarde:  # a CSV can hold NUL; the database cannot
            fouten.append(f"{LABELS[veld]} bevat een ongeldig teken (NUL).")
        lengte = MAXIMALE_LENGTES.get(veld)
        if lengte and len(waarde) > lengte:
            fouten.append(f"{LABELS[veld]} is langer dan {lengte} tekens.")
    return fouten


def _omzetten(ruw: dict, tekst: dict[str, str]) -> tuple[dict, list[str]]:
    """The row's values as the model stores them, and what could not be converted."""
    waarden = {veld: tekst[veld] for veld in TEKSTVELDEN if veld in tekst}
    if "postcode" in waarden:
        waarden["postcode"] = _postcode(waarden["postcode"])
    omzettingen = {
        "niveau": lambda: _geheel(tekst["niveau"], "Niveau", 1, 4),
        "leerjaar": lambda: _geheel(tekst["leerjaar"], "Leerjaar", 1, 10),
        "ongeoorloofd_verzuim_uren": lambda: _uren(tekst["ongeoorloofd_verzuim_uren"]),
        **{veld: (lambda veld=veld: _datum(veld, ruw[veld])) for veld in DATUMVELDEN},
    }
    fouten = []
    for veld, omzetting in omzettingen.items():
        if veld not in ruw:
            continue
        try:
            waarden[veld] = omzetting()
        except ValueError as exc:
            melding, label = str(exc), LABELS[veld]
            fouten.append(f"{melding}." if melding.startswith(label) else f"{label}: {melding}.")
    return waarden, fouten


# ---------------------------------------------------------------- processing

class _Verwerking:
    """One import run: the lookups it needs (loaded once) and the batch-by-batch comparison."""

    def __init__(self, instelling: Instelling, door: Actor, resultaat: Importresultaat, voorbeeld: _Voorbeeld,
                 melden=None):
        self.instelling = instelling
        self.melden = melden or (lambda rij: None)  # progress, after every batch
        self.voorbeeld = voorbeeld
        self.gebruiker = door.gebruiker  # on the timeline: on whose behalf, or nobody (the administration)
        self.resultaat = resultaat
        self.vandaag = timezone.localdate()
        self.gezien: dict[str, int] = {}  # studentnummer → first row: duplicates and who is missing
        self.locaties = {
            _naam(loc.naam).casefold(): loc for loc in Locatie.objects.filter(instelling=instelling)
        }
        self.opleidingen = {
            (opl.locatie_id, _naam(opl.naam).casefold()): opl
            for opl in Opleiding.objects.filter(locatie__instelling=instelling)
        }
        self.opleiding_namen = {opl.pk: opl.naam for opl in self.opleidingen.values()}
        self.crebo_gezet: set[int] = set()
        self.mentoren = _mentoren()
        self.indeling: dict[str, int] = {}
        self.velden: list[str] = []

    def fout(self, rij, melding):
        self.resultaat.fouten.append((rij, melding))

    def waarschuwing(self, rij, melding):
        self.resultaat.waarschuwingen.append((rij, melding))

    # -- the run

    def uitvoeren(self, bestand, bestandsnaam: str, gedeeltelijk: bool) -> None:
        try:
            with closing(lees_rijen(bestand, bestandsnaam)) as rijen:
                bruikbaar = self._alle_rijen(rijen)
        except Bestandsfout as exc:
            self.fout(None, str(exc))
            return
        if not bruikbaar:
            return
        if not self.gezien and not self.resultaat.fouten:
            self.fout(None, "Het bestand bevat geen deelnemers.")
            return
        # Only a readable file says who is missing (rows with errors still count as present).
        if not gedeeltelijk:
            self._uitschrijven_wie_ontbreekt()

    def _alle_rijen(self, rijen: Iterator[tuple[int, list]]) -> bool:
        """Header, then batches of rows; False when the header makes the file unusable."""
        for nummer, cellen in rijen:
            if any(_tekst(cel) for cel in cellen):
                if not self._kop(nummer, cellen):
                    return False
                break
        else:
            self.fout(None, "Het bestand is leeg.")
            return False
        batch = []
        for nummer, cellen in rijen:
            waarden = self._rij(nummer, cellen)
            if waarden is not None:
                batch.append((nummer, waarden))
            if len(batch) >= BATCH:
                self._batch(batch)
                batch = []
                self.melden(nummer)
        if batch:
            self._batch(batch)
        self.melden(nummer)
        return True

    def _kop(self, nummer: int, cellen: list) -> bool:
        indeling, fouten, waarschuwingen = kolomindeling(cellen)
        for melding in waarschuwingen:
            self.waarschuwing(nummer, melding)
        for melding in fouten:
            self.fout(nummer, melding)
        if "etnische_afkomst" in indeling and not self.instelling.etnische_afkomst_registreren:
            del indeling["etnische_afkomst"]
            self.waarschuwing(nummer, "Kolom 'Etnische afkomst' wordt niet opgeslagen: de instelling "
                                      "registreert geen etnische afkomst.")
        self.indeling = indeling
        # The Deelnemer fields this file speaks about (loaded to compare); the others are left alone.
        self.velden = [veld for veld in indeling if veld != "crebo"]
        return not fouten

    # -- one row

    def _rij(self, nummer: int, cellen: list) -> dict | None:
        """Validate and convert one row; None (with its errors recorded) when it cannot be imported."""
        ruw = {veld: cellen[index] if index < len(cellen) else None for veld, index in self.indeling.items()}
        tekst = {veld: _tekst(waarde) for veld, waarde in ruw.items()}
        if not any(tekst.values()):
            return None  # empty line, e.g. at the end of an Excel sheet
        fouten = self._dubbel(nummer, tekst["studentnummer"]) + _controleer_tekst(tekst)
        waarden, omzetfouten = _omzetten(ruw, tekst)
        if fouten or omzetfouten:
            for melding in fouten + omzetfouten:
                self.fout(nummer, melding)
            return None
        if "geslacht" in tekst:
            waarden["geslacht"] = self._geslacht(nummer, tekst["geslacht"])
        if "mentor" in tekst:
            waarden["mentor_id"] = self._mentor(nummer, tekst["mentor"])
        locatie = self._locatie(_naam(tekst["locatie"]))
        opleiding = self._opleiding(locatie, _naam(tekst["opleiding"]), tekst.get("crebo", ""))
        waarden.update(locatie_id=locatie.pk, opleiding_id=opleiding.pk)
        return waarden

    def _dubbel(self, nummer: int, studentnummer: str) -> list[str]:
        if not studentnummer:
            return []
        eerder = self.gezien.setdefault(studentnummer, nummer)
        if eerder != nummer:
            return [f"Studentnummer {studentnummer} komt meer dan eens voor (ook in rij {eerder})."]
        return []

    def _geslacht(self, nummer: int, tekst: str) -> str:
        geslacht = GESLACHTEN.get(tekst.casefold())
        if geslacht is None:
            self.waarschuwing(nummer, f"Geslacht '{tekst}' is onbekend; opgeslagen als 'anders / onbekend'.")
            return Deelnemer.Geslacht.ANDERS
        return geslacht

    def _mentor(self, nummer: int, tekst: str) -> int | None:
        if not tekst:
            return None
        sleutel_ = tekst.casefold()
        if sleutel_ not in self.mentoren:
            self.waarschuwing(nummer, f"Mentor '{tekst}' is onbekend; de deelnemer wordt zonder mentor "
                                      f"ingelezen.")
            return None
        if self.mentoren[sleutel_] is None:
            self.waarschuwing(nummer, f"Mentor '{tekst}' past bij meer dan één gebruiker; de deelnemer wordt "
                                      f"zonder mentor ingelezen. Gebruik de gebruikersnaam.")
        return self.mentoren[sleutel_]

    def _locatie(self, naam: str) -> Locatie:
        locatie = self.locaties.get(naam.casefold())
        if locatie is None:
            locatie = Locatie.objects.create(instelling=self.instelling, naam=naam)
            self.locaties[naam.casefold()] = locatie
            self.resultaat.nieuwe_locaties.append(naam)
        return locatie

    def _opleiding(self, locatie: Locatie, naam: str, crebo: str) -> Opleiding:
        opleiding = self.opleidingen.get((locatie.pk, naam.casefold()))
        if opleiding is None:
            opleiding = Opleiding.objects.create(locatie=locatie, naam=naam, crebo=crebo)
            self.opleidingen[(locatie.pk, naam.casefold())] = opleiding
            self.opleiding_namen[opleiding.pk] = naam
            self.crebo_gezet.add(opleiding.pk)
            self.resultaat.nieuwe_opleidingen.append(
                f"{naam}{f' (crebo {crebo})' if crebo else ''}, locatie {locatie.naam}")
        elif crebo and opleiding.pk not in self.crebo_gezet:
            # The first row of an opleiding decides its crebo, so rows cannot flip it back and forth.
            self.crebo_gezet.add(opleiding.pk)
            if opleiding.crebo != crebo:
                opleiding.crebo = crebo
                opleiding.save(update_fields=["crebo"])
        return opleiding

    # -- one batch

    def _status(self, waarden: dict) -> str:
        """In the file means enrolled, unless the file says the student left before today."""
        uitschrijfdatum = waarden.get("uitschrijfdatum")
        if uitschrijfdatum and uitschrijfdatum < self.vandaag:
            return Deelnemer.Status.UITGESCHREVEN
        return Deelnemer.Status.ACTIEF

    def _batch(self, batch: list[tuple[int, dict]]) -> None:
        nummers = [waarden["studentnummer"] for _nummer, waarden in batch]
        te_laden = ["id", "studentnummer", "status", "uitschrijfdatum",
                    *(veld for veld in self.velden if veld not in ("studentnummer", "uitschrijfdatum"))]
        gevonden = Deelnemer.objects.filter(instelling=self.instelling, studentnummer__in=nummers)
        bestaand = {d.studentnummer: d for d in gevonden.only(*te_laden)}
        nu = timezone.now()
        nieuw, gewijzigd, gewijzigde_velden, gebeurtenissen = [], [], set(), []
        for nummer, waarden in batch:
            deelnemer = bestaand.get(waarden["studentnummer"])
            if deelnemer is None:
                nieuw.append(self._nieuwe_deelnemer(waarden))
                self.voorbeeld.regel(V.NIEUW, nummer, waarden["studentnummer"], self._naam(waarden))
                continue
            oude_status = deelnemer.status
            velden = self._bijwerken(deelnemer, waarden)
            if not velden:
                self.resultaat.ongewijzigd += 1
                continue
            deelnemer.bijgewerkt = nu  # bulk_update skips auto_now
            gewijzigd.append(deelnemer)
            # The names of the changed fields, never their values (an old address is not the beheerder's).
            self.voorbeeld.regel(V.GEWIJZIGD, nummer, deelnemer.studentnummer, self._naam(waarden, deelnemer),
                                 ", ".join(_veldnaam(v) for v in velden), deelnemer.pk)
            gewijzigde_velden.update(velden)
            self.resultaat.gewijzigd += 1
            if deelnemer.status != oude_status:
                gebeurtenissen.append(self._statusgebeurtenis(deelnemer, nu))
            andere = [v for v in velden if v not in ("status", "uitschrijfdatum")]
            if andere:  # who changed what, when — the names of the fields, never their values
                gebeurtenissen.append(self._gebeurtenis(
                    deelnemer.pk, Gebeurtenis.Soort.GEGEVENS, "Gegevens bijgewerkt uit de administratie: " + ", ".join(
                        _veldnaam(v) for v in andere), nu))
        if nieuw:
            self._aanmaken(nieuw, gebeurtenissen, nu)
        if gewijzigd:
            _bijwerken_in_bulk(gewijzigd, [*sorted(gewijzigde_velden), "bijgewerkt"])
        Gebeurtenis.objects.bulk_create(gebeurtenissen)

    @staticmethod
    def _naam(waarden: dict, deelnemer: Deelnemer | None = None) -> str:
        """The name as the file gives it (a changed student's fields not in the file: as known)."""
        delen = ("voornaam", "tussenvoegsel", "achternaam")
        return volledige_naam(*(waarden.get(deel, getattr(deelnemer, deel, "")) for deel in delen))

    def _nieuwe_deelnemer(self, waarden: dict) -> Deelnemer:
        self.resultaat.nieuw += 1
        return Deelnemer(instelling=self.instelling, status=self._status(waarden), **waarden)

    def _bijwerken(self, deelnemer: Deelnemer, waarden: dict) -> list[str]:
        """Copy the file's values onto the student; return the changed attribute names."""
        status = self._status(waarden)
        nieuwe = dict(waarden, status=status)
        if status == Deelnemer.Status.ACTIEF and "uitschrijfdatum" not in self.indeling:
            # Back in the file after being marked uitgeschreven by an earlier import: clear that date.
            if deelnemer.status == Deelnemer.Status.UITGESCHREVEN:
                nieuwe["uitschrijfdatum"] = None
        veranderd = []
        for attribuut, waarde in nieuwe.items():
            if getattr(deelnemer, attribuut) != waarde:
                setattr(deelnemer, attribuut, waarde)
                veranderd.append(attribuut)
        return veranderd

    def _aanmaken(self, nieuw: list[Deelnemer], gebeurtenissen: list, nu) -> None:
        Deelnemer.objects.bulk_create(nieuw)
        if any(d.pk is None for d in nieuw):  # a backend that does not return ids from bulk inserts
            ids = dict(Deelnemer.objects.filter(
                instelling=self.instelling, studentnummer__in=[d.studentnummer for d in nieuw]
            ).values_list("studentnummer", "id"))
            for d in nieuw:
                d.pk = ids[d.studentnummer]
        for d in nieuw:
            gebeurtenissen.append(self._gebeurtenis(
                d.pk, Gebeurtenis.Soort.INGESCHREVEN, f"Ingeschreven bij {self.opleiding_namen[d.opleiding_id]}", nu))

    def _statusgebeurtenis(self, deelnemer: Deelnemer, nu) -> Gebeurtenis:
        if deelnemer.status == Deelnemer.Status.UITGESCHREVEN:
            return self._gebeurtenis(deelnemer.pk, Gebeurtenis.Soort.UITGESCHREVEN, UITGESCHREVEN, nu)
        opleiding = self.opleiding_namen.get(deelnemer.opleiding_id, "de opleiding")
        return self._gebeurtenis(deelnemer.pk, Gebeurtenis.Soort.INGESCHREVEN, f"Opnieuw ingeschreven bij {opleiding}",
                                 nu)

    def _gebeurtenis(self, deelnemer_id: int, soort: Gebeurtenis.Soort, omschrijving: str, nu) -> Gebeurtenis:
        return Gebeurtenis(deelnemer_id=deelnemer_id, tijdstip=nu, soort=soort,
                           omschrijving=omschrijving[:300], laag=Laag.BASIS, actor=self.gebruiker)

    # -- who left

    def _uitschrijven_wie_ontbreekt(self) -> None:
        """A full export lists every enrolled student: an active one who is missing has left."""
        actief = Deelnemer.objects.filter(instelling=self.instelling, status=Deelnemer.Status.ACTIEF)
        aantal_actief, ontbrekend = 0, []
        rijen = actief.order_by("studentnummer").values_list(
            "id", "studentnummer", "voornaam", "tussenvoegsel", "achternaam")
        for pk, studentnummer, *naam in rijen.iterator(chunk_size=5000):
            aantal_actief += 1
            if studentnummer not in self.gezien:
                ontbrekend.append(pk)
                self.voorbeeld.regel(V.UITGESCHREVEN, None, studentnummer, volledige_naam(*naam), deelnemer_id=pk)
        nu = timezone.now()
        for begin in range(0, len(ontbrekend), BATCH):
            ids = ontbrekend[begin:begin + BATCH]
            Deelnemer.objects.filter(id__in=ids).update(
                status=Deelnemer.Status.UITGESCHREVEN, uitschrijfdatum=self.vandaag, bijgewerkt=nu)
            Gebeurtenis.objects.bulk_create(
                self._gebeurtenis(pk, Gebeurtenis.Soort.UITGESCHREVEN, UITGESCHREVEN, nu) for pk in ids)
        self.resultaat.uitgeschreven = len(ontbrekend)
        if len(ontbrekend) > 10 and len(ontbrekend) > UITSCHRIJF_WAARSCHUWING * aantal_actief:
            self.waarschuwing(None, f"{len(ontbrekend)} van de {aantal_actief} actieve deelnemers staan niet "
                                    f"in het bestand en worden uitgeschreven. Is dit echt een volledig "
                                    f"bestand? Kies anders 'gedeeltelijk bestand'.")


def _veldnaam(attribuut: str) -> str:
    return str(Deelnemer._meta.get_field(attribuut).verbose_name)


def _mentoren() -> dict[str, int | None]:
    """Active users by e-mail address and by username (lower case); None where that is ambiguous."""
    User = get_user_model()
    index: dict[str, int | None] = {}
    for pk, gebruikersnaam, email in User.objects.filter(is_active=True).values_list(
        "id", User.USERNAME_FIELD, "email"
    ):
        for sleutel_ in {(gebruikersnaam or "").casefold(), (email or "").casefold()} - {""}:
            index[sleutel_] = pk if index.get(sleutel_, pk) == pk else None
    return index
