"""An overview as an Excel workbook (openpyxl write-only, so a large overview stays small in memory).

A cover sheet with the filters and the generation time, then one sheet per table: typed cells (numbers as
numbers, dates as dates, suppressed cells as the text "<5"/"x"), a frozen header, an autofilter, column
widths and a native bar chart for a main table. Text that starts with = + - @ (or a tab/CR) is neutralised
with a leading apostrophe, so a name like "=HYPERLINK(…)" stays text (OWASP CSV/formula injection)."""

from __future__ import annotations

import io
import re
from copy import copy
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.styles import Font
from openpyxl.utils import coordinate_to_tuple, get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.utils.units import cm_to_EMU
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import Element, SubElement, fromstring, tostring

GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")
ONGELDIG_BLAD = re.compile(r"[\[\]:*?/\\]")
VET = Font(bold=True)


def neutraliseer(tekst: str) -> str:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    return "'" + tekst if tekst.startswith(GEVAARLIJK) else tekst


def _cel(ws, waarde, vet=False):
    if isinstance(waarde, bool):
        waarde = "ja" if waarde else "nee"
    if isinstance(waarde, datetime):
        waarde = waarde.replace(tzinfo=None)
    if waarde is not None and not isinstance(waarde, int | float | Decimal | date):
        waarde = neutraliseer(str(waarde))
    if not vet and not isinstance(waarde, date):
        return waarde  # a plain value: write-only writes it typed and fast (text is neutralised above)
    cel = WriteOnlyCell(ws, value=waarde)
    if isinstance(waarde, str):
        cel.data_type = "s"  # never a formula, whatever the text
    if isinstance(waarde, date):
        cel.number_format = "dd-mm-yyyy"
    if vet:
        _maak_vet(ws, cel)
    return cel


def _maak_vet(ws, cel):
    """Bold, with the workbook's style worked out once: a new Font and its lookup per cell cost more than the
    cell itself."""
    wb = ws.parent
    stijlen = wb.__dict__.setdefault("_rapportage_vet", {})
    sleutel = cel.number_format
    if sleutel not in stijlen:
        cel.font = VET
        stijlen[sleutel] = copy(cel._style)
    cel._style = copy(stijlen[sleutel])


_GRAFIEK_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns="http://schemas.openxmlformats.org/drawingml/2006/chart"')


def _titel_xml(tekst: str) -> str:
    return (f"<title><tx><rich><a:bodyPr /><a:p><a:pPr><a:defRPr /></a:pPr><a:r><a:t>{escape(tekst)}</a:t></a:r>"
            "</a:p></rich></tx></title>")


class Staafgrafiek(BarChart):
    """A horizontal clustered bar chart of a table's first rows and columns, as openpyxl writes a BarChart with
    titles_from_data — the same XML, written from a template: openpyxl's generic serialisation of a chart cost
    more than all the cells of an overview together."""

    def __init__(self, titel: str, blad: str, kolommen: int, rijen: int):
        # No BarChart.__init__ (axes, series, layout objects): only the template below, the anchor and the
        # size (ChartBase's class defaults, set by werkboek and add_chart) are used.
        self.titel, self.blad, self.kolommen, self.rijen = titel, blad, kolommen, rijen

    def _write(self):
        return fromstring(self.xml())

    def tekening_xml(self) -> str:
        """The sheet's drawing holding this chart, anchored at one cell, as openpyxl writes it."""
        rij, kolom = coordinate_to_tuple(self.anchor.upper())
        return (
            '<wsDr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            'xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"><oneCellAnchor><from>'
            f"<col>{kolom - 1}</col><colOff>0</colOff><row>{rij - 1}</row><rowOff>0</rowOff></from>"
            f'<ext cx="{cm_to_EMU(self.width)}" cy="{cm_to_EMU(self.height)}" /><graphicFrame><nvGraphicFramePr>'
            '<cNvPr id="1" name="Chart 1" /><cNvGraphicFramePr /></nvGraphicFramePr><xfrm /><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rId1" />'
            "</a:graphicData></a:graphic></graphicFrame><clientData /></oneCellAnchor></wsDr>")

    def xml(self) -> str:
        blad = escape(quote_sheetname(self.blad))
        series = []
        for i in range(self.kolommen):
            kolom = get_column_letter(2 + i)
            series.append(
                f'<ser><idx val="{i}" /><order val="{i}" /><tx><strRef><f>{blad}!{kolom}1</f></strRef></tx>'
                '<spPr><a:ln><a:prstDash val="solid" /></a:ln></spPr>'
                f"<cat><numRef><f>{blad}!$A$2:$A${1 + self.rijen}</f></numRef></cat>"
                f"<val><numRef><f>{blad}!${kolom}$2:${kolom}${1 + self.rijen}</f></numRef></val></ser>")
        return (
            f"<chartSpace {_GRAFIEK_NS}><chart>{_titel_xml(self.titel)}<plotArea><barChart><barDir val=\"bar\" />"
            f'<grouping val="clustered" />{"".join(series)}<gapWidth val="150" /><axId val="10" />'
            '<axId val="100" /></barChart><catAx><axId val="10" /><scaling><orientation val="minMax" /></scaling>'
            '<axPos val="l" /><majorTickMark val="none" /><minorTickMark val="none" /><crossAx val="100" />'
            '<lblOffset val="100" /></catAx><valAx><axId val="100" /><scaling><orientation val="minMax" />'
            f'</scaling><axPos val="l" /><majorGridlines />{_titel_xml("aantal")}<majorTickMark val="none" />'
            '<minorTickMark val="none" /><crossAx val="10" /></valAx></plotArea><legend><legendPos val="r" />'
            '</legend><plotVisOnly val="1" /><dispBlanksAs val="gap" /></chart></chartSpace>')


