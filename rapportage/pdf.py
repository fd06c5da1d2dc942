"""An overview as an A4 PDF (WeasyPrint): the school, period and filters, the generation time, page numbers
(@page CSS), every table with its SVG chart. Only our own static files are fetched (overleg.afdruk.pdf_van_html)."""

from django.template.loader import render_to_string

from overleg.afdruk import pdf_van_html

from . import weergave


def document(rapport) -> bytes:
    return pdf_van_html(render_to_string("rapportage/pdf.html", {
        "rapport": rapport, "tabellen": weergave.tabellen_html(rapport)}))
