"""The management overviews at the large-ROC size (issue 11, Benchmark). Prints `name: value unit` lines:
each overview page's server time (manager) as kept (`pagina_rapportage_<naam>`: a second view within the 10
minutes rapportage.maken keeps it) and computed (`pagina_rapportage_<naam>_berekend`: nothing kept), the Zorg
overview as Excel beside writing the same cells with raw
openpyxl write-only in the same run (target: within 1.3×) and its peak memory, the PDF's time and page count
(target: under 6 s and at most 10 pages).

Run through `make bench` (after bench_paginas.py, on the same database; `demo --groot` made once).
"""

import io
import os
import re
import statistics
import subprocess
import time
import tracemalloc

# Importing it points Django at the bench database and sets it up; Django's modules are imported after.
from gemeen import HERHALINGEN, VOORBEREID, mediaan_ms, voorbereiden


def mediaan_berekend_ms(client, url, herhalingen=HERHALINGEN) -> float:
    """The median server time of a GET with nothing kept (the kept overviews dropped before each, untimed)."""
    from django.core.cache import caches

    tijden = []
    for _ in range(herhalingen):
        caches["rapportage"].clear()
        begin = time.perf_counter()
        response = client.get(url)
        tijden.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(tijden)


def _mediaan_s_afwisselend(eerste, tweede, keer=31) -> tuple[float, float]:
    """Both medians, measured in turn, so that load from elsewhere on a shared machine weighs on both alike."""
    tijden = ([], [])
    for _ in range(keer):
        for functie, lijst in zip((eerste, tweede), tijden, strict=True):
            begin = time.perf_counter()
            functie()
            lijst.append(time.perf_counter() - begin)
    return statistics.median(tijden[0]), statistics.median(tijden[1])


def _ruw_openpyxl(rapport) -> bytes:
    """The same cells as rapportage.excel writes (cover sheet, headers, rows, notes), with bare openpyxl
    write-only: no styles, widths, frozen panes, filters or charts. The floor to compare with."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Voorblad")
    ws.append([rapport.titel])
    ws.append([])
    for label, waarde in rapport.filters:
        ws.append([label, waarde])
    ws.append(["Gemaakt op", rapport.gemaakt.strftime("%d-%m-%Y %H:%M")])
    ws.append([])
    ws.append([f"Aantallen onder {rapport.drempel} staan als <{rapport.drempel}"])
    for n, tabel in enumerate(rapport.tabellen):
        ws = wb.create_sheet(f"T{n}")
        ws.append([tabel.kop or "", *tabel.alle_kolommen])
        for label, waarden in tabel.alle_rijen:
            ws.append([label, *waarden])
        if tabel.toelichting:
            ws.append([])
            ws.append([tabel.toelichting])
    uit = io.BytesIO()
    wb.save(uit)
    return uit.getvalue()


def verhoudingen_los(regels: list[str]) -> None:
    """Run on its own: each page's `verhouding_<pagina>: <x> x` to the trivial logged-in page (under run.py,
    which prints them from the same lines after the script, not twice)."""
    if not os.environ.get(VOORBEREID):
        from run import verhoudingen

        print("\n".join(verhoudingen(regels)), flush=True)


def main():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from privacy import policy
    from rapportage import excel, exporters, maken, pdf
    from rapportage.forms import FilterFormulier

    voorbereiden()
    manager = get_user_model().objects.get(username="manager")
    client = Client()
    client.force_login(manager)
    triviaal = mediaan_ms(client, "/")
    regels = [f"pagina_triviaal_ingelogd_rapportagerun: {triviaal:.1f} ms"]
    for e in exporters.alle():
        if policy.rapport_bereik(manager, e):
            url = f"/rapportage/{e.naam}/"
            regels.append(f"pagina_rapportage_{e.naam}_berekend: {mediaan_berekend_ms(client, url):.1f} ms")
            regels.append(f"pagina_rapportage_{e.naam}: {mediaan_ms(client, url):.1f} ms")
    print("\n".join(regels), flush=True)
    verhoudingen_los(regels)

    zorg = exporters.zoek("zorg")
    form = FilterFormulier(None, bereik=policy.rapport_bereik(manager, zorg), gebruiker=manager)
    rapport = maken.maak(zorg, form.filter(), grafieken=False)
    eigen, ruw = _mediaan_s_afwisselend(lambda: excel.werkboek(rapport), lambda: _ruw_openpyxl(rapport))
    print(f"zorg_excel_schrijven: {eigen * 1000:.1f} ms")
    print(f"zorg_excel_ruw_openpyxl: {ruw * 1000:.1f} ms")
    print(f"verhouding_zorg_excel_tot_ruw_openpyxl: {eigen / ruw:.2f} x")
    tracemalloc.start()
    excel.werkboek(maken.maak(zorg, form.filter(), grafieken=False))
    piek = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"zorg_excel_piekgeheugen: {piek / 2**20:.1f} MiB")

    begin = time.perf_counter()
    document = pdf.document(maken.maak(zorg, form.filter()))
    print(f"zorg_pdf: {time.perf_counter() - begin:.2f} s")
    info = subprocess.run(["pdfinfo", "-"], input=document, capture_output=True, check=True).stdout.decode()
    paginas = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    print(f"zorg_pdf_paginas: {paginas} aantal")


if __name__ == "__main__":
    main()