class _Filter(AutoFilter):
    """An autofilter over a range, serialised directly (openpyxl's generic serialisation costs more than a row)."""

    def to_tree(self, tagname=None, idx=None, namespace=None):
        if self.filterColumn or self.sortState:
            return super().to_tree(tagname, idx, namespace)
        return Element("autoFilter", ref=self.ref)


class _Kolombreedtes:
    """A sheet's column widths, written as openpyxl writes them (<cols><col width customWidth min max>), without
    a ColumnDimension object per column: with a dozen sheets those cost more than all the cells."""

    max_outline = None

    def __init__(self, breedtes):
        self.breedtes = breedtes

    def to_tree(self):
        cols = Element("cols")
        for i, breedte in enumerate(self.breedtes, start=1):
            SubElement(cols, "col", width=str(breedte), customWidth="1", min=str(i), max=str(i))
        return cols


class _Bevroren:
    """The sheet view with the header row and label column frozen (freeze_panes "B2"), serialised once: the
    same XML on every sheet."""

    def __init__(self):
        ws = Workbook(write_only=True).create_sheet()
        ws.freeze_panes = "B2"
        self.sheet_view = ws.sheet_view
        self._boom = ws.views.to_tree()

    def to_tree(self):
        return self._boom


@cache
def _bevroren() -> _Bevroren:
    return _Bevroren()


class _Schrijver(ExcelWriter):
    """openpyxl's writer, writing a Staafgrafiek's XML as it is instead of parsing and serialising it again."""

    def _write_drawing(self, drawing):
        """A drawing of one Staafgrafiek (one per sheet here) from a template, else as openpyxl does."""
        if drawing.images or len(drawing.charts) != 1 or not isinstance(drawing.charts[0], Staafgrafiek):
            return super()._write_drawing(drawing)
        self._drawings.append(drawing)
        drawing._id = len(self._drawings)
        grafiek = drawing.charts[0]
        self._charts.append(grafiek)
        grafiek._id = len(self._charts)
        self._archive.writestr(drawing.path[1:], grafiek.tekening_xml())
        self._archive.writestr(
            get_rels_path(drawing.path)[1:],
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            f'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" '
            f'Target="{escape(grafiek.path)}" Id="rId1" /></Relationships>')
        self.manifest.append(drawing)

    def _write_charts(self):
        if len(self._charts) != len(set(self._charts)):
            raise InvalidFileException("The same chart cannot be used in more than one worksheet")
        for chart in self._charts:
            xml = chart.xml().encode() if isinstance(chart, Staafgrafiek) else tostring(chart._write())
            self._archive.writestr(chart.path[1:], xml)
            self.manifest.append(chart)


def _bladnaam(titel: str, gebruikt: set[str]) -> str:
    basis = ONGELDIG_BLAD.sub(" ", titel).strip()[:28] or "Tabel"
    naam, n = basis, 2
    while naam.lower() in gebruikt:
        naam, n = f"{basis[:25]} {n}", n + 1
    gebruikt.add(naam.lower())
    return naam


def werkboek(rapport) -> bytes:
    wb = Workbook(write_only=True)
    voorblad = wb.create_sheet("Voorblad")
    voorblad.column_dimensions = _Kolombreedtes([22, 60])
    voorblad.append([_cel(voorblad, rapport.titel, vet=True)])
    voorblad.append([])
    for label, waarde in rapport.filters:
        voorblad.append([_cel(voorblad, label), _cel(voorblad, waarde)])
    voorblad.append([_cel(voorblad, "Gemaakt op"), _cel(voorblad, rapport.gemaakt.strftime("%d-%m-%Y %H:%M"))])
    voorblad.append([])
    voorblad.append([_cel(voorblad, f"Aantallen onder {rapport.drempel} staan als \"<{rapport.drempel}\"; "
                                    "een \"x\" is verborgen zodat zo'n aantal niet terug te rekenen is.")])
    gebruikt = {"voorblad"}
    bevroren = _bevroren()
    for tabel in rapport.tabellen:
        blad = _bladnaam(tabel.titel, gebruikt)
        ws = wb.create_sheet(blad)
        koppen = [tabel.kop or "", *tabel.alle_kolommen]
        rijen = tabel.alle_rijen
        breedtes = [max([len(str(k)) for k in koppen[:1]] + [len(str(r[0])) for r in rijen] + [10]) + 2]
        breedtes += [max(len(str(k)), 8) + 2 for k in koppen[1:]]
        ws.column_dimensions = _Kolombreedtes([min(b, 60) for b in breedtes])
        ws.views = bevroren
        ws.append([_cel(ws, k, vet=True) for k in koppen])
        for label, vals in rijen:
            ws.append([_cel(ws, label), *(_cel(ws, v) for v in vals)])
        laatste = get_column_letter(len(koppen))
        ws.auto_filter = _Filter(ref=f"A1:{laatste}{len(rijen) + 1}")
        if tabel.hoofd and tabel.grafiek and tabel.rijen and tabel.kolommen:
            grafiek = Staafgrafiek(tabel.titel[:60], blad, len(tabel.kolommen), len(tabel.rijen))
            grafiek.height, grafiek.width = max(7.5, 0.6 * len(tabel.rijen)), 16
            ws.add_chart(grafiek, f"{get_column_letter(len(koppen) + 2)}2")
        if tabel.toelichting:
            ws.append([])
            ws.append([_cel(ws, tabel.toelichting)])
    uit = io.BytesIO()
    _Schrijver(wb, ZipFile(uit, "w", ZIP_DEFLATED, allowZip64=True)).save()  # as Workbook.save, for our charts
    return uit.getvalue()
