"""An overview as an Excel workbook (openpyxl write-only, so a large overview stays small in memory).

A cover sheet with the filters and the generation time, then one sheet per table: typed cells (numbers as
numbers, dates as dates, suppressed cells as the text "<5"/"x"), a frozen header, an autofilter, column
widths and a native bar chart for a main table. Text that starts with = + - @ (or a tab/CR) is neutralised
with a leading apostrophe, so a name like "=HYPERLINK(…)" stays text (OWASP CSV/formula injection)."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")
ONGELDIG_BLAD = re.compile(r"[\[\]:*?/\\]")


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
        cel.font = Font(bold=True)
    return cel


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
    voorblad.column_dimensions["A"].width = 22
    voorblad.column_dimensions["B"].width = 60
    voorblad.append([_cel(voorblad, rapport.titel, vet=True)])
    voorblad.append([])
    for label, waarde in rapport.filters:
        voorblad.append([_cel(voorblad, label), _cel(voorblad, waarde)])
    voorblad.append([_cel(voorblad, "Gemaakt op"), _cel(voorblad, rapport.gemaakt.strftime("%d-%m-%Y %H:%M"))])
    voorblad.append([])
    voorblad.append([_cel(voorblad, f"Aantallen onder {rapport.drempel} staan als \"<{rapport.drempel}\"; "
                                    "een \"x\" is verborgen zodat zo'n aantal niet terug te rekenen is.")])
    gebruikt = {"voorblad"}
    for tabel in rapport.tabellen:
        ws = wb.create_sheet(_bladnaam(tabel.titel, gebruikt))
        koppen = [tabel.kop or "", *tabel.alle_kolommen]
        rijen = tabel.alle_rijen
        breedtes = [max([len(str(k)) for k in koppen[:1]] + [len(str(r[0])) for r in rijen] + [10]) + 2]
        breedtes += [max(len(str(k)), 8) + 2 for k in koppen[1:]]
        for i, b in enumerate(breedtes, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(b, 60)
        ws.freeze_panes = "B2"
        ws.append([_cel(ws, k, vet=True) for k in koppen])
        for label, vals in rijen:
            ws.append([_cel(ws, label), *(_cel(ws, v) for v in vals)])
        laatste = get_column_letter(len(koppen))
        ws.auto_filter.ref = f"A1:{laatste}{len(rijen) + 1}"
        if tabel.hoofd and tabel.grafiek and tabel.rijen and tabel.kolommen:
            grafiek = BarChart()
            grafiek.type = "bar"
            grafiek.title = tabel.titel[:60]
            grafiek.y_axis.title = "aantal"
            data = Reference(ws, min_col=2, max_col=1 + len(tabel.kolommen), min_row=1, max_row=1 + len(tabel.rijen))
            labels = Reference(ws, min_col=1, min_row=2, max_row=1 + len(tabel.rijen))
            grafiek.add_data(data, titles_from_data=True)
            grafiek.set_categories(labels)
            grafiek.height, grafiek.width = max(7.5, 0.6 * len(tabel.rijen)), 16
            ws.add_chart(grafiek, f"{get_column_letter(len(koppen) + 2)}2")
        if tabel.toelichting:
            ws.append([])
            ws.append([_cel(ws, tabel.toelichting)])
    uit = io.BytesIO()
    wb.save(uit)
    return uit.getvalue()
