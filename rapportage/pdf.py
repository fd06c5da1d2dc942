"""An overview as an A4 PDF (WeasyPrint): the school, period and filters, the generation time, page numbers
(@page CSS), every table with its SVG chart. Only our own static files are fetched (overleg.afdruk's fetcher)."""

from django.conf import settings
from django.template.loader import render_to_string


def document(rapport) -> bytes:
    from weasyprint import HTML  # heavy import: only where a PDF is made

    from overleg.afdruk import _fetcher

    html = render_to_string("rapportage/pdf.html", {"rapport": rapport})
    return HTML(string=html, base_url=settings.SITE_URL, url_fetcher=_fetcher()).write_pdf()
